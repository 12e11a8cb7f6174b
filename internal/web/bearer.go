package web

import (
	"fmt"
	"net/http"
	"strings"

	"github.com/kirjasto/kirjasto/internal/library"
)

// API tokens: a patron known by the token in an Authorization header.

// Bearer returns the token of a request's "Authorization: Bearer" header,
// and whether the request has an Authorization header at all.
func Bearer(r *http.Request) (token string, has bool) {
	h := r.Header.Get("Authorization")
	if h == "" {
		return "", false
	}
	scheme, token, _ := strings.Cut(strings.TrimSpace(h), " ")
	if !strings.EqualFold(scheme, "Bearer") {
		return "", true
	}
	return strings.TrimSpace(token), true
}

// Tokens returns the store's API tokens, which the store behind Patrons
// also keeps.
func (s *Server) Tokens() (library.APITokens, error) {
	t, ok := s.Patrons().(library.APITokens)
	if !ok {
		return nil, library.Errorf(library.EINTERNAL, "the patron store keeps no API tokens")
	}
	return t, nil
}

// BearerPatron returns the patron of an API request's bearer token. ok is
// false for an unknown, expired or revoked token; isBearer is false when
// the request is not the API's or has no Authorization header, so that its
// session cookie decides.
func (s *Server) BearerPatron(r *http.Request) (p library.Patron, ok, isBearer bool) {
	token, has := Bearer(r)
	if !has || !IsAPI(r) {
		return p, false, false
	}
	ts, err := s.Tokens()
	if err != nil || token == "" {
		return p, false, true
	}
	t, err := ts.APITokenByValue(r.Context(), token, s.Now())
	if err != nil {
		if !signedOut(err) {
			// The database out of reach: a 503, not a 401 that would
			// make the app forget a good token.
			lookupWho(r).err = fmt.Errorf("api token lookup: %w", err)
		}
		return p, false, true
	}
	p, err = s.Patrons().Patron(r.Context(), t.PatronID)
	if err != nil && !signedOut(err) {
		lookupWho(r).err = fmt.Errorf("api token's patron: %w", err)
	}
	if err != nil || !p.ClosedAt.IsZero() {
		return p, false, true
	}
	lookupWho(r).tokenID = t.ID
	return p, true, true
}

// CurrentTokenID returns the ID of the API token that the request's
// patron was signed in by, or 0 when it came with a session cookie.
func CurrentTokenID(r *http.Request) int64 { return lookupWho(r).tokenID }
