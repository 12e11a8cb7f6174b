package elib

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/kirjasto/kirjasto/internal/library"
	"github.com/kirjasto/kirjasto/internal/odl"
	"github.com/kirjasto/kirjasto/internal/web/webtest"
)

// post sends a form-less POST and wants a 303 to My Account's e-lending
// page with done=what.
func post(t *testing.T, e *webtest.ELibEnv, path, cookie, what string) {
	t.Helper()
	resp, body := e.Do(t, http.MethodPost, path, nil, cookie)
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/account/elib?done="+what {
		t.Fatalf("POST %s: %d %s, want 303 to done=%s\n%s", path, resp.StatusCode, resp.Header.Get("Location"), what, body)
	}
}

// openLink finds the e-loan's "open" link on the page.
var openLink = regexp.MustCompile(`<a href="([^"]+)" rel="noreferrer"`)

func TestBorrowReturn(t *testing.T) {
	webtest.ForEachELibEnv(t, func(t *testing.T, e *webtest.ELibEnv) {
		rec := e.ETitle(t, webtest.OneCopy)
		id := strconv.FormatInt(rec, 10)

		// The record's page links the e-lending page, which says how many
		// licences are free and offers Borrow.
		if _, body := e.Do(t, http.MethodGet, "/records/"+id, nil, e.AsPatron("en")); !strings.Contains(body, `href="/elib/`+id+`"`) ||
			!strings.Contains(body, e.Msg("en", "elib_web.avail.free", "Free", 1, "Total", 1)) {
			t.Fatalf("the record's page does not link its e-lending:\n%s", body)
		}
		_, body := e.Do(t, http.MethodGet, "/elib/"+id, nil, e.AsPatron("fi"))
		if !strings.Contains(body, e.Msg("fi", "elib_web.avail.free", "Free", 1, "Total", 1)) || !strings.Contains(body, `action="/elib/`+id+`/borrow"`) {
			t.Fatalf("the e-title's page:\n%s", body)
		}

		post(t, e, "/elib/"+id+"/borrow", e.AsPatron("fi"), "borrowed")
		_, body = e.Do(t, http.MethodGet, "/account/elib?done=borrowed", nil, e.AsPatron("fi"))
		if !strings.Contains(body, e.Msg("fi", "elib_web.done.borrowed")) {
			t.Fatalf("no notice of the loan:\n%s", body)
		}
		m := openLink.FindStringSubmatch(body)
		if m == nil {
			t.Fatalf("no link to open the e-book:\n%s", body)
		}
		// The link is the distributor's: it serves the loan's licence.
		link := strings.ReplaceAll(m[1], "&amp;", "&")
		r, err := http.Get(link)
		if err != nil {
			t.Fatal(err)
		}
		io.Copy(io.Discard, r.Body)
		r.Body.Close()
		if r.StatusCode != http.StatusOK {
			t.Fatalf("GET the loan's link %s: %d", link, r.StatusCode)
		}
		loans, err := e.DB.ELoans(context.Background(), e.Patron.ID, webtest.Now)
		if err != nil || len(loans) != 1 || loans[0].StatusURL == "" {
			t.Fatalf("loans %+v, %v", loans, err)
		}
		st, err := e.Client.LoanStatus(context.Background(), loans[0].StatusURL)
		if err != nil || !st.Open() {
			t.Fatalf("the distributor's loan: %+v, %v", st, err)
		}

		// Return: the distributor's loan ends and the place is free again.
		post(t, e, "/account/elib/loans/"+strconv.FormatInt(loans[0].ID, 10)+"/return", e.AsPatron("fi"), "returned")
		if st, err := e.Client.LoanStatus(context.Background(), loans[0].StatusURL); err != nil || st.Status != odl.StatusReturned {
			t.Fatalf("the distributor's loan after the return: %+v, %v", st, err)
		}
		_, body = e.Do(t, http.MethodGet, "/account/elib", nil, e.AsPatron("fi"))
		if !strings.Contains(body, e.Msg("fi", "elib_web.account.no_loans")) {
			t.Fatalf("the returned loan is still listed:\n%s", body)
		}
		// Another's loan, or none, is not the patron's to return.
		resp, _ := e.Do(t, http.MethodPost, "/account/elib/loans/"+strconv.FormatInt(loans[0].ID, 10)+"/return", nil, e.AsPatron("en"))
		if resp.StatusCode != http.StatusNotFound {
			t.Fatalf("returning a returned loan: %d, want 404", resp.StatusCode)
		}
	})
}

func TestReserveAndBorrowTheOffer(t *testing.T) {
	webtest.ForEachELibEnv(t, func(t *testing.T, e *webtest.ELibEnv) {
		rec := e.ETitle(t, webtest.OneCopy)
		id := strconv.FormatInt(rec, 10)
		_, bob := e.NewPatron(t, "1001", "Korhonen, Bo", "esp-sello")
		asBob := func(lang string) string { return "Cookie: " + bob + "; lang=" + lang }

		post(t, e, "/elib/"+id+"/borrow", e.AsPatron("en"), "borrowed")

		// None free: Bob is offered Reserve; Borrow is refused in his
		// language with 409.
		_, body := e.Do(t, http.MethodGet, "/elib/"+id, nil, asBob("sv"))
		if !strings.Contains(body, e.Msg("sv", "elib_web.avail.none_first")) || !strings.Contains(body, `action="/elib/`+id+`/reserve"`) {
			t.Fatalf("the e-title with none free and nobody waiting:\n%s", body)
		}
		resp, body := e.Do(t, http.MethodPost, "/elib/"+id+"/borrow", nil, asBob("sv"))
		if resp.StatusCode != http.StatusConflict || !strings.Contains(body, e.Msg("sv", "error.elib_none_free")) {
			t.Fatalf("borrowing with none free: %d\n%s", resp.StatusCode, body)
		}
		post(t, e, "/elib/"+id+"/reserve", asBob("sv"), "reserved")
		if _, body := e.Do(t, http.MethodGet, "/elib/"+id, nil, asBob("sv")); !strings.Contains(body, e.Msg("sv", "elib_web.avail.none", "Waiting", 1)) {
			t.Fatalf("the e-title with one waiting:\n%s", body)
		}
		_, body = e.Do(t, http.MethodGet, "/account/elib", nil, asBob("sv"))
		if !strings.Contains(body, e.Msg("sv", "elib_web.account.position")) || !strings.Contains(body, `/account/elib/holds/`) {
			t.Fatalf("Bob's e-hold:\n%s", body)
		}

		// The first returns: the place is offered to Bob, who borrows it
		// within the window from My Account.
		loans, _ := e.DB.ELoans(context.Background(), e.Patron.ID, webtest.Now)
		post(t, e, "/account/elib/loans/"+strconv.FormatInt(loans[0].ID, 10)+"/return", e.AsPatron("en"), "returned")
		_, body = e.Do(t, http.MethodGet, "/account/elib", nil, asBob("sv"))
		if !strings.Contains(body, "elib-hold") || !strings.Contains(body, `action="/elib/`+id+`/borrow"`) {
			t.Fatalf("Bob's offer has no Borrow:\n%s", body)
		}
		post(t, e, "/elib/"+id+"/borrow", asBob("sv"), "borrowed")
		_, body = e.Do(t, http.MethodGet, "/account/elib", nil, asBob("sv"))
		if openLink.FindStringSubmatch(body) == nil || !strings.Contains(body, e.Msg("sv", "elib_web.account.no_holds")) {
			t.Fatalf("Bob's loan from the offer:\n%s", body)
		}
	})
}

func TestRefusals(t *testing.T) {
	webtest.ForEachELibEnv(t, func(t *testing.T, e *webtest.ELibEnv) {
		one, two := e.ETitle(t, webtest.OneCopy), e.ETitle(t, webtest.OneCopy)
		if err := e.DB.SetELimits(context.Background(), e.Admin, "", library.ELimits{Loans: 1, Holds: 5, LoanDays: 14}); err != nil {
			t.Fatal(err)
		}
		post(t, e, "/elib/"+strconv.FormatInt(one, 10)+"/borrow", e.AsPatron("fi"), "borrowed")
		for _, lang := range []string{"fi", "ar"} {
			resp, body := e.Do(t, http.MethodPost, "/elib/"+strconv.FormatInt(two, 10)+"/borrow", nil, e.AsPatron(lang))
			if resp.StatusCode != http.StatusForbidden || !strings.Contains(body, e.Msg(lang, "error.elib_loan_limit", "Count", 1)) {
				t.Fatalf("%s: over the limit: %d\n%s", lang, resp.StatusCode, body)
			}
			// Told on the title's page, beside the button pressed.
			if !strings.Contains(body, `<p class="notice no" role="alert">`) || !strings.Contains(body, `action="/elib/`+strconv.FormatInt(two, 10)+`/borrow"`) {
				t.Fatalf("%s: the refusal is not on the title's page:\n%s", lang, body)
			}
		}
		// The refused loan left nothing behind.
		if loans, _ := e.DB.ELoans(context.Background(), e.Patron.ID, webtest.Now); len(loans) != 1 {
			t.Fatalf("%d loans after the refusal, want 1", len(loans))
		}

		// A bad record, a record that is no e-title, a bad e-hold: 404.
		print := e.Records[webtest.Records()[0].Record.SourceID]
		for _, path := range []string{"/elib/nonsense", "/elib/999999", "/elib/" + strconv.FormatInt(print, 10)} {
			if resp, _ := e.Do(t, http.MethodGet, path, nil, e.AsPatron("en")); resp.StatusCode != http.StatusNotFound {
				t.Errorf("GET %s: %d, want 404", path, resp.StatusCode)
			}
			if resp, _ := e.Do(t, http.MethodPost, path+"/borrow", nil, e.AsPatron("en")); resp.StatusCode != http.StatusNotFound {
				t.Errorf("POST %s/borrow: %d, want 404", path, resp.StatusCode)
			}
		}
		if resp, _ := e.Do(t, http.MethodPost, "/account/elib/holds/x/cancel", nil, e.AsPatron("en")); resp.StatusCode != http.StatusNotFound {
			t.Errorf("cancelling e-hold x: %d, want 404", resp.StatusCode)
		}
		// Signed out, Borrow goes to sign in and lends nothing.
		if resp, _ := e.Do(t, http.MethodPost, "/elib/"+strconv.FormatInt(two, 10)+"/borrow", nil); resp.StatusCode != http.StatusSeeOther ||
			!strings.HasPrefix(resp.Header.Get("Location"), "/signin") {
			t.Errorf("borrowing signed out: %d %s", resp.StatusCode, resp.Header.Get("Location"))
		}
	})
}

// The distributor refusing a checkout undoes the store's loan.
func TestDistributorRefuses(t *testing.T) {
	webtest.ForEachELibEnv(t, func(t *testing.T, e *webtest.ELibEnv) {
		rec := e.ETitle(t, webtest.OneCopy)
		ls, err := e.DB.Licences(context.Background(), rec)
		if err != nil || len(ls) != 1 {
			t.Fatal(ls, err)
		}
		// Someone else, outside Kirjasto, takes the one place at the
		// distributor.
		if _, err := e.Client.Checkout(context.Background(), ls[0], odl.CheckoutRequest{CheckoutID: "elsewhere", PatronID: "x", Expires: webtest.Now.AddDate(0, 0, 7)}); err != nil {
			t.Fatal(err)
		}
		resp, body := e.Do(t, http.MethodPost, "/elib/"+strconv.FormatInt(rec, 10)+"/borrow", nil, e.AsPatron("et"))
		if resp.StatusCode != http.StatusConflict || !strings.Contains(body, e.Msg("et", odl.KeyUnavailable)) {
			t.Fatalf("the distributor's refusal: %d\n%s", resp.StatusCode, body)
		}
		if loans, _ := e.DB.ELoans(context.Background(), e.Patron.ID, webtest.Now); len(loans) != 0 {
			b, _ := json.Marshal(loans)
			t.Fatalf("the refused loan is kept: %s", b)
		}
	})
}

// A distributor that does not answer lends nothing, says so in the
// patron's language with a 4xx, and leaves the place free.
func TestDistributorUnreachable(t *testing.T) {
	webtest.ForEachELibEnv(t, func(t *testing.T, e *webtest.ELibEnv) {
		rec := e.ETitle(t, webtest.OneCopy)
		e.DistributorHTTP.Close()
		resp, body := e.Do(t, http.MethodPost, "/elib/"+strconv.FormatInt(rec, 10)+"/borrow", nil, e.AsPatron("so"))
		if resp.StatusCode != http.StatusConflict || !strings.Contains(body, e.Msg("so", "elib_web.error.distributor")) {
			t.Fatalf("an unreachable distributor: %d\n%s", resp.StatusCode, body)
		}
		av, err := e.DB.EAvailability(context.Background(), []int64{rec}, webtest.Now)
		if err != nil || av[rec].Free != 1 {
			t.Fatalf("availability after the failed checkout: %+v, %v", av[rec], err)
		}
	})
}

func TestCancelEHold(t *testing.T) {
	webtest.ForEachELibEnv(t, func(t *testing.T, e *webtest.ELibEnv) {
		rec := e.ETitle(t, webtest.OneCopy)
		id := strconv.FormatInt(rec, 10)
		bobP, bob := e.NewPatron(t, "1001", "Korhonen, Bo", "esp-sello")
		post(t, e, "/elib/"+id+"/borrow", e.AsPatron("en"), "borrowed")
		post(t, e, "/elib/"+id+"/reserve", "Cookie: "+bob+"; lang=ru", "reserved")
		holds, err := e.DB.EHolds(context.Background(), bobP.ID, webtest.Now)
		if err != nil || len(holds) != 1 {
			t.Fatalf("Bob's e-holds: %+v, %v", holds, err)
		}
		// Not the patron's own e-hold: refused, kept.
		path := "/account/elib/holds/" + strconv.FormatInt(holds[0].ID, 10) + "/cancel"
		if resp, _ := e.Do(t, http.MethodPost, path, nil, e.AsPatron("en")); resp.StatusCode < 400 || resp.StatusCode >= 500 {
			t.Fatalf("cancelling another's e-hold: %d", resp.StatusCode)
		}
		post(t, e, path, "Cookie: "+bob+"; lang=ru", "cancelled")
		_, body := e.Do(t, http.MethodGet, "/account/elib?done=cancelled", nil, "Cookie: "+bob+"; lang=ru")
		if !strings.Contains(body, e.Msg("ru", "elib_web.done.cancelled")) || !strings.Contains(body, e.Msg("ru", "elib_web.account.no_holds")) {
			t.Fatalf("after cancelling:\n%s", body)
		}
	})
}

func TestRenew(t *testing.T) {
	webtest.ForEachELibEnv(t, func(t *testing.T, e *webtest.ELibEnv) {
		ctx := context.Background()
		rec := e.ETitle(t, webtest.OneCopy)
		id := strconv.FormatInt(rec, 10)
		post(t, e, "/elib/"+id+"/borrow", e.AsPatron("fi"), "borrowed")
		loans, _ := e.DB.ELoans(ctx, e.Patron.ID, webtest.Now)
		loanPath := "/account/elib/loans/" + strconv.FormatInt(loans[0].ID, 10) + "/renew"

		// The library lengthens its loans: a renewal now ends later than
		// the loan does, in the store and at the distributor alike.
		if err := e.DB.SetELimits(ctx, e.Admin, "", library.ELimits{Loans: 5, Holds: 5, LoanDays: 21}); err != nil {
			t.Fatal(err)
		}
		post(t, e, loanPath, e.AsPatron("fi"), "renewed")
		after, _ := e.DB.ELoans(ctx, e.Patron.ID, webtest.Now)
		if len(after) != 1 || after[0].Renewals != 1 || !after[0].Due.After(loans[0].Due) {
			t.Fatalf("after the renewal %+v, before %+v", after, loans)
		}
		ls, _ := e.DB.Licences(ctx, rec)
		info, err := e.Client.LicenceInfo(ctx, ls[0].StatusURL)
		if err != nil || len(info.Active) != 1 || !info.Active[0].Expires.Equal(after[0].Due) {
			t.Fatalf("the distributor's loan ends %+v (%v), the store's %v", info.Active, err, after[0].Due)
		}
		_, body := e.Do(t, http.MethodGet, "/account/elib?done=renewed", nil, e.AsPatron("fi"))
		if !strings.Contains(body, e.Msg("fi", "elib_web.done.renewed")) || !strings.Contains(body, e.Msg("fi", "elib_web.account.renewed")) {
			t.Fatalf("My Account after the renewal:\n%s", body)
		}

		// Someone waits: refused in the patron's language, nothing changed.
		_, bob := e.NewPatron(t, "1002", "Virtanen, Bo", "esp-sello")
		post(t, e, "/elib/"+id+"/reserve", "Cookie: "+bob+"; lang=en", "reserved")
		resp, body := e.Do(t, http.MethodPost, loanPath, nil, e.AsPatron("sv"))
		if resp.StatusCode != http.StatusConflict || !strings.Contains(body, e.Msg("sv", "error.elib_renew_waiting")) {
			t.Fatalf("renewing while Bo waits: %d\n%s", resp.StatusCode, body)
		}
		if again, _ := e.DB.ELoans(ctx, e.Patron.ID, webtest.Now); again[0].Renewals != 1 || !again[0].Due.Equal(after[0].Due) {
			t.Fatalf("a refused renewal changed the loan: %+v", again[0])
		}
	})
}
