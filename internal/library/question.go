package library

import (
	"context"
	"slices"
	"time"
)

// "Ask a librarian": a resident's question to a member library, answered
// by e-mail or, for a signed-in patron who wants it so, in My Account.
// Staff need ActAsk at the question's library to see, take, answer or
// close it.

// Question topics. Their names are in the catalogues under
// "question.topic." + topic.
const (
	QTopicCollection  = "collection"  // finding a book, music, a film
	QTopicLoans       = "loans"       // loans, holds, fees
	QTopicAccount     = "account"     // library card, My Account, PIN
	QTopicELibrary    = "elibrary"    // e-books, e-magazines, streaming
	QTopicEvents      = "events"      // events and courses
	QTopicSpaces      = "spaces"      // rooms, devices, services at a branch
	QTopicInformation = "information" // information search: a reference question
	QTopicOther       = "other"
)

// QuestionTopics lists the topics in the order forms offer them.
var QuestionTopics = []string{QTopicCollection, QTopicLoans, QTopicAccount, QTopicELibrary, QTopicEvents,
	QTopicSpaces, QTopicInformation, QTopicOther}

// How a question is answered.
const (
	AnswerByEmail   = "email"   // to the patron's or guest's e-mail address
	AnswerByAccount = "account" // in My Account only; for patrons
)

// Question is a resident's question to a library.
type Question struct {
	ID       int64
	Library  string // the member library it is for
	Topic    string // one of QuestionTopics
	Text     string // plain text, at most MaxAskText characters
	AnswerBy string // AnswerByEmail or AnswerByAccount
	Sender
	Handling
}

// Validate checks and trims a new question.
func (q *Question) Validate() error {
	if err := ValidateID(q.Library); err != nil {
		return fieldErr("library", "error.ask_library", "bad library %q", q.Library)
	}
	if !slices.Contains(QuestionTopics, q.Topic) {
		return fieldErr("topic", "error.question_topic", "unknown topic %q", q.Topic)
	}
	var err error
	if q.Text, err = askText("text", q.Text, MaxAskText, "error.question_empty", "error.question_too_long"); err != nil {
		return err
	}
	switch {
	case q.AnswerBy == "":
		q.AnswerBy = AnswerByEmail
	case q.AnswerBy == AnswerByAccount && q.PatronID == 0:
		return fieldErr("answer_by", "error.question_answer_by", "a guest has no My Account to be answered in")
	case q.AnswerBy != AnswerByEmail && q.AnswerBy != AnswerByAccount:
		return fieldErr("answer_by", "error.question_answer_by", "unknown way to answer %q", q.AnswerBy)
	}
	return q.Sender.validate(true)
}

// Scope is where staff act on the question.
func (q Question) Scope() Scope { return askScope(q.Library) }

// Questions keeps "Ask a librarian" questions. Staff methods take the
// staff member acting and ask Permit(by, ActAsk, the question's library)
// themselves; callers ask it first too, to show the refusal at once.
type Questions interface {
	// Ask saves a new question from a patron or a guest.
	Ask(ctx context.Context, q Question, now time.Time) (Question, error)
	// Question returns a question (ENOTFOUND, error.question_not_found).
	Question(ctx context.Context, id int64) (Question, error)
	// ListQuestions returns the questions f selects, oldest first; their
	// Age says how long each has waited.
	ListQuestions(ctx context.Context, f AskFilter) ([]Question, error)
	// AssignQuestion gives a new or assigned question to the staff member
	// to (who needs ActAsk at its library too); to == by.ID takes it.
	AssignQuestion(ctx context.Context, by Staff, id, to int64, now time.Time) (Question, error)
	// AnswerQuestion saves the answer and queues a notice to the asker,
	// by e-mail or in My Account as they chose. A question answered or
	// closed already is ECONFLICT (error.ask_status).
	AnswerQuestion(ctx context.Context, by Staff, id int64, answer string, now time.Time) (Question, error)
	// CloseQuestion settles a question, answered or not.
	CloseQuestion(ctx context.Context, by Staff, id int64, now time.Time) (Question, error)
	// PatronQuestions returns a patron's own questions, newest first, for
	// My Account.
	PatronQuestions(ctx context.Context, patronID int64) ([]Question, error)
}
