package main

import (
	"context"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/kirjasto/kirjasto/internal/auth"
	"github.com/kirjasto/kirjasto/internal/i18n"
	"github.com/kirjasto/kirjasto/internal/library"
	"github.com/kirjasto/kirjasto/internal/notice"
	"github.com/kirjasto/kirjasto/internal/store"
	"github.com/kirjasto/kirjasto/internal/web"
)

// secureOptions are the flags of commands that serve HTTP and sign people
// in: HTTPS, the proxy in front, the PIN pepper and the mail server.
type secureOptions struct {
	cert, key   string
	behindProxy bool
	pepper      string
	smtpURL     string
	publicURL   string
	// noticeEvery is how often a node looks for notices to send, and
	// noticeLease how long its claim of them holds (docs/notices.md).
	noticeEvery time.Duration
	noticeLease time.Duration
}

// secureFlags adds the flags of secureOptions to cmd.
func secureFlags(cmd *cobra.Command, o *secureOptions) {
	f := cmd.Flags()
	f.StringVar(&o.cert, "tls-cert", envOr("KIRJASTO_TLS_CERT", ""), "TLS certificate file (PEM): serve HTTPS (env KIRJASTO_TLS_CERT)")
	f.StringVar(&o.key, "tls-key", envOr("KIRJASTO_TLS_KEY", ""), "TLS private key file (PEM) (env KIRJASTO_TLS_KEY)")
	f.BoolVar(&o.behindProxy, "behind-proxy", os.Getenv("KIRJASTO_BEHIND_PROXY") == "1",
		"a TLS-terminating reverse proxy stands in front: trust its X-Forwarded-Proto and X-Forwarded-For (env KIRJASTO_BEHIND_PROXY=1)")
	f.StringVar(&o.pepper, "pepper", envOr("KIRJASTO_PEPPER", ""),
		"secret mixed into every PIN hash; every node of one database needs the same (env KIRJASTO_PEPPER; default: generated into --data)")
	f.StringVar(&o.smtpURL, "smtp-url", envOr("KIRJASTO_SMTP_URL", ""), "mail server for notices, smtp://user:pass@host:port?from=addr (env KIRJASTO_SMTP_URL; default: notices stay in My Account)")
	f.DurationVar(&o.noticeEvery, "notice-every", 30*time.Second, "how often this node looks for notices to send")
	f.DurationVar(&o.noticeLease, "notice-lease", notice.DefaultLease,
		"how long a node's claim of notices holds: a node that dies leaves its notices to another after this (a send is cut short at half of it)")
	f.StringVar(&o.publicURL, "public-url", envOr("KIRJASTO_PUBLIC_URL", ""), "the site's address as patrons see it, for links in e-mail, e.g. https://kirjasto.example.fi (env KIRJASTO_PUBLIC_URL)")
}

// check refuses configurations that would send PINs in the clear.
func (o *secureOptions) check(addr string) error {
	if (o.cert == "") != (o.key == "") {
		return errors.New("--tls-cert and --tls-key go together")
	}
	if o.cert != "" || o.behindProxy || isLoopback(addr) {
		return nil
	}
	return fmt.Errorf("refusing to serve plain HTTP on %s: library cards and PINs would cross the network unencrypted. "+
		"Give --tls-cert and --tls-key, or --behind-proxy when a TLS proxy stands in front, or listen on 127.0.0.1", addr)
}

// isLoopback reports whether addr listens on this machine only.
func isLoopback(addr string) bool {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return false
	}
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// pepperFile is where a generated pepper is kept, in the data directory.
const pepperFile = "pepper"

// loadPepper returns --pepper, or the pepper in the data directory,
// generating it on first start. Losing it makes every PIN unusable (the
// patrons can reset them), so it is created once and never replaced.
func (o *secureOptions) loadPepper(cfg *config) ([]byte, error) {
	if o.pepper != "" {
		return []byte(o.pepper), nil
	}
	path := filepath.Join(cfg.data, pepperFile)
	b, err := os.ReadFile(path)
	if err == nil {
		p := strings.TrimSpace(string(b))
		if len(p) < 32 {
			return nil, fmt.Errorf("pepper file %s is too short", path)
		}
		return []byte(p), nil
	}
	if !errors.Is(err, fs.ErrNotExist) {
		return nil, err
	}
	if strings.HasPrefix(cfg.dsn(), "postgres") {
		cfg.logger.Warn("generating a PIN pepper for this node only; give every node the same --pepper", "file", path)
	}
	if err := os.MkdirAll(cfg.data, 0o750); err != nil {
		return nil, err
	}
	p := hex.EncodeToString(auth.NewPepper())
	// O_EXCL: two processes starting at once cannot both write one.
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if errors.Is(err, fs.ErrExist) {
		return o.loadPepper(cfg)
	}
	if err != nil {
		return nil, err
	}
	if _, err := f.WriteString(p + "\n"); err != nil {
		f.Close()
		return nil, err
	}
	if err := f.Close(); err != nil {
		return nil, err
	}
	cfg.logger.Info("generated a PIN pepper", "file", path)
	return []byte(p), nil
}

// configureAccounts sets up PIN hashing with the pepper and reset links
// on db: needed before any patron is created or signs in.
func (o *secureOptions) configureAccounts(cfg *config, db *store.DB) error {
	pepper, err := o.loadPepper(cfg)
	if err != nil {
		return err
	}
	base := strings.TrimSuffix(o.publicURL, "/")
	db.SetAccountConfig(store.AccountConfig{
		Hasher:          auth.NewHasher(pepper, auth.DefaultParams),
		ResetURL:        func(token string) string { return base + "/pin/reset/" + token },
		EventCancelURL:  func(token string) string { return base + library.EventCancelPath(token) },
		BookingGuestURL: func(token string) string { return base + library.BookingGuestPath(token) },
	})
	return nil
}

// setupAccounts configures accounts on db and starts the notice delivery
// loop, which ends with ctx.
func (o *secureOptions) setupAccounts(ctx context.Context, cfg *config, db *store.DB) (web.AuthConfig, error) {
	if err := o.configureAccounts(cfg, db); err != nil {
		return web.AuthConfig{}, err
	}
	if o.noticeEvery <= 0 || o.noticeLease < 2*time.Second {
		return web.AuthConfig{}, errors.New("--notice-every must be positive and --notice-lease at least 2s")
	}
	ch := &notice.Channels{Metrics: cfg.metrics, Lease: o.noticeLease}
	if o.smtpURL != "" {
		s, err := notice.NewSMTP(o.smtpURL)
		if err != nil {
			return web.AuthConfig{}, err
		}
		ch.Email = s
	}
	sms, err := cfg.sms.gateway()
	if err != nil {
		return web.AuthConfig{}, err
	}
	if sms != nil {
		ch.SMS = sms
	}
	bundle, err := i18n.New()
	if err != nil {
		return web.AuthConfig{}, err
	}
	go notice.Run(ctx, db, bundle, ch, o.noticeEvery, cfg.logger)
	return web.AuthConfig{BehindProxy: o.behindProxy, Mail: ch.Email != nil, SMS: ch.SMS != nil, Hasher: db.Hasher(),
		Limiter: signinLimit(db)}, nil
}

// scheme is how the server is reached, for the address it prints.
func (o *secureOptions) scheme() string {
	if o.cert != "" {
		return "https"
	}
	return "http"
}

// hsts tells browsers to come back over HTTPS only, for a year, once they
// have reached the site over HTTPS.
func (o *secureOptions) hsts(h http.Handler) http.Handler {
	if o.cert == "" && !o.behindProxy {
		return h
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.TLS != nil || o.behindProxy && r.Header.Get("X-Forwarded-Proto") == "https" {
			w.Header().Set("Strict-Transport-Security", "max-age=31536000")
		}
		h.ServeHTTP(w, r)
	})
}

// listenAndServe serves hs on ln, over TLS when configured.
func (o *secureOptions) serve(hs *http.Server, ln net.Listener) error {
	if o.cert != "" {
		return hs.ServeTLS(ln, o.cert, o.key)
	}
	return hs.Serve(ln)
}
