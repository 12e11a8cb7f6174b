package library

import "time"

// LoanRule is one row of the loan rules matrix: how long, how often and how
// much a patron category may borrow of a material type owned by a member
// library. An empty Category, Material or Library matches any; the most
// specific matching row wins (see Policy.Rule).
type LoanRule struct {
	Category string   // patron category, e.g. CategoryChild
	Material Material // record material
	Library  string   // member library owning the item
	// LoanDays is the loan period; 0 means the material is not lent at all
	// (e-books are lent by their own platforms, not at the desk).
	LoanDays    int
	MaxRenewals int
	// MaxLoans caps the patron's open loans of this rule's material (of
	// all materials when the rule names none).
	MaxLoans     int
	HoldsAllowed bool
	FeePerDay    int64 // overdue fee in euro cents per day late
	MaxFee       int64 // cap of one loan's overdue fee, in cents
}

// Policy is the consortium's circulation policy: the rules matrix and the
// limits that apply across it. Amounts are in euro cents.
type Policy struct {
	Rules []LoanRule
	// BlockThreshold: a patron whose open fees exceed it may not borrow,
	// renew or place holds until they pay.
	BlockThreshold int64
	// NoShowFee is charged for a hold not collected in time; 0 = none.
	NoShowFee int64
	// PickupDays is how many days a ready hold waits on the hold shelf
	// (extended to the pickup branch's next open day).
	PickupDays int
	// MaxHolds caps a patron's open holds.
	MaxHolds int
	// MaxLoans caps a patron's open loans of all materials together.
	MaxLoans int
	// AutoRenew: loans about to fall due are renewed by the sweep when the
	// rules allow.
	AutoRenew bool
}

// DefaultPolicy returns Helmet-like defaults: books for four weeks with
// five renewals, films for a week with a fee, magazines for two weeks, no
// fees for children, e-books not circulated at the desk, a 10 € block and
// a 1 € no-show fee.
func DefaultPolicy() Policy {
	return Policy{
		Rules: []LoanRule{
			{LoanDays: 28, MaxRenewals: 5, MaxLoans: 100, HoldsAllowed: true, FeePerDay: 20, MaxFee: 600},
			{Material: DVD, LoanDays: 7, MaxRenewals: 5, MaxLoans: 20, HoldsAllowed: true, FeePerDay: 100, MaxFee: 600},
			{Material: BluRay, LoanDays: 7, MaxRenewals: 5, MaxLoans: 20, HoldsAllowed: true, FeePerDay: 100, MaxFee: 600},
			{Material: Magazine, LoanDays: 14, MaxRenewals: 2, MaxLoans: 100, HoldsAllowed: true, FeePerDay: 20, MaxFee: 600},
			{Material: BoardGame, LoanDays: 28, MaxRenewals: 2, MaxLoans: 5, HoldsAllowed: true, FeePerDay: 20, MaxFee: 600},
			{Material: EBook},
			// Children pay no fees; the loan periods stay those of the material.
			{Category: CategoryChild, LoanDays: 28, MaxRenewals: 5, MaxLoans: 100, HoldsAllowed: true},
			{Category: CategoryChild, Material: DVD, LoanDays: 7, MaxRenewals: 5, MaxLoans: 20, HoldsAllowed: true},
			{Category: CategoryChild, Material: BluRay, LoanDays: 7, MaxRenewals: 5, MaxLoans: 20, HoldsAllowed: true},
			{Category: CategoryChild, Material: Magazine, LoanDays: 14, MaxRenewals: 2, MaxLoans: 100, HoldsAllowed: true},
			{Category: CategoryChild, Material: BoardGame, LoanDays: 28, MaxRenewals: 2, MaxLoans: 5, HoldsAllowed: true},
			{Category: CategoryChild, Material: EBook},
		},
		BlockThreshold: 1000,
		NoShowFee:      100,
		PickupDays:     7,
		MaxHolds:       30,
		MaxLoans:       100,
		AutoRenew:      true,
	}
}

// Rule returns the most specific rule matching a patron category, a
// material and the item's owning library, and whether any matched. A rule
// matching on more fields is more specific; between equally specific rules
// Category outranks Material, which outranks Library, so that "children
// pay no fees" is not undone by a per-library rule. Of two identical keys
// the first wins.
func (p Policy) Rule(category string, m Material, lib string) (LoanRule, bool) {
	best, bestScore := LoanRule{}, -1
	for _, r := range p.Rules {
		score := 0
		for _, f := range []struct {
			rule, want string
			weight     int
		}{{r.Category, category, 4}, {string(r.Material), string(m), 2}, {r.Library, lib, 1}} {
			switch {
			case f.rule == "":
			case f.rule == f.want:
				score += 8 + f.weight
			default:
				score = -1000
			}
		}
		if score > bestScore {
			best, bestScore = r, score
		}
	}
	return best, bestScore >= 0
}

// Lends reports whether the rule lends at all.
func (r LoanRule) Lends() bool { return r.LoanDays > 0 }

// OverdueFee returns the fee for returning at returned a loan due at due:
// FeePerDay for each day (in Helsinki) past the due date, up to MaxFee
// when one is set.
func (r LoanRule) OverdueFee(due, returned time.Time) int64 {
	days := DaysBetween(DateOf(due.In(Helsinki)), DateOf(returned.In(Helsinki)))
	if days <= 0 || r.FeePerDay <= 0 {
		return 0
	}
	fee := int64(days) * r.FeePerDay
	if r.MaxFee > 0 {
		fee = min(fee, r.MaxFee)
	}
	return fee
}

// DaysBetween returns the number of calendar days from d to e (negative if
// e comes first).
func DaysBetween(d, e Date) int {
	t0 := time.Date(d.Year, d.Month, d.Day, 12, 0, 0, 0, time.UTC)
	t1 := time.Date(e.Year, e.Month, e.Day, 12, 0, 0, 0, time.UTC)
	return int(t1.Sub(t0) / (24 * time.Hour)) // both at noon UTC: whole days
}

// EndOfDay is the last second of a library day: a loan due on a date may
// be returned until midnight, by the return chute or a kiosk.
var EndOfDay = 24*time.Hour - time.Second

// DueDate returns when a loan made at loanedAt for days days falls due:
// at the end of the day (23:59:59 Helsinki time) days later, moved forward
// to the next day the lending branch is open, staffed or self-service, so
// that nobody's loan falls due on a day they could not return it at the
// branch they borrowed it from. A branch with no opening hours at all keeps
// the plain date.
func DueDate(loanedAt time.Time, days int, h Hours) time.Time {
	d := NextOpenDay(DateOf(loanedAt.In(Helsinki)).AddDays(days), h)
	// Midnight plus a duration would be off by an hour on the days the
	// clocks change; time.Date normalises 23:59:59 in the zone instead.
	return time.Date(d.Year, d.Month, d.Day, 23, 59, 59, 0, Helsinki)
}

// NextOpenDay returns d if the branch is open that day, else the first
// open day after it. If the hours show no open day in the year ahead (a
// branch without hours, or closed for good), it returns d.
func NextOpenDay(d Date, h Hours) Date {
	for i := range 366 {
		e := d.AddDays(i)
		if day, _ := h.On(e); !day.Closed() {
			return e
		}
	}
	return d
}
