package chat

import (
	"context"
	"encoding/json"
	"strconv"

	"github.com/kirjasto/kirjasto/internal/web"
)

// broker carries nudges between the connections of one node, or of every
// node on one PostgreSQL: package realtime's Broker. (An interface, so
// that this package says what it uses of it.)
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

// brokerOf returns the server's broker: in-process on SQLite, across
// the nodes through LISTEN/NOTIFY on PostgreSQL (package realtime).
func brokerOf(ws *web.Server) broker { return ws.Broker() }
