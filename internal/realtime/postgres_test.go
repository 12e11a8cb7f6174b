package realtime

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/kirjasto/kirjasto/internal/store/storetest"
)

// newPostgres opens a broker on dsn, closed when t ends.
func newPostgres(t *testing.T, dsn string) *Broker {
	t.Helper()
	b, err := NewPostgres(context.Background(), dsn, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { b.Close() })
	return b
}

// TestPostgresAcrossBrokers: two brokers on their own connections to one
// database stand for two nodes; what one publishes both deliver.
func TestPostgresAcrossBrokers(t *testing.T) {
	dsn := storetest.PostgresDSN(t)
	a, b := newPostgres(t, dsn), newPostgres(t, dsn)
	onA, cancelA := a.Subscribe("chat:1")
	defer cancelA()
	onB, cancelB := b.Subscribe("chat:1")
	defer cancelB()
	otherB, cancelOther := b.Subscribe("chat:2")
	defer cancelOther()

	ev := `{"type":"message","chat":1,"id":345}`
	publish(t, a, "chat:1", ev)
	if got := receive(t, onB); got != ev {
		t.Errorf("B got %s, want %s", got, ev)
	}
	if got := receive(t, onA); got != ev {
		t.Errorf("A, the publisher, got %s, want %s", got, ev)
	}

	// The largest event fits NOTIFY's payload with the longest topic.
	long := strings.Repeat("x", MaxEvent)
	topic := strings.Repeat("t", MaxTopic)
	onLong, cancelLong := a.Subscribe(topic)
	defer cancelLong()
	publish(t, b, topic, long)
	if got := receive(t, onLong); got != long {
		t.Errorf("the longest event came back as %d bytes", len(got))
	}
	publish(t, b, "chat:2", "two")
	if got := receive(t, otherB); got != "two" {
		t.Errorf("chat:2 got %s", got)
	}
	empty(t, onB)

	// A database in another schema is another deployment: it hears none
	// of this one's events.
	elsewhere := newPostgres(t, storetest.PostgresDSN(t))
	stranger, cancelStranger := elsewhere.Subscribe("chat:1")
	defer cancelStranger()
	publish(t, a, "chat:1", "private")
	if got := receive(t, onB); got != "private" {
		t.Errorf("B got %s", got)
	}
	publish(t, elsewhere, "chat:1", "own")
	if got := receive(t, stranger); got != "own" {
		t.Errorf("the other schema's subscriber got %s first, want its own event", got)
	}
}

// TestPostgresReconnect ends the listening connection from the server
// side and checks that the broker comes back, tells its subscribers to
// resync, and delivers again.
func TestPostgresReconnect(t *testing.T) {
	dsn := storetest.PostgresDSN(t)
	a, b := newPostgres(t, dsn), newPostgres(t, dsn)
	onA, cancel := a.Subscribe("chat:1")
	defer cancel()
	publish(t, b, "chat:1", "before")
	if got := receive(t, onA); got != "before" {
		t.Fatalf("got %s", got)
	}

	ctx := context.Background()
	admin, err := pgx.Connect(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer admin.Close(ctx)
	pid := a.pg.backendPID()
	var ok bool
	if err := admin.QueryRow(ctx, `SELECT pg_terminate_backend($1)`, int32(pid)).Scan(&ok); err != nil || !ok {
		t.Fatalf("terminate the listener %d: %v %v", pid, ok, err)
	}
	if got := receive(t, onA); got != string(Resync) {
		t.Fatalf("after the reconnect the subscriber got %s, want the resync", got)
	}
	if now := a.pg.backendPID(); now == pid || now == 0 {
		t.Errorf("the listener's backend is %d, was %d", now, pid)
	}
	publish(t, b, "chat:1", "after")
	if got := receive(t, onA); got != "after" {
		t.Errorf("after the reconnect got %s", got)
	}
}

// TestPostgresIdle lets the listening connection sit silent past
// pingAfter, so that the broker checks it, and still delivers.
func TestPostgresIdle(t *testing.T) {
	dsn := storetest.PostgresDSN(t)
	old := pingAfter
	pingAfter = 50 * time.Millisecond
	t.Cleanup(func() { pingAfter = old }) // after the broker's Close, registered later
	a := newPostgres(t, dsn)
	ch, cancel := a.Subscribe("chat:1")
	defer cancel()
	pid := a.pg.backendPID()
	time.Sleep(300 * time.Millisecond)
	publish(t, a, "chat:1", "still here")
	if got := receive(t, ch); got != "still here" {
		t.Errorf("got %s", got)
	}
	if now := a.pg.backendPID(); now != pid {
		t.Errorf("the idle connection was replaced: %d, was %d", now, pid)
	}
}

func TestOpenPostgres(t *testing.T) {
	b, err := Open(context.Background(), storetest.PostgresDSN(t), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	if b.pg == nil {
		t.Error("a postgres:// DSN opened a local broker")
	}
}
