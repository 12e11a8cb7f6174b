package library

import (
	"context"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"
)

// What questions (question.go) and feedback (feedback.go) share: who
// sent them, and how staff handle them. Both go new → assigned →
// answered → closed; staff need ActAsk at the library they are for (the
// consortium's scope for feedback on the web service).

// Handling states of a question or a piece of feedback. Their names are
// in the catalogues under "ask.status." + state.
const (
	AskNew      = "new"      // nobody has taken it yet
	AskAssigned = "assigned" // a staff member has it
	AskAnswered = "answered" // the answer is written and the sender told
	AskClosed   = "closed"   // settled, answered or not
)

// AskStatuses lists the handling states in their order.
var AskStatuses = []string{AskNew, AskAssigned, AskAnswered, AskClosed}

// Sender is who sent a question or feedback: a signed-in patron, or a
// guest who gave a name and an e-mail address (feedback may come with
// neither). Lang is the language of the page it was sent from, which
// the answer's notice to a guest is written in.
type Sender struct {
	PatronID   int64 // 0 for a guest
	GuestName  string
	GuestEmail string
	Lang       string
	// PatronName is the patron's name as staff see it; read only.
	PatronName string
}

// Guest reports whether a guest sent it.
func (s Sender) Guest() bool { return s.PatronID == 0 }

// Handling is where staff are with a question or feedback. The instants
// measure response times: Created to Assigned (the first time someone
// took it) and Created to Answered.
type Handling struct {
	Status       string
	AssignedTo   int64  // the staff member who has it; 0 when nobody
	AssignedName string // their name; read only
	Answer       string // plain text, written by staff
	AnsweredBy   int64
	Created      time.Time
	Assigned     time.Time // the first assignment; zero until then
	Answered     time.Time // zero until answered
	Closed       time.Time // zero until closed
	Updated      time.Time
}

// Open reports whether staff still have something to do with it.
func (h Handling) Open() bool { return h.Status == AskNew || h.Status == AskAssigned }

// Age is how long it has waited at now: until it was answered or closed,
// or until now while it is open.
func (h Handling) Age(now time.Time) time.Duration {
	switch {
	case !h.Answered.IsZero():
		return h.Answered.Sub(h.Created)
	case !h.Closed.IsZero():
		return h.Closed.Sub(h.Created)
	}
	return now.Sub(h.Created)
}

// ResponseTime is how long the answer took; 0 when there is none.
func (h Handling) ResponseTime() time.Duration {
	if h.Answered.IsZero() {
		return 0
	}
	return h.Answered.Sub(h.Created)
}

// Limits of what residents and staff write, in characters.
const (
	MaxAskText   = 4000  // a question or feedback
	MaxAskAnswer = 10000 // staff's answer
)

// AskFilter selects questions or feedback for staff, oldest first (the
// one waiting longest is the next to take).
type AskFilter struct {
	// Libraries are the libraries whose items to include ("" is the
	// consortium's: feedback on the web service); nil includes all.
	Libraries []string
	// Statuses to include; nil includes the open ones (new, assigned).
	Statuses   []string
	AssignedTo int64 // when not 0, only those this staff member has
	Limit      int   // 100 when 0; at most 500
}

// ValidateAnswer trims and checks staff's answer.
func ValidateAnswer(s string) (string, error) {
	return askText("answer", s, MaxAskAnswer, "error.ask_answer_empty", "error.ask_answer_too_long")
}

// askText trims a resident's or staff's text and refuses an empty one
// (emptyKey), one too long (longKey, with the limit as Count) or one not
// in UTF-8.
func askText(field, s string, max int, emptyKey, longKey string) (string, error) {
	s = strings.TrimSpace(s)
	if !utf8.ValidString(s) {
		return "", fieldErr(field, "error.bad_utf8", "not UTF-8")
	}
	if s == "" {
		return "", fieldErr(field, emptyKey, "empty")
	}
	if n := utf8.RuneCountInString(s); n > max {
		return "", &Error{Code: EINVALID, Key: longKey, Count: max,
			Message: fmt.Sprintf("%s: %d characters, more than %d", field, n, max)}
	}
	return s, nil
}

// validate checks and trims a sender. A guest needs a name and an e-mail
// address when contact is required (a question is answered by e-mail);
// otherwise either may be left out, but an address given must be one.
func (s *Sender) validate(contactRequired bool) error {
	if !knownLanguage(s.Lang) {
		s.Lang = "fi"
	}
	if s.PatronID != 0 {
		s.GuestName, s.GuestEmail = "", ""
		return nil
	}
	s.GuestName = strings.Join(strings.Fields(s.GuestName), " ")
	s.GuestEmail = strings.TrimSpace(s.GuestEmail)
	if len(s.GuestName) > maxGuestName || contactRequired && s.GuestName == "" {
		return fieldErr("name", "error.ask_guest_name", "guest name missing or longer than %d bytes", maxGuestName)
	}
	if contactRequired && s.GuestEmail == "" {
		return fieldErr("email", "error.ask_guest_email", "no e-mail address to answer to")
	}
	if s.GuestEmail != "" && !validEmail(s.GuestEmail) {
		return fieldErr("email", "error.ask_guest_email", "bad e-mail address")
	}
	return nil
}

// askScope is the scope staff act at for an item of lib: the consortium
// for "".
func askScope(lib string) Scope {
	if lib == "" {
		return ConsortiumScope
	}
	return LibraryScope(lib)
}

// Audit codes of questions and feedback. Library is the item's library
// ("" for feedback on the web service); Detail names the item by ID.
// The sender's name and text stay out of the trail.
const (
	AuditQuestionAssign    = "question.assign"
	AuditQuestionAnswer    = "question.answer"
	AuditQuestionClose     = "question.close"
	AuditFeedbackAssign    = "feedback.assign"
	AuditFeedbackAnswer    = "feedback.answer"
	AuditFeedbackClose     = "feedback.close"
	AuditFeedbackPublish   = "feedback.publish"
	AuditSuggestionAccept  = "suggestion.accept"
	AuditSuggestionDecline = "suggestion.decline"
	AuditSuggestionOwned   = "suggestion.owned"
	AuditSuggestionRecord  = "suggestion.record" // staff named the record that arrived
)

// Notices of questions, feedback and purchase suggestions.
const (
	NoticeQuestionAnswered   = "question_answered"   // Params: question (its start), answer
	NoticeFeedbackAnswered   = "feedback_answered"   // Params: answer
	NoticeSuggestionAccepted = "suggestion_accepted" // Params: title
	NoticeSuggestionDeclined = "suggestion_declined" // Params: title, reason
	NoticeSuggestionOwned    = "suggestion_owned"    // Params: title
	NoticeSuggestionHold     = "suggestion_hold"     // Params: title, branch: the title arrived and is held for them
	NoticeSuggestionArrived  = "suggestion_arrived"  // Params: title: it arrived, but no hold could be placed
)

// AskNotices lists these notice kinds, for tests that walk them all.
var AskNotices = []string{NoticeQuestionAnswered, NoticeFeedbackAnswered, NoticeSuggestionAccepted,
	NoticeSuggestionDeclined, NoticeSuggestionOwned, NoticeSuggestionHold, NoticeSuggestionArrived}

// AskGuestRetention is how long a guest's name and e-mail address are
// kept on a question or feedback after it was answered or closed: long
// enough for a follow-up, short enough not to make a register of who
// asked what. An open one keeps them, or it could not be answered.
const AskGuestRetention = 90 * 24 * time.Hour

// AskSummary is what waits for a library's staff, for the staff
// workspace: how many open questions and feedback (new or assigned) and
// new purchase suggestions there are, and since when the oldest of each
// has waited (zero when none).
type AskSummary struct {
	Library          string // "" for the web service's feedback
	Questions        int
	Feedback         int
	Suggestions      int
	OldestQuestion   time.Time
	OldestFeedback   time.Time
	OldestSuggestion time.Time
}

// AskWorkspace counts what waits for staff.
type AskWorkspace interface {
	// AskSummaries returns a summary for each library of libs (nil: every
	// library with something waiting), in the order of libs, else by
	// library.
	AskSummaries(ctx context.Context, libs []string) ([]AskSummary, error)
}
