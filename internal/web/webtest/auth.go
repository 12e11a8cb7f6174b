package webtest

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/kirjasto/kirjasto/internal/auth"
	"github.com/kirjasto/kirjasto/internal/auth/authtest"
	"github.com/kirjasto/kirjasto/internal/library"
	"github.com/kirjasto/kirjasto/internal/search"
	"github.com/kirjasto/kirjasto/internal/store"
	"github.com/kirjasto/kirjasto/internal/store/storetest"
	"github.com/kirjasto/kirjasto/internal/web"
)

// TestCard and TestPIN sign in AuthEnv's patron.
const (
	TestCard = "27000000000001"
	TestPIN  = "1234"
)

// AuthEnv is a server with sign-in on a real store.
type AuthEnv struct {
	DB     *store.DB
	Srv    *web.Server
	Now    time.Time
	Patron library.Patron
	config web.Config // Srv's, for Reconfigure
}

// NewAuthEnv returns a server with sign-in on db, with ac, a patron with
// TestCard and TestPIN, and staff at Sello.
func NewAuthEnv(t *testing.T, db *store.DB, ac web.AuthConfig) *AuthEnv {
	t.Helper()
	ctx := context.Background()
	db.SetAccountConfig(store.AccountConfig{Hasher: auth.NewHasher([]byte("pepper"), auth.TestParams)})
	c := Consortium()
	if err := db.PutConsortium(ctx, c); err != nil {
		t.Fatal(err)
	}
	p, err := db.CreatePatron(ctx, library.Patron{CardNumber: TestCard, Name: "Virtanen, Aino", Email: "aino@example.org",
		Lang: "en", HomeLibrary: c.Libraries[0].ID}, TestPIN)
	if err != nil {
		t.Fatal(err)
	}
	// Staff of the patron's own city.
	if _, err := db.CreateStaff(ctx, library.Staff{Username: "desk", Name: "Desk", Branch: "esp-sello"}, "desk password"); err != nil {
		t.Fatal(err)
	}
	if ac.Limiter == nil {
		ac.Limiter = auth.NewLimiter(time.Second, 1000, 100) // out of the way unless a test wants it
	}
	e := &AuthEnv{DB: db, Now: Now, Patron: p}
	e.config = web.Config{Store: db, Search: search.New(search.Config{}), Patrons: db, Auth: ac,
		Now: func() time.Time { return e.Now }, Broker: NewBroker(t, db)}
	e.Srv, err = NewServer(e.config)
	if err != nil {
		t.Fatal(err)
	}
	return e
}

// Reconfigure replaces the environment's server by one whose
// configuration change has changed, on the same store and clock.
func (e *AuthEnv) Reconfigure(t testing.TB, change func(*web.Config)) {
	t.Helper()
	cfg := e.config
	change(&cfg)
	srv, err := NewServer(cfg)
	if err != nil {
		t.Fatal(err)
	}
	e.Srv = srv
}

// ForEachAuthEnv runs fn on a fresh AuthEnv on each test database.
func ForEachAuthEnv(t *testing.T, ac web.AuthConfig, fn func(t *testing.T, e *AuthEnv)) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) { fn(t, NewAuthEnv(t, db, ac)) })
}

// Browser keeps cookies between requests, like a browser on this site.
type Browser struct {
	Env     *AuthEnv
	Cookies map[string]*http.Cookie
}

// Browser returns a browser with no cookies yet.
func (e *AuthEnv) Browser() *Browser { return &Browser{Env: e, Cookies: map[string]*http.Cookie{}} }

// Do sends a request; form, when not nil, is POSTed. Headers are
// "Name: value". The response's body is returned read.
func (b *Browser) Do(t *testing.T, method, path string, form url.Values, headers ...string) (*http.Response, string) {
	t.Helper()
	req := newRequest(method, path, form)
	req.Header.Set("Accept-Language", "en")
	for _, h := range headers {
		k, v, _ := strings.Cut(h, ": ")
		req.Header.Set(k, v)
	}
	for _, c := range b.Cookies {
		req.AddCookie(c)
	}
	rec := httptest.NewRecorder()
	b.Env.Srv.Handler().ServeHTTP(rec, req)
	res := rec.Result()
	for _, c := range res.Cookies() {
		if c.MaxAge < 0 {
			delete(b.Cookies, c.Name)
		} else {
			b.Cookies[c.Name] = c
		}
	}
	return res, WithoutBdi(rec.Body.String())
}

// SignIn signs in as a patron through the sign-in form.
func (b *Browser) SignIn(t *testing.T, card, pin string) (*http.Response, string) {
	t.Helper()
	return b.Do(t, "POST", "/signin", url.Values{"card": {card}, "pin": {pin}, "next": {"/account/profile"}})
}

// PostToken asks for a token with a JSON body and returns the answer.
func (b *Browser) PostToken(t *testing.T, body string, headers ...string) (*http.Response, string) {
	t.Helper()
	req := httptest.NewRequest("POST", "http://kirjasto.test/api/v1/tokens", strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept-Language", "en")
	for _, h := range headers {
		k, v, _ := strings.Cut(h, ": ")
		req.Header.Set(k, v)
	}
	rec := httptest.NewRecorder()
	b.Env.Srv.Handler().ServeHTTP(rec, req)
	return rec.Result(), WithoutBdi(rec.Body.String())
}

// Watch gives the env's store a hasher like newAuthEnv's whose checks the
// returned gate counts and lines up.
func (e *AuthEnv) Watch() *authtest.Gate {
	h := auth.NewHasher([]byte("pepper"), auth.TestParams)
	e.DB.SetAccountConfig(store.AccountConfig{Hasher: h})
	return authtest.Watch(h)
}

// OutcomeOf names the message an attempt was answered with by its key:
// the lock's as it reads right after locking, with 15 minutes left.
func (e *AuthEnv) OutcomeOf(msg string) string {
	for _, k := range []string{"error.signin_failed", "error.signin_busy"} {
		if msg == e.Srv.I18n().T("en", k, nil) {
			return k
		}
	}
	if msg == e.Srv.I18n().N("en", "error.card_locked", 15, nil) {
		return "error.card_locked"
	}
	return "unexpected: " + msg
}

// PostThenGet posts a form, wants a redirect (303) and follows it.
func (b *Browser) PostThenGet(t *testing.T, path string, form url.Values) (string, string) {
	t.Helper()
	resp, _ := b.Do(t, "POST", path, form)
	loc := resp.Header.Get("Location")
	if resp.StatusCode != http.StatusSeeOther || loc == "" {
		t.Fatalf("POST %s: %d to %q, want 303 and a page to see", path, resp.StatusCode, loc)
	}
	resp, body := b.Do(t, "GET", loc, nil)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("GET %s after POST %s: %d", loc, path, resp.StatusCode)
	}
	return loc, body
}
