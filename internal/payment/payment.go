// Package payment takes fees online through a payment provider.
//
// Finnish providers (Paytrail and others) work by redirect: Kirjasto
// creates a pending payment, sends the patron to the provider's page, and
// the provider sends them back to a return URL whose parameters say how it
// went, signed with HMAC-SHA256 under a secret the two share. Kirjasto
// trusts only a verified return: the signature covers every parameter, so
// neither the payment, the amount nor the outcome can be changed on the way.
//
// Paytrail is the adapter to Paytrail's Payment API, the real provider;
// Test is a provider that Kirjasto serves itself, so that a demo can pay.
package payment

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"net/url"
	"slices"
	"strconv"
	"strings"
)

// Payment is what a provider needs to take a payment.
type Payment struct {
	ID        int64
	Amount    int64  // cents
	Reference string // the payment's reference, shown to the patron
	ReturnURL string // absolute or site-relative URL of the return page
	// CallbackURL is where a provider that calls back server to server
	// (Paytrail) sends its answer; "" for none.
	CallbackURL string
	Email       string // the patron's e-mail address, if any (Paytrail's receipt goes there)
	Language    string // the patron's language, for the provider's page
}

// Result is a verified answer from a provider.
type Result struct {
	PaymentID int64
	Amount    int64
	Reference string
	Paid      bool // false: cancelled or refused, or pending
	// Pending says the provider has not decided yet (a bank transfer on
	// its way): neither paid nor cancelled; a later answer says which.
	Pending     bool
	Transaction string // the provider's ID of the payment, if it gives one
}

// Provider takes payments by redirect.
type Provider interface {
	// Start returns the URL to send the patron to, to pay p.
	Start(ctx context.Context, p Payment) (redirectURL string, err error)
	// Verify checks the signature of a return's parameters and reads
	// them. It fails with ErrSignature on a missing or wrong signature.
	Verify(query url.Values) (Result, error)
}

// ErrSignature is a return whose signature does not verify.
var ErrSignature = errors.New("payment: bad signature")

// Parameter names of a return. Every parameter with the prefix is signed.
const (
	Prefix          = "kirjasto-"
	ParamPayment    = Prefix + "payment"
	ParamAmount     = Prefix + "amount"
	ParamReference  = Prefix + "reference"
	ParamStatus     = Prefix + "status"
	ParamSignature  = "signature"
	StatusOK        = "ok"
	StatusCancelled = "cancel"
)

// Sign returns the hex HMAC-SHA256, under secret, of the parameters of v
// that start with Prefix: "name:value" lines in name order, as Paytrail
// signs its checkout- parameters.
func Sign(secret []byte, v url.Values) string {
	var names []string
	for k := range v {
		if strings.HasPrefix(k, Prefix) {
			names = append(names, k)
		}
	}
	slices.Sort(names)
	var b strings.Builder
	for _, k := range names {
		for _, val := range v[k] {
			b.WriteString(k + ":" + val + "\n")
		}
	}
	m := hmac.New(sha256.New, secret)
	m.Write([]byte(b.String()))
	return hex.EncodeToString(m.Sum(nil))
}

// verify checks v's signature and parses its fields.
func verify(secret []byte, v url.Values) (Result, error) {
	got, err := hex.DecodeString(v.Get(ParamSignature))
	want, _ := hex.DecodeString(Sign(secret, v))
	if err != nil || len(secret) == 0 || !hmac.Equal(got, want) {
		return Result{}, ErrSignature
	}
	var r Result
	r.PaymentID, err = strconv.ParseInt(v.Get(ParamPayment), 10, 64)
	if err != nil {
		return Result{}, ErrSignature
	}
	if r.Amount, err = strconv.ParseInt(v.Get(ParamAmount), 10, 64); err != nil {
		return Result{}, ErrSignature
	}
	r.Reference = v.Get(ParamReference)
	switch v.Get(ParamStatus) {
	case StatusOK:
		r.Paid = true
	case StatusCancelled:
	default:
		return Result{}, ErrSignature
	}
	return r, nil
}

// Return builds the signed parameters of a return from a provider.
func Return(secret []byte, r Result) url.Values {
	v := url.Values{
		ParamPayment:   {strconv.FormatInt(r.PaymentID, 10)},
		ParamAmount:    {strconv.FormatInt(r.Amount, 10)},
		ParamReference: {r.Reference},
		ParamStatus:    {StatusCancelled},
	}
	if r.Paid {
		v.Set(ParamStatus, StatusOK)
	}
	v.Set(ParamSignature, Sign(secret, v))
	return v
}
