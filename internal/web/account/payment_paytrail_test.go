package account

import (
	"context"
	"github.com/kirjasto/kirjasto/internal/web"
	"github.com/kirjasto/kirjasto/internal/web/webtest"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/kirjasto/kirjasto/internal/library"
	"github.com/kirjasto/kirjasto/internal/payment"
	"github.com/kirjasto/kirjasto/internal/payment/paytrailtest"
)

// paytrailEnv is payEnv with a server that pays through a local Paytrail.
func paytrailEnv(t *testing.T, e *webtest.CircEnv) (*paytrailtest.Server, []library.Fee) {
	t.Helper()
	fees := payEnv(t, e)
	pt := paytrailtest.Start(t)
	p, err := payment.NewPaytrail(payment.PaytrailConfig{URL: pt.URL, Merchant: paytrailtest.Merchant,
		Secret: []byte(paytrailtest.Secret), PublicURL: "http://kirjasto.test"})
	if err != nil {
		t.Fatal(err)
	}
	srv, err := webtest.NewServer(web.Config{Store: e.DB, Search: e.Index, I18n: e.Bundle, Now: func() time.Time { return webtest.Now },
		PageSize: 10, Patrons: e.DB, Circulation: e.DB, Payment: p})
	if err != nil {
		t.Fatal(err)
	}
	e.Srv = srv
	return pt, fees
}

// startPaytrail posts the fees page's form and returns the payment
// Paytrail created.
func startPaytrail(t *testing.T, e *webtest.CircEnv, pt *paytrailtest.Server, fees ...library.Fee) paytrailtest.Created {
	t.Helper()
	form := url.Values{}
	for _, f := range fees {
		form.Add("fee", itoa(f.ID))
	}
	resp, _ := e.Do(t, "POST", "/account/payments", form, e.AsPatron("fi"))
	loc := resp.Header.Get("Location")
	c, ok := pt.Last()
	if resp.StatusCode != http.StatusSeeOther || !ok || loc != pt.URL+"/pay/"+c.TransactionID {
		t.Fatalf("start: %d to %q", resp.StatusCode, loc)
	}
	if c.Success != "http://kirjasto.test/payment/return" || c.CallbackSuccess != "http://kirjasto.test/payment/callback" || c.Language != "FI" {
		t.Errorf("created %+v", c)
	}
	return c
}

// TestPaytrailPayment pays fees through a local Paytrail: forged
// callbacks are refused with 4xx and change nothing; a pending answer
// and a cancel leave the fees open; the patron's return and two callbacks
// arriving together pay the fees exactly once; a callback arriving again
// later changes nothing.
func TestPaytrailPayment(t *testing.T) {
	webtest.ForEachCircEnv(t, func(t *testing.T, e *webtest.CircEnv) {
		pt, fees := paytrailEnv(t, e)

		// Pending, then cancelled: nothing paid.
		first := startPaytrail(t, e, pt, fees[0])
		resp, body := e.Do(t, "GET", "/payment/return?"+pt.Answer(first.TransactionID, "pending").Encode(), nil, e.AsPatron("en"))
		if resp.StatusCode != http.StatusOK || !strings.Contains(body, e.Msg("en", "payment.pending.title")) {
			t.Errorf("pending return: %d", resp.StatusCode)
		}
		if resp, _ := e.Do(t, "GET", "/payment/callback?"+pt.Answer(first.TransactionID, "fail").Encode(), nil); resp.StatusCode != http.StatusOK {
			t.Errorf("cancel callback: %d", resp.StatusCode)
		}
		if n := openFeeCount(t, e); n != 2 {
			t.Fatalf("after pending and cancel %d open fees, want 2", n)
		}

		c := startPaytrail(t, e, pt, fees...)
		ok := pt.Answer(c.TransactionID, "ok")
		forged := map[string]url.Values{
			"another secret": paytrailtest.SignWith([]byte("guessed"), pt.Answer(c.TransactionID, "ok")),
			"amount changed": func() url.Values { v := pt.Answer(c.TransactionID, "ok"); v.Set("checkout-amount", "1"); return v }(),
			"unknown stamp": paytrailtest.Sign(func() url.Values {
				v := pt.Answer(c.TransactionID, "ok")
				v.Set("checkout-stamp", "999999-"+c.Reference)
				return v
			}()),
			"wrong amount, signed": paytrailtest.Sign(func() url.Values {
				v := pt.Answer(c.TransactionID, "ok")
				v.Set("checkout-amount", "1")
				return v
			}()),
			"no signature": func() url.Values { v := pt.Answer(c.TransactionID, "ok"); v.Del("signature"); return v }(),
		}
		for name, q := range forged {
			for _, path := range []string{"/payment/callback?", "/payment/return?"} {
				if resp, _ := e.Do(t, "GET", path+q.Encode(), nil); resp.StatusCode < 400 || resp.StatusCode > 499 {
					t.Errorf("%s at %s: %d, want 4xx", name, path, resp.StatusCode)
				}
			}
		}
		if n := openFeeCount(t, e); n != 2 {
			t.Fatalf("after forged callbacks %d open fees, want 2", n)
		}

		// The return and two callbacks at once.
		var wg sync.WaitGroup
		status := make([]int, 3)
		for i, path := range []string{"/payment/return?", "/payment/callback?", "/payment/callback?"} {
			wg.Go(func() {
				resp, _ := e.DoRaw(t, "GET", path+ok.Encode(), nil)
				status[i] = resp.StatusCode
			})
		}
		wg.Wait()
		if status[0] != http.StatusSeeOther || status[1] != http.StatusOK || status[2] != http.StatusOK {
			t.Errorf("return and callbacks together: %v; want 303, 200, 200", status)
		}
		if resp, _ := e.Do(t, "GET", "/payment/callback?"+ok.Encode(), nil); resp.StatusCode != http.StatusOK {
			t.Errorf("a callback again: %d", resp.StatusCode)
		}
		paid, err := e.DB.Fees(context.Background(), e.Patron.ID)
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range paid {
			if f.PaidAt.IsZero() || f.PaymentID != paid[0].PaymentID || f.PaymentID == 0 {
				t.Errorf("fee %d: paid at %v by payment %d; want both paid by one payment", f.ID, f.PaidAt, f.PaymentID)
			}
		}
		pay, err := e.DB.Payment(context.Background(), e.Patron.ID, paid[0].PaymentID)
		if err != nil || pay.Status != library.PaymentPaid || pay.Amount != c.Amount || pay.Reference != c.Reference {
			t.Errorf("payment %+v, %v", pay, err)
		}
		// A late cancel of the paid payment changes nothing.
		e.Do(t, "GET", "/payment/callback?"+pt.Answer(c.TransactionID, "fail").Encode(), nil)
		if p, _ := e.DB.Payment(context.Background(), e.Patron.ID, pay.ID); p.Status != library.PaymentPaid {
			t.Errorf("a late cancel made the paid payment %q", p.Status)
		}
	})
}

// TestPaytrailThroughItsPage follows the patron to the local Paytrail's
// page and back, the callback coming from Paytrail's side first.
func TestPaytrailThroughItsPage(t *testing.T) {
	webtest.ForEachCircEnv(t, func(t *testing.T, e *webtest.CircEnv) {
		pt, fees := paytrailEnv(t, e)
		var callbacks int
		pt.Callback = func(u string) error {
			callbacks++
			resp, _ := e.DoRaw(t, "GET", strings.TrimPrefix(u, "http://kirjasto.test"), nil)
			if resp.StatusCode != http.StatusOK {
				t.Errorf("callback answered %d", resp.StatusCode)
			}
			return nil
		}
		c := startPaytrail(t, e, pt, fees...)
		noRedirect := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
		resp, err := noRedirect.Get(pt.URL + "/pay/" + c.TransactionID + "?status=ok")
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		back := resp.Header.Get("Location")
		if callbacks != 1 || !strings.HasPrefix(back, "http://kirjasto.test/payment/return?") {
			t.Fatalf("Paytrail's page: %d callbacks, back to %q", callbacks, back)
		}
		if n := openFeeCount(t, e); n != 0 {
			t.Errorf("after the callback %d open fees, want 0", n)
		}
		r, _ := e.Do(t, "GET", strings.TrimPrefix(back, "http://kirjasto.test"), nil, e.AsPatron("en"))
		if r.StatusCode != http.StatusSeeOther || !strings.HasSuffix(r.Header.Get("Location"), "/receipt") {
			t.Errorf("the patron's return after the callback: %d to %q", r.StatusCode, r.Header.Get("Location"))
		}
	})
}
