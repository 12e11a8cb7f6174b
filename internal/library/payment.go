package library

import (
	"context"
	"time"
)

// Payment states.
const (
	PaymentPending = "pending"
	PaymentPaid    = "paid"
	PaymentFailed  = "failed" // cancelled or refused at the provider
)

// Payment is fees paid together, at a desk or online. An online payment
// is pending from the moment the patron leaves for the provider until the
// provider's signed answer comes back.
type Payment struct {
	ID        int64
	PatronID  int64
	Amount    int64  // cents
	Method    string // "desk" or "online"
	Status    string
	Reference string // shown on the receipt and sent to the provider
	Created   time.Time
	PaidAt    time.Time // zero unless paid
	Fees      []Fee     // the fees the payment is for
}

// Payments is online payment of fees.
type Payments interface {
	// StartPayment creates a pending online payment of some of a
	// patron's open fees. It is ECONFLICT if a fee is not open or not the
	// patron's.
	StartPayment(ctx context.Context, patronID int64, feeIDs []int64, now time.Time) (Payment, error)
	// Payment returns a patron's payment with its fees.
	Payment(ctx context.Context, patronID, id int64) (Payment, error)
	// CompletePayment records a verified answer that the payment was paid:
	// the payment becomes paid and its fees paid, in one transaction. A
	// payment already paid is returned unchanged, so a replayed answer
	// does nothing. An amount other than the payment's is EINVALID.
	CompletePayment(ctx context.Context, id, amount int64, now time.Time) (Payment, error)
	// FailPayment records that a pending payment was cancelled; its fees
	// stay open. A payment not pending is left as it is.
	FailPayment(ctx context.Context, id int64, now time.Time) error
}
