package bookings

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/kirjasto/kirjasto/internal/library"
	"github.com/kirjasto/kirjasto/internal/web/webtest"
)

// fixture is a studio and an hour of digital help at Oodi (open 8–21
// every day), created in the test's store. The clock is webtest.Now:
// Monday 23 November 2026, 9.30 in Helsinki.
type fixture struct {
	studio, help library.Resource
}

func newFixture(t *testing.T, e *webtest.CircEnv) fixture {
	t.Helper()
	ctx := context.Background()
	admin := library.Staff{Role: library.RoleAdmin}
	studio, err := e.DB.CreateResource(ctx, library.Resource{BranchID: "hki-oodi", Kind: library.KindRehearsalStudio,
		Name:        library.Text{"fi": "Bändikämppä", "en": "Band room"},
		Description: library.Text{"fi": "Äänieristetty bänditila."},
		Rules:       library.Text{"fi": "Jätä tila siistiksi.", "en": "Leave the room tidy."},
		Equipment:   []library.Text{{"fi": "Rumpusetti", "en": "Drum kit"}},
		Capacity:    6, SlotMinutes: 60, MinMinutes: 60, MaxMinutes: 120, HorizonDays: 14,
		WeeklyBookings: 2, CancelBeforeMinutes: 60, MinAge: 15}, admin, webtest.Now)
	if err != nil {
		t.Fatal(err)
	}
	help, err := e.DB.CreateResource(ctx, library.Resource{BranchID: "hki-oodi", Kind: library.KindDigitalHelp,
		Name:     library.Text{"fi": "Digituki", "en": "Digital help", "ar": "المساعدة الرقمية"},
		Capacity: 1, SlotMinutes: 60, MinMinutes: 60, MaxMinutes: 60, HorizonDays: 21, WeeklyBookings: 1,
		CancelBeforeMinutes: 120}, admin, webtest.Now)
	if err != nil {
		t.Fatal(err)
	}
	return fixture{studio, help}
}

// at is a time of the test's week in Helsinki: day 0 is Monday 23 November.
func at(day, hour int) time.Time {
	return time.Date(2026, 11, 23+day, hour, 0, 0, 0, library.Helsinki)
}

// startParam is a slot's start as the pages write it.
func startParam(t time.Time) string { return t.UTC().Format(time.RFC3339) }

func get(t *testing.T, e *webtest.CircEnv, path string, want int, headers ...string) string {
	t.Helper()
	resp, body := e.Do(t, "GET", path, nil, headers...)
	if resp.StatusCode != want {
		t.Fatalf("GET %s: status %d, want %d: %.2000s", path, resp.StatusCode, want, body)
	}
	return body
}

func TestListAndResourcePages(t *testing.T) {
	webtest.ForEachCircEnv(t, func(t *testing.T, e *webtest.CircEnv) {
		f := newFixture(t, e)
		body := get(t, e, "/bookings?lang=en", http.StatusOK)
		for _, want := range []string{"Band room", "Digital help", "Central Library Oodi",
			// The first free hour: 9.00 has begun, 10.00 is free.
			`href="` + resourceURL(f.studio.ID) + "/book?start=" + url.QueryEscape(startParam(at(0, 10))) + `"`} {
			if !strings.Contains(body, webtest.HTMLText(want)) && !strings.Contains(body, want) {
				t.Errorf("/bookings lacks %q", want)
			}
		}
		body = get(t, e, "/bookings?lang=en&kind=studio&city=helsinki", http.StatusOK)
		if !strings.Contains(body, "Band room") || strings.Contains(body, `id="resource-`+strconv.FormatInt(f.help.ID, 10)+`"`) {
			t.Errorf("the studios' list shows the wrong things:\n%s", body)
		}
		get(t, e, "/bookings?kind=spaceship", http.StatusBadRequest)
		get(t, e, "/bookings?branch=nowhere", http.StatusBadRequest)

		// The day view: facts, the grid and the plain list of free times.
		page := resourceURL(f.studio.ID)
		body = get(t, e, page+"?lang=en", http.StatusOK)
		for _, want := range []string{"<h1", "Band room", "Drum kit", "Leave the room tidy.", `class="table-wrap slot-grid"`,
			`<h3 id="free-h">`, `name="start" value="` + startParam(at(0, 10)) + `"`, "Next free:",
			// The description has no English: it is shown in Finnish, marked.
			`lang="fi"`, "Not yet available in your language"} {
			if !strings.Contains(body, want) {
				t.Errorf("the day view lacks %q", want)
			}
		}
		if strings.Contains(body, `value="`+startParam(at(0, 9))+`"`) {
			t.Error("the day view offers 9.00, which has begun")
		}
		if strings.Contains(body, "rel=\"prev\"") {
			t.Error("the day view of today links to yesterday")
		}
		// The week view, moved by links: seven days, and the next week.
		body = get(t, e, page+"?lang=en&view=week&date=2026-11-25", http.StatusOK)
		if n := strings.Count(body, `<section class="free-day"`); n != 7 {
			t.Errorf("the week view shows %d days, want 7", n)
		}
		if !strings.Contains(body, `value="`+startParam(at(6, 20))+`"`) {
			t.Error("the week view lacks Sunday's 20.00")
		}
		if !strings.Contains(body, "date=2026-12-02") {
			t.Error("the week view does not link to the next week")
		}
		get(t, e, page+"?date=2027-06-01", http.StatusBadRequest)
		get(t, e, page+"?date=2026-01-01", http.StatusBadRequest)
		get(t, e, page+"?date=tomorrow", http.StatusBadRequest)
		get(t, e, page+"?view=month", http.StatusBadRequest)
		get(t, e, "/bookings/resources/999999", http.StatusNotFound)
		get(t, e, "/bookings/resources/x", http.StatusNotFound)

		// The branch's page shows what can be booked there.
		body = get(t, e, "/libraries/hki-oodi?lang=en", http.StatusOK)
		if !strings.Contains(body, `href="`+page+`"`) || !strings.Contains(body, "Next free:") {
			t.Errorf("the branch page lacks its bookable resources")
		}
	})
}

// codeRE finds a studio booking's access code on its page.
var codeRE = regexp.MustCompile(`class="access-code">(?:<bdi[^>]*>)?([0-9]{6})`)

func TestPatronBooksAStudio(t *testing.T) {
	webtest.ForEachCircEnv(t, func(t *testing.T, e *webtest.CircEnv) {
		f := newFixture(t, e)
		start := at(1, 18)
		form := resourceURL(f.studio.ID) + "/book?start=" + url.QueryEscape(startParam(start))

		// Not signed in: to sign in, and back to the same time.
		resp, _ := e.Do(t, "GET", form, nil)
		loc := resp.Header.Get("Location")
		if resp.StatusCode != http.StatusSeeOther || loc != signinURL(form) {
			t.Fatalf("GET %s without a session: %d to %q", form, resp.StatusCode, loc)
		}
		body := get(t, e, form, http.StatusOK, e.AsPatron("en"))
		for _, want := range []string{`id="booking-form"`, `<select id="minutes" name="minutes"`, `value="60" selected`, `value="120"`} {
			if !strings.Contains(body, want) {
				t.Errorf("the form lacks %q", want)
			}
		}
		if strings.Contains(body, `name="topic"`) || strings.Contains(body, `name="email"`) {
			t.Error("a studio's form asks for digital help's or a guest's details")
		}
		where, page := e.PostThenGet(t, resourceURL(f.studio.ID)+"/book",
			url.Values{"start": {startParam(start)}, "minutes": {"120"}}, e.AsPatron("en"))
		if !strings.HasPrefix(where, "/account/bookings/") {
			t.Fatalf("booked to %s", where)
		}
		m := codeRE.FindStringSubmatch(page)
		if m == nil {
			t.Fatalf("the confirmation shows no access code:\n%s", page)
		}
		list, err := e.DB.PatronBookings(context.Background(), e.Patron.ID, time.Time{})
		if err != nil || len(list) != 1 {
			t.Fatalf("bookings %v, %v", list, err)
		}
		b := list[0]
		if b.AccessCode != m[1] || !b.Start.Equal(start) || !b.End.Equal(start.Add(2*time.Hour)) || b.Status != library.BookingConfirmed {
			t.Errorf("booking %+v, page's code %s", b.Booking, m[1])
		}
		for _, want := range []string{"Booked.", `href="` + myBookingURL(b.ID) + `.ics"`, `id="booking-cancel"`} {
			if !strings.Contains(page, want) {
				t.Errorf("the confirmation lacks %q", want)
			}
		}
		// Another resident never sees it.
		_, other := e.NewPatron(t, "1001", "Korhonen, Eino", "hki-oodi")
		get(t, e, myBookingURL(b.ID), http.StatusNotFound, "Cookie: "+other)

		// The calendar file, in Helsinki's time.
		ics := get(t, e, myBookingURL(b.ID)+".ics?lang=en", http.StatusOK, e.AsPatron("en"))
		evs := webtest.ICalEvents(webtest.ICalLines(t, ics))
		if len(evs) != 1 {
			t.Fatalf("%d events in\n%s", len(evs), ics)
		}
		for _, want := range []string{"UID:" + b.ICalUID(), "DTSTART;TZID=Europe/Helsinki:20261124T180000",
			"DTEND;TZID=Europe/Helsinki:20261124T200000", "SUMMARY:Booked: Band room", "STATUS:CONFIRMED"} {
			if !slices.Contains(evs[0], want) {
				t.Errorf("the event lacks %q: %q", want, evs[0])
			}
		}
		if !strings.Contains(ics, "BEGIN:VTIMEZONE\r\nTZID:Europe/Helsinki") {
			t.Error("the calendar does not describe Europe/Helsinki")
		}
		all := get(t, e, "/account/bookings.ics", http.StatusOK, e.AsPatron("en"))
		if !strings.Contains(all, "UID:"+b.ICalUID()) {
			t.Error("the feed lacks the booking")
		}
		get(t, e, "/account/bookings.ics", http.StatusSeeOther)

		// My Account lists it; the private feed with the due dates' key.
		body = get(t, e, "/account/bookings?lang=en", http.StatusOK, e.AsPatron("en"))
		if !strings.Contains(body, `href="`+myBookingURL(b.ID)+`"`) || !strings.Contains(body, `aria-current="page">Bookings`) {
			t.Errorf("My bookings lacks the booking or its navigation:\n%s", body)
		}
		key, err := e.DB.ResetDueFeedKey(context.Background(), e.Patron.ID)
		if err != nil {
			t.Fatal(err)
		}
		feed := get(t, e, feedPath(key), http.StatusOK)
		if !strings.Contains(feed, "UID:"+b.ICalUID()) || !strings.Contains(feed, "DESCRIPTION:") {
			t.Error("the private feed lacks the booking")
		}
		get(t, e, feedPath("nosuchkey"), http.StatusNotFound)

		// Cancelling, until an hour before it starts.
		where, page = e.PostThenGet(t, myBookingURL(b.ID)+"/cancel", nil, e.AsPatron("en"))
		if where != "/account/bookings?done=cancelled" || !strings.Contains(page, "The booking has been cancelled.") {
			t.Errorf("cancelled to %s", where)
		}
		got, err := e.DB.PatronBooking(context.Background(), e.Patron.ID, b.ID)
		if err != nil || got.Status != library.BookingCancelled {
			t.Errorf("after cancelling: %+v, %v", got.Booking, err)
		}
		resp, _ = e.Do(t, "POST", myBookingURL(b.ID)+"/cancel", nil, e.AsPatron("en"))
		if resp.StatusCode != http.StatusConflict {
			t.Errorf("cancelling again: %d", resp.StatusCode)
		}
	})
}

func TestGuestBooksDigitalHelpInArabic(t *testing.T) {
	webtest.ForEachCircEnv(t, func(t *testing.T, e *webtest.CircEnv) {
		f := newFixture(t, e)
		start := at(2, 14)
		form := resourceURL(f.help.ID) + "/book?lang=ar&start=" + url.QueryEscape(startParam(start))
		body := get(t, e, form, http.StatusOK)
		for _, want := range []string{`lang="ar"`, `dir="rtl"`, `name="name"`, `name="email"`, `name="phone"`,
			`<select id="topic" name="topic"`, `<option value="suomi-fi">`, `<option value="ar" selected>`,
			e.Msg("ar", "booking.help_lang.ar"), "/signin?next="} {
			if !strings.Contains(body, want) {
				t.Errorf("the guest's form lacks %q", want)
			}
		}
		// Without a name or a way to reach them: at the field, in Arabic.
		post := url.Values{"start": {startParam(start)}, "minutes": {"60"}, "topic": {"suomi-fi"}, "help_lang": {"ar"}}
		resp, body := e.Do(t, "POST", resourceURL(f.help.ID)+"/book", post, "Cookie: lang=ar")
		if resp.StatusCode != http.StatusBadRequest || !strings.Contains(body, `id="name-error"`) ||
			!strings.Contains(body, webtest.HTMLText(e.Msg("ar", "error.event_guest_name"))) {
			t.Errorf("no name: %d\n%.3000s", resp.StatusCode, body)
		}
		post.Set("name", "Amina Hassan")
		resp, body = e.Do(t, "POST", resourceURL(f.help.ID)+"/book", post, "Cookie: lang=ar")
		if resp.StatusCode != http.StatusBadRequest || !strings.Contains(body, `id="email-error"`) || !strings.Contains(body, `aria-describedby="email-hint email-error" aria-invalid="true"`) {
			t.Errorf("no contact: %d\n%.3000s", resp.StatusCode, body)
		}
		post.Set("phone", "040 123 4567")
		where, page := e.PostThenGet(t, resourceURL(f.help.ID)+"/book", post, "Cookie: lang=ar")
		if !strings.HasPrefix(where, "/bookings/guest/") || !strings.HasSuffix(where, "?done=booked") {
			t.Fatalf("booked to %s", where)
		}
		guest := strings.TrimSuffix(where, "?done=booked")
		if !strings.Contains(page, `id="booking-cancel"`) {
			t.Error("the guest's page has no cancel button")
		}
		for _, want := range []string{e.Msg("ar", "bookings_public.done.guest_booked"), e.Msg("ar", "booking.topic.suomi-fi"),
			e.Msg("ar", "booking.help_lang.ar"), "Amina Hassan", "http://kirjasto.test" + guest} {
			if !strings.Contains(page, webtest.HTMLText(want)) {
				t.Errorf("the guest's page lacks %q", want)
			}
		}
		token := strings.TrimPrefix(guest, "/bookings/guest/")
		b, err := e.DB.GuestBooking(context.Background(), token)
		if err != nil || b.HelpLang != "ar" || b.Topic != library.TopicSuomiFi || b.Guest == nil || b.Guest.Phone != "040 123 4567" {
			t.Fatalf("guest booking %+v, %v", b.Booking, err)
		}
		where, page = e.PostThenGet(t, guest, nil, "Cookie: lang=ar")
		if where != guest+"?done=cancelled" || !strings.Contains(page, webtest.HTMLText(e.Msg("ar", "booking.status.cancelled"))) {
			t.Errorf("cancelled to %s", where)
		}
		get(t, e, "/bookings/guest/nosuchtoken", http.StatusNotFound)
	})
}

func TestRefusals(t *testing.T) {
	webtest.ForEachCircEnv(t, func(t *testing.T, e *webtest.CircEnv) {
		f := newFixture(t, e)
		ctx := context.Background()
		book := func(cookie string, start time.Time, minutes int, extra url.Values) (int, string) {
			v := url.Values{"start": {startParam(start)}, "minutes": {strconv.Itoa(minutes)}}
			for k, vs := range extra {
				v[k] = vs
			}
			resp, body := e.Do(t, "POST", resourceURL(f.studio.ID)+"/book", v, cookie)
			return resp.StatusCode, body
		}
		patron := e.AsPatron("en")
		for _, c := range []struct {
			name    string
			start   time.Time
			minutes int
			extra   url.Values
			status  int
			key     string
			field   string
			count   int // the message's {{.Count}}
		}{
			{"too long", at(1, 10), 180, nil, http.StatusBadRequest, "error.booking_too_long", "minutes", 120},
			{"not whole slots", at(1, 10), 90, nil, http.StatusBadRequest, "error.booking_slot", "minutes", 0},
			{"in the past", at(0, 8), 60, nil, http.StatusBadRequest, "error.booking_past", "start", 0},
			{"outside hours", at(1, 21), 60, nil, http.StatusBadRequest, "error.booking_outside_hours", "start", 0},
			{"message too long", at(1, 10), 60, url.Values{"message": {strings.Repeat("x", 1001)}}, http.StatusBadRequest, "error.booking_message", "message", 0},
		} {
			status, body := book(patron, c.start, c.minutes, c.extra)
			msg := webtest.HTMLText(e.Msg("en", c.key, "Count", c.count))
			if status != c.status || !strings.Contains(body, msg) {
				t.Errorf("%s: %d, want %d with %q:\n%.2000s", c.name, status, c.status, msg, body)
			}
			if c.field != "" && !strings.Contains(body, `id="`+c.field+`-error"`) {
				t.Errorf("%s: the message is not at the field %s", c.name, c.field)
			}
		}
		// The weekly limit: two bookings a week.
		for _, d := range []int{1, 2} {
			if status, body := book(patron, at(d, 12), 60, nil); status != http.StatusSeeOther {
				t.Fatalf("booking %d: %d\n%.2000s", d, status, body)
			}
		}
		status, body := book(patron, at(3, 12), 60, nil)
		if status != http.StatusConflict || !strings.Contains(body, webtest.HTMLText(e.Msg("en", "error.booking_weekly_limit", "Count", 2))) {
			t.Errorf("over the weekly limit: %d\n%.2000s", status, body)
		}
		// A child's card, under the studio's age limit of 15.
		child, err := e.DB.CreatePatron(ctx, library.Patron{CardNumber: "1100", Name: "Lapsi, Leo", Category: library.CategoryChild, HomeLibrary: "helsinki"}, "")
		if err != nil {
			t.Fatal(err)
		}
		sess, err := e.DB.NewSession(ctx, library.Session{PatronID: child.ID, Created: webtest.Now})
		if err != nil {
			t.Fatal(err)
		}
		status, body = book("Cookie: "+e.PatronCookie[:strings.Index(e.PatronCookie, "=")+1]+sess.Token+"; lang=en", at(4, 12), 60, nil)
		if status != http.StatusForbidden || !strings.Contains(body, webtest.HTMLText(e.Msg("en", "error.booking_under_age", "Count", 15))) {
			t.Errorf("under age: %d\n%.2000s", status, body)
		}
		// Nothing of the refused was saved.
		for _, p := range []int64{e.Patron.ID, child.ID} {
			list, err := e.DB.PatronBookings(ctx, p, time.Time{})
			if err != nil {
				t.Fatal(err)
			}
			if want := map[bool]int{true: 2, false: 0}[p == e.Patron.ID]; len(list) != want {
				t.Errorf("patron %d has %d bookings, want %d", p, len(list), want)
			}
		}
		// Booking a studio without a card is not possible, not even by POST.
		resp, _ := e.Do(t, "POST", resourceURL(f.studio.ID)+"/book", url.Values{"start": {startParam(at(5, 12))}, "minutes": {"60"}})
		if resp.StatusCode != http.StatusSeeOther || !strings.HasPrefix(resp.Header.Get("Location"), "/signin?next=") {
			t.Errorf("a guest's POST for a studio: %d to %s", resp.StatusCode, resp.Header.Get("Location"))
		}
	})
}

// signinURL is the sign-in page that comes back to next.
func signinURL(next string) string { return "/signin?" + url.Values{"next": {next}}.Encode() }

// TestPagesInEveryLanguage shows every page of the residents' in each
// language, with a booking of each kind, and finds no message id on them.
func TestPagesInEveryLanguage(t *testing.T) {
	webtest.ForEachCircEnv(t, func(t *testing.T, e *webtest.CircEnv) {
		f := newFixture(t, e)
		ctx := context.Background()
		studio, err := e.DB.Book(ctx, library.BookingRequest{ResourceID: f.studio.ID, Start: at(1, 10), End: at(1, 11), PatronID: e.Patron.ID}, webtest.Now)
		if err != nil {
			t.Fatal(err)
		}
		guest, err := e.DB.Book(ctx, library.BookingRequest{ResourceID: f.help.ID, Start: at(1, 10), End: at(1, 11),
			Guest: &library.Guest{Name: "Vieras", Email: "vieras@example.com"}, Topic: library.TopicOther, HelpLang: "so"}, webtest.Now)
		if err != nil {
			t.Fatal(err)
		}
		pages := []string{"/bookings", resourceURL(f.studio.ID), resourceURL(f.help.ID) + "?view=week",
			resourceURL(f.studio.ID) + "/book?start=" + url.QueryEscape(startParam(at(2, 10))),
			resourceURL(f.help.ID) + "/book?start=" + url.QueryEscape(startParam(at(2, 10))),
			"/account/bookings", myBookingURL(studio.Booking.ID), library.BookingGuestPath(guest.GuestToken), "/libraries/hki-oodi"}
		for _, lang := range []string{"fi", "sv", "en", "ru", "et", "so", "ar"} {
			for _, p := range pages {
				body := get(t, e, p, http.StatusOK, e.AsPatron(lang))
				if ids := webtest.RawIDs(e.Bundle, lang, body); len(ids) > 0 {
					t.Errorf("%s in %s shows message ids %v", p, lang, ids)
				}
				if lang == "en" {
					checkHeadings(t, p, body)
				}
			}
		}
	})
}

// headingRE finds a page's headings.
var headingRE = regexp.MustCompile(`<h([1-6])[ >]`)

// checkHeadings checks that a page's headings go down one level at a
// time, from h1.
func checkHeadings(t *testing.T, page, body string) {
	t.Helper()
	prev := 0
	for _, m := range headingRE.FindAllStringSubmatch(body, -1) {
		level := int(m[1][0] - '0')
		if level > prev+1 {
			t.Errorf("%s: h%d after h%d", page, level, prev)
		}
		prev = level
	}
	if prev == 0 {
		t.Errorf("%s has no headings", page)
	}
}
