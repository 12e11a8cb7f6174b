package sip2

import (
	"bytes"
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"sync"
	"time"

	"github.com/kirjasto/kirjasto/internal/i18n"
	"github.com/kirjasto/kirjasto/internal/library"
	"github.com/kirjasto/kirjasto/internal/metrics"
)

// Config is what a Server needs. Store, Patrons, Circulation and Kiosks
// are required; the store implements all four.
type Config struct {
	Store       library.Store
	Patrons     library.Patrons
	Circulation library.Circulation
	Kiosks      library.Kiosks
	// I18n has the screen messages; nil loads the embedded catalogues.
	I18n   *i18n.Bundle
	Logger *slog.Logger     // nil discards
	Now    func() time.Time // nil means time.Now
	// TLS, when set, wraps every connection: kiosks then speak SIP2 over
	// TLS, which keeps cards and PINs off the wire in the clear.
	TLS *tls.Config
	// IdleTimeout closes a logged-in connection that sends nothing for
	// this long; 0 means DefaultIdleTimeout. Kiosks send SC Status as a
	// keep-alive.
	IdleTimeout time.Duration
	// LoginTimeout closes a connection that has not logged in this long
	// after it was accepted; 0 means DefaultLoginTimeout. A kiosk logs in
	// at once, so connections that never do cannot hold the slots of
	// MaxConns for the length of IdleTimeout.
	LoginTimeout time.Duration
	// MaxConns caps connections at once; 0 means DefaultMaxConns. One
	// more waits in the listen queue until another closes.
	MaxConns int
	// MaxConnsPerAddr caps the connections from one client address; 0
	// means DefaultMaxConnsPerAddr and a negative number no cap (for
	// kiosks that all come through one TLS proxy). One more is closed at
	// once, so that one address cannot take every slot of MaxConns.
	MaxConnsPerAddr int
	// InstitutionID is sent as AO; "" means "kirjasto".
	InstitutionID string
	// Metrics, when set, counts the sessions.
	Metrics *metrics.Metrics
}

// Defaults of Config.
const (
	DefaultIdleTimeout     = 10 * time.Minute
	DefaultLoginTimeout    = 30 * time.Second
	DefaultMaxConns        = 500
	DefaultMaxConnsPerAddr = 20
	// requestTimeout bounds the work on one message, so that a stuck
	// database cannot hold a kiosk forever.
	requestTimeout = 30 * time.Second
)

// Server answers kiosks: one goroutine per connection, each holding the
// state of its kiosk's login and of the patron at the kiosk.
type Server struct {
	cfg   Config
	i18n  *i18n.Bundle
	log   *slog.Logger
	now   func() time.Time
	slots chan struct{}
	full  bool // every slot was taken when last looked; only Serve's loop uses it

	mu       sync.Mutex
	conns    map[net.Conn]struct{}
	perAddr  map[string]int // open connections by client address
	stopping bool           // set when Serve's context ends
	wg       sync.WaitGroup
}

// New returns a Server for cfg.
func New(cfg Config) (*Server, error) {
	if cfg.Store == nil || cfg.Patrons == nil || cfg.Circulation == nil || cfg.Kiosks == nil {
		return nil, errors.New("sip2: Store, Patrons, Circulation and Kiosks are required")
	}
	s := &Server{cfg: cfg, i18n: cfg.I18n, log: cfg.Logger, now: cfg.Now, conns: make(map[net.Conn]struct{}),
		perAddr: make(map[string]int)}
	if s.i18n == nil {
		b, err := i18n.New()
		if err != nil {
			return nil, err
		}
		s.i18n = b
	}
	if s.log == nil {
		s.log = slog.New(slog.DiscardHandler)
	}
	if s.now == nil {
		s.now = time.Now
	}
	if s.cfg.IdleTimeout <= 0 {
		s.cfg.IdleTimeout = DefaultIdleTimeout
	}
	if s.cfg.LoginTimeout <= 0 {
		s.cfg.LoginTimeout = DefaultLoginTimeout
	}
	if s.cfg.MaxConns <= 0 {
		s.cfg.MaxConns = DefaultMaxConns
	}
	if s.cfg.MaxConnsPerAddr == 0 {
		s.cfg.MaxConnsPerAddr = DefaultMaxConnsPerAddr
	}
	if s.cfg.InstitutionID == "" {
		s.cfg.InstitutionID = "kirjasto"
	}
	s.slots = make(chan struct{}, s.cfg.MaxConns)
	return s, nil
}

// Serve accepts kiosks on ln until ctx ends, then closes the listener and
// every connection and waits for their goroutines. It returns nil after
// ctx ends, or the error that stopped the listener.
func (s *Server) Serve(ctx context.Context, ln net.Listener) error {
	if s.cfg.TLS != nil {
		ln = tls.NewListener(ln, s.cfg.TLS)
	}
	stop := context.AfterFunc(ctx, func() {
		ln.Close()
		s.mu.Lock()
		s.stopping = true
		for c := range s.conns {
			c.Close()
		}
		s.mu.Unlock()
	})
	defer stop()
	defer s.wg.Wait()
	for {
		if !s.takeSlot(ctx) {
			return nil
		}
		nc, err := ln.Accept()
		if err != nil {
			<-s.slots
			if ctx.Err() != nil {
				return nil
			}
			var ne net.Error
			if errors.As(err, &ne) && ne.Timeout() {
				continue
			}
			return fmt.Errorf("sip2: accept: %w", err)
		}
		switch s.track(nc) {
		case stopping:
			nc.Close()
			<-s.slots
			return nil
		case tooMany:
			nc.Close()
			<-s.slots
			s.log.Warn("sip2: connection refused", "kiosk_addr", nc.RemoteAddr().String(),
				"reason", "too many connections from this address", "max_per_addr", s.cfg.MaxConnsPerAddr)
			continue
		}
		s.wg.Go(func() {
			defer func() { <-s.slots }()
			defer s.untrack(nc)
			s.serveConn(ctx, nc)
		})
	}
}

// takeSlot waits for a free connection slot, noting once each time every
// one is taken, since kiosks then wait to connect. It fails when ctx ends.
func (s *Server) takeSlot(ctx context.Context) bool {
	select {
	case s.slots <- struct{}{}:
		s.full = false
		return true
	default:
	}
	if !s.full {
		s.full = true
		s.log.Warn("sip2: every connection is in use; new ones wait", "max_conns", s.cfg.MaxConns)
	}
	select {
	case s.slots <- struct{}{}:
		return true
	case <-ctx.Done():
		return false
	}
}

// admission is what track decides about a new connection.
type admission int

const (
	admitted admission = iota
	stopping           // the server is stopping
	tooMany            // its address has MaxConnsPerAddr connections already
)

// track adds a connection to the set Serve closes when it stops and
// counts it against its address. It refuses once the server is stopping,
// so no connection outlives Serve, and beyond the cap per address.
func (s *Server) track(nc net.Conn) admission {
	addr := hostOf(nc.RemoteAddr())
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.stopping {
		return stopping
	}
	if s.cfg.MaxConnsPerAddr > 0 && s.perAddr[addr] >= s.cfg.MaxConnsPerAddr {
		return tooMany
	}
	s.conns[nc] = struct{}{}
	s.perAddr[addr]++
	return admitted
}

func (s *Server) untrack(nc net.Conn) {
	addr := hostOf(nc.RemoteAddr())
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.conns, nc)
	if s.perAddr[addr]--; s.perAddr[addr] <= 0 {
		delete(s.perAddr, addr)
	}
}

// hostOf is the client address a connection is counted against: its IP
// without the port.
func hostOf(a net.Addr) string {
	if host, _, err := net.SplitHostPort(a.String()); err == nil {
		return host
	}
	return a.String()
}

// serveConn answers one kiosk until it hangs up, idles too long, does not
// log in in time or sends a stream that is not SIP2.
func (s *Server) serveConn(ctx context.Context, nc net.Conn) {
	defer nc.Close()
	defer s.cfg.Metrics.SIP2Session()()
	log := s.log.With("kiosk_addr", nc.RemoteAddr().String())
	c := NewConn(nc, Codec{Location: library.Helsinki}, 0)
	sess := &session{srv: s, log: log}
	// The time to log in runs from the connection, not from the last
	// message, so that failed logins or garbage cannot keep it open.
	loginBy := time.Now().Add(s.cfg.LoginTimeout)
	for ctx.Err() == nil {
		deadline := time.Now().Add(s.cfg.IdleTimeout)
		if sess.kiosk == nil {
			deadline = loginBy
		}
		nc.SetReadDeadline(deadline)
		line, err := c.ReadLine()
		if err != nil {
			s.logEnd(sess.log, err, sess.kiosk != nil)
			return
		}
		nc.SetWriteDeadline(time.Now().Add(requestTimeout))
		if err := sess.serveLine(ctx, c, line); err != nil {
			log.Info("sip2: connection ends", "err", err)
			return
		}
	}
}

// logEnd notes why a connection ended: a hang-up is normal, a timeout
// worth a line, anything else a warning.
func (s *Server) logEnd(log *slog.Logger, err error, loggedIn bool) {
	switch {
	case errors.Is(err, io.EOF), errors.Is(err, net.ErrClosed):
	case errors.Is(err, os.ErrDeadlineExceeded) && !loggedIn:
		log.Info("sip2: connection dropped", "reason", "no login in time", "timeout", s.cfg.LoginTimeout)
	case errors.Is(err, os.ErrDeadlineExceeded):
		log.Info("sip2: connection dropped", "reason", "idle", "timeout", s.cfg.IdleTimeout)
	default:
		log.Warn("sip2: connection ends", "err", err)
	}
}

// hasChecksum reports whether a message ends in a checksum field, which
// tells that the kiosk runs with error detection on. The digits are not
// looked at: a garbled checksum is still a checksum, and a wrong one.
func hasChecksum(line []byte) bool {
	n := len(line)
	return n >= 6 && bytes.Equal(line[n-6:n-4], []byte("AZ"))
}
