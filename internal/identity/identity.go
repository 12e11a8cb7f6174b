// Package identity does strong identification through an OpenID Connect
// provider (in Finland, Suomi.fi identification or a bank-ID broker): the
// authorization-code flow with PKCE, state and nonce; the ID token
// verified (signature, issuer, audience, expiry, nonce); and its claims
// reduced to what the library keeps, a library.StrongIdentity.
//
// The provider's stable subject may be a national identity number (the
// Finnish henkilötunnus). It never leaves this package: the library keeps
// an HMAC of it under a server-side key, which is enough to tell that the
// same person comes back and useless to anyone reading the database.
//
// The web layer calls Start, keeps the returned Flow where only this
// browser's session can reach it (server-side, or in a sealed HttpOnly
// cookie), redirects to the URL, and on the callback calls Finish with
// the Flow and the callback's query. A Flow is used once: the web layer
// forgets it before calling Finish.
package identity

import (
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/coreos/go-oidc/v3/oidc"
	"golang.org/x/oauth2"

	"github.com/kirjasto/kirjasto/internal/library"
)

// Config says which provider to use and how.
type Config struct {
	Issuer       string // the provider's issuer URL; its discovery document is read at New
	ClientID     string
	ClientSecret string
	RedirectURL  string   // the library's callback, registered with the provider
	Scopes       []string // besides "openid"; default "profile"
	// SubjectClaim names the claim that identifies the person for good:
	// "sub" (the default) or, with a Finnish provider, the claim holding
	// the national identity number, e.g. "personal_identity_code" or
	// "urn:oid:1.2.246.21". Only its keyed hash is kept.
	SubjectClaim string
	// Key keys the subject's hash: a server secret of at least 16 bytes,
	// the same on every node and kept for good (a new key makes every
	// identified person new).
	Key []byte
	// FlowTTL is how long a started identification may take; default 10
	// minutes.
	FlowTTL    time.Duration
	HTTPClient *http.Client     // for the provider's endpoints; nil is http.DefaultClient
	Now        func() time.Time // nil is time.Now
}

// Provider runs identifications with one OpenID Connect provider.
type Provider struct {
	cfg      Config
	oauth    oauth2.Config
	verifier *oidc.IDTokenVerifier
}

// New reads the provider's discovery document and returns a Provider.
func New(ctx context.Context, cfg Config) (*Provider, error) {
	if cfg.Issuer == "" || cfg.ClientID == "" || cfg.RedirectURL == "" {
		return nil, fmt.Errorf("identity: issuer, client ID and redirect URL are required")
	}
	if len(cfg.Key) < 16 {
		return nil, fmt.Errorf("identity: the subject hash key must be at least 16 bytes")
	}
	if cfg.SubjectClaim == "" {
		cfg.SubjectClaim = "sub"
	}
	if cfg.FlowTTL <= 0 {
		cfg.FlowTTL = 10 * time.Minute
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.HTTPClient == nil {
		cfg.HTTPClient = http.DefaultClient
	}
	if len(cfg.Scopes) == 0 {
		cfg.Scopes = []string{"profile"}
	}
	op, err := oidc.NewProvider(oidc.ClientContext(ctx, cfg.HTTPClient), cfg.Issuer)
	if err != nil {
		return nil, fmt.Errorf("identity: discover %s: %w", cfg.Issuer, err)
	}
	return &Provider{
		cfg: cfg,
		oauth: oauth2.Config{
			ClientID: cfg.ClientID, ClientSecret: cfg.ClientSecret, RedirectURL: cfg.RedirectURL,
			Endpoint: op.Endpoint(), Scopes: append([]string{oidc.ScopeOpenID}, cfg.Scopes...),
		},
		verifier: op.Verifier(&oidc.Config{ClientID: cfg.ClientID, Now: cfg.Now}),
	}, nil
}

// Flow is one identification in progress: the secrets the callback is
// checked against. State goes to the provider and comes back; Nonce comes
// back inside the signed ID token; Verifier proves at the token endpoint
// that the code is redeemed by whoever started the flow (PKCE).
type Flow struct {
	State    string
	Nonce    string
	Verifier string
	Started  time.Time
}

// Start begins an identification: it returns the provider's URL to
// redirect the browser to, and the Flow to keep for the callback.
func (p *Provider) Start() (string, Flow) {
	f := Flow{State: random(), Nonce: random(), Verifier: oauth2.GenerateVerifier(), Started: p.cfg.Now()}
	u := p.oauth.AuthCodeURL(f.State, oidc.Nonce(f.Nonce), oauth2.S256ChallengeOption(f.Verifier))
	return u, f
}

func random() string {
	b := make([]byte, 32)
	rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}

// failed is the error for every failed identification: the person is
// told to try again; the reason is for the log.
func failed(format string, args ...any) error {
	return &library.Error{Code: library.EUNAUTHORIZED, Key: "error.identity_failed", Message: fmt.Sprintf(format, args...)}
}

// claims are the standard OpenID Connect claims the library reads.
type claims struct {
	FamilyName string `json:"family_name"`
	GivenName  string `json:"given_name"`
	Birthdate  string `json:"birthdate"`
}

// Finish completes an identification from the callback's query: it
// checks the state, exchanges the code (with the PKCE verifier), verifies
// the ID token and its nonce, and maps the claims. Every failure is
// EUNAUTHORIZED "error.identity_failed"; a flow older than FlowTTL is
// EUNAUTHORIZED "error.identity_expired".
func (p *Provider) Finish(ctx context.Context, f Flow, callback url.Values) (library.StrongIdentity, error) {
	var id library.StrongIdentity
	if f.State == "" || subtle.ConstantTimeCompare([]byte(callback.Get("state")), []byte(f.State)) != 1 {
		return id, failed("identity: state does not match")
	}
	if p.cfg.Now().Sub(f.Started) > p.cfg.FlowTTL {
		return id, &library.Error{Code: library.EUNAUTHORIZED, Key: "error.identity_expired", Message: "identity: flow expired"}
	}
	if e := callback.Get("error"); e != "" {
		return id, failed("identity: provider refused: %s %s", e, callback.Get("error_description"))
	}
	code := callback.Get("code")
	if code == "" {
		return id, failed("identity: no code")
	}
	ctx = oidc.ClientContext(ctx, p.cfg.HTTPClient)
	tok, err := p.oauth.Exchange(ctx, code, oauth2.VerifierOption(f.Verifier))
	if err != nil {
		return id, failed("identity: exchange code: %v", err)
	}
	raw, _ := tok.Extra("id_token").(string)
	if raw == "" {
		return id, failed("identity: no ID token")
	}
	token, err := p.verifier.Verify(ctx, raw)
	if err != nil {
		return id, failed("identity: verify ID token: %v", err)
	}
	if f.Nonce == "" || subtle.ConstantTimeCompare([]byte(token.Nonce), []byte(f.Nonce)) != 1 {
		return id, failed("identity: nonce does not match")
	}
	var c claims
	all := map[string]any{}
	if err := token.Claims(&c); err != nil {
		return id, failed("identity: claims: %v", err)
	}
	if err := token.Claims(&all); err != nil {
		return id, failed("identity: claims: %v", err)
	}
	subject, _ := all[p.cfg.SubjectClaim].(string)
	if subject == "" {
		return id, failed("identity: no %s claim", p.cfg.SubjectClaim)
	}
	id.SubjectHash = p.subjectHash(token.Issuer, subject)
	id.FamilyName, id.GivenNames = strings.TrimSpace(c.FamilyName), strings.TrimSpace(c.GivenName)
	if id.FamilyName == "" || id.GivenNames == "" {
		return id, failed("identity: no family_name or given_name claim")
	}
	if c.Birthdate != "" {
		if id.BirthDate, err = library.ParseDate(c.Birthdate); err != nil {
			return id, failed("identity: birthdate %q", c.Birthdate)
		}
	} else if d, ok := hetuBirthDate(subject); ok {
		id.BirthDate = d
	}
	return id, nil
}

// subjectHash keys the subject with the issuer, so that two providers'
// subjects never collide, under the server's key.
func (p *Provider) subjectHash(issuer, subject string) string {
	m := hmac.New(sha256.New, p.cfg.Key)
	m.Write([]byte(issuer + "\x00" + subject))
	return hex.EncodeToString(m.Sum(nil))
}

// hetuBirthDate reads the birth date of a Finnish personal identity code
// (DDMMYYCZZZQ, the century sign C), when s is one and its check
// character is right.
func hetuBirthDate(s string) (library.Date, bool) {
	if len(s) != 11 {
		return library.Date{}, false
	}
	century := map[byte]int{'+': 1800, '-': 1900, 'Y': 1900, 'X': 1900, 'W': 1900, 'V': 1900, 'U': 1900,
		'A': 2000, 'B': 2000, 'C': 2000, 'D': 2000, 'E': 2000, 'F': 2000}[s[6]]
	var n int
	for i, c := range s[:10] {
		if i == 6 {
			continue
		}
		if c < '0' || c > '9' {
			return library.Date{}, false
		}
		n = n*10 + int(c-'0')
	}
	if century == 0 || "0123456789ABCDEFHJKLMNPRSTUVWXY"[n%31] != s[10] {
		return library.Date{}, false
	}
	dd, mm, yy := n/10_000_000, n/100_000%100, n/1_000%100
	d := library.Date{Year: century + yy, Month: time.Month(mm), Day: dd}
	if library.DateOf(time.Date(d.Year, d.Month, d.Day, 12, 0, 0, 0, time.UTC)) != d {
		return library.Date{}, false
	}
	return d, true
}
