package sip2

import (
	"errors"
	"fmt"
	"log/slog"
	"net"
	"strings"
	"testing"
	"time"

	"github.com/kirjasto/kirjasto/internal/store"
	"github.com/kirjasto/kirjasto/internal/store/storetest"
	"github.com/kirjasto/kirjasto/internal/testenv"
)

// syncBuffer is a log sink the server's goroutines may write concurrently.
type syncBuffer struct{ testenv.SyncBuffer }

// count returns how many log lines contain every one of parts.
func (b *syncBuffer) count(parts ...string) int {
	n := 0
	for line := range strings.SplitSeq(b.String(), "\n") {
		all := line != ""
		for _, p := range parts {
			all = all && strings.Contains(line, p)
		}
		if all {
			n++
		}
	}
	return n
}

// waitFor polls the log until n lines contain parts, or fails the test
// after a minute; the bound keeps a broken server from hanging the test.
func (b *syncBuffer) waitFor(t *testing.T, n int, parts ...string) {
	t.Helper()
	for end := time.Now().Add(time.Minute); time.Now().Before(end); time.Sleep(10 * time.Millisecond) {
		if b.count(parts...) >= n {
			return
		}
	}
	t.Fatalf("%d log lines with %q, want %d; log:\n%s", b.count(parts...), parts, n, b.String())
}

func logTo(b *syncBuffer) *slog.Logger { return slog.New(slog.NewTextHandler(b, nil)) }

// dialFrom opens a connection to addr from the loopback address local
// (Linux routes all of 127.0.0.0/8 to the loopback interface), so that a
// test can play clients at different addresses.
func dialFrom(t *testing.T, local, addr string) net.Conn {
	t.Helper()
	d := net.Dialer{LocalAddr: &net.TCPAddr{IP: net.ParseIP(local)}}
	conn, err := d.Dial("tcp", addr)
	if err != nil {
		t.Fatalf("dial from %s: %v", local, err)
	}
	t.Cleanup(func() { conn.Close() })
	conn.SetDeadline(time.Now().Add(2 * time.Minute))
	return conn
}

// isClosedByServer reports whether the server closed conn: a read ends
// without data before the test's deadline.
func isClosedByServer(conn net.Conn) bool {
	var buf [1]byte
	_, err := conn.Read(buf[:])
	var ne net.Error
	return err != nil && !(errors.As(err, &ne) && ne.Timeout())
}

// TestIdleConnectionsFromOneAddress opens more connections from one
// address than it may have: the extra ones are closed at once with a log
// line, and a kiosk at another address still logs in while the allowed
// ones sit idle (the login timeout is far away).
func TestIdleConnectionsFromOneAddress(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		var log syncBuffer
		f := newFixture(t, db, Config{MaxConns: 5, MaxConnsPerAddr: 3, LoginTimeout: time.Hour, Logger: logTo(&log)})
		var idle []net.Conn
		for range 8 {
			idle = append(idle, dialFrom(t, "127.0.0.2", f.addr))
		}
		log.waitFor(t, 5, "sip2: connection refused", "kiosk_addr=127.0.0.2:", `reason="too many connections from this address"`)
		kiosk := newClient(t, dialFrom(t, "127.0.0.1", f.addr), true)
		kiosk.login("sello-1", "esp-sello")
		closed := 0
		for _, c := range idle {
			c.SetReadDeadline(time.Now().Add(200 * time.Millisecond))
			if isClosedByServer(c) {
				closed++
			}
		}
		if closed != 5 {
			t.Errorf("%d of 8 connections from one address closed, want 5 (3 may stay)", closed)
		}
	})
}

// TestIdleConnectionsTimeOut fills every connection slot from several
// addresses with connections that never log in: they are dropped after
// the login timeout, with a log line, and a kiosk waiting to connect then
// logs in and, logged in, outlives the login timeout.
func TestIdleConnectionsTimeOut(t *testing.T) {
	const loginTimeout = 200 * time.Millisecond
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		var log syncBuffer
		f := newFixture(t, db, Config{MaxConns: 4, LoginTimeout: loginTimeout, Logger: logTo(&log)})
		var idle []net.Conn
		for i := range 4 {
			idle = append(idle, dialFrom(t, fmt.Sprintf("127.0.0.%d", 2+i), f.addr))
		}
		kiosk := newClient(t, dialFrom(t, "127.0.0.1", f.addr), true)
		kiosk.login("sello-1", "esp-sello") // answered once an idle connection is dropped
		for i, c := range idle {
			if !isClosedByServer(c) {
				t.Errorf("idle connection %d not closed", i)
			}
		}
		log.waitFor(t, 4, "sip2: connection dropped", `reason="no login in time"`, "kiosk_addr=127.0.0.")
		if log.count("every connection is in use") == 0 {
			t.Error("no log line says every connection was in use")
		}
		time.Sleep(2 * loginTimeout)
		if st, ok := kiosk.do(&SCStatus{ProtocolVersion: "2.00"}).(*ACSStatus); !ok || !st.OnlineStatus {
			t.Errorf("the logged-in kiosk after the login timeout: %+v", st)
		}
	})
}
