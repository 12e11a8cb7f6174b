package sip2

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"net"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/kirjasto/kirjasto/internal/auth"
	"github.com/kirjasto/kirjasto/internal/library"
	"github.com/kirjasto/kirjasto/internal/store"
	"github.com/kirjasto/kirjasto/internal/store/storetest"
)

// The server tests run a real Server on a loopback port against a real
// database, and talk to it with client, a SIP2 kiosk written for the tests.

// testNow is a Monday morning in Helsinki: loans made then fall due four
// weeks later, on Monday 21 December 2026.
var testNow = time.Date(2026, time.November, 23, 10, 0, 0, 0, library.Helsinki)

// Cards and PINs of the fixture's patrons.
const (
	ainoCard = "2000000001" // Finnish, picks up at Sello
	ainoPIN  = "1234"
	erikCard = "2000000002" // Swedish, picks up at Oodi
	erikPIN  = "2345"
)

// fixture is a consortium of two branches, a few titles and patrons, a
// kiosk account at Sello and a roaming one, served by a SIP2 server.
type fixture struct {
	t    testing.TB
	db   *store.DB
	addr string
	now  atomic.Pointer[time.Time]
	srv  *Server
}

func openHours() library.Hours {
	var h library.Hours
	for d := time.Monday; d <= time.Saturday; d++ {
		h.Weekly[d] = library.Day{Staffed: []library.Period{{Open: library.NewClock(9, 0), Close: library.NewClock(20, 0)}}}
	}
	return h
}

// newFixture fills db and serves it on 127.0.0.1:0 until the test ends.
func newFixture(t testing.TB, db *store.DB, cfg Config) *fixture {
	t.Helper()
	ctx := context.Background()
	db.SetAccountConfig(store.AccountConfig{Hasher: auth.NewHasher([]byte("test pepper"), auth.TestParams)})
	f := &fixture{t: t, db: db}
	f.setNow(testNow)
	err := db.PutConsortium(ctx, library.Consortium{
		Libraries: []library.Library{{ID: "espoo", Name: library.Text{"fi": "Espoo"}}, {ID: "helsinki", Name: library.Text{"fi": "Helsinki"}}},
		Branches: []library.Branch{
			{ID: "esp-sello", LibraryID: "espoo", Name: library.Text{"fi": "Sellon kirjasto", "sv": "Sellobiblioteket", "en": "Sello Library"}, Hours: openHours()},
			{ID: "hki-oodi", LibraryID: "helsinki", Name: library.Text{"fi": "Keskustakirjasto Oodi", "sv": "Centrumbiblioteket Ode", "en": "Central Library Oodi"}, Hours: openHours()},
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	f.title("Seitsemän veljestä", library.Book, "S1:esp-sello")
	f.title("Muumipeikko ja pyrstötähti", library.Book, "M1:esp-sello", "M2:esp-sello")
	f.title("Tuntematon sotilas", library.DVD, "T1:hki-oodi")
	for _, p := range []struct{ card, pin, name, lang, pickup string }{
		{ainoCard, ainoPIN, "Virtanen, Aino", "fi", "esp-sello"},
		{erikCard, erikPIN, "Lindqvist, Erik", "sv", "hki-oodi"},
	} {
		_, err := db.CreatePatron(ctx, library.Patron{CardNumber: p.card, Name: p.name, Lang: p.lang, PickupBranch: p.pickup,
			HomeLibrary: "espoo", Email: strings.ToLower(p.lang) + "@example.fi", Street: "Kauppakatu 1", PostalCode: "02100", City: "Espoo"}, p.pin)
		if err != nil {
			t.Fatal(err)
		}
	}
	for _, k := range []library.Kiosk{{Login: "sello-1", Branch: "esp-sello"}, {Login: "roaming"}} {
		if _, err := db.CreateKiosk(ctx, k, "kiosk-secret"); err != nil {
			t.Fatal(err)
		}
	}
	cfg.Store, cfg.Patrons, cfg.Circulation, cfg.Kiosks = db, db, db, db
	cfg.Now = func() time.Time { return *f.now.Load() }
	f.srv, err = New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	f.serve(t, nil)
	return f
}

// serve starts the server on a loopback port; wrap, when set, wraps the
// listener (for TLS tests).
func (f *fixture) serve(t testing.TB, wrap func(net.Listener) net.Listener) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	if wrap != nil {
		ln = wrap(ln)
	}
	f.addr = ln.Addr().String()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- f.srv.Serve(ctx, ln) }()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("Serve: %v", err)
		}
	})
}

func (f *fixture) setNow(t time.Time) { f.now.Store(&t) }

// title stores a record with copies given as "barcode:home-branch".
func (f *fixture) title(title string, m library.Material, copies ...string) {
	f.t.Helper()
	rec := library.RecordWithItems{Record: library.Record{SourceID: "sip2-" + title, Title: title, Material: m, Language: "fin"}}
	for _, c := range copies {
		barcode, home, _ := strings.Cut(c, ":")
		rec.Items = append(rec.Items, library.Item{Barcode: barcode, HomeBranch: home, Branch: home, Status: library.Available})
	}
	if _, err := f.db.UpsertRecords(context.Background(), []library.RecordWithItems{rec}); err != nil {
		f.t.Fatal(err)
	}
}

// patronID returns the ID of the patron with card.
func (f *fixture) patronID(card string) int64 {
	f.t.Helper()
	p, err := f.db.PatronByCard(context.Background(), card)
	if err != nil {
		f.t.Fatal(err)
	}
	return p.ID
}

// client is a kiosk: it writes requests with sequence numbers and reads
// the responses, checking their checksums when error detection is on.
type client struct {
	t     testing.TB
	conn  net.Conn
	r     *bufio.Reader
	codec Codec
	seq   int
}

// dial connects a kiosk to the fixture's server.
func (f *fixture) dial(t testing.TB, errorDetection bool) *client {
	t.Helper()
	conn, err := net.Dial("tcp", f.addr)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	return newClient(t, conn, errorDetection)
}

func newClient(t testing.TB, conn net.Conn, errorDetection bool) *client {
	// A deadline, so that a server that never answers fails the test
	// instead of hanging it; it bounds the test, it does not time it.
	conn.SetDeadline(time.Now().Add(2 * time.Minute))
	return &client{t: t, conn: conn, r: bufio.NewReader(conn), codec: Codec{ErrorDetection: errorDetection, Location: library.Helsinki}}
}

// sendRaw writes bytes as they are and returns the raw response line.
func (c *client) sendRaw(s string) string {
	c.t.Helper()
	if _, err := c.conn.Write([]byte(s)); err != nil {
		c.t.Fatalf("write %q: %v", s, err)
	}
	line, err := c.r.ReadString('\r')
	if err != nil {
		c.t.Fatalf("after %q: read: %v", s, err)
	}
	return line
}

// do sends a request and returns the parsed response, checking that it
// carries the request's sequence number.
func (c *client) do(req Body) Body {
	c.t.Helper()
	resp, err := c.try(req)
	if err != nil {
		c.t.Fatal(err)
	}
	return resp
}

func (c *client) try(req Body) (Body, error) {
	c.seq = (c.seq + 1) % 10
	wire, err := c.codec.Encode(req, c.seq)
	if err != nil {
		return nil, err
	}
	line := c.sendRaw(string(wire))
	resp, seq, err := c.codec.Parse([]byte(line))
	if err != nil {
		return nil, fmt.Errorf("response %q to %q: %w", line, wire, err)
	}
	if c.codec.ErrorDetection && seq != c.seq {
		return nil, fmt.Errorf("response %q to %q: sequence %d, want %d", line, wire, seq, c.seq)
	}
	return resp, nil
}

// login logs in as the kiosk at Sello and fails the test if refused.
func (c *client) login(user, location string) {
	c.t.Helper()
	resp := c.do(&Login{UIDAlgorithm: '0', PWDAlgorithm: '0', UserID: user, Password: "kiosk-secret", Location: location})
	if !resp.(*LoginResponse).OK {
		c.t.Fatalf("login %s at %q refused", user, location)
	}
}

// closed reports whether the server has closed the connection: the next
// read ends without data (a deadline passing is not a close).
func (c *client) closed() bool {
	_, err := c.r.ReadByte()
	var ne net.Error
	return err != nil && !(errors.As(err, &ne) && ne.Timeout())
}

// withFixture runs fn on a fresh fixture of each database.
func withFixture(t *testing.T, cfg Config, fn func(t *testing.T, f *fixture)) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) { fn(t, newFixture(t, db, cfg)) })
}
