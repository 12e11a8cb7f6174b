package payment_test

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/kirjasto/kirjasto/internal/payment"
	"github.com/kirjasto/kirjasto/internal/payment/paytrailtest"
)

// TestPaytrailSignatureKnownAnswer checks the HMAC against the example in
// Paytrail's documentation ("Code examples: HMAC calculation"): the
// checkout-* headers sorted, "name:value" a line, then the body.
func TestPaytrailSignatureKnownAnswer(t *testing.T) {
	headers := map[string]string{
		"checkout-account":   "375917",
		"checkout-algorithm": "sha256",
		"checkout-method":    "POST",
		"checkout-nonce":     "564635208570151",
		"checkout-timestamp": "2018-07-06T10:01:31.904Z",
		"content-type":       "application/json; charset=utf-8", // not signed
	}
	body := `{"stamp":"unique-identifier-for-merchant","reference":"3759170","amount":1525,"currency":"EUR","language":"FI",` +
		`"items":[{"unitPrice":1525,"units":1,"vatPercentage":24,"productCode":"#1234","deliveryDate":"2018-09-01"}],` +
		`"customer":{"email":"test.customer@example.com"},` +
		`"redirectUrls":{"success":"https://ecom.example.com/cart/success","cancel":"https://ecom.example.com/cart/cancel"}}`
	const want = "3708f6497ae7cc55a2e6009fc90aa10c3ad0ef125260ee91b19168750f6d74f6"
	if got := payment.PaytrailSignature("sha256", []byte("SAIPPUAKAUPPIAS"), headers, body); got != want {
		t.Errorf("signature %s, want %s", got, want)
	}
	if got := payment.PaytrailSignature("md5", []byte("SAIPPUAKAUPPIAS"), headers, body); got != "" {
		t.Errorf("an unknown algorithm signed: %q", got)
	}
}

func newPaytrail(t *testing.T, srv *paytrailtest.Server, alg, secret string) *payment.Paytrail {
	t.Helper()
	p, err := payment.NewPaytrail(payment.PaytrailConfig{URL: srv.URL, Merchant: paytrailtest.Merchant, Secret: []byte(secret),
		Algorithm: alg, PublicURL: "https://kirjasto.example.fi"})
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// TestPaytrailFlow creates a payment at the local Paytrail, with each
// algorithm, follows the patron to its page and back, and verifies the
// signed return and callback.
func TestPaytrailFlow(t *testing.T) {
	for _, alg := range []string{"sha256", "sha512"} {
		srv := paytrailtest.Start(t)
		var callbacks []string
		var mu sync.Mutex
		srv.Callback = func(u string) error {
			mu.Lock()
			defer mu.Unlock()
			callbacks = append(callbacks, u)
			return nil
		}
		p := newPaytrail(t, srv, alg, paytrailtest.Secret)
		pay := payment.Payment{ID: 42, Amount: 420, Reference: "KJ-0A1B2C", ReturnURL: "/payment/return",
			CallbackURL: "/payment/callback", Email: "aino@example.fi", Language: "sv"}
		href, err := p.Start(context.Background(), pay)
		if err != nil {
			t.Fatalf("%s: Start: %v", alg, err)
		}
		c, _ := srv.Last()
		if !strings.HasPrefix(href, srv.URL+"/pay/") || c.Stamp != "42-KJ-0A1B2C" || c.Reference != "KJ-0A1B2C" || c.Amount != 420 ||
			c.Language != "SV" || c.Email != "aino@example.fi" || c.Success != "https://kirjasto.example.fi/payment/return" ||
			c.CallbackSuccess != "https://kirjasto.example.fi/payment/callback" {
			t.Errorf("%s: created %+v, sent to %q", alg, c, href)
		}
		// The patron pays: Paytrail calls back, then sends them back.
		noRedirect := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
		resp, err := noRedirect.Get(href + "?status=ok")
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		back, _ := url.Parse(resp.Header.Get("Location"))
		if resp.StatusCode != http.StatusFound || back.Path != "/payment/return" || len(callbacks) != 1 {
			t.Fatalf("%s: paying: %d to %q, %d callbacks", alg, resp.StatusCode, back, len(callbacks))
		}
		cb, _ := url.Parse(callbacks[0])
		for _, q := range []url.Values{back.Query(), cb.Query()} {
			r, err := p.Verify(q)
			want := payment.Result{PaymentID: 42, Amount: 420, Reference: "KJ-0A1B2C", Paid: true, Transaction: c.TransactionID}
			if err != nil || r != want {
				t.Errorf("%s: Verify = %+v, %v; want %+v", alg, r, err, want)
			}
		}
	}
}

// TestPaytrailVerifyRefusesForgeries: a return or callback is believed
// only with Paytrail's signature over exactly what it says.
func TestPaytrailVerifyRefusesForgeries(t *testing.T) {
	srv := paytrailtest.Start(t)
	p := newPaytrail(t, srv, "sha256", paytrailtest.Secret)
	if _, err := p.Start(context.Background(), payment.Payment{ID: 7, Amount: 1500, Reference: "KJ-77", ReturnURL: "/payment/return"}); err != nil {
		t.Fatal(err)
	}
	c, _ := srv.Last()
	good := srv.Answer(c.TransactionID, "ok")
	for name, forge := range map[string]func(url.Values) url.Values{
		"amount changed":      func(v url.Values) url.Values { v.Set("checkout-amount", "1"); return v },
		"status changed":      func(v url.Values) url.Values { v.Set("checkout-status", "ok"); return v },
		"no signature":        func(v url.Values) url.Values { v.Del("signature"); return v },
		"another secret":      func(v url.Values) url.Values { return paytrailtest.SignWith([]byte("guess"), v) },
		"another merchant":    func(v url.Values) url.Values { v.Set("checkout-account", "123456"); return paytrailtest.Sign(v) },
		"unknown algorithm":   func(v url.Values) url.Values { v.Set("checkout-algorithm", "md5"); return paytrailtest.Sign(v) },
		"unknown status":      func(v url.Values) url.Values { v.Set("checkout-status", "maybe"); return paytrailtest.Sign(v) },
		"stamp not ours":      func(v url.Values) url.Values { v.Set("checkout-stamp", "x-KJ-77"); return paytrailtest.Sign(v) },
		"stamp and reference": func(v url.Values) url.Values { v.Set("checkout-reference", "KJ-78"); return paytrailtest.Sign(v) },
		"a parameter twice":   func(v url.Values) url.Values { v.Add("checkout-amount", "1500"); return v },
		"signed unsigned":     func(v url.Values) url.Values { v.Set("checkout-extra", "1"); return v },
	} {
		q := url.Values{}
		for k, vs := range good {
			q[k] = append([]string(nil), vs...)
		}
		if name == "status changed" {
			q = srv.Answer(c.TransactionID, "fail")
		}
		if r, err := p.Verify(forge(q)); !errors.Is(err, payment.ErrSignature) {
			t.Errorf("%s: Verify = %+v, %v; want ErrSignature", name, r, err)
		}
	}
	// A signature in capitals is still the signature.
	q := srv.Answer(c.TransactionID, "ok")
	q.Set("signature", strings.ToUpper(q.Get("signature")))
	if _, err := p.Verify(q); err != nil {
		t.Errorf("upper-case signature: %v", err)
	}
	for status, want := range map[string]payment.Result{
		"fail":    {PaymentID: 7, Amount: 1500, Reference: "KJ-77", Transaction: c.TransactionID},
		"pending": {PaymentID: 7, Amount: 1500, Reference: "KJ-77", Transaction: c.TransactionID, Pending: true},
		"delayed": {PaymentID: 7, Amount: 1500, Reference: "KJ-77", Transaction: c.TransactionID, Pending: true},
		"new":     {PaymentID: 7, Amount: 1500, Reference: "KJ-77", Transaction: c.TransactionID, Pending: true},
	} {
		if r, err := p.Verify(srv.Answer(c.TransactionID, status)); err != nil || r != want {
			t.Errorf("%s: Verify = %+v, %v; want %+v", status, r, err, want)
		}
	}
}

// TestPaytrailStartFailures: a request Paytrail refuses, an answer whose
// signature does not verify and no answer at all each fail Start, with
// the reason and without the secret.
func TestPaytrailStartFailures(t *testing.T) {
	srv := paytrailtest.Start(t)
	pay := payment.Payment{ID: 1, Amount: 100, Reference: "KJ-1", ReturnURL: "/payment/return"}
	if _, err := newPaytrail(t, srv, "sha256", "wrong-secret").Start(context.Background(), pay); err == nil ||
		!strings.Contains(err.Error(), "Invalid signature") || strings.Contains(err.Error(), "wrong-secret") {
		t.Errorf("wrong secret: %v; want Paytrail's refusal", err)
	}
	p := newPaytrail(t, srv, "sha256", paytrailtest.Secret)
	if _, err := p.Start(context.Background(), pay); err != nil {
		t.Fatal(err)
	}
	if _, err := p.Start(context.Background(), pay); err == nil || !strings.Contains(err.Error(), "Duplicate stamp") {
		t.Errorf("the same payment twice: %v; want Paytrail's refusal", err)
	}
	// A server that is not Paytrail (it does not know the secret).
	fake := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("checkout-algorithm", "sha256")
		w.Header().Set("signature", strings.Repeat("ab", 32))
		w.WriteHeader(http.StatusCreated)
		w.Write([]byte(`{"transactionId":"x","href":"https://evil.example/pay"}`))
	}))
	defer fake.Close()
	p2, _ := payment.NewPaytrail(payment.PaytrailConfig{URL: fake.URL, Merchant: paytrailtest.Merchant,
		Secret: []byte(paytrailtest.Secret), PublicURL: "https://kirjasto.example.fi"})
	if href, err := p2.Start(context.Background(), pay); err == nil {
		t.Errorf("an unsigned answer sent the patron to %q", href)
	}
	slow := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.Copy(io.Discard, r.Body) // else the server does not notice the client leave
		select {
		case <-r.Context().Done():
		case <-time.After(5 * time.Second):
		}
	}))
	defer slow.Close()
	p3, _ := payment.NewPaytrail(payment.PaytrailConfig{URL: slow.URL, Merchant: paytrailtest.Merchant,
		Secret: []byte(paytrailtest.Secret), PublicURL: "https://kirjasto.example.fi", Client: &http.Client{Timeout: 200 * time.Millisecond}})
	if _, err := p3.Start(context.Background(), pay); err == nil || !strings.Contains(err.Error(), "no answer") {
		t.Errorf("no answer: %v", err)
	}
}

func TestNewPaytrailRefusesBadSettings(t *testing.T) {
	for name, cfg := range map[string]payment.PaytrailConfig{
		"no merchant":   {Secret: []byte("s"), PublicURL: "https://k.example"},
		"no secret":     {Merchant: "1", PublicURL: "https://k.example"},
		"no public URL": {Merchant: "1", Secret: []byte("s")},
		"algorithm":     {Merchant: "1", Secret: []byte("s"), PublicURL: "https://k.example", Algorithm: "md5"},
		"api not http":  {Merchant: "1", Secret: []byte("s"), PublicURL: "https://k.example", URL: "ftp://x"},
	} {
		if _, err := payment.NewPaytrail(cfg); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}
