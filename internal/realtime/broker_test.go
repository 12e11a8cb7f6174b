package realtime

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// deadline is how long a test waits for an event that should come.
const deadline = 10 * time.Second

// receive returns the next event of ch, failing t when none comes in time
// or ch is closed.
func receive(t *testing.T, ch <-chan []byte) string {
	t.Helper()
	select {
	case ev, ok := <-ch:
		if !ok {
			t.Fatal("the channel was closed")
		}
		return string(ev)
	case <-time.After(deadline):
		t.Fatal("no event within", deadline)
	}
	return ""
}

// empty fails t if ch holds an event.
func empty(t *testing.T, ch <-chan []byte) {
	t.Helper()
	select {
	case ev := <-ch:
		t.Fatalf("unexpected event %s", ev)
	default:
	}
}

func publish(t *testing.T, b *Broker, topic, event string) {
	t.Helper()
	if err := b.Publish(context.Background(), topic, []byte(event)); err != nil {
		t.Fatal(err)
	}
}

func TestLocalFanOut(t *testing.T) {
	b := NewLocal()
	defer b.Close()
	a1, c1 := b.Subscribe("chat:1")
	defer c1()
	a2, c2 := b.Subscribe("chat:1")
	defer c2()
	other, c3 := b.Subscribe("chat:2")
	defer c3()

	ev := []byte(`{"type":"message","chat":1,"id":7}`)
	if err := b.Publish(context.Background(), "chat:1", ev); err != nil {
		t.Fatal(err)
	}
	copy(ev, "XXXX") // the publisher may reuse its buffer
	for _, ch := range []<-chan []byte{a1, a2} {
		if got := receive(t, ch); got != `{"type":"message","chat":1,"id":7}` {
			t.Errorf("got %s", got)
		}
	}
	empty(t, other)
	publish(t, b, "chat:2", "two")
	if got := receive(t, other); got != "two" {
		t.Errorf("chat:2 got %s, want two", got)
	}
	empty(t, a1)
	empty(t, a2)
}

func TestLocalSlowSubscriber(t *testing.T) {
	b := NewLocal()
	defer b.Close()
	slow, c1 := b.Subscribe("chat:1")
	defer c1()
	fast, c2 := b.Subscribe("chat:1")
	defer c2()

	// The slow subscriber reads nothing; the fast one keeps up. Publish
	// must never wait for the slow one, and the fast one misses nothing.
	n := Buffer + 10
	for i := range n {
		publish(t, b, "chat:1", fmt.Sprint(i))
		if got := receive(t, fast); got != fmt.Sprint(i) {
			t.Fatalf("fast subscriber got %s, want %d", got, i)
		}
	}
	// The slow one's backlog was replaced by one resync at the overflow,
	// followed by what came after it.
	if got := receive(t, slow); got != string(Resync) {
		t.Fatalf("slow subscriber got %s first, want the resync", got)
	}
	for i := Buffer + 1; i < n; i++ {
		if got := receive(t, slow); got != fmt.Sprint(i) {
			t.Fatalf("slow subscriber got %s, want %d", got, i)
		}
	}
	empty(t, slow)
}

// TestLocalConcurrent publishes, subscribes and cancels at once, for the
// race detector, and checks that a reading subscriber gets every event of
// every publisher in each publisher's order.
func TestLocalConcurrent(t *testing.T) {
	b := NewLocal()
	defer b.Close()
	const publishers, each = 8, 200
	reader, cancel := b.Subscribe("room")
	defer cancel()

	var wg sync.WaitGroup
	for p := range publishers {
		wg.Go(func() {
			for i := range each {
				publish(t, b, "room", fmt.Sprintf("%d:%d", p, i))
			}
		})
	}
	for range 4 {
		wg.Go(func() {
			for range 100 {
				ch, cancel := b.Subscribe("room")
				select {
				case <-ch:
				default:
				}
				cancel()
			}
		})
	}
	next := make([]int, publishers)
	resyncs := 0
	for got := 0; got < publishers*each && resyncs == 0; got++ {
		ev := receive(t, reader)
		if ev == string(Resync) {
			// The reader fell Buffer behind on a busy machine: allowed,
			// but then the order below cannot be checked further.
			resyncs++
			break
		}
		var p, i int
		if _, err := fmt.Sscanf(ev, "%d:%d", &p, &i); err != nil {
			t.Fatalf("event %q: %v", ev, err)
		}
		if i != next[p] {
			t.Fatalf("publisher %d: got %d, want %d", p, i, next[p])
		}
		next[p]++
	}
	wg.Wait()
	if b.Subscribers() != 1 {
		t.Errorf("%d subscribers, want 1", b.Subscribers())
	}
}

func TestLocalCancelAndClose(t *testing.T) {
	b := NewLocal()
	ch, cancel := b.Subscribe("chat:1")
	keep, _ := b.Subscribe("chat:1")
	cancel()
	cancel() // twice is harmless
	if _, ok := <-ch; ok {
		t.Error("the channel is open after cancel")
	}
	publish(t, b, "chat:1", "after")
	if got := receive(t, keep); got != "after" {
		t.Errorf("got %s", got)
	}
	if n := b.Subscribers(); n != 1 {
		t.Errorf("%d subscribers after cancel, want 1", n)
	}

	if err := b.Close(); err != nil {
		t.Fatal(err)
	}
	if _, ok := <-keep; ok {
		t.Error("the channel is open after Close")
	}
	if err := b.Publish(context.Background(), "chat:1", []byte("x")); !errors.Is(err, ErrClosed) {
		t.Errorf("Publish after Close: %v, want ErrClosed", err)
	}
	late, cancel := b.Subscribe("chat:1")
	if _, ok := <-late; ok {
		t.Error("Subscribe after Close gave an open channel")
	}
	cancel()
	if err := b.Close(); err != nil {
		t.Errorf("Close twice: %v", err)
	}
}

func TestPublishRefuses(t *testing.T) {
	b := NewLocal()
	defer b.Close()
	ctx := context.Background()
	if err := b.Publish(ctx, "t", make([]byte, MaxEvent+1)); !errors.Is(err, ErrTooLarge) {
		t.Errorf("an event of %d bytes: %v, want ErrTooLarge", MaxEvent+1, err)
	}
	if err := b.Publish(ctx, "t", []byte(strings.Repeat("x", MaxEvent))); err != nil {
		t.Errorf("an event of %d bytes: %v", MaxEvent, err)
	}
	for _, topic := range []string{"", "a\nb", strings.Repeat("t", MaxTopic+1)} {
		if err := b.Publish(ctx, topic, []byte("x")); !errors.Is(err, ErrTopic) {
			t.Errorf("topic %q: %v, want ErrTopic", topic, err)
		}
	}
	for _, ev := range []string{"a\x00b", "\xee\xc9'"} {
		if err := b.Publish(ctx, "t", []byte(ev)); !errors.Is(err, ErrText) {
			t.Errorf("event %q: %v, want ErrText", ev, err)
		}
	}
}

func TestOpenLocal(t *testing.T) {
	b, err := Open(context.Background(), filepath.Join(t.TempDir(), "kirjasto.db"), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	if b.pg != nil {
		t.Error("a SQLite path opened a Postgres broker")
	}
}

func TestChannelFor(t *testing.T) {
	for schema, want := range map[string]string{"": Channel, "public": Channel, "t_abc": Channel + ".t_abc"} {
		if got := channelFor(schema); got != want {
			t.Errorf("channelFor(%q) = %q, want %q", schema, got, want)
		}
	}
	if got := channelFor(strings.Repeat("s", 63)); len(got) > 63 || got == channelFor(strings.Repeat("s", 62)+"t") {
		t.Errorf("a long schema gave %q", got)
	}
}
