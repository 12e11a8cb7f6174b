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
