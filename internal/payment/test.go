package payment

import (
	"context"
	"errors"
	"net/url"
	"strconv"
)

// Test is the built-in test provider. Its page is served by Kirjasto at
// PagePath + the payment's ID, and it answers like a real provider: by
// redirect to the return URL with signed parameters. It takes no money;
// it is for demos and tests.
type Test struct {
	Secret []byte
}

// PagePath is where Kirjasto serves the test provider's page.
const PagePath = "/payment/test/"

// Start returns the test provider's page for p.
func (t *Test) Start(ctx context.Context, p Payment) (string, error) {
	if len(t.Secret) == 0 {
		return "", errors.New("payment: test provider has no secret")
	}
	return PagePath + strconv.FormatInt(p.ID, 10), nil
}

// Verify checks a return's signature.
func (t *Test) Verify(q url.Values) (Result, error) { return verify(t.Secret, q) }

// Answer returns the signed return parameters for the patron's choice on
// the test page.
func (t *Test) Answer(r Result) url.Values { return Return(t.Secret, r) }
