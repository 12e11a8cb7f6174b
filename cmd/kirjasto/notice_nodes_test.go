package main

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"net"
	"net/mail"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-smtp"

	"github.com/kirjasto/kirjasto/internal/auth"
	"github.com/kirjasto/kirjasto/internal/library"
	"github.com/kirjasto/kirjasto/internal/store"
	"github.com/kirjasto/kirjasto/internal/store/storetest"
)

// TestNoticesSurviveKilledNode is issue 19's point 2 with a node killed
// mid-job: two kirjasto nodes on one PostgreSQL send twelve e-mail notices
// through a mail server the test runs, which takes three and then holds
// the fourth without answering. The node sending it is killed (kill -9)
// while it waits. The other node takes the dead node's notices over once
// their lease has passed, and the mail server receives every notice
// exactly once, counted by Message-ID: the held one was never accepted,
// so it is sent again, and those accepted were recorded and are not.
func TestNoticesSurviveKilledNode(t *testing.T) {
	t.Parallel()
	const notices, holdAt, lease = 12, 4, 6 * time.Second
	dsn := storetest.PostgresDSN(t)
	ctx := context.Background()
	pepper := "notices-killed-node-" + strings.Repeat("p", 32)
	run(t, "init", "--data", t.TempDir(), "--db", dsn, "--pepper", pepper, "--name", "fi=Testikirjasto", "--log-level", "warn")
	db, err := store.Open(ctx, dsn, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	db.SetAccountConfig(store.AccountConfig{Hasher: auth.NewHasher([]byte(pepper), auth.TestParams)})
	for i := range notices {
		card := fmt.Sprint("2700000000", 100+i)
		_, err := db.CreatePatron(ctx, library.Patron{CardNumber: card, Name: "N, N", Email: fmt.Sprintf("p%d@example.org", i),
			Lang: "fi", NoticeChannel: library.ChannelEmail, HomeLibrary: "x"}, "")
		if err != nil {
			t.Fatal(err)
		}
		if err := db.RequestPINReset(ctx, card, time.Now()); err != nil {
			t.Fatal(err)
		}
	}

	sink := startSink(t, holdAt)
	args := func() []string {
		return []string{"serve", "--addr", "127.0.0.1:0", "--data", t.TempDir(), "--db", dsn, "--pepper", pepper,
			"--log-level", "warn", "--smtp-url", "smtp://" + sink.addr + "?from=kirjasto@example.org",
			"--notice-every", "500ms", "--notice-lease", lease.String()}
	}
	nodes := map[int]*server{}
	for range 2 {
		s := start(t, args()...)
		nodes[s.cmd.Process.Pid] = s
	}

	// The node holding the fourth notice is the one whose claim has
	// begun sending it.
	var held time.Time
	select {
	case held = <-sink.holding:
	case <-time.After(30 * time.Second):
		t.Fatal("no node sent the fourth notice within 30 s")
	}
	raw, err := sql.Open("pgx", dsn) // the store's driver, for a look at the claims
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	var holder string
	waitUntil(t, "the held notice's claim", func() bool {
		var err error
		holder, err = sendingHolder(ctx, raw)
		if err != nil {
			t.Fatal(err)
		}
		return holder != ""
	})
	victim := nodes[holderPID(t, holder)]
	if victim == nil {
		t.Fatalf("the held notice's holder %q is neither node", holder)
	}
	if err := victim.cmd.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	victim.cmd.Wait()
	close(sink.release) // the killed node's message is answered with an error, to nobody
	var survivor *server
	for _, s := range nodes {
		if s != victim {
			survivor = s
		}
	}

	waitUntil(t, "every notice sent", func() bool { return len(sink.accepted()) == notices })
	got := sink.accepted()
	var twice []string
	for id, n := range sink.counts() {
		if n != 1 {
			twice = append(twice, fmt.Sprintf("%s ×%d", id, n))
		}
	}
	if len(twice) > 0 {
		t.Errorf("notices received more than once: %v", twice)
	}
	if len(got) != notices {
		t.Errorf("%d different notices received, want %d", len(got), notices)
	}
	// The held notice was taken over only once its lease had passed.
	if at := sink.acceptedAfter(holdAt); at.Sub(held) < lease-time.Second {
		t.Errorf("the held notice was sent again %s after the dead node began it, before its lease of %s", at.Sub(held), lease)
	}
	if !strings.Contains(survivor.stderr.String(), "was being sent by a node that stopped") {
		t.Errorf("the surviving node does not say it sent the interrupted notice again:\n%s", survivor.stderr)
	}
	waitUntil(t, "every notice recorded as sent", func() bool {
		ns, err := db.PendingNotices(ctx, notices)
		if err != nil {
			t.Fatal(err)
		}
		return len(ns) == 0
	})
}

// sendingHolder returns the holder of the notice whose sending has begun
// and not ended, or "" while there is none.
func sendingHolder(ctx context.Context, db *sql.DB) (string, error) {
	var holder string
	err := db.QueryRowContext(ctx, `SELECT claimed_by FROM notices WHERE sending_at IS NOT NULL AND delivery = 'waiting'`).Scan(&holder)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	return holder, err
}

// holderPID is the process ID in a holder's name (host:pid:random).
func holderPID(t *testing.T, holder string) int {
	t.Helper()
	parts := strings.Split(holder, ":")
	if len(parts) != 3 {
		t.Fatalf("holder %q is not host:pid:random", holder)
	}
	pid, err := strconv.Atoi(parts[1])
	if err != nil {
		t.Fatalf("holder %q: %v", holder, err)
	}
	return pid
}

// sink is a mail server that accepts messages and counts them by
// Message-ID, except that the message of the holdAt-th DATA is held
// unanswered until release is closed, and then refused: it was never
// accepted.
type sink struct {
	addr    string
	holdAt  int
	holding chan time.Time // when the held message arrived
	release chan struct{}

	mu    sync.Mutex
	datas int
	got   map[string]int
	order []acceptance
}

type acceptance struct {
	data int // which DATA it was, from 1
	at   time.Time
}

func startSink(t *testing.T, holdAt int) *sink {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	s := &sink{addr: l.Addr().String(), holdAt: holdAt, holding: make(chan time.Time, 1), release: make(chan struct{}),
		got: map[string]int{}}
	srv := smtp.NewServer(s)
	srv.Domain = "localhost"
	done := make(chan struct{})
	go func() {
		defer close(done)
		srv.Serve(l)
	}()
	t.Cleanup(func() {
		select {
		case <-s.release:
		default:
			close(s.release)
		}
		srv.Close()
		<-done
	})
	return s
}

func (s *sink) NewSession(*smtp.Conn) (smtp.Session, error) { return &sinkSession{s}, nil }

// accepted returns the Message-IDs received.
func (s *sink) accepted() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	var ids []string
	for id := range s.got {
		ids = append(ids, id)
	}
	return ids
}

func (s *sink) counts() map[string]int {
	s.mu.Lock()
	defer s.mu.Unlock()
	m := map[string]int{}
	for id, n := range s.got {
		m[id] = n
	}
	return m
}

// acceptedAfter returns when the first message after the n-th DATA was
// accepted: the held message's next try.
func (s *sink) acceptedAfter(n int) time.Time {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, a := range s.order {
		if a.data > n {
			return a.at
		}
	}
	return time.Time{}
}

type sinkSession struct{ s *sink }

func (sinkSession) Reset()                               {}
func (sinkSession) Logout() error                        { return nil }
func (sinkSession) Mail(string, *smtp.MailOptions) error { return nil }
func (sinkSession) Rcpt(string, *smtp.RcptOptions) error { return nil }
func (ss sinkSession) Data(r io.Reader) error {
	s := ss.s
	msg, err := mail.ReadMessage(r)
	if err != nil {
		return err
	}
	id := msg.Header.Get("Message-Id")
	s.mu.Lock()
	s.datas++
	n := s.datas
	s.mu.Unlock()
	if n == s.holdAt {
		s.holding <- time.Now()
		<-s.release
		return &smtp.SMTPError{Code: 451, EnhancedCode: smtp.EnhancedCode{4, 3, 0}, Message: "held"}
	}
	if id == "" {
		return errors.New("no Message-ID")
	}
	s.mu.Lock()
	s.got[id]++
	s.order = append(s.order, acceptance{data: n, at: time.Now()})
	s.mu.Unlock()
	return nil
}
