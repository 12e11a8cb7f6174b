package admin

import (
	"net/http"

	"github.com/kirjasto/kirjasto/internal/library"
	"github.com/kirjasto/kirjasto/internal/web"
)

// A change of hours with the bookings it would leave outside them: when
// the store keeps bookings, saving new weekly hours or an exception first
// lists the bookings to come that the new hours leave out, and saves only
// once staff have said whether to cancel them or keep them (each booker
// is told either way, ApplyHoursChange). A change that leaves none out is
// saved at once.

// affectedRow is a booking a change of hours would leave outside them.
type affectedRow struct {
	When     string
	Resource web.LangText
	Booker   string
	Status   string
}

// hoursResult is what changeHours did: saved, or only listed the
// bookings that staff must settle first.
type hoursResult struct {
	handled  bool // false when the store keeps no bookings: save as before
	affected []affectedRow
	saved    library.HoursChangeResult
}

// changeHours saves ch through the store's bookings, or returns the
// bookings it would leave out when the form has not yet said how to
// settle them.
func (s *server) changeHours(r *http.Request, st library.Staff, ch library.HoursChange) (hoursResult, error) {
	bk, ok := s.Store().(library.Bookings)
	if !ok {
		return hoursResult{}, nil
	}
	ctx, now := r.Context(), s.Now()
	settle := r.PostFormValue("settle")
	if settle == "" {
		ds, err := bk.BookingsAffectedByHours(ctx, ch, now)
		if err != nil {
			return hoursResult{handled: true}, err
		}
		if len(ds) > 0 {
			return hoursResult{handled: true, affected: s.affectedRows(r, ds)}, nil
		}
		// None is left out now; one made meanwhile is kept and its booker
		// told, never cancelled unseen.
		settle = library.SettleFlag
	}
	res, err := bk.ApplyHoursChange(ctx, ch, settle, st, now)
	return hoursResult{handled: true, saved: res}, err
}

func (s *server) affectedRows(r *http.Request, ds []library.BookingDetail) []affectedRow {
	lang := s.Lang(r)
	var out []affectedRow
	for _, d := range ds {
		start, end := d.Start.In(library.Helsinki), d.End.In(library.Helsinki)
		out = append(out, affectedRow{When: s.FormatDate(lang, library.DateOf(start)) + " " + start.Format("15:04") + "–" + end.Format("15:04"),
			Resource: web.TextIn(d.Resource.Name, lang), Booker: d.BookerName, Status: s.Tr(r, "booking.status."+d.Status)})
	}
	return out
}
