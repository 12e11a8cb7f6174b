package site

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/kirjasto/kirjasto/internal/web/webtest"
)

// TestReloadDoesNotRepeat: the answer to reserving and renewing is a page
// reached by GET, so reloading it shows the outcome again without
// reserving or renewing again; the outcome of a renewal is shown once.
func TestReloadDoesNotRepeat(t *testing.T) {
	webtest.ForEachCircEnv(t, func(t *testing.T, e *webtest.CircEnv) {
		e.Checkout(t, e.Patron, "T1-1", webtest.Now.AddDate(0, 0, -7))
		path := e.RecordPath("(TEST)f1")
		loc, body := e.PostThenGet(t, path+"/hold", url.Values{"branch": {"esp-tapiola"}}, e.AsPatron("fi"))
		holds, err := e.DB.Holds(t.Context(), e.Patron.ID)
		if err != nil || len(holds) != 1 {
			t.Fatalf("holds %+v, %v", holds, err)
		}
		want := (&server{e.Srv}).holdPlacedText(t.Context(), "fi", holds[0])
		if !strings.Contains(body, webtest.HTMLText(want)) || !strings.Contains(body, "Kirjaston kokoelma 1") {
			t.Errorf("GET %s: no %q or no title", loc, want)
		}
		for range 2 { // reloading
			if resp, body := e.Do(t, "GET", loc, nil, e.AsPatron("fi")); resp.StatusCode != http.StatusOK || !strings.Contains(body, webtest.HTMLText(want)) {
				t.Errorf("reload of %s: %d", loc, resp.StatusCode)
			}
		}
		if holds, _ := e.DB.Holds(t.Context(), e.Patron.ID); len(holds) != 1 {
			t.Errorf("holds after reloading: %+v", holds)
		}
		// Another patron's confirmation is not found.
		_, other := e.NewPatron(t, "2000", "Lindqvist, Saga", "hki-oodi")
		if resp, _ := e.Do(t, "GET", loc, nil, "Cookie: "+other+"; lang=en"); resp.StatusCode != http.StatusNotFound {
			t.Errorf("another patron's confirmation: %d, want 404", resp.StatusCode)
		}

		loc, body = e.PostThenGet(t, "/account/loans/renew", url.Values{"barcode": {"T1-1"}}, e.AsPatron("en"))
		loans, _ := e.DB.Loans(t.Context(), e.Patron.ID)
		if len(loans) != 1 || loans[0].Renewals != 1 {
			t.Fatalf("loans after renewing: %+v", loans)
		}
		want = e.Msg("en", "account.renew.ok", "Date", e.Srv.FormatTime("en", loans[0].DueAt))
		if loc != "/account/loans" || !strings.Contains(body, webtest.HTMLText(want)) {
			t.Errorf("GET %s after renewing: no %q", loc, want)
		}
		// The outcome is shown once; a forged one says nothing.
		for _, cookie := range []string{"", "; renewed=ok=T1-1", "; renewed=" + url.QueryEscape("error.x=T1-1&ok=F1-0")} {
			_, body := e.Do(t, "GET", loc, nil, e.AsPatron("en")+cookie)
			if strings.Contains(body, webtest.HTMLText(want)) != (cookie == "; renewed=ok=T1-1") || strings.Contains(body, "error.x") {
				t.Errorf("loans page with cookie %q shows the wrong outcome", cookie)
			}
		}
		if loans, _ := e.DB.Loans(t.Context(), e.Patron.ID); loans[0].Renewals != 1 {
			t.Errorf("reloading renewed again: %+v", loans)
		}
	})
}
