package library

import (
	"context"
	"strconv"
	"strings"
	"time"
)

// The new-item notice to staff. Staff accounts have no e-mail address,
// so each library has an "ask inbox": one address its administrator
// sets (a shared mailbox of the staff on duty), where a notice goes when
// a question, feedback or a purchase suggestion arrives for the library.
// The notice is queued through the notices' outbox in the same
// transaction as the new item, so nothing is said to be sent that is not
// queued; a library with no inbox gets no notice, and the staff
// workspace says so.

// Notices of a new item to a library's ask inbox. Params: id, library
// (its ID) and link (the staff page's path); a question's topic.
const (
	NoticeAskNewQuestion   = "ask_new_question"
	NoticeAskNewFeedback   = "ask_new_feedback"
	NoticeAskNewSuggestion = "ask_new_suggestion"
)

// AskStaffNotices lists the notices to the ask inboxes.
var AskStaffNotices = []string{NoticeAskNewQuestion, NoticeAskNewFeedback, NoticeAskNewSuggestion}

// AuditAskInbox is the audit code of setting or removing a library's ask
// inbox; Detail is the address.
const AuditAskInbox = "ask.inbox"

// AskInbox is where a library's new-item notices go: an e-mail address,
// written in Lang. An empty Email is no inbox.
type AskInbox struct {
	Email string `json:"email"`
	Lang  string `json:"lang"`
}

// Validate trims the inbox and checks its address (empty removes it).
func (in *AskInbox) Validate() error {
	in.Email = strings.TrimSpace(in.Email)
	if !knownLanguage(in.Lang) {
		in.Lang = "fi"
	}
	if in.Email != "" && (len(in.Email) > 254 || !validEmail(in.Email)) {
		return fieldErr("email", "error.ask_inbox", "bad e-mail address")
	}
	return nil
}

// AskInboxes keeps the libraries' ask inboxes. Library "" is the web
// service's (feedback on it), kept by the consortium's administrators.
type AskInboxes interface {
	// AskInbox returns a library's inbox; the zero AskInbox when none.
	AskInbox(ctx context.Context, lib string) (AskInbox, error)
	// SetAskInbox sets (or, with an empty address, removes) a library's
	// inbox. It needs ActBranches at the library: its administrators'.
	SetAskInbox(ctx context.Context, by Staff, lib string, in AskInbox, now time.Time) error
}

// The staff pages a new-item notice links to.
const StaffSuggestionsPath = "/admin/suggestions"

// StaffQuestionPath is the staff page of a question.
func StaffQuestionPath(id int64) string { return "/admin/ask/questions/" + strconv.FormatInt(id, 10) }

// StaffFeedbackPath is the staff page of a piece of feedback.
func StaffFeedbackPath(id int64) string { return "/admin/ask/feedback/" + strconv.FormatInt(id, 10) }
