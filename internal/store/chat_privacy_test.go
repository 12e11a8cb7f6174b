package store_test

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/kirjasto/kirjasto/internal/library"
	"github.com/kirjasto/kirjasto/internal/store"
	"github.com/kirjasto/kirjasto/internal/store/storetest"
)

// pendingOf returns the waiting notices of a kind.
func (f *chatFixture) pendingOf(kind string) []library.Notice {
	f.t.Helper()
	ns, err := f.db.PendingNotices(f.ctx, 100)
	if err != nil {
		f.t.Fatal(err)
	}
	var out []library.Notice
	for _, n := range ns {
		if n.Kind == kind {
			out = append(out, n)
		}
	}
	return out
}

// TestChatTranscript: a guest's transcript goes to the address they
// give, a patron's to their own, written in the language asked for with
// the system messages in words; a chat sends only a few.
func TestChatTranscript(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		f := newChatFixture(t, db)
		c, secret := f.open("Olga", "", "Здравствуйте!")
		if _, err := db.TakeChat(f.ctx, f.helsinki, c.ID, circNow.Add(time.Minute)); err != nil {
			t.Fatal(err)
		}
		if _, err := db.PostStaff(f.ctx, f.helsinki, c.ID, "<b>Добрый день</b>", circNow.Add(2*time.Minute)); err != nil {
			t.Fatal(err)
		}
		last, err := db.PostResident(f.ctx, c.ID, secret, "Спасибо", circNow)
		if err != nil {
			t.Fatal(err)
		}
		// A message from a node whose clock is behind moves the last
		// message on, but not its time back.
		if got, _ := db.ResidentChat(f.ctx, c.ID, secret); got.LastMessageID != last.ID || !got.LastMessageAt.Equal(circNow.Add(2*time.Minute)) {
			t.Errorf("last message %d at %v", got.LastMessageID, got.LastMessageAt)
		}

		err = db.SendTranscript(f.ctx, c.ID, secret, "", "ru", circNow)
		wantKey(t, err, "error.chat_email_required")
		err = db.SendTranscript(f.ctx, c.ID, secret, "not an address", "ru", circNow)
		wantKey(t, err, "error.chat_email")
		err = db.SendTranscript(f.ctx, c.ID, "wrong", "olga@example.org", "ru", circNow)
		wantKey(t, err, "error.chat_not_found")
		if n := f.pendingOf(library.NoticeChatTranscript); len(n) != 0 {
			t.Fatalf("refused transcripts queued: %+v", n)
		}

		if err := db.SendTranscript(f.ctx, c.ID, secret, " olga@example.org ", "ru", circNow.Add(3*time.Minute)); err != nil {
			t.Fatal(err)
		}
		ns := f.pendingOf(library.NoticeChatTranscript)
		if len(ns) != 1 || ns[0].Guest == nil || ns[0].Guest.Email != "olga@example.org" || ns[0].Guest.Lang != "ru" ||
			ns[0].Channel != library.ChannelEmail || ns[0].Params["date"] != "2026-11-23" {
			t.Fatalf("queued %+v", ns)
		}
		want := "10:00 Вы:\nЗдравствуйте!\n\n10:01 Библиотека:\nК чату присоединился сотрудник библиотеки: hki-desk.\n\n" +
			"10:02 hki-desk:\n<b>Добрый день</b>\n\n10:00 Вы:\nСпасибо"
		if got := ns[0].Params["transcript"]; got != want {
			t.Errorf("transcript:\n%s\nwant\n%s", got, want)
		}
		// A language the catalogues do not have is the chat's.
		if err := db.SendTranscript(f.ctx, c.ID, secret, "olga@example.org", "xx", circNow.Add(4*time.Minute)); err != nil {
			t.Fatal(err)
		}
		if err := db.SendTranscript(f.ctx, c.ID, secret, "olga@example.org", "en", circNow.Add(5*time.Minute)); err != nil {
			t.Fatal(err)
		}
		ns = f.pendingOf(library.NoticeChatTranscript)
		if len(ns) != 3 || ns[1].Guest.Lang != "ru" || !strings.Contains(ns[2].Params["transcript"], "10:00 You:") {
			t.Errorf("queued %+v", ns)
		}
		err = db.SendTranscript(f.ctx, c.ID, secret, "olga@example.org", "ru", circNow)
		wantKey(t, err, "error.chat_transcript_limit")

		// A patron's goes to their own address when they give none.
		p := f.patron("Virtanen, Aino", library.CategoryAdult, false)
		pc, psecret, err := db.OpenChat(f.ctx, library.Chat{Queue: "helsinki", PatronID: p.ID, Name: "Aino", Lang: "fi"}, "Hei", circNow)
		if err != nil {
			t.Fatal(err)
		}
		if err := db.SendTranscript(f.ctx, pc.ID, psecret, "", "fi", circNow); err != nil {
			t.Fatal(err)
		}
		mine := f.notices(p.ID)
		if len(mine) != 1 || mine[0].Kind != library.NoticeChatTranscript || mine[0].Channel != library.ChannelEmail ||
			mine[0].Params["transcript"] != "10:00 Sinä:\nHei" {
			t.Errorf("patron's notices %+v", mine)
		}
	})
}

// TestChatSweep: the sweep ends idle chats and chats still waiting when
// the hours are over, and erases chats past the retention down to their
// counts and times; nothing opens an erased chat.
func TestChatSweep(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		f := newChatFixture(t, db)
		// Chat hours until 17: at 16:45 a chat waiting since 16:30 goes on waiting.
		idle, idleSecret := f.open("Idle", "client-idle", "Hei")
		if _, err := db.TakeChat(f.ctx, f.helsinki, idle.ID, circNow); err != nil {
			t.Fatal(err)
		}
		lively, _ := f.open("Lively", "", "Hei")
		if _, err := db.TakeChat(f.ctx, f.helsinki, lively.ID, circNow); err != nil {
			t.Fatal(err)
		}
		late := circNow.Add(6*time.Hour + 30*time.Minute) // 16:30
		if _, err := db.PostStaff(f.ctx, f.helsinki, lively.ID, "Vielä", late); err != nil {
			t.Fatal(err)
		}
		if err := db.SetOnDuty(f.ctx, f.helsinki, []string{"helsinki"}, late.Add(time.Hour)); err != nil {
			t.Fatal(err)
		}
		waiting, _, err := db.OpenChat(f.ctx, library.Chat{Queue: "helsinki"}, "Ehdinkö?", late)
		if err != nil {
			t.Fatal(err)
		}
		sweep := func(at time.Time) int {
			t.Helper()
			n, err := db.AnonymiseChats(f.ctx, at)
			if err != nil {
				t.Fatal(err)
			}
			return n
		}
		status := func(id int64) library.Chat {
			t.Helper()
			c, err := db.StaffChat(f.ctx, f.admin, id)
			if err != nil {
				t.Fatal(err)
			}
			return c
		}
		if n := sweep(late.Add(15 * time.Minute)); n != 1 || status(idle.ID).EndedBy != library.ChatEndedIdle {
			t.Errorf("at 16:45: %d ended, idle chat %+v", n, status(idle.ID))
		}
		if status(lively.ID).Status != library.ChatActive || status(waiting.ID).Status != library.ChatWaiting {
			t.Errorf("at 16:45: lively %+v, waiting %+v", status(lively.ID), status(waiting.ID))
		}
		if n := sweep(late.Add(15 * time.Minute)); n != 0 {
			t.Errorf("the second sweep ended %d", n)
		}
		if n := sweep(late.Add(30 * time.Minute)); n != 1 || status(waiting.ID).EndedBy != library.ChatEndedClosing {
			t.Errorf("at 17:00: %d ended, waiting chat %+v", n, status(waiting.ID))
		}
		ms := f.messages(idle.ID, 0)
		if got := said(ms[len(ms)-1:]); !slices.Equal(got, []string{"system:chat.system.ended.idle"}) {
			t.Errorf("idle chat's last message %q", got)
		}

		// The retention: 30 days by default, or what the consortium sets.
		ended := status(idle.ID).Ended
		before := ended.Add(library.DefaultChatRetention - time.Minute)
		if n := sweep(before); n != 1 { // lively is idle by now
			t.Errorf("before the retention: %d", n)
		}
		if got := f.messages(idle.ID, 0); got[0].Text != "Hei" {
			t.Errorf("erased before the retention: %q", said(got))
		}
		if err := db.PutSetting(f.ctx, library.ChatSettingsKey, library.ChatSettings{Queue: library.ChatQueueLibrary, RetentionDays: 7}); err != nil {
			t.Fatal(err)
		}
		if n := sweep(before.Add(time.Minute)); n != 2 {
			t.Errorf("past a retention of 7 days: %d erased, want the idle and the waiting chat", n)
		}
		if n := sweep(before.Add(time.Minute)); n != 0 {
			t.Errorf("erased again: %d", n)
		}
		if n := sweep(before.Add(8 * 24 * time.Hour)); n != 1 {
			t.Errorf("the lively chat 8 days after it ended: %d erased", n)
		}
		c := status(idle.ID)
		if c.Name != "" || c.PatronID != 0 || c.Status != library.ChatEnded || !c.Created.Equal(idle.Created) || c.StaffID != f.helsinki.ID {
			t.Errorf("erased chat %+v", c)
		}
		for _, m := range f.messages(idle.ID, 0) {
			if (m.From != library.ChatFromSystem && m.Text != "") || m.Author != "" || len(m.Params) != 0 {
				t.Errorf("erased message %+v", m)
			}
		}
		_, err = db.ResidentChat(f.ctx, idle.ID, idleSecret)
		wantKey(t, err, "error.chat_not_found")
	})
}

// TestChatClosedAccount: closing an account ends and erases the
// patron's chats at once.
func TestChatClosedAccount(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		f := newChatFixture(t, db)
		p := f.patron("Virtanen, Aino", library.CategoryAdult, false)
		c, secret, err := db.OpenChat(f.ctx, library.Chat{Queue: "helsinki", PatronID: p.ID, Name: "Aino", Client: "k"}, "Salainen asia", circNow)
		if err != nil {
			t.Fatal(err)
		}
		other, _ := f.open("Olga", "", "Hei")
		// A duplicate account's chats follow it to the kept one.
		dup := f.patron("Virtanen, Aino", library.CategoryAdult, false)
		if _, _, err := db.OpenChat(f.ctx, library.Chat{Queue: "helsinki", PatronID: dup.ID}, "Toinen tili", circNow); err != nil {
			t.Fatal(err)
		}
		if res, err := db.MergePatrons(f.ctx, f.admin, p.ID, dup.ID, circNow); err != nil || res.Moved["chats"] != 1 {
			t.Fatalf("merged %+v, %v", res, err)
		}
		// The patron's download has their chats.
		d, err := db.PersonalData(f.ctx, p.ID)
		if err != nil || len(d.Chats) != 2 || d.Chats[0].ID != c.ID || d.Chats[0].Library != "helsinki" ||
			len(d.Chats[0].Messages) != 1 || d.Chats[0].Messages[0].Text != "Salainen asia" || d.Chats[1].Messages[0].Text != "Toinen tili" {
			t.Fatalf("personal data: %+v, %v", d.Chats, err)
		}
		if err := db.CloseAccount(f.ctx, p.ID, circNow.Add(time.Minute)); err != nil {
			t.Fatal(err)
		}
		got, err := db.StaffChat(f.ctx, f.admin, c.ID)
		if err != nil || got.Status != library.ChatEnded || got.PatronID != 0 || got.Name != "" {
			t.Errorf("closed account's chat %+v, %v", got, err)
		}
		for _, m := range f.messages(c.ID, 0) {
			if m.From == library.ChatFromResident && m.Text != "" {
				t.Errorf("kept %+v", m)
			}
		}
		_, err = db.ResidentChat(f.ctx, c.ID, secret)
		wantKey(t, err, "error.chat_not_found")
		if got := f.messages(other.ID, 0); got[0].Text != "Hei" {
			t.Errorf("another's chat erased: %q", said(got))
		}
		if d, err := db.PersonalData(f.ctx, p.ID); err != nil || len(d.Chats) != 0 {
			t.Errorf("after closing: %+v, %v", d.Chats, err)
		}
	})
}
