package account

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/kirjasto/kirjasto/internal/library"
	"github.com/kirjasto/kirjasto/internal/web/webtest"
)

func TestReserveForm(t *testing.T) {
	webtest.ForEachCircEnv(t, func(t *testing.T, e *webtest.CircEnv) {
		path := e.RecordPath("(TEST)1")
		_, body := e.Do(t, "GET", path, nil, "Cookie: lang=en")
		if !strings.Contains(body, `href="/signin?next=%2Frecords%2F`+strings.TrimPrefix(path, "/records/")+`%2Fhold"`) || strings.Contains(body, `action="`+path+`/hold"`) {
			t.Error("a visitor gets no sign-in link to reserve, or gets the form")
		}
		_, body = e.Do(t, "GET", path, nil, e.AsPatron("en"))
		if !strings.Contains(body, `action="`+path+`/hold"`) {
			t.Fatal("a signed-in patron gets no reserve form")
		}
		// The patron's preferred branch is chosen; all cities are there.
		if !strings.Contains(body, `<option value="esp-sello" selected>`) || !strings.Contains(body, `<optgroup label="Helsinki City Library">`) {
			t.Error("reserve form: preferred branch not chosen, or Helsinki missing")
		}
		// An e-book has nothing to wait for.
		_, body = e.Do(t, "GET", e.RecordPath("(TEST)2"), nil, e.AsPatron("en"))
		if strings.Contains(body, `id="reserve"`) {
			t.Error("an e-book offers to reserve")
		}
		// Form values get the limits URLs have.
		for _, branch := range []string{strings.Repeat("x", 300), "\xff"} {
			resp, _ := e.Do(t, "POST", path+"/hold", url.Values{"branch": {branch}}, e.AsPatron("en"))
			if resp.StatusCode != http.StatusBadRequest {
				t.Errorf("reserve for branch %q: status %d, want 400", branch, resp.StatusCode)
			}
		}
		if holds, _ := e.DB.Holds(context.Background(), e.Patron.ID); len(holds) != 0 {
			t.Errorf("a refused form placed holds: %+v", holds)
		}
		// Coming back from signing in lands on the form.
		resp, _ := e.Do(t, "GET", path+"/hold", nil, e.AsPatron("en"))
		if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != path+"#reserve" {
			t.Errorf("GET %s/hold: %d to %q", path, resp.StatusCode, resp.Header.Get("Location"))
		}
	})
}

// TestPlaceHold reserves a title whose copies are all out, sees the place
// in the queue, and pauses, resumes, moves and cancels the hold.
func TestPlaceHold(t *testing.T) {
	webtest.ForEachCircEnv(t, func(t *testing.T, e *webtest.CircEnv) {
		ctx := context.Background()
		other, _ := e.NewPatron(t, "2000", "Lindqvist, Saga", "hki-oodi")
		e.Checkout(t, other, "F1-0", webtest.Now)
		e.Checkout(t, other, "F1-1", webtest.Now)
		path := e.RecordPath("(TEST)f1")
		for _, lang := range webtest.Langs {
			if lang == "fi" {
				_, body := e.PostThenGet(t, path+"/hold", url.Values{"branch": {"esp-tapiola"}}, e.AsPatron(lang))
				branch := e.Bundle.T(lang, "hold.placed_queue", map[string]any{"Position": 1, "Branch": "Tapiolan kirjasto"})
				if !strings.Contains(body, webtest.HTMLText(branch)) {
					t.Fatalf("place hold: no %q", branch)
				}
				continue
			}
			resp, body := e.Do(t, "POST", path+"/hold", url.Values{"branch": {"esp-tapiola"}}, e.AsPatron(lang))
			// Once is enough: again is refused, in the user's language.
			if want := e.Msg(lang, "error.already_holding"); resp.StatusCode != http.StatusConflict || !strings.Contains(body, webtest.HTMLText(want)) {
				t.Errorf("%s: second hold: %d, no %q", lang, resp.StatusCode, want)
			}
		}
		_, body := e.Do(t, "GET", "/account/holds", nil, e.AsPatron("en"))
		for _, want := range []string{"Kirjaston kokoelma 1", "Tapiola Library", e.Msg("en", "hold.status.waiting"),
			e.Msg("en", "account.holds.position") + "</dt><dd>1"} {
			if !strings.Contains(body, want) {
				t.Errorf("/account/holds: no %q", want)
			}
		}
		var hp holdsPage
		webtest.APIGet(t, e, "/api/v1/account/holds", &hp)
		if len(hp.Holds) != 1 || hp.Holds[0].Position != 1 || hp.Holds[0].Pickup != "esp-tapiola" {
			t.Fatalf("GET /api/v1/account/holds = %+v", hp)
		}
		id := strconv.FormatInt(hp.Holds[0].ID, 10)

		steps := []struct {
			action string
			form   url.Values
			check  func(h library.Hold) bool
		}{
			{"freeze", url.Values{"until": {"2026-12-24"}}, func(h library.Hold) bool { return h.FrozenUntil == library.Date{Year: 2026, Month: 12, Day: 24} }},
			{"resume", url.Values{}, func(h library.Hold) bool { return h.FrozenUntil == library.Date{} }},
			{"pickup", url.Values{"branch": {"hki-kallio"}}, func(h library.Hold) bool { return h.PickupBranch == "hki-kallio" }},
		}
		for _, st := range steps {
			resp, _ := e.Do(t, "POST", "/account/holds/"+id+"/"+st.action, st.form, e.AsPatron("en"))
			if resp.StatusCode != http.StatusSeeOther || !strings.HasPrefix(resp.Header.Get("Location"), "/account/holds?done=") {
				t.Fatalf("%s: %d to %q", st.action, resp.StatusCode, resp.Header.Get("Location"))
			}
			holds, err := e.DB.Holds(ctx, e.Patron.ID)
			if err != nil || len(holds) != 1 || !st.check(holds[0]) {
				t.Errorf("after %s: holds %+v, %v", st.action, holds, err)
			}
			_, body := e.Do(t, "GET", resp.Header.Get("Location"), nil, e.AsPatron("en"))
			if want := e.Msg("en", holdDone[strings.TrimPrefix(resp.Header.Get("Location"), "/account/holds?done=")]); !strings.Contains(body, webtest.HTMLText(want)) {
				t.Errorf("after %s: no %q", st.action, want)
			}
		}
		// A date in the past is refused with the reason.
		resp, body := e.Do(t, "POST", "/account/holds/"+id+"/freeze", url.Values{"until": {"2026-11-01"}}, e.AsPatron("sv"))
		if want := e.Msg("sv", "error.freeze_date"); resp.StatusCode != http.StatusBadRequest || !strings.Contains(body, webtest.HTMLText(want)) {
			t.Errorf("freeze in the past: %d, no %q", resp.StatusCode, want)
		}
		// Cancelling asks first, by GET, which changes nothing.
		_, body = e.Do(t, "GET", "/account/holds/"+id+"/cancel", nil, e.AsPatron("en"))
		if !strings.Contains(body, `action="/account/holds/`+id+`/cancel"`) {
			t.Fatal("no confirmation form")
		}
		if holds, _ := e.DB.Holds(ctx, e.Patron.ID); len(holds) != 1 {
			t.Fatal("GET of the confirmation cancelled the hold")
		}
		resp, _ = e.Do(t, "POST", "/account/holds/"+id+"/cancel", url.Values{}, e.AsPatron("en"))
		if resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("cancel: status %d", resp.StatusCode)
		}
		if holds, _ := e.DB.Holds(ctx, e.Patron.ID); len(holds) != 0 {
			t.Errorf("after cancel: %+v", holds)
		}
		// Someone else's hold, or one gone, is not found.
		resp, _ = e.Do(t, "POST", "/account/holds/"+id+"/cancel", url.Values{}, e.AsPatron("en"))
		if resp.StatusCode != http.StatusNotFound {
			t.Errorf("cancel again: status %d, want 404", resp.StatusCode)
		}
	})
}

// TestCirculationCrossOriginPostRefused: a form on another site cannot renew or
// reserve with the patron's cookie.
func TestCirculationCrossOriginPostRefused(t *testing.T) {
	webtest.ForEachCircEnv(t, func(t *testing.T, e *webtest.CircEnv) {
		e.Checkout(t, e.Patron, "T1-1", webtest.Now.AddDate(0, 0, -7))
		for _, path := range []string{"/account/loans/renew", e.RecordPath("(TEST)f1") + "/hold", "/desk/checkin"} {
			resp, _ := e.Do(t, "POST", path, url.Values{"barcode": {"T1-1"}, "branch": {"hki-oodi"}},
				e.AsPatron("en")+"; "+e.StaffCookie, "Sec-Fetch-Site: cross-site", "Origin: https://evil.example")
			if resp.StatusCode != http.StatusForbidden {
				t.Errorf("cross-origin POST %s: status %d, want 403", path, resp.StatusCode)
			}
		}
		loans, _ := e.DB.Loans(context.Background(), e.Patron.ID)
		holds, _ := e.DB.Holds(context.Background(), e.Patron.ID)
		if len(loans) != 1 || loans[0].Renewals != 0 || len(holds) != 0 {
			t.Errorf("a cross-origin POST changed something: loans %+v, holds %+v", loans, holds)
		}
	})
}
