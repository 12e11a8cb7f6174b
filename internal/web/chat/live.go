package chat

import (
	"context"
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/coder/websocket"
	"github.com/kirjasto/kirjasto/internal/library"
	"github.com/kirjasto/kirjasto/internal/web"
)

// The live transport. A connection, WebSocket or long poll, watches
// chats; a nudge from the broker makes it read the chat's messages after
// the last one it passed on, in its reader's language, and send them as
// frames. The client says what it has (?after=N, or "watch" with after)
// whenever it connects, so it resumes where it was.

// message is a message as a page or a client shows it: plain text, which
// the page escapes and chat.js puts in with textContent.
type message struct {
	ID     int64  `json:"id"`
	From   string `json:"from"`
	Author string `json:"author,omitempty"`
	Text   string `json:"text"`
	Time   string `json:"time"` // HH:MM in Helsinki
	Sent   string `json:"sent"` // RFC 3339, for <time datetime>
}

// render is m in lang: a system message's text is a catalogue key.
func (s *server) render(lang string, m library.ChatMessage) message {
	text := m.Text
	if m.From == library.ChatFromSystem {
		params := map[string]any{}
		for k, v := range m.Params {
			params[k] = v
		}
		text = s.I18n().T(lang, m.Text, params)
	}
	t := m.Sent.In(library.Helsinki)
	return message{ID: m.ID, From: m.From, Author: m.Author, Text: text, Time: t.Format("15:04"), Sent: t.Format(time.RFC3339)}
}

// frame is one thing a connection tells its client.
type frame struct {
	Type     string    `json:"type"` // "messages", "typing", "status", "queue" or "error"
	Chat     int64     `json:"chat,omitempty"`
	Messages []message `json:"messages,omitempty"`
	From     string    `json:"from,omitempty"`   // typing
	Status   string    `json:"status,omitempty"` // status: library.ChatWaiting ...
	Text     string    `json:"text,omitempty"`   // status's name, or the error's message
	Staff    string    `json:"staff,omitempty"`  // status: who has the chat
	Queue    []queued  `json:"queue,omitempty"`  // queue, for staff
}

// clientMsg is what a client sends: a message or a typing notice, and for
// staff which chats to watch.
type clientMsg struct {
	Type  string `json:"type"` // "message", "typing" or "watch"
	Chat  int64  `json:"chat,omitempty"`
	Text  string `json:"text,omitempty"`
	After int64  `json:"after,omitempty"`
}

// newMessages returns the frame of chat's messages after after, and the
// last ID in it; none when there is nothing new.
func (s *server) newMessages(ctx context.Context, lang string, chat, after int64) ([]frame, int64, error) {
	chats, err := s.chats()
	if err != nil {
		return nil, after, err
	}
	var out []frame
	for {
		ms, err := chats.Messages(ctx, chat, after, 200)
		if err != nil || len(ms) == 0 {
			return out, after, err
		}
		f := frame{Type: "messages", Chat: chat}
		for _, m := range ms {
			f.Messages = append(f.Messages, s.render(lang, m))
			after = max(after, m.ID)
		}
		out = append(out, f)
		if len(ms) < 200 {
			return out, after, nil
		}
	}
}

// statusFrame says where the chat stands.
func (s *server) statusFrame(lang string, c library.Chat) frame {
	return frame{Type: "status", Chat: c.ID, Status: c.Status, Text: s.I18n().T(lang, "chat.status."+c.Status, nil), Staff: c.Staff}
}

// errorFrame is a refusal in lang; ok is false for a failure of the
// server, which is logged and said in general words.
func (s *server) errorFrame(lang string, chat int64, err error) frame {
	msg, _, ok := s.errorText(lang, err)
	if !ok {
		s.Logger().Error("chat", "chat", chat, "err", err)
		msg = s.I18n().T(lang, "error.internal", nil)
	}
	return frame{Type: "error", Chat: chat, Text: msg}
}

// upgrade reports whether r asks for a WebSocket.
func upgrade(r *http.Request) bool {
	return strings.EqualFold(r.Header.Get("Upgrade"), "websocket")
}

// pollWait is how long a long poll waits for news: below the idle
// timeouts of the proxies it must pass.
const pollWait = 25 * time.Second

// afterParam reads ?after=N.
func afterParam(r *http.Request) int64 {
	n, _ := strconv.ParseInt(r.URL.Query().Get("after"), 10, 64)
	return max(n, 0)
}

// residentSocket is the resident's WebSocket: frames out, messages and
// typing notices in.
func (s *server) residentSocket(w http.ResponseWriter, r *http.Request) {
	s.Wrap(func(w http.ResponseWriter, r *http.Request) error {
		if !upgrade(r) {
			// A proxy that strips the upgrade gets the long poll.
			return s.residentEvents(w, r)
		}
		c, sec, err := s.residentChat(r)
		if err != nil {
			return err
		}
		conn, err := websocket.Accept(w, r, nil)
		if err != nil {
			return nil // Accept has answered
		}
		defer conn.CloseNow()
		conn.SetReadLimit(64 << 10)
		lang := s.Lang(r)
		ctx := r.Context()
		sub, cancel := s.hub.Subscribe(chatTopic(c.ID))
		defer cancel()
		out := make(chan frame, 16)
		go s.readResident(ctx, conn, lang, c.ID, sec, out)
		after := afterParam(r)
		if err := s.sendAll(ctx, conn, s.statusFrame(lang, c)); err != nil {
			return nil
		}
		for {
			fs, last, err := s.newMessages(ctx, lang, c.ID, after)
			if err != nil {
				s.LogFailure(r, "chat socket", err)
				return nil
			}
			after = last
			if err := s.sendAll(ctx, conn, fs...); err != nil {
				return nil
			}
			select {
			case <-ctx.Done():
				return nil
			case f, ok := <-out:
				if !ok {
					conn.Close(websocket.StatusNormalClosure, "")
					return nil
				}
				if err := s.sendAll(ctx, conn, f); err != nil {
					return nil
				}
			case b, ok := <-sub:
				if !ok {
					return nil // the broker closed: the server stops
				}
				var e event
				if json.Unmarshal(b, &e) != nil {
					continue
				}
				// Every nudge, a resync too, reads what is new at the
				// loop's top; typing and status say more.
				switch e.Type {
				case "typing":
					if e.From != library.ChatFromResident {
						s.sendAll(ctx, conn, frame{Type: "typing", Chat: c.ID, From: e.From})
					}
				case "status", "resync":
					if c, err := s.chatForResident(ctx, c.ID, sec); err == nil {
						s.sendAll(ctx, conn, s.statusFrame(lang, c))
					}
				}
			}
		}
	}, true).ServeHTTP(w, r)
}

func (s *server) chatForResident(ctx context.Context, id int64, sec string) (library.Chat, error) {
	chats, err := s.chats()
	if err != nil {
		return library.Chat{}, err
	}
	return chats.ResidentChat(ctx, id, sec)
}

// readResident reads the resident's frames until the socket closes,
// storing messages and passing typing notices on; refusals go back on
// out. out is closed when the socket is.
func (s *server) readResident(ctx context.Context, conn *websocket.Conn, lang string, id int64, sec string, out chan<- frame) {
	defer close(out)
	for {
		_, b, err := conn.Read(ctx)
		if err != nil {
			return
		}
		var m clientMsg
		if json.Unmarshal(b, &m) != nil {
			continue
		}
		if err := s.residentSays(ctx, id, sec, m); err != nil {
			select {
			case out <- s.errorFrame(lang, id, err):
			case <-ctx.Done():
				return
			}
		}
	}
}

// residentSays acts on what the resident sent.
func (s *server) residentSays(ctx context.Context, id int64, sec string, m clientMsg) error {
	chats, err := s.chats()
	if err != nil {
		return err
	}
	switch m.Type {
	case "message":
		if _, err := chats.PostResident(ctx, id, sec, m.Text, s.Now()); err != nil {
			return err
		}
		s.changed(ctx, id, "message")
	case "typing":
		s.publish(ctx, chatTopic(id), event{Type: "typing", Chat: id, From: library.ChatFromResident})
	}
	return nil
}

// sendAll writes frames to the socket, each within a few seconds: a
// client that reads nothing is dropped and catches up when it returns.
func (s *server) sendAll(ctx context.Context, conn *websocket.Conn, fs ...frame) error {
	for _, f := range fs {
		b, err := json.Marshal(f)
		if err != nil {
			return err
		}
		wctx, cancel := context.WithTimeout(ctx, 10*time.Second)
		err = conn.Write(wctx, websocket.MessageText, b)
		cancel()
		if err != nil {
			return err
		}
	}
	return nil
}

// residentEvents is the long poll: the chat's state and the messages
// after ?after=N, at once when there are some, else after the first
// nudge or pollWait.
func (s *server) residentEvents(w http.ResponseWriter, r *http.Request) error {
	c, sec, err := s.residentChat(r)
	if err != nil {
		return err
	}
	lang := s.Lang(r)
	ctx := r.Context()
	// Subscribe before reading, so that nothing falls between the two.
	sub, cancel := s.hub.Subscribe(chatTopic(c.ID))
	defer cancel()
	after := afterParam(r)
	fs, _, err := s.newMessages(ctx, lang, c.ID, after)
	if err != nil {
		return err
	}
	timer := time.NewTimer(pollWait)
	defer timer.Stop()
	var typing string
	was := c.Status
	for len(fs) == 0 && typing == "" && c.Status == was && c.Status != library.ChatEnded {
		select {
		case <-ctx.Done():
			return nil
		case <-timer.C:
		case b, ok := <-sub:
			if !ok {
				return nil
			}
			var e event
			if json.Unmarshal(b, &e) == nil && e.Type == "typing" && e.From != library.ChatFromResident {
				typing = e.From
			}
			if fs, _, err = s.newMessages(ctx, lang, c.ID, after); err != nil {
				return err
			}
			if c, err = s.chatForResident(ctx, c.ID, sec); err != nil {
				return err
			}
			continue
		}
		break
	}
	fs = append([]frame{s.statusFrame(lang, c)}, fs...)
	if typing != "" {
		fs = append(fs, frame{Type: "typing", Chat: c.ID, From: typing})
	}
	web.NoStore(w)
	web.WriteJSON(w, http.StatusOK, fs)
	return nil
}

// residentSend takes a message or typing notice by POST (JSON or form),
// for clients whose WebSocket does not get through.
func (s *server) residentSend(w http.ResponseWriter, r *http.Request) error {
	c, sec, err := s.residentChat(r)
	if err != nil {
		return err
	}
	m, err := readClientMsg(w, r)
	if err != nil {
		return err
	}
	if err := s.residentSays(r.Context(), c.ID, sec, m); err != nil {
		return s.refuseJSON(w, r, c.ID, err)
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

// readClientMsg reads a POSTed clientMsg, JSON or form.
func readClientMsg(w http.ResponseWriter, r *http.Request) (clientMsg, error) {
	var m clientMsg
	if web.IsJSON(r) {
		err := web.ReadJSON(w, r, &m)
		return m, err
	}
	if err := web.ReadFormWith(w, r, formLimits); err != nil {
		return m, err
	}
	m.Type, m.Text = r.PostFormValue("type"), r.PostFormValue("text")
	m.Chat, _ = strconv.ParseInt(r.PostFormValue("chat"), 10, 64)
	return m, nil
}

// refuseJSON answers a refusal as an error frame with its 4xx; a failure
// of the server is returned, for a 500.
func (s *server) refuseJSON(w http.ResponseWriter, r *http.Request, chat int64, err error) error {
	msg, status, ok := s.errorText(s.Lang(r), err)
	if !ok {
		return err
	}
	web.WriteJSON(w, status, frame{Type: "error", Chat: chat, Text: msg})
	return nil
}
