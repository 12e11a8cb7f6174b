package library

import "context"

// Statistics are the aggregates the open data publishes: counts, never
// people (see docs/statistics.md and docs/privacy.md).
type Statistics interface {
	// MonthlyLoans returns the checkouts and renewals per lending library
	// and month ('YYYY-MM') from..to inclusive; lib "" for every library.
	MonthlyLoans(ctx context.Context, lib, from, to string) ([]MonthlyLoans, error)
	// TopTitles returns a month's most borrowed titles by lending library
	// and material, at most limit of each, most borrowed first.
	TopTitles(ctx context.Context, month, lib string, limit int) ([]TopTitle, error)
}

// MonthlyLoans is a library's loans in a month.
type MonthlyLoans struct {
	Month     string // 'YYYY-MM'
	Library   string
	Checkouts int64
	Renewals  int64
}

// TopTitle is one of a month's most borrowed titles at a library.
type TopTitle struct {
	Library, Material string
	RecordID, Loans   int64
}

// StaffStatistics are the reads of the staff's statistics pages: every
// figure is a sum of aggregates, and a breakdown by a personal trait (age
// group) is suppressed below MinCell people.
type StaffStatistics interface {
	Statistics
	// CirculationStats sums the circulation aggregates by q.By.
	CirculationStats(ctx context.Context, q StatsQuery) ([]StatsCell, error)
	// ActivePatrons returns a month's distinct borrowers by lending
	// library ("" the whole consortium).
	ActivePatrons(ctx context.Context, month string) (map[string]int64, error)
	// RegistrationStats sums new registrations by library and age group.
	RegistrationStats(ctx context.Context, from, to Date) ([]StatsCell, error)
	// ServiceStats sums the other services' measures by library, branch
	// and measure.
	ServiceStats(ctx context.Context, from, to Date) ([]ServiceStat, error)
	// ServiceStatsIn is ServiceStats of a library's or a branch's rows.
	ServiceStatsIn(ctx context.Context, from, to Date, at Scope) ([]ServiceStat, error)
	// TopTitlesPeriod returns the most borrowed titles of the months
	// fromMonth..toMonth at a library ("" every library).
	TopTitlesPeriod(ctx context.Context, fromMonth, toMonth, lib string, limit int) ([]TopTitle, error)
	// CollectionPeriod returns the collection at the end of from..to
	// and the copies added and withdrawn during it.
	CollectionPeriod(ctx context.Context, from, to Date) ([]CollectionStat, error)
	// IdleItems counts the copies not lent since since.
	IdleItems(ctx context.Context, since Date) ([]CollectionStat, error)
	// Visitors sums the door counters' counts by branch.
	Visitors(ctx context.Context, from, to Date) (map[string]int64, error)
	// EventsByCategory counts published events and their attendance by
	// library and category.
	EventsByCategory(ctx context.Context, from, to Date) ([]EventCount, error)
	// ELoanCounts counts the e-loans started by lending library.
	ELoanCounts(ctx context.Context, from, to Date) (map[string]int64, error)
}

// StatsQuery selects and breaks down circulation statistics.
type StatsQuery struct {
	From, To Date     // inclusive; zero From: from the start
	Library  string   // "" for every library
	Branch   string   // "" for every branch
	Actions  []string // empty for every action
	By       []string // the breakdown, in order: day, month, action, library, branch, owner_library, patron_library, patron_category, age_group, material, channel
}

// StatsCell is one cell of a breakdown: Key holds the values of the
// query's By columns in order. A suppressed cell has N 0.
type StatsCell struct {
	Key        []string
	N          int64
	Suppressed bool
}

// ServiceStat is one measure's total over a period.
type ServiceStat struct {
	Library, Branch, Measure string
	N, Seconds               int64
}

// CollectionStat is a branch's collection of one material.
type CollectionStat struct {
	Branch, Library, Material string
	Items, Added, Withdrawn   int64
}

// EventCount is the published events of a category at a library in a
// period and the places marked attended at them.
type EventCount struct {
	Library, Category    string
	Events, Participants int64
}

// MinPublicLoans is the fewest loans a title must have for a public list
// of the most borrowed to show it: a title two people borrowed in a
// quiet month could say what those two read.
const MinPublicLoans = 5
