package library

import (
	"context"
	"slices"
	"time"
)

// Feedback: praise, a complaint or an idea, aimed at a member library, one
// of its branches, or the web service (Library and Branch both ""),
// whose staff take it, answer and close it like a question. With the
// sender's consent, staff may publish it on the library's "you asked, we
// answered" page, in words of their own: the published summary and
// answer are stored apart from what the sender wrote, so that no name,
// address or detail the sender gave reaches the public page unless a
// person chose to write it there.

// Kinds of feedback; their names are in the catalogues under
// "feedback.kind." + kind.
const (
	FeedbackPraise    = "praise"
	FeedbackComplaint = "complaint"
	FeedbackIdea      = "idea"
)

// FeedbackKinds lists the kinds in the order forms offer them.
var FeedbackKinds = []string{FeedbackPraise, FeedbackComplaint, FeedbackIdea}

// Feedback is a resident's feedback.
type Feedback struct {
	ID      int64
	Kind    string // one of FeedbackKinds
	Library string // the member library it is aimed at; "" for the web service
	Branch  string // a branch of Library it is aimed at; "" for the whole library
	Text    string // plain text, at most MaxAskText characters
	// Consent is the sender's permission to publish the feedback and its
	// answer (rewritten by staff, without personal data).
	Consent bool
	Sender
	Handling
	Published
}

// Published is what the public "you asked, we answered" page shows of a
// piece of feedback: staff's own summary of it and the answer.
type Published struct {
	PublicSummary string    // staff's summary of the feedback, naming nobody
	PublicAnswer  string    // the answer as published
	PublishedAt   time.Time // zero while not published
}

// Limits of a published summary.
const MaxPublishedSummary = 1000

// Validate checks and trims new feedback. The store checks that the
// library and branch exist and belong together.
func (f *Feedback) Validate() error {
	if !slices.Contains(FeedbackKinds, f.Kind) {
		return fieldErr("kind", "error.feedback_kind", "unknown kind %q", f.Kind)
	}
	if f.Library != "" {
		if err := ValidateID(f.Library); err != nil {
			return fieldErr("library", "error.ask_library", "bad library %q", f.Library)
		}
	} else if f.Branch != "" {
		return fieldErr("branch", "error.feedback_branch", "branch %q without its library", f.Branch)
	}
	var err error
	if f.Text, err = askText("text", f.Text, MaxAskText, "error.feedback_empty", "error.feedback_too_long"); err != nil {
		return err
	}
	return f.Sender.validate(false)
}

// Scope is where staff act on the feedback: its library, or the
// consortium for the web service.
func (f Feedback) Scope() Scope { return askScope(f.Library) }

// Answerable reports whether the sender can be told the answer: a
// patron always can (in My Account), a guest only with an address.
func (f Feedback) Answerable() bool { return f.PatronID != 0 || f.GuestEmail != "" }

// FeedbackService keeps feedback. Staff methods ask Permit(by, ActAsk,
// f.Scope()) themselves, as Questions' do.
type FeedbackService interface {
	// SendFeedback saves new feedback from a patron or a guest.
	SendFeedback(ctx context.Context, f Feedback, now time.Time) (Feedback, error)
	// Feedback returns one (ENOTFOUND, error.feedback_not_found).
	Feedback(ctx context.Context, id int64) (Feedback, error)
	// ListFeedback returns the feedback f selects, oldest first.
	ListFeedback(ctx context.Context, f AskFilter) ([]Feedback, error)
	AssignFeedback(ctx context.Context, by Staff, id, to int64, now time.Time) (Feedback, error)
	// AnswerFeedback saves the answer and queues a notice to the sender
	// when there is somewhere to send it (Answerable).
	AnswerFeedback(ctx context.Context, by Staff, id int64, answer string, now time.Time) (Feedback, error)
	CloseFeedback(ctx context.Context, by Staff, id int64, now time.Time) (Feedback, error)
	// PublishFeedback publishes staff's summary and answer of answered
	// feedback whose sender consented (else EFORBIDDEN,
	// error.feedback_no_consent); empty texts unpublish it.
	PublishFeedback(ctx context.Context, by Staff, id int64, summary, answer string, now time.Time) (Feedback, error)
	// PublishedFeedback returns a library's ("" the web service's)
	// published feedback, newest first, with nothing of the sender.
	PublishedFeedback(ctx context.Context, libraryID string, limit int) ([]Feedback, error)
	// PatronFeedback returns a patron's own feedback, newest first.
	PatronFeedback(ctx context.Context, patronID int64) ([]Feedback, error)
}
