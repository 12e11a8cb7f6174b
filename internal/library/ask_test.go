package library

import (
	"strings"
	"testing"
	"time"
)

func TestEditionKey(t *testing.T) {
	for _, c := range []struct {
		isbn, title, author, want string
	}{
		{"9780306406157", "Anything", "", "isbn:9780306406157"},
		{"", "Tove Jansson: Muumipeikko", "Jansson, Tove", "title:tove jansson muumipeikko/jansson tove"},
		{"", "  tove jansson - MUUMIPEIKKO!", "Jansson Tove", "title:tove jansson muumipeikko/jansson tove"},
		{"", "Война и мир", "Толстой, Лев", "title:война и мир/толстой лев"},
	} {
		if got := EditionKey(c.isbn, c.title, c.author); got != c.want {
			t.Errorf("EditionKey(%q, %q, %q) = %q, want %q", c.isbn, c.title, c.author, got, c.want)
		}
	}
}

func TestHandlingTimes(t *testing.T) {
	t0 := time.Date(2026, 11, 23, 8, 0, 0, 0, time.UTC)
	open := Handling{Status: AskNew, Created: t0}
	if got := open.Age(t0.Add(3 * time.Hour)); got != 3*time.Hour || open.ResponseTime() != 0 || !open.Open() {
		t.Errorf("open: age %v, response %v", got, open.ResponseTime())
	}
	done := Handling{Status: AskClosed, Created: t0, Answered: t0.Add(time.Hour), Closed: t0.Add(5 * time.Hour)}
	if got := done.Age(t0.Add(48 * time.Hour)); got != time.Hour || done.ResponseTime() != time.Hour || done.Open() {
		t.Errorf("answered: age %v, response %v", got, done.ResponseTime())
	}
	closed := Handling{Status: AskClosed, Created: t0, Closed: t0.Add(2 * time.Hour)}
	if got := closed.Age(t0.Add(48 * time.Hour)); got != 2*time.Hour {
		t.Errorf("closed unanswered: age %v", got)
	}
}

func TestQuestionValidate(t *testing.T) {
	q := Question{Library: "helsinki", Topic: QTopicOther, Text: " Hei ", Sender: Sender{GuestName: "  Erik   Ek ", GuestEmail: " erik@example.org ", Lang: "xx"}}
	if err := q.Validate(); err != nil || q.Text != "Hei" || q.GuestName != "Erik Ek" || q.GuestEmail != "erik@example.org" ||
		q.Lang != "fi" || q.AnswerBy != AnswerByEmail {
		t.Errorf("validated %+v: %v", q, err)
	}
	p := Question{Library: "helsinki", Topic: QTopicOther, Text: "Hei", AnswerBy: AnswerByAccount, Sender: Sender{PatronID: 7, GuestName: "x"}}
	if err := p.Validate(); err != nil || p.GuestName != "" {
		t.Errorf("a patron's question %+v: %v", p, err)
	}
	bad := Question{Library: "helsinki", Topic: QTopicOther, Text: "Hei", AnswerBy: "pigeon", Sender: Sender{PatronID: 7}}
	if err := bad.Validate(); ErrorKey(err) != "error.question_answer_by" {
		t.Errorf("answer by pigeon: %v", err)
	}
	long := Question{Library: "helsinki", Topic: QTopicOther, Text: strings.Repeat("ä", MaxAskText+1), Sender: Sender{PatronID: 7}}
	if err := long.Validate(); ErrorKey(err) != "error.question_too_long" || ErrorCount(err) != MaxAskText {
		t.Errorf("a long question: %v", err)
	}
	long.Text = strings.Repeat("ä", MaxAskText) // characters, not bytes
	if err := long.Validate(); err != nil {
		t.Errorf("a question of the longest length: %v", err)
	}
	fb := Feedback{Kind: FeedbackIdea, Branch: "hki-oodi", Text: "x"}
	if err := fb.Validate(); ErrorKey(err) != "error.feedback_branch" {
		t.Errorf("a branch without its library: %v", err)
	}
	s := PurchaseSuggestion{PatronID: 7, Title: "T", Author: "  ", Why: " because "}
	if err := s.Validate(); err != nil || s.Material != Book || s.Author != "" || s.Why != "because" {
		t.Errorf("suggestion %+v: %v", s, err)
	}
}
