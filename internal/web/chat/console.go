package chat

import (
	"context"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/kirjasto/kirjasto/internal/library"
	"github.com/kirjasto/kirjasto/internal/web"
)

// The staff's console at /admin/chat: the duty toggle, the queue, and a
// panel for each chat the staff member has. Without JavaScript every
// action is a form and the page is reloaded to see what is new.

// dutyTime is how long a duty lasts without renewal: the console's script
// renews it every minute while the page is open; a form sets it for the
// same stretch, and the page says until when.
const dutyTime = 15 * time.Minute

// dutyCookie keeps, in the staff member's browser, until when they said
// they are on duty, for the page to show.
const dutyCookie = "chat_duty"

// queued is a chat in the queue as the console shows it.
type queued struct {
	ID     int64  `json:"id"`
	Name   string `json:"name"`
	Queue  string `json:"queue"` // the library's name, "" for the consortium's
	Status string `json:"status"`
	State  string `json:"state"` // the status's name
	Staff  string `json:"staff,omitempty"`
	Age    string `json:"age"` // since the last message
	Mine   bool   `json:"mine"`
	Lang   string `json:"lang"`
}

// panel is a chat the staff member has, open in the console.
type panel struct {
	Chat     library.Chat
	Messages []message
	Last     int64
}

// consoleData is the console.
type consoleData struct {
	OnDuty    bool
	Until     string
	Queue     []queued
	Panels    []panel
	Answers   []library.SavedAnswer
	Colleague []library.Staff
	Alert     string
	Done      string
}

// queues returns the queues in the staff member's reach.
func (s *server) queues(ctx context.Context, st library.Staff) ([]string, error) {
	cs, err := s.settings(ctx)
	if err != nil {
		return nil, err
	}
	if cs.Queue == library.ChatQueueConsortium {
		return []string{""}, nil
	}
	if st.Reach() != library.ConsortiumScope {
		return []string{st.Library}, nil
	}
	libs, _, err := s.Consortium(ctx)
	if err != nil {
		return nil, err
	}
	var out []string
	for _, l := range libs {
		if l.ClosedAt.IsZero() {
			out = append(out, l.ID)
		}
	}
	return out, nil
}

// mayChat refuses staff who answer no chats.
func mayChat(st library.Staff) error {
	if !st.May(library.ActAsk) {
		return &library.Error{Code: library.EFORBIDDEN, Key: "error.forbidden", Message: "no chat for " + st.Username}
	}
	return nil
}

// queueList is the queue in lang.
func (s *server) queueList(ctx context.Context, lang string, st library.Staff) ([]queued, error) {
	chats, err := s.chats()
	if err != nil {
		return nil, err
	}
	qs, err := s.queues(ctx, st)
	if err != nil {
		return nil, err
	}
	list, err := chats.ChatQueue(ctx, qs)
	if err != nil {
		return nil, err
	}
	libs, _, err := s.Consortium(ctx)
	if err != nil {
		return nil, err
	}
	names := map[string]string{}
	for _, l := range libs {
		names[l.ID] = web.TextIn(l.Name, lang).Text
	}
	now := s.Now()
	out := make([]queued, 0, len(list))
	for _, c := range list {
		since := c.LastMessageAt
		if since.IsZero() {
			since = c.Created
		}
		name := c.Name
		if name == "" {
			name = s.I18n().T(lang, "chat_web.console.guest", nil)
		}
		out = append(out, queued{ID: c.ID, Name: name, Queue: names[c.Queue], Status: c.Status,
			State: s.I18n().T(lang, "chat.status."+c.Status, nil), Staff: c.Staff,
			Age: s.I18n().T(lang, "chat_web.console.minutes", map[string]any{"Minutes": int(now.Sub(since) / time.Minute)}), Mine: c.StaffID == st.ID, Lang: c.Lang})
	}
	return out, nil
}

func (s *server) serveConsole(w http.ResponseWriter, r *http.Request, st library.Staff) error {
	if err := mayChat(st); err != nil {
		return err
	}
	d, err := s.console(r, st)
	if err != nil {
		return err
	}
	switch r.URL.Query().Get("done") {
	case "handover":
		d.Done = s.Tr(r, "chat_web.console.handed_over")
	case "ended":
		d.Done = s.Tr(r, "chat_web.console.ended")
	}
	web.NoStore(w)
	s.Render(w, r, http.StatusOK, "chat_console", s.Tr(r, "chat_web.console.title"), d)
	return nil
}

// console gathers the console's data.
func (s *server) console(r *http.Request, st library.Staff) (*consoleData, error) {
	ctx := r.Context()
	lang := s.Lang(r)
	d := &consoleData{}
	if c, err := r.Cookie(dutyCookie); err == nil {
		if unix, err := strconv.ParseInt(c.Value, 10, 64); err == nil && time.Unix(unix, 0).After(s.Now()) {
			d.OnDuty, d.Until = true, time.Unix(unix, 0).In(library.Helsinki).Format("15:04")
		}
	}
	var err error
	if d.Queue, err = s.queueList(ctx, lang, st); err != nil {
		return nil, err
	}
	chats, err := s.chats()
	if err != nil {
		return nil, err
	}
	for _, q := range d.Queue {
		if !q.Mine {
			continue
		}
		c, err := chats.StaffChat(ctx, st, q.ID)
		if err != nil {
			return nil, err
		}
		ms, err := chats.Messages(ctx, c.ID, 0, 1000)
		if err != nil {
			return nil, err
		}
		p := panel{Chat: c}
		for _, m := range ms {
			p.Messages = append(p.Messages, s.render(lang, m))
			p.Last = max(p.Last, m.ID)
		}
		d.Panels = append(d.Panels, p)
	}
	if d.Answers, err = chats.SavedAnswers(ctx, []string{st.Library}, ""); err != nil {
		return nil, err
	}
	if sa, ok := s.Store().(library.StaffAccounts); ok && len(d.Panels) > 0 {
		f := library.StaffFilter{State: library.StaffActive}
		if st.Reach() != library.ConsortiumScope {
			f.Library = st.Library
		}
		all, err := sa.ListStaff(ctx, f)
		if err != nil {
			return nil, err
		}
		for _, c := range all {
			if c.ID != st.ID && c.May(library.ActAsk) {
				d.Colleague = append(d.Colleague, c)
			}
		}
	}
	return d, nil
}

// refuseConsole shows the console with err above it, with err's 4xx.
func (s *server) refuseConsole(w http.ResponseWriter, r *http.Request, st library.Staff, err error) error {
	msg, status, ok := s.errorText(s.Lang(r), err)
	if !ok {
		return err
	}
	d, derr := s.console(r, st)
	if derr != nil {
		return derr
	}
	d.Alert = msg
	web.NoStore(w)
	s.Render(w, r, status, "chat_console", s.Tr(r, "chat_web.console.title"), d)
	return nil
}

func (s *server) postDuty(w http.ResponseWriter, r *http.Request, st library.Staff) error {
	if err := mayChat(st); err != nil {
		return err
	}
	chats, err := s.chats()
	if err != nil {
		return err
	}
	qs, err := s.queues(r.Context(), st)
	if err != nil {
		return err
	}
	until := s.Now()
	on := r.PostFormValue("on") == "1"
	if on {
		until = until.Add(dutyTime)
	} else {
		qs = nil // no queues: off duty
	}
	if err := chats.SetOnDuty(r.Context(), st, qs, until); err != nil {
		return s.refuseConsole(w, r, st, err)
	}
	c := &http.Cookie{Name: dutyCookie, Value: strconv.FormatInt(until.Unix(), 10), Path: "/admin/chat",
		HttpOnly: true, SameSite: http.SameSiteLaxMode, Secure: s.Secure(r), MaxAge: int(dutyTime / time.Second)}
	if !on {
		c.MaxAge = -1
	}
	http.SetCookie(w, c)
	s.publish(r.Context(), queueTopic, event{Type: "queue"})
	http.Redirect(w, r, "/admin/chat", http.StatusSeeOther)
	return nil
}

// staffAct runs one staff action on the chat of the path and answers 303
// to the console, or the console with the refusal.
func (s *server) staffAct(w http.ResponseWriter, r *http.Request, st library.Staff, next string,
	act func(ctx context.Context, chats library.ChatService, id int64) error) error {
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
	if err := act(r.Context(), chats, id); err != nil {
		return s.refuseConsole(w, r, st, err)
	}
	s.changed(r.Context(), id, "message")
	s.changed(r.Context(), id, "status")
	http.Redirect(w, r, next, http.StatusSeeOther)
	return nil
}

func panelURL(id int64) string { return "/admin/chat#chat-" + strconv.FormatInt(id, 10) }

func (s *server) postTake(w http.ResponseWriter, r *http.Request, st library.Staff) error {
	id, _ := chatID(r)
	return s.staffAct(w, r, st, panelURL(id), func(ctx context.Context, chats library.ChatService, id int64) error {
		_, err := chats.TakeChat(ctx, st, id, s.Now())
		return err
	})
}

func (s *server) postStaffMessage(w http.ResponseWriter, r *http.Request, st library.Staff) error {
	id, _ := chatID(r)
	return s.staffAct(w, r, st, panelURL(id), func(ctx context.Context, chats library.ChatService, id int64) error {
		_, err := chats.PostStaff(ctx, st, id, r.PostFormValue("text"), s.Now())
		return err
	})
}

func (s *server) postHandOver(w http.ResponseWriter, r *http.Request, st library.Staff) error {
	return s.staffAct(w, r, st, "/admin/chat?done=handover", func(ctx context.Context, chats library.ChatService, id int64) error {
		to, err := strconv.ParseInt(r.PostFormValue("to"), 10, 64)
		if err != nil || to <= 0 {
			return web.Invalid("chat_web.console.pick_colleague", "hand over to %q", r.PostFormValue("to"))
		}
		_, err = chats.HandOver(ctx, st, id, to, s.Now())
		return err
	})
}

func (s *server) postStaffEnd(w http.ResponseWriter, r *http.Request, st library.Staff) error {
	return s.staffAct(w, r, st, "/admin/chat?done=ended", func(ctx context.Context, chats library.ChatService, id int64) error {
		_, err := chats.EndByStaff(ctx, st, id, r.PostFormValue("abusive") == "1", s.Now())
		return err
	})
}

// parseWatch reads ?chats=ID:AFTER,ID:AFTER, the chats a console's long
// poll watches and what it has of each.
func parseWatch(v string) map[int64]int64 {
	out := map[int64]int64{}
	for _, p := range strings.Split(v, ",") {
		id, after, _ := strings.Cut(p, ":")
		i, err := strconv.ParseInt(id, 10, 64)
		if err != nil || i <= 0 || len(out) >= 50 {
			continue
		}
		a, _ := strconv.ParseInt(after, 10, 64)
		out[i] = max(a, 0)
	}
	return out
}

// sortedIDs are m's keys in order.
func sortedIDs(m map[int64]int64) []int64 {
	ids := make([]int64, 0, len(m))
	for id := range m {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	return ids
}
