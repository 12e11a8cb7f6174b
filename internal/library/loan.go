package library

import (
	"context"
	"time"
)

// Loan is one item lent to one patron.
type Loan struct {
	ID         int64
	PatronID   int64
	ItemID     int64
	Barcode    string
	RecordID   int64
	Branch     string // where it was lent
	LoanedAt   time.Time
	DueAt      time.Time
	Renewals   int
	ReturnedAt time.Time // zero while on loan
}

// Overdue reports whether the loan is past its due time at now.
func (l Loan) Overdue(now time.Time) bool { return l.ReturnedAt.IsZero() && now.After(l.DueAt) }

// Hold statuses.
const (
	HoldWaiting   = "waiting"    // in the queue (possibly frozen until a date)
	HoldInTransit = "in_transit" // a copy is on its way to the pickup branch
	HoldReady     = "ready"      // on the hold shelf at the pickup branch
	HoldCollected = "collected"  // borrowed by the patron
	HoldCancelled = "cancelled"
	HoldExpired   = "expired" // not collected in time
)

// Hold is a reservation: of a title (any copy in the consortium will do)
// or of one item (ItemID set: a particular volume or disc).
type Hold struct {
	ID            int64
	PatronID      int64
	RecordID      int64
	ItemID        int64 // 0 for a title-level hold
	PickupBranch  string
	Status        string
	PlacedAt      time.Time
	FrozenUntil   Date   // zero when not frozen; the hold keeps its place but is skipped
	ItemBarcode   string // the copy assigned to it, once one is
	ShelfCode     string // where on the hold shelf, e.g. "12-VIR" (a pickup number and name letters)
	ReadyAt       time.Time
	PickupBy      Date // last day to collect it
	Position      int  // place in the record's queue, 1 = next; 0 when not waiting
	EstimatedWait int  // days, a rough estimate for waiting holds
}

// Fee kinds; their names are in the catalogues under "fee." + kind.
const (
	FeeOverdue = "overdue"
	FeeNoShow  = "no_show" // a hold not collected
	FeeLost    = "lost"
	FeeDamaged = "damaged"
	FeeManual  = "manual"
)

// Fee is one charge on a patron's account, in euro cents.
type Fee struct {
	ID          int64
	PatronID    int64
	Kind        string
	Amount      int64
	RecordID    int64
	Barcode     string
	Description string
	Created     time.Time
	PaidAt      time.Time // zero while open
	PaymentID   int64
	// Library is the member library that charged the fee: the owner of
	// the copy it is for, else the patron's home library. Only its staff
	// and administrators take it at a desk (see Permit).
	Library string
}

// Actor is who made a circulation event happen, for the audit trail.
type Actor struct {
	StaffID  int64
	PatronID int64  // the patron themselves, on the web or a kiosk
	Kiosk    string // SIP2 kiosk login
	Branch   string // where it happened
}

// Routes after a check-in: where the item goes next.
const (
	RouteShelf     = "shelf"      // back on this branch's shelf
	RouteHoldShelf = "hold_shelf" // on this branch's hold shelf for a hold
	RouteTransit   = "transit"    // to another branch: for a hold there, or home
)

// CheckinResult says what happened at a check-in and where the item goes.
type CheckinResult struct {
	Item  Item
	Loan  Loan // the loan that ended, if the item was on loan
	Route string
	To    string // the destination branch for RouteTransit
	Hold  Hold   // the hold the item now serves, if any
	Fee   Fee    // an overdue fee charged, if any
}

// Circulation lends, returns, renews and reserves. Implementations do
// each call in one transaction, correct under concurrency: an item is
// never lent twice, a loan limit holds with parallel checkouts, and a
// returned item fills exactly one hold.
type Circulation interface {
	Checkout(ctx context.Context, patronID int64, barcode string, by Actor, now time.Time) (Loan, error)
	Checkin(ctx context.Context, barcode string, by Actor, now time.Time) (CheckinResult, error)
	Renew(ctx context.Context, patronID int64, barcode string, by Actor, now time.Time) (Loan, error)
	// Loans returns a patron's current loans, soonest due first.
	Loans(ctx context.Context, patronID int64) ([]Loan, error)

	PlaceHold(ctx context.Context, h Hold, by Actor, now time.Time) (Hold, error)
	CancelHold(ctx context.Context, patronID, holdID int64, by Actor, now time.Time) error
	// FreezeHold keeps the hold's place but skips it until the date;
	// a zero date resumes it.
	FreezeHold(ctx context.Context, patronID, holdID int64, until Date, now time.Time) error
	ChangePickup(ctx context.Context, patronID, holdID int64, branch string, now time.Time) error
	// Holds returns a patron's open holds with positions and estimates.
	Holds(ctx context.Context, patronID int64) ([]Hold, error)

	// Fees returns a patron's fees, open ones first.
	Fees(ctx context.Context, patronID int64) ([]Fee, error)
	// PayFees marks fees paid (at the desk, or after an online payment).
	PayFees(ctx context.Context, patronID int64, feeIDs []int64, by Actor, now time.Time) error
}

// RenewResult is the outcome of renewing one loan of several: the renewed
// loan, or the reason (a *Error with a Key) it was not renewed.
type RenewResult struct {
	Barcode string
	Loan    Loan
	Err     error
}

// HistoryEntry is one title in a patron's reading history, kept only for
// patrons who opted in.
type HistoryEntry struct {
	ID       int64
	RecordID int64
	Title    string
	LoanedAt time.Time
}
