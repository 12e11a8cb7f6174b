package store_test

import (
	"strconv"
	"testing"
	"time"

	"github.com/kirjasto/kirjasto/internal/library"
	"github.com/kirjasto/kirjasto/internal/store"
	"github.com/kirjasto/kirjasto/internal/store/storetest"
)

// TestAskInbox: a library administrator sets the library's ask inbox, and
// from then on a new question, feedback or purchase suggestion for the
// library queues a notice to it with the new item, and none for a
// library without an inbox; branch staff and other cities cannot set it.
func TestAskInbox(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		f := newAskFixture(t, db)
		hkiAdmin := f.staff("hki-admin", library.RoleLibraryAdmin, "hki-oodi")
		vanAdmin := f.staff("van-admin", library.RoleLibraryAdmin, "van-tikkurila")
		p := f.patron("Virtanen, Aino", library.CategoryAdult, false)

		inbox := library.AskInbox{Email: " kysy@hel.example.fi ", Lang: "sv"}
		espAdmin := f.staff("esp-admin", library.RoleLibraryAdmin, "esp-sello")
		wantKey(t, db.SetAskInbox(f.ctx, f.helsinki, "helsinki", inbox, circNow), "error.staff_role")
		wantKey(t, db.SetAskInbox(f.ctx, espAdmin, "helsinki", inbox, circNow), "error.staff_other_library")
		wantKey(t, db.SetAskInbox(f.ctx, hkiAdmin, "helsinki", library.AskInbox{Email: "not an address"}, circNow), "error.ask_inbox")
		if in, err := db.AskInbox(f.ctx, "helsinki"); err != nil || in.Email != "" {
			t.Fatalf("Helsinki's inbox before: %+v, %v", in, err)
		}
		if err := db.SetAskInbox(f.ctx, hkiAdmin, "helsinki", inbox, circNow); err != nil {
			t.Fatal(err)
		}
		if err := db.SetAskInbox(f.ctx, vanAdmin, "vantaa", library.AskInbox{Email: "kysy@vantaa.example.fi"}, circNow); err != nil {
			t.Fatal(err)
		}
		if in, err := db.AskInbox(f.ctx, "helsinki"); err != nil || in != (library.AskInbox{Email: "kysy@hel.example.fi", Lang: "sv"}) {
			t.Fatalf("Helsinki's inbox: %+v, %v", in, err)
		}
		if es := f.audited(library.AuditAskInbox); len(es) != 2 {
			t.Errorf("audited %+v", es)
		}

		q, err := db.Ask(f.ctx, library.Question{Library: "helsinki", Topic: library.QTopicLoans, Text: "Eräpäivä?",
			Sender: library.Sender{PatronID: p.ID}}, circNow)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := db.Ask(f.ctx, library.Question{Library: "espoo", Topic: library.QTopicLoans, Text: "Espoo has no inbox",
			Sender: library.Sender{PatronID: p.ID}}, circNow); err != nil {
			t.Fatal(err)
		}
		fb, err := db.SendFeedback(f.ctx, library.Feedback{Kind: library.FeedbackPraise, Library: "helsinki", Text: "Kiitos",
			Sender: library.Sender{GuestName: "Guest"}}, circNow.Add(time.Minute))
		if err != nil {
			t.Fatal(err)
		}
		s, err := db.Suggest(f.ctx, library.PurchaseSuggestion{PatronID: p.ID, Library: "vantaa", Title: "Muumipeikko"}, circNow.Add(2*time.Minute))
		if err != nil {
			t.Fatal(err)
		}
		ns, err := db.PendingNotices(f.ctx, 100)
		if err != nil {
			t.Fatal(err)
		}
		var got []library.Notice
		for _, n := range ns {
			if n.PatronID == 0 && n.Guest != nil {
				got = append(got, n)
			}
		}
		if len(got) != 3 {
			t.Fatalf("the inboxes' notices: %+v", got)
		}
		want := []struct {
			kind, email, lang, id, link string
		}{
			{library.NoticeAskNewQuestion, "kysy@hel.example.fi", "sv", itoa(q.ID), library.StaffQuestionPath(q.ID)},
			{library.NoticeAskNewFeedback, "kysy@hel.example.fi", "sv", itoa(fb.ID), library.StaffFeedbackPath(fb.ID)},
			{library.NoticeAskNewSuggestion, "kysy@vantaa.example.fi", "fi", itoa(s.ID), library.StaffSuggestionsPath},
		}
		for i, w := range want {
			n := got[i]
			if n.Kind != w.kind || n.Guest.Email != w.email || n.Guest.Lang != w.lang || n.Params["id"] != w.id ||
				n.Params["link"] != w.link || n.Channel != library.ChannelEmail {
				t.Errorf("notice %d: %+v (guest %+v), want %+v", i, n, n.Guest, w)
			}
		}
		if got[0].Params["topic"] != library.QTopicLoans || got[2].Params["title"] != "Muumipeikko" {
			t.Errorf("the notices' params: %v, %v", got[0].Params, got[2].Params)
		}

		// An empty address removes the inbox: nothing more is queued.
		if err := db.SetAskInbox(f.ctx, hkiAdmin, "helsinki", library.AskInbox{}, circNow); err != nil {
			t.Fatal(err)
		}
		if in, _ := db.AskInbox(f.ctx, "helsinki"); in.Email != "" {
			t.Errorf("removed inbox is %+v", in)
		}
		if _, err := db.Ask(f.ctx, library.Question{Library: "helsinki", Topic: library.QTopicLoans, Text: "Again",
			Sender: library.Sender{PatronID: p.ID}}, circNow); err != nil {
			t.Fatal(err)
		}
		if after, _ := db.PendingNotices(f.ctx, 100); len(after) != len(ns) {
			t.Errorf("%d notices after the inbox was removed, were %d", len(after), len(ns))
		}
	})
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
