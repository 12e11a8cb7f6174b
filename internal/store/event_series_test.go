package store_test

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/kirjasto/kirjasto/internal/library"
	"github.com/kirjasto/kirjasto/internal/store"
	"github.com/kirjasto/kirjasto/internal/store/storetest"
)

// octNow is Monday 5 October 2026, 9:00 in Helsinki: three weeks before
// summer time ends.
var octNow = time.Date(2026, time.October, 5, 9, 0, 0, 0, library.Helsinki).UTC()

// occurrence is how a test sees one occurrence: its date of the rule, its
// Helsinki start, title and state.
type occurrence struct {
	Date      library.Date
	Start     string // Helsinki wall-clock "2006-01-02 15:04"
	Title     string
	Status    string
	Changed   bool
	SignedUps int
}

func occurrences(t *testing.T, db *store.DB, seriesID int64) (map[library.Date]library.Event, []occurrence) {
	t.Helper()
	s, err := db.EventSeries(t.Context(), seriesID)
	if err != nil {
		t.Fatal(err)
	}
	byDate := map[library.Date]library.Event{}
	var out []occurrence
	for _, e := range s.Occurrences {
		byDate[e.OccurrenceDate] = e
		out = append(out, occurrence{e.OccurrenceDate, e.Start.In(library.Helsinki).Format("2006-01-02 15:04"),
			e.Title["fi"], e.Status, e.Changed, e.Taken + e.WaitingSignups})
	}
	return byDate, out
}

func TestEventSeries(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		f := newEventFixture(t, db)
		s := library.Series{Template: storyTime(), SignupDays: 7, Rule: library.Recurrence{
			Weekdays: []time.Weekday{time.Monday}, From: date(2026, 10, 5), Count: 8,
			Start: library.NewClock(10, 0), End: library.NewClock(10, 45), Except: []library.Date{date(2026, 10, 19)}}}
		ch, err := db.CreateSeries(f.ctx, f.editor, s, octNow)
		if err != nil {
			t.Fatal(err)
		}
		if ch.Created != 7 || len(ch.Series.Occurrences) != 7 {
			t.Fatalf("created %d occurrences, series has %d; want 7", ch.Created, len(ch.Series.Occurrences))
		}
		s = ch.Series
		byDate, _ := occurrences(t, db, s.ID)
		// 10:00 in Helsinki is 07:00 UTC in summer time, 08:00 UTC after.
		if got := byDate[date(2026, 10, 12)].Start; !got.Equal(time.Date(2026, 10, 12, 7, 0, 0, 0, time.UTC)) {
			t.Errorf("12 October starts %s", got)
		}
		if got := byDate[date(2026, 10, 26)].Start; !got.Equal(time.Date(2026, 10, 26, 8, 0, 0, 0, time.UTC)) {
			t.Errorf("26 October starts %s", got)
		}
		if got := byDate[date(2026, 10, 26)].SignupOpens; !got.Equal(time.Date(2026, 10, 18, 21, 0, 0, 0, time.UTC)) {
			t.Errorf("sign-up for 26 October opens %s; want midnight a week before, Helsinki time", got)
		}

		// One-off changes: another time and room on 12 October, 2 November
		// cancelled; someone signs up for 9 November.
		moved := byDate[date(2026, 10, 12)]
		moved.Start, moved.End, moved.Room = moved.Start.Add(time.Hour), moved.End.Add(time.Hour), "Kuutio"
		if _, err := db.UpdateEvent(f.ctx, f.editor, moved, octNow); err != nil {
			t.Fatal(err)
		}
		if _, _, err := db.CancelEvent(f.ctx, f.editor, byDate[date(2026, 11, 2)].ID, library.Text{"fi": "Syysloma"}, octNow); err != nil {
			t.Fatal(err)
		}
		if _, err := db.SignUp(f.ctx, library.SignupRequest{EventID: byDate[date(2026, 11, 9)].ID, Guest: guest(1)}, octNow.AddDate(0, 0, 29)); err != nil {
			t.Fatal(err)
		}

		// The series moves to 10:30, runs until 30 November, skips 16
		// November, and gets a new title.
		s.Template.Title = library.Text{"fi": "Satutunti ja loruja"}
		s.Rule.Count, s.Rule.Until = 0, date(2026, 11, 30)
		s.Rule.Start, s.Rule.End = library.NewClock(10, 30), library.NewClock(11, 15)
		s.Rule.Except = append(s.Rule.Except, date(2026, 11, 16))
		stale := s
		ch, err = db.UpdateSeries(f.ctx, f.editor, s, octNow)
		if err != nil {
			t.Fatal(err)
		}
		if ch.Created != 1 || ch.Updated != 3 || ch.Removed != 1 || len(ch.Kept) != 3 {
			t.Errorf("series edit: %d new, %d updated, %d removed, %d kept; want 1, 3, 1, 3", ch.Created, ch.Updated, ch.Removed, len(ch.Kept))
		}
		kept := map[library.Date]string{}
		for _, k := range ch.Kept {
			if !k.InRule {
				t.Errorf("kept %s is off the rule", k.Event.OccurrenceDate)
			}
			kept[k.Event.OccurrenceDate] = k.Reason
		}
		if diff := cmp.Diff(map[library.Date]string{date(2026, 10, 12): library.KeptChanged, date(2026, 11, 2): library.KeptChanged,
			date(2026, 11, 9): library.KeptSignups}, kept); diff != "" {
			t.Errorf("kept (-want +got):\n%s", diff)
		}
		after, got := occurrences(t, db, s.ID)
		const title, newTitle = "Satutunti", "Satutunti ja loruja"
		want := []occurrence{
			{date(2026, 10, 5), "2026-10-05 10:30", newTitle, "published", false, 0},
			{date(2026, 10, 12), "2026-10-12 11:00", title, "published", true, 0},
			{date(2026, 10, 26), "2026-10-26 10:30", newTitle, "published", false, 0},
			{date(2026, 11, 2), "2026-11-02 10:00", title, "cancelled", true, 0},
			{date(2026, 11, 9), "2026-11-09 10:00", title, "published", false, 1},
			{date(2026, 11, 23), "2026-11-23 10:30", newTitle, "published", false, 0},
			{date(2026, 11, 30), "2026-11-30 10:30", newTitle, "published", false, 0},
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("occurrences after the edit (-want +got):\n%s", diff)
		}
		for _, d := range []library.Date{date(2026, 10, 5), date(2026, 10, 26), date(2026, 11, 23)} {
			if after[d].ID != byDate[d].ID {
				t.Errorf("%s was made again (ID %d, was %d): an edit keeps its links", d, after[d].ID, byDate[d].ID)
			}
		}
		if _, err := db.UpdateSeries(f.ctx, f.editor, stale, octNow); library.ErrorKey(err) != "error.event_changed" {
			t.Errorf("an edit from a stale version: %v", err)
		}

		// Three weeks on: the past stays as it was.
		later := time.Date(2026, time.October, 27, 12, 0, 0, 0, time.UTC)
		s = ch.Series
		s.Template.Title = library.Text{"fi": "Satutunti talvella"}
		if _, err := db.UpdateSeries(f.ctx, f.editor, s, later); err != nil {
			t.Fatal(err)
		}
		_, got = occurrences(t, db, s.ID)
		if got[2].Title != newTitle || got[5].Title != "Satutunti talvella" {
			t.Errorf("after an edit on 27 October: 26 October %q, 23 November %q", got[2].Title, got[5].Title)
		}
		page, err := db.UpcomingEvents(f.ctx, library.EventFilter{SeriesID: s.ID}, later)
		if err != nil || page.Total != 4 {
			t.Errorf("the series' coming occurrences: %d, %v; want 4 (2 November cancelled, still listed)", page.Total, err)
		}

		// Cancelling the series cancels what is to come and tells who signed up.
		s, _ = db.EventSeries(f.ctx, s.ID)
		ch, err = db.CancelSeries(f.ctx, f.editor, s.ID, library.Text{"fi": "Satuhuone remontissa"}, later)
		if err != nil {
			t.Fatal(err)
		}
		if ch.Cancelled != 3 || ch.Series.CancelledAt.IsZero() {
			t.Errorf("CancelSeries cancelled %d (want 9, 23 and 30 November), at %v", ch.Cancelled, ch.Series.CancelledAt)
		}
		if n := count(t, db, `SELECT count(*) FROM notices WHERE kind = $1`, library.NoticeEventCancelled); n != 1 {
			t.Errorf("%d cancellation notices, want 1 (the guest of 9 November)", n)
		}
		s, _ = db.EventSeries(f.ctx, s.ID)
		if _, err := db.UpdateSeries(f.ctx, f.editor, s, later); library.ErrorKey(err) != "error.event_series_cancelled" {
			t.Errorf("editing a cancelled series: %v", err)
		}
		for _, action := range []string{library.AuditSeriesCreate, library.AuditSeriesCancel} {
			if n := auditCount(t, db, action); n != 1 {
				t.Errorf("%d %s entries, want 1", n, action)
			}
		}
		if n := auditCount(t, db, library.AuditSeriesUpdate); n != 2 {
			t.Errorf("%d series update entries, want 2", n)
		}
	})
}

func TestEventSeriesRefusals(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		f := newEventFixture(t, db)
		rule := library.Recurrence{Weekdays: []time.Weekday{time.Monday}, From: date(2026, 9, 7), Count: 3,
			Start: library.NewClock(10, 0), End: library.NewClock(11, 0)}
		tests := []struct {
			name   string
			by     library.Staff
			change func(s *library.Series)
			key    string
		}{
			{"every date past", f.editor, func(s *library.Series) {}, "error.event_series_past"},
			{"never ends", f.editor, func(s *library.Series) { s.Rule.Count = 0 }, "error.event_series_endless"},
			{"no Finnish title", f.editor, func(s *library.Series) {
				s.Rule.From = date(2026, 12, 7)
				s.Template.Title = library.Text{"en": "Story time"}
			},
				"error.event_title_required"},
			{"another city", f.editor, func(s *library.Series) {
				s.Rule.From = date(2026, 12, 7)
				s.Template.Library, s.Template.Branch = "vantaa", "van-tikkurila"
			}, "error.staff_other_library"},
		}
		for _, tt := range tests {
			s := library.Series{Template: storyTime(), Rule: rule}
			tt.change(&s)
			if _, err := db.CreateSeries(f.ctx, tt.by, s, circNow); library.ErrorKey(err) != tt.key {
				t.Errorf("%s: %v; want %s", tt.name, err, tt.key)
			}
		}
		if n := count(t, db, `SELECT count(*) FROM events`) + count(t, db, `SELECT count(*) FROM event_series`); n != 0 {
			t.Errorf("refused series left %d rows", n)
		}
		if _, err := db.EventSeries(f.ctx, 42); library.ErrorKey(err) != "error.event_series_not_found" {
			t.Errorf("an unknown series: %v", err)
		}
	})
}

// TestSeriesEditWhileSigningUp shortens a series while people sign up for
// the dates it drops, all at once: a sign-up either fails (its date is
// gone) or keeps its date, which the edit then leaves in place. No
// sign-up that was confirmed is lost with a removed date.
func TestSeriesEditWhileSigningUp(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		f := newEventFixture(t, db)
		s := library.Series{Template: storyTime(), Rule: library.Recurrence{Weekdays: []time.Weekday{time.Monday},
			From: date(2026, 11, 30), Count: 10, Start: library.NewClock(10, 0), End: library.NewClock(11, 0)}}
		ch, err := db.CreateSeries(f.ctx, f.editor, s, circNow)
		if err != nil {
			t.Fatal(err)
		}
		s = ch.Series
		occ := s.Occurrences
		s.Rule.Count = 2
		var edit library.SeriesChange
		errs := parallel(9, func(i int) error {
			if i == 8 {
				var err error
				edit, err = db.UpdateSeries(f.ctx, f.editor, s, circNow)
				return err
			}
			_, err := db.SignUp(f.ctx, library.SignupRequest{EventID: occ[2+i].ID, Guest: guest(i)}, circNow)
			return err
		})
		got := tally(t, errs)
		if errs[8] != nil {
			t.Fatalf("the edit failed: %v", errs[8])
		}
		signed := got[""] - 1
		if got[""]+got["error.event_not_found"] != 9 {
			t.Fatalf("outcomes %v", got)
		}
		if n := count(t, db, `SELECT count(*) FROM event_signups`); n != signed {
			t.Errorf("%d sign-ups stored, %d confirmed", n, signed)
		}
		if len(edit.Kept) != signed || edit.Removed != 8-signed {
			t.Errorf("the edit kept %d and removed %d, with %d sign-ups confirmed", len(edit.Kept), edit.Removed, signed)
		}
	})
}
