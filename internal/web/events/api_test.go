package events

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/kirjasto/kirjasto/internal/library"
	"github.com/kirjasto/kirjasto/internal/web/webtest"
)

// api sends a JSON request, with a bearer token unless token is "".
func (p *pub) api(t *testing.T, method, path, body, token string) (int, map[string]any) {
	t.Helper()
	req := httptest.NewRequest(method, "http://kirjasto.test"+path, strings.NewReader(body))
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	w := httptest.NewRecorder()
	p.Srv.Handler().ServeHTTP(w, req)
	var v map[string]any
	if w.Body.Len() > 0 {
		if err := json.Unmarshal(w.Body.Bytes(), &v); err != nil {
			t.Fatalf("%s %s: %v\n%s", method, path, err, w.Body.String())
		}
	}
	return w.Code, v
}

// TestEventsAPI lists and filters events, reads one, signs a guest and a
// patron of a bearer token up, and cancels with the token.
func TestEventsAPI(t *testing.T) {
	webtest.ForEachCircEnv(t, func(t *testing.T, e *webtest.CircEnv) {
		p := newPub(t, e)
		evs := calendar(t, p)

		status, list := p.api(t, "GET", "/api/v1/events?lang=en&limit=2", "", "")
		if status != http.StatusOK || list["total"] != 4.0 || len(list["events"].([]any)) != 2 ||
			list["next"] != "/api/v1/events?lang=en&limit=2&offset=2" {
			t.Fatalf("list %d %v", status, list)
		}
		first := list["events"].([]any)[0].(map[string]any)
		if first["title"] != "Photo exhibition" || first["venue"] == "" || first["state"] != stateNone {
			t.Errorf("first event %v", first)
		}
		status, list = p.api(t, "GET", "/api/v1/events?lang=en&branch=esp-sello&audience=adults", "", "")
		if status != http.StatusOK || list["total"] != 1.0 {
			t.Errorf("filtered list %d %v", status, list)
		}
		for _, bad := range []string{"from=soon", "audience=pets", "limit=0", "offset=-1", "library=turku"} {
			if status, body := p.api(t, "GET", "/api/v1/events?"+bad, "", ""); status != http.StatusBadRequest || body["error"] == nil {
				t.Errorf("%s: %d %v", bad, status, body)
			}
		}

		status, one := p.api(t, "GET", "/api/v1/events/"+itoa(evs["story"].ID)+"?lang=en", "", "")
		if status != http.StatusOK || one["title"] != "Story time" || one["places_left"] != 2.0 || one["branch"] != "hki-oodi" ||
			!strings.Contains(one["description_html"].(string), "<em>little ones</em>") || one["start"] != "2026-11-30T08:00:00Z" {
			t.Errorf("one %d %v", status, one)
		}
		if status, _ := p.api(t, "GET", "/api/v1/events/"+itoa(evs["draft"].ID), "", ""); status != http.StatusNotFound {
			t.Errorf("the draft = %d", status)
		}

		// A guest signs up for two places; the event is then full.
		reg := "/api/v1/events/" + itoa(evs["story"].ID) + "/registrations"
		status, got := p.api(t, "POST", reg, `{"name": "Maija", "email": "maija@example.fi", "places": 2}`, "")
		if status != http.StatusCreated {
			t.Fatalf("guest sign-up %d %v", status, got)
		}
		r := got["registration"].(map[string]any)
		token, _ := r["token"].(string)
		if r["status"] != library.SignupRegistered || r["places"] != 2.0 || token == "" ||
			r["cancel_url"] != "http://kirjasto.test"+library.EventCancelPath(token) || got["event"].(map[string]any)["places_left"] != 0.0 {
			t.Errorf("guest sign-up %v", got)
		}
		// A patron of a bearer token goes on the waiting list.
		tok, err := e.DB.NewAPIToken(p.ctx, e.Patron.ID, "app", webtest.Now)
		if err != nil {
			t.Fatal(err)
		}
		status, got = p.api(t, "POST", reg, `{}`, tok.Token)
		if status != http.StatusCreated || got["registration"].(map[string]any)["status"] != library.SignupWaiting ||
			got["registration"].(map[string]any)["position"] != 1.0 {
			t.Errorf("patron sign-up %d %v", status, got)
		}
		status, mine := p.api(t, "GET", "/api/v1/account/events", "", tok.Token)
		if status != http.StatusOK || mine["total"] != 1.0 {
			t.Errorf("my events %d %v", status, mine)
		}
		// Refusals: a bad token is no guest; bad details; twice; not public.
		for _, c := range []struct {
			path, body, token string
			status            int
		}{
			{reg, `{"name": "Maija"}`, "", http.StatusBadRequest},
			{reg, `{"name": "Maija", "email": "maija@"}`, "", http.StatusBadRequest},
			{reg, `{"name": "Maija", "email": "maija@example.fi"}`, "", http.StatusConflict},
			{reg, `{"places": 9}`, tok.Token, http.StatusBadRequest},
			{reg, `{}`, "wrong", http.StatusUnauthorized},
			{reg, `{"name": `, "", http.StatusBadRequest},
			{"/api/v1/events/999999/registrations", `{"name": "A", "email": "a@example.fi"}`, "", http.StatusNotFound},
			{"/api/v1/events/" + itoa(evs["concert"].ID) + "/registrations", `{"name": "A", "email": "a@example.fi"}`, "", http.StatusBadRequest},
		} {
			if status, body := p.api(t, "POST", c.path, c.body, c.token); status != c.status || body["error"] == nil {
				t.Errorf("POST %s %s: %d %v, want %d", c.path, c.body, status, body, c.status)
			}
		}
		if status, _ := p.api(t, "GET", "/api/v1/account/events", "", ""); status != http.StatusUnauthorized {
			t.Errorf("my events without a sign-in = %d", status)
		}

		// The guest cancels with the token: the patron gets the places.
		if status, body := p.api(t, "DELETE", "/api/v1/events/registrations/"+token, "", ""); status != http.StatusNoContent {
			t.Errorf("cancel %d %v", status, body)
		}
		if status, _ := p.api(t, "DELETE", "/api/v1/events/registrations/"+token, "", ""); status != http.StatusConflict {
			t.Errorf("cancel again = %d, want 409", status)
		}
		if status, _ := p.api(t, "DELETE", "/api/v1/events/registrations/nosuchtoken", "", ""); status != http.StatusNotFound {
			t.Errorf("cancel an unknown token = %d, want 404", status)
		}
		_, mine = p.api(t, "GET", "/api/v1/account/events", "", tok.Token)
		if r := mine["events"].([]any)[0].(map[string]any)["registration"].(map[string]any); r["status"] != library.SignupRegistered {
			t.Errorf("the patron after the cancellation: %v", r)
		}
	})
}
