package main

import (
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/kirjasto/kirjasto/internal/demo"
	"github.com/kirjasto/kirjasto/internal/store/storetest"
)

// apiCall sends a request to the running binary as an app would: with a
// JSON body and a bearer token when given.
func (s *server) apiCall(t *testing.T, method, path, token, body string) (int, string) {
	t.Helper()
	req, err := http.NewRequest(method, s.url+path, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, string(b)
}

// TestAppSignsIn plays an app against the demo: it reads the OpenAPI
// document, signs a demo patron in for a token, reads their account with
// it, and signs out, after which the token is refused.
func TestAppSignsIn(t *testing.T) {
	for _, dialect := range storetest.Dialects {
		t.Run(dialect, func(t *testing.T) {
			s := start(t, append([]string{"demo", "--addr", "127.0.0.1:0", "--records", "2000", "--seed", "7"}, dbArgs(t, dialect)...)...)
			var doc struct {
				OpenAPI string         `json:"openapi"`
				Paths   map[string]any `json:"paths"`
			}
			s.getJSON(t, "/api/openapi.json", &doc)
			if doc.OpenAPI != "3.1.0" || doc.Paths["/api/v1/tokens"] == nil {
				t.Errorf("openapi %q without /api/v1/tokens", doc.OpenAPI)
			}

			patrons, _ := demo.Patrons(7)
			p := patrons[0]
			code, body := s.apiCall(t, "POST", "/api/v1/tokens", "", `{"card": "`+p.CardNumber+`", "pin": "`+p.PIN+`", "name": "e2e"}`)
			if code != http.StatusCreated {
				t.Fatalf("POST /api/v1/tokens: %d %s", code, body)
			}
			var tok struct{ Token string }
			if err := json.Unmarshal([]byte(body), &tok); err != nil || tok.Token == "" {
				t.Fatalf("token answer %s: %v", body, err)
			}

			code, body = s.apiCall(t, "GET", "/api/v1/account", tok.Token, "")
			var acct struct {
				CardNumber string `json:"card_number"`
			}
			json.Unmarshal([]byte(body), &acct)
			if code != http.StatusOK || acct.CardNumber != p.CardNumber {
				t.Errorf("GET /api/v1/account with the token: %d %s", code, body)
			}
			code, body = s.apiCall(t, "GET", "/api/v1/account/loans?limit=1", tok.Token, "")
			if code != http.StatusOK || !strings.Contains(body, `"total"`) {
				t.Errorf("GET /api/v1/account/loans?limit=1: %d %s", code, body)
			}

			if code, body := s.apiCall(t, "DELETE", "/api/v1/tokens/current", tok.Token, ""); code != http.StatusNoContent {
				t.Errorf("DELETE /api/v1/tokens/current: %d %s", code, body)
			}
			if code, _ := s.apiCall(t, "GET", "/api/v1/account", tok.Token, ""); code != http.StatusUnauthorized {
				t.Errorf("after signing out: %d, want 401", code)
			}
		})
	}
}
