package ask

import (
	"net/http"
	"strings"

	"github.com/kirjasto/kirjasto/internal/library"
	"github.com/kirjasto/kirjasto/internal/web"
)

// option is one choice of a select.
type option struct {
	Value string
	Label web.LangText
}

// group is a library's choices in the feedback's list: the whole library
// and each of its branches.
type group struct {
	Label   web.LangText
	Options []option
}

// formData is what the two forms show besides what was typed.
type formData struct {
	Topics  []option // the question's topics
	Kinds   []option // the feedback's kinds
	Targets []option // the libraries; for feedback, the web service
	Groups  []group  // for feedback, each library with its branches
	Patron  bool     // signed in: no name or address asked
	Email   string   // the signed-in patron's e-mail address; "" when none
}

// newForm is an empty form of the page's choices.
func (s *server) newForm(r *http.Request, action string, feedback bool) (*web.Form, error) {
	lang := s.Lang(r)
	libs, branches, err := s.Consortium(r.Context())
	if err != nil {
		return nil, err
	}
	d := &formData{}
	var p library.Patron
	if p, d.Patron = s.CurrentPatron(r); d.Patron {
		d.Email = p.Email
	}
	tr := func(key string) web.LangText { return web.LangText{Text: s.I18n().T(lang, key, nil), Lang: lang} }
	for _, t := range library.QuestionTopics {
		d.Topics = append(d.Topics, option{Value: t, Label: tr("question.topic." + t)})
	}
	for _, k := range library.FeedbackKinds {
		d.Kinds = append(d.Kinds, option{Value: k, Label: tr("feedback.kind." + k)})
	}
	if feedback {
		d.Targets = append(d.Targets, option{Value: "", Label: tr("ask_web.feedback.web_service")})
	}
	for _, l := range libs {
		if !l.ClosedAt.IsZero() {
			continue
		}
		if !feedback {
			d.Targets = append(d.Targets, option{Value: l.ID, Label: web.TextIn(l.Name, lang)})
			continue
		}
		g := group{Label: web.TextIn(l.Name, lang), Options: []option{{Value: "library:" + l.ID,
			Label: web.LangText{Text: s.I18n().T(lang, "ask_web.feedback.whole_library", nil), Lang: lang}}}}
		for _, b := range branches {
			if b.LibraryID == l.ID {
				g.Options = append(g.Options, option{Value: "branch:" + b.ID, Label: web.TextIn(b.Name, lang)})
			}
		}
		d.Groups = append(d.Groups, g)
	}
	return &web.Form{Action: action, Values: map[string]string{}, Errors: map[string]string{}, Data: d}, nil
}

// keep copies the posted values of names into f, to show them again.
func keep(r *http.Request, f *web.Form, names ...string) {
	for _, n := range names {
		f.Values[n] = r.PostFormValue(n)
	}
}

func (s *server) serveAsk(w http.ResponseWriter, r *http.Request) error {
	f, err := s.newForm(r, "/ask", false)
	if err != nil {
		return err
	}
	f.Values["answer_by"] = library.AnswerByEmail
	// A chat that was closed hands its question over: /ask?text=...
	q := r.URL.Query()
	f.Values["text"], f.Values["library"] = q.Get("text"), q.Get("library")
	if d := f.Data.(*formData); d.Patron && d.Email == "" {
		f.Values["answer_by"] = library.AnswerByAccount
	}
	s.RenderForm(w, r, http.StatusOK, "ask_question", "ask_web.ask.title", f)
	return nil
}

func (s *server) postAsk(w http.ResponseWriter, r *http.Request) error {
	if err := web.ReadFormWith(w, r, formLimits); err != nil {
		return err
	}
	f, err := s.newForm(r, "/ask", false)
	if err != nil {
		return err
	}
	keep(r, f, "topic", "library", "text", "answer_by", "name", "email")
	q := library.Question{Library: f.Values["library"], Topic: f.Values["topic"], Text: f.Values["text"],
		AnswerBy: f.Values["answer_by"], Sender: library.Sender{Lang: s.Lang(r)}}
	if p, ok := s.CurrentPatron(r); ok {
		q.PatronID = p.ID
		// An answer by e-mail to a patron goes to the profile's address:
		// without one it would reach nobody.
		if q.AnswerBy == library.AnswerByEmail && p.Email == "" {
			f.Fail("answer_by", s.Tr(r, "ask_web.ask.no_email"))
			s.RenderForm(w, r, http.StatusBadRequest, "ask_question", "ask_web.ask.title", f)
			return nil
		}
	} else {
		q.GuestName, q.GuestEmail = f.Values["name"], f.Values["email"]
		if !s.allowGuest(w, r) {
			f.Alert = s.Tr(r, "error.too_many_attempts")
			s.RenderForm(w, r, http.StatusTooManyRequests, "ask_question", "ask_web.ask.title", f)
			return nil
		}
	}
	if err := q.Validate(); err != nil {
		return s.refuse(w, r, "ask_question", "ask_web.ask.title", f, err)
	}
	qs, err := s.questions()
	if err != nil {
		return err
	}
	if q, err = qs.Ask(r.Context(), q, s.Now()); err != nil {
		return s.refuse(w, r, "ask_question", "ask_web.ask.title", f, err)
	}
	http.Redirect(w, r, "/ask/thanks?by="+q.AnswerBy, http.StatusSeeOther)
	return nil
}

// thanks is a thank-you page: what happens next.
type thanks struct {
	ByAccount bool // the answer comes to My Account, not by e-mail
	Answered  bool // the sender will be told the answer
	Consent   bool
	Feedback  bool // the page thanks for feedback, not a question
}

func (s *server) serveAskThanks(w http.ResponseWriter, r *http.Request) error {
	t := thanks{ByAccount: r.URL.Query().Get("by") == library.AnswerByAccount}
	s.Render(w, r, http.StatusOK, "ask_thanks", s.Tr(r, "ask_web.thanks.title"), t)
	return nil
}

func (s *server) serveFeedback(w http.ResponseWriter, r *http.Request) error {
	f, err := s.newForm(r, "/feedback", true)
	if err != nil {
		return err
	}
	s.RenderForm(w, r, http.StatusOK, "ask_feedback", "ask_web.feedback.title", f)
	return nil
}

func (s *server) postFeedback(w http.ResponseWriter, r *http.Request) error {
	if err := web.ReadFormWith(w, r, formLimits); err != nil {
		return err
	}
	f, err := s.newForm(r, "/feedback", true)
	if err != nil {
		return err
	}
	keep(r, f, "kind", "target", "text", "name", "email", "consent")
	fb := library.Feedback{Kind: f.Values["kind"], Text: f.Values["text"], Consent: f.Values["consent"] != "",
		Sender: library.Sender{Lang: s.Lang(r)}}
	if err := s.target(r, &fb, f.Values["target"]); err != nil {
		return s.refuse(w, r, "ask_feedback", "ask_web.feedback.title", f, err)
	}
	if p, ok := s.CurrentPatron(r); ok {
		fb.PatronID = p.ID
	} else {
		fb.GuestName, fb.GuestEmail = f.Values["name"], f.Values["email"]
		if !s.allowGuest(w, r) {
			f.Alert = s.Tr(r, "error.too_many_attempts")
			s.RenderForm(w, r, http.StatusTooManyRequests, "ask_feedback", "ask_web.feedback.title", f)
			return nil
		}
	}
	if err := fb.Validate(); err != nil {
		return s.refuse(w, r, "ask_feedback", "ask_web.feedback.title", f, err)
	}
	fs, err := s.feedback()
	if err != nil {
		return err
	}
	if fb, err = fs.SendFeedback(r.Context(), fb, s.Now()); err != nil {
		return s.refuse(w, r, "ask_feedback", "ask_web.feedback.title", f, err)
	}
	next := "/feedback/thanks?"
	if fb.Answerable() {
		next += "answer=1&"
	}
	if fb.Consent {
		next += "consent=1"
	}
	http.Redirect(w, r, strings.TrimSuffix(next, "&"), http.StatusSeeOther)
	return nil
}

// target reads the feedback's aim: "" the web service, "library:ID" or
// "branch:ID" (whose library the consortium names).
func (s *server) target(r *http.Request, fb *library.Feedback, v string) error {
	kind, id, _ := strings.Cut(v, ":")
	switch kind {
	case "":
		return nil
	case "library":
		fb.Library = id
		return nil
	case "branch":
		_, branches, err := s.Consortium(r.Context())
		if err != nil {
			return err
		}
		for _, b := range branches {
			if b.ID == id {
				fb.Library, fb.Branch = b.LibraryID, b.ID
				return nil
			}
		}
	}
	return &library.Error{Code: library.EINVALID, Key: "error.feedback_branch", Message: "target " + v}
}

func (s *server) serveFeedbackThanks(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	t := thanks{Feedback: true, Answered: q.Get("answer") != "", Consent: q.Get("consent") != ""}
	s.Render(w, r, http.StatusOK, "ask_thanks", s.Tr(r, "ask_web.thanks.feedback_title"), t)
	return nil
}
