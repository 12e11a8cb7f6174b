package chat

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/kirjasto/kirjasto/internal/library"
	"github.com/kirjasto/kirjasto/internal/web"
)

// option is one choice of a select.
type option struct {
	Value string
	Label web.LangText
}

// startData is what the start page shows besides what was typed.
type startData struct {
	Open      bool     // someone answers now (in the chosen or any queue)
	Disabled  bool     // the consortium has no chat
	PerLib    bool     // the queue is per library: ask which
	Libraries []option // the libraries with a chat
	Patron    bool     // signed in: no name asked
	Going     []int64  // chats this browser has open
}

// secretCookie names the cookie that keeps a chat's secret.
func secretCookie(id int64) string { return "chat_" + strconv.FormatInt(id, 10) }

// secret returns the chat's secret from its cookie.
func secret(r *http.Request, id int64) string {
	c, err := r.Cookie(secretCookie(id))
	if err != nil {
		return ""
	}
	return c.Value
}

// queueOf is the queue a chat asked for library goes to.
func queueOf(cs library.ChatSettings, lib string) string {
	if cs.Queue == library.ChatQueueConsortium {
		return ""
	}
	return lib
}

// newStart is the start page's form with its choices.
func (s *server) newStart(r *http.Request) (*web.Form, library.ChatSettings, error) {
	ctx := r.Context()
	lang := s.Lang(r)
	cs, err := s.settings(ctx)
	if err != nil {
		return nil, cs, err
	}
	d := &startData{Disabled: cs.Disabled, PerLib: cs.Queue == library.ChatQueueLibrary}
	f := &web.Form{Action: "/chat", Values: map[string]string{}, Errors: map[string]string{}, Data: d}
	var p library.Patron
	if p, d.Patron = s.CurrentPatron(r); d.Patron {
		f.Values["library"] = p.HomeLibrary
	}
	for _, c := range r.Cookies() {
		if id, err := strconv.ParseInt(strings.TrimPrefix(c.Name, "chat_"), 10, 64); err == nil && strings.HasPrefix(c.Name, "chat_") {
			d.Going = append(d.Going, id)
		}
	}
	if cs.Disabled {
		return f, cs, nil
	}
	chats, err := s.chats()
	if err != nil {
		return nil, cs, err
	}
	libs, _, err := s.Consortium(ctx)
	if err != nil {
		return nil, cs, err
	}
	now := s.Now()
	if !d.PerLib {
		d.Open, err = chats.ChatOpen(ctx, "", now)
		return f, cs, err
	}
	for _, l := range libs {
		if !l.ClosedAt.IsZero() {
			continue
		}
		d.Libraries = append(d.Libraries, option{Value: l.ID, Label: web.TextIn(l.Name, lang)})
		open, err := chats.ChatOpen(ctx, l.ID, now)
		if err != nil {
			return nil, cs, err
		}
		d.Open = d.Open || open
	}
	return f, cs, nil
}

func (s *server) serveStart(w http.ResponseWriter, r *http.Request) error {
	f, _, err := s.newStart(r)
	if err != nil {
		return err
	}
	f.Values["text"] = r.URL.Query().Get("text")
	s.RenderForm(w, r, http.StatusOK, "chat_start", "chat_web.start.title", f)
	return nil
}

// allowOpen counts a chat opened against the client's address, under the
// guests' key of the question form: one address must not flood the
// librarians with chats, nor lock anyone out of signing in.
func (s *server) allowOpen(w http.ResponseWriter, r *http.Request) bool {
	return s.Allow(w, r, "ask "+s.ClientIP(r))
}

func (s *server) postStart(w http.ResponseWriter, r *http.Request) error {
	if err := web.ReadFormWith(w, r, formLimits); err != nil {
		return err
	}
	f, cs, err := s.newStart(r)
	if err != nil {
		return err
	}
	for _, n := range []string{"name", "library", "text"} {
		if v := r.PostFormValue(n); v != "" || n != "library" {
			f.Values[n] = v
		}
	}
	d := f.Data.(*startData)
	c := library.Chat{Queue: queueOf(cs, f.Values["library"]), Lang: s.Lang(r), Client: s.clientKey(r),
		Name: strings.TrimSpace(f.Values["name"])}
	if p, ok := s.CurrentPatron(r); ok {
		c.PatronID = p.ID
		c.Name = firstName(p.Name)
	}
	text := strings.TrimSpace(f.Values["text"])
	switch {
	case d.Disabled:
		return library.Errorf(library.ENOTFOUND, "the chat is off")
	case d.PerLib && !hasOption(d.Libraries, c.Queue):
		f.Fail("library", s.Tr(r, "error.chat_queue"))
	case text == "":
		f.Fail("text", s.Tr(r, "error.chat_empty"))
	case len([]rune(text)) > library.MaxChatMessage:
		f.Fail("text", s.ErrorMessage(s.Lang(r), "error.chat_too_long", &library.Error{Code: library.EINVALID, Key: "error.chat_too_long", Count: library.MaxChatMessage}))
	}
	if len(f.Errors) > 0 {
		s.RenderForm(w, r, http.StatusBadRequest, "chat_start", "chat_web.start.title", f)
		return nil
	}
	if !s.allowOpen(w, r) {
		f.Alert = s.Tr(r, "error.too_many_attempts")
		s.RenderForm(w, r, http.StatusTooManyRequests, "chat_start", "chat_web.start.title", f)
		return nil
	}
	chats, err := s.chats()
	if err != nil {
		return err
	}
	c, sec, err := chats.OpenChat(r.Context(), c, text, s.Now())
	if library.ErrorKey(err) == "error.chat_closed" {
		d.Open = false
		f.Alert = s.Tr(r, "error.chat_closed")
		s.RenderForm(w, r, http.StatusConflict, "chat_start", "chat_web.start.title", f)
		return nil
	}
	if err != nil {
		msg, status, ok := s.errorText(s.Lang(r), err)
		if !ok {
			return err
		}
		if field, ok := startFields[library.ErrorKey(err)]; ok {
			f.Fail(field, msg)
		} else {
			f.Alert = msg
		}
		s.RenderForm(w, r, status, "chat_start", "chat_web.start.title", f)
		return nil
	}
	// The cookie's path is /chat, not the chat's own, so that the start
	// page can offer the way back to a chat in progress.
	http.SetCookie(w, &http.Cookie{Name: secretCookie(c.ID), Value: sec, Path: "/chat",
		MaxAge: int(library.ChatIdleTime/time.Second) * 4, HttpOnly: true, SameSite: http.SameSiteLaxMode, Secure: s.Secure(r)})
	s.changed(r.Context(), c.ID, "status")
	http.Redirect(w, r, chatURL(c.ID), http.StatusSeeOther)
	return nil
}

// startFields maps the store's refusals to the start form's fields.
var startFields = map[string]string{
	"error.chat_empty":         "text",
	"error.chat_too_long":      "text",
	"error.chat_name_too_long": "name",
	"error.chat_queue":         "library",
	"error.library_not_found":  "library",
}

func hasOption(opts []option, v string) bool {
	for _, o := range opts {
		if o.Value == v {
			return true
		}
	}
	return false
}

// firstName is what staff call a patron: "Virtanen, Aino" → "Aino".
func firstName(name string) string {
	if _, first, ok := strings.Cut(name, ","); ok {
		return strings.TrimSpace(first)
	}
	return name
}

func chatURL(id int64) string { return "/chat/" + strconv.FormatInt(id, 10) }

// chatPage is the resident's chat.
type chatPage struct {
	Chat     library.Chat
	Status   string // the status's name
	Messages []message
	Last     int64
	Alert    string
	Values   map[string]string
	Errors   map[string]string
	Done     string
	AskURL   string // the question form, with the chat's first message, once the chat ended unanswered
	Patron   bool
}

// residentChat returns the chat the request's cookie opens.
func (s *server) residentChat(r *http.Request) (library.Chat, string, error) {
	id, err := chatID(r)
	if err != nil {
		return library.Chat{}, "", err
	}
	chats, err := s.chats()
	if err != nil {
		return library.Chat{}, "", err
	}
	sec := secret(r, id)
	if sec == "" {
		return library.Chat{}, "", &library.Error{Code: library.ENOTFOUND, Key: "error.chat_not_found", Message: "no secret for chat"}
	}
	c, err := chats.ResidentChat(r.Context(), id, sec)
	return c, sec, err
}

// page builds the chat page's data.
func (s *server) page(r *http.Request, c library.Chat) (*chatPage, error) {
	chats, err := s.chats()
	if err != nil {
		return nil, err
	}
	ms, err := chats.Messages(r.Context(), c.ID, 0, 1000)
	if err != nil {
		return nil, err
	}
	lang := s.Lang(r)
	p := &chatPage{Chat: c, Status: s.I18n().T(lang, "chat.status."+c.Status, nil), Values: map[string]string{},
		Errors: map[string]string{}, Last: c.LastMessageID}
	_, p.Patron = s.CurrentPatron(r)
	for _, m := range ms {
		p.Messages = append(p.Messages, s.render(lang, m))
		p.Last = max(p.Last, m.ID)
	}
	if c.Status == library.ChatEnded && c.StaffID == 0 && len(ms) > 0 {
		p.AskURL = "/ask?" + url.Values{"text": {ms[0].Text}}.Encode()
	}
	return p, nil
}

func (s *server) serveChat(w http.ResponseWriter, r *http.Request) error {
	c, _, err := s.residentChat(r)
	if err != nil {
		return err
	}
	p, err := s.page(r, c)
	if err != nil {
		return err
	}
	switch r.URL.Query().Get("done") {
	case "transcript":
		p.Done = s.Tr(r, "chat_web.transcript.queued")
	}
	web.NoStore(w)
	s.Render(w, r, http.StatusOK, "chat_chat", s.Tr(r, "chat_web.chat.title"), p)
	return nil
}

// refuse shows the chat page again with err at field (or above it).
func (s *server) refuse(w http.ResponseWriter, r *http.Request, c library.Chat, field, text string, err error) error {
	msg, status, ok := s.errorText(s.Lang(r), err)
	if !ok {
		return err
	}
	p, perr := s.page(r, c)
	if perr != nil {
		return perr
	}
	if field != "" {
		p.Errors[field] = msg
		p.Values[field] = text
	} else {
		p.Alert = msg
	}
	web.NoStore(w)
	s.Render(w, r, status, "chat_chat", s.Tr(r, "chat_web.chat.title"), p)
	return nil
}

// residentForm reads a resident's form about their chat, and the chat
// its cookie opens.
func (s *server) residentForm(w http.ResponseWriter, r *http.Request) (library.Chat, string, library.ChatService, error) {
	if err := web.ReadFormWith(w, r, formLimits); err != nil {
		return library.Chat{}, "", nil, err
	}
	c, sec, err := s.residentChat(r)
	if err != nil {
		return library.Chat{}, "", nil, err
	}
	chats, err := s.chats()
	return c, sec, chats, err
}

func (s *server) postMessage(w http.ResponseWriter, r *http.Request) error {
	c, sec, chats, err := s.residentForm(w, r)
	if err != nil {
		return err
	}
	text := r.PostFormValue("text")
	if _, err := chats.PostResident(r.Context(), c.ID, sec, text, s.Now()); err != nil {
		return s.refuse(w, r, c, "text", text, err)
	}
	s.changed(r.Context(), c.ID, "message")
	http.Redirect(w, r, chatURL(c.ID)+"#last", http.StatusSeeOther)
	return nil
}

func (s *server) postEnd(w http.ResponseWriter, r *http.Request) error {
	c, sec, chats, err := s.residentForm(w, r)
	if err != nil {
		return err
	}
	if _, err := chats.EndByResident(r.Context(), c.ID, sec, s.Now()); err != nil {
		return s.refuse(w, r, c, "", "", err)
	}
	s.changed(r.Context(), c.ID, "message")
	s.changed(r.Context(), c.ID, "status")
	http.Redirect(w, r, chatURL(c.ID), http.StatusSeeOther)
	return nil
}

func (s *server) postTranscript(w http.ResponseWriter, r *http.Request) error {
	c, sec, chats, err := s.residentForm(w, r)
	if err != nil {
		return err
	}
	addr := strings.TrimSpace(r.PostFormValue("email"))
	if err := chats.SendTranscript(r.Context(), c.ID, sec, addr, s.Lang(r), s.Now()); err != nil {
		return s.refuse(w, r, c, "email", addr, err)
	}
	http.Redirect(w, r, chatURL(c.ID)+"?done=transcript", http.StatusSeeOther)
	return nil
}
