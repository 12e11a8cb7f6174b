package chat

import (
	"context"
	"encoding/json"
	"net/http"
	"time"

	"github.com/coder/websocket"
	"github.com/kirjasto/kirjasto/internal/library"
	"github.com/kirjasto/kirjasto/internal/web"
)

// The console's live transport: one connection for the queue and every
// chat the page has open.

// merged forwards the broker's nudges of several topics into one channel.
type merged struct {
	c       chan []byte
	cancels map[string]func()
	hub     broker
}

func newMerged(hub broker) *merged {
	return &merged{c: make(chan []byte, 64), cancels: map[string]func(){}, hub: hub}
}

func (m *merged) add(ctx context.Context, topic string) {
	if m.cancels[topic] != nil {
		return
	}
	sub, cancel := m.hub.Subscribe(topic)
	m.cancels[topic] = cancel
	go func() {
		for {
			select {
			case <-ctx.Done():
				return
			case b, ok := <-sub:
				if !ok {
					return
				}
				select {
				case m.c <- b:
				default: // the reader catches up from the store
				}
			}
		}
	}()
}

func (m *merged) close() {
	for _, c := range m.cancels {
		c()
	}
}

// staffConn is one console's state: what it has of each chat it watches.
type staffConn struct {
	s     *server
	st    library.Staff
	lang  string
	after map[int64]int64
	subs  *merged
}

// watch adds a chat, if the staff member may see it, and returns what
// they have not seen.
func (c *staffConn) watch(ctx context.Context, id, after int64) ([]frame, error) {
	chats, err := c.s.chats()
	if err != nil {
		return nil, err
	}
	ch, err := chats.StaffChat(ctx, c.st, id)
	if err != nil {
		return nil, err
	}
	c.subs.add(ctx, chatTopic(id))
	c.after[id] = after
	fs, last, err := c.s.newMessages(ctx, c.lang, id, after)
	c.after[id] = last
	return append([]frame{c.s.statusFrame(c.lang, ch)}, fs...), err
}

// nudged returns the frames a nudge calls for.
func (c *staffConn) nudged(ctx context.Context, b []byte) ([]frame, error) {
	var e event
	if json.Unmarshal(b, &e) != nil {
		return nil, nil
	}
	switch e.Type {
	case "resync": // events may have been missed: read everything again
		var out []frame
		for id, after := range c.after {
			fs, last, err := c.s.newMessages(ctx, c.lang, id, after)
			if err != nil {
				return nil, err
			}
			c.after[id] = last
			out = append(out, fs...)
		}
		q, err := c.s.queueList(ctx, c.lang, c.st)
		return append(out, frame{Type: "queue", Queue: q}), err
	case "queue":
		q, err := c.s.queueList(ctx, c.lang, c.st)
		return []frame{{Type: "queue", Queue: q}}, err
	case "typing":
		if _, ok := c.after[e.Chat]; ok && e.From == library.ChatFromResident {
			return []frame{{Type: "typing", Chat: e.Chat, From: e.From}}, nil
		}
	case "message":
		if after, ok := c.after[e.Chat]; ok {
			fs, last, err := c.s.newMessages(ctx, c.lang, e.Chat, after)
			c.after[e.Chat] = last
			return fs, err
		}
	case "status":
		if _, ok := c.after[e.Chat]; ok {
			chats, err := c.s.chats()
			if err != nil {
				return nil, err
			}
			ch, err := chats.StaffChat(ctx, c.st, e.Chat)
			if err != nil {
				return nil, nil // handed over beyond reach: nothing to say
			}
			return []frame{c.s.statusFrame(c.lang, ch)}, nil
		}
	}
	return nil, nil
}

// says acts on what the console sent.
func (s *server) staffSays(ctx context.Context, st library.Staff, m clientMsg) error {
	chats, err := s.chats()
	if err != nil {
		return err
	}
	switch m.Type {
	case "message":
		if _, err := chats.PostStaff(ctx, st, m.Chat, m.Text, s.Now()); err != nil {
			return err
		}
		s.changed(ctx, m.Chat, "message")
	case "typing":
		if _, err := chats.StaffChat(ctx, st, m.Chat); err != nil {
			return err
		}
		s.publish(ctx, chatTopic(m.Chat), event{Type: "typing", Chat: m.Chat, From: library.ChatFromStaff})
	}
	return nil
}

func (s *server) staffSocket(w http.ResponseWriter, r *http.Request, st library.Staff) error {
	if err := mayChat(st); err != nil {
		return err
	}
	if !upgrade(r) {
		// A proxy that strips the upgrade gets the long poll.
		return s.staffEvents(w, r, st)
	}
	conn, err := websocket.Accept(w, r, nil)
	if err != nil {
		return nil // Accept has answered
	}
	defer conn.CloseNow()
	conn.SetReadLimit(64 << 10)
	ctx, stop := context.WithCancel(r.Context())
	defer stop()
	c := &staffConn{s: s, st: st, lang: s.Lang(r), after: map[int64]int64{}, subs: newMerged(s.hub)}
	defer c.subs.close()
	c.subs.add(ctx, queueTopic)
	in := make(chan clientMsg, 16)
	go func() {
		defer close(in)
		for {
			_, b, err := conn.Read(ctx)
			if err != nil {
				return
			}
			var m clientMsg
			if json.Unmarshal(b, &m) == nil {
				select {
				case in <- m:
				case <-ctx.Done():
					return
				}
			}
		}
	}()
	q, err := s.queueList(ctx, c.lang, st)
	if err != nil {
		s.LogFailure(r, "chat console socket", err)
		return nil
	}
	if s.sendAll(ctx, conn, frame{Type: "queue", Queue: q}) != nil {
		return nil
	}
	for {
		var fs []frame
		var err error
		select {
		case <-ctx.Done():
			return nil
		case m, ok := <-in:
			if !ok {
				return nil
			}
			if m.Type == "watch" {
				fs, err = c.watch(ctx, m.Chat, m.After)
			} else {
				err = s.staffSays(ctx, st, m)
			}
			if err != nil {
				fs, err = []frame{s.errorFrame(c.lang, m.Chat, err)}, nil
			}
		case b := <-c.subs.c:
			fs, err = c.nudged(ctx, b)
		}
		if err != nil {
			s.LogFailure(r, "chat console socket", err)
			return nil
		}
		if s.sendAll(ctx, conn, fs...) != nil {
			return nil
		}
	}
}

// staffEvents is the console's long poll: ?chats=ID:AFTER,... are the
// chats it has open. It answers the queue, the chats' states and what is
// new in them, at once when something is, else after the first nudge or
// pollWait.
func (s *server) staffEvents(w http.ResponseWriter, r *http.Request, st library.Staff) error {
	if err := mayChat(st); err != nil {
		return err
	}
	ctx, stop := context.WithCancel(r.Context())
	defer stop()
	c := &staffConn{s: s, st: st, lang: s.Lang(r), after: map[int64]int64{}, subs: newMerged(s.hub)}
	defer c.subs.close()
	c.subs.add(ctx, queueTopic)
	var out []frame
	news := false
	for _, id := range sortedIDs(parseWatch(r.URL.Query().Get("chats"))) {
		after := parseWatch(r.URL.Query().Get("chats"))[id]
		fs, err := c.watch(ctx, id, after)
		if library.ErrorCode(err) == library.ENOTFOUND || library.ErrorCode(err) == library.EFORBIDDEN {
			continue
		}
		if err != nil {
			return err
		}
		news = news || len(fs) > 1
		out = append(out, fs...)
	}
	if !news && r.URL.Query().Get("wait") != "0" {
		timer := time.NewTimer(pollWait)
		defer timer.Stop()
		select {
		case <-ctx.Done():
			return nil
		case <-timer.C:
		case b := <-c.subs.c:
			fs, err := c.nudged(ctx, b)
			if err != nil {
				return err
			}
			out = append(out, fs...)
		}
	}
	q, err := s.queueList(ctx, c.lang, st)
	if err != nil {
		return err
	}
	out = append(out, frame{Type: "queue", Queue: q})
	web.NoStore(w)
	web.WriteJSON(w, http.StatusOK, out)
	return nil
}

// staffSend takes a console's message or typing notice by POST.
func (s *server) staffSend(w http.ResponseWriter, r *http.Request, st library.Staff) error {
	if err := mayChat(st); err != nil {
		return err
	}
	m, err := readClientMsg(w, r)
	if err != nil {
		return err
	}
	if err := s.staffSays(r.Context(), st, m); err != nil {
		return s.refuseJSON(w, r, m.Chat, err)
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}
