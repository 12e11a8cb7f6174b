// Package realtime delivers small events to the pages that wait for them:
// a new chat message, someone typing, a chat taken from the queue.
//
// Events are references, not content: a short JSON object such as
// {"type":"message","chat":12,"id":345}. Everything worth keeping is
// stored in the database before its event is published, and a receiver
// reads what the event points at from the database itself. So an event
// that is lost costs nothing but a moment: the client asks for what came
// after the last thing it has.
//
// A Broker has two methods that matter:
//
//	Publish(ctx, topic, event) error
//	Subscribe(topic) (events <-chan []byte, cancel func())
//
// A topic is a short name such as "chat.12" or "chat.queue"; an
// event goes to every subscriber of exactly its topic. Events are at most
// MaxEvent bytes of UTF-8 text, because PostgreSQL's NOTIFY carries at
// most 8000 bytes of text.
//
// On SQLite, where one process serves everything, NewLocal fans events
// out within the process. On PostgreSQL, where several nodes share one
// database, NewPostgres publishes with pg_notify and every node (the
// publisher too) delivers what its one LISTEN connection hears to its
// own subscribers. Open picks one by the database's DSN.
//
// Publishing never waits for a subscriber. Each subscriber has a buffer
// of Buffer events; when a slow one's buffer is full, what it holds is
// thrown away and replaced by a single Resync event, which tells the
// client to read the database again: with nothing lost from the
// database, one resync is worth more than a backlog. A Postgres broker
// also sends Resync to every subscriber after its connection came back,
// because notifications sent while it was away are gone.
package realtime

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"unicode/utf8"
)

// MaxEvent is the largest event Publish accepts, in bytes. PostgreSQL's
// NOTIFY payload is limited to 8000 bytes, and the topic goes with it.
const MaxEvent = 7900

// MaxTopic is the longest topic, in bytes.
const MaxTopic = 90

// Buffer is how many events a subscriber may fall behind before its
// events are replaced by Resync.
const Buffer = 64

// Resync is the event that tells a subscriber it may have missed events
// and should read the database again. Compare with IsResync.
var Resync = []byte(`{"type":"resync"}`)

// IsResync reports whether event is Resync.
func IsResync(event []byte) bool { return bytes.Equal(event, Resync) }

// Errors of Publish.
var (
	ErrTooLarge = fmt.Errorf("realtime: event larger than %d bytes", MaxEvent)
	ErrTopic    = fmt.Errorf("realtime: topic must be 1 to %d bytes without a line break", MaxTopic)
	ErrText     = errors.New("realtime: event is not UTF-8 text without NUL bytes")
	ErrClosed   = errors.New("realtime: broker closed")
)

// Broker fans events out to subscribers, within this process or, with
// PostgreSQL, across every node on the same database. It is safe for
// concurrent use. Create it with NewLocal, NewPostgres or Open.
type Broker struct {
	mu     sync.Mutex
	topics map[string]map[*subscriber]struct{}
	closed bool

	pg  *pgTransport // nil: local only
	log *slog.Logger
}

// subscriber is one Subscribe call. Its mutex orders the sends into ch
// with each other and with closing it.
type subscriber struct {
	mu     sync.Mutex
	ch     chan []byte
	closed bool
}

// NewLocal returns a broker that delivers within this process: the one
// for SQLite, and for tests.
func NewLocal() *Broker {
	return &Broker{topics: map[string]map[*subscriber]struct{}{}, log: slog.New(slog.DiscardHandler)}
}

// Open returns a Postgres broker for a postgres:// or postgresql:// DSN
// and a local one for anything else (a SQLite file), as store.Open reads
// the same DSN.
func Open(ctx context.Context, dsn string, logger *slog.Logger) (*Broker, error) {
	if strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://") {
		return NewPostgres(ctx, dsn, logger)
	}
	return NewLocal(), nil
}

// Publish sends event to topic's subscribers. On a local broker it
// returns once they all have it (or a resync); on a Postgres broker once
// the database has taken the notification, which every node then
// delivers. The caller may reuse event afterwards.
func (b *Broker) Publish(ctx context.Context, topic string, event []byte) error {
	if topic == "" || len(topic) > MaxTopic || strings.ContainsAny(topic, "\n\x00") {
		return ErrTopic
	}
	if len(event) > MaxEvent {
		return ErrTooLarge
	}
	if !utf8.Valid(event) || bytes.IndexByte(event, 0) >= 0 {
		// NOTIFY's payload is text in the database's encoding (UTF-8),
		// which cannot hold a NUL byte. JSON is both.
		return ErrText
	}
	b.mu.Lock()
	closed := b.closed
	b.mu.Unlock()
	if closed {
		return ErrClosed
	}
	if b.pg != nil {
		return b.pg.publish(ctx, topic, event)
	}
	b.deliver(topic, bytes.Clone(event))
	return nil
}

// Subscribe returns a channel of topic's events and a function that ends
// the subscription and closes the channel. Close also closes it. The
// events are shared between subscribers: read them, never change them.
func (b *Broker) Subscribe(topic string) (events <-chan []byte, cancel func()) {
	s := &subscriber{ch: make(chan []byte, Buffer)}
	b.mu.Lock()
	if b.closed {
		b.mu.Unlock()
		close(s.ch)
		return s.ch, func() {}
	}
	subs := b.topics[topic]
	if subs == nil {
		subs = map[*subscriber]struct{}{}
		b.topics[topic] = subs
	}
	subs[s] = struct{}{}
	b.mu.Unlock()
	var once sync.Once
	return s.ch, func() {
		once.Do(func() {
			b.mu.Lock()
			delete(b.topics[topic], s)
			if len(b.topics[topic]) == 0 {
				delete(b.topics, topic)
			}
			b.mu.Unlock()
			s.close()
		})
	}
}

// Close ends every subscription and, on PostgreSQL, closes the broker's
// connections. Publish fails afterwards.
func (b *Broker) Close() error {
	b.mu.Lock()
	if b.closed {
		b.mu.Unlock()
		return nil
	}
	b.closed = true
	topics := b.topics
	b.topics = nil
	b.mu.Unlock()
	if b.pg != nil {
		b.pg.close()
	}
	for _, subs := range topics {
		for s := range subs {
			s.close()
		}
	}
	return nil
}

// Subscribers returns how many subscriptions are open, for tests and
// the benchmark.
func (b *Broker) Subscribers() int {
	b.mu.Lock()
	defer b.mu.Unlock()
	n := 0
	for _, subs := range b.topics {
		n += len(subs)
	}
	return n
}

// deliver hands event to topic's subscribers without waiting for any.
func (b *Broker) deliver(topic string, event []byte) {
	for _, s := range b.subscribers(topic) {
		s.send(event)
	}
}

// resyncAll tells every subscriber to read the database again.
func (b *Broker) resyncAll() {
	for _, s := range b.subscribers("") {
		s.send(Resync)
	}
}

// subscribers returns topic's subscribers, or everyone's for "", as a
// copy, so that sending holds no lock of the broker's.
func (b *Broker) subscribers(topic string) []*subscriber {
	b.mu.Lock()
	defer b.mu.Unlock()
	var out []*subscriber
	if topic != "" {
		for s := range b.topics[topic] {
			out = append(out, s)
		}
		return out
	}
	for _, subs := range b.topics {
		for s := range subs {
			out = append(out, s)
		}
	}
	return out
}

// send puts event into the subscriber's buffer. When the buffer is full
// the subscriber is behind: its queued events are dropped and Resync
// takes their place, so it reads the database once rather than a backlog.
func (s *subscriber) send(event []byte) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return
	}
	select {
	case s.ch <- event:
		return
	default:
	}
	for drained := false; !drained; {
		select {
		case <-s.ch:
		default:
			drained = true
		}
	}
	// Only senders holding s.mu put events in, so there is room now.
	s.ch <- Resync
}

func (s *subscriber) close() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.closed {
		s.closed = true
		close(s.ch)
	}
}
