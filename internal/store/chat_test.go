package store_test

import (
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/kirjasto/kirjasto/internal/library"
	"github.com/kirjasto/kirjasto/internal/store"
	"github.com/kirjasto/kirjasto/internal/store/storetest"
)

// chatFixture is the ask fixture with Helsinki's chat open on Mondays
// from 9 to 17 and its desk on duty (circNow is a Monday at 10).
type chatFixture struct {
	*askFixture
}

func newChatFixture(t *testing.T, db *store.DB) *chatFixture {
	t.Helper()
	f := &chatFixture{newAskFixture(t, db)}
	f.hours("helsinki", library.ChatSlot{Weekday: time.Monday, Open: "09:00", Close: "17:00"})
	f.onDuty(f.helsinki, "helsinki")
	return f
}

func (f *chatFixture) hours(queue string, slots ...library.ChatSlot) {
	f.t.Helper()
	if err := f.db.SetChatHours(f.ctx, f.admin, queue, slots, circNow); err != nil {
		f.t.Fatal(err)
	}
}

func (f *chatFixture) onDuty(st library.Staff, queues ...string) {
	f.t.Helper()
	if err := f.db.SetOnDuty(f.ctx, st, queues, circNow.Add(time.Hour)); err != nil {
		f.t.Fatal(err)
	}
}

// open opens a guest's chat at Helsinki.
func (f *chatFixture) open(name, client, first string) (library.Chat, string) {
	f.t.Helper()
	c, secret, err := f.db.OpenChat(f.ctx, library.Chat{Queue: "helsinki", Name: name, Lang: "ru", Client: client}, first, circNow)
	if err != nil {
		f.t.Fatal(err)
	}
	return c, secret
}

func (f *chatFixture) messages(id, after int64) []library.ChatMessage {
	f.t.Helper()
	ms, err := f.db.Messages(f.ctx, id, after, 0)
	if err != nil {
		f.t.Fatal(err)
	}
	return ms
}

// said returns the messages as "from:text" for comparing.
func said(ms []library.ChatMessage) []string {
	var out []string
	for _, m := range ms {
		s := m.From + ":" + m.Text
		if m.Params["name"] != "" {
			s += "(" + m.Params["name"] + ")"
		}
		out = append(out, s)
	}
	return out
}

// TestChatOpen: a chat opens only within its queue's hours with someone
// on duty who may answer it, and never for a client shut out.
func TestChatOpen(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		f := newChatFixture(t, db)
		isOpen := func(queue string, now time.Time) bool {
			t.Helper()
			ok, err := db.ChatOpen(f.ctx, queue, now)
			if err != nil {
				t.Fatal(err)
			}
			return ok
		}
		if !isOpen("helsinki", circNow) {
			t.Error("Helsinki is closed on Monday at 10 with its desk on duty")
		}
		if isOpen("helsinki", circNow.Add(7*time.Hour)) {
			t.Error("Helsinki is open at 17, when its hours are over")
		}
		if isOpen("helsinki", circNow.Add(-2*time.Hour)) {
			t.Error("Helsinki is open at 8")
		}
		if isOpen("helsinki", circNow.Add(2*time.Hour)) {
			t.Error("Helsinki is open at 12 when the duty ended at 11")
		}
		if isOpen("espoo", circNow) {
			t.Error("Espoo, with no hours, is open")
		}
		// Espoo's hours and Helsinki's desk on duty do not open Espoo.
		f.hours("espoo", library.ChatSlot{Weekday: time.Monday, Open: "08:00", Close: "24:00"})
		if isOpen("espoo", circNow) {
			t.Error("Espoo is open with nobody of Espoo on duty")
		}
		if err := db.SetOnDuty(f.ctx, f.helsinki, []string{"espoo"}, circNow.Add(time.Hour)); library.ErrorCode(err) != library.EFORBIDDEN {
			t.Errorf("Helsinki's desk on duty for Espoo: %v", err)
		}
		f.onDuty(f.espoo, "espoo")
		if !isOpen("espoo", circNow) {
			t.Error("Espoo is closed with its desk on duty")
		}
		// Going off duty closes it again.
		f.onDuty(f.espoo)
		if isOpen("espoo", circNow) {
			t.Error("Espoo is open after its desk went off duty")
		}

		for _, c := range []struct {
			name  string
			chat  library.Chat
			first string
			key   string
		}{
			{"empty", library.Chat{Queue: "helsinki"}, " \n ", "error.chat_empty"},
			{"too long", library.Chat{Queue: "helsinki"}, strings.Repeat("я", library.MaxChatMessage+1), "error.chat_too_long"},
			{"no such library", library.Chat{Queue: "turku"}, "Hei", "error.chat_queue"},
			{"closed", library.Chat{Queue: "espoo"}, "Hei", "error.chat_closed"},
			{"long name", library.Chat{Queue: "helsinki", Name: strings.Repeat("n", library.MaxChatName+1)}, "Hei", "error.chat_name_too_long"},
		} {
			_, _, err := db.OpenChat(f.ctx, c.chat, c.first, circNow)
			if got := library.ErrorKey(err); got != c.key {
				t.Errorf("%s: error %v, want %s", c.name, err, c.key)
			}
		}
		if _, _, err := db.OpenChat(f.ctx, library.Chat{Queue: "helsinki"}, strings.Repeat("я", library.MaxChatMessage), circNow); err != nil {
			t.Errorf("a message of %d characters: %v", library.MaxChatMessage, err)
		}

		// The consortium's switch turns the chat off everywhere.
		if err := db.PutSetting(f.ctx, library.ChatSettingsKey, library.ChatSettings{Queue: library.ChatQueueLibrary, Disabled: true}); err != nil {
			t.Fatal(err)
		}
		if isOpen("helsinki", circNow) {
			t.Error("a disabled chat is open")
		}
		_, _, err := db.OpenChat(f.ctx, library.Chat{Queue: "helsinki"}, "Hei", circNow)
		wantKey(t, err, "error.chat_closed")
	})
}

// TestChatConversation takes a guest's chat through waiting, taken,
// handed over and ended, with what each side may and may not do, the
// system messages the resident sees and the audit trail.
func TestChatConversation(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		f := newChatFixture(t, db)
		c, secret := f.open("Olga", "client-1", "  Здравствуйте!  ")
		if c.ID == 0 || secret == "" || c.Status != library.ChatWaiting || c.Queue != "helsinki" || c.Name != "Olga" || c.Lang != "ru" {
			t.Fatalf("opened %+v, secret %q", c, secret)
		}
		if !c.Created.Equal(circNow) || c.LastMessageID == 0 || !c.LastMessageAt.Equal(circNow) {
			t.Errorf("opened %+v", c)
		}
		if got, err := db.ResidentChat(f.ctx, c.ID, secret); err != nil || got.ID != c.ID {
			t.Errorf("resident chat: %+v, %v", got, err)
		}
		for _, s := range []string{"", "wrong", secret + "x"} {
			_, err := db.ResidentChat(f.ctx, c.ID, s)
			wantKey(t, err, "error.chat_not_found")
			_, err = db.PostResident(f.ctx, c.ID, s, "Hei", circNow)
			wantKey(t, err, "error.chat_not_found")
		}
		m, err := db.PostResident(f.ctx, c.ID, secret, "Есть ли у вас книги на русском?", circNow.Add(time.Second))
		if err != nil || m.ID <= c.LastMessageID || m.From != library.ChatFromResident {
			t.Fatalf("post: %+v, %v", m, err)
		}
		_, err = db.PostResident(f.ctx, c.ID, secret, "\t", circNow)
		wantKey(t, err, "error.chat_empty")
		// NUL, which PostgreSQL refuses in text, is dropped with the
		// other control characters.
		m, err = db.PostResident(f.ctx, c.ID, secret, "a\x00b", circNow.Add(2*time.Second))
		if err != nil || m.Text != "ab" {
			t.Fatalf("a message with NUL: %+v, %v", m, err)
		}

		// Staff see it waiting; Espoo's desk neither sees Helsinki's
		// queue (the caller passes its queues) nor may take it.
		q, err := db.ChatQueue(f.ctx, []string{"helsinki"})
		if err != nil || len(q) != 1 || q[0].ID != c.ID || q[0].LastMessageID != m.ID || !q[0].LastMessageAt.Equal(m.Sent) || q[0].Status != library.ChatWaiting {
			t.Fatalf("queue: %+v, %v", q, err)
		}
		if q, _ := db.ChatQueue(f.ctx, []string{"espoo"}); len(q) != 0 {
			t.Errorf("Espoo's queue: %+v", q)
		}
		if _, err := db.TakeChat(f.ctx, f.espoo, c.ID, circNow); library.ErrorCode(err) != library.EFORBIDDEN {
			t.Errorf("Espoo takes Helsinki's chat: %v", err)
		}
		if _, err := db.StaffChat(f.ctx, f.espoo, c.ID); library.ErrorCode(err) != library.EFORBIDDEN {
			t.Errorf("Espoo reads Helsinki's chat: %v", err)
		}
		if _, err := db.TakeChat(f.ctx, f.cataloguer, c.ID, circNow); library.ErrorCode(err) != library.EFORBIDDEN {
			t.Errorf("a cataloguer takes a chat: %v", err)
		}
		// Nobody writes to a chat before taking it.
		_, err = db.PostStaff(f.ctx, f.helsinki, c.ID, "Hei", circNow)
		wantKey(t, err, "error.chat_not_yours")

		taken, err := db.TakeChat(f.ctx, f.helsinki, c.ID, circNow.Add(time.Minute))
		if err != nil || taken.Status != library.ChatActive || taken.StaffID != f.helsinki.ID || taken.Staff != "hki-desk" ||
			!taken.Taken.Equal(circNow.Add(time.Minute)) {
			t.Fatalf("taken: %+v, %v", taken, err)
		}
		_, err = db.TakeChat(f.ctx, f.helsinki2, c.ID, circNow)
		wantKey(t, err, "error.chat_taken")
		_, err = db.PostStaff(f.ctx, f.helsinki2, c.ID, "Hei", circNow)
		wantKey(t, err, "error.chat_not_yours")
		if _, err := db.PostStaff(f.ctx, f.helsinki, c.ID, "Да, конечно.", circNow.Add(2*time.Minute)); err != nil {
			t.Fatal(err)
		}

		// A colleague must be able to answer the queue.
		_, err = db.HandOver(f.ctx, f.helsinki, c.ID, f.espoo.ID, circNow)
		wantKey(t, err, "error.chat_colleague")
		_, err = db.HandOver(f.ctx, f.helsinki, c.ID, f.helsinki.ID, circNow)
		wantKey(t, err, "error.chat_colleague")
		handed, err := db.HandOver(f.ctx, f.helsinki, c.ID, f.helsinki2.ID, circNow.Add(3*time.Minute))
		if err != nil || handed.StaffID != f.helsinki2.ID || !handed.Taken.Equal(taken.Taken) {
			t.Fatalf("handed over: %+v, %v", handed, err)
		}
		_, err = db.PostStaff(f.ctx, f.helsinki, c.ID, "Hei", circNow)
		wantKey(t, err, "error.chat_not_yours")
		if _, err := db.PostStaff(f.ctx, f.helsinki2, c.ID, "Я продолжу.", circNow.Add(4*time.Minute)); err != nil {
			t.Fatal(err)
		}

		ended, err := db.EndByStaff(f.ctx, f.helsinki2, c.ID, false, circNow.Add(5*time.Minute))
		if err != nil || ended.Status != library.ChatEnded || ended.EndedBy != library.ChatEndedByStaff || !ended.Ended.Equal(circNow.Add(5*time.Minute)) {
			t.Fatalf("ended: %+v, %v", ended, err)
		}
		_, err = db.PostResident(f.ctx, c.ID, secret, "Спасибо", circNow.Add(6*time.Minute))
		wantKey(t, err, "error.chat_ended")
		_, err = db.PostStaff(f.ctx, f.helsinki2, c.ID, "Hei", circNow)
		wantKey(t, err, "error.chat_ended")
		_, err = db.EndByStaff(f.ctx, f.helsinki2, c.ID, false, circNow)
		wantKey(t, err, "error.chat_ended")
		if again, err := db.EndByResident(f.ctx, c.ID, secret, circNow.Add(7*time.Minute)); err != nil || again.EndedBy != library.ChatEndedByStaff {
			t.Errorf("the resident ends an ended chat: %+v, %v", again, err)
		}

		all := f.messages(c.ID, 0)
		want := []string{"resident:Здравствуйте!", "resident:Есть ли у вас книги на русском?", "resident:ab",
			"system:chat.system.taken(hki-desk)", "staff:Да, конечно.", "system:chat.system.handed_over(hki-desk2)",
			"staff:Я продолжу.", "system:chat.system.ended.staff(hki-desk2)"}
		if got := said(all); !slices.Equal(got, want) {
			t.Errorf("messages:\n got %q\nwant %q", got, want)
		}
		for i := 1; i < len(all); i++ {
			if all[i].ID <= all[i-1].ID {
				t.Errorf("message IDs do not grow: %d after %d", all[i].ID, all[i-1].ID)
			}
		}
		if all[4].Author != "hki-desk" {
			t.Errorf("staff message's author %q", all[4].Author)
		}
		// A client resumes after the last message it has.
		if got := said(f.messages(c.ID, all[4].ID)); !slices.Equal(got, want[5:]) {
			t.Errorf("after %d: %q", all[4].ID, got)
		}
		if got := f.messages(c.ID, all[len(all)-1].ID); len(got) != 0 {
			t.Errorf("after the last: %q", said(got))
		}
		if q, _ := db.ChatQueue(f.ctx, []string{"helsinki"}); len(q) != 0 {
			t.Errorf("an ended chat in the queue: %+v", q)
		}
		for _, a := range []string{library.AuditChatTake, library.AuditChatHandOver, library.AuditChatEnd} {
			es := f.audited(a)
			if len(es) != 1 || es[0].Library != "helsinki" || !strings.Contains(es[0].Detail, fmt.Sprint(c.ID)) || strings.Contains(es[0].Detail, "Olga") {
				t.Errorf("audit %s: %+v", a, es)
			}
		}
	})
}

// TestChatResidentEnds: a resident ends their chat, which leaves the
// queue, with the system message that says so.
func TestChatResidentEnds(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		f := newChatFixture(t, db)
		c, secret := f.open("", "", "Hei")
		ended, err := db.EndByResident(f.ctx, c.ID, secret, circNow.Add(time.Minute))
		if err != nil || ended.Status != library.ChatEnded || ended.EndedBy != library.ChatEndedByResident {
			t.Fatalf("ended: %+v, %v", ended, err)
		}
		_, err = db.TakeChat(f.ctx, f.helsinki, c.ID, circNow)
		wantKey(t, err, "error.chat_ended")
		if got := said(f.messages(c.ID, 0)); !slices.Equal(got, []string{"resident:Hei", "system:chat.system.ended.resident"}) {
			t.Errorf("messages %q", got)
		}
	})
}

// TestChatConsortiumQueue: with one queue for the consortium every
// resident's chat goes to it and every member library's desk answers it.
func TestChatConsortiumQueue(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		f := newChatFixture(t, db)
		if err := db.PutSetting(f.ctx, library.ChatSettingsKey, library.ChatSettings{Queue: library.ChatQueueConsortium}); err != nil {
			t.Fatal(err)
		}
		_, _, err := db.OpenChat(f.ctx, library.Chat{Queue: "vantaa"}, "Hei", circNow)
		wantKey(t, err, "error.chat_closed") // the consortium queue has no hours yet
		// Its hours are the consortium's to set.
		slot := library.ChatSlot{Weekday: time.Monday, Open: "09:00", Close: "20:00"}
		if err := db.SetChatHours(f.ctx, f.helsinki, "", []library.ChatSlot{slot}, circNow); library.ErrorCode(err) != library.EFORBIDDEN {
			t.Errorf("branch staff set the consortium's hours: %v", err)
		}
		f.hours("", slot)
		f.onDuty(f.espoo, "")
		c, _, err := db.OpenChat(f.ctx, library.Chat{Queue: "vantaa"}, "Hei", circNow)
		if err != nil || c.Queue != "" {
			t.Fatalf("opened %+v, %v", c, err)
		}
		if q, err := db.ChatQueue(f.ctx, []string{""}); err != nil || len(q) != 1 {
			t.Errorf("consortium queue: %+v, %v", q, err)
		}
		if _, err := db.TakeChat(f.ctx, f.vantaa, c.ID, circNow); err != nil {
			t.Errorf("Vantaa's desk takes a consortium chat: %v", err)
		}
		if _, err := db.TakeChat(f.ctx, f.cataloguer, c.ID, circNow); library.ErrorCode(err) != library.EFORBIDDEN {
			t.Errorf("a cataloguer: %v", err)
		}
	})
}

// TestChatTakeRace: librarians taking one chat at once; exactly one
// gets it, the others are told it is taken.
func TestChatTakeRace(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		f := newChatFixture(t, db)
		staff := []library.Staff{f.helsinki, f.helsinki2, f.admin}
		for i := range 5 {
			staff = append(staff, f.staff(fmt.Sprintf("hki-%d", i), library.RoleBranchStaff, "hki-oodi"))
		}
		for round := range 3 {
			c, _ := f.open("", "", fmt.Sprintf("Kierros %d", round))
			var wg sync.WaitGroup
			errs := make([]error, len(staff))
			start := make(chan struct{})
			for i, st := range staff {
				wg.Add(1)
				go func() {
					defer wg.Done()
					<-start
					_, errs[i] = db.TakeChat(f.ctx, st, c.ID, circNow.Add(time.Minute))
				}()
			}
			close(start)
			wg.Wait()
			winner := int64(0)
			for i, err := range errs {
				switch {
				case err == nil:
					if winner != 0 {
						t.Errorf("round %d: two won", round)
					}
					winner = staff[i].ID
				case library.ErrorKey(err) == "error.chat_taken":
				default:
					t.Errorf("round %d: %v", round, err)
				}
			}
			got, err := db.StaffChat(f.ctx, f.admin, c.ID)
			if err != nil || winner == 0 || got.StaffID != winner {
				t.Errorf("round %d: winner %d, chat %+v, %v", round, winner, got, err)
			}
			var taken int
			for _, m := range f.messages(c.ID, 0) {
				if m.Text == library.ChatSystemTaken {
					taken++
				}
			}
			if taken != 1 {
				t.Errorf("round %d: %d taken messages", round, taken)
			}
		}
	})
}

// TestChatRateLimit: a resident's messages past ChatMessagesPerMinute
// are refused, counted in the database when requests come at once.
func TestChatRateLimit(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		f := newChatFixture(t, db)
		c, secret := f.open("", "", "1") // the first counts too
		const tries = library.ChatMessagesPerMinute + 15
		var wg sync.WaitGroup
		errs := make([]error, tries)
		start := make(chan struct{})
		for i := range tries {
			wg.Add(1)
			go func() {
				defer wg.Done()
				<-start
				_, errs[i] = db.PostResident(f.ctx, c.ID, secret, fmt.Sprint(i), circNow.Add(10*time.Second))
			}()
		}
		close(start)
		wg.Wait()
		ok, refused := 0, 0
		for _, err := range errs {
			switch {
			case err == nil:
				ok++
			case library.ErrorKey(err) == "error.chat_rate":
				refused++
			default:
				t.Error(err)
			}
		}
		if ok != library.ChatMessagesPerMinute-1 || refused != tries-ok {
			t.Errorf("%d posted, %d refused; want %d posted", ok, refused, library.ChatMessagesPerMinute-1)
		}
		if n := len(f.messages(c.ID, 0)); n != library.ChatMessagesPerMinute {
			t.Errorf("%d messages kept", n)
		}
		// Staff are not limited, and a minute later the resident may go on.
		if _, err := db.PostResident(f.ctx, c.ID, secret, "vielä", circNow.Add(61*time.Second)); err != nil {
			t.Errorf("a minute later: %v", err)
		}
	})
}

// TestChatAbuse: a chat staff end as abusive shuts its client out of
// the chat for ChatBlockTime, and a signed-in patron too.
func TestChatAbuse(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		f := newChatFixture(t, db)
		p := f.patron("Virtanen, Aino", library.CategoryAdult, false)
		c, _, err := db.OpenChat(f.ctx, library.Chat{Queue: "helsinki", PatronID: p.ID, Client: "bad-client"}, "!!!", circNow)
		if err != nil {
			t.Fatal(err)
		}
		tab, tabSecret := f.open("", "bad-client", "another tab")
		elsewhere, elsewhereSecret, err := db.OpenChat(f.ctx, library.Chat{Queue: "helsinki", PatronID: p.ID, Client: "elsewhere"}, "Hei", circNow)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := db.PostResident(f.ctx, tab.ID, tabSecret, "!!!", circNow); err != nil {
			t.Fatal(err)
		}
		ended, err := db.EndByStaff(f.ctx, f.helsinki, c.ID, true, circNow)
		if err != nil || ended.EndedBy != library.ChatEndedAbuse {
			t.Fatalf("ended %+v, %v", ended, err)
		}
		if len(f.audited(library.AuditChatEndAbuse)) != 1 {
			t.Error("no audit of the abusive session")
		}
		// The client's other tab is shut out too, and the patron's.
		_, err = db.PostResident(f.ctx, tab.ID, tabSecret, "!!!", circNow.Add(time.Second))
		wantKey(t, err, "error.chat_blocked")
		_, err = db.PostResident(f.ctx, elsewhere.ID, elsewhereSecret, "!!!", circNow.Add(time.Second))
		wantKey(t, err, "error.chat_blocked")
		_, _, err = db.OpenChat(f.ctx, library.Chat{Queue: "helsinki", Client: "bad-client"}, "Hei", circNow.Add(time.Minute))
		wantKey(t, err, "error.chat_blocked")
		_, _, err = db.OpenChat(f.ctx, library.Chat{Queue: "helsinki", PatronID: p.ID, Client: "other"}, "Hei", circNow.Add(time.Minute))
		wantKey(t, err, "error.chat_blocked")
		if _, _, err := db.OpenChat(f.ctx, library.Chat{Queue: "helsinki", Client: "good-client"}, "Hei", circNow.Add(time.Minute)); err != nil {
			t.Errorf("another client: %v", err)
		}
		// The block ends (Tuesday 10:00 is outside the hours: add Tuesday's).
		f.hours("helsinki", library.ChatSlot{Weekday: time.Tuesday, Open: "09:00", Close: "17:00"})
		if err := db.SetOnDuty(f.ctx, f.helsinki, []string{"helsinki"}, circNow.Add(library.ChatBlockTime+time.Hour)); err != nil {
			t.Fatal(err)
		}
		if _, _, err := db.OpenChat(f.ctx, library.Chat{Queue: "helsinki", Client: "bad-client"}, "Hei", circNow.Add(library.ChatBlockTime+time.Minute)); err != nil {
			t.Errorf("after the block: %v", err)
		}
	})
}

// TestChatResume: while the resident and the librarian write at once, a
// client that keeps asking for the messages after the last one it has
// receives every message, in order: within a chat IDs commit in order.
func TestChatResume(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		f := newChatFixture(t, db)
		c, secret := f.open("", "", "0")
		if _, err := db.TakeChat(f.ctx, f.helsinki, c.ID, circNow); err != nil {
			t.Fatal(err)
		}
		const each = 20
		var wg sync.WaitGroup
		errs := make(chan error, 2*each)
		for i := range each {
			wg.Add(2)
			go func() {
				defer wg.Done()
				_, err := db.PostResident(f.ctx, c.ID, secret, fmt.Sprint("r", i), circNow)
				errs <- err
			}()
			go func() {
				defer wg.Done()
				_, err := db.PostStaff(f.ctx, f.helsinki, c.ID, fmt.Sprint("s", i), circNow)
				errs <- err
			}()
		}
		done := make(chan struct{})
		go func() { wg.Wait(); close(done) }()
		var seen []int64
		last := int64(0)
		poll := func() {
			ms, err := db.Messages(f.ctx, c.ID, last, 0)
			if err != nil {
				t.Error(err)
				return
			}
			for _, m := range ms {
				seen = append(seen, m.ID)
				last = m.ID
			}
		}
		for running := true; running; {
			select {
			case <-done:
				running = false
			default:
			}
			poll()
		}
		poll()
		close(errs)
		for err := range errs {
			if err != nil {
				t.Error(err)
			}
		}
		var all []int64
		for _, m := range f.messages(c.ID, 0) {
			all = append(all, m.ID)
		}
		if len(all) != 2+2*each || !slices.Equal(seen, all) {
			t.Errorf("polled %d messages %v,\nthe chat has %d %v", len(seen), seen, len(all), all)
		}
	})
}
