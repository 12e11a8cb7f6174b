package store_test

import (
	"testing"
	"time"

	"github.com/kirjasto/kirjasto/internal/library"
	"github.com/kirjasto/kirjasto/internal/store"
	"github.com/kirjasto/kirjasto/internal/store/storetest"
)

// TestAskCloseAccount: closing an account takes what the patron wrote in
// questions, feedback and suggestions, and their name from them; the
// rows stay for the counts, staff's published texts stay, an open
// question is closed, and the suggestion still counts in its group but
// gets no hold. Before, the patron's download has them; merging accounts
// moves them.
func TestAskCloseAccount(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		f := newAskFixture(t, db)
		p := f.patron("Virtanen, Aino", library.CategoryAdult, false)
		other := f.patron("Berg, Bo", library.CategoryAdult, false)
		ask := func(text string) library.Question {
			q, err := db.Ask(f.ctx, library.Question{Library: "helsinki", Topic: library.QTopicOther, Text: text, Sender: library.Sender{PatronID: p.ID}}, circNow)
			if err != nil {
				t.Fatal(err)
			}
			return q
		}
		answered, open := ask("Minun salaisuuteni"), ask("Toinen kysymys")
		if _, err := db.AnswerQuestion(f.ctx, f.helsinki, answered.ID, "Vastaus Ainolle", circNow); err != nil {
			t.Fatal(err)
		}
		fb, err := db.SendFeedback(f.ctx, library.Feedback{Kind: library.FeedbackPraise, Library: "helsinki", Text: "Aino kiittää", Consent: true,
			Sender: library.Sender{PatronID: p.ID}}, circNow)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := db.AnswerFeedback(f.ctx, f.helsinki, fb.ID, "Kiitos Aino", circNow); err != nil {
			t.Fatal(err)
		}
		if _, err := db.PublishFeedback(f.ctx, f.helsinki, fb.ID, "Asiakas kiitti.", "Kiitos!", circNow); err != nil {
			t.Fatal(err)
		}
		mine, err := db.Suggest(f.ctx, library.PurchaseSuggestion{PatronID: p.ID, Library: "vantaa", Title: "Some Book", ISBN: isbn, Why: "Aino's reason"}, circNow)
		if err != nil {
			t.Fatal(err)
		}
		f.suggest(other, "Some Book", "", isbn, circNow.Add(time.Minute))

		// The patron's own download has them all.
		d, err := db.PersonalData(f.ctx, p.ID)
		if err != nil || len(d.Questions) != 2 || d.Questions[0].Answer != "Vastaus Ainolle" || len(d.Feedback) != 1 ||
			d.Feedback[0].Published == nil || len(d.Suggestions) != 1 || d.Suggestions[0].Why != "Aino's reason" {
			t.Fatalf("personal data: %+v, %v", d, err)
		}

		if err := db.CloseAccount(f.ctx, p.ID, circNow.Add(time.Hour)); err != nil {
			t.Fatal(err)
		}
		if own, _ := db.PatronQuestions(f.ctx, p.ID); len(own) != 0 {
			t.Errorf("the closed account still has questions: %+v", own)
		}
		for _, id := range []int64{answered.ID, open.ID} {
			q, err := db.Question(f.ctx, id)
			if err != nil || q.Text != "" || q.Handling.Answer != "" || q.PatronID != 0 || q.Status == library.AskNew {
				t.Errorf("question %d after closing: %+v, %v", id, q, err)
			}
		}
		if q, _ := db.Question(f.ctx, open.ID); q.Status != library.AskClosed || q.Closed.IsZero() {
			t.Errorf("the open question: %+v", q)
		}
		got, err := db.Feedback(f.ctx, fb.ID)
		if err != nil || got.Text != "" || got.PatronID != 0 || got.PublicSummary != "Asiakas kiitti." {
			t.Errorf("feedback after closing: %+v, %v", got, err)
		}
		if pub, _ := db.PublishedFeedback(f.ctx, "helsinki", 5); len(pub) != 1 {
			t.Errorf("published: %+v", pub)
		}
		s, err := db.PurchaseSuggestion(f.ctx, mine.ID)
		if err != nil || s.PatronID != 0 || s.Why != "" {
			t.Errorf("suggestion after closing: %+v, %v", s, err)
		}
		groups, _ := db.SuggestionGroups(f.ctx, library.SuggestionFilter{})
		if len(groups) != 1 || groups[0].Count != 2 {
			t.Fatalf("groups: %+v", groups)
		}
		if _, err := db.AcceptSuggestions(f.ctx, f.vantaa, "vantaa", groups[0].Key, circNow); err != nil {
			t.Fatal(err)
		}
		rec := f.record("Some Book", isbn)
		if n, err := db.FulfilSuggestions(f.ctx, rec, circNow); err != nil || n != 2 {
			t.Fatalf("fulfilled %d: %v", n, err)
		}
		if h := f.holds(other); len(h) != 1 || h[0].Position != 1 {
			t.Errorf("the other patron's holds: %+v", h)
		}

		// Merging moves them to the account kept.
		drop := f.patron("Dahl, Dan", library.CategoryAdult, false)
		keep := f.patron("Dahl, Daniel", library.CategoryAdult, false)
		if _, err := db.Ask(f.ctx, library.Question{Library: "vantaa", Topic: library.QTopicOther, Text: "Q", Sender: library.Sender{PatronID: drop.ID}}, circNow); err != nil {
			t.Fatal(err)
		}
		if _, err := db.MergePatrons(f.ctx, f.admin, keep.ID, drop.ID, circNow); err != nil {
			t.Fatal(err)
		}
		if qs, _ := db.PatronQuestions(f.ctx, keep.ID); len(qs) != 1 || qs[0].Text != "Q" {
			t.Errorf("the kept account's questions: %+v", qs)
		}
	})
}

// TestEraseAskGuests: a guest's name and address stay while their
// question is open and for library.AskGuestRetention after it was
// answered, and are gone after that.
func TestEraseAskGuests(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		f := newAskFixture(t, db)
		guest := library.Sender{GuestName: "Erik Ek", GuestEmail: "erik@example.org"}
		answered, err := db.Ask(f.ctx, library.Question{Library: "helsinki", Topic: library.QTopicOther, Text: "Q1", Sender: guest}, circNow)
		if err != nil {
			t.Fatal(err)
		}
		open, err := db.Ask(f.ctx, library.Question{Library: "helsinki", Topic: library.QTopicOther, Text: "Q2", Sender: guest}, circNow)
		if err != nil {
			t.Fatal(err)
		}
		fb, err := db.SendFeedback(f.ctx, library.Feedback{Kind: library.FeedbackIdea, Library: "helsinki", Text: "F", Sender: guest}, circNow)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := db.AnswerQuestion(f.ctx, f.helsinki, answered.ID, "A", circNow); err != nil {
			t.Fatal(err)
		}
		if _, err := db.CloseFeedback(f.ctx, f.helsinki, fb.ID, circNow); err != nil {
			t.Fatal(err)
		}
		if n, err := db.EraseAskGuests(f.ctx, circNow.Add(library.AskGuestRetention-time.Hour)); err != nil || n != 0 {
			t.Fatalf("erased %d early: %v", n, err)
		}
		if n, err := db.EraseAskGuests(f.ctx, circNow.Add(library.AskGuestRetention+time.Hour)); err != nil || n != 2 {
			t.Fatalf("erased %d: %v", n, err)
		}
		if q, _ := db.Question(f.ctx, answered.ID); q.GuestName != "" || q.GuestEmail != "" || q.Text != "Q1" {
			t.Errorf("answered: %+v", q)
		}
		if g, _ := db.Feedback(f.ctx, fb.ID); g.GuestName != "" || g.GuestEmail != "" {
			t.Errorf("closed feedback: %+v", g)
		}
		if q, _ := db.Question(f.ctx, open.ID); q.GuestEmail != "erik@example.org" {
			t.Errorf("the open question lost its address: %+v", q)
		}
	})
}

// TestAskSummaries: the workspace's counts of what waits, per library,
// with the oldest of each.
func TestAskSummaries(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		f := newAskFixture(t, db)
		p := f.patron("Virtanen, Aino", library.CategoryAdult, false)
		for i := range 3 {
			q, err := db.Ask(f.ctx, library.Question{Library: "helsinki", Topic: library.QTopicOther, Text: "Q",
				Sender: library.Sender{PatronID: p.ID}}, circNow.Add(time.Duration(i)*time.Hour))
			if err != nil {
				t.Fatal(err)
			}
			if i == 0 {
				if _, err := db.AnswerQuestion(f.ctx, f.helsinki, q.ID, "A", circNow); err != nil {
					t.Fatal(err)
				}
			}
		}
		if _, err := db.SendFeedback(f.ctx, library.Feedback{Kind: library.FeedbackIdea, Text: "F"}, circNow); err != nil {
			t.Fatal(err)
		}
		f.suggest(p, "Some Book", "", "", circNow)
		got, err := db.AskSummaries(f.ctx, nil)
		if err != nil || len(got) != 3 || got[0].Library != "" || got[0].Feedback != 1 ||
			got[1].Library != "helsinki" || got[1].Questions != 2 || !got[1].OldestQuestion.Equal(circNow.Add(time.Hour)) ||
			got[2].Library != "vantaa" || got[2].Suggestions != 1 || !got[2].OldestSuggestion.Equal(circNow) {
			t.Fatalf("summaries: %+v, %v", got, err)
		}
		got, err = db.AskSummaries(f.ctx, []string{"espoo", "helsinki"})
		if err != nil || len(got) != 2 || got[0].Library != "espoo" || got[0].Questions != 0 || got[1].Questions != 2 {
			t.Errorf("Espoo's and Helsinki's: %+v, %v", got, err)
		}
	})
}
