package store_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/kirjasto/kirjasto/internal/library"
	"github.com/kirjasto/kirjasto/internal/store"
	"github.com/kirjasto/kirjasto/internal/store/storetest"
)

func TestSignupRefusals(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		f := newEventFixture(t, db)
		open := f.create(t, func(e *library.Event) { e.SignupOpens = weekOn(3, 9) })
		small := f.create(t, func(e *library.Event) { e.Capacity, e.MaxPlaces, e.WaitingList = 1, 1, false })
		draft := f.create(t, func(e *library.Event) { e.Status = library.EventDraft })
		walkIn := f.create(t, func(e *library.Event) { e.Registration = false })
		patron := f.patron("Virtanen, Aino", library.CategoryAdult, false)
		closed := f.patron("Suljettu, Sulo", library.CategoryAdult, false)
		if err := store.ExecForTest(db, `UPDATE patrons SET closed_at = $1 WHERE id = $2`, circNow, closed.ID); err != nil {
			t.Fatal(err)
		}
		signUp := func(id int64, s library.SignupRequest, now time.Time) error {
			s.EventID = id
			_, err := db.SignUp(f.ctx, s, now)
			return err
		}
		if err := signUp(open.ID, library.SignupRequest{PatronID: patron.ID}, weekOn(3, 9)); err != nil {
			t.Fatal(err)
		}
		if err := signUp(open.ID, library.SignupRequest{Guest: &library.Guest{Name: "Maija", Email: "Maija@Example.fi"}}, weekOn(3, 9)); err != nil {
			t.Fatal(err)
		}
		if err := signUp(small.ID, library.SignupRequest{Guest: guest(9)}, circNow); err != nil {
			t.Fatal(err)
		}
		tests := []struct {
			name string
			err  error
			key  string
		}{
			{"a draft", signUp(draft.ID, library.SignupRequest{Guest: guest(1)}, circNow), "error.event_not_found"},
			{"an unknown event", signUp(9999, library.SignupRequest{Guest: guest(1)}, circNow), "error.event_not_found"},
			{"before sign-up opens", signUp(open.ID, library.SignupRequest{Guest: guest(1)}, weekOn(3, 8)), "error.event_signup_not_open"},
			{"as the event starts", signUp(open.ID, library.SignupRequest{Guest: guest(1)}, open.Start), "error.event_started"},
			{"no registration", signUp(walkIn.ID, library.SignupRequest{Guest: guest(1)}, circNow), "error.event_no_registration"},
			{"more places than allowed", signUp(open.ID, library.SignupRequest{Guest: guest(1), Places: 5}, weekOn(3, 9)), "error.event_places"},
			{"the same card twice", signUp(open.ID, library.SignupRequest{PatronID: patron.ID}, weekOn(3, 10)), "error.event_already_signed_up"},
			{"the same address twice", signUp(open.ID, library.SignupRequest{Guest: &library.Guest{Name: "M", Email: "maija@example.FI"}}, weekOn(3, 10)),
				"error.event_already_signed_up"},
			{"a closed card", signUp(open.ID, library.SignupRequest{PatronID: closed.ID}, weekOn(3, 10)), "error.account_closed"},
			{"full without a waiting list", signUp(small.ID, library.SignupRequest{Guest: guest(1)}, circNow), "error.event_full"},
			{"a guest without contact", signUp(open.ID, library.SignupRequest{Guest: &library.Guest{Name: "M"}}, weekOn(3, 10)), "error.event_guest_contact"},
		}
		for _, tt := range tests {
			if library.ErrorKey(tt.err) != tt.key {
				t.Errorf("%s: %v; want %s", tt.name, tt.err, tt.key)
			}
		}
		if err := signUp(open.ID, library.SignupRequest{Guest: guest(1), Places: 5}, weekOn(3, 9)); library.ErrorCount(err) != 4 {
			t.Errorf("the places refusal tells the limit: count %d, want 4", library.ErrorCount(err))
		}
		// Nothing half-written: only the three sign-ups that were taken.
		if n := count(t, db, `SELECT count(*) FROM event_signups`); n != 3 {
			t.Errorf("%d sign-ups stored, want 3", n)
		}
		// After cancelling, the same card may sign up again.
		mine, err := db.PatronEvents(f.ctx, patron.ID, circNow)
		if err != nil || len(mine) != 1 || mine[0].Event.ID != open.ID {
			t.Fatalf("PatronEvents = %+v, %v", mine, err)
		}
		other := f.patron("Muu, Matti", library.CategoryAdult, false)
		if _, err := db.CancelSignup(f.ctx, other.ID, mine[0].Signup.ID, weekOn(3, 10)); library.ErrorCode(err) != library.ENOTFOUND {
			t.Errorf("cancelling another patron's sign-up: %v", err)
		}
		if _, err := db.CancelSignup(f.ctx, patron.ID, mine[0].Signup.ID, weekOn(3, 10)); err != nil {
			t.Fatal(err)
		}
		if err := signUp(open.ID, library.SignupRequest{PatronID: patron.ID}, weekOn(3, 11)); err != nil {
			t.Errorf("signing up again after cancelling: %v", err)
		}
		// The patron's own download has both, without a token.
		d, err := db.PersonalData(f.ctx, patron.ID)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, s := range d.EventSignups {
			got = append(got, fmt.Sprintf("%d %s %s %d", s.EventID, s.Title, s.Status, s.Places))
		}
		want := []string{fmt.Sprintf("%d Satutunti cancelled 1", open.ID), fmt.Sprintf("%d Satutunti registered 1", open.ID)}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("sign-ups in the personal data (-want +got):\n%s", diff)
		}
	})
}

func TestWaitingListAndPromotion(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		f := newEventFixture(t, db)
		ev := f.create(t, func(e *library.Event) { e.Capacity, e.MaxPlaces = 3, 3 })
		a := f.signUp(t, ev.ID, 1, 2)
		b := f.signUp(t, ev.ID, 2, 1)
		c := f.signUp(t, ev.ID, 3, 2)
		d := f.signUp(t, ev.ID, 4, 1)
		e := f.signUp(t, ev.ID, 5, 1)
		type st struct {
			Status   string
			Position int
		}
		states := func() map[string]st {
			t.Helper()
			list, err := db.Attendees(f.ctx, f.editor, ev.ID)
			if err != nil {
				t.Fatal(err)
			}
			m := map[string]st{}
			for _, a := range list.Attendees {
				m[a.Name] = st{a.Status, a.Position}
			}
			return m
		}
		want := map[string]st{"Vieras 1": {"registered", 0}, "Vieras 2": {"registered", 0},
			"Vieras 3": {"waiting", 1}, "Vieras 4": {"waiting", 2}, "Vieras 5": {"waiting", 3}}
		if diff := cmp.Diff(want, states()); diff != "" {
			t.Fatalf("sign-ups (-want +got):\n%s", diff)
		}
		if c.Signup.Position != 1 || e.Signup.Position != 3 || a.Signup.Position != 0 {
			t.Errorf("positions told at sign-up: %d, %d, %d", a.Signup.Position, c.Signup.Position, e.Signup.Position)
		}
		// One place frees: Vieras 3 needs two, so Vieras 4 gets it.
		if _, err := db.CancelByToken(f.ctx, b.Token, circNow); err != nil {
			t.Fatal(err)
		}
		want["Vieras 2"] = st{"cancelled", 0}
		want["Vieras 4"] = st{"registered", 0}
		want["Vieras 3"], want["Vieras 5"] = st{"waiting", 1}, st{"waiting", 2}
		if diff := cmp.Diff(want, states()); diff != "" {
			t.Fatalf("after one place freed (-want +got):\n%s", diff)
		}
		// Two places free: Vieras 3 gets both, Vieras 5 still waits.
		if _, err := db.StaffCancelSignup(f.ctx, f.desk, a.Signup.ID, circNow); err != nil {
			t.Fatal(err)
		}
		want["Vieras 1"], want["Vieras 3"], want["Vieras 5"] = st{"cancelled", 0}, st{"registered", 0}, st{"waiting", 1}
		if diff := cmp.Diff(want, states()); diff != "" {
			t.Fatalf("after two places freed (-want +got):\n%s", diff)
		}
		kinds := map[string]int{}
		rows, _ := db.RecentNotices(f.ctx, "espoo", 100)
		for _, n := range rows {
			kinds[n.Kind]++
			if !n.Guest || !strings.HasPrefix(n.PatronName, "Vieras ") {
				t.Errorf("outbox row %+v: want a guest by name", n)
			}
		}
		if diff := cmp.Diff(map[string]int{library.NoticeEventRegistered: 2, library.NoticeEventWaiting: 3, library.NoticeEventPromoted: 2}, kinds); diff != "" {
			t.Errorf("notices by kind (-want +got):\n%s", diff)
		}
		if rows, _ := db.RecentNotices(f.ctx, "helsinki", 100); len(rows) != 0 {
			t.Errorf("Espoo's guests in Helsinki's outbox: %+v", rows)
		}

		// The token: shown once, kept as a hash, good for the sign-up's page.
		if n := count(t, db, `SELECT count(*) FROM event_signups WHERE token_hash = $1`, d.Token); n != 0 {
			t.Error("a token stored as it is")
		}
		got, err := db.SignupByToken(f.ctx, d.Token)
		if err != nil || got.Signup.ID != d.Signup.ID || got.Event.ID != ev.ID || got.Signup.Status != library.SignupRegistered {
			t.Errorf("SignupByToken = %+v, %v", got, err)
		}
		if _, err := db.SignupByToken(f.ctx, "no-such-token"); library.ErrorKey(err) != "error.event_token" {
			t.Errorf("an unknown token: %v", err)
		}
		if _, err := db.CancelByToken(f.ctx, b.Token, circNow); library.ErrorKey(err) != "error.event_signup_cancelled" {
			t.Errorf("cancelling twice: %v", err)
		}
		if _, err := db.CancelByToken(f.ctx, d.Token, ev.Start); library.ErrorKey(err) != "error.event_started" {
			t.Errorf("cancelling after the start: %v", err)
		}
		// The link in the confirmation is the token's.
		var link string
		pending, _ := db.PendingNotices(f.ctx, 100)
		for _, n := range pending {
			if n.Guest != nil && n.Guest.Email == "vieras4@example.fi" && n.Kind == library.NoticeEventWaiting {
				link = n.Params["link"]
			}
		}
		if link != library.EventCancelPath(d.Token) {
			t.Errorf("link in the confirmation %q, want %q", link, library.EventCancelPath(d.Token))
		}

		// Attendance.
		if _, err := db.MarkAttendance(f.ctx, f.desk, e.Signup.ID, library.SignupAttended, ev.Start); library.ErrorKey(err) != "error.event_signup_no_place" {
			t.Errorf("marking someone on the waiting list: %v", err)
		}
		if _, err := db.MarkAttendance(f.ctx, f.desk, d.Signup.ID, "present", ev.Start); library.ErrorKey(err) != "error.event_attendance" {
			t.Errorf("a bad mark: %v", err)
		}
		s, err := db.MarkAttendance(f.ctx, f.desk, d.Signup.ID, library.SignupAttended, ev.Start)
		if err != nil || s.Status != library.SignupAttended || !s.Marked.Equal(ev.Start) {
			t.Errorf("MarkAttendance = %+v, %v", s, err)
		}
		if _, err := db.MarkAttendance(f.ctx, f.catalog, d.Signup.ID, library.SignupNoShow, ev.Start); library.ErrorCode(err) != library.EFORBIDDEN {
			t.Errorf("a cataloguer marking attendance: %v", err)
		}
		if ev, _ := db.Event(f.ctx, ev.ID); ev.Taken != 3 {
			t.Errorf("places taken %d with one marked attended; want 3", ev.Taken)
		}
	})
}

// TestSignupsAtOnce sends 50 sign-ups for 10 places at once: exactly 10
// get a place and 40 wait, at positions 1 to 40 without gaps or
// repeats, in the order the sign-ups were decided (each was told at
// once the position it keeps).
func TestSignupsAtOnce(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		f := newEventFixture(t, db)
		ev := f.create(t, func(e *library.Event) { e.Capacity, e.MaxPlaces = 10, 1 })
		out := make([]library.SignedUp, 50)
		errs := parallel(50, func(i int) error {
			var err error
			out[i], err = db.SignUp(f.ctx, library.SignupRequest{EventID: ev.ID, Guest: guest(i)}, circNow)
			return err
		})
		if got := tally(t, errs); got[""] != 50 {
			t.Fatalf("50 sign-ups: %v; want 50 successes", got)
		}
		told := map[string]library.Signup{}
		registered := 0
		for _, o := range out {
			told[o.Signup.Name] = o.Signup
			if o.Signup.Status == library.SignupRegistered {
				registered++
			}
		}
		if registered != 10 {
			t.Errorf("%d were told they have a place, want 10", registered)
		}
		list, err := db.Attendees(f.ctx, f.editor, ev.ID)
		if err != nil {
			t.Fatal(err)
		}
		var positions []int
		for i, a := range list.Attendees {
			want := library.SignupRegistered
			if i >= 10 {
				want = library.SignupWaiting
				positions = append(positions, a.Position)
			}
			if a.Status != want {
				t.Errorf("sign-up %d (%s) is %s, want %s", i, a.Name, a.Status, want)
			}
			if told[a.Name].Status != a.Status || told[a.Name].Position != a.Position {
				t.Errorf("%s was told %s at %d, and is %s at %d", a.Name, told[a.Name].Status, told[a.Name].Position, a.Status, a.Position)
			}
		}
		want := make([]int, 40)
		for i := range want {
			want[i] = i + 1
		}
		if !slices.Equal(positions, want) {
			t.Errorf("waiting positions in order of arrival %v, want 1..40", positions)
		}
		if ev, _ := db.Event(f.ctx, ev.ID); ev.Taken != 10 || ev.WaitingSignups != 40 {
			t.Errorf("event counts: %d taken, %d waiting", ev.Taken, ev.WaitingSignups)
		}
	})
}

// TestPromotionAtOnce cancels all ten places of a full event while ten
// more people sign up, all at once: the ten first on the waiting list
// get the places, in their order, the newcomers join the end of the
// list, and the event never holds more than its places.
func TestPromotionAtOnce(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		f := newEventFixture(t, db)
		ev := f.create(t, func(e *library.Event) { e.Capacity, e.MaxPlaces = 10, 1 })
		var first []library.SignedUp
		for i := range 30 {
			first = append(first, f.signUp(t, ev.ID, i, 1))
		}
		errs := parallel(20, func(i int) error {
			if i < 10 {
				_, err := db.CancelByToken(f.ctx, first[i].Token, circNow)
				return err
			}
			_, err := db.SignUp(f.ctx, library.SignupRequest{EventID: ev.ID, Guest: guest(100 + i)}, circNow)
			return err
		})
		if got := tally(t, errs); got[""] != 20 {
			t.Fatalf("10 cancellations and 10 sign-ups: %v", got)
		}
		list, err := db.Attendees(f.ctx, f.editor, ev.ID)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, a := range list.Attendees {
			got = append(got, fmt.Sprintf("%s %s %d", a.Name, a.Status, a.Position))
		}
		var want []string
		for i := 10; i < 20; i++ {
			want = append(want, fmt.Sprintf("Vieras %d registered 0", i))
		}
		for i := 20; i < 30; i++ {
			want = append(want, fmt.Sprintf("Vieras %d waiting %d", i, i-19))
		}
		var newcomers []string
		for _, a := range list.Attendees[20:30] {
			if a.Status != library.SignupWaiting || a.Position < 11 || a.Position > 20 || !strings.HasPrefix(a.Name, "Vieras 1") {
				t.Errorf("newcomer %+v: want waiting at 11..20", a)
			}
			newcomers = append(newcomers, fmt.Sprintf("%s %s %d", a.Name, a.Status, a.Position))
		}
		want = append(want, newcomers...)
		for i := range 10 {
			want = append(want, fmt.Sprintf("Vieras %d cancelled 0", i))
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("attendees (-want +got):\n%s", diff)
		}
		if ev, _ := db.Event(f.ctx, ev.ID); ev.Taken != 10 || ev.WaitingSignups != 20 {
			t.Errorf("event counts: %d taken, %d waiting; want 10 and 20", ev.Taken, ev.WaitingSignups)
		}
		if n := count(t, db, `SELECT count(*) FROM notices WHERE kind = $1`, library.NoticeEventPromoted); n != 10 {
			t.Errorf("%d promotion notices, want 10", n)
		}
	})
}

// TestEventReminders runs the reminder sweep on several nodes at once: each
// sign-up with a place is reminded once, a day before; those who signed up
// within that day, those waiting and those of a cancelled event are not.
func TestEventReminders(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		f := newEventFixture(t, db)
		ev := f.create(t, func(e *library.Event) { e.Capacity, e.MaxPlaces = 3, 1 })
		other := f.create(t, func(e *library.Event) { e.Start, e.End = ev.Start.Add(time.Hour), ev.End.Add(time.Hour) })
		aino := f.patron("Virtanen, Aino", library.CategoryAdult, false)
		if _, err := db.SignUp(f.ctx, library.SignupRequest{EventID: ev.ID, PatronID: aino.ID}, circNow); err != nil {
			t.Fatal(err)
		}
		f.signUp(t, ev.ID, 1, 1)
		f.signUp(t, ev.ID, 2, 1)    // the last place
		f.signUp(t, ev.ID, 3, 1)    // waits
		f.signUp(t, other.ID, 4, 1) // its event is cancelled
		if _, _, err := db.CancelEvent(f.ctx, f.editor, other.ID, library.Text{"fi": "Peruttu"}, circNow); err != nil {
			t.Fatal(err)
		}
		late, err := db.SignUp(f.ctx, library.SignupRequest{EventID: ev.ID, Guest: guest(5)}, ev.Start.Add(-2*time.Hour))
		if err != nil || late.Signup.Status != library.SignupWaiting {
			t.Fatalf("late sign-up %+v, %v", late.Signup, err)
		}
		if n, err := db.EventReminders(f.ctx, ev.Start.Add(-25*time.Hour)); err != nil || n != 0 {
			t.Errorf("two days before: %d reminders, %v", n, err)
		}
		counts := make([]int, 4)
		errs := parallel(4, func(i int) error {
			var err error
			counts[i], err = db.EventReminders(f.ctx, ev.Start.Add(-23*time.Hour))
			return err
		})
		if got := tally(t, errs); got[""] != 4 {
			t.Fatalf("sweeps: %v", got)
		}
		if sum := counts[0] + counts[1] + counts[2] + counts[3]; sum != 3 {
			t.Errorf("reminders queued %v, %d in all; want 3", counts, sum)
		}
		if n, _ := db.EventReminders(f.ctx, ev.Start.Add(-time.Hour)); n != 0 {
			t.Errorf("a later run reminded %d again", n)
		}
		ns, _ := db.Notices(f.ctx, aino.ID)
		if len(ns) != 2 || ns[0].Kind != library.NoticeEventReminder || ns[0].Params["time"] != "10:00" || ns[0].Params["date"] != "2026-11-30" {
			t.Errorf("Aino's notices %+v; want the reminder with the Helsinki date and time", ns)
		}
		if n := count(t, db, `SELECT count(*) FROM notices WHERE kind = $1`, library.NoticeEventReminder); n != 3 {
			t.Errorf("%d reminder notices, want 3", n)
		}
	})
}

func TestEraseEventGuests(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		f := newEventFixture(t, db)
		ev := f.create(t, nil)
		later := f.create(t, func(e *library.Event) { e.Start, e.End = weekOn(60, 10), weekOn(60, 11) })
		f.signUp(t, ev.ID, 1, 1)
		f.signUp(t, later.ID, 2, 1)
		aino := f.patron("Virtanen, Aino", library.CategoryAdult, false)
		if _, err := db.SignUp(f.ctx, library.SignupRequest{EventID: ev.ID, PatronID: aino.ID}, circNow); err != nil {
			t.Fatal(err)
		}
		if ns, err := db.ClaimNotices(f.ctx, 10, circNow); err != nil || len(ns) != 3 {
			t.Fatalf("claim %d, %v", len(ns), err)
		} else {
			for _, n := range ns {
				if err := db.FinishNotice(f.ctx, n.ID, library.DeliverySent, circNow); err != nil {
					t.Fatal(err)
				}
			}
		}
		if n, err := db.EraseEventGuests(f.ctx, ev.End.Add(library.GuestRetention-time.Minute)); err != nil || n != 0 {
			t.Errorf("before the retention: erased %d, %v", n, err)
		}
		n, err := db.EraseEventGuests(f.ctx, ev.End.Add(library.GuestRetention+time.Minute))
		if err != nil || n != 1 {
			t.Errorf("after the retention: erased %d, %v; want 1", n, err)
		}
		list, _ := db.Attendees(f.ctx, f.editor, ev.ID)
		var names []string
		for _, a := range list.Attendees {
			names = append(names, a.Name+"|"+a.Email)
		}
		if diff := cmp.Diff([]string{"|", "Virtanen, Aino|" + aino.Email}, names); diff != "" {
			t.Errorf("attendees after erasing (-want +got):\n%s", diff)
		}
		// The later event's guest keeps their sign-up's details; every
		// guest notice older than the retention loses its addressee.
		if n := count(t, db, `SELECT count(*) FROM event_signups WHERE guest_email <> ''`); n != 1 {
			t.Errorf("%d guests with details, want the later event's 1", n)
		}
		if n := count(t, db, `SELECT count(*) FROM notices WHERE patron_id IS NULL AND (guest_email <> '' OR params <> '{}')`); n != 0 {
			t.Errorf("%d guest notices keep an address or parameters", n)
		}
		if n := count(t, db, `SELECT count(*) FROM notices WHERE patron_id = $1 AND params <> '{}'`, aino.ID); n != 1 {
			t.Errorf("a patron's notice was erased")
		}
	})
}

// TestCloseAccountCancelsSignups closes the account of a patron who holds
// a place at a full event: the place goes to the first on the waiting
// list, and a sign-up to a past event stays as attendance.
func TestCloseAccountCancelsSignups(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		f := newEventFixture(t, db)
		full := f.create(t, func(e *library.Event) { e.Capacity, e.MaxPlaces = 2, 2 })
		past := f.create(t, func(e *library.Event) { e.Start, e.End = weekOn(1, 10), weekOn(1, 11) })
		aino := f.patron("Virtanen, Aino", library.CategoryAdult, false)
		for _, id := range []int64{full.ID, past.ID} {
			if _, err := db.SignUp(f.ctx, library.SignupRequest{EventID: id, PatronID: aino.ID}, circNow); err != nil {
				t.Fatal(err)
			}
		}
		f.signUp(t, full.ID, 1, 1)
		waiting := f.signUp(t, full.ID, 2, 1)
		if waiting.Signup.Status != library.SignupWaiting {
			t.Fatalf("the third sign-up for two places: %s", waiting.Signup.Status)
		}
		if err := db.CloseAccount(f.ctx, aino.ID, weekOn(2, 9)); err != nil {
			t.Fatal(err)
		}
		got, err := db.SignupByToken(f.ctx, waiting.Token)
		if err != nil || got.Signup.Status != library.SignupRegistered {
			t.Errorf("the waiting guest after the account closed: %+v, %v", got.Signup, err)
		}
		status := func(eventID int64, want string) int {
			return count(t, db, `SELECT count(*) FROM event_signups WHERE event_id = $1 AND patron_id = $2 AND status = $3`, eventID, aino.ID, want)
		}
		if status(full.ID, library.SignupCancelled) != 1 {
			t.Error("the closed account's place at a coming event is not cancelled")
		}
		if status(past.ID, library.SignupRegistered) != 1 {
			t.Error("the closed account's sign-up to a past event is not kept")
		}
	})
}

// TestEventMovedTellsSignups: moving an event in time or place tells
// everyone registered or waiting where it was and where it is now, and
// the reminder goes again for the new time; changing only its words
// tells nobody.
func TestEventMovedTellsSignups(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		f := newEventFixture(t, db)
		ev := f.create(t, func(e *library.Event) { e.Capacity, e.MaxPlaces = 1, 1 })
		aino := f.patron("Virtanen, Aino", library.CategoryAdult, false)
		if _, err := db.SignUp(f.ctx, library.SignupRequest{EventID: ev.ID, PatronID: aino.ID}, circNow); err != nil {
			t.Fatal(err)
		}
		f.signUp(t, ev.ID, 1, 1) // waits
		if err := store.ExecForTest(db, `UPDATE event_signups SET reminded_at = $1 WHERE event_id = $2`, circNow, ev.ID); err != nil {
			t.Fatal(err)
		}
		changed := func() []library.Notice {
			t.Helper()
			all, err := db.PendingNotices(f.ctx, 100)
			if err != nil {
				t.Fatal(err)
			}
			var out []library.Notice
			for _, n := range all {
				if n.Kind == library.NoticeEventChanged {
					out = append(out, n)
				}
			}
			return out
		}
		ev.Description = library.Text{"fi": "Uusia satuja."}
		ev, err := db.UpdateEvent(f.ctx, f.editor, ev, circNow)
		if err != nil {
			t.Fatal(err)
		}
		if n := changed(); len(n) != 0 {
			t.Fatalf("a new description told %d people", len(n))
		}
		was := ev.Start
		ev.Start, ev.End = ev.Start.Add(24*time.Hour), ev.End.Add(24*time.Hour)
		if _, err := db.UpdateEvent(f.ctx, f.editor, ev, circNow); err != nil {
			t.Fatal(err)
		}
		got := changed()
		if len(got) != 2 {
			t.Fatalf("moving the event told %d, want the registered patron and the waiting guest", len(got))
		}
		for _, n := range got {
			if n.Params["was_date"] != library.LocalDate(was).String() || n.Params["date"] != library.LocalDate(ev.Start).String() {
				t.Errorf("notice params %v: want it moved from %s to %s", n.Params, library.LocalDate(was), library.LocalDate(ev.Start))
			}
		}
		if n := count(t, db, `SELECT count(*) FROM event_signups WHERE event_id = $1 AND reminded_at IS NOT NULL`, ev.ID); n != 0 {
			t.Errorf("%d sign-ups still marked reminded for the old time", n)
		}
	})
}
