package chat

import (
	"net/http"
	"strings"

	"github.com/kirjasto/kirjasto/internal/library"
	"github.com/kirjasto/kirjasto/internal/web"
)

// Saved answers at /admin/chat/answers: the staff's replies for questions
// that come again, their library's and the consortium's.

// answersData is the saved answers' page.
type answersData struct {
	Answers   []library.SavedAnswer
	Libraries []option // where a new answer may belong
	Languages []option
	Form      *web.Form
}

func (s *server) answersPage(r *http.Request, st library.Staff, f *web.Form) (*answersData, error) {
	chats, err := s.chats()
	if err != nil {
		return nil, err
	}
	lang := s.Lang(r)
	d := &answersData{Form: f}
	if d.Answers, err = chats.SavedAnswers(r.Context(), []string{st.Library}, ""); err != nil {
		return nil, err
	}
	if library.Permit(st, library.ActAsk, library.ConsortiumScope) == nil {
		d.Libraries = append(d.Libraries, option{Value: "", Label: web.LangText{Text: s.I18n().T(lang, "chat_web.answers.consortium", nil), Lang: lang}})
	}
	libs, _, err := s.Consortium(r.Context())
	if err != nil {
		return nil, err
	}
	for _, l := range libs {
		if library.Permit(st, library.ActAsk, library.LibraryScope(l.ID)) == nil && l.ClosedAt.IsZero() {
			d.Libraries = append(d.Libraries, option{Value: l.ID, Label: web.TextIn(l.Name, lang)})
		}
	}
	for _, l := range s.I18n().Languages() {
		d.Languages = append(d.Languages, option{Value: l, Label: web.LangText{Text: s.I18n().T(l, "meta.name", nil), Lang: l}})
	}
	return d, nil
}

func (s *server) serveAnswers(w http.ResponseWriter, r *http.Request, st library.Staff) error {
	if err := mayChat(st); err != nil {
		return err
	}
	f := &web.Form{Action: "/admin/chat/answers", Values: map[string]string{"lang": s.Lang(r), "library": st.Library}, Errors: map[string]string{}}
	if r.URL.Query().Get("done") != "" {
		f.Done = s.Tr(r, "chat_web.answers.saved")
	}
	d, err := s.answersPage(r, st, f)
	if err != nil {
		return err
	}
	web.NoStore(w)
	s.Render(w, r, http.StatusOK, "chat_answers", s.Tr(r, "chat_web.answers.title"), d)
	return nil
}

// answerFields maps the store's refusals to the form's fields.
var answerFields = map[string]string{
	"error.chat_answer_title":          "title",
	"error.chat_answer_title_too_long": "title",
	"error.chat_empty":                 "text",
	"error.chat_too_long":              "text",
	"error.chat_answer_lang":           "lang",
}

func (s *server) postAnswer(w http.ResponseWriter, r *http.Request, st library.Staff) error {
	if err := mayChat(st); err != nil {
		return err
	}
	f := &web.Form{Action: "/admin/chat/answers", Values: map[string]string{}, Errors: map[string]string{}}
	for _, n := range []string{"title", "text", "lang", "library"} {
		f.Values[n] = r.PostFormValue(n)
	}
	a := library.SavedAnswer{Library: f.Values["library"], Lang: f.Values["lang"],
		Title: strings.TrimSpace(f.Values["title"]), Text: strings.TrimSpace(f.Values["text"])}
	switch {
	case a.Title == "":
		f.Fail("title", s.Tr(r, "error.chat_answer_title"))
	case a.Text == "":
		f.Fail("text", s.Tr(r, "error.chat_empty"))
	case len([]rune(a.Text)) > library.MaxChatMessage:
		f.Fail("text", s.ErrorMessage(s.Lang(r), "error.chat_too_long", &library.Error{Code: library.EINVALID, Key: "error.chat_too_long", Count: library.MaxChatMessage}))
	case !s.I18n().Supported(a.Lang):
		f.Fail("lang", s.Tr(r, "error.chat_answer_lang"))
	}
	status := http.StatusBadRequest
	if len(f.Errors) == 0 {
		chats, err := s.chats()
		if err != nil {
			return err
		}
		_, err = chats.SaveAnswer(r.Context(), st, a)
		if err == nil {
			http.Redirect(w, r, "/admin/chat/answers?done=1", http.StatusSeeOther)
			return nil
		}
		msg, code, ok := s.errorText(s.Lang(r), err)
		if !ok {
			return err
		}
		status = code
		if field, ok := answerFields[library.ErrorKey(err)]; ok {
			f.Fail(field, msg)
		} else {
			f.Alert = msg
		}
	}
	d, err := s.answersPage(r, st, f)
	if err != nil {
		return err
	}
	web.NoStore(w)
	s.Render(w, r, status, "chat_answers", s.Tr(r, "chat_web.answers.title"), d)
	return nil
}

func (s *server) postDeleteAnswer(w http.ResponseWriter, r *http.Request, st library.Staff) error {
	if err := mayChat(st); err != nil {
		return err
	}
	id, err := chatID(r)
	if err != nil {
		return err
	}
	chats, err := s.chats()
	if err != nil {
		return err
	}
	if err := chats.DeleteSavedAnswer(r.Context(), st, id); err != nil {
		return err
	}
	http.Redirect(w, r, "/admin/chat/answers", http.StatusSeeOther)
	return nil
}
