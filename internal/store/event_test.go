package store_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/kirjasto/kirjasto/internal/i18n"
	"github.com/kirjasto/kirjasto/internal/library"
	"github.com/kirjasto/kirjasto/internal/store"
	"github.com/kirjasto/kirjasto/internal/store/storetest"
)

// eventFixture is the circulation consortium with the staff who work on
// events: a consortium administrator, Espoo's content editor and Espoo's
// desk, and a cataloguer who may do neither.
type eventFixture struct {
	*circFixture
	ctx                          context.Context
	admin, editor, desk, catalog library.Staff
}

func newEventFixture(t *testing.T, db *store.DB) *eventFixture {
	t.Helper()
	f := &eventFixture{circFixture: newCircFixture(t, db), ctx: context.Background()}
	f.admin = rulesAdmin(t, db, "admin", library.RoleAdmin, "")
	f.editor = rulesAdmin(t, db, "editor", library.RoleContent, "espoo")
	f.desk = rulesAdmin(t, db, "desk", library.RoleBranchStaff, "espoo")
	f.catalog = rulesAdmin(t, db, "cataloguer", library.RoleCataloguer, "espoo")
	return f
}

// weekOn is circNow (Monday 23 November 2026, 10:00) plus days, at the
// Helsinki clock time h:00.
func weekOn(days, h int) time.Time {
	return time.Date(2026, time.November, 23+days, h, 0, 0, 0, library.Helsinki).UTC()
}

// storyTime is a published story time at Sello a week from circNow, for
// up to 10 places with a waiting list.
func storyTime() library.Event {
	return library.Event{
		Library: "espoo", Branch: "esp-sello", Room: "Satuhuone",
		Title:       library.Text{"fi": "Satutunti", "sv": "Sagostund", "en": "Story time"},
		Description: library.Text{"fi": "Satuja ja loruja pienille.", "sv": "Sagor för små."},
		Start:       weekOn(7, 10), End: weekOn(7, 11),
		Audiences: []string{library.ForChildren, library.ForFamilies}, Category: library.StoryTime, Languages: []string{"fi"},
		Registration: true, Capacity: 10, WaitingList: true, MaxPlaces: 4,
		Status: library.EventPublished,
	}
}

// create stores e as the editor at circNow, changed by change.
func (f *eventFixture) create(t *testing.T, change func(e *library.Event)) library.Event {
	t.Helper()
	e := storyTime()
	if change != nil {
		change(&e)
	}
	out, err := f.db.CreateEvent(f.ctx, f.editor, e, circNow)
	if err != nil {
		t.Fatalf("CreateEvent: %v", err)
	}
	return out
}

// guest is the i'th guest, with an e-mail address.
func guest(i int) *library.Guest {
	return &library.Guest{Name: fmt.Sprintf("Vieras %d", i), Email: fmt.Sprintf("vieras%d@example.fi", i), Lang: "fi"}
}

// signUp signs the i'th guest up for places at circNow.
func (f *eventFixture) signUp(t *testing.T, eventID int64, i, places int) library.SignedUp {
	t.Helper()
	out, err := f.db.SignUp(f.ctx, library.SignupRequest{EventID: eventID, Guest: guest(i), Places: places}, circNow)
	if err != nil {
		t.Fatalf("SignUp guest %d: %v", i, err)
	}
	return out
}

// auditCount counts an action's entries in the audit trail.
func auditCount(t *testing.T, db *store.DB, action string) int {
	t.Helper()
	return count(t, db, `SELECT count(*) FROM staff_audit WHERE action = $1`, action)
}

func TestEventCreateAndPublish(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		f := newEventFixture(t, db)
		draft := f.create(t, func(e *library.Event) { e.Status = library.EventDraft })
		if draft.ID == 0 || draft.Version != 1 || !draft.PublishAt.IsZero() || draft.Status != library.EventDraft {
			t.Errorf("draft %+v", draft)
		}
		if _, err := db.PublicEvent(f.ctx, draft.ID, circNow); library.ErrorKey(err) != "error.event_not_found" {
			t.Errorf("a draft in public: %v", err)
		}
		got, err := db.Event(f.ctx, draft.ID)
		if err != nil {
			t.Fatal(err)
		}
		want := storyTime()
		want.ID, want.Status, want.Version, want.Created, want.Updated = draft.ID, library.EventDraft, 1, circNow, circNow
		want.Audiences = []string{library.ForChildren, library.ForFamilies}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("stored event (-want +got):\n%s", diff)
		}

		// Scheduled for tomorrow: public from then, not before.
		tomorrow := circNow.Add(24 * time.Hour)
		pub, err := db.PublishEvent(f.ctx, f.editor, draft.ID, tomorrow, circNow)
		if err != nil {
			t.Fatal(err)
		}
		if !pub.Scheduled(circNow) || pub.Public(circNow) {
			t.Errorf("scheduled event: public %v, scheduled %v", pub.Public(circNow), pub.Scheduled(circNow))
		}
		if _, err := db.PublicEvent(f.ctx, draft.ID, circNow); err == nil {
			t.Error("a scheduled event is public before its time")
		}
		if _, err := db.PublicEvent(f.ctx, draft.ID, tomorrow); err != nil {
			t.Errorf("a scheduled event at its time: %v", err)
		}
		page, _ := db.StaffEvents(f.ctx, library.StaffEventFilter{View: library.ViewScheduled}, circNow)
		if page.Total != 1 || page.Events[0].ID != draft.ID {
			t.Errorf("scheduled view: %+v", page)
		}

		// Published at once.
		now := f.create(t, nil)
		if !now.PublishAt.Equal(circNow) || !now.Public(circNow) {
			t.Errorf("published without a time: publish at %v", now.PublishAt)
		}
		// A draft goes away; a published event does not (it is cancelled).
		mistake := f.create(t, func(e *library.Event) { e.Status = library.EventDraft })
		if err := db.DeleteEvent(f.ctx, f.desk, mistake.ID, circNow); library.ErrorCode(err) != library.EFORBIDDEN {
			t.Errorf("desk staff deleting a draft: %v", err)
		}
		if err := db.DeleteEvent(f.ctx, f.editor, mistake.ID, circNow); err != nil {
			t.Fatal(err)
		}
		if _, err := db.Event(f.ctx, mistake.ID); library.ErrorKey(err) != "error.event_not_found" {
			t.Errorf("a deleted draft: %v", err)
		}
		if err := db.DeleteEvent(f.ctx, f.editor, now.ID, circNow); library.ErrorKey(err) != "error.event_not_draft" {
			t.Errorf("deleting a published event: %v", err)
		}
		if n := auditCount(t, db, library.AuditEventDelete); n != 1 {
			t.Errorf("%d delete entries, want 1", n)
		}
		if n := auditCount(t, db, library.AuditEventCreate); n != 3 {
			t.Errorf("%d create entries, want 3", n)
		}
		if n := auditCount(t, db, library.AuditEventPublish); n != 2 {
			t.Errorf("%d publish entries, want 2 (one scheduled, one at once)", n)
		}
	})
}

func TestEventPermissions(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		f := newEventFixture(t, db)
		ev := f.create(t, nil)
		atOodi := func(e *library.Event) { e.Library, e.Branch = "helsinki", "hki-oodi" }
		tests := []struct {
			name string
			do   func() error
			code string
		}{
			{"editor at another city's branch", func() error {
				e := storyTime()
				atOodi(&e)
				_, err := db.CreateEvent(f.ctx, f.editor, e, circNow)
				return err
			}, library.EFORBIDDEN},
			{"desk staff create", func() error {
				_, err := db.CreateEvent(f.ctx, f.desk, storyTime(), circNow)
				return err
			}, library.EFORBIDDEN},
			{"cataloguer cancels", func() error {
				_, _, err := db.CancelEvent(f.ctx, f.catalog, ev.ID, library.Text{"fi": "Sairastuminen"}, circNow)
				return err
			}, library.EFORBIDDEN},
			{"editor moves it to another city", func() error {
				e := ev
				atOodi(&e)
				_, err := db.UpdateEvent(f.ctx, f.editor, e, circNow)
				return err
			}, library.EFORBIDDEN},
			{"admin moves it to another city", func() error {
				e := ev
				atOodi(&e)
				_, err := db.UpdateEvent(f.ctx, f.admin, e, circNow)
				return err
			}, ""},
			{"cataloguer reads the attendee list", func() error {
				_, err := db.Attendees(f.ctx, f.catalog, ev.ID)
				return err
			}, library.EFORBIDDEN},
			{"Espoo's desk signs up at Oodi", func() error {
				_, err := db.DeskSignUp(f.ctx, f.desk, library.SignupRequest{EventID: ev.ID, Guest: guest(1)}, circNow)
				return err
			}, library.EFORBIDDEN},
			{"a branch in another library", func() error {
				e := storyTime()
				e.Branch = "hki-oodi"
				_, err := db.CreateEvent(f.ctx, f.admin, e, circNow)
				return err
			}, library.EINVALID},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				if err := tt.do(); library.ErrorCode(err) != tt.code {
					t.Errorf("err = %v; want code %q", err, tt.code)
				}
			})
		}
		// Espoo's desk signs people up at Espoo's events and reads their lists.
		f.create(t, nil)
		mine := f.create(t, nil)
		if _, err := db.DeskSignUp(f.ctx, f.desk, library.SignupRequest{EventID: mine.ID, Guest: guest(2)}, circNow); err != nil {
			t.Errorf("desk sign-up at its own city: %v", err)
		}
		list, err := db.Attendees(f.ctx, f.desk, mine.ID)
		if err != nil || len(list.Attendees) != 1 || list.Attendees[0].ByStaff != f.desk.ID {
			t.Errorf("attendees = %+v, %v; want the desk's sign-up", list.Attendees, err)
		}
	})
}

func TestEventUpdate(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		f := newEventFixture(t, db)
		ev := f.create(t, func(e *library.Event) { e.Capacity = 3; e.MaxPlaces = 2 })
		f.signUp(t, ev.ID, 1, 2)
		f.signUp(t, ev.ID, 2, 1)
		w1 := f.signUp(t, ev.ID, 3, 2)
		w2 := f.signUp(t, ev.ID, 4, 1)
		if w1.Signup.Status != library.SignupWaiting || w2.Signup.Position != 2 {
			t.Fatalf("waiting list: %+v, %+v", w1.Signup, w2.Signup)
		}
		ev, _ = db.Event(f.ctx, ev.ID)
		if ev.Taken != 3 || ev.WaitingSignups != 2 || ev.WaitingPlaces != 3 || ev.PlacesLeft() != 0 || !ev.Full() {
			t.Fatalf("counts: taken %d, waiting %d (%d places)", ev.Taken, ev.WaitingSignups, ev.WaitingPlaces)
		}
		refusals := []struct {
			name   string
			change func(e *library.Event)
			key    string
		}{
			{"stale version", func(e *library.Event) { e.Version-- }, "error.event_changed"},
			{"fewer places than taken", func(e *library.Event) { e.Capacity = 2; e.MaxPlaces = 1 }, "error.event_capacity_taken"},
			{"registration off with sign-ups", func(e *library.Event) { e.Registration = false }, "error.event_has_signups"},
			{"back to a draft with sign-ups", func(e *library.Event) { e.Status = library.EventDraft }, "error.event_has_signups"},
			{"ends before it starts", func(e *library.Event) { e.End = e.Start.Add(-time.Hour) }, "error.event_end_before_start"},
		}
		for _, tt := range refusals {
			e := ev
			tt.change(&e)
			if _, err := db.UpdateEvent(f.ctx, f.editor, e, circNow); library.ErrorKey(err) != tt.key {
				t.Errorf("%s: %v; want %s", tt.name, err, tt.key)
			}
		}
		// Two more places: the first on the waiting list (2 places) gets them.
		e := ev
		e.Capacity = 5
		e.Title = library.Text{"fi": "Satutunti ja laulut"}
		got, err := db.UpdateEvent(f.ctx, f.editor, e, circNow)
		if err != nil {
			t.Fatal(err)
		}
		if got.Version != ev.Version+1 || got.Taken != 5 || got.WaitingSignups != 1 || got.Title["fi"] != "Satutunti ja laulut" {
			t.Errorf("after update: version %d, taken %d, waiting %d, title %v", got.Version, got.Taken, got.WaitingSignups, got.Title)
		}
		if n := count(t, db, `SELECT count(*) FROM notices WHERE kind = $1`, library.NoticeEventPromoted); n != 1 {
			t.Errorf("%d promotion notices, want 1", n)
		}
		if n := auditCount(t, db, library.AuditEventUpdate); n != 1 {
			t.Errorf("%d update entries, want 1", n)
		}
		// Cancelled events are not edited.
		if _, _, err := db.CancelEvent(f.ctx, f.editor, ev.ID, library.Text{"fi": "Esiintyjä sairastui."}, circNow); err != nil {
			t.Fatal(err)
		}
		got.Title = library.Text{"fi": "Uusi"}
		if _, err := db.UpdateEvent(f.ctx, f.editor, got, circNow); library.ErrorKey(err) != "error.event_cancelled" {
			t.Errorf("editing a cancelled event: %v", err)
		}
	})
}

func TestCancelEvent(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		f := newEventFixture(t, db)
		ev := f.create(t, func(e *library.Event) { e.Capacity = 1; e.MaxPlaces = 1 })
		sv := f.patron("Lindqvist, Saga", library.CategoryAdult, false)
		if err := store.ExecForTest(db, `UPDATE patrons SET lang = 'sv' WHERE id = $1`, sv.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := db.SignUp(f.ctx, library.SignupRequest{EventID: ev.ID, PatronID: sv.ID}, circNow); err != nil {
			t.Fatal(err)
		}
		f.signUp(t, ev.ID, 1, 1) // waiting
		gone := f.signUp(t, ev.ID, 2, 1)
		if _, err := db.CancelByToken(f.ctx, gone.Token, circNow); err != nil {
			t.Fatal(err)
		}

		if _, _, err := db.CancelEvent(f.ctx, f.editor, ev.ID, library.Text{"fi": " "}, circNow); library.ErrorKey(err) != "error.event_cancel_reason" {
			t.Errorf("no reason: %v", err)
		}
		reason := library.Text{"fi": "Esiintyjä sairastui.", "sv": "Artisten insjuknade."}
		got, told, err := db.CancelEvent(f.ctx, f.editor, ev.ID, reason, circNow)
		if err != nil {
			t.Fatal(err)
		}
		if told != 2 || !got.Cancelled() || !got.CancelledAt.Equal(circNow) || got.CancelReason["sv"] != reason["sv"] {
			t.Errorf("cancel: told %d, event %+v", told, got)
		}
		ns, err := db.Notices(f.ctx, sv.ID)
		if err != nil || len(ns) != 2 || ns[0].Kind != library.NoticeEventCancelled || ns[0].Params["reason"] != reason["sv"] ||
			ns[0].Params["title"] != "Sagostund" {
			t.Errorf("the patron's notices: %+v, %v; want the cancellation in Swedish first", ns, err)
		}
		if n := count(t, db, `SELECT count(*) FROM notices WHERE kind = $1 AND patron_id IS NULL`, library.NoticeEventCancelled); n != 1 {
			t.Errorf("%d cancellation notices to guests, want 1 (the one who cancelled is not told)", n)
		}
		// Still listed, marked cancelled; no more sign-ups.
		page, err := db.UpcomingEvents(f.ctx, library.EventFilter{}, circNow)
		if err != nil || page.Total != 1 || !page.Events[0].Cancelled() {
			t.Errorf("calendar after cancelling: %+v, %v", page, err)
		}
		if _, err := db.SignUp(f.ctx, library.SignupRequest{EventID: ev.ID, Guest: guest(3)}, circNow); library.ErrorKey(err) != "error.event_cancelled" {
			t.Errorf("sign-up for a cancelled event: %v", err)
		}
		if _, _, err := db.CancelEvent(f.ctx, f.editor, ev.ID, reason, circNow); library.ErrorKey(err) != "error.event_cancelled" {
			t.Errorf("cancelling twice: %v", err)
		}
		// An event that has ended is not cancelled.
		past := f.create(t, nil)
		if _, _, err := db.CancelEvent(f.ctx, f.editor, past.ID, reason, past.End); library.ErrorKey(err) != "error.event_ended" {
			t.Errorf("cancelling an ended event: %v", err)
		}
		// A scheduled event cancelled before its time never shows.
		sched := f.create(t, func(e *library.Event) { e.PublishAt = circNow.Add(time.Hour) })
		if _, _, err := db.CancelEvent(f.ctx, f.editor, sched.ID, reason, circNow); err != nil {
			t.Fatal(err)
		}
		if _, err := db.PublicEvent(f.ctx, sched.ID, circNow.Add(2*time.Hour)); err == nil {
			t.Error("a scheduled event cancelled before its time is public")
		}
		if n := auditCount(t, db, library.AuditEventCancel); n != 2 {
			t.Errorf("%d cancel entries, want 2", n)
		}
	})
}

func TestUpcomingEvents(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		f := newEventFixture(t, db)
		story := f.create(t, nil)
		cafe := f.create(t, func(e *library.Event) {
			e.Branch = "esp-iso-omena"
			e.Title = library.Text{"fi": "Kielikahvila", "en": "Language café"}
			e.Description = library.Text{"fi": "Puhutaan suomea yhdessä."}
			e.Category, e.Languages, e.Audiences = library.LanguageCafe, []string{"fi", "en"}, []string{library.ForAdults}
			e.Start, e.End = weekOn(2, 17), weekOn(2, 19)
			e.Registration = false
		})
		c := storyTime()
		c.Library, c.Branch, c.Room = "vantaa", "van-tikkurila", ""
		c.Title = library.Text{"fi": "Äänien ilta", "en": "An evening of voices"}
		c.Description = nil
		c.Category, c.Audiences, c.Languages = library.Concert, nil, nil
		c.Start, c.End = weekOn(20, 18), weekOn(20, 20)
		c.PriceCents = 1500
		c.Registration = false
		concert, err := db.CreateEvent(f.ctx, f.admin, c, circNow)
		if err != nil {
			t.Fatal(err)
		}
		exhibition := f.create(t, func(e *library.Event) { // running already
			e.Title, e.Description = library.Text{"fi": "Kuvitusnäyttely"}, nil
			e.Category, e.Start, e.End = library.Exhibition, circNow.AddDate(0, 0, -10), circNow.AddDate(0, 1, 0)
			e.Registration = false
		})
		f.create(t, func(e *library.Event) { e.Status = library.EventDraft })                   // never public
		f.create(t, func(e *library.Event) { e.PublishAt = weekOn(1, 8) })                      // scheduled
		f.create(t, func(e *library.Event) { e.Start, e.End = weekOn(-2, 10), weekOn(-2, 11) }) // ended
		ids := func(es []library.Event) []int64 {
			var out []int64
			for _, e := range es {
				out = append(out, e.ID)
			}
			return out
		}
		tests := []struct {
			name string
			f    library.EventFilter
			want []int64
		}{
			{"everything, by start", library.EventFilter{}, []int64{exhibition.ID, cafe.ID, story.ID, concert.ID}},
			{"a city", library.EventFilter{Library: "vantaa"}, []int64{concert.ID}},
			{"a branch", library.EventFilter{Branch: "esp-iso-omena"}, []int64{cafe.ID}},
			{"a day", library.EventFilter{From: library.LocalDate(weekOn(7, 0)), To: library.LocalDate(weekOn(7, 0))},
				[]int64{exhibition.ID, story.ID}},
			{"from a day on", library.EventFilter{From: library.LocalDate(weekOn(8, 0))}, []int64{exhibition.ID, concert.ID}},
			{"an audience", library.EventFilter{Audiences: []string{library.ForAdults, library.ForSeniors}}, []int64{cafe.ID}},
			{"categories", library.EventFilter{Categories: []string{library.Concert, library.StoryTime}}, []int64{story.ID, concert.ID}},
			{"a language", library.EventFilter{Languages: []string{"en"}}, []int64{cafe.ID}},
			{"free only", library.EventFilter{FreeOnly: true, Library: "vantaa"}, nil},
			{"a word in Swedish", library.EventFilter{Text: "SAGOR"}, []int64{story.ID}},
			{"accents folded", library.EventFilter{Text: "aanien"}, []int64{concert.ID}},
			{"every word must match", library.EventFilter{Text: "suomea café"}, []int64{cafe.ID}},
			{"no match", library.EventFilter{Text: "suomea konsertti"}, nil},
			{"a page", library.EventFilter{Limit: 2, Offset: 1}, []int64{cafe.ID, story.ID}},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				page, err := db.UpcomingEvents(f.ctx, tt.f, circNow)
				if err != nil {
					t.Fatal(err)
				}
				if diff := cmp.Diff(tt.want, ids(page.Events)); diff != "" {
					t.Errorf("events (-want +got):\n%s", diff)
				}
				if tt.f.Limit == 0 && page.Total != len(tt.want) {
					t.Errorf("total %d, want %d", page.Total, len(tt.want))
				}
				if tt.f.Limit != 0 && page.Total != 4 {
					t.Errorf("total of a page %d, want 4", page.Total)
				}
			})
		}
		for _, bad := range []library.EventFilter{{Audiences: []string{"%"}}, {Languages: []string{"fi' OR 1=1"}},
			{From: library.LocalDate(weekOn(2, 0)), To: library.LocalDate(weekOn(1, 0))}} {
			if _, err := db.UpcomingEvents(f.ctx, bad, circNow); library.ErrorCode(err) != library.EINVALID {
				t.Errorf("filter %+v: %v; want EINVALID", bad, err)
			}
		}
		// The scheduled one shows from its time.
		if page, _ := db.UpcomingEvents(f.ctx, library.EventFilter{}, weekOn(1, 9)); page.Total != 5 {
			t.Errorf("after the scheduled time: %d events, want 5", page.Total)
		}
		got, err := db.BranchEvents(f.ctx, "esp-sello", 1, circNow)
		if err != nil || !slices.Equal(ids(got), []int64{exhibition.ID}) {
			t.Errorf("BranchEvents = %v, %v", ids(got), err)
		}
		views := map[string]int{library.ViewUpcoming: 5, library.ViewDrafts: 1, library.ViewScheduled: 1, library.ViewPast: 1}
		for view, want := range views {
			page, err := db.StaffEvents(f.ctx, library.StaffEventFilter{View: view, Library: "espoo"}, circNow)
			if err != nil || page.Total != want {
				t.Errorf("staff view %s: %d, %v; want %d", view, page.Total, err, want)
			}
		}
	})
}

// TestEventErrorKeysNamed reads every "error.…" key in the source of the
// events (library/event*.go, store/event*.go) and the event notices'
// keys, and wants a text for each in every language.
func TestEventErrorKeysNamed(t *testing.T) {
	b, err := i18n.New()
	if err != nil {
		t.Fatal(err)
	}
	keys := map[string]bool{}
	for _, dir := range []string{".", "../library"} {
		files, _ := filepath.Glob(filepath.Join(dir, "event*.go"))
		for _, name := range files {
			if strings.HasSuffix(name, "_test.go") {
				continue
			}
			src, err := os.ReadFile(name)
			if err != nil {
				t.Fatal(err)
			}
			for _, k := range regexp.MustCompile(`"error\.[a-z_]+"`).FindAllString(string(src), -1) {
				if k = strings.Trim(k, `"`); !strings.HasSuffix(k, "_") { // "error.event_"+field: the fields' own tests cover them
					keys[k] = true
				}
			}
		}
	}
	if len(keys) < 40 {
		t.Fatalf("found only %d error keys in the events' source", len(keys))
	}
	for _, k := range []string{library.NoticeEventRegistered, library.NoticeEventWaiting, library.NoticeEventPromoted,
		library.NoticeEventCancelled, library.NoticeEventReminder} {
		keys["notice."+k+".subject"], keys["notice."+k+".body"], keys["notice.kind."+k] = true, true, true
	}
	for _, lang := range b.Languages() {
		for k := range keys {
			if !b.Has(lang, k) {
				t.Errorf("%s: no text for %s", lang, k)
			}
		}
	}
}
