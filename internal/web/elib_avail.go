package web

import (
	"context"
	"strconv"
	"time"

	"github.com/kirjasto/kirjasto/internal/library"
)

// EAvailabilities returns the e-availability of the e-titles among recs
// (those with licences), read in one query however many there are, so
// that a page of results costs one; an empty map when the store lends
// no e-content.
func (s *Server) EAvailabilities(ctx context.Context, recs []library.Record) (map[int64]library.EAvailability, error) {
	el, ok := s.Store().(library.ELibrary)
	if !ok {
		return map[int64]library.EAvailability{}, nil
	}
	var ids []int64
	for _, r := range recs {
		if r.Material.Electronic() {
			ids = append(ids, r.ID)
		}
	}
	if len(ids) == 0 {
		return map[int64]library.EAvailability{}, nil
	}
	return el.EAvailability(ctx, ids, s.Now())
}

// EAvailabilitySummary is Availability for an e-title with licences:
// online when it can be had now, its availability in words
// (EAvailabilityText) in place of shelves, and the page to borrow,
// reserve or download it.
func (s *Server) EAvailabilitySummary(lang string, recordID int64, a library.EAvailability) Availability {
	return Availability{Online: a.OnlineNow(), Text: s.EAvailabilityText(lang, a, s.Now()),
		ELib: "/elib/" + strconv.FormatInt(recordID, 10)}
}

// EAvailabilityText says an e-title's availability in words, in lang:
// open access, free for anyone, "Licences free: 2 of 5", none to lend,
// or the queue (or that nobody is in it) and when a place is expected. The record's page shows it; the
// e-lending area's page says the same with its buttons.
func (s *Server) EAvailabilityText(lang string, a library.EAvailability, now time.Time) string {
	t := func(id string, args ...any) string {
		m := map[string]any{}
		for i := 0; i+1 < len(args); i += 2 {
			m[args[i].(string)] = args[i+1]
		}
		return s.i18n.T(lang, id, m)
	}
	switch {
	case a.Open && a.Total == 0 && !a.Unlimited:
		return t("elib_web.avail.open")
	case a.Unlimited:
		return t("elib_web.avail.unlimited")
	case a.Free > 0:
		return t("elib_web.avail.free", "Free", a.Free, "Total", a.Total)
	case a.Total == 0:
		// Every licence expired, was used up or withdrawn: no queue
		// would ever move.
		return t("elib_web.avail.no_licence")
	}
	text := t("elib_web.avail.none_first")
	if a.Waiting > 0 {
		text = t("elib_web.avail.none", "Waiting", a.Waiting)
	}
	if a.EstimatedWait > 0 {
		text += " " + t("elib_web.avail.around", "Date", s.FormatTime(lang, now.Add(a.EstimatedWait)))
	}
	return text
}
