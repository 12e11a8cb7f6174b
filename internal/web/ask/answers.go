package ask

import (
	"net/http"
	"time"

	"github.com/kirjasto/kirjasto/internal/library"
	"github.com/kirjasto/kirjasto/internal/web"
)

// answersLimit is how many published answers the page shows.
const answersLimit = 50

// answer is one published piece of feedback: staff's summary, never the
// sender's own words.
type answer struct {
	Kind      string
	Summary   string
	Answer    string
	Published time.Time
}

// answersPage is the public "you asked, we answered" page of a library
// or the web service.
type answersPage struct {
	Library string   // the chosen library; "" the web service
	Targets []option // the libraries to choose from
	Answers []answer
}

// serveAnswers lists a library's published feedback with its answers:
// only what staff wrote for publishing (library.Published).
func (s *server) serveAnswers(w http.ResponseWriter, r *http.Request) error {
	lang := s.Lang(r)
	lib := r.URL.Query().Get("library")
	libs, _, err := s.Consortium(r.Context())
	if err != nil {
		return err
	}
	p := answersPage{Library: lib,
		Targets: []option{{Value: "", Label: web.LangText{Text: s.I18n().T(lang, "ask_web.feedback.web_service", nil), Lang: lang}}}}
	known := lib == ""
	for _, l := range libs {
		if l.ClosedAt.IsZero() {
			p.Targets = append(p.Targets, option{Value: l.ID, Label: web.TextIn(l.Name, lang)})
			known = known || l.ID == lib
		}
	}
	if !known {
		return &library.Error{Code: library.ENOTFOUND, Key: "error.library_not_found", Message: "library " + lib}
	}
	fs, err := s.feedback()
	if err != nil {
		return err
	}
	published, err := fs.PublishedFeedback(r.Context(), lib, answersLimit)
	if err != nil {
		return err
	}
	for _, f := range published {
		p.Answers = append(p.Answers, answer{Kind: s.I18n().T(lang, "feedback.kind."+f.Kind, nil),
			Summary: f.PublicSummary, Answer: f.PublicAnswer, Published: f.PublishedAt})
	}
	s.Render(w, r, http.StatusOK, "ask_answers", s.I18n().T(lang, "ask_web.answers.title", nil), &p)
	return nil
}
