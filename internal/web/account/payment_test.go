package account

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/kirjasto/kirjasto/internal/library"
	"github.com/kirjasto/kirjasto/internal/payment"
	"github.com/kirjasto/kirjasto/internal/web"
	"github.com/kirjasto/kirjasto/internal/web/webtest"
)

// payEnv is a circulation environment whose server pays through the
// test provider, with a patron who owes two overdue fees.
func payEnv(t *testing.T, e *webtest.CircEnv) []library.Fee {
	t.Helper()
	srv, err := webtest.NewServer(web.Config{Store: e.DB, Search: e.Index, I18n: e.Bundle, Now: func() time.Time { return webtest.Now },
		PageSize: 10, Patrons: e.DB, Circulation: e.DB, Payment: &payment.Test{Secret: []byte("test secret")}})
	if err != nil {
		t.Fatal(err)
	}
	e.Srv = srv
	ctx := context.Background()
	for _, bc := range []string{"F1-0", "F2-0"} {
		e.Checkout(t, e.Patron, bc, webtest.Now.AddDate(0, 0, -40))
		if _, err := e.DB.Checkin(ctx, bc, library.Actor{Branch: "hki-oodi"}, webtest.Now.AddDate(0, 0, -1)); err != nil {
			t.Fatal(err)
		}
	}
	fees, err := e.DB.Fees(ctx, e.Patron.ID)
	if err != nil || len(fees) != 2 {
		t.Fatalf("fees: %+v, %v", fees, err)
	}
	return fees
}

// startPay posts the fees page's form and follows to the test page.
func startPay(t *testing.T, e *webtest.CircEnv, fees ...library.Fee) (pagePath string) {
	t.Helper()
	form := url.Values{}
	for _, f := range fees {
		form.Add("fee", itoa(f.ID))
	}
	resp, _ := e.Do(t, "POST", "/account/payments", form, e.AsPatron("fi"))
	loc := resp.Header.Get("Location")
	if resp.StatusCode != http.StatusSeeOther || !strings.HasPrefix(loc, payment.PagePath) {
		t.Fatalf("start: %d to %q", resp.StatusCode, loc)
	}
	return loc
}

// answer presses a button on the test page and returns the return URL.
func answer(t *testing.T, e *webtest.CircEnv, pagePath, action string) string {
	t.Helper()
	resp, _ := e.Do(t, "POST", pagePath, url.Values{"action": {action}}, e.AsPatron("fi"))
	loc := resp.Header.Get("Location")
	if resp.StatusCode != http.StatusSeeOther || !strings.HasPrefix(loc, "/payment/return?") {
		t.Fatalf("%s: %d to %q", action, resp.StatusCode, loc)
	}
	return loc
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

func openFeeCount(t *testing.T, e *webtest.CircEnv) int {
	t.Helper()
	fees, err := e.DB.Fees(context.Background(), e.Patron.ID)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, f := range fees {
		if f.PaidAt.IsZero() {
			n++
		}
	}
	return n
}

func TestOnlinePaymentFlow(t *testing.T) {
	webtest.ForEachCircEnv(t, func(t *testing.T, e *webtest.CircEnv) {
		fees := payEnv(t, e)
		_, body := e.Do(t, "GET", "/account/fees", nil, e.AsPatron("en"))
		if !strings.Contains(body, `action="/account/payments"`) || !strings.Contains(body, e.Msg("en", "payment.pay_online")) {
			t.Error("fees page has no Pay online form")
		}
		// Cancel: the fees stay open.
		page := startPay(t, e, fees...)
		resp, body := e.Do(t, "GET", answer(t, e, page, "cancel"), nil, e.AsPatron("en"))
		if resp.StatusCode != http.StatusOK || !strings.Contains(body, e.Msg("en", "payment.cancelled.title")) {
			t.Errorf("cancelled return: %d", resp.StatusCode)
		}
		if n := openFeeCount(t, e); n != 2 {
			t.Errorf("after cancel %d open fees, want 2", n)
		}
		// Pay: the test page in every language, then back with a signature.
		page = startPay(t, e, fees...)
		for _, lang := range []string{"fi", "sv", "en", "ru"} {
			resp, body := e.Do(t, "GET", page, nil, e.AsPatron(lang))
			if resp.StatusCode != http.StatusOK || !strings.Contains(body, e.Msg(lang, "payment.test.pay")) {
				t.Errorf("%s test page: %d", lang, resp.StatusCode)
			}
			if m := rawID.FindString(body); m != "" {
				t.Errorf("%s: raw message id %q on test page", lang, m)
			}
		}
		ret := answer(t, e, page, "pay")
		// A tampered amount or status is refused and pays nothing.
		u, _ := url.Parse(ret)
		for _, tamper := range []func(url.Values){
			func(v url.Values) { v.Set(payment.ParamAmount, "1") },
			func(v url.Values) { v.Set(payment.ParamSignature, strings.Repeat("0", 64)) },
			func(v url.Values) { v.Del(payment.ParamSignature) },
		} {
			v := u.Query()
			tamper(v)
			if resp, _ := e.Do(t, "GET", "/payment/return?"+v.Encode(), nil); resp.StatusCode != http.StatusBadRequest {
				t.Errorf("tampered return %v: %d, want 400", v, resp.StatusCode)
			}
		}
		if n := openFeeCount(t, e); n != 2 {
			t.Fatalf("after tampered returns %d open fees, want 2", n)
		}
		// The real return pays; a replay does nothing more.
		var receipt string
		for i := range 2 {
			resp, _ := e.Do(t, "GET", ret, nil)
			receipt = resp.Header.Get("Location")
			if resp.StatusCode != http.StatusSeeOther || !strings.HasSuffix(receipt, "/receipt") {
				t.Fatalf("return %d: %d to %q", i, resp.StatusCode, receipt)
			}
		}
		if n := openFeeCount(t, e); n != 0 {
			t.Errorf("after payment %d open fees", n)
		}
		fs, _ := e.DB.Fees(context.Background(), e.Patron.ID)
		if fs[0].PaymentID == 0 || fs[0].PaymentID != fs[1].PaymentID {
			t.Errorf("fees paid by payments %d and %d", fs[0].PaymentID, fs[1].PaymentID)
		}
		for _, lang := range []string{"fi", "sv", "en", "ru"} {
			resp, body := e.Do(t, "GET", receipt, nil, e.AsPatron(lang))
			if resp.StatusCode != http.StatusOK {
				t.Fatalf("%s receipt: %d", lang, resp.StatusCode)
			}
			for _, want := range []string{e.Msg(lang, "payment.receipt.title"), e.Msg(lang, "payment.reference"), "KJ-"} {
				if !strings.Contains(body, webtest.HTMLText(want)) {
					t.Errorf("%s receipt lacks %q", lang, want)
				}
			}
			if m := rawID.FindString(body); m != "" {
				t.Errorf("%s: raw message id %q on receipt", lang, m)
			}
		}
		// Another patron sees no receipt; a cross-origin start is refused.
		_, cookie := e.NewPatron(t, "2600", "Muu, Matti", "hki-oodi")
		if resp, _ := e.Do(t, "GET", receipt, nil, "Cookie: "+cookie); resp.StatusCode != http.StatusNotFound {
			t.Errorf("another's receipt: %d, want 404", resp.StatusCode)
		}
		resp, _ = e.Do(t, "POST", "/account/payments", url.Values{"fee": {itoa(fees[0].ID)}}, e.AsPatron("fi"), "Sec-Fetch-Site: cross-site")
		if resp.StatusCode != http.StatusForbidden {
			t.Errorf("cross-origin start: %d, want 403", resp.StatusCode)
		}
	})
}
