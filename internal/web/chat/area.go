// Package chat is the pages and the live transport of the chat with a
// librarian (issue 16, point 1): the residents' /chat, opened from every
// page's footer, and the staff's console at /admin/chat with its saved
// answers and chat hours.
//
// Everything works without JavaScript, by forms and reloads (PRG). With
// chat.js the pages go live: a WebSocket at /chat/{id}/ws (residents) and
// /admin/chat/ws (staff), or, where a proxy blocks WebSockets, long polls
// at /chat/{id}/events and /admin/chat/events with POSTs. The store
// (library.ChatService) keeps every message before it is delivered; the
// broker only nudges the connections, which then read what is new from
// the store after the last ID they sent. So a reload, a broken network or
// a restarted server loses nothing, and a node that missed a nudge
// catches up at the next one.
package chat

import (
	"context"
	"embed"
	"errors"
	"net/http"
	"strconv"

	"github.com/kirjasto/kirjasto/internal/library"
	"github.com/kirjasto/kirjasto/internal/web"
)

//go:embed templates/*.html
var templates embed.FS

// server is the core with this area's handlers.
type server struct {
	*web.Server
	hub broker
}

// Area returns the chat's pages, residents' and staff's.
func Area() web.Area { return web.Area{Name: "chat", Templates: templates, Routes: routes} }

// formLimits let a message far over library.MaxChatMessage arrive whole,
// so that the resident is told how long it may be, not "bad form"; the
// hours' form has four fields a day.
var formLimits = web.FormLimits{Values: 64, ValueLen: 256 << 10, Body: 512 << 10}

func routes(ws *web.Server, mux *http.ServeMux) {
	s := &server{Server: ws, hub: brokerOf(ws)}
	ws.AddFooterLinks(s.footerLinks)
	page := func(pattern string, h web.HandlerFunc) { mux.Handle(pattern, s.Wrap(h, false)) }
	api := func(pattern string, h web.HandlerFunc) { mux.Handle(pattern, s.Wrap(h, true)) }
	staff := func(pattern string, h web.StaffHandler) {
		mux.Handle(pattern, s.Wrap(s.AsStaffWith(formLimits, h), false))
	}
	staffAPI := func(pattern string, h web.StaffHandler) {
		mux.Handle(pattern, s.Wrap(s.AsStaffWith(formLimits, h), true))
	}

	page("GET /chat", s.serveStart)
	page("POST /chat", s.postStart)
	page("GET /chat/{id}", s.serveChat)
	page("POST /chat/{id}/messages", s.postMessage)
	page("POST /chat/{id}/end", s.postEnd)
	page("POST /chat/{id}/transcript", s.postTranscript)
	mux.HandleFunc("GET /chat/{id}/ws", s.residentSocket)
	api("GET /chat/{id}/events", s.residentEvents)
	api("POST /chat/{id}/send", s.residentSend)

	staff("GET /admin/chat", s.serveConsole)
	staff("POST /admin/chat/duty", s.postDuty)
	staff("POST /admin/chat/{id}/take", s.postTake)
	staff("POST /admin/chat/{id}/messages", s.postStaffMessage)
	staff("POST /admin/chat/{id}/handover", s.postHandOver)
	staff("POST /admin/chat/{id}/end", s.postStaffEnd)
	mux.Handle("GET /admin/chat/ws", s.Wrap(s.AsStaff(s.staffSocket), true))
	staffAPI("GET /admin/chat/events", s.staffEvents)
	staffAPI("POST /admin/chat/send", s.staffSend)
	staff("GET /admin/chat/answers", s.serveAnswers)
	staff("POST /admin/chat/answers", s.postAnswer)
	staff("POST /admin/chat/answers/{id}/delete", s.postDeleteAnswer)
	staff("GET /admin/chat/hours", s.serveHours)
	staff("POST /admin/chat/hours", s.postHours)
	staff("POST /admin/chat/settings", s.postSettings)
}

// footerLinks links the chat from every page.
func (s *server) footerLinks(r *http.Request, lang string) []web.FooterLink {
	return []web.FooterLink{{URL: "/chat", Text: web.LangText{Text: s.I18n().T(lang, "chat_web.entry", nil), Lang: lang}}}
}

// chats returns the store's chats; every store Kirjasto runs on has them.
func (s *server) chats() (library.ChatService, error) {
	c, ok := s.Store().(library.ChatService)
	if !ok {
		return nil, errors.New("chat: the store keeps no chats")
	}
	return c, nil
}

// settings is the part of the store that keeps the consortium's choices.
type settings interface {
	Setting(ctx context.Context, key string, v any) error
	PutSetting(ctx context.Context, key string, v any) error
}

// settings returns the consortium's chat settings, the defaults when it
// chose nothing.
func (s *server) settings(ctx context.Context) (library.ChatSettings, error) {
	cs := library.ChatSettings{Queue: library.ChatQueueLibrary}
	st, ok := s.Store().(settings)
	if !ok {
		return cs, nil
	}
	err := st.Setting(ctx, library.ChatSettingsKey, &cs)
	if library.ErrorCode(err) == library.ENOTFOUND {
		return library.ChatSettings{Queue: library.ChatQueueLibrary}, nil
	}
	if cs.Queue == "" {
		cs.Queue = library.ChatQueueLibrary
	}
	return cs, err
}

// clientKey is the hashed key of the request's network address: enough
// to shut an abusive client out, never the address itself.
func (s *server) clientKey(r *http.Request) string {
	return s.Pseudonym("chat client", s.ClientIP(r))
}

// chatID reads the {id} of the path.
func chatID(r *http.Request) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		return 0, &library.Error{Code: library.ENOTFOUND, Key: "error.chat_not_found", Message: "chat " + r.PathValue("id")}
	}
	return id, nil
}

// errorText is err's message in lang, for a refusal shown at a form or
// sent over the live transport; ok is false for a failure of the server.
func (s *server) errorText(lang string, err error) (msg string, status int, ok bool) {
	code := library.ErrorCode(err)
	status = web.HTTPStatus(code)
	if status >= 500 {
		return "", status, false
	}
	key := library.ErrorKey(err)
	if !s.I18n().Has(lang, key) {
		key = "error." + code
	}
	return s.ErrorMessage(lang, key, err), status, true
}
