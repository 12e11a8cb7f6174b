package elib

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"

	"github.com/kirjasto/kirjasto/internal/library"
	"github.com/kirjasto/kirjasto/internal/odl"
	"github.com/kirjasto/kirjasto/internal/web/webtest"
)

// apiCaller sends API requests to e's server with a bearer token (or
// none) and checks the status.
func apiCaller(t *testing.T, e *webtest.ELibEnv) func(method, path, body, token string, want int, v any) string {
	return func(method, path, body, token string, want int, v any) string {
		t.Helper()
		req := httptest.NewRequest(method, "http://kirjasto.test"+path, strings.NewReader(body))
		if body != "" {
			req.Header.Set("Content-Type", "application/json")
		}
		if token != "" {
			req.Header.Set("Authorization", "Bearer "+token)
		}
		w := httptest.NewRecorder()
		e.Srv.Handler().ServeHTTP(w, req)
		if w.Code != want {
			t.Fatalf("%s %s: %d, want %d: %s", method, path, w.Code, want, w.Body)
		}
		if v != nil {
			if err := json.Unmarshal(w.Body.Bytes(), v); err != nil {
				t.Fatal(err)
			}
		}
		return w.Body.String()
	}
}

func token(t *testing.T, e *webtest.ELibEnv, p library.Patron) string {
	t.Helper()
	tok, err := e.DB.NewAPIToken(context.Background(), p.ID, "test", webtest.Now)
	if err != nil {
		t.Fatal(err)
	}
	return tok.Token
}

func body(rec int64) string { return `{"record_id": ` + strconv.FormatInt(rec, 10) + `}` }

func TestAPIBorrowRenewReturn(t *testing.T) {
	webtest.ForEachELibEnv(t, func(t *testing.T, e *webtest.ELibEnv) {
		call := apiCaller(t, e)
		rec := e.ETitle(t, webtest.OneCopy)
		tok := token(t, e, e.Patron)
		id := strconv.FormatInt(rec, 10)

		var av eavailabilityView
		call("GET", "/api/v1/records/"+id+"/eavailability?lang=en", "", tok, http.StatusOK, &av)
		if !av.Licensed || av.Free != 1 || av.Total != 1 || !av.CanBorrow || av.Text != e.Msg("en", "elib_web.avail.free", "Free", 1, "Total", 1) {
			t.Fatalf("availability before %+v", av)
		}

		var made struct{ ELoan eloanView }
		call("POST", "/api/v1/account/eloans", body(rec), tok, http.StatusCreated, &made)
		l := made.ELoan
		if l.RecordID != rec || l.Title == "" || l.Link == "" || l.LinkType == "" || l.Renewals != 0 || !l.Due.After(l.Start) {
			t.Fatalf("borrowed %+v", l)
		}
		// The loan is the distributor's too.
		loans, err := e.DB.ELoans(context.Background(), e.Patron.ID, webtest.Now)
		if err != nil || len(loans) != 1 {
			t.Fatal(loans, err)
		}
		if st, err := e.Client.LoanStatus(context.Background(), loans[0].StatusURL); err != nil || !st.Open() {
			t.Fatalf("the distributor's loan: %+v, %v", st, err)
		}
		call("POST", "/api/v1/account/eloans", body(rec), tok, http.StatusConflict, nil)
		call("GET", "/api/v1/records/"+id+"/eavailability", "", tok, http.StatusOK, &av)
		if av.Free != 0 || av.CanBorrow {
			t.Fatalf("availability on loan %+v", av)
		}

		var list struct{ ELoans []eloanView }
		call("GET", "/api/v1/account/eloans", "", tok, http.StatusOK, &list)
		if len(list.ELoans) != 1 || list.ELoans[0] != l {
			t.Fatalf("e-loans %+v, want %+v", list.ELoans, l)
		}

		// The library lengthens its loans, so a renewal now ends later.
		if err := e.DB.SetELimits(context.Background(), e.Admin, "", library.ELimits{Loans: 5, Holds: 5, LoanDays: 21}); err != nil {
			t.Fatal(err)
		}
		// The web library's session cookie serves as well as a token.
		if resp, body := e.Do(t, http.MethodGet, "/api/v1/account/eloans", nil, e.AsPatron("en")); resp.StatusCode != http.StatusOK ||
			!strings.Contains(body, l.Link) {
			t.Fatalf("e-loans with the session's cookie: %d %s", resp.StatusCode, body)
		}

		var renewed struct{ ELoan eloanView }
		call("POST", l.RenewURL, "", tok, http.StatusOK, &renewed)
		if renewed.ELoan.Renewals != 1 || renewed.ELoan.RenewalsLeft != library.ERenewals-1 || renewed.ELoan.ID != l.ID ||
			!renewed.ELoan.Due.After(l.Due) {
			t.Fatalf("renewed %+v", renewed.ELoan)
		}

		// Another patron's loan is not theirs: 404, and it stays open.
		other, _ := e.NewPatron(t, "1001", "Korhonen, Bo", "esp-sello")
		otherTok := token(t, e, other)
		call("POST", l.ReturnURL, "", otherTok, http.StatusNotFound, nil)
		call("POST", l.RenewURL, "", otherTok, http.StatusNotFound, nil)
		call("POST", l.ReturnURL, "", "", http.StatusUnauthorized, nil)

		call("POST", l.ReturnURL, "", tok, http.StatusNoContent, nil)
		if st, err := e.Client.LoanStatus(context.Background(), loans[0].StatusURL); err != nil || st.Status != odl.StatusReturned {
			t.Fatalf("the distributor's loan after the return: %+v, %v", st, err)
		}
		call("GET", "/api/v1/account/eloans", "", tok, http.StatusOK, &list)
		if len(list.ELoans) != 0 {
			t.Fatalf("e-loans after the return %+v", list.ELoans)
		}
		call("POST", l.ReturnURL, "", tok, http.StatusNotFound, nil)
	})
}

func TestAPIReserveOfferBorrow(t *testing.T) {
	webtest.ForEachELibEnv(t, func(t *testing.T, e *webtest.ELibEnv) {
		call := apiCaller(t, e)
		rec := e.ETitle(t, webtest.OneCopy)
		tok := token(t, e, e.Patron)
		bob, _ := e.NewPatron(t, "1001", "Korhonen, Bo", "esp-sello")
		bobTok := token(t, e, bob)

		var made struct{ ELoan eloanView }
		call("POST", "/api/v1/account/eloans", body(rec), tok, http.StatusCreated, &made)
		// None free: Bob's Borrow is refused in his language; he reserves.
		msg := call("POST", "/api/v1/account/eloans?lang=sv", body(rec), bobTok, http.StatusConflict, nil)
		if !strings.Contains(msg, e.Msg("sv", "error.elib_none_free")) {
			t.Fatalf("the refusal: %s", msg)
		}
		var held struct{ EHold eholdView }
		call("POST", "/api/v1/account/eholds?lang=en", body(rec), bobTok, http.StatusCreated, &held)
		h := held.EHold
		if h.RecordID != rec || h.Status != library.EHoldWaiting || h.Position != 1 || h.WindowEnds != nil ||
			h.Label != e.Msg("en", "elib.hold.status.waiting") {
			t.Fatalf("reserved %+v", h)
		}
		call("POST", "/api/v1/account/eholds", body(rec), bobTok, http.StatusConflict, nil)
		// Someone waits: the first loan cannot be renewed.
		msg = call("POST", made.ELoan.RenewURL+"?lang=fi", "", tok, http.StatusConflict, nil)
		if !strings.Contains(msg, e.Msg("fi", "error.elib_renew_waiting")) {
			t.Fatalf("renewing while Bob waits: %s", msg)
		}
		// Another patron's e-hold is not theirs to cancel.
		call("DELETE", h.CancelURL, "", tok, http.StatusNotFound, nil)

		// The first returns: Bob is offered the place until the window
		// ends, and borrows it.
		call("POST", made.ELoan.ReturnURL, "", tok, http.StatusNoContent, nil)
		var holds struct{ EHolds []eholdView }
		call("GET", "/api/v1/account/eholds", "", bobTok, http.StatusOK, &holds)
		if len(holds.EHolds) != 1 || holds.EHolds[0].Status != library.EHoldOffered || holds.EHolds[0].WindowEnds == nil ||
			holds.EHolds[0].Position != 0 {
			t.Fatalf("Bob's offer %+v", holds.EHolds)
		}
		call("POST", "/api/v1/account/eloans", body(rec), bobTok, http.StatusCreated, &made)
		call("GET", "/api/v1/account/eholds", "", bobTok, http.StatusOK, &holds)
		if len(holds.EHolds) != 0 || made.ELoan.Link == "" {
			t.Fatalf("after borrowing the offer: holds %+v, loan %+v", holds.EHolds, made.ELoan)
		}

		// A new e-hold is cancelled.
		call("POST", "/api/v1/account/eholds", body(rec), tok, http.StatusCreated, &held)
		call("DELETE", held.EHold.CancelURL, "", "", http.StatusUnauthorized, nil)
		call("DELETE", held.EHold.CancelURL, "", tok, http.StatusNoContent, nil)
		call("GET", "/api/v1/account/eholds", "", tok, http.StatusOK, &holds)
		if len(holds.EHolds) != 0 {
			t.Fatalf("after the cancel %+v", holds.EHolds)
		}
	})
}

func TestAPIRefusals(t *testing.T) {
	webtest.ForEachELibEnv(t, func(t *testing.T, e *webtest.ELibEnv) {
		call := apiCaller(t, e)
		one, two := e.ETitle(t, webtest.OneCopy), e.ETitle(t, webtest.OneCopy)
		tok := token(t, e, e.Patron)
		if err := e.DB.SetELimits(context.Background(), e.Admin, "", library.ELimits{Loans: 1, Holds: 5, LoanDays: 14}); err != nil {
			t.Fatal(err)
		}
		call("POST", "/api/v1/account/eloans", body(one), tok, http.StatusCreated, nil)
		for _, lang := range []string{"fi", "ar"} {
			msg := call("POST", "/api/v1/account/eloans?lang="+lang, body(two), tok, http.StatusForbidden, nil)
			if !strings.Contains(msg, e.Msg(lang, "error.elib_loan_limit", "Count", 1)) {
				t.Fatalf("%s: over the limit: %s", lang, msg)
			}
		}
		print := e.Records[webtest.Records()[0].Record.SourceID]
		for _, b := range []string{`{"record_id": 0}`, `{"record_id": 999999}`, body(print), `{"record_id": `, `[1]`} {
			call("POST", "/api/v1/account/eloans", b, tok, http.StatusBadRequest, nil)
			call("POST", "/api/v1/account/eholds", b, tok, http.StatusBadRequest, nil)
		}
		for _, path := range []string{"/api/v1/account/eloans", "/api/v1/account/eholds"} {
			call("GET", path, "", "", http.StatusUnauthorized, nil)
			call("POST", path, body(two), "", http.StatusUnauthorized, nil)
		}
		call("POST", "/api/v1/account/eloans/x/renew", "", tok, http.StatusNotFound, nil)
		call("DELETE", "/api/v1/account/eholds/x", "", tok, http.StatusNotFound, nil)
		call("GET", "/api/v1/records/"+strconv.FormatInt(print, 10)+"/eavailability", "", "", http.StatusNotFound, nil)

		// The distributor down: 409 with "try again later", nothing kept.
		if err := e.DB.SetELimits(context.Background(), e.Admin, "", library.ELimits{Loans: 5, Holds: 5, LoanDays: 14}); err != nil {
			t.Fatal(err)
		}
		e.DistributorHTTP.Close()
		msg := call("POST", "/api/v1/account/eloans?lang=et", body(two), tok, http.StatusConflict, nil)
		if !strings.Contains(msg, e.Msg("et", "elib_web.error.distributor")) {
			t.Fatalf("the distributor down: %s", msg)
		}
		if loans, _ := e.DB.ELoans(context.Background(), e.Patron.ID, webtest.Now); len(loans) != 1 {
			t.Fatalf("%d loans after the failure, want 1", len(loans))
		}
	})
}
