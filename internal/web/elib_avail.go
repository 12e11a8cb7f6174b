package web

import (
	"time"

	"github.com/kirjasto/kirjasto/internal/library"
)

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
