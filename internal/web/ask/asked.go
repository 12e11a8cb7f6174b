package ask

import (
	"net/http"
	"time"

	"github.com/kirjasto/kirjasto/internal/library"
	"github.com/kirjasto/kirjasto/internal/web"
)

// askedItem is one question, piece of feedback or purchase suggestion in
// My Account's list.
type askedItem struct {
	Kind    string // the question's topic, the feedback's kind or the suggestion's title, named
	Text    string // what the patron wrote
	Status  string // its state, named
	Answer  string // staff's answer, or a declined suggestion's reason
	Created time.Time
}

// askedPage is My Account's list of what the patron asked and told.
type askedPage struct {
	Questions, Feedback, Suggestions []askedItem
	Done                             bool // a suggestion was just saved
}

// serveAsked lists the patron's questions, feedback and purchase
// suggestions, newest first, with where each stands and its answer.
func (s *server) serveAsked(w http.ResponseWriter, r *http.Request, p library.Patron) error {
	lang := s.Lang(r)
	tr := func(key string) string { return s.I18n().T(lang, key, nil) }
	qs, err := s.questions()
	if err != nil {
		return err
	}
	fs, err := s.feedback()
	if err != nil {
		return err
	}
	pg := askedPage{Done: r.URL.Query().Get("done") == "suggestion"}
	questions, err := qs.PatronQuestions(r.Context(), p.ID)
	if err != nil {
		return err
	}
	for _, q := range questions {
		pg.Questions = append(pg.Questions, askedItem{Kind: tr("question.topic." + q.Topic), Text: q.Text,
			Status: tr("ask.status." + q.Status), Answer: q.Answer, Created: q.Created})
	}
	feedback, err := fs.PatronFeedback(r.Context(), p.ID)
	if err != nil {
		return err
	}
	for _, f := range feedback {
		pg.Feedback = append(pg.Feedback, askedItem{Kind: tr("feedback.kind." + f.Kind), Text: f.Text,
			Status: tr("ask.status." + f.Status), Answer: f.Answer, Created: f.Created})
	}
	if ps, ok := s.Store().(library.PurchaseSuggestions); ok {
		sugs, err := ps.PatronSuggestions(r.Context(), p.ID)
		if err != nil {
			return err
		}
		for _, g := range sugs {
			pg.Suggestions = append(pg.Suggestions, askedItem{Kind: g.Title, Text: g.Author,
				Status: tr("suggestion.status." + g.Status), Answer: g.Reason, Created: g.Created})
		}
	}
	web.NoStore(w)
	s.Render(w, r, http.StatusOK, "ask_asked", tr("ask_web.asked.title"), &pg)
	return nil
}
