package main

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"net"
	"time"

	"github.com/spf13/cobra"

	"github.com/kirjasto/kirjasto/internal/library"
	"github.com/kirjasto/kirjasto/internal/sip2"
	"github.com/kirjasto/kirjasto/internal/store"
)

// sip2Options are the flags of the SIP2 listener for self-service kiosks.
type sip2Options struct {
	addr    string
	idle    time.Duration
	login   time.Duration
	perAddr int
	// perAddrSet reports whether --sip2-max-conns-per-addr was given.
	perAddrSet func() bool
}

// sip2Flags adds the SIP2 flags to a command that serves.
func sip2Flags(cmd *cobra.Command, o *sip2Options) {
	f := cmd.Flags()
	f.StringVar(&o.addr, "sip2-addr", envOr("KIRJASTO_SIP2_ADDR", ""),
		"SIP2 listen address for self-service kiosks, e.g. 0.0.0.0:6001 (env KIRJASTO_SIP2_ADDR; default: no SIP2)")
	f.DurationVar(&o.idle, "sip2-idle-timeout", sip2.DefaultIdleTimeout, "close a logged-in kiosk connection silent for this long")
	f.DurationVar(&o.login, "sip2-login-timeout", sip2.DefaultLoginTimeout, "close a SIP2 connection that has not logged in this long after connecting")
	f.IntVar(&o.perAddr, "sip2-max-conns-per-addr", sip2.DefaultMaxConnsPerAddr,
		"most SIP2 connections from one client address, 0 for no cap (default without a cap with --behind-proxy, where every kiosk comes from the proxy's address)")
	o.perAddrSet = func() bool { return f.Changed("sip2-max-conns-per-addr") }
}

// maxConnsPerAddr is the cap per client address for sip2.Config. Behind
// a TLS proxy every kiosk has the proxy's address, so there the cap is
// off unless given.
func (o sip2Options) maxConnsPerAddr(behindProxy bool) int {
	if o.perAddr <= 0 || behindProxy && (o.perAddrSet == nil || !o.perAddrSet()) {
		return -1 // no cap
	}
	return o.perAddr
}

// check refuses to carry PINs in the clear beyond this machine.
func (o sip2Options) check(secure secureOptions) error {
	if o.addr == "" || secure.cert != "" || secure.behindProxy || isLoopback(o.addr) {
		return nil
	}
	return fmt.Errorf("refusing to serve SIP2 in the clear on %s: card numbers and PINs would cross the network unencrypted. "+
		"Give --tls-cert and --tls-key (kiosks then connect over TLS), or --behind-proxy when a TLS proxy such as stunnel stands in front, "+
		"or listen on 127.0.0.1", o.addr)
}

// startSIP2 serves kiosks on --sip2-addr, if given, until ctx ends or the
// returned stop is called; stop waits until every connection is closed.
// Over the network SIP2 carries card numbers and PINs, so, as for HTTP,
// plain TCP is for loopback only: elsewhere it takes --tls-cert and
// --tls-key, or --behind-proxy with a TLS proxy (stunnel) in front.
func startSIP2(ctx context.Context, cfg *config, db *store.DB) (stop func(), err error) {
	addr, o := cfg.sip2.addr, cfg.secure
	if addr == "" {
		return func() {}, nil
	}
	if err := cfg.sip2.check(o); err != nil {
		return nil, err
	}
	var tlsCfg *tls.Config
	if o.cert != "" {
		cert, err := tls.LoadX509KeyPair(o.cert, o.key)
		if err != nil {
			return nil, fmt.Errorf("SIP2 TLS: %w", err)
		}
		tlsCfg = &tls.Config{Certificates: []tls.Certificate{cert}, MinVersion: tls.VersionTLS12}
	}
	srv, err := sip2.New(sip2.Config{Store: db, Patrons: db, Circulation: db, Kiosks: db, Logger: cfg.logger, Metrics: cfg.metrics,
		Now: time.Now, TLS: tlsCfg, IdleTimeout: cfg.sip2.idle, LoginTimeout: cfg.sip2.login,
		MaxConnsPerAddr: cfg.sip2.maxConnsPerAddr(o.behindProxy)})
	if err != nil {
		return nil, err
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("SIP2: %w", err)
	}
	// Printed like the HTTP address, for tests and scripts.
	fmt.Printf("Kirjasto serves SIP2 on %s\n", ln.Addr())
	sctx, cancel := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() {
		defer close(done)
		if err := srv.Serve(sctx, ln); err != nil {
			cfg.logger.Error("SIP2 server stopped", "err", err)
		}
	}()
	return func() { cancel(); <-done }, nil
}

// The demo's kiosk account: it may stand at any branch, named in the
// location code (CP) of its login.
const (
	demoKioskLogin    = "demo-kiosk"
	demoKioskPassword = "demo-kiosk"
)

// ensureDemoKiosk creates the demo's kiosk account unless it is there.
func ensureDemoKiosk(ctx context.Context, db *store.DB) error {
	_, err := db.CreateKiosk(ctx, library.Kiosk{Login: demoKioskLogin, Name: "Demo kiosk"}, demoKioskPassword)
	if library.ErrorCode(err) == library.ECONFLICT {
		return nil
	}
	return err
}

// newKioskCmd manages kiosk accounts.
func newKioskCmd(cfg *config) *cobra.Command {
	cmd := &cobra.Command{Use: "kiosk", Short: "Manage the accounts self-service kiosks log in with over SIP2"}
	var branch, name string
	add := &cobra.Command{
		Use:   "add LOGIN",
		Short: "Add a kiosk account; the password is read from KIRJASTO_KIOSK_PASSWORD or the first line of standard input",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			password := envOr("KIRJASTO_KIOSK_PASSWORD", "")
			if password == "" {
				if _, err := fmt.Fscanln(cmd.InOrStdin(), &password); err != nil {
					return errors.New("give the kiosk's password in KIRJASTO_KIOSK_PASSWORD or on standard input")
				}
			}
			return withAccounts(cmd, cfg, func(db *store.DB) error {
				k, err := db.CreateKiosk(cmd.Context(), library.Kiosk{Login: args[0], Name: name, Branch: branch}, password)
				if err != nil {
					return err
				}
				fmt.Fprintf(cmd.OutOrStdout(), "kiosk %s added at %s\n", k.Login, orAny(k.Branch))
				return nil
			})
		},
	}
	add.Flags().StringVar(&branch, "branch", "", "the branch ID where the kiosk stands (default: any, named at each login)")
	add.Flags().StringVar(&name, "name", "", "a description for staff (default: the login)")
	disable := &cobra.Command{
		Use:   "disable LOGIN",
		Short: "Stop a kiosk account from logging in",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return withAccounts(cmd, cfg, func(db *store.DB) error {
				return db.DisableKiosk(cmd.Context(), args[0], time.Now())
			})
		},
	}
	for _, c := range []*cobra.Command{add, disable} {
		c.Flags().StringVar(&cfg.secure.pepper, "pepper", envOr("KIRJASTO_PEPPER", ""), "the PIN pepper the server uses (env KIRJASTO_PEPPER; default: the one in --data)")
	}
	cmd.AddCommand(add, disable)
	return cmd
}

// withAccounts opens the database with the server's password hashing.
func withAccounts(cmd *cobra.Command, cfg *config, fn func(db *store.DB) error) error {
	db, err := openStore(cmd.Context(), cfg)
	if err != nil {
		return err
	}
	defer db.Close()
	if err := cfg.secure.configureAccounts(cfg, db); err != nil {
		return err
	}
	return fn(db)
}

func orAny(branch string) string {
	if branch == "" {
		return "any branch"
	}
	return branch
}
