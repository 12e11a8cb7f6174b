package events

import (
	"context"
	"fmt"
	"html/template"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/kirjasto/kirjasto/internal/library"
	"github.com/kirjasto/kirjasto/internal/markdown"
	"github.com/kirjasto/kirjasto/internal/web"
)

// eventView is an event as the residents' pages and the API show it, in
// the reader's language: each text in it when it has one, else in
// Finnish (or the first language it has), marked with the language it is
// in.
type eventView struct {
	ID    int64        `json:"id"`
	URL   string       `json:"url"`
	Title web.LangText `json:"title"`
	// Lang is the language the texts are shown in; TextLanguages are
	// those they are written in.
	Lang            string        `json:"lang"`
	TextLanguages   []string      `json:"text_languages"`
	Summary         web.LangText  `json:"summary"`
	DescriptionHTML template.HTML `json:"description_html,omitempty"` // only an event's own answer has it
	Start           time.Time     `json:"start"`
	End             time.Time     `json:"end"`
	Library         string        `json:"library"`
	LibraryName     web.LangText  `json:"library_name"`
	Branch          string        `json:"branch"` // "" at an outside venue
	BranchName      web.LangText  `json:"branch_name"`
	Room            string        `json:"room"`
	Venue           string        `json:"venue"` // the outside address on one line, or ""
	// Address is where the event is, for a map: the venue's or the
	// branch's street address.
	Address        string       `json:"address"`
	MapURL         string       `json:"map_url"`
	Image          string       `json:"image,omitempty"` // its address, or ""; decorative beside the title
	Audiences      []codeName   `json:"audiences"`
	Category       codeName     `json:"category"`
	EventLanguages []string     `json:"event_languages"`
	Accessibility  web.LangText `json:"accessibility"`
	PriceCents     int          `json:"price_cents"`
	PriceNote      web.LangText `json:"price_note"`
	Registration   bool         `json:"registration"`
	Capacity       int          `json:"capacity"`    // 0: no limit
	PlacesLeft     int          `json:"places_left"` // -1: no limit or no sign-up
	WaitingList    bool         `json:"waiting_list"`
	Waiting        int          `json:"waiting"` // places waiting
	MaxPlaces      int          `json:"max_places"`
	SignupOpens    *time.Time   `json:"signup_opens,omitempty"`
	// State is where sign-up stands: one of the state* codes.
	State        string       `json:"state"`
	Cancelled    bool         `json:"cancelled"`
	CancelReason web.LangText `json:"cancel_reason"`
	SeriesID     int64        `json:"series_id"`

	// For the pages only.
	Day, Time string `json:"-"` // the Helsinki date and times, written in the reader's language
	Place     string `json:"-"` // the branch and room, or the venue, on one line
	BranchURL string `json:"-"`
	Price     string `json:"-"` // "Free" or "5,00 €"
	StateText string `json:"-"`
	Note      string `json:"-"` // says the title or the description is in another language
	// DescriptionLang is the language the description is shown in.
	DescriptionLang string `json:"-"`
	LangNames       string `json:"-"` // the event's languages, named
	EventLD         any    `json:"-"`
	CalendarURL     string `json:"-"`
}

// codeName is a code with its name in the reader's language.
type codeName struct {
	Code string `json:"code"`
	Name string `json:"name"`
}

// Sign-up states of an event (eventView.State).
const (
	stateNone      = "none"      // no sign-up: just come
	stateOpen      = "open"      // places left, or no limit
	stateWaiting   = "waiting"   // full; sign-ups go to the waiting list
	stateFull      = "full"      // full, no waiting list
	stateNotOpen   = "not_open"  // sign-up opens later
	stateStarted   = "started"   // the event has started: sign-up is over
	stateCancelled = "cancelled" // cancelled by the library
)

// signupState says where sign-up for e stands at now.
func signupState(e library.Event, now time.Time) string {
	switch {
	case e.Cancelled():
		return stateCancelled
	case !e.Registration:
		return stateNone
	case !now.Before(e.Start):
		return stateStarted
	case now.Before(e.SignupOpens):
		return stateNotOpen
	case e.Full() && e.WaitingList:
		return stateWaiting
	case e.Full():
		return stateFull
	}
	return stateOpen
}

// summaryLen is how much of a description stands for its summary.
const summaryLen = 200

// view describes e in lang; full adds the rendered description and the
// page's structured data.
func (s *server) view(ctx context.Context, e library.Event, lang string, full bool) (eventView, error) {
	libs, branches, err := s.Consortium(ctx)
	if err != nil {
		return eventView{}, err
	}
	_, in := e.Title.Lookup(lang)
	now := s.Now()
	v := eventView{
		ID: e.ID, URL: eventURL(e.ID), Title: web.TextIn(e.Title, lang), Lang: in, TextLanguages: textLanguages(e.Title),
		Start: e.Start.UTC(), End: e.End.UTC(), Library: e.Library, Branch: e.Branch, Room: e.Room,
		EventLanguages: append([]string{}, e.Languages...), Accessibility: web.TextIn(e.Accessibility, lang),
		PriceCents: e.PriceCents, PriceNote: web.TextIn(e.PriceNote, lang), Registration: e.Registration,
		Capacity: e.Capacity, PlacesLeft: e.PlacesLeft(), WaitingList: e.WaitingList, Waiting: e.WaitingPlaces,
		MaxPlaces: max(e.MaxPlaces, 1), State: signupState(e, now), Cancelled: e.Cancelled(),
		CancelReason: web.TextIn(e.CancelReason, lang), SeriesID: e.SeriesID,
		Category:  codeName{e.Category, s.I18n().T(lang, "events_staff.category."+e.Category, nil)},
		Audiences: []codeName{}, Day: s.FormatTime(lang, e.Start), Time: s.timeRange(lang, e),
		CalendarURL: eventURL(e.ID) + ".ics",
	}
	desc, descIn := e.Description.Lookup(lang)
	v.DescriptionLang = descIn
	switch {
	case in != lang && in != "":
		v.Note = s.I18n().T(lang, "content.missing."+in, nil)
	case descIn != lang && descIn != "":
		v.Note = s.I18n().T(lang, "content.missing."+descIn, nil)
	}
	v.Summary = web.LangText{Text: clip(markdown.Text(desc), summaryLen), Lang: descIn}
	if full {
		v.DescriptionHTML = markdown.Render(desc)
	}
	if !e.SignupOpens.IsZero() && e.Registration {
		t := e.SignupOpens.UTC()
		v.SignupOpens = &t
	}
	for _, a := range e.Audiences {
		v.Audiences = append(v.Audiences, codeName{a, s.I18n().T(lang, "events_staff.audience."+a, nil)})
	}
	for _, l := range libs {
		if l.ID == e.Library {
			v.LibraryName = web.TextIn(l.Name, lang)
		}
	}
	var city, street, postal string
	for _, b := range branches {
		if b.ID == e.Branch {
			v.BranchName = web.TextIn(b.Name, lang)
			v.BranchURL = "/libraries/" + b.ID
			city, street, postal = b.Address.City.Get(lang), b.Address.Street, b.Address.PostalCode
			v.Address = joinNonEmpty(", ", b.Address.Street, joinNonEmpty(" ", b.Address.PostalCode, b.Address.City.Get("fi")))
		}
	}
	v.Place = joinNonEmpty(", ", v.BranchName.Text, e.Room)
	if !e.Venue.IsZero() {
		v.Venue = e.Venue.String()
		v.Address = joinNonEmpty(", ", e.Venue.Street, joinNonEmpty(" ", e.Venue.PostalCode, e.Venue.City))
		if v.Address == "" {
			v.Address = e.Venue.Name
		}
		v.Place, city, street, postal = v.Venue, e.Venue.City, e.Venue.Street, e.Venue.PostalCode
	}
	if v.Address != "" {
		v.MapURL = "https://www.openstreetmap.org/search?query=" + strings.ReplaceAll(url.QueryEscape(v.Address), "+", "%20")
	}
	if e.Image != "" {
		v.Image = web.EventImageURL(e.ID, e.Image, library.PhotoFull)
	}
	v.Price = s.price(lang, e.PriceCents)
	v.StateText = s.stateLine(lang, e, v.State)
	var names []string
	for _, l := range e.Languages {
		names = append(names, s.languageName(lang, l))
	}
	v.LangNames = joinNonEmpty(", ", names...)
	if full {
		v.EventLD = eventLD(e, v, library.Venue{Street: street, PostalCode: postal, City: city})
	}
	return v, nil
}

// eventURL is the public address of an event's page.
func eventURL(id int64) string { return "/events/" + strconv.FormatInt(id, 10) }

// textLanguages are the languages a text is written in, in the site's
// order.
func textLanguages(t library.Text) []string {
	out := []string{}
	for _, l := range library.Languages {
		if t[l] != "" {
			out = append(out, l)
		}
	}
	return out
}

// timeRange writes an event's Helsinki times: "10.00–10.45", or with
// the dates when it ends on another day.
func (s *server) timeRange(lang string, e library.Event) string {
	from, to := s.FormatClock(lang, library.LocalClock(e.Start)), s.FormatClock(lang, library.LocalClock(e.End))
	if library.LocalDate(e.Start) != library.LocalDate(e.End) {
		from, to = s.FormatTime(lang, e.Start)+" "+from, s.FormatTime(lang, e.End)+" "+to
	}
	return s.I18n().T(lang, "format.range", map[string]any{"From": from, "To": to})
}

// price writes a price in euros, or says the event is free.
func (s *server) price(lang string, cents int) string {
	if cents == 0 {
		return s.I18n().T(lang, "events_public.free", nil)
	}
	return s.I18n().T(lang, "events_public.price", map[string]any{"Euros": cents / 100, "Cents": fmt.Sprintf("%02d", cents%100)})
}

// stateLine words where sign-up stands.
func (s *server) stateLine(lang string, e library.Event, state string) string {
	t := s.I18n()
	switch state {
	case stateOpen:
		if left := e.PlacesLeft(); left >= 0 {
			return t.N(lang, "events_public.state.places_left", left, map[string]any{"Count": left})
		}
		return t.T(lang, "events_public.state.open", nil)
	case stateNotOpen:
		at := e.SignupOpens.In(library.Helsinki)
		return t.T(lang, "events_public.state.not_open", map[string]any{"Date": s.FormatTime(lang, at),
			"Time": s.FormatClock(lang, library.LocalClock(at))})
	}
	return t.T(lang, "events_public.state."+state, nil)
}

// languageName names a language code in lang: the site's languages by
// the catalogues, others as their code.
func (s *server) languageName(lang, code string) string {
	if s.I18n().Has(lang, "events_public.language."+code) {
		return s.I18n().T(lang, "events_public.language."+code, nil)
	}
	return code
}

func joinNonEmpty(sep string, parts ...string) string {
	out := ""
	for _, p := range parts {
		if p == "" {
			continue
		}
		if out != "" {
			out += sep
		}
		out += p
	}
	return out
}

// clip shortens s to at most n characters, at a word, with an ellipsis.
func clip(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	r = r[:n]
	for i := len(r) - 1; i > n/2; i-- {
		if r[i] == ' ' {
			r = r[:i]
			break
		}
	}
	return string(r) + "…"
}
