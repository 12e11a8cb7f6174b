package account

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/kirjasto/kirjasto/internal/library"
	"github.com/kirjasto/kirjasto/internal/web/webtest"
)

func TestAccountNeedsSignIn(t *testing.T) {
	webtest.ForEachCircEnv(t, func(t *testing.T, e *webtest.CircEnv) {
		tests := []struct {
			method, path, wantLocation string
		}{
			{"GET", "/account", "/signin?next=%2Faccount"},
			{"GET", "/account/loans", "/signin?next=%2Faccount%2Floans"},
			{"GET", "/account/holds", "/signin?next=%2Faccount%2Fholds"},
			{"GET", "/account/fees", "/signin?next=%2Faccount%2Ffees"},
			{"POST", "/account/loans/renew", "/signin?next=%2Faccount%2Floans%2Frenew"},
			{"POST", "/records/1/hold", "/signin?next=%2Frecords%2F1%2Fhold"},
			{"GET", "/desk", "/staff/signin?next=%2Fdesk"},
			{"GET", "/desk/holdshelf", "/staff/signin?next=%2Fdesk%2Fholdshelf"},
			{"POST", "/desk/checkout", "/staff/signin?next=%2Fdesk%2Fcheckout"},
		}
		for _, tt := range tests {
			var form url.Values
			if tt.method == "POST" {
				form = url.Values{"barcode": {"T1-1"}}
			}
			resp, _ := e.Do(t, tt.method, tt.path, form)
			if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != tt.wantLocation {
				t.Errorf("%s %s: %d to %q, want 303 to %q", tt.method, tt.path, resp.StatusCode, resp.Header.Get("Location"), tt.wantLocation)
			}
		}
		// A patron is not staff.
		resp, _ := e.Do(t, "GET", "/desk", nil, e.AsPatron("en"))
		if resp.StatusCode != http.StatusSeeOther {
			t.Errorf("patron at /desk: status %d, want a redirect to the staff sign-in", resp.StatusCode)
		}
		for _, p := range []string{"/api/v1/account", "/api/v1/account/loans", "/api/v1/account/holds", "/api/v1/account/fees"} {
			resp, body := e.Do(t, "GET", p, nil)
			if resp.StatusCode != http.StatusUnauthorized || !strings.Contains(body, `"code": "unauthorized"`) {
				t.Errorf("GET %s without a session: %d %s, want 401 JSON", p, resp.StatusCode, body)
			}
		}
	})
}

// TestAccountAndDeskPagesInEveryLanguage fills an account with a loan, an
// overdue loan, a hold and a fee, and looks at every page in every language.
func TestAccountAndDeskPagesInEveryLanguage(t *testing.T) {
	webtest.ForEachCircEnv(t, func(t *testing.T, e *webtest.CircEnv) {
		ctx := context.Background()
		e.Checkout(t, e.Patron, "T1-1", webtest.Now.AddDate(0, 0, -1))
		e.Checkout(t, e.Patron, "F1-0", webtest.Now.AddDate(0, 0, -40)) // overdue
		e.Checkout(t, e.Patron, "F2-0", webtest.Now.AddDate(0, 0, -40))
		if _, err := e.DB.Checkin(ctx, "F2-0", library.Actor{Branch: "hki-oodi"}, webtest.Now.AddDate(0, 0, -2)); err != nil {
			t.Fatal(err) // returned late: an overdue fee
		}
		other, _ := e.NewPatron(t, "2000", "Lindqvist, Saga", "hki-oodi")
		e.Checkout(t, other, "F4-0", webtest.Now)
		e.Checkout(t, other, "F4-1", webtest.Now)
		if _, err := e.DB.PlaceHold(ctx, library.Hold{PatronID: e.Patron.ID, RecordID: e.Records["(TEST)f4"], PickupBranch: "esp-sello"}, library.Actor{}, webtest.Now); err != nil {
			t.Fatal(err)
		}
		holds, err := e.DB.Holds(ctx, e.Patron.ID)
		if err != nil || len(holds) != 1 {
			t.Fatalf("holds %v, %v", holds, err)
		}
		patronPages := []string{"/account", "/account/loans", "/account/holds", "/account/fees",
			"/account/holds/" + strconv.FormatInt(holds[0].ID, 10) + "/cancel", e.RecordPath("(TEST)1")}
		staffPages := []string{"/desk", "/desk?card=1000", "/desk?card=9999&branch=hki-kallio", "/desk/picklist",
			"/desk/holdshelf", "/desk/transit?branch=hki-kallio"}
		for _, lang := range webtest.Langs {
			check := func(path, cookie string) string {
				resp, body := e.Do(t, "GET", path, nil, cookie)
				if resp.StatusCode != http.StatusOK {
					t.Errorf("%s %s: status %d", lang, path, resp.StatusCode)
				}
				if !strings.Contains(body, `<html lang="`+lang+`"`) {
					t.Errorf("%s %s: no <html lang=%q>", lang, path, lang)
				}
				for _, id := range webtest.RawIDs(e.Bundle, lang, body) {
					t.Errorf("%s %s: page shows raw message id %q", lang, path, id)
				}
				if cc := resp.Header.Get("Cache-Control"); cc != "no-store" && path != e.RecordPath("(TEST)1") {
					t.Errorf("%s %s: Cache-Control %q, want no-store for personal data", lang, path, cc)
				}
				return body
			}
			for _, p := range patronPages {
				check(p, e.AsPatron(lang))
			}
			for _, p := range staffPages {
				check(p, e.AsStaff(lang))
			}
			body := check("/account", e.AsPatron(lang))
			for _, want := range []string{"Virtanen, Aino", "1000", e.Bundle.N(lang, "account.count.loans", 2, nil),
				e.Bundle.N(lang, "account.count.overdue", 1, nil), e.Bundle.N(lang, "account.count.holds", 1, nil)} {
				if !strings.Contains(body, webtest.HTMLText(want)) {
					t.Errorf("%s /account: no %q", lang, want)
				}
			}
			body = check("/account/loans", e.AsPatron(lang))
			for _, want := range []string{"Tuntematon sotilas", "Kirjaston kokoelma 1", e.Msg(lang, "account.loans.overdue"),
				e.Msg(lang, "account.loans.renewals", "Count", 0, "Max", 5)} {
				if !strings.Contains(body, webtest.HTMLText(want)) {
					t.Errorf("%s /account/loans: no %q", lang, want)
				}
			}
			if !strings.Contains(body, `href="`+e.RecordPath("(TEST)1")+`"`) {
				t.Errorf("%s /account/loans: no link to the record", lang)
			}
			body = check("/account/fees", e.AsPatron(lang))
			if want := e.Msg(lang, "fee.overdue"); !strings.Contains(body, webtest.HTMLText(want)) {
				t.Errorf("%s /account/fees: no %q", lang, want)
			}
			body = check("/desk?card=1000", e.AsStaff(lang))
			for _, want := range []string{"Virtanen, Aino", "Kirjaston kokoelma 1", e.Msg(lang, "fee.overdue")} {
				if !strings.Contains(body, webtest.HTMLText(want)) {
					t.Errorf("%s /desk?card=1000: no %q", lang, want)
				}
			}
		}
		// The JSON twins say the same.
		var ap accountPage
		webtest.APIGet(t, e, "/api/v1/account", &ap)
		if ap.Loans != 2 || ap.Overdue != 1 || ap.Holds != 1 || ap.FeesTotal <= 0 || ap.CardNumber != "1000" {
			t.Errorf("GET /api/v1/account = %+v", ap)
		}
		var fp feesPage
		webtest.APIGet(t, e, "/api/v1/account/fees", &fp)
		if len(fp.Fees) != 1 || fp.Fees[0].Kind != library.FeeOverdue || fp.Total != ap.FeesTotal {
			t.Errorf("GET /api/v1/account/fees = %+v", fp)
		}
	})
}

func TestRenew(t *testing.T) {
	webtest.ForEachCircEnv(t, func(t *testing.T, e *webtest.CircEnv) {
		ctx := context.Background()
		e.Checkout(t, e.Patron, "T1-1", webtest.Now.AddDate(0, 0, -7))
		e.Checkout(t, e.Patron, "F1-0", webtest.Now.AddDate(0, 0, -7))
		// Both copies of (TEST)f1 out, and a third patron waits for it:
		// F1-0 may not be renewed.
		other, _ := e.NewPatron(t, "2000", "Lindqvist, Saga", "hki-oodi")
		e.Checkout(t, other, "F1-1", webtest.Now)
		third, _ := e.NewPatron(t, "3000", "Ivanova, Olga", "hki-oodi")
		if _, err := e.DB.PlaceHold(ctx, library.Hold{PatronID: third.ID, RecordID: e.Records["(TEST)f1"], PickupBranch: "hki-oodi"}, library.Actor{}, webtest.Now); err != nil {
			t.Fatal(err)
		}
		for _, lang := range webtest.Langs {
			_, body := e.PostThenGet(t, "/account/loans/renew", url.Values{"barcode": {"F1-0"}}, e.AsPatron(lang))
			if want := e.Msg(lang, "error.renew_held"); !strings.Contains(body, webtest.HTMLText(want)) {
				t.Errorf("%s: refusal %q not shown", lang, want)
			}
		}
		// Renew all: T1-1 renews, F1-0 is still held.
		var lp loansPage
		_, body := e.PostThenGet(t, "/account/loans/renew", url.Values{}, e.AsPatron("en"))
		loans, err := e.DB.Loans(ctx, e.Patron.ID)
		if err != nil {
			t.Fatal(err)
		}
		renewals := map[string]int{}
		for _, l := range loans {
			renewals[l.Barcode] = l.Renewals
			if l.Barcode == "T1-1" {
				want := e.Msg("en", "account.renew.ok", "Date", e.Srv.FormatTime("en", l.DueAt))
				if !strings.Contains(body, webtest.HTMLText(want)) {
					t.Errorf("renew all: no %q", want)
				}
			}
		}
		if diff := cmp.Diff(map[string]int{"T1-1": 1, "F1-0": 0}, renewals); diff != "" {
			t.Errorf("renewals (-want +got):\n%s", diff)
		}
		webtest.APIGet(t, e, "/api/v1/account/loans", &lp)
		if len(lp.Loans) != 2 || lp.Loans[0].MaxRenewals != 5 {
			t.Errorf("GET /api/v1/account/loans = %+v", lp)
		}
	})
}

func TestRenewLimitInEveryLanguage(t *testing.T) {
	webtest.ForEachCircEnv(t, func(t *testing.T, e *webtest.CircEnv) {
		ctx := context.Background()
		pol := library.DefaultPolicy()
		pol.Rules = []library.LoanRule{{LoanDays: 28, MaxRenewals: 1, MaxLoans: 100, HoldsAllowed: true}}
		if err := e.DB.SetPolicy(ctx, pol); err != nil {
			t.Fatal(err)
		}
		e.Checkout(t, e.Patron, "T1-1", webtest.Now.AddDate(0, 0, -7))
		if _, err := e.DB.Renew(ctx, e.Patron.ID, "T1-1", library.Actor{}, webtest.Now); err != nil {
			t.Fatal(err)
		}
		for _, lang := range webtest.Langs {
			_, body := e.PostThenGet(t, "/account/loans/renew", url.Values{"barcode": {"T1-1"}}, e.AsPatron(lang))
			for _, want := range []string{e.Msg(lang, "error.renew_limit"), e.Msg(lang, "account.loans.renewals", "Count", 1, "Max", 1)} {
				if !strings.Contains(body, webtest.HTMLText(want)) {
					t.Errorf("%s: no %q", lang, want)
				}
			}
		}
	})
}
