package identity_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
	"github.com/oauth2-proxy/mockoidc"

	"github.com/kirjasto/kirjasto/internal/identity"
	"github.com/kirjasto/kirjasto/internal/library"
)

// person is a user of the test provider, with the claims a Finnish
// identification broker gives.
type person struct {
	sub, pic, family, given, birthdate string
}

func (u person) ID() string { return u.sub }

func (u person) Userinfo([]string) ([]byte, error) {
	return json.Marshal(map[string]string{"sub": u.sub})
}

type personClaims struct {
	*mockoidc.IDTokenClaims
	FamilyName string `json:"family_name,omitempty"`
	GivenName  string `json:"given_name,omitempty"`
	Birthdate  string `json:"birthdate,omitempty"`
	PIC        string `json:"personal_identity_code,omitempty"`
}

func (u person) Claims(_ []string, base *mockoidc.IDTokenClaims) (jwt.Claims, error) {
	return &personClaims{IDTokenClaims: base, FamilyName: u.family, GivenName: u.given, Birthdate: u.birthdate, PIC: u.pic}, nil
}

var aino = person{sub: "opaque-1", pic: "131052-308T", family: "Virtanen", given: "Aino Maria"}

// clock is a test clock the provider's checks read.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) now() time.Time      { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) add(d time.Duration) { c.mu.Lock(); c.t = c.t.Add(d); c.mu.Unlock() }

// setup starts a real OpenID Connect provider (mockoidc) and returns it
// with a Provider configured for it.
func setup(t *testing.T, redirect string) (*mockoidc.MockOIDC, *identity.Provider, *clock) {
	t.Helper()
	m, err := mockoidc.Run()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { m.Shutdown() })
	c := &clock{t: time.Now()}
	p, err := identity.New(context.Background(), identity.Config{
		Issuer: m.Issuer(), ClientID: m.ClientID, ClientSecret: m.ClientSecret, RedirectURL: redirect,
		SubjectClaim: "personal_identity_code", Key: []byte("a test key of some length"), Now: c.now,
	})
	if err != nil {
		t.Fatal(err)
	}
	return m, p, c
}

// authorize sends the browser to the provider's authorization URL and
// returns the query the provider redirects back with.
func authorize(t *testing.T, authURL string) url.Values {
	t.Helper()
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := client.Get(authURL)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusFound {
		t.Fatalf("authorize: %s", resp.Status)
	}
	loc, err := url.Parse(resp.Header.Get("Location"))
	if err != nil {
		t.Fatal(err)
	}
	return loc.Query()
}

// TestFlowOverHTTP runs a whole identification as a browser would: the
// library's start page redirects to the provider, the provider back to
// the library's callback with a code, which the library exchanges for a
// verified ID token. The flow is kept server-side under a cookie.
func TestFlowOverHTTP(t *testing.T) {
	var p *identity.Provider
	var mu sync.Mutex
	flows := map[string]identity.Flow{}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /start", func(w http.ResponseWriter, r *http.Request) {
		u, f := p.Start()
		mu.Lock()
		flows[f.State] = f
		mu.Unlock()
		http.SetCookie(w, &http.Cookie{Name: "flow", Value: f.State, HttpOnly: true})
		http.Redirect(w, r, u, http.StatusFound)
	})
	mux.HandleFunc("GET /callback", func(w http.ResponseWriter, r *http.Request) {
		ck, err := r.Cookie("flow")
		if err != nil {
			http.Error(w, "no flow", http.StatusBadRequest)
			return
		}
		mu.Lock()
		f := flows[ck.Value]
		delete(flows, ck.Value) // a flow is used once
		mu.Unlock()
		id, err := p.Finish(r.Context(), f, r.URL.Query())
		if err != nil {
			http.Error(w, library.ErrorKey(err), http.StatusUnauthorized)
			return
		}
		json.NewEncoder(w).Encode(id)
	})
	app := httptest.NewServer(mux)
	defer app.Close()
	m, prov, _ := setup(t, app.URL+"/callback")
	p = prov
	m.QueueUser(aino)

	jar, _ := cookiejar.New(nil)
	resp, err := (&http.Client{Jar: jar}).Get(app.URL + "/start")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("flow: %s", resp.Status)
	}
	var got library.StrongIdentity
	if err := json.NewDecoder(resp.Body).Decode(&got); err != nil {
		t.Fatal(err)
	}
	want := library.StrongIdentity{FamilyName: "Virtanen", GivenNames: "Aino Maria", BirthDate: library.Date{Year: 1952, Month: 10, Day: 13}}
	hash := got.SubjectHash
	got.SubjectHash = ""
	if got != want {
		t.Errorf("identity %+v, want %+v", got, want)
	}
	// Only a hash of the identity number is kept.
	if len(hash) != 64 || strings.Contains(hash, "131052") {
		t.Errorf("subject hash %q", hash)
	}

	// The same person again has the same hash.
	m.QueueUser(aino)
	resp2, err := (&http.Client{Jar: jar}).Get(app.URL + "/start")
	if err != nil {
		t.Fatal(err)
	}
	var again library.StrongIdentity
	json.NewDecoder(resp2.Body).Decode(&again)
	resp2.Body.Close()
	if again.SubjectHash != hash {
		t.Errorf("same person, hash %s then %s", hash, again.SubjectHash)
	}
}

func TestFinishRefusals(t *testing.T) {
	const redirect = "http://127.0.0.1:1/callback"
	ctx := context.Background()
	for _, tt := range []struct {
		name string
		// run starts a flow, meddles, and finishes it.
		run  func(t *testing.T, m *mockoidc.MockOIDC, p *identity.Provider, c *clock) error
		key  string
		why  string
		user *person // who signs in; nil is aino
	}{
		{"wrong state", func(t *testing.T, m *mockoidc.MockOIDC, p *identity.Provider, c *clock) error {
			u, f := p.Start()
			q := authorize(t, u)
			_, other := p.Start()
			if _, err := p.Finish(ctx, other, q); err == nil { // the callback of another browser's flow
				return nil
			}
			q.Set("state", "forged")
			_, err := p.Finish(ctx, f, q)
			return err
		}, "error.identity_failed", "state", nil},
		{"wrong nonce", func(t *testing.T, m *mockoidc.MockOIDC, p *identity.Provider, c *clock) error {
			u, f := p.Start()
			parsed, _ := url.Parse(u)
			v := parsed.Query()
			v.Set("nonce", "replayed-nonce")
			parsed.RawQuery = v.Encode()
			_, err := p.Finish(ctx, f, authorize(t, parsed.String()))
			return err
		}, "error.identity_failed", "nonce", nil},
		{"expired token", func(t *testing.T, m *mockoidc.MockOIDC, p *identity.Provider, c *clock) error {
			u, f := p.Start()
			q := authorize(t, u)
			c.add(m.AccessTTL + time.Minute) // the ID token lives AccessTTL
			f.Started = c.now()              // the flow itself is young
			_, err := p.Finish(ctx, f, q)
			return err
		}, "error.identity_failed", "expired", nil},
		{"expired flow", func(t *testing.T, m *mockoidc.MockOIDC, p *identity.Provider, c *clock) error {
			u, f := p.Start()
			q := authorize(t, u)
			c.add(11 * time.Minute)
			_, err := p.Finish(ctx, f, q)
			return err
		}, "error.identity_expired", "expired", nil},
		{"wrong PKCE verifier", func(t *testing.T, m *mockoidc.MockOIDC, p *identity.Provider, c *clock) error {
			u, f := p.Start()
			q := authorize(t, u)
			_, g := p.Start()
			f.Verifier = g.Verifier
			_, err := p.Finish(ctx, f, q)
			return err
		}, "error.identity_failed", "exchange", nil},
		{"code used twice", func(t *testing.T, m *mockoidc.MockOIDC, p *identity.Provider, c *clock) error {
			u, f := p.Start()
			q := authorize(t, u)
			if _, err := p.Finish(ctx, f, q); err != nil {
				t.Fatalf("first use: %v", err)
			}
			_, err := p.Finish(ctx, f, q)
			return err
		}, "error.identity_failed", "exchange", nil},
		{"provider refused", func(t *testing.T, m *mockoidc.MockOIDC, p *identity.Provider, c *clock) error {
			_, f := p.Start()
			_, err := p.Finish(ctx, f, url.Values{"state": {f.State}, "error": {"access_denied"}})
			return err
		}, "error.identity_failed", "access_denied", nil},
		{"no name", func(t *testing.T, m *mockoidc.MockOIDC, p *identity.Provider, c *clock) error {
			u, f := p.Start()
			_, err := p.Finish(ctx, f, authorize(t, u))
			return err
		}, "error.identity_failed", "family_name", &person{sub: "x", pic: "131052-308T"}},
		{"no subject claim", func(t *testing.T, m *mockoidc.MockOIDC, p *identity.Provider, c *clock) error {
			u, f := p.Start()
			_, err := p.Finish(ctx, f, authorize(t, u))
			return err
		}, "error.identity_failed", "personal_identity_code", &person{sub: "x", family: "A", given: "B"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			m, p, c := setup(t, redirect)
			u := aino
			if tt.user != nil {
				u = *tt.user
			}
			for range 3 {
				m.QueueUser(u)
			}
			err := tt.run(t, m, p, c)
			if err == nil {
				t.Fatal("identified")
			}
			if library.ErrorKey(err) != tt.key || library.ErrorCode(err) != library.EUNAUTHORIZED || !strings.Contains(err.Error(), tt.why) {
				t.Errorf("error %v (key %s), want %s for %q", err, library.ErrorKey(err), tt.key, tt.why)
			}
		})
	}
}

func TestBirthDateClaimAndKey(t *testing.T) {
	ctx := context.Background()
	m, p, _ := setup(t, "http://127.0.0.1:1/callback")
	// A birthdate claim wins over the identity code's date; a subject
	// that is no identity code gives no date.
	m.QueueUser(person{sub: "s", pic: "131052-308T", family: "A", given: "B", birthdate: "1952-10-14"})
	m.QueueUser(person{sub: "s", pic: "not-a-code", family: "A", given: "B"})
	u, f := p.Start()
	id, err := p.Finish(ctx, f, authorize(t, u))
	if err != nil || id.BirthDate != (library.Date{Year: 1952, Month: 10, Day: 14}) {
		t.Errorf("birthdate claim: %+v, %v", id, err)
	}
	first := id.SubjectHash
	u, f = p.Start()
	id, err = p.Finish(ctx, f, authorize(t, u))
	if err != nil || id.BirthDate != (library.Date{}) || id.SubjectHash == first {
		t.Errorf("no identity code: %+v, %v", id, err)
	}

	// Another key, another hash: the hash is useless without the server's key.
	m2, err := identity.New(ctx, identity.Config{Issuer: m.Issuer(), ClientID: m.ClientID, ClientSecret: m.ClientSecret,
		RedirectURL: "http://127.0.0.1:1/callback", SubjectClaim: "personal_identity_code", Key: []byte("another key of some length")})
	if err != nil {
		t.Fatal(err)
	}
	m.QueueUser(aino)
	m.QueueUser(aino)
	u, f = p.Start()
	a, err := p.Finish(ctx, f, authorize(t, u))
	if err != nil {
		t.Fatal(err)
	}
	u, f = m2.Start()
	b, err := m2.Finish(ctx, f, authorize(t, u))
	if err != nil {
		t.Fatal(err)
	}
	if a.SubjectHash == b.SubjectHash {
		t.Error("two keys give the same hash")
	}
	if _, err := identity.New(ctx, identity.Config{Issuer: m.Issuer(), ClientID: "c", RedirectURL: "r", Key: []byte("short")}); err == nil {
		t.Error("a short key accepted")
	}
}
