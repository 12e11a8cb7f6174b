package account

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/kirjasto/kirjasto/internal/library"
	"github.com/kirjasto/kirjasto/internal/web"
	"github.com/kirjasto/kirjasto/internal/web/webtest"
)

func TestHistoryPages(t *testing.T) {
	webtest.ForEachCircEnv(t, func(t *testing.T, e *webtest.CircEnv) {
		// Off by default.
		e.Checkout(t, e.Patron, "T1-1", webtest.Now.AddDate(0, 0, -3))
		if h := e.History(t); len(h) != 0 {
			t.Fatalf("history kept without opting in: %v", h)
		}
		_, body := e.Do(t, "GET", "/account/history", nil, e.AsPatron("en"))
		if !strings.Contains(body, webtest.HTMLText(e.Msg("en", "privacy.history.is_off"))) {
			t.Errorf("history page does not say it is off:\n%s", body)
		}
		e.OptIn(t)
		e.Checkout(t, e.Patron, "F1-0", webtest.Now.AddDate(0, 0, -2))
		e.Checkout(t, e.Patron, "F2-0", webtest.Now.AddDate(0, 0, -1))
		h := e.History(t)
		if len(h) != 2 {
			t.Fatalf("history after opting in: %v", h)
		}
		_, body = e.Do(t, "GET", "/account/history", nil, e.AsPatron("en"))
		for _, x := range h {
			if !strings.Contains(body, `href="`+web.RecordURL(x.RecordID)+`"`) || !strings.Contains(body, webtest.HTMLText(x.Title)) {
				t.Errorf("history page lacks %q", x.Title)
			}
		}

		// CSV: BOM, header row, one row an entry.
		resp, csvBody := e.Do(t, "GET", "/account/history.csv", nil, e.AsPatron("fi"))
		if ct := resp.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/csv") {
			t.Errorf("CSV Content-Type %q", ct)
		}
		if !strings.HasPrefix(csvBody, "\uFEFF") {
			t.Errorf("CSV has no byte order mark: %q", csvBody[:min(20, len(csvBody))])
		}
		lines := strings.Split(strings.TrimSpace(strings.TrimPrefix(csvBody, "\uFEFF")), "\r\n")
		if len(lines) != 3 || !strings.HasPrefix(lines[0], e.Msg("fi", "privacy.history.col_date")+",") {
			t.Fatalf("CSV lines %q", lines)
		}
		if !strings.Contains(lines[1], h[0].Title) || !strings.HasPrefix(lines[1], "2026-11-22,") {
			t.Errorf("CSV first row %q, want %s borrowed 2026-11-22", lines[1], h[0].Title)
		}

		// JSON.
		_, js := e.Do(t, "GET", "/api/v1/account/history", nil, e.AsPatron("en"))
		var hp struct {
			OptIn   bool `json:"opt_in"`
			Entries []struct {
				ID       int64  `json:"id"`
				RecordID int64  `json:"record_id"`
				Title    string `json:"title"`
			} `json:"entries"`
		}
		if err := json.Unmarshal([]byte(js), &hp); err != nil {
			t.Fatal(err)
		}
		if !hp.OptIn || len(hp.Entries) != 2 || hp.Entries[0].Title != h[0].Title || hp.Entries[1].RecordID != h[1].RecordID {
			t.Errorf("JSON history %+v, want %v", hp, h)
		}

		// Delete one, of someone else's: nothing; of one's own: that one.
		_, otherCookie := e.NewPatron(t, "3000", "Muu, Maija", "hki-oodi")
		e.Do(t, "POST", "/account/history/"+strconv.FormatInt(h[0].ID, 10)+"/delete", url.Values{}, "Cookie: "+otherCookie)
		if len(e.History(t)) != 2 {
			t.Error("another patron deleted an entry of the history")
		}
		resp, _ = e.Do(t, "POST", "/account/history/"+strconv.FormatInt(h[0].ID, 10)+"/delete", url.Values{}, e.AsPatron("en"))
		if resp.StatusCode != http.StatusSeeOther {
			t.Errorf("delete one: status %d", resp.StatusCode)
		}
		if got := e.History(t); len(got) != 1 || got[0].ID != h[1].ID {
			t.Errorf("after deleting one: %v", got)
		}
		// Opt out, keeping; then delete all.
		e.Do(t, "POST", "/account/history/optin", url.Values{"on": {"0"}, "delete": {"0"}}, e.AsPatron("en"))
		if got := e.History(t); len(got) != 1 {
			t.Errorf("opting out and keeping: %v", got)
		}
		if p, _ := e.DB.Patron(context.Background(), e.Patron.ID); p.HistoryOptIn {
			t.Error("still opted in")
		}
		e.Do(t, "POST", "/account/history/delete", url.Values{}, e.AsPatron("en"))
		if got := e.History(t); len(got) != 0 {
			t.Errorf("after deleting all: %v", got)
		}
		// Opt in again, and out deleting.
		e.OptIn(t)
		e.Checkout(t, e.Patron, "F4-0", webtest.Now)
		e.Do(t, "POST", "/account/history/optin", url.Values{"on": {"0"}, "delete": {"1"}}, e.AsPatron("en"))
		if got := e.History(t); len(got) != 0 {
			t.Errorf("opting out and deleting: %v", got)
		}
	})
}

func TestPrivacyExport(t *testing.T) {
	webtest.ForEachCircEnv(t, func(t *testing.T, e *webtest.CircEnv) {
		e.OptIn(t)
		e.Checkout(t, e.Patron, "T1-1", webtest.Now.AddDate(0, 0, -1))
		resp, body := e.Do(t, "GET", "/account/privacy/export.json", nil, e.AsPatron("en"))
		if resp.StatusCode != http.StatusOK || resp.Header.Get("Cache-Control") != "no-store" {
			t.Fatalf("export: %d, Cache-Control %q", resp.StatusCode, resp.Header.Get("Cache-Control"))
		}
		var v map[string]any
		if err := json.Unmarshal([]byte(body), &v); err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(body, `"Virtanen, Aino"`) || !strings.Contains(body, `"T1-1"`) || !strings.Contains(body, "Tuntematon sotilas") {
			t.Errorf("export lacks the patron, the loan or the history:\n%s", body)
		}
		if _, ok := v["reading_history"]; !ok {
			t.Error("export has no reading_history")
		}
		for _, k := range secretPaths(v, "") {
			t.Errorf("export has a secret-looking key %s", k)
		}
		if strings.Contains(body, strings.TrimPrefix(e.PatronCookie, web.PatronCookie+"=")) {
			t.Error("export contains the session token")
		}
	})
}

// secretPaths returns keys named like secrets (pin, hash, token) that
// have a value.
func secretPaths(v any, path string) []string {
	var out []string
	switch v := v.(type) {
	case map[string]any:
		for k, x := range v {
			lk := strings.ToLower(k)
			if (strings.Contains(lk, "pin") && !strings.Contains(lk, "pickup") || strings.Contains(lk, "hash") || strings.Contains(lk, "token")) && x != nil && x != "" {
				out = append(out, path+"."+k)
			}
			out = append(out, secretPaths(x, path+"."+k)...)
		}
	case []any:
		for _, x := range v {
			out = append(out, secretPaths(x, path+"[]")...)
		}
	}
	return out
}

func TestCloseAccountPages(t *testing.T) {
	webtest.ForEachCircEnv(t, func(t *testing.T, e *webtest.CircEnv) {
		ctx := context.Background()
		// A PIN, so that signing in can be tried afterwards.
		p, err := e.DB.CreatePatron(ctx, library.Patron{CardNumber: "4000", Name: "Lähtevä, Lauri", HomeLibrary: "espoo"}, "1234")
		if err != nil {
			t.Fatal(err)
		}
		sess, err := e.DB.NewSession(ctx, library.Session{PatronID: p.ID, Created: webtest.Now})
		if err != nil {
			t.Fatal(err)
		}
		cookie := func(lang string) string { return "Cookie: " + web.PatronCookie + "=" + sess.Token + "; lang=" + lang }
		e.Checkout(t, p, "T1-1", webtest.Now.AddDate(0, 0, -1))

		for _, lang := range webtest.Langs {
			resp, body := e.Do(t, "POST", "/account/privacy/close", url.Values{"confirm": {"yes"}}, cookie(lang))
			want := webtest.HTMLText(e.Bundle.N(lang, "privacy.close.has_loans", 1, nil))
			if resp.StatusCode != http.StatusConflict || !strings.Contains(body, want) {
				t.Errorf("%s: closing with a loan: %d, want 409 with %q", lang, resp.StatusCode, want)
			}
		}
		if _, err := e.DB.Checkin(ctx, "T1-1", library.Actor{Branch: "hki-oodi"}, webtest.Now); err != nil {
			t.Fatal(err)
		}
		// The confirmation is required.
		resp, _ := e.Do(t, "POST", "/account/privacy/close", url.Values{}, cookie("en"))
		if resp.StatusCode != http.StatusBadRequest {
			t.Errorf("closing without confirming: %d, want 400", resp.StatusCode)
		}
		resp, _ = e.Do(t, "POST", "/account/privacy/close", url.Values{"confirm": {"yes"}}, cookie("en"))
		if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/account/closed" {
			t.Fatalf("closing: %d to %q", resp.StatusCode, resp.Header.Get("Location"))
		}
		if got, _ := e.DB.Patron(ctx, p.ID); got.ClosedAt.IsZero() || got.Name != "" {
			t.Errorf("account not closed and anonymised: %+v", got)
		}
		// Signed out, and cannot sign in again.
		resp, _ = e.Do(t, "GET", "/account", nil, cookie("en"))
		if resp.StatusCode != http.StatusSeeOther {
			t.Errorf("old session after closing: %d, want a redirect to sign in", resp.StatusCode)
		}
		resp, _ = e.Do(t, "POST", "/signin", url.Values{"card": {"4000"}, "pin": {"1234"}})
		if resp.StatusCode == http.StatusSeeOther {
			t.Errorf("signing in to a closed account succeeded")
		}
	})
}

func TestGuardianSeesAndRenews(t *testing.T) {
	webtest.ForEachCircEnv(t, func(t *testing.T, e *webtest.CircEnv) {
		ctx := context.Background()
		child := e.NewChild(t, e.Patron)
		loan := e.Checkout(t, child, "T1-1", webtest.Now.AddDate(0, 0, -7))
		childPath := "/account/children/" + strconv.FormatInt(child.ID, 10)

		_, body := e.Do(t, "GET", "/account/children", nil, e.AsPatron("en"))
		if !strings.Contains(body, webtest.HTMLText(child.Name)) || !strings.Contains(body, `href="`+childPath+`"`) {
			t.Errorf("children page lacks the child:\n%s", body)
		}
		_, body = e.Do(t, "GET", childPath, nil, e.AsPatron("en"))
		if !strings.Contains(body, "Tuntematon sotilas") {
			t.Errorf("child's page lacks the loan:\n%s", body)
		}
		loc, body := e.PostThenGet(t, childPath+"/renew", url.Values{"barcode": {"T1-1"}}, e.AsPatron("en"))
		loans, err := e.DB.Loans(ctx, child.ID)
		if err != nil || len(loans) != 1 || loans[0].Renewals != 1 || !loans[0].DueAt.After(loan.DueAt) {
			t.Fatalf("child's loan after renewal: %+v, %v", loans, err)
		}
		if want := e.Msg("en", "account.renew.ok", "Date", e.Srv.FormatTime("en", loans[0].DueAt)); loc != childPath || !strings.Contains(body, webtest.HTMLText(want)) {
			t.Errorf("GET %s after renewing: no %q", loc, want)
		}

		// Not the guardian: the same 404 as for a card that does not exist.
		_, strangerCookie := e.NewPatron(t, "6000", "Vieras, Ville", "hki-oodi")
		for _, req := range []struct{ method, path string }{
			{"GET", childPath}, {"POST", childPath + "/renew"}, {"GET", "/api/v1" + childPath},
			{"GET", "/account/children/99999"}, {"GET", "/account/children/x"},
		} {
			var form url.Values
			if req.method == "POST" {
				form = url.Values{"barcode": {"T1-1"}}
			}
			resp, _ := e.Do(t, req.method, req.path, form, "Cookie: "+strangerCookie)
			if resp.StatusCode != http.StatusNotFound {
				t.Errorf("stranger %s %s: status %d, want 404", req.method, req.path, resp.StatusCode)
			}
		}
		if loans, _ := e.DB.Loans(ctx, child.ID); loans[0].Renewals != 1 {
			t.Error("a stranger renewed the child's loan")
		}
		_, js := e.Do(t, "GET", "/api/v1/account/children", nil, e.AsPatron("en"))
		if !strings.Contains(js, `"card_number": "5000"`) {
			t.Errorf("children JSON: %s", js)
		}
	})
}

func TestPrivacyPagesInEveryLanguage(t *testing.T) {
	webtest.ForEachCircEnv(t, func(t *testing.T, e *webtest.CircEnv) {
		child := e.NewChild(t, e.Patron)
		e.Checkout(t, child, "F1-0", webtest.Now)
		e.OptIn(t)
		e.Checkout(t, e.Patron, "T1-1", webtest.Now)
		pages := []string{"/account", "/account/history", "/account/privacy", "/account/privacy/close",
			"/account/children", "/account/children/" + strconv.FormatInt(child.ID, 10), "/account/closed"}
		for _, lang := range webtest.Langs {
			for _, path := range pages {
				resp, body := e.Do(t, "GET", path, nil, e.AsPatron(lang))
				if resp.StatusCode != http.StatusOK {
					t.Errorf("%s %s: status %d", lang, path, resp.StatusCode)
				}
				if !strings.Contains(body, `<html lang="`+lang+`"`) {
					t.Errorf("%s %s: no <html lang=%q>", lang, path, lang)
				}
				for _, id := range webtest.RawIDs(e.Bundle, lang, body) {
					t.Errorf("%s %s: page shows raw message id %q", lang, path, id)
				}
			}
		}
	})
}

func TestPrivacyCrossOriginPOSTRefused(t *testing.T) {
	webtest.ForEachCircEnv(t, func(t *testing.T, e *webtest.CircEnv) {
		ctx := context.Background()
		child := e.NewChild(t, e.Patron)
		e.Checkout(t, child, "T1-1", webtest.Now.AddDate(0, 0, -7))
		e.OptIn(t)
		e.Checkout(t, e.Patron, "F1-0", webtest.Now)
		childPath := "/account/children/" + strconv.FormatInt(child.ID, 10)
		posts := map[string]url.Values{
			"/account/history/optin":  {"on": {"0"}, "delete": {"1"}},
			"/account/history/delete": {},
			"/account/privacy/close":  {"confirm": {"yes"}},
			childPath + "/renew":      {"barcode": {"T1-1"}},
		}
		for path, form := range posts {
			resp, _ := e.Do(t, "POST", path, form, e.AsPatron("en"), "Sec-Fetch-Site: cross-site", "Origin: https://evil.example")
			if resp.StatusCode != http.StatusForbidden {
				t.Errorf("cross-origin POST %s: status %d, want 403", path, resp.StatusCode)
			}
		}
		p, _ := e.DB.Patron(ctx, e.Patron.ID)
		loans, _ := e.DB.Loans(ctx, child.ID)
		if !p.HistoryOptIn || !p.ClosedAt.IsZero() || len(e.History(t)) != 1 || loans[0].Renewals != 0 {
			t.Errorf("a cross-origin POST changed something: %+v, loans %+v", p, loans)
		}
	})
}
