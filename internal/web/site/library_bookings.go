package site

import (
	"context"
	"strconv"
	"time"

	"github.com/kirjasto/kirjasto/internal/library"
	"github.com/kirjasto/kirjasto/internal/web"
)

// bookable is a resource on its branch's page: what it is and when it is
// next free, linking to its page in the bookings' area.
type bookable struct {
	URL  string
	Name web.LangText
	Kind string
	Next string // "Tue 24 Nov 2026 10:00–11:00"; "" when nothing is free
}

// bookable returns the branch's bookable resources with when each is next
// free, or none when the store keeps no bookings.
func (s *server) bookable(ctx context.Context, lang, branchID string) ([]bookable, error) {
	bs, ok := s.Store().(library.Bookings)
	if !ok {
		return nil, nil
	}
	nf, err := bs.NextFreeTimes(ctx, branchID, s.Now())
	if err != nil {
		return nil, err
	}
	var out []bookable
	for _, n := range nf {
		b := bookable{
			URL:  "/bookings/resources/" + strconv.FormatInt(n.Resource.ID, 10),
			Name: web.TextIn(n.Resource.Name, lang),
			Kind: s.I18n().T(lang, "resource.kind."+n.Resource.Kind, nil),
		}
		if n.Found {
			b.Next = s.FormatTime(lang, n.Slot.Start) + " " + s.I18n().T(lang, "format.range", map[string]any{
				"From": s.FormatClock(lang, clock(n.Slot.Start)), "To": s.FormatClock(lang, clock(n.Slot.End)),
			})
		}
		out = append(out, b)
	}
	return out, nil
}

// clock returns the Helsinki clock time of an instant.
func clock(t time.Time) library.Clock {
	h := t.In(library.Helsinki)
	return library.NewClock(h.Hour(), h.Minute())
}
