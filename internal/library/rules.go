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
	MaxFee       int64 // cap of one loan's overdue fee, in cents; 0 = no cap
	// ReplacementFee is what a lost item costs when its own price is not
	// known, in cents: a default per material, since rows are.
	ReplacementFee int64
	// ProcessingFee is added to the replacement of a lost item, for the
	// work of buying and cataloguing a new copy.
	ProcessingFee int64
}

// PatronCategories are the patron categories every consortium has; the
// rules matrix must cover each (see Policy.Validate).
var PatronCategories = []string{CategoryAdult, CategoryChild, CategoryStaff}

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
// overdue fees for children, e-books not circulated at the desk, a 10 €
// block, a 1 € no-show fee, and lost items replaced at a price per
// material plus a processing fee.
func DefaultPolicy() Policy {
	return Policy{
		Rules: []LoanRule{
			{LoanDays: 28, MaxRenewals: 5, MaxLoans: 100, HoldsAllowed: true, FeePerDay: 20, MaxFee: 600, ReplacementFee: 2500, ProcessingFee: 500},
			{Material: DVD, LoanDays: 7, MaxRenewals: 5, MaxLoans: 20, HoldsAllowed: true, FeePerDay: 100, MaxFee: 600, ReplacementFee: 3000, ProcessingFee: 500},
			{Material: BluRay, LoanDays: 7, MaxRenewals: 5, MaxLoans: 20, HoldsAllowed: true, FeePerDay: 100, MaxFee: 600, ReplacementFee: 3500, ProcessingFee: 500},
			{Material: Magazine, LoanDays: 14, MaxRenewals: 2, MaxLoans: 100, HoldsAllowed: true, FeePerDay: 20, MaxFee: 600, ReplacementFee: 800, ProcessingFee: 200},
			{Material: BoardGame, LoanDays: 28, MaxRenewals: 2, MaxLoans: 5, HoldsAllowed: true, FeePerDay: 20, MaxFee: 600, ReplacementFee: 4000, ProcessingFee: 500},
			// An instrument goes home for two weeks, one at a time, with
			// holds: the queue is long and the instruments few.
			{Material: Instrument, LoanDays: 14, MaxRenewals: 1, MaxLoans: 1, HoldsAllowed: true, FeePerDay: 100, MaxFee: 1000, ReplacementFee: 15000, ProcessingFee: 500},
			// E-materials are lent as licences (elib.go), never as items.
			{Material: EBook}, {Material: EAudioBook}, {Material: EMagazine},
			// Children pay no overdue fees; the loan periods stay those of
			// the material, and a lost item is still replaced (by the
			// guardian), without the processing fee.
			{Category: CategoryChild, LoanDays: 28, MaxRenewals: 5, MaxLoans: 100, HoldsAllowed: true, ReplacementFee: 2500},
			{Category: CategoryChild, Material: DVD, LoanDays: 7, MaxRenewals: 5, MaxLoans: 20, HoldsAllowed: true, ReplacementFee: 3000},
			{Category: CategoryChild, Material: BluRay, LoanDays: 7, MaxRenewals: 5, MaxLoans: 20, HoldsAllowed: true, ReplacementFee: 3500},
			{Category: CategoryChild, Material: Magazine, LoanDays: 14, MaxRenewals: 2, MaxLoans: 100, HoldsAllowed: true, ReplacementFee: 800},
			{Category: CategoryChild, Material: BoardGame, LoanDays: 28, MaxRenewals: 2, MaxLoans: 5, HoldsAllowed: true, ReplacementFee: 4000},
			{Category: CategoryChild, Material: Instrument, LoanDays: 14, MaxRenewals: 1, MaxLoans: 1, HoldsAllowed: true, ReplacementFee: 15000},
			{Category: CategoryChild, Material: EBook}, {Category: CategoryChild, Material: EAudioBook},
			{Category: CategoryChild, Material: EMagazine},
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
	if i := p.winner(category, m, lib); i >= 0 {
		return p.Rules[i], true
	}
	return LoanRule{}, false
}

// winner returns the index of the rule Rule picks, or -1.
func (p Policy) winner(category string, m Material, lib string) int {
	best, bestScore := -1, -1
	for i, r := range p.Rules {
		if score, ok := r.specificity(category, m, lib); ok && score > bestScore {
			best, bestScore = i, score
		}
	}
	return best
}

// specificity scores how specifically r matches, and whether it matches
// at all. Each field the row names counts 8, so that matching more fields
// always wins, plus 4, 2 or 1 for Category, Material and Library, which
// settles ties between rows naming as many fields.
func (r LoanRule) specificity(category string, m Material, lib string) (int, bool) {
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
			return 0, false
		}
	}
	return score, true
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

// LostFee returns what a patron is charged for losing an item under this
// rule: the item's own price when it is known (price > 0), else the rule's
// ReplacementFee, and the ProcessingFee on top. Amounts are in cents.
// Nothing in Kirjasto marks a loan lost yet; whatever comes to (the desk's
// "declare lost", or a sweep of long-overdue loans) charges these as
// FeeLost.
func (r LoanRule) LostFee(price int64) (replacement, processing int64) {
	replacement = r.ReplacementFee
	if price > 0 {
		replacement = price
	}
	return max(replacement, 0), max(r.ProcessingFee, 0)
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
