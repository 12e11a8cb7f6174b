// Package ask is the residents' part of "Ask a librarian" and feedback:
// the forms at /ask and /feedback, their thank-you pages, My Account's
// list of what the patron asked and told, with the answers, at
// /account/asked, a patron's purchase suggestion at
// /account/suggestions/new, and the public "you asked, we answered" page of the
// feedback staff published, at /answers?library=ID. The footer of every
// page links the forms and the answers.
//
// The store (library.Questions, library.FeedbackService) checks what is
// sent and queues the answer's notice when staff answer; these pages only
// read the forms, show refusals at their fields, and say what happens
// next.
package ask

import (
	"embed"
	"errors"
	"net/http"

	"github.com/kirjasto/kirjasto/internal/library"
	"github.com/kirjasto/kirjasto/internal/web"
)

//go:embed templates/*.html
var templates embed.FS

// server is the core with this area's handlers.
type server struct{ *web.Server }

// Area returns the residents' questions and feedback.
func Area() web.Area { return web.Area{Name: "ask", Templates: templates, Routes: routes} }

// formLimits let a question far over library.MaxAskText arrive whole,
// so that the sender is told at its field how long it may be, rather
// than a bare "bad form".
var formLimits = web.FormLimits{Values: 20, ValueLen: 256 << 10, Body: 512 << 10}

func routes(ws *web.Server, mux *http.ServeMux) {
	s := &server{Server: ws}
	ws.AddFooterLinks(s.footerLinks)
	page := func(pattern string, h web.HandlerFunc) { mux.Handle(pattern, s.Wrap(h, false)) }
	page("GET /ask", s.serveAsk)
	page("POST /ask", s.postAsk)
	page("GET /ask/thanks", s.serveAskThanks)
	page("GET /feedback", s.serveFeedback)
	page("POST /feedback", s.postFeedback)
	page("GET /feedback/thanks", s.serveFeedbackThanks)
	page("GET /account/asked", s.AsPatron(s.serveAsked))
	page("GET /answers", s.serveAnswers)
	page("GET /account/suggestions/new", s.AsPatron(s.serveSuggest))
	page("POST /account/suggestions/new", s.AsPatron(s.postSuggest))
	suggestRoutes(s, page)
	staffRoutes(s, mux)
}

// footerLinks links the two forms from every page.
func (s *server) footerLinks(r *http.Request, lang string) []web.FooterLink {
	t := func(key string) web.LangText { return web.LangText{Text: s.I18n().T(lang, key, nil), Lang: lang} }
	return []web.FooterLink{{URL: "/ask", Text: t("ask_web.ask.title")}, {URL: "/feedback", Text: t("ask_web.feedback.title")},
		{URL: "/answers", Text: t("ask_web.answers.title")}}
}

// questions returns the store's questions; every store Kirjasto runs on
// has them.
func (s *server) questions() (library.Questions, error) {
	q, ok := s.Store().(library.Questions)
	if !ok {
		return nil, errors.New("ask: the store keeps no questions")
	}
	return q, nil
}

// feedback returns the store's feedback.
func (s *server) feedback() (library.FeedbackService, error) {
	f, ok := s.Store().(library.FeedbackService)
	if !ok {
		return nil, errors.New("ask: the store keeps no feedback")
	}
	return f, nil
}

// allowGuest counts a guest's question or feedback against the client's
// address, with the site's limiter under a key of its own, as the
// events' guest sign-up does: a form without a password must not let
// one address flood the libraries' inboxes, nor lock anyone out of
// signing in.
func (s *server) allowGuest(w http.ResponseWriter, r *http.Request) bool {
	return s.Allow(w, r, "ask "+s.ClientIP(r))
}

// fields maps the store's refusals to the fields they are about.
var fields = map[string]string{
	"error.ask_library":        "library",
	"error.question_topic":     "topic",
	"error.question_empty":     "text",
	"error.question_too_long":  "text",
	"error.question_answer_by": "answer_by",
	"error.ask_guest_name":     "name",
	"error.ask_guest_email":    "email",
	"error.feedback_kind":      "kind",
	"error.feedback_branch":    "target",
	"error.feedback_empty":     "text",
	"error.feedback_too_long":  "text",
	"error.branch_not_found":   "target",
	"error.library_not_found":  "library",
}

// refuse shows the form again with err at its field (or above the form),
// with err's 4xx; a failure of the server is returned, for a 500.
func (s *server) refuse(w http.ResponseWriter, r *http.Request, name, title string, f *web.Form, err error) error {
	code := library.ErrorCode(err)
	status := web.HTTPStatus(code)
	if status >= 500 {
		return err
	}
	lang := s.Lang(r)
	key := library.ErrorKey(err)
	if !s.I18n().Has(lang, key) {
		key = "error." + code
	}
	msg := s.ErrorMessage(lang, key, err)
	if field, ok := fields[key]; ok {
		if field == "library" && name == "ask_feedback" {
			field = "target"
		}
		f.Fail(field, msg)
	} else {
		f.Alert = msg
	}
	s.RenderForm(w, r, status, name, title, f)
	return nil
}
