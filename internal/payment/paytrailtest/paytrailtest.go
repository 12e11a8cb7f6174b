// Package paytrailtest is a local Paytrail for tests: an HTTP server
// speaking the provider's side of Paytrail's Payment API as
// payment.Paytrail uses it. It creates payments (POST /payments), refusing
// requests whose signature does not verify or whose fields Paytrail would
// refuse; signs its answers; serves the page the patron is sent to
// (GET /pay/{id}?status=ok|fail), which calls the callback URL server to
// server and redirects the patron back, each with signed checkout-*
// parameters.
package paytrailtest

import (
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/kirjasto/kirjasto/internal/payment"
)

// Paytrail's public test credentials (docs: "Test credentials").
const (
	Merchant = "375917"
	Secret   = "SAIPPUAKAUPPIAS"
)

// Server is a local Paytrail.
type Server struct {
	*httptest.Server
	// Callback makes the server-to-server call to a callback URL; default
	// an HTTP GET. A test whose Kirjasto is not listening sets it.
	Callback func(u string) error

	mu       sync.Mutex
	payments map[string]*Created
	last     string
}

// Created is a payment as the server took it.
type Created struct {
	TransactionID   string
	Stamp           string
	Reference       string
	Amount          int64
	Language        string
	Email           string
	Success, Cancel string // redirect URLs
	CallbackSuccess string
	CallbackCancel  string
}

// Start starts a local Paytrail, closed when the test ends.
func Start(t testing.TB) *Server {
	s := &Server{payments: map[string]*Created{}}
	mux := http.NewServeMux()
	mux.HandleFunc("POST /payments", s.create)
	mux.HandleFunc("GET /pay/{id}", s.pay)
	s.Server = httptest.NewServer(mux)
	s.Callback = func(u string) error {
		resp, err := http.Get(u)
		if err != nil {
			return err
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			return fmt.Errorf("callback answered %s", resp.Status)
		}
		return nil
	}
	t.Cleanup(s.Close)
	return s
}

// Last returns the payment created last.
func (s *Server) Last() (Created, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	c, ok := s.payments[s.last]
	if !ok {
		return Created{}, false
	}
	return *c, true
}

// Answer returns the signed parameters of a redirect or callback telling
// the outcome (ok, fail, pending, ...) of a payment created here.
func (s *Server) Answer(transactionID, status string) url.Values {
	s.mu.Lock()
	c := s.payments[transactionID]
	s.mu.Unlock()
	if c == nil {
		return nil
	}
	return Sign(url.Values{
		"checkout-account":        {Merchant},
		"checkout-algorithm":      {"sha256"},
		"checkout-amount":         {strconv.FormatInt(c.Amount, 10)},
		"checkout-stamp":          {c.Stamp},
		"checkout-reference":      {c.Reference},
		"checkout-transaction-id": {c.TransactionID},
		"checkout-status":         {status},
		"checkout-provider":       {"nordea"},
	})
}

// Sign sets v's signature under the test secret, as Paytrail signs a
// redirect or callback. A test that forges or tampers with parameters
// signs them with another secret, or not at all.
func Sign(v url.Values) url.Values {
	return SignWith([]byte(Secret), v)
}

// SignWith is Sign under another secret.
func SignWith(secret []byte, v url.Values) url.Values {
	params := map[string]string{}
	for k := range v {
		params[k] = v.Get(k)
	}
	v.Set("signature", payment.PaytrailSignature(v.Get("checkout-algorithm"), secret, params, ""))
	return v
}

// fail answers an error as Paytrail does.
func fail(w http.ResponseWriter, status int, msg string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(map[string]string{"status": "error", "message": msg})
}

// create is POST /payments.
func (s *Server) create(w http.ResponseWriter, r *http.Request) {
	body, err := io.ReadAll(r.Body)
	if err != nil {
		fail(w, http.StatusBadRequest, "unreadable body")
		return
	}
	headers := map[string]string{}
	for k := range r.Header {
		if k := strings.ToLower(k); strings.HasPrefix(k, "checkout-") {
			headers[k] = r.Header.Get(k)
		}
	}
	alg := headers["checkout-algorithm"]
	switch {
	case headers["checkout-account"] != Merchant:
		fail(w, http.StatusUnauthorized, "Merchant account not found")
		return
	case alg != "sha256" && alg != "sha512":
		fail(w, http.StatusBadRequest, "Invalid checkout-algorithm")
		return
	case headers["checkout-method"] != http.MethodPost || headers["checkout-nonce"] == "":
		fail(w, http.StatusBadRequest, "Invalid headers")
		return
	}
	if ts, err := time.Parse(time.RFC3339, headers["checkout-timestamp"]); err != nil || time.Since(ts).Abs() > 10*time.Minute {
		fail(w, http.StatusBadRequest, "Invalid checkout-timestamp")
		return
	}
	want := payment.PaytrailSignature(alg, []byte(Secret), headers, string(body))
	if r.Header.Get("signature") != want {
		fail(w, http.StatusUnauthorized, "Invalid signature")
		return
	}
	var req struct {
		Stamp        string
		Reference    string
		Amount       int64
		Currency     string
		Language     string
		Customer     struct{ Email string }
		RedirectURLs struct{ Success, Cancel string } `json:"redirectUrls"`
		CallbackURLs struct{ Success, Cancel string } `json:"callbackUrls"`
	}
	if err := json.Unmarshal(body, &req); err != nil {
		fail(w, http.StatusBadRequest, "Invalid JSON")
		return
	}
	absolute := func(u string) bool {
		p, err := url.Parse(u)
		return err == nil && (p.Scheme == "https" || p.Scheme == "http") && p.Host != ""
	}
	switch {
	case req.Stamp == "" || req.Reference == "":
		fail(w, http.StatusBadRequest, "stamp and reference are required")
		return
	case req.Amount <= 0 || req.Amount > 99999999:
		fail(w, http.StatusBadRequest, "Invalid amount")
		return
	case req.Currency != "EUR":
		fail(w, http.StatusBadRequest, "Invalid currency")
		return
	case req.Language != "FI" && req.Language != "SV" && req.Language != "EN":
		fail(w, http.StatusBadRequest, "Invalid language")
		return
	case !strings.Contains(req.Customer.Email, "@"):
		fail(w, http.StatusBadRequest, "customer.email is required")
		return
	case !absolute(req.RedirectURLs.Success) || !absolute(req.RedirectURLs.Cancel):
		fail(w, http.StatusBadRequest, "redirectUrls must be absolute URLs")
		return
	case req.CallbackURLs.Success != "" && !absolute(req.CallbackURLs.Success):
		fail(w, http.StatusBadRequest, "callbackUrls must be absolute URLs")
		return
	}
	b := make([]byte, 16)
	rand.Read(b)
	id := hex.EncodeToString(b)
	s.mu.Lock()
	for _, c := range s.payments {
		if c.Stamp == req.Stamp {
			s.mu.Unlock()
			fail(w, http.StatusBadRequest, "Duplicate stamp")
			return
		}
	}
	s.payments[id] = &Created{TransactionID: id, Stamp: req.Stamp, Reference: req.Reference, Amount: req.Amount,
		Language: req.Language, Email: req.Customer.Email, Success: req.RedirectURLs.Success, Cancel: req.RedirectURLs.Cancel,
		CallbackSuccess: req.CallbackURLs.Success, CallbackCancel: req.CallbackURLs.Cancel}
	s.last = id
	s.mu.Unlock()

	answer, _ := json.Marshal(map[string]any{"transactionId": id, "href": s.URL + "/pay/" + id,
		"reference": req.Reference, "terms": "", "groups": []any{}, "providers": []any{}})
	rh := map[string]string{"checkout-account": Merchant, "checkout-algorithm": alg, "checkout-transaction-id": id}
	for k, v := range rh {
		w.Header().Set(k, v)
	}
	w.Header().Set("signature", payment.PaytrailSignature(alg, []byte(Secret), rh, string(answer)))
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(http.StatusCreated)
	w.Write(answer)
}

// pay is the patron's payment page: ?status=ok pays, fail cancels. It
// calls the callback, then sends the patron back.
func (s *Server) pay(w http.ResponseWriter, r *http.Request) {
	status := r.URL.Query().Get("status")
	v := s.Answer(r.PathValue("id"), status)
	if v == nil {
		http.NotFound(w, r)
		return
	}
	c, _ := s.payment(r.PathValue("id"))
	back, callback := c.Success, c.CallbackSuccess
	if status != "ok" {
		back, callback = c.Cancel, c.CallbackCancel
	}
	if callback != "" {
		if err := s.Callback(withQuery(callback, v)); err != nil {
			http.Error(w, err.Error(), http.StatusBadGateway)
			return
		}
	}
	http.Redirect(w, r, withQuery(back, v), http.StatusFound)
}

func (s *Server) payment(id string) (Created, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	c, ok := s.payments[id]
	if !ok {
		return Created{}, false
	}
	return *c, true
}

func withQuery(u string, v url.Values) string {
	if strings.Contains(u, "?") {
		return u + "&" + v.Encode()
	}
	return u + "?" + v.Encode()
}
