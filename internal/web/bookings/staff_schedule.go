package bookings

import (
	"net/http"
	"strconv"
	"time"

	"github.com/kirjasto/kirjasto/internal/library"
	"github.com/kirjasto/kirjasto/internal/web"
)

// A branch's day across its resources (/admin/bookings?branch=&date=): a
// table of times by resources, each booking in the cells it takes, and
// below it the day's bookings with what staff may do to each.
// ActBookings at the branch.

// cell is one resource at one time of the table.
type cell struct {
	Booking *bookingRow // the booking in it, if any
	Starts  bool        // the booking starts here (else it continues)
	Open    bool        // the resource may be booked then
	BookURL string      // a desk booking of a free time
}

// timeRow is a row of the table: a time and its cells, resource by
// resource.
type timeRow struct {
	Time  string
	Cells []cell
}

// bookingRow is a booking as the schedule and the queue show it.
type bookingRow struct {
	ID       int64
	URL      string
	When     string
	Resource web.LangText
	Booker   string
	Guest    bool
	Block    bool
	Reason   string
	Status   string
	StatusID string
	Flagged  bool
	Note     string
	// CheckIn and NoShow say which actions the booking takes now.
	CheckIn, NoShow bool
}

// schedulePage is the data of the day schedule.
type schedulePage struct {
	Branches  []branchChoice
	Branch    library.Branch
	Name      web.LangText
	Date      string
	DateText  string
	Prev      string
	Next      string
	Resources []web.LangText
	Rows      []timeRow
	Bookings  []bookingRow
	Done      string
	BlockURL  string
	DeskURL   string
	Pending   int
}

func (s *server) serveSchedule(w http.ResponseWriter, r *http.Request, st library.Staff) error {
	b, choices, err := s.pickBranch(r, st, library.ActBookings)
	if err != nil {
		return err
	}
	now := s.Now()
	day := library.LocalDate(now)
	if v := r.FormValue("date"); v != "" {
		if day, err = library.ParseDate(v); err != nil {
			return &library.Error{Code: library.EINVALID, Key: "error.invalid", Message: "date " + v}
		}
	}
	bk, err := s.bookings()
	if err != nil {
		return err
	}
	sch, err := bk.DaySchedule(r.Context(), b.ID, day)
	if err != nil {
		return err
	}
	pending, err := bk.PendingBookings(r.Context(), library.BranchScope(b.LibraryID, b.ID))
	if err != nil {
		return err
	}
	lang := s.Lang(r)
	p := &schedulePage{Branches: choices, Branch: b, Name: web.TextIn(b.Name, lang), Date: day.String(),
		DateText: s.FormatDate(lang, day), Prev: scheduleURL(b.ID, day.AddDays(-1)), Next: scheduleURL(b.ID, day.AddDays(1)),
		Done: s.doneText(r), Pending: len(pending),
		BlockURL: "/admin/bookings/blocks/new?branch=" + b.ID + "&date=" + day.String(),
		DeskURL:  "/admin/bookings/new?branch=" + b.ID + "&date=" + day.String()}
	for _, d := range sch.Bookings {
		p.Bookings = append(p.Bookings, s.bookingRow(r, d, now))
	}
	for _, res := range sch.Resources {
		p.Resources = append(p.Resources, web.TextIn(res.Name, lang))
	}
	p.Rows = s.grid(sch, p.Bookings, now)
	web.NoStore(w)
	s.Render(w, r, http.StatusOK, "bookings_admin_schedule", s.Tr(r, "bookings_staff.schedule.title"), p)
	return nil
}

// grid lays the day out in rows of a step that fits every resource's
// slots, from the first opening (or booking) to the last closing.
func (s *server) grid(sch library.Schedule, rows []bookingRow, now time.Time) []timeRow {
	step := 30 * time.Minute
	var from, to time.Time
	widen := func(i library.Interval) {
		if from.IsZero() || i.Start.Before(from) {
			from = i.Start
		}
		if to.IsZero() || i.End.After(to) {
			to = i.End
		}
	}
	for _, res := range sch.Resources {
		if res.SlotMinutes%30 != 0 {
			step = 15 * time.Minute
		}
		for _, w := range sch.Windows[res.ID] {
			widen(w)
		}
	}
	dayStart, dayEnd := sch.Date.In(library.Helsinki, 0), sch.Date.AddDays(1).In(library.Helsinki, 0)
	for _, d := range sch.Bookings {
		widen(library.Interval{Start: maxTime(d.Start, dayStart), End: minTime(d.End, dayEnd)})
	}
	if from.IsZero() {
		return nil
	}
	// Rows start on the step's clock times, whatever the first opening.
	from = from.Add(-time.Duration(from.In(library.Helsinki).Minute()%int(step.Minutes())) * time.Minute).Truncate(time.Minute)
	var out []timeRow
	for t := from; t.Before(to); t = t.Add(step) {
		row := timeRow{Time: local(t, "15:04")}
		slot := library.Interval{Start: t, End: t.Add(step)}
		for _, res := range sch.Resources {
			c := cell{}
			onGrid := false // a booking of res may start here
			for _, win := range sch.Windows[res.ID] {
				if !slot.Start.Before(win.Start) && !slot.End.After(win.End) {
					c.Open = true
					onGrid = slot.Start.Sub(win.Start)%res.Slot() == 0
				}
			}
			for i, d := range sch.Bookings {
				if d.ResourceID == res.ID && library.Holds(d.Status) && d.Interval().Overlaps(slot, 0) {
					c.Booking = &rows[i]
					c.Starts = !d.Start.Before(slot.Start) || slot.Start.Equal(from)
				}
			}
			if c.Booking == nil && onGrid && res.Active() && slot.Start.After(now) {
				c.BookURL = "/admin/bookings/new?resource=" + strconv.FormatInt(res.ID, 10) +
					"&date=" + sch.Date.String() + "&start=" + local(t, "15:04")
			}
			row.Cells = append(row.Cells, c)
		}
		out = append(out, row)
	}
	return out
}

func maxTime(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}

func minTime(a, b time.Time) time.Time {
	if a.Before(b) {
		return a
	}
	return b
}

// bookingRow describes a booking for staff.
func (s *server) bookingRow(r *http.Request, d library.BookingDetail, now time.Time) bookingRow {
	lang := s.Lang(r)
	row := bookingRow{ID: d.ID, URL: "/admin/bookings/" + strconv.FormatInt(d.ID, 10),
		When:     s.FormatDate(lang, library.LocalDate(d.Start)) + " " + local(d.Start, "15:04") + "–" + local(d.End, "15:04"),
		Resource: web.TextIn(d.Resource.Name, lang), Booker: d.BookerName, Guest: d.IsGuest(), Block: d.Block,
		Reason: d.Reason, Status: s.Tr(r, "booking.status."+d.Status), StatusID: d.Status,
		Flagged: d.Flag == library.FlagOutsideHours, Note: d.Message}
	if d.Status == library.BookingConfirmed && !d.Block {
		row.CheckIn = !now.Before(d.Start.Add(-library.CheckInEarly)) && now.Before(d.End)
		row.NoShow = !now.Before(d.Start)
	}
	return row
}

// requestsPage is the data of the queue of requests.
type requestsPage struct {
	Rows []bookingRow
	Done string
}

// serveRequests lists the requests awaiting approval within the staff
// member's reach, soonest first.
func (s *server) serveRequests(w http.ResponseWriter, r *http.Request, st library.Staff) error {
	reach := st.Reach()
	if err := library.Permit(st, library.ActBookings, reach); err != nil {
		return err
	}
	bk, err := s.bookings()
	if err != nil {
		return err
	}
	ds, err := bk.PendingBookings(r.Context(), reach)
	if err != nil {
		return err
	}
	p := &requestsPage{Done: s.doneText(r)}
	now := s.Now()
	for _, d := range ds {
		if library.Permit(st, library.ActBookings, library.BranchScope(d.Resource.LibraryID, d.Resource.BranchID)) == nil {
			p.Rows = append(p.Rows, s.bookingRow(r, d, now))
		}
	}
	web.NoStore(w)
	s.Render(w, r, http.StatusOK, "bookings_admin_requests", s.Tr(r, "bookings_staff.requests.title"), p)
	return nil
}
