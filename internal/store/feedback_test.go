package store_test

import (
	"strings"
	"testing"
	"time"

	"github.com/kirjasto/kirjasto/internal/library"
	"github.com/kirjasto/kirjasto/internal/store"
	"github.com/kirjasto/kirjasto/internal/store/storetest"
)

// TestFeedbackFlow: feedback on a branch, on a library and on the web
// service, handled by the staff who reach it; only consented, answered
// feedback is published, and only in staff's own words.
func TestFeedbackFlow(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		f := newAskFixture(t, db)
		p := f.patron("Virtanen, Aino", library.CategoryAdult, false)

		_, err := db.SendFeedback(f.ctx, library.Feedback{Kind: library.FeedbackIdea, Library: "helsinki", Branch: "esp-sello", Text: "x",
			Sender: library.Sender{PatronID: p.ID}}, circNow)
		wantKey(t, err, "error.feedback_branch")
		_, err = db.SendFeedback(f.ctx, library.Feedback{Kind: "rant", Library: "helsinki", Text: "x"}, circNow)
		wantKey(t, err, "error.feedback_kind")
		_, err = db.SendFeedback(f.ctx, library.Feedback{Kind: library.FeedbackIdea, Library: "helsinki", Text: ""}, circNow)
		wantKey(t, err, "error.feedback_empty")
		_, err = db.SendFeedback(f.ctx, library.Feedback{Kind: library.FeedbackIdea, Library: "helsinki", Text: "x",
			Sender: library.Sender{GuestEmail: "not an address"}}, circNow)
		wantKey(t, err, "error.ask_guest_email")

		praise, err := db.SendFeedback(f.ctx, library.Feedback{Kind: library.FeedbackPraise, Library: "helsinki", Branch: "hki-oodi",
			Text: "Ihana kirjasto, kiitos Liisalle!", Consent: true, Sender: library.Sender{PatronID: p.ID}}, circNow)
		if err != nil {
			t.Fatal(err)
		}
		// A guest who left no contact details cannot be told the answer.
		anon, err := db.SendFeedback(f.ctx, library.Feedback{Kind: library.FeedbackComplaint, Library: "helsinki",
			Text: "Too cold in the reading room. — Matti, 040 123 4567", Consent: true}, circNow)
		if err != nil || anon.Answerable() {
			t.Fatalf("anonymous feedback: %+v, %v", anon, err)
		}
		web, err := db.SendFeedback(f.ctx, library.Feedback{Kind: library.FeedbackIdea, Text: "Dark mode, please.",
			Sender: library.Sender{GuestName: "Guest", GuestEmail: "guest@example.org", Lang: "en"}}, circNow)
		if err != nil {
			t.Fatal(err)
		}

		// The web service's feedback is the consortium's: Helsinki's staff
		// cannot take it, the administrator can.
		_, err = db.AssignFeedback(f.ctx, f.helsinki, web.ID, f.helsinki.ID, circNow)
		wantKey(t, err, "error.staff_other_library")
		_, err = db.AssignFeedback(f.ctx, f.admin, web.ID, f.helsinki.ID, circNow)
		wantKey(t, err, "error.ask_assignee")
		if w, err := db.AssignFeedback(f.ctx, f.admin, web.ID, f.admin.ID, circNow); err != nil || w.Status != library.AskAssigned {
			t.Fatalf("web feedback assigned: %+v, %v", w, err)
		}
		_, err = db.AnswerFeedback(f.ctx, f.espoo, praise.ID, "Kiitos!", circNow)
		wantKey(t, err, "error.staff_other_library")

		list, err := db.ListFeedback(f.ctx, library.AskFilter{Libraries: []string{"helsinki"}})
		if err != nil || len(list) != 2 {
			t.Fatalf("Helsinki's feedback: %+v, %v", list, err)
		}

		// Not answered yet: nothing to publish.
		_, err = db.PublishFeedback(f.ctx, f.helsinki, praise.ID, "Kiitos henkilökunnalle.", "Kiitos!", circNow)
		wantKey(t, err, "error.ask_status")

		answered := circNow.Add(time.Hour)
		if _, err := db.AnswerFeedback(f.ctx, f.helsinki, praise.ID, "Kiitos, välitämme terveiset!", answered); err != nil {
			t.Fatal(err)
		}
		if _, err := db.AnswerFeedback(f.ctx, f.helsinki, anon.ID, "Lämmitys korjataan.", answered); err != nil {
			t.Fatal(err)
		}
		if _, err := db.AnswerFeedback(f.ctx, f.admin, web.ID, "It is on our list.", answered); err != nil {
			t.Fatal(err)
		}
		if ns := f.notices(p.ID); len(ns) != 1 || ns[0].Kind != library.NoticeFeedbackAnswered || ns[0].Params["answer"] != "Kiitos, välitämme terveiset!" {
			t.Errorf("the patron's notices: %+v", ns)
		}
		if out, _ := db.RecentNotices(f.ctx, "", 10); len(out) != 2 {
			t.Errorf("notices: %+v; want the patron's and the web guest's, none to the anonymous sender", out)
		}

		_, err = db.PublishFeedback(f.ctx, f.helsinki, praise.ID, "", "Kiitos!", answered)
		wantKey(t, err, "error.feedback_publish_empty")
		if _, err := db.PublishFeedback(f.ctx, f.helsinki, praise.ID, "Asiakas kiitti Oodin henkilökuntaa.", "Kiitos, välitämme terveiset!", answered); err != nil {
			t.Fatal(err)
		}
		if _, err := db.PublishFeedback(f.ctx, f.helsinki, anon.ID, "Lukusalissa on kylmä.", "Lämmitys korjataan.", answered.Add(time.Minute)); err != nil {
			t.Fatal(err)
		}
		pub, err := db.PublishedFeedback(f.ctx, "helsinki", 10)
		if err != nil || len(pub) != 2 || pub[0].ID != anon.ID || pub[0].PublicSummary != "Lukusalissa on kylmä." {
			t.Fatalf("published: %+v, %v", pub, err)
		}
		for _, fb := range pub {
			if fb.Text != "" || fb.PatronID != 0 || fb.GuestName != "" || fb.Handling.Answer != "" {
				t.Errorf("published feedback carries what the sender wrote or who they are: %+v", fb)
			}
		}
		if other, _ := db.PublishedFeedback(f.ctx, "espoo", 10); len(other) != 0 {
			t.Errorf("Espoo's page shows %+v", other)
		}

		// Unpublishing takes it off the page.
		if _, err := db.PublishFeedback(f.ctx, f.helsinki, anon.ID, "", "", answered); err != nil {
			t.Fatal(err)
		}
		if pub, _ := db.PublishedFeedback(f.ctx, "helsinki", 10); len(pub) != 1 {
			t.Errorf("after unpublishing: %+v", pub)
		}
		// No consent, no publishing.
		noConsent, err := db.SendFeedback(f.ctx, library.Feedback{Kind: library.FeedbackComplaint, Library: "helsinki", Text: "Jono.",
			Sender: library.Sender{PatronID: p.ID}}, circNow)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := db.AnswerFeedback(f.ctx, f.helsinki, noConsent.ID, "Pahoittelemme.", answered); err != nil {
			t.Fatal(err)
		}
		_, err = db.PublishFeedback(f.ctx, f.helsinki, noConsent.ID, "Jonoa valitettiin.", "Pahoittelemme.", answered)
		wantKey(t, err, "error.feedback_no_consent")

		if c, err := db.CloseFeedback(f.ctx, f.helsinki, praise.ID, answered); err != nil || c.Status != library.AskClosed {
			t.Fatalf("closed: %+v, %v", c, err)
		}
		own, err := db.PatronFeedback(f.ctx, p.ID)
		if err != nil || len(own) != 2 || own[1].ID != praise.ID || own[1].PublishedAt.IsZero() {
			t.Errorf("My Account: %+v, %v", own, err)
		}
		_, err = db.Feedback(f.ctx, 9999)
		wantKey(t, err, "error.feedback_not_found")

		for action, n := range map[string]int{library.AuditFeedbackAssign: 1, library.AuditFeedbackAnswer: 4,
			library.AuditFeedbackClose: 1, library.AuditFeedbackPublish: 3} {
			if es := f.audited(action); len(es) != n || strings.Contains(es[0].Detail, "Matti") {
				t.Errorf("%s: %+v", action, es)
			}
		}
	})
}
