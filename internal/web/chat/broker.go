package chat

import (
	"context"
	"encoding/json"
	"strconv"
	"sync"

	"github.com/kirjasto/kirjasto/internal/web"
)

// broker carries nudges between the connections of one node, or of every
// node on one PostgreSQL: package realtime's Broker.
type broker interface {
	Publish(ctx context.Context, topic string, event []byte) error
	Subscribe(topic string) (<-chan []byte, func())
}

// Topics: one per chat, and one for every queue (staff consoles read
// their own queues again when it moves).
const (
	topicPrefix = "chat."
	queueTopic  = topicPrefix + "queue"
)

func chatTopic(id int64) string { return topicPrefix + strconv.FormatInt(id, 10) }

// event is a nudge: what happened, never the message itself, which every
// connection reads from the store in its own language.
type event struct {
	Type string `json:"type"`           // "message", "typing", "status" or "queue"
	Chat int64  `json:"chat,omitempty"` //
	From string `json:"from,omitempty"` // for typing: library.ChatFromResident or ChatFromStaff
}

// publish nudges topic; a lost nudge costs only latency, for the next
// one (or the client's reconnection) reads everything new from the store.
func (s *server) publish(ctx context.Context, topic string, e event) {
	b, _ := json.Marshal(e)
	if err := s.hub.Publish(ctx, topic, b); err != nil {
		s.Logger().Warn("chat: publish", "topic", topic, "err", err)
	}
}

// changed nudges the chat's watchers and the queue's.
func (s *server) changed(ctx context.Context, id int64, typ string) {
	s.publish(ctx, chatTopic(id), event{Type: typ, Chat: id})
	if typ == "status" {
		s.publish(ctx, queueTopic, event{Type: "queue", Chat: id})
	}
}

// brokerOf returns the server's broker.
func brokerOf(ws *web.Server) broker {
	return newLocal()
}

// local is a broker within one process.
type local struct {
	mu   sync.Mutex
	subs map[string]map[chan []byte]struct{}
}

func newLocal() *local { return &local{subs: map[string]map[chan []byte]struct{}{}} }

func (l *local) Publish(_ context.Context, topic string, e []byte) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	for c := range l.subs[topic] {
		select {
		case c <- e:
		default: // a slow reader catches up from the store
		}
	}
	return nil
}

func (l *local) Subscribe(topic string) (<-chan []byte, func()) {
	c := make(chan []byte, 16)
	l.mu.Lock()
	if l.subs[topic] == nil {
		l.subs[topic] = map[chan []byte]struct{}{}
	}
	l.subs[topic][c] = struct{}{}
	l.mu.Unlock()
	var once sync.Once
	return c, func() {
		once.Do(func() {
			l.mu.Lock()
			delete(l.subs[topic], c)
			l.mu.Unlock()
		})
	}
}
