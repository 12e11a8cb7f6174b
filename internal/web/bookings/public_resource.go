package bookings

import (
	"net/http"
	"net/url"
	"slices"
	"strconv"

	"github.com/kirjasto/kirjasto/internal/library"
	"github.com/kirjasto/kirjasto/internal/web"
)

// A resource's page (/bookings/resources/{id}): what it is, its rules, and
// its free times for a day or a week (?view=week&date=2026-11-24), moved
// by plain links. The times are shown twice: as a grid of the day's or the
// week's slots, an overview for sighted users on wide screens, and as a
// plain list of the free times with a button each, which is what screen
// readers, keyboards and phones use (the grid is hidden on narrow
// screens; style.css).

// dayFree is one day of the plain list of free times.
type dayFree struct {
	Date, DateText string
	Note           web.LangText
	Closed         bool
	Free           []slotView
}

// gridRow is one clock time of the grid: its slot on each day shown.
type gridRow struct {
	Clock string
	Cells []gridCell
}

// gridCell is one slot of the grid; State "" when the day has no slot at
// that time.
type gridCell struct {
	State, StateName, BookURL, Label string
}

// navLink is a link of the date navigation.
type navLink struct {
	URL, Text string
	Current   bool
}

// navKeys are the messages of the links to the days before and after.
var navKeys = map[string][2]string{
	"day":  {"bookings_public.nav.prev_day", "bookings_public.nav.next_day"},
	"week": {"bookings_public.nav.prev_week", "bookings_public.nav.next_week"},
}

// resourcePage is the data of a resource's page.
type resourcePage struct {
	Resource   resourceView
	Next       *slotView
	View       string // "day" or "week"
	Title      string // of the days shown: a date or a week's range
	Prev, Here navLink
	NextDays   navLink
	Views      []navLink
	Days       []dayFree
	GridDays   []string // the grid's column heads
	Grid       []gridRow
	SignedIn   bool
}

func (s *server) serveResource(w http.ResponseWriter, r *http.Request) error {
	ctx, lang := r.Context(), s.Lang(r)
	res, err := s.publicResource(ctx, r.PathValue("id"))
	if err != nil {
		return err
	}
	q := r.URL.Query()
	view := q.Get("view")
	if view == "" {
		view = "day"
	}
	if view != "day" && view != "week" {
		return web.Invalid("error.invalid", "view %q", view)
	}
	now := s.Now()
	today := library.DateOf(now.In(library.Helsinki))
	date := today
	if d := q.Get("date"); d != "" {
		if date, err = library.ParseDate(d); err != nil {
			return web.Invalid("error.invalid", "date %q", d)
		}
	}
	from, to, step := date, date, 1
	if view == "week" {
		from = date.AddDays(-((int(date.Weekday()) + 6) % 7))
		to, step = from.AddDays(6), 7
	}
	horizon := library.Horizon(res, now)
	// Far from the bookable days there is nothing to show: a page of the
	// past or of next year is a link someone made up.
	if from.Before(today.AddDays(-7)) {
		return web.Invalid("error.invalid", "date %s is long past", date)
	}
	if horizon.AddDays(7).Before(to) {
		return &library.Error{Code: library.EINVALID, Key: "error.booking_beyond_horizon", Message: "date " + date.String()}
	}
	bs, err := s.bookings()
	if err != nil {
		return err
	}
	av, err := bs.ResourceAvailability(ctx, res.ID, from, to, now)
	if err != nil {
		return err
	}
	names, err := s.BranchTexts(ctx, lang)
	if err != nil {
		return err
	}
	_, signedIn := s.CurrentPatron(r)
	rp := &resourcePage{Resource: s.resourceView(lang, res, names), View: view, SignedIn: signedIn}
	nf, err := bs.NextFreeTimes(ctx, res.BranchID, now)
	if err != nil {
		return err
	}
	for _, n := range nf {
		if n.Resource.ID == res.ID && n.Found {
			v := s.slotView(lang, res.ID, n.Slot)
			rp.Next = &v
		}
	}
	page := func(d library.Date, v string) string {
		return resourceURL(res.ID) + "?" + url.Values{"view": {v}, "date": {d.String()}}.Encode()
	}
	if !from.AddDays(-1).Before(today) {
		rp.Prev = navLink{URL: page(date.AddDays(-step), view), Text: s.Tr(r, navKeys[view][0])}
	}
	if !horizon.Before(to.AddDays(1)) {
		rp.NextDays = navLink{URL: page(date.AddDays(step), view), Text: s.Tr(r, navKeys[view][1])}
	}
	if date != today {
		rp.Here = navLink{URL: page(today, view), Text: s.Tr(r, "bookings_public.nav.today")}
	}
	rp.Views = []navLink{
		{URL: page(date, "day"), Text: s.Tr(r, "bookings_public.view.day"), Current: view == "day"},
		{URL: page(date, "week"), Text: s.Tr(r, "bookings_public.view.week"), Current: view == "week"},
	}
	rp.Title = s.FormatDate(lang, from)
	if view == "week" {
		rp.Title = s.FormatDate(lang, from) + " – " + s.FormatDate(lang, to)
	}
	s.fillTimes(rp, lang, av)
	s.Render(w, r, http.StatusOK, "bookings_resource", rp.Resource.Name.Text, rp)
	return nil
}

// fillTimes fills the page's list of free times and its grid from av.
func (s *server) fillTimes(rp *resourcePage, lang string, av library.Availability) {
	var clocks []library.Clock
	for _, d := range av.Days {
		df := dayFree{Date: d.Date.String(), DateText: s.FormatDate(lang, d.Date), Note: web.TextIn(d.Note, lang), Closed: d.Closed()}
		for _, sl := range d.Free() {
			df.Free = append(df.Free, s.slotView(lang, av.Resource.ID, sl))
		}
		rp.Days = append(rp.Days, df)
		rp.GridDays = append(rp.GridDays, df.DateText)
		for _, sl := range d.Slots {
			if c := clockOf(sl.Start); !slices.Contains(clocks, c) {
				clocks = append(clocks, c)
			}
		}
	}
	slices.Sort(clocks)
	for _, c := range clocks {
		row := gridRow{Clock: s.FormatClock(lang, c)}
		for _, d := range av.Days {
			cell := gridCell{}
			for _, sl := range d.Slots {
				if clockOf(sl.Start) == c {
					v := s.slotView(lang, av.Resource.ID, sl)
					cell = gridCell{State: sl.State, StateName: v.StateName, BookURL: v.BookURL, Label: v.Text}
					break
				}
			}
			row.Cells = append(row.Cells, cell)
		}
		rp.Grid = append(rp.Grid, row)
	}
}

// servePhoto serves a resource's photo at a URL that carries its content
// hash (?v=), so that browsers keep it for a year; &size=thumb is the
// small one.
func (s *server) servePhoto(w http.ResponseWriter, r *http.Request) error {
	res, err := s.publicResource(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	photoID, err := strconv.ParseInt(r.PathValue("photo"), 10, 64)
	if err != nil {
		return &library.Error{Code: library.ENOTFOUND, Key: "error.photo_not_found", Message: "photo " + r.PathValue("photo")}
	}
	variant := library.PhotoFull
	if r.URL.Query().Get("size") == "thumb" {
		variant = library.PhotoThumb
	}
	bs, err := s.bookings()
	if err != nil {
		return err
	}
	p, err := bs.ResourcePhotoFile(r.Context(), res.ID, photoID, variant)
	if err != nil {
		return err
	}
	h := w.Header()
	h.Set("ETag", `"`+p.Hash+`"`)
	h.Set("Cache-Control", "public, max-age=31536000, immutable")
	if r.URL.Query().Get("v") != p.Hash {
		h.Set("Cache-Control", "no-cache") // an old address: not for keeping
	}
	if match := r.Header.Get("If-None-Match"); match == `"`+p.Hash+`"` {
		w.WriteHeader(http.StatusNotModified)
		return nil
	}
	h.Set("Content-Type", p.ContentType())
	h.Set("Content-Length", strconv.Itoa(len(p.Bytes)))
	w.WriteHeader(http.StatusOK)
	w.Write(p.Bytes) // a failed write means the client has gone
	return nil
}
