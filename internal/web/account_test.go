package web

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/kirjasto/kirjasto/internal/library"
	"github.com/kirjasto/kirjasto/internal/store"
	"github.com/kirjasto/kirjasto/internal/store/storetest"
)

// circEnv is the web test environment with circulation: a server that
// has the store as its Patrons and Circulation, a signed-in patron and
// a signed-in staff member at Oodi.
type circEnv struct {
	*env
	patron       library.Patron
	patronCookie string // "name=token" for a Cookie header
	staff        library.Staff
	staffCookie  string
}

func forEachCircEnv(t *testing.T, fn func(t *testing.T, e *circEnv)) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		fn(t, newCircEnv(t, db))
	})
}

func newCircEnv(t *testing.T, db *store.DB) *circEnv {
	t.Helper()
	e := &circEnv{env: newEnv(t, db)}
	srv, err := New(Config{Store: db, Search: e.ix, I18n: e.bundle, Now: func() time.Time { return testNow },
		PageSize: 10, Patrons: db, Circulation: db})
	if err != nil {
		t.Fatal(err)
	}
	e.srv = srv
	e.patron, e.patronCookie = e.newPatron(t, "1000", "Virtanen, Aino", "esp-sello")
	ctx := context.Background()
	e.staff, err = db.CreateStaff(ctx, library.Staff{Username: "oodi", Name: "Oodin asiakaspalvelu", Branch: "hki-oodi"}, "a long enough password")
	if err != nil {
		t.Fatal(err)
	}
	sess, err := db.NewSession(ctx, library.Session{StaffID: e.staff.ID, Created: testNow})
	if err != nil {
		t.Fatal(err)
	}
	e.staffCookie = StaffCookie + "=" + sess.Token
	return e
}

// newPatron creates a patron with a session and returns the patron and
// the session's cookie.
func (e *circEnv) newPatron(t *testing.T, card, name, pickup string) (library.Patron, string) {
	t.Helper()
	ctx := context.Background()
	p, err := e.db.CreatePatron(ctx, library.Patron{CardNumber: card, Name: name, PickupBranch: pickup, HomeLibrary: "espoo"}, "")
	if err != nil {
		t.Fatal(err)
	}
	sess, err := e.db.NewSession(ctx, library.Session{PatronID: p.ID, Created: testNow})
	if err != nil {
		t.Fatal(err)
	}
	return p, PatronCookie + "=" + sess.Token
}

// do sends a request with a form (for POST) and headers ("Name: value"),
// and returns the page without the markup that isolates data (withoutBdi).
func (e *circEnv) do(t *testing.T, method, path string, form url.Values, headers ...string) (*http.Response, string) {
	t.Helper()
	resp, body := e.doRaw(t, method, path, form, headers...)
	return resp, withoutBdi(body)
}

// doRaw is do with the page as the server sent it.
func (e *circEnv) doRaw(t *testing.T, method, path string, form url.Values, headers ...string) (*http.Response, string) {
	t.Helper()
	var req *http.Request
	if form != nil {
		req = httptest.NewRequest(method, "http://kirjasto.test"+path, strings.NewReader(form.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	} else {
		req = httptest.NewRequest(method, "http://kirjasto.test"+path, nil)
	}
	for _, h := range headers {
		k, v, _ := strings.Cut(h, ": ")
		req.Header.Add(k, v)
	}
	w := httptest.NewRecorder()
	e.srv.Handler().ServeHTTP(w, req)
	return w.Result(), w.Body.String()
}

// asPatron and asStaff are Cookie headers, with a language.
func (e *circEnv) asPatron(lang string) string { return "Cookie: " + e.patronCookie + "; lang=" + lang }
func (e *circEnv) asStaff(lang string) string  { return "Cookie: " + e.staffCookie + "; lang=" + lang }

// checkout lends an item to a patron at Oodi, at a time of the test's choosing.
func (e *circEnv) checkout(t *testing.T, p library.Patron, barcode string, at time.Time) library.Loan {
	t.Helper()
	l, err := e.db.Checkout(context.Background(), p.ID, barcode, library.Actor{Branch: "hki-oodi"}, at)
	if err != nil {
		t.Fatal(err)
	}
	return l
}

func (e *circEnv) msg(lang, id string, args ...any) string { return e.bundle.T(lang, id, pairs(args)) }

// htmlText is a message as html/template writes it into a page.
func htmlText(s string) string {
	r := strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&#34;", "'", "&#39;")
	return r.Replace(s)
}

func TestAccountNeedsSignIn(t *testing.T) {
	forEachCircEnv(t, func(t *testing.T, e *circEnv) {
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
			resp, _ := e.do(t, tt.method, tt.path, form)
			if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != tt.wantLocation {
				t.Errorf("%s %s: %d to %q, want 303 to %q", tt.method, tt.path, resp.StatusCode, resp.Header.Get("Location"), tt.wantLocation)
			}
		}
		// A patron is not staff.
		resp, _ := e.do(t, "GET", "/desk", nil, e.asPatron("en"))
		if resp.StatusCode != http.StatusSeeOther {
			t.Errorf("patron at /desk: status %d, want a redirect to the staff sign-in", resp.StatusCode)
		}
		for _, p := range []string{"/api/v1/account", "/api/v1/account/loans", "/api/v1/account/holds", "/api/v1/account/fees"} {
			resp, body := e.do(t, "GET", p, nil)
			if resp.StatusCode != http.StatusUnauthorized || !strings.Contains(body, `"code": "unauthorized"`) {
				t.Errorf("GET %s without a session: %d %s, want 401 JSON", p, resp.StatusCode, body)
			}
		}
	})
}

// TestAccountAndDeskPagesInEveryLanguage fills an account with a loan, an
// overdue loan, a hold and a fee, and looks at every page in every language.
func TestAccountAndDeskPagesInEveryLanguage(t *testing.T) {
	forEachCircEnv(t, func(t *testing.T, e *circEnv) {
		ctx := context.Background()
		e.checkout(t, e.patron, "T1-1", testNow.AddDate(0, 0, -1))
		e.checkout(t, e.patron, "F1-0", testNow.AddDate(0, 0, -40)) // overdue
		e.checkout(t, e.patron, "F2-0", testNow.AddDate(0, 0, -40))
		if _, err := e.db.Checkin(ctx, "F2-0", library.Actor{Branch: "hki-oodi"}, testNow.AddDate(0, 0, -2)); err != nil {
			t.Fatal(err) // returned late: an overdue fee
		}
		other, _ := e.newPatron(t, "2000", "Lindqvist, Saga", "hki-oodi")
		e.checkout(t, other, "F4-0", testNow)
		e.checkout(t, other, "F4-1", testNow)
		if _, err := e.db.PlaceHold(ctx, library.Hold{PatronID: e.patron.ID, RecordID: e.records["(TEST)f4"], PickupBranch: "esp-sello"}, library.Actor{}, testNow); err != nil {
			t.Fatal(err)
		}
		holds, err := e.db.Holds(ctx, e.patron.ID)
		if err != nil || len(holds) != 1 {
			t.Fatalf("holds %v, %v", holds, err)
		}
		patronPages := []string{"/account", "/account/loans", "/account/holds", "/account/fees",
			"/account/holds/" + strconv.FormatInt(holds[0].ID, 10) + "/cancel", e.recordPath("(TEST)1")}
		staffPages := []string{"/desk", "/desk?card=1000", "/desk?card=9999&branch=hki-kallio", "/desk/picklist",
			"/desk/holdshelf", "/desk/transit?branch=hki-kallio"}
		for _, lang := range langs {
			check := func(path, cookie string) string {
				resp, body := e.do(t, "GET", path, nil, cookie)
				if resp.StatusCode != http.StatusOK {
					t.Errorf("%s %s: status %d", lang, path, resp.StatusCode)
				}
				if !strings.Contains(body, `<html lang="`+lang+`"`) {
					t.Errorf("%s %s: no <html lang=%q>", lang, path, lang)
				}
				for _, id := range rawIDs(e.bundle, lang, body) {
					t.Errorf("%s %s: page shows raw message id %q", lang, path, id)
				}
				if cc := resp.Header.Get("Cache-Control"); cc != "no-store" && path != e.recordPath("(TEST)1") {
					t.Errorf("%s %s: Cache-Control %q, want no-store for personal data", lang, path, cc)
				}
				return body
			}
			for _, p := range patronPages {
				check(p, e.asPatron(lang))
			}
			for _, p := range staffPages {
				check(p, e.asStaff(lang))
			}
			body := check("/account", e.asPatron(lang))
			for _, want := range []string{"Virtanen, Aino", "1000", e.bundle.N(lang, "account.count.loans", 2, nil),
				e.bundle.N(lang, "account.count.overdue", 1, nil), e.bundle.N(lang, "account.count.holds", 1, nil)} {
				if !strings.Contains(body, htmlText(want)) {
					t.Errorf("%s /account: no %q", lang, want)
				}
			}
			body = check("/account/loans", e.asPatron(lang))
			for _, want := range []string{"Tuntematon sotilas", "Kirjaston kokoelma 1", e.msg(lang, "account.loans.overdue"),
				e.msg(lang, "account.loans.renewals", "Count", 0, "Max", 5)} {
				if !strings.Contains(body, htmlText(want)) {
					t.Errorf("%s /account/loans: no %q", lang, want)
				}
			}
			if !strings.Contains(body, `href="`+e.recordPath("(TEST)1")+`"`) {
				t.Errorf("%s /account/loans: no link to the record", lang)
			}
			body = check("/account/fees", e.asPatron(lang))
			if want := e.msg(lang, "fee.overdue"); !strings.Contains(body, htmlText(want)) {
				t.Errorf("%s /account/fees: no %q", lang, want)
			}
			body = check("/desk?card=1000", e.asStaff(lang))
			for _, want := range []string{"Virtanen, Aino", "Kirjaston kokoelma 1", e.msg(lang, "fee.overdue")} {
				if !strings.Contains(body, htmlText(want)) {
					t.Errorf("%s /desk?card=1000: no %q", lang, want)
				}
			}
		}
		// The JSON twins say the same.
		var ap accountPage
		apiGet(t, e, "/api/v1/account", &ap)
		if ap.Loans != 2 || ap.Overdue != 1 || ap.Holds != 1 || ap.FeesTotal <= 0 || ap.CardNumber != "1000" {
			t.Errorf("GET /api/v1/account = %+v", ap)
		}
		var fp feesPage
		apiGet(t, e, "/api/v1/account/fees", &fp)
		if len(fp.Fees) != 1 || fp.Fees[0].Kind != library.FeeOverdue || fp.Total != ap.FeesTotal {
			t.Errorf("GET /api/v1/account/fees = %+v", fp)
		}
	})
}

// apiGet reads a JSON answer of the signed-in patron.
func apiGet(t *testing.T, e *circEnv, path string, v any) {
	t.Helper()
	resp, body := e.do(t, "GET", path+"?lang=en", nil, "Cookie: "+e.patronCookie)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: status %d: %s", path, resp.StatusCode, body)
	}
	if err := json.Unmarshal([]byte(body), v); err != nil {
		t.Fatalf("GET %s: %v", path, err)
	}
}

func TestRenew(t *testing.T) {
	forEachCircEnv(t, func(t *testing.T, e *circEnv) {
		ctx := context.Background()
		e.checkout(t, e.patron, "T1-1", testNow.AddDate(0, 0, -7))
		e.checkout(t, e.patron, "F1-0", testNow.AddDate(0, 0, -7))
		// Both copies of (TEST)f1 out, and a third patron waits for it:
		// F1-0 may not be renewed.
		other, _ := e.newPatron(t, "2000", "Lindqvist, Saga", "hki-oodi")
		e.checkout(t, other, "F1-1", testNow)
		third, _ := e.newPatron(t, "3000", "Ivanova, Olga", "hki-oodi")
		if _, err := e.db.PlaceHold(ctx, library.Hold{PatronID: third.ID, RecordID: e.records["(TEST)f1"], PickupBranch: "hki-oodi"}, library.Actor{}, testNow); err != nil {
			t.Fatal(err)
		}
		for _, lang := range langs {
			_, body := e.postThenGet(t, "/account/loans/renew", url.Values{"barcode": {"F1-0"}}, e.asPatron(lang))
			if want := e.msg(lang, "error.renew_held"); !strings.Contains(body, htmlText(want)) {
				t.Errorf("%s: refusal %q not shown", lang, want)
			}
		}
		// Renew all: T1-1 renews, F1-0 is still held.
		var lp loansPage
		_, body := e.postThenGet(t, "/account/loans/renew", url.Values{}, e.asPatron("en"))
		loans, err := e.db.Loans(ctx, e.patron.ID)
		if err != nil {
			t.Fatal(err)
		}
		renewals := map[string]int{}
		for _, l := range loans {
			renewals[l.Barcode] = l.Renewals
			if l.Barcode == "T1-1" {
				want := e.msg("en", "account.renew.ok", "Date", e.srv.FormatTime("en", l.DueAt))
				if !strings.Contains(body, htmlText(want)) {
					t.Errorf("renew all: no %q", want)
				}
			}
		}
		if diff := cmp.Diff(map[string]int{"T1-1": 1, "F1-0": 0}, renewals); diff != "" {
			t.Errorf("renewals (-want +got):\n%s", diff)
		}
		apiGet(t, e, "/api/v1/account/loans", &lp)
		if len(lp.Loans) != 2 || lp.Loans[0].MaxRenewals != 5 {
			t.Errorf("GET /api/v1/account/loans = %+v", lp)
		}
	})
}

func TestRenewLimitInEveryLanguage(t *testing.T) {
	forEachCircEnv(t, func(t *testing.T, e *circEnv) {
		ctx := context.Background()
		pol := library.DefaultPolicy()
		pol.Rules = []library.LoanRule{{LoanDays: 28, MaxRenewals: 1, MaxLoans: 100, HoldsAllowed: true}}
		if err := e.db.SetPolicy(ctx, pol); err != nil {
			t.Fatal(err)
		}
		e.checkout(t, e.patron, "T1-1", testNow.AddDate(0, 0, -7))
		if _, err := e.db.Renew(ctx, e.patron.ID, "T1-1", library.Actor{}, testNow); err != nil {
			t.Fatal(err)
		}
		for _, lang := range langs {
			_, body := e.postThenGet(t, "/account/loans/renew", url.Values{"barcode": {"T1-1"}}, e.asPatron(lang))
			for _, want := range []string{e.msg(lang, "error.renew_limit"), e.msg(lang, "account.loans.renewals", "Count", 1, "Max", 1)} {
				if !strings.Contains(body, htmlText(want)) {
					t.Errorf("%s: no %q", lang, want)
				}
			}
		}
	})
}
