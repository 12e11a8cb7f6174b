package payment

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"crypto/sha512"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"hash"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Paytrail takes payments through Paytrail's Payment API (v2), the
// common online payment service of Finnish banks, cards and mobile
// wallets (https://docs.paytrail.com/, "Payments" and "Calculating
// HMAC"):
//
//   - Start POSTs the payment to /payments, signed with the merchant's
//     secret, and sends the patron to the href of the answer, Paytrail's
//     page where they choose a bank or card;
//   - Paytrail sends the patron back to the redirect URL (success or
//     cancel) and, server to server, calls the callback URL, each with the
//     outcome in checkout-* query parameters and their signature. The
//     callback may come before the patron's return, after it, instead of
//     it (the patron closed the browser), and more than once; Kirjasto
//     settles a payment once, whichever comes first.
//
// Every request and answer is signed the same way: the checkout-* headers
// (or query parameters), lower-case, sorted by name, written "name:value"
// one a line, then the body ("" for a GET), HMAC-SHA256 or -SHA512 in hex
// under the merchant's secret.
type Paytrail struct {
	api      string
	merchant string
	secret   []byte
	alg      string
	base     *url.URL
	email    string
	client   *http.Client
	now      func() time.Time
}

// PaytrailURL is the address of Paytrail's Payment API.
const PaytrailURL = "https://services.paytrail.com"

// PaytrailConfig configures Paytrail.
type PaytrailConfig struct {
	URL      string // the API; default PaytrailURL
	Merchant string // the merchant ID (checkout-account)
	Secret   []byte // the merchant's secret key; never logged or shown
	// Algorithm is "sha256" (default) or "sha512".
	Algorithm string
	// PublicURL is the site's address as patrons and Paytrail reach it
	// (https://kirjasto.example.fi): Paytrail needs absolute return and
	// callback URLs.
	PublicURL string
	// Email is the customer's address sent when a patron has none:
	// Paytrail requires one. Default: noreply@ the public URL's host.
	Email  string
	Client *http.Client // default: a client with a 30-second timeout
	Now    func() time.Time
}

// NewPaytrail configures Paytrail.
func NewPaytrail(cfg PaytrailConfig) (*Paytrail, error) {
	p := &Paytrail{api: strings.TrimSuffix(cfg.URL, "/"), merchant: cfg.Merchant, secret: cfg.Secret,
		alg: cfg.Algorithm, email: cfg.Email, client: cfg.Client, now: cfg.Now}
	if p.api == "" {
		p.api = PaytrailURL
	}
	if u, err := url.Parse(p.api); err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		return nil, errors.New("paytrail: the API URL is not an http(s) URL")
	}
	if p.merchant == "" || len(p.secret) == 0 {
		return nil, errors.New("paytrail: a merchant ID and secret are needed")
	}
	if p.alg == "" {
		p.alg = "sha256"
	}
	if newHash(p.alg) == nil {
		return nil, fmt.Errorf("paytrail: algorithm %q: must be sha256 or sha512", p.alg)
	}
	base, err := url.Parse(cfg.PublicURL)
	if err != nil || (base.Scheme != "https" && base.Scheme != "http") || base.Host == "" {
		return nil, errors.New("paytrail: the site's public URL (https://...) is needed for the return and callback addresses")
	}
	p.base = base
	if p.email == "" {
		p.email = "noreply@" + base.Hostname()
	}
	if p.client == nil {
		p.client = &http.Client{Timeout: 30 * time.Second}
	}
	if p.now == nil {
		p.now = time.Now
	}
	return p, nil
}

// Paytrail's checkout-status values (docs: "Redirect and callback URL
// parameters").
const (
	paytrailOK      = "ok"
	paytrailFail    = "fail"
	paytrailPending = "pending"
	paytrailNew     = "new"
	paytrailDelayed = "delayed"
)

func newHash(alg string) func() hash.Hash {
	switch alg {
	case "sha256":
		return sha256.New
	case "sha512":
		return sha512.New
	}
	return nil
}

// PaytrailSignature returns the signature of a Paytrail request, answer,
// return or callback: of the params whose names start with "checkout-",
// and of body ("" for a GET). alg is sha256 or sha512; "" for any other.
func PaytrailSignature(alg string, secret []byte, params map[string]string, body string) string {
	h := newHash(alg)
	if h == nil {
		return ""
	}
	var names []string
	for k := range params {
		if strings.HasPrefix(k, "checkout-") {
			names = append(names, k)
		}
	}
	slices.Sort(names)
	lines := make([]string, 0, len(names)+1)
	for _, k := range names {
		lines = append(lines, k+":"+params[k])
	}
	lines = append(lines, body)
	m := hmac.New(h, secret)
	m.Write([]byte(strings.Join(lines, "\n")))
	return hex.EncodeToString(m.Sum(nil))
}

// validSignature compares signatures in constant time.
func validSignature(got, want string) bool {
	g, err := hex.DecodeString(strings.ToLower(got))
	w, _ := hex.DecodeString(want)
	return err == nil && len(w) > 0 && hmac.Equal(g, w)
}

// paytrailStamp is the payment's stamp, unique per merchant as Paytrail
// requires: its ID, which the return and callback name it by, and its
// random reference, so that a stamp is never reused if the database is
// ever started afresh.
func paytrailStamp(p Payment) string { return strconv.FormatInt(p.ID, 10) + "-" + p.Reference }

// Start creates the payment at Paytrail and returns its page.
func (p *Paytrail) Start(ctx context.Context, pay Payment) (string, error) {
	if pay.Amount <= 0 {
		return "", fmt.Errorf("paytrail: payment %d: amount %d", pay.ID, pay.Amount)
	}
	ret, err := p.absolute(pay.ReturnURL)
	if err != nil {
		return "", err
	}
	callback, err := p.absolute(pay.CallbackURL)
	if err != nil {
		return "", err
	}
	email := pay.Email
	if email == "" {
		email = p.email
	}
	type urls struct {
		Success string `json:"success"`
		Cancel  string `json:"cancel"`
	}
	req := struct {
		Stamp        string            `json:"stamp"`
		Reference    string            `json:"reference"`
		Amount       int64             `json:"amount"`
		Currency     string            `json:"currency"`
		Language     string            `json:"language"`
		Customer     map[string]string `json:"customer"`
		RedirectURLs urls              `json:"redirectUrls"`
		CallbackURLs *urls             `json:"callbackUrls,omitempty"`
	}{
		Stamp: paytrailStamp(pay), Reference: pay.Reference, Amount: pay.Amount, Currency: "EUR",
		Language: paytrailLanguage(pay.Language), Customer: map[string]string{"email": email},
		RedirectURLs: urls{ret, ret},
	}
	if callback != "" {
		req.CallbackURLs = &urls{callback, callback}
	}
	body, err := json.Marshal(req)
	if err != nil {
		return "", err
	}
	headers := map[string]string{
		"checkout-account":   p.merchant,
		"checkout-algorithm": p.alg,
		"checkout-method":    http.MethodPost,
		"checkout-nonce":     nonce(),
		"checkout-timestamp": p.now().UTC().Format("2006-01-02T15:04:05.000Z"),
	}
	hr, err := http.NewRequestWithContext(ctx, http.MethodPost, p.api+"/payments", bytes.NewReader(body))
	if err != nil {
		return "", err
	}
	for k, v := range headers {
		hr.Header.Set(k, v)
	}
	hr.Header.Set("content-type", "application/json; charset=utf-8")
	hr.Header.Set("signature", PaytrailSignature(p.alg, p.secret, headers, string(body)))
	resp, err := p.client.Do(hr)
	if err != nil {
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err
		}
		return "", fmt.Errorf("paytrail: payment %d: no answer: %w", pay.ID, err)
	}
	defer resp.Body.Close()
	answer, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	if err != nil {
		return "", fmt.Errorf("paytrail: payment %d: %w", pay.ID, err)
	}
	if resp.StatusCode != http.StatusCreated && resp.StatusCode != http.StatusOK {
		var e struct{ Message string }
		json.Unmarshal(answer, &e)
		if e.Message == "" {
			e.Message = strings.TrimSpace(string(answer))
		}
		return "", fmt.Errorf("paytrail: payment %d refused: %s: %s", pay.ID, resp.Status, e.Message)
	}
	// The answer is signed too: a page to send patrons to that did not come
	// from Paytrail would be a trap.
	rh := map[string]string{}
	for k := range resp.Header {
		if k := strings.ToLower(k); strings.HasPrefix(k, "checkout-") {
			rh[k] = resp.Header.Get(k)
		}
	}
	alg := rh["checkout-algorithm"]
	if !validSignature(resp.Header.Get("signature"), PaytrailSignature(alg, p.secret, rh, string(answer))) {
		return "", fmt.Errorf("paytrail: payment %d: the answer's signature does not verify", pay.ID)
	}
	var created struct {
		TransactionID string `json:"transactionId"`
		Href          string `json:"href"`
	}
	if err := json.Unmarshal(answer, &created); err != nil {
		return "", fmt.Errorf("paytrail: payment %d: %w", pay.ID, err)
	}
	if u, err := url.Parse(created.Href); err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		return "", fmt.Errorf("paytrail: payment %d: no payment page in the answer", pay.ID)
	}
	return created.Href, nil
}

// absolute makes a site-relative URL absolute with the public URL.
func (p *Paytrail) absolute(ref string) (string, error) {
	if ref == "" {
		return "", nil
	}
	u, err := url.Parse(ref)
	if err != nil {
		return "", fmt.Errorf("paytrail: URL %q: %w", ref, err)
	}
	return p.base.ResolveReference(u).String(), nil
}

// paytrailLanguage is the language of Paytrail's page: Finnish, Swedish
// or English, which are the ones it has.
func paytrailLanguage(lang string) string {
	switch lang {
	case "fi", "sv":
		return strings.ToUpper(lang)
	case "":
		return "FI"
	}
	return "EN"
}

func nonce() string {
	b := make([]byte, 16)
	rand.Read(b)
	return hex.EncodeToString(b)
}

// Verify checks a return's or callback's signature and reads it. A
// parameter given twice, another merchant's account or an unknown
// algorithm or status is ErrSignature, like a wrong signature.
func (p *Paytrail) Verify(q url.Values) (Result, error) {
	params := map[string]string{}
	for k, vs := range q {
		if strings.HasPrefix(k, "checkout-") {
			if len(vs) != 1 {
				return Result{}, ErrSignature
			}
			params[k] = vs[0]
		}
	}
	alg := params["checkout-algorithm"]
	if params["checkout-account"] != p.merchant || !validSignature(q.Get("signature"), PaytrailSignature(alg, p.secret, params, "")) {
		return Result{}, ErrSignature
	}
	var r Result
	var err error
	if r.Amount, err = strconv.ParseInt(params["checkout-amount"], 10, 64); err != nil {
		return Result{}, ErrSignature
	}
	id, ref, _ := strings.Cut(params["checkout-stamp"], "-")
	if r.PaymentID, err = strconv.ParseInt(id, 10, 64); err != nil || ref != params["checkout-reference"] {
		return Result{}, ErrSignature
	}
	r.Reference = ref
	r.Transaction = params["checkout-transaction-id"]
	switch params["checkout-status"] {
	case paytrailOK:
		r.Paid = true
	case paytrailFail:
	case paytrailPending, paytrailNew, paytrailDelayed:
		// Not decided yet (a bank transfer on its way): a later callback
		// says how it went.
		r.Pending = true
	default:
		return Result{}, ErrSignature
	}
	return r, nil
}
