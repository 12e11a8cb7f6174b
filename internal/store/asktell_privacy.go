package store

import (
	"context"
	"time"
)

// The patron's questions, feedback and purchase suggestions in their own
// download (privacy_export.go): what they wrote and what the library
// answered, without the staff who handled it.

// PersonalQuestion is a question in the patron's download.
type PersonalQuestion struct {
	ID       int64      `json:"id"`
	Library  string     `json:"library"`
	Topic    string     `json:"topic"`
	Question string     `json:"question"`
	AnswerBy string     `json:"answer_by"`
	Status   string     `json:"status"`
	Answer   string     `json:"answer,omitempty"`
	Created  time.Time  `json:"created"`
	Answered *time.Time `json:"answered"`
}

// PersonalFeedback is feedback in the patron's download.
type PersonalFeedback struct {
	ID        int64      `json:"id"`
	Kind      string     `json:"kind"`
	Library   string     `json:"library"` // "" for the web service
	Branch    string     `json:"branch,omitempty"`
	Feedback  string     `json:"feedback"`
	Consent   bool       `json:"consent_to_publish"`
	Status    string     `json:"status"`
	Answer    string     `json:"answer,omitempty"`
	Created   time.Time  `json:"created"`
	Answered  *time.Time `json:"answered"`
	Published *time.Time `json:"published"`
}

// PersonalSuggestion is a purchase suggestion in the patron's download.
type PersonalSuggestion struct {
	ID           int64     `json:"id"`
	Library      string    `json:"library"`
	Title        string    `json:"title"`
	Author       string    `json:"author,omitempty"`
	ISBN         string    `json:"isbn,omitempty"`
	Material     string    `json:"material"`
	Language     string    `json:"language,omitempty"`
	Why          string    `json:"why,omitempty"`
	PickupBranch string    `json:"pickup_branch,omitempty"`
	Status       string    `json:"status"`
	Reason       string    `json:"reason,omitempty"`
	Created      time.Time `json:"created"`
}

func optInstant(t time.Time) *time.Time {
	if t.IsZero() {
		return nil
	}
	return &t
}

func personalAsk(ctx context.Context, tx txn, id int64, d *PersonalData) error {
	qs, err := scanQuestions(tx.QueryContext(ctx, questionSelect+` WHERE t.patron_id = $1 ORDER BY t.created_at, t.id`, id))
	if err != nil {
		return err
	}
	d.Questions = []PersonalQuestion{}
	for _, q := range qs {
		d.Questions = append(d.Questions, PersonalQuestion{ID: q.ID, Library: q.Library, Topic: q.Topic, Question: q.Text,
			AnswerBy: q.AnswerBy, Status: q.Status, Answer: q.Handling.Answer, Created: q.Created, Answered: optInstant(q.Answered)})
	}
	fs, err := scanFeedback(tx.QueryContext(ctx, feedbackSelect+` WHERE t.patron_id = $1 ORDER BY t.created_at, t.id`, id))
	if err != nil {
		return err
	}
	d.Feedback = []PersonalFeedback{}
	for _, f := range fs {
		d.Feedback = append(d.Feedback, PersonalFeedback{ID: f.ID, Kind: f.Kind, Library: f.Library, Branch: f.Branch, Feedback: f.Text,
			Consent: f.Consent, Status: f.Status, Answer: f.Handling.Answer, Created: f.Created, Answered: optInstant(f.Answered),
			Published: optInstant(f.PublishedAt)})
	}
	ss, err := scanSuggestions(tx.QueryContext(ctx, suggestionSelect+` WHERE patron_id = $1 ORDER BY created_at, id`, id))
	if err != nil {
		return err
	}
	d.Suggestions = []PersonalSuggestion{}
	for _, s := range ss {
		d.Suggestions = append(d.Suggestions, PersonalSuggestion{ID: s.ID, Library: s.Library, Title: s.Title, Author: s.Author, ISBN: s.ISBN,
			Material: string(s.Material), Language: s.Language, Why: s.Why, PickupBranch: s.PickupBranch, Status: s.Status,
			Reason: s.Reason, Created: s.Created})
	}
	return nil
}
