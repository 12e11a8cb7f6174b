package main

import (
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/kirjasto/kirjasto/internal/demo"
	"github.com/kirjasto/kirjasto/internal/library"
)

// The events' journeys: Helsinki's content editor writes a weekly
// reading circle, a resident without a library card finds it with the
// keyboard alone, signs up and gets the confirmation, the desk sees her
// on the attendee list, and she cancels with the link she was given.

// staffNamed returns the demo's staff account called username.
func (env *browserEnv) staffNamed(t *testing.T, username string) demo.DemoStaff {
	t.Helper()
	for _, s := range env.staff {
		if s.Username == username {
			return s
		}
	}
	t.Fatalf("no demo staff %q", username)
	return demo.DemoStaff{}
}

// check clicks a checkbox or a radio button, which loads no page.
func (tb *tab) check(sel string) {
	tb.t.Helper()
	tb.do(chromedp.Click(chromedp.CSS(sel), chromedp.NodeVisible))
}

// setValue sets a date or time field, whose typing depends on the
// browser's locale, as a person picking it would.
func (tb *tab) setValue(sel, value string) {
	tb.t.Helper()
	eval[bool](tb, `(e => { e.value = `+jsString(value)+`; e.dispatchEvent(new Event('change')); return true })(document.querySelector(`+jsString(sel)+`))`)
}

func (env *browserEnv) journeyEvents(t *testing.T) {
	title := "Lukupiiri " + strconv.FormatInt(time.Now().UnixNano()%1e6, 10)
	first := library.LocalDate(time.Now()).AddDays(7)
	editor := env.staffTab(t, env.staffNamed(t, "helsinki-content"))
	editor.open("/admin/events?lang=en")
	editor.click(`a[href="/admin/events/series/new"]`)
	editor.fill("#title-fi", title)
	editor.setValue("#start_date", first.String())
	editor.setValue("#start_time", "17:00")
	editor.setValue("#end_time", "18:30")
	editor.check("#weekday-" + strconv.Itoa(int(first.Weekday())))
	editor.setValue("#until", first.AddDays(21).String())
	editor.check("#audience-adults")
	editor.check("#category-" + library.ReadingGroup)
	editor.check("#registration")
	editor.fill("#capacity", "8")
	editor.check("#status-publish")
	editor.click("form.events-editor button[type=submit]")
	if editor.text("p.done") == "" {
		t.Fatalf("the weekly reading circle was not saved:\n%s", editor.text("main"))
	}
	editor.checkAxe()

	// A resident with no card finds it, with the keyboard alone.
	guest := env.newTab(t)
	guest.open("/events?lang=en")
	guest.tabTo("#events-q")
	guest.press(title)
	guest.pressAndLoad(kb.Enter)
	if n := eval[int](guest, `document.querySelectorAll('li.event-card').length`); n != 4 {
		t.Fatalf("searching the calendar for %q finds %d dates, want the series' 4:\n%s", title, n, guest.text("main"))
	}
	guest.tabTo("li.event-card h3 a")
	guest.pressAndLoad(kb.Enter)
	if h := guest.text("main h1"); !strings.Contains(h, title) {
		t.Fatalf("the event's page says %q", h)
	}
	attendees := "/admin" + strings.Split(guest.location(), "?")[0] + "/attendees"
	guest.tabTo("#signup-name")
	guest.press("Ahmed Ali")
	guest.tabTo("#signup-email")
	guest.press("ahmed@example.org")
	guest.tabTo("button.event-signup-button")
	guest.pressAndLoad(kb.Enter)
	if got := guest.text("p.event-confirmation-status"); got == "" || guest.text("p.event-notice-queued") == "" {
		t.Fatalf("no confirmation after signing up: %s", guest.text("main"))
	}
	guest.checkAxe()

	// Helsinki's desk sees her on the attendee list.
	desk := env.staffTab(t, env.staff[1])
	desk.open(attendees + "?lang=en")
	if !strings.Contains(desk.text("main p strong"), title) || !strings.Contains(desk.text("main"), "Ahmed Ali") {
		t.Errorf("the attendee list lacks the guest:\n%s", desk.text("main"))
	}

	// She cancels with the link of her confirmation.
	guest.tabTo("a.event-cancel-link")
	guest.pressAndLoad(kb.Enter)
	guest.tabTo("button.event-cancel-button")
	guest.pressAndLoad(kb.Enter)
	if guest.text("p.done") == "" {
		t.Fatalf("cancelling says nothing: %s", guest.text("main"))
	}
	desk.open(attendees + "?lang=en")
	if strings.Contains(desk.text("main"), "Ahmed Ali") {
		t.Errorf("the cancelled guest still stands on the attendee list")
	}
}
