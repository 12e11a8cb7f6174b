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
	// IdleTimeout closes a connection that sends nothing for this long;
	// 0 means DefaultIdleTimeout. Kiosks send SC Status as a keep-alive.
	IdleTimeout time.Duration
	// MaxConns caps connections at once; 0 means DefaultMaxConns. One
	// more waits in the listen queue until another closes.
	MaxConns int
	// InstitutionID is sent as AO; "" means "kirjasto".
	InstitutionID string
}

// Defaults of Config.
const (
	DefaultIdleTimeout = 10 * time.Minute
	DefaultMaxConns    = 500
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

	mu       sync.Mutex
	conns    map[net.Conn]struct{}
	stopping bool // set when Serve's context ends
	wg       sync.WaitGroup
}

// New returns a Server for cfg.
func New(cfg Config) (*Server, error) {
	if cfg.Store == nil || cfg.Patrons == nil || cfg.Circulation == nil || cfg.Kiosks == nil {
		return nil, errors.New("sip2: Store, Patrons, Circulation and Kiosks are required")
	}
	s := &Server{cfg: cfg, i18n: cfg.I18n, log: cfg.Logger, now: cfg.Now, conns: make(map[net.Conn]struct{})}
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
	if s.cfg.MaxConns <= 0 {
		s.cfg.MaxConns = DefaultMaxConns
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
		select {
		case s.slots <- struct{}{}:
		case <-ctx.Done():
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
		if !s.track(nc) {
			nc.Close()
			<-s.slots
			return nil
		}
		s.wg.Go(func() {
			defer func() { <-s.slots }()
			defer s.untrack(nc)
			s.serveConn(ctx, nc)
		})
	}
}

// track adds a connection to the set Serve closes when it stops; it
// fails once the server is stopping, so no connection outlives Serve.
func (s *Server) track(nc net.Conn) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.stopping {
		return false
	}
	s.conns[nc] = struct{}{}
	return true
}

func (s *Server) untrack(nc net.Conn) {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.conns, nc)
}

// serveConn answers one kiosk until it hangs up, idles too long or sends
// a stream that is not SIP2.
func (s *Server) serveConn(ctx context.Context, nc net.Conn) {
	defer nc.Close()
	log := s.log.With("kiosk_addr", nc.RemoteAddr().String())
	c := NewConn(nc, Codec{Location: library.Helsinki}, 0)
	sess := &session{srv: s, log: log}
	for ctx.Err() == nil {
		nc.SetReadDeadline(time.Now().Add(s.cfg.IdleTimeout))
		line, err := c.ReadLine()
		if err != nil {
			s.logEnd(log, err)
			return
		}
		nc.SetWriteDeadline(time.Now().Add(requestTimeout))
		if err := sess.serveLine(ctx, c, line); err != nil {
			log.Info("sip2: connection ends", "err", err)
			return
		}
	}
}

// logEnd notes why a connection ended: a hang-up is normal, an idle
// timeout worth a line, anything else a warning.
func (s *Server) logEnd(log *slog.Logger, err error) {
	switch {
	case errors.Is(err, io.EOF), errors.Is(err, net.ErrClosed):
	case errors.Is(err, os.ErrDeadlineExceeded):
		log.Info("sip2: idle connection closed", "timeout", s.cfg.IdleTimeout)
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
