package elib

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/kirjasto/kirjasto/internal/library"
	"github.com/kirjasto/kirjasto/internal/web"
)

// Authentication for OPDS 1.0: the authentication document at
// /opds/auth, linked from every feed and sent with the 401 of a
// protected resource asked for without credentials. A reading app signs
// in with HTTP Basic (card number and PIN, counted by the sign-in's
// per-address limit and per-card lock-out like /signin and
// POST /api/v1/tokens) or with a bearer token the patron made on My
// Account's e-library page (the API's tokens, library.APITokens). Wrong
// credentials and dead tokens get a problem document (RFC 9457) in the
// request's language.

// tokenAuthType names the bearer-token flow in the authentication
// document; Authentication for OPDS lets a catalogue name its own flows
// with a URI, and this one says where the flow is described.
const tokenAuthType = "https://github.com/kirjasto/kirjasto/blob/main/docs/opds.md#bearer-tokens"

// appsAnchor is where My Account makes tokens for reading apps.
const appsAnchor = "/account/elib/apps"

// codeTooMany is the error code of a sign-in refused by the per-address
// limit: 429, which no domain code maps to.
const codeTooMany = "too_many_requests"

// errNoCredentials is a protected resource asked for without any: the
// answer is the authentication document, which tells the app how to
// sign in.
var errNoCredentials = errors.New("opds: no credentials")

type authLabels struct {
	Login    string `json:"login"`
	Password string `json:"password"`
}

type authFlow struct {
	Type   string      `json:"type"`
	Labels *authLabels `json:"labels,omitempty"`
	Links  []link      `json:"links,omitempty"`
}

type authDoc struct {
	ID             string     `json:"id"`
	Title          string     `json:"title"`
	Description    string     `json:"description"`
	Links          []link     `json:"links"`
	Authentication []authFlow `json:"authentication"`
}

// authDocument is the authentication document in the request's
// language.
func (s *server) authDocument(r *http.Request) authDoc {
	base, lang := s.baseURL(r), s.Lang(r)
	tr := func(key string) string { return s.I18n().T(lang, key, nil) }
	return authDoc{ID: base + opdsAuthPath, Title: tr("opds.auth.title"), Description: tr("opds.auth.description"),
		Links: []link{
			{Rel: "start", Href: base + opdsPath, Type: typeOPDS},
			{Rel: "help", Href: base + appsAnchor, Type: typeHTML},
			{Rel: "register", Href: base + "/signin", Type: typeHTML},
		},
		Authentication: []authFlow{
			{Type: "http://opds-spec.org/auth/basic", Labels: &authLabels{Login: tr("opds.auth.card"), Password: tr("opds.auth.pin")}},
			{Type: tokenAuthType, Links: []link{{Rel: "authenticate", Href: base + appsAnchor, Type: typeHTML, Title: tr("opds.auth.token")}}},
		}}
}

func (s *server) serveAuthDoc(w http.ResponseWriter, r *http.Request) error {
	writeOPDS(w, http.StatusOK, typeAuthDoc, s.authDocument(r))
	return nil
}

// challenge asks for either of the schemes a 401 accepts.
func challenge(w http.ResponseWriter) {
	w.Header().Add("WWW-Authenticate", `Basic realm="Kirjasto", charset="UTF-8"`)
	w.Header().Add("WWW-Authenticate", `Bearer realm="Kirjasto"`)
}

// problemDoc is an error as RFC 9457 words it.
type problemDoc struct {
	Type   string `json:"type"`
	Title  string `json:"title"`
	Status int    `json:"status"`
	Detail string `json:"detail"`
}

// opdsErrors answers h's errors as OPDS clients read them: the
// authentication document for missing credentials, a problem document
// for the rest, in the request's language. Only internal errors are
// logged.
func (s *server) opdsErrors(h web.HandlerFunc) web.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		err := h(w, r)
		if err == nil {
			return nil
		}
		web.NoStore(w)
		if errors.Is(err, errNoCredentials) {
			challenge(w)
			writeOPDS(w, http.StatusUnauthorized, typeAuthDoc, s.authDocument(r))
			return nil
		}
		lang := s.Lang(r)
		code := library.ErrorCode(err)
		status := web.HTTPStatus(code)
		if code == codeTooMany {
			status = http.StatusTooManyRequests
			web.SetRetryAfter(w, s.Auth().Limiter.RetryAfter(s.ClientIP(r), s.Now()))
		}
		if status == http.StatusInternalServerError {
			if s.LogFailure(r, "serving OPDS", err, "method", r.Method, "url", r.URL.String()) {
				return nil
			}
			code = library.EINTERNAL
		}
		key := library.ErrorKey(err)
		if status == http.StatusInternalServerError || !s.I18n().Has(lang, key) {
			key = "error." + code
		}
		if status == http.StatusUnauthorized {
			challenge(w)
		}
		web.LockRetryAfter(w, err)
		title := s.I18n().T(lang, "opds.problem."+code, nil)
		if !s.I18n().Has(lang, "opds.problem."+code) {
			title = http.StatusText(status)
		}
		writeOPDS(w, status, typeProblem, problemDoc{Type: "urn:kirjasto:error:" + key, Title: title,
			Status: status, Detail: s.ErrorMessage(lang, key, err)})
		return nil
	}
}

// opdsPatron runs h for the patron the request's credentials name; a
// request without any gets the authentication document.
func (s *server) opdsPatron(h web.PatronHandler) web.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		p, err := s.optionalPatron(r)
		if err != nil {
			return err
		}
		if p.ID == 0 {
			return errNoCredentials
		}
		web.NoStore(w)
		return h(w, r, p)
	}
}

// optionalPatron is the patron of the request's Authorization header,
// else of its session cookie (a signed-in browser reading the feed),
// else nobody (ID 0). Credentials that do not hold are an error even
// where none are needed, so that an app learns its token died.
func (s *server) optionalPatron(r *http.Request) (library.Patron, error) {
	h := r.Header.Get("Authorization")
	if h == "" {
		p, _ := s.CurrentPatron(r)
		return p, nil
	}
	if card, pin, ok := r.BasicAuth(); ok {
		return s.basicPatron(r, card, pin)
	}
	if token, _ := web.Bearer(r); token != "" {
		return s.tokenPatron(r, token)
	}
	return library.Patron{}, &library.Error{Code: library.EUNAUTHORIZED, Key: "opds.error.scheme",
		Message: "unsupported Authorization scheme"}
}

// badCredentials is the one answer to an unknown card and a wrong PIN.
func badCredentials(why string) error {
	return &library.Error{Code: library.EUNAUTHORIZED, Key: "opds.error.bad_credentials", Message: "opds basic: " + why}
}

// basicPatron checks a card number and PIN. A reading app sends them
// with every request; checking the PIN (argon2id) each time would be
// slow and would soon meet the sign-in limit, so a pair that held is
// remembered for basicTTL, under a keyed hash, never in the clear.
func (s *server) basicPatron(r *http.Request, card, pin string) (library.Patron, error) {
	card = strings.Join(strings.Fields(card), "")
	if card == "" || pin == "" {
		return library.Patron{}, badCredentials("empty card or pin")
	}
	now := s.Now()
	key := s.Pseudonym("opds basic", card+"\x00"+pin)
	if id, stamp, ok := s.basic.get(key, now); ok {
		// A PIN changed since ends what the old one opened, at once.
		if cur, err := s.pinStamp(r, id); err == nil && cur == stamp {
			return s.livePatron(r, id)
		}
		s.basic.forget(key)
	}
	if !s.Auth().Limiter.Allow(r.Context(), s.ClientIP(r), now) {
		return library.Patron{}, &library.Error{Code: codeTooMany, Key: "error.too_many_attempts", Message: "opds basic: rate limited"}
	}
	p, err := s.Patrons().Authenticate(r.Context(), card, pin, now)
	if err != nil {
		if library.ErrorCode(err) == library.EUNAUTHORIZED {
			return library.Patron{}, badCredentials(err.Error())
		}
		return library.Patron{}, err
	}
	if stamp, err := s.pinStamp(r, p.ID); err == nil {
		s.basic.put(key, p.ID, stamp, now)
	}
	return p, nil
}

// pinStamp is the fingerprint of the patron's PIN as stored (see
// store.DB.PINStamp); a store without one remembers nothing.
func (s *server) pinStamp(r *http.Request, patronID int64) (string, error) {
	st, ok := s.Store().(interface {
		PINStamp(ctx context.Context, patronID int64) (string, error)
	})
	if !ok {
		return "", errors.New("opds: the store keeps no PIN stamps")
	}
	return st.PINStamp(r.Context(), patronID)
}

// tokenPatron is the patron of a live bearer token.
func (s *server) tokenPatron(r *http.Request, token string) (library.Patron, error) {
	ts, err := s.Tokens()
	if err != nil {
		return library.Patron{}, err
	}
	t, err := ts.APITokenByValue(r.Context(), token, s.Now())
	if err != nil {
		if library.ErrorCode(err) == library.EUNAUTHORIZED {
			return library.Patron{}, &library.Error{Code: library.EUNAUTHORIZED, Key: "opds.error.token", Message: "opds bearer: " + err.Error()}
		}
		return library.Patron{}, err
	}
	return s.livePatron(r, t.PatronID)
}

// livePatron reads a patron whose account is still open.
func (s *server) livePatron(r *http.Request, id int64) (library.Patron, error) {
	p, err := s.Patrons().Patron(r.Context(), id)
	if library.ErrorCode(err) == library.ENOTFOUND || err == nil && !p.ClosedAt.IsZero() {
		return library.Patron{}, badCredentials("account closed")
	}
	return p, err
}

// basicTTL is how long a card number and PIN that held are taken on
// trust, while the PIN stays the one checked: a changed PIN shuts the
// old pair out at once (pinStamp), and so does a closed account
// (livePatron).
const basicTTL = 5 * time.Minute

// basicMax bounds the pairs remembered; when full, all are forgotten.
const basicMax = 10_000

// basicCache remembers card and PIN pairs that held, by keyed hash.
type basicCache struct {
	mu sync.Mutex
	m  map[string]basicEntry
}

type basicEntry struct {
	patronID int64
	stamp    string // the PIN's stamp when it was checked
	until    time.Time
}

func newBasicCache() *basicCache { return &basicCache{m: map[string]basicEntry{}} }

func (c *basicCache) get(key string, now time.Time) (int64, string, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.m[key]
	if !ok || !now.Before(e.until) {
		delete(c.m, key)
		return 0, "", false
	}
	return e.patronID, e.stamp, true
}

func (c *basicCache) put(key string, patronID int64, stamp string, now time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.m) >= basicMax {
		clear(c.m)
	}
	c.m[key] = basicEntry{patronID, stamp, now.Add(basicTTL)}
}

func (c *basicCache) forget(key string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	delete(c.m, key)
}
