package library

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"
)

// The e-library (issue 17): e-books, e-audiobooks and e-magazines are
// records of the one catalogue (materials EBook, EAudioBook, EMagazine)
// whose copies are licences bought from distributors, not items. A
// licence follows ODL 1.0's terms (concurrency, checkouts, expiry, loan
// length) or one of the models beside them; an e-loan takes a licence, an
// e-hold waits for one, and a freed licence is offered to the first in the
// queue for EHoldWindow. E-loans end by themselves and never cost the
// patron anything. Checkout and return go through the distributor's ODL
// server (internal/odl); this file is the domain and the store's contract.

// E-materials beside EBook (record.go).
const (
	EAudioBook Material = "eaudiobook"
	EMagazine  Material = "emagazine"
)

// EMaterials are the materials lent as licences.
var EMaterials = []Material{EBook, EAudioBook, EMagazine}

// Licence models; their names are in the catalogues under "elib.model.".
const (
	// ModelODL is a licence on ODL's terms: any of a concurrency limit,
	// a number of checkouts and an expiry date.
	ModelODL = "odl"
	// ModelSimultaneous lends to any number at once (no concurrency
	// limit), within its expiry if it has one.
	ModelSimultaneous = "simultaneous"
	// ModelCostPerCirculation lends to any number at once, each loan
	// costing the library Price within its monthly e-budget.
	ModelCostPerCirculation = "cpc"
	// ModelOpenAccess is free to download: no loan, no licence to count.
	ModelOpenAccess = "open"
)

// LicenceModels lists the models in their order.
var LicenceModels = []string{ModelODL, ModelSimultaneous, ModelCostPerCirculation, ModelOpenAccess}

// Licence is one licence a consortium (or one member library) holds for
// an e-title.
type Licence struct {
	ID          int64
	RecordID    int64
	Library     string // the member library that bought it; "" is the consortium's shared collection
	Distributor string // the distributor's ID, as configured
	Identifier  string // the distributor's licence identifier (ODL metadata.identifier)
	Model       string // one of LicenceModels
	// Concurrency is how many may borrow at once; 0 is no limit.
	Concurrency int
	// Checkouts is how many checkouts are left, CheckoutsTotal how many it
	// had; CheckoutsTotal 0 is not metered by count.
	Checkouts, CheckoutsTotal int
	Expires                   time.Time     // zero: not metered by time
	LoanLength                time.Duration // the terms' longest loan; 0: the library's rule decides
	Price                     int           // euro cents per circulation (ModelCostPerCirculation)
	Formats                   []string      // media types it is delivered in
	// CheckoutURL is the ODL checkout link (a URI template) and StatusURL
	// the licence info document; neither is ever shown to residents.
	CheckoutURL, StatusURL string
	Status                 string // LicenceActive, LicenceExpired, LicenceUsedUp, LicenceWithdrawn
	Loans                  int    // loans open on it now; read only
	Updated                time.Time
}

// Check refuses a licence a feed or a form got wrong: without its
// distributor, identifier or record, of an unknown model or state, or
// with negative or inconsistent terms. An importer checks each entry
// with it, so that one bad entry never stops the others.
func (l Licence) Check() error {
	bad := func(what string) error {
		return &Error{Code: EINVALID, Key: "error.elib_licence_invalid",
			Message: fmt.Sprintf("licence %s/%s: %s", l.Distributor, l.Identifier, what)}
	}
	switch {
	case strings.TrimSpace(l.Distributor) == "" || strings.TrimSpace(l.Identifier) == "":
		return bad("no distributor or identifier")
	case l.RecordID == 0:
		return bad("no record")
	case !slices.Contains(LicenceModels, l.Model):
		return &Error{Code: EINVALID, Key: "error.elib_licence_model",
			Message: fmt.Sprintf("licence %s/%s: unknown model %q", l.Distributor, l.Identifier, l.Model)}
	case l.Concurrency < 0 || l.Checkouts < 0 || l.CheckoutsTotal < 0 || l.Checkouts > l.CheckoutsTotal || l.Price < 0 || l.LoanLength < 0:
		return bad("negative or inconsistent terms")
	case l.Status != "" && !slices.Contains(LicenceStatuses, l.Status):
		return bad("unknown status " + l.Status)
	}
	return nil
}

// Licence states.
const (
	LicenceActive    = "active"
	LicenceExpired   = "expired"
	LicenceUsedUp    = "used_up" // no checkouts left
	LicenceWithdrawn = "withdrawn"
)

// Lendable reports whether the licence may start a loan at now, its
// model and terms aside from a library's budget.
func (l Licence) Lendable(now time.Time) bool {
	switch {
	case l.Status != LicenceActive:
		return false
	case !l.Expires.IsZero() && !now.Before(l.Expires):
		return false
	case l.CheckoutsTotal > 0 && l.Checkouts <= 0:
		return false
	case l.Concurrency > 0 && l.Loans >= l.Concurrency:
		return false
	}
	return true
}

// EAvailability is what residents see of an e-title: "2 of 5 licences
// free", or "3 waiting, about 2 weeks".
type EAvailability struct {
	RecordID    int64
	Open        bool // open access: download, no loan
	Unlimited   bool // a licence without a concurrency limit is lendable
	Free, Total int  // lendable licences' free places and all places
	Waiting     int  // e-holds in the queue
	// EstimatedWait is the queue's expected wait for a new e-hold; 0
	// when one can borrow now.
	EstimatedWait time.Duration
}

// OnlineNow reports whether the title can be had at once: downloaded
// (open access) or borrowed (a free place, or a licence without a
// concurrency limit). The catalogue's "online now" filter is these.
func (a EAvailability) OnlineNow() bool { return a.Open || a.Unlimited || a.Free > 0 }

// ELoan is a patron's e-loan.
type ELoan struct {
	ID        int64
	PatronID  int64
	RecordID  int64
	LicenceID int64
	Library   string // whose rules and budget it counts against
	Start     time.Time
	Due       time.Time // it ends by itself then
	Returned  time.Time // zero while open; set early by a return or at Due
	// Link is where the patron gets the book: the distributor's licence
	// (or LCP licence) link, or the open-access download.
	Link       string
	LinkType   string // its media type
	StatusURL  string // the distributor's License Status Document, for return
	Title      string // read only
	Material   Material
	Cost       int // euro cents charged to the library's budget (cost per circulation)
	ReturnedBy string
	Renewals   int // how often it was renewed (at most ERenewals)
}

// ERenewals is how often an e-loan may be renewed, each time while
// nobody waits for the title.
const ERenewals = 2

// EDueSoon is how long before an e-loan ends its holder is told.
const EDueSoon = 48 * time.Hour

// E-hold states.
const (
	EHoldWaiting   = "waiting"
	EHoldOffered   = "offered"   // a licence is kept for the patron until WindowEnds
	EHoldBorrowed  = "borrowed"  // became a loan
	EHoldExpired   = "expired"   // the window passed
	EHoldCancelled = "cancelled" //
)

// EHoldWindow is how long a freed licence is kept for the first in the
// queue before it goes to the next.
const EHoldWindow = 48 * time.Hour

// EHold is a patron's place in an e-title's queue.
type EHold struct {
	ID         int64
	PatronID   int64
	RecordID   int64
	Status     string
	Position   int // 1 is next; 0 once offered or settled
	Created    time.Time
	Offered    time.Time
	WindowEnds time.Time
	Title      string // read only
	// EstimatedWait is how long the patron can expect to wait; read only.
	EstimatedWait time.Duration
}

// ELimits bound one patron's e-lending, per library (the consortium's
// when the library sets none).
type ELimits struct {
	Loans int // open e-loans at once
	Holds int // e-holds at once
	// LoanDays is the library's e-loan length; a licence's shorter
	// LoanLength wins.
	LoanDays int
}

// DefaultELimits are the limits when nobody set any.
var DefaultELimits = ELimits{Loans: 5, Holds: 5, LoanDays: 14}

// When a library's monthly budget for cost-per-circulation loans is spent.
const (
	BudgetRefuse = "refuse" // new loans are refused until next month
	BudgetWait   = "wait"   // new loans become holds, offered when the month turns
)

// EBudget is a member library's monthly budget for cost-per-circulation
// loans, in euro cents.
type EBudget struct {
	Library string
	Monthly int
	WhenOut string // BudgetRefuse or BudgetWait
	Spent   int    // this month, read only
	Month   string // "2026-12", read only
}

// ELibrary lends e-content. Resident methods take the patron; staff
// methods take the staff member and ask Permit(by, ActELibrary, scope).
type ELibrary interface {
	// EAvailability returns the availability of each record (missing
	// for records without licences), counting every licence: whether
	// anyone at all may borrow it (the catalogue's "online now").
	EAvailability(ctx context.Context, recordIDs []int64, now time.Time) (map[int64]EAvailability, error)
	// EAvailabilityFor is the availability for a patron of home library:
	// a member library's own licences count for its own patrons only.
	// home "" (a guest) counts the shared collection and every member
	// library's licences, as EAvailability does.
	EAvailabilityFor(ctx context.Context, home string, recordIDs []int64, now time.Time) (map[int64]EAvailability, error)
	// Licences returns a record's licences, in the order loans take
	// them: soonest to expire first, then the fewest checkouts left.
	Licences(ctx context.Context, recordID int64) ([]Licence, error)

	// BorrowE lends the record to the patron when a licence is free
	// (or kept for them by an offered e-hold): it takes the licence in
	// the order Licences gives, under a row lock, counts the checkout,
	// charges the budget, and returns the loan without its Link, which
	// the caller fetches from the distributor (CompleteELoan). Refusals:
	// ECONFLICT error.elib_none_free (reserve instead), error.elib_open
	// (download instead), error.elib_already_borrowed; EFORBIDDEN
	// error.elib_loan_limit, error.elib_budget_spent, and the blocks of
	// print circulation (error.account_closed, error.patron_blocked,
	// error.patron_blocked_fees, error.patron_provisional). When the only
	// licences left cost per circulation and the library's budget is spent
	// under BudgetWait, the patron is queued (an e-hold, committed) and
	// the answer is ECONFLICT error.elib_budget_wait. Licences of a member
	// library lend to its own patrons only; the shared collection's (""),
	// to every patron.
	BorrowE(ctx context.Context, patronID, recordID int64, now time.Time) (ELoan, Licence, error)
	// CompleteELoan stores the distributor's answer to the checkout.
	CompleteELoan(ctx context.Context, loanID int64, link, linkType, statusURL string) (ELoan, error)
	// AbortELoan undoes a loan the distributor refused, giving back the
	// licence's place and checkout and the budget's charge.
	AbortELoan(ctx context.Context, loanID int64, now time.Time) error
	// ReturnE returns an e-loan early; the licence's place goes to the
	// queue (an offer to the first e-hold).
	ReturnE(ctx context.Context, patronID, loanID int64, now time.Time) (ELoan, error)
	ELoans(ctx context.Context, patronID int64, now time.Time) ([]ELoan, error)
	// RenewE lends the loan again for a loan length from now (never past
	// its licence's expiry) while nobody waits for the title: ECONFLICT
	// error.elib_renew_waiting, error.elib_renew_limit (ERenewals),
	// error.elib_renew_licence (the licence expires or was withdrawn,
	// so no later due date is possible), error.elib_loan_ended. A
	// renewal is no new circulation: a cost-per-circulation loan is not
	// charged again and a metered licence's checkouts stay (as ODL's
	// renew link does). It returns the loan and its due date before, for
	// RevertRenewE should the distributor refuse.
	RenewE(ctx context.Context, patronID, loanID int64, now time.Time) (ELoan, time.Time, error)
	// RevertRenewE undoes a renewal the distributor refused: the due
	// date goes back to prevDue and the renewal is not counted.
	RevertRenewE(ctx context.Context, loanID int64, prevDue time.Time) error

	// ReserveE queues the patron for a record with no free licence
	// (ECONFLICT error.elib_free_now when one is free: borrow instead).
	ReserveE(ctx context.Context, patronID, recordID int64, now time.Time) (EHold, error)
	CancelEHold(ctx context.Context, patronID, holdID int64, now time.Time) error
	EHolds(ctx context.Context, patronID int64, now time.Time) ([]EHold, error)

	// ExpireELoans ends the loans due by now and the offers whose window
	// passed, offering the freed places to the next in each queue with a
	// notice, and marks licences expired or used up. A sweep; it returns
	// how many loans, offers and licences it settled.
	ExpireELoans(ctx context.Context, now time.Time) (int, error)

	// Staff.
	UpsertLicences(ctx context.Context, by Staff, ls []Licence, now time.Time) (int, error)
	// WithdrawLicences marks the distributor's licences of the library
	// ("" the shared collection) that are not in keep (identifiers)
	// withdrawn: a feed read whole no longer lists them. Open loans on
	// them run to their due date; nothing new lends on them. It returns
	// how many it withdrew.
	WithdrawLicences(ctx context.Context, by Staff, distributor, library string, keep []string, now time.Time) (int, error)
	LicencesToRenew(ctx context.Context, libs []string, within time.Duration, now time.Time) ([]Licence, error)
	SetELimits(ctx context.Context, by Staff, library string, l ELimits) error
	SetEBudget(ctx context.Context, by Staff, b EBudget) error
	EBudgets(ctx context.Context, libs []string, now time.Time) ([]EBudget, error)
	// ELimits returns the limits of a library's patrons ("" the
	// consortium's): its own, else the consortium's, else DefaultELimits.
	ELimits(ctx context.Context, library string) (ELimits, error)
}

// Notices of the e-library. Params: title; an offer's date and time
// (Helsinki's) are when its window ends, a due-soon notice's when the
// loan ends.
const (
	NoticeELibOffered      = "elib_offered"
	NoticeELibOfferExpired = "elib_offer_expired"
	NoticeELibDueSoon      = "elib_due_soon"
	NoticeELibLoanEnded    = "elib_loan_ended"
)

// ELibNotices lists the e-library's notice kinds, for tests that walk
// them all.
var ELibNotices = []string{NoticeELibOffered, NoticeELibOfferExpired, NoticeELibDueSoon, NoticeELibLoanEnded}

// EHoldStatuses lists the e-hold states; their names are in the
// catalogues under "elib.hold.status.".
var EHoldStatuses = []string{EHoldWaiting, EHoldOffered, EHoldBorrowed, EHoldExpired, EHoldCancelled}

// LicenceStatuses lists the licence states; their names are in the
// catalogues under "elib.licence.status.".
var LicenceStatuses = []string{LicenceActive, LicenceExpired, LicenceUsedUp, LicenceWithdrawn}

// Audit codes of the e-library. Library is the library whose licences,
// limits or budget changed ("" the consortium's shared collection).
const (
	AuditELicences = "elib.licences" // one entry per library of a batch
	AuditELimits   = "elib.limits"
	AuditEBudget   = "elib.budget"
)
