package web

import (
	"context"
	"net/url"
	"strconv"

	"github.com/kirjasto/kirjasto/internal/library"
)

// Events shown outside the calendar's own pages (the home page, a
// branch's page, the search results) as cards: the "event-cards"
// partial (templates/partials.html) draws what EventCards makes. The
// calendar itself is package events'.

// EventCard is an event in a list of cards.
type EventCard struct {
	URL       string
	Title     LangText
	When      string
	Place     LangText
	Free      bool
	Full      bool // no place left, and no waiting list
	Cancelled bool
	Image     string // the thumbnail's URL, or ""
}

// EventCards makes cards of events in lang.
func (s *Server) EventCards(ctx context.Context, lang string, events []library.Event) ([]EventCard, error) {
	if len(events) == 0 {
		return nil, nil
	}
	branches, err := s.BranchTexts(ctx, lang)
	if err != nil {
		return nil, err
	}
	cards := make([]EventCard, 0, len(events))
	for _, e := range events {
		id := strconv.FormatInt(e.ID, 10)
		c := EventCard{URL: "/events/" + id, Title: TextIn(e.Title, lang), When: s.EventWhen(lang, e),
			Place: EventPlace(e, branches), Free: e.PriceCents == 0, Cancelled: e.Cancelled(),
			Full: e.Registration && e.Capacity > 0 && e.Taken >= e.Capacity && !e.WaitingList}
		if e.Image != "" {
			c.Image = EventImageURL(e.ID, e.Image, library.PhotoThumb)
		}
		cards = append(cards, c)
	}
	return cards, nil
}

// EventImageURL is the address of an event's image of hash in one size
// (library.PhotoFull or PhotoThumb): a new image is a new address.
func EventImageURL(id int64, hash, variant string) string {
	v := url.Values{"v": {hash}}
	if variant == library.PhotoThumb {
		v.Set("size", "thumb")
	}
	return "/event-images/" + strconv.FormatInt(id, 10) + "?" + v.Encode()
}

// EventWhen writes an event's date and times in Helsinki.
func (s *Server) EventWhen(lang string, e library.Event) string {
	start, end := e.Start.In(library.Helsinki), e.End.In(library.Helsinki)
	out := s.FormatTime(lang, start) + " " + start.Format("15:04") + "–"
	if library.LocalDate(start) != library.LocalDate(end) {
		out += s.FormatTime(lang, end) + " "
	}
	return out + end.Format("15:04")
}

// EventPlace is an event's branch (named from branches, BranchTexts'
// map) and room, or its outside address.
func EventPlace(e library.Event, branches map[string]LangText) LangText {
	if e.Branch == "" {
		return LangText{Text: e.Venue.String()}
	}
	p := branches[e.Branch]
	if p.Text == "" {
		p.Text = e.Branch
	}
	if e.Room != "" {
		p.Text += ", " + e.Room
	}
	return p
}
