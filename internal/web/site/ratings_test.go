package site

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/kirjasto/kirjasto/internal/web/webtest"
)

func TestRatingForm(t *testing.T) {
	webtest.ForEachCircEnv(t, func(t *testing.T, e *webtest.CircEnv) {
		path := e.RecordPath("(TEST)1")
		_, saga := e.NewPatron(t, "2000", "Lindqvist, Saga", "hki-oodi")
		rate := func(cookie string, form url.Values) *http.Response {
			t.Helper()
			resp, _ := e.Do(t, "POST", path+"/rating", form, cookie)
			return resp
		}
		if resp := rate(e.AsPatron("en"), url.Values{"stars": {"5"}}); resp.StatusCode != http.StatusSeeOther ||
			resp.Header.Get("Location") != path+"#rating" {
			t.Fatalf("rate: %d to %q", resp.StatusCode, resp.Header.Get("Location"))
		}
		rate("Cookie: "+saga+"; lang=en", url.Values{"stars": {"4"}})
		rp := apiRecord(t, e.Env, "(TEST)1")
		if rp.Rating == nil || rp.Rating.Average != 4.5 || rp.Rating.Count != 2 {
			t.Errorf("API rating = %+v, want 4.5 from 2", rp.Rating)
		}
		// Change, then the page shows the patron's own stars checked.
		rate(e.AsPatron("en"), url.Values{"stars": {"3"}})
		_, body := e.Do(t, "GET", path, nil, e.AsPatron("fi"))
		if !strings.Contains(body, `value="3" checked`) {
			t.Error("own rating not checked in the form")
		}
		if want := e.Bundle.N("fi", "ratings.average", 2, map[string]any{"Average": "3,5", "Count": 2}); !strings.Contains(body, webtest.HTMLText(want)) {
			t.Errorf("record page: no %q", want)
		}
		// Everyone sees the average, with a way to sign in to rate.
		_, body = e.Do(t, "GET", path, nil, "Cookie: lang=en")
		if want := e.Bundle.N("en", "ratings.average", 2, map[string]any{"Average": "3.5", "Count": 2}); !strings.Contains(body, webtest.HTMLText(want)) {
			t.Errorf("record page signed out: no %q", want)
		}
		if !strings.Contains(body, "/signin?next=%2Frecords%2F") {
			t.Error("record page signed out: no sign-in link for rating")
		}
		// Remove.
		rate(e.AsPatron("en"), url.Values{"remove": {"1"}})
		if rp := apiRecord(t, e.Env, "(TEST)1"); rp.Rating == nil || rp.Rating.Average != 4 || rp.Rating.Count != 1 {
			t.Errorf("after removing: %+v, want 4 from 1", rp.Rating)
		}
		// Out of range is 400, with the reason, and changes nothing.
		for _, stars := range []string{"0", "6", "-1", "x", ""} {
			resp, body := e.Do(t, "POST", path+"/rating", url.Values{"stars": {stars}}, e.AsPatron("en"))
			if resp.StatusCode != http.StatusBadRequest || !strings.Contains(body, webtest.HTMLText(e.Msg("en", "ratings.error.range"))) {
				t.Errorf("stars %q: %d, want 400 with the reason", stars, resp.StatusCode)
			}
		}
		if rp := apiRecord(t, e.Env, "(TEST)1"); rp.Rating.Count != 1 {
			t.Errorf("after refused ratings: %+v", rp.Rating)
		}
		resp, _ := e.Do(t, "POST", "/records/999999/rating", url.Values{"stars": {"3"}}, e.AsPatron("en"))
		if resp.StatusCode != http.StatusNotFound {
			t.Errorf("rating a missing record: %d, want 404", resp.StatusCode)
		}
	})
}
