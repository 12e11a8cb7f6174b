package store_test

import (
	"strings"
	"testing"
	"time"

	"github.com/kirjasto/kirjasto/internal/library"
	"github.com/kirjasto/kirjasto/internal/store"
	"github.com/kirjasto/kirjasto/internal/store/storetest"
)

// TestQuestionFlow takes a patron's and a guest's questions through new,
// assigned, answered and closed, with the refusals on the way: bad
// input, another city's staff, a step the state does not allow.
func TestQuestionFlow(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		f := newAskFixture(t, db)
		p := f.patron("Virtanen, Aino", library.CategoryAdult, false)

		for _, c := range []struct {
			name string
			q    library.Question
			key  string
		}{
			{"empty", library.Question{Library: "helsinki", Topic: library.QTopicLoans, Text: "  \n ", Sender: library.Sender{PatronID: p.ID}}, "error.question_empty"},
			{"too long", library.Question{Library: "helsinki", Topic: library.QTopicLoans, Text: strings.Repeat("x", library.MaxAskText+1), Sender: library.Sender{PatronID: p.ID}}, "error.question_too_long"},
			{"topic", library.Question{Library: "helsinki", Topic: "weather", Text: "Q", Sender: library.Sender{PatronID: p.ID}}, "error.question_topic"},
			{"guest in My Account", library.Question{Library: "helsinki", Topic: library.QTopicLoans, Text: "Q", AnswerBy: library.AnswerByAccount,
				Sender: library.Sender{GuestName: "Guest", GuestEmail: "g@example.fi"}}, "error.question_answer_by"},
			{"guest without address", library.Question{Library: "helsinki", Topic: library.QTopicLoans, Text: "Q", Sender: library.Sender{GuestName: "Guest"}}, "error.ask_guest_email"},
			{"no such library", library.Question{Library: "turku", Topic: library.QTopicLoans, Text: "Q", Sender: library.Sender{PatronID: p.ID}}, "error.ask_library"},
		} {
			_, err := db.Ask(f.ctx, c.q, circNow)
			if got := library.ErrorKey(err); got != c.key {
				t.Errorf("%s: error %v, want %s", c.name, err, c.key)
			}
		}

		mine, err := db.Ask(f.ctx, library.Question{Library: "helsinki", Topic: library.QTopicCollection, Text: "  Onko Muumipeikko ruotsiksi? ",
			AnswerBy: library.AnswerByAccount, Sender: library.Sender{PatronID: p.ID, Lang: "fi"}}, circNow)
		if err != nil {
			t.Fatal(err)
		}
		guest, err := db.Ask(f.ctx, library.Question{Library: "helsinki", Topic: library.QTopicInformation, Text: "Where are the maps?",
			Sender: library.Sender{GuestName: " Erik  Ek ", GuestEmail: "erik@example.org", Lang: "sv"}}, circNow.Add(time.Minute))
		if err != nil {
			t.Fatal(err)
		}
		if mine.Text != "Onko Muumipeikko ruotsiksi?" || mine.Status != library.AskNew || mine.PatronName != "Virtanen, Aino" ||
			guest.GuestName != "Erik Ek" || guest.AnswerBy != library.AnswerByEmail || !guest.Guest() {
			t.Fatalf("asked %+v and %+v", mine, guest)
		}

		list, err := db.ListQuestions(f.ctx, library.AskFilter{Libraries: []string{"helsinki"}})
		if err != nil || len(list) != 2 || list[0].ID != mine.ID || list[0].Age(circNow.Add(time.Hour)) != time.Hour {
			t.Fatalf("Helsinki's open questions: %+v, %v", list, err)
		}
		if other, _ := db.ListQuestions(f.ctx, library.AskFilter{Libraries: []string{"espoo"}}); len(other) != 0 {
			t.Errorf("Espoo's list shows %+v", other)
		}

		// Espoo's staff cannot touch Helsinki's question; nobody can give
		// it to them.
		_, err = db.AssignQuestion(f.ctx, f.espoo, mine.ID, f.espoo.ID, circNow)
		wantKey(t, err, "error.staff_other_library")
		_, err = db.AnswerQuestion(f.ctx, f.espoo, mine.ID, "Kyllä", circNow)
		wantKey(t, err, "error.staff_other_library")
		_, err = db.CloseQuestion(f.ctx, f.cataloguer, mine.ID, circNow)
		wantKey(t, err, "error.staff_role")
		_, err = db.AssignQuestion(f.ctx, f.helsinki, mine.ID, f.espoo.ID, circNow)
		wantKey(t, err, "error.ask_assignee")

		later := circNow.Add(2 * time.Hour)
		q, err := db.AssignQuestion(f.ctx, f.helsinki, mine.ID, f.helsinki2.ID, later)
		if err != nil || q.Status != library.AskAssigned || q.AssignedTo != f.helsinki2.ID || q.AssignedName != "hki-desk2" || !q.Assigned.Equal(later) {
			t.Fatalf("assigned: %+v, %v", q, err)
		}
		// A second assignment keeps the first's time, for response times.
		if q, err = db.AssignQuestion(f.ctx, f.helsinki2, mine.ID, f.helsinki.ID, later.Add(time.Hour)); err != nil || !q.Assigned.Equal(later) {
			t.Fatalf("reassigned: %+v, %v", q, err)
		}
		_, err = db.AnswerQuestion(f.ctx, f.helsinki, mine.ID, "   ", later)
		wantKey(t, err, "error.ask_answer_empty")
		answered := circNow.Add(5 * time.Hour)
		q, err = db.AnswerQuestion(f.ctx, f.helsinki, mine.ID, "Kyllä: Mumintrollet.", answered)
		if err != nil || q.Status != library.AskAnswered || q.Handling.Answer != "Kyllä: Mumintrollet." || q.ResponseTime() != 5*time.Hour {
			t.Fatalf("answered: %+v, %v", q, err)
		}
		_, err = db.AnswerQuestion(f.ctx, f.helsinki, mine.ID, "Again", answered)
		wantKey(t, err, "error.ask_status")

		// The patron asked for the answer in My Account: the notice is
		// there, and goes nowhere else.
		ns := f.notices(p.ID)
		if len(ns) != 1 || ns[0].Kind != library.NoticeQuestionAnswered || ns[0].Delivery != library.DeliveryAccountOnly ||
			ns[0].Params["answer"] != "Kyllä: Mumintrollet." || ns[0].Params["question"] != "Onko Muumipeikko ruotsiksi?" {
			t.Fatalf("the patron's notices: %+v", ns)
		}

		// The guest's answer goes by e-mail, in the outbox of Helsinki,
		// and answering an unassigned question makes it the answerer's.
		g, err := db.AnswerQuestion(f.ctx, f.admin, guest.ID, "Second floor.", answered)
		if err != nil || g.AssignedTo != f.admin.ID || g.Assigned.IsZero() {
			t.Fatalf("answered the guest: %+v, %v", g, err)
		}
		out, err := db.RecentNotices(f.ctx, "helsinki", 10)
		if err != nil || len(out) != 1 || !out[0].Guest || out[0].PatronName != "Erik Ek" || out[0].Kind != library.NoticeQuestionAnswered ||
			out[0].Channel != library.ChannelEmail {
			t.Fatalf("Helsinki's outbox: %+v, %v", out, err)
		}

		if q, err = db.CloseQuestion(f.ctx, f.helsinki, mine.ID, answered); err != nil || q.Status != library.AskClosed || q.Closed.IsZero() {
			t.Fatalf("closed: %+v, %v", q, err)
		}
		_, err = db.CloseQuestion(f.ctx, f.helsinki, mine.ID, answered)
		wantKey(t, err, "error.ask_status")
		_, err = db.AssignQuestion(f.ctx, f.helsinki, mine.ID, f.helsinki.ID, answered)
		wantKey(t, err, "error.ask_status")

		own, err := db.PatronQuestions(f.ctx, p.ID)
		if err != nil || len(own) != 1 || own[0].Handling.Answer != "Kyllä: Mumintrollet." || own[0].Status != library.AskClosed {
			t.Errorf("My Account: %+v, %v", own, err)
		}
		done, err := db.ListQuestions(f.ctx, library.AskFilter{Statuses: []string{library.AskAnswered, library.AskClosed}})
		if err != nil || len(done) != 2 {
			t.Errorf("answered and closed: %+v, %v", done, err)
		}
		_, err = db.Question(f.ctx, 9999)
		wantKey(t, err, "error.question_not_found")

		for action, n := range map[string]int{library.AuditQuestionAssign: 2, library.AuditQuestionAnswer: 2, library.AuditQuestionClose: 1} {
			es := f.audited(action)
			if len(es) != n || es[0].Library != "helsinki" || strings.Contains(es[0].Detail, "Erik") || strings.Contains(es[0].Detail, "Muumi") {
				t.Errorf("%s: %+v", action, es)
			}
		}
	})
}
