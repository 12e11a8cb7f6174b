package library

import "context"

// The e-library's staff side (issue 17, points 2 and 6): the e-collection
// as staff see it, and each library's e-statistics. The staff pages ask
// Permit themselves (ActELibrary for the collection, ActStatistics for
// the figures) and pass the libraries the staff member may read.

// ELicenceFilter selects licences for the staff's list of the
// e-collection.
type ELicenceFilter struct {
	// Libraries are the owners whose licences are listed ("" the shared
	// collection); nil lists every library's.
	Libraries   []string
	Distributor string  // "" any
	Model       string  // "" any
	Status      string  // "" any
	Records     []int64 // nil any; else these records' licences only
	Offset      int
	Limit       int // 0: no limit
}

// TitledLicence is a licence with its title's name, for lists.
type TitledLicence struct {
	Licence
	Title string
}

// ELicencePage is a page of licences with how many the filter matches in
// all, and the distributors of the libraries' licences (for the filter's
// choices).
type ELicencePage struct {
	Licences     []TitledLicence
	Total        int
	Distributors []string
}

// EStatsQuery selects a month's e-statistics.
type EStatsQuery struct {
	Library string // "" every library together
	Month   string // "2026-12"
}

// ETitleStats is one title's e-lending in a month at a library (or all).
type ETitleStats struct {
	RecordID int64
	Title    string
	Loans    int64
	Holds    int64
	Cost     int64 // euro cents spent on cost-per-circulation loans
	// Borrowers is the number of distinct borrowers; 0 and Suppressed
	// when fewer than five, so that nobody can be picked out.
	Borrowers  int64
	Suppressed bool
}

// EMonthStats is a month's e-lending in all at a library (or all).
type EMonthStats struct {
	Month      string
	Loans      int64
	Holds      int64
	Cost       int64
	Borrowers  int64
	Suppressed bool
}

// EStatsReport is a month's e-statistics: per title, the month's total,
// and the totals of the months before it (newest first) for the trend.
type EStatsReport struct {
	Month  string
	Titles []ETitleStats
	Total  EMonthStats
	Months []EMonthStats
}

// ELibraryStaff is what the staff pages read of the e-library beside
// ELibrary's staff methods.
type ELibraryStaff interface {
	// ELicences returns a page of licences by title, then licence order.
	ELicences(ctx context.Context, f ELicenceFilter) (ELicencePage, error)
	// EStats returns the rolled-up e-statistics of a month.
	EStats(ctx context.Context, q EStatsQuery) (EStatsReport, error)
}
