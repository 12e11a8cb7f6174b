package store

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/kirjasto/kirjasto/internal/library"
)

// stats_circulation_dims (migration 0039) holds stats_circulation's counts
// one breakdown at a time, per branch, per library (branch '*') and for
// the consortium (both '*'), so that a page over a year reads thousands
// of rows whatever its scope; stats_services_months,
// stats_collection_months and stats_visitors_months do the same for the
// services, the collection's additions and the door counts. See docs/statistics.md, "Speed".

// allPlaces marks a row of stats_circulation_dims that adds up every
// branch of a library, or every library.
const allPlaces = "*"

// monthDims are the breakdowns stats_circulation_dims holds by month; it
// holds "day" as well, from stats_circulation_days.
var monthDims = []string{"material", "channel", "age_group", "patron_category", "owner_library", "patron_library"}

// dimLevels are the three places a dimension's rows add up to: the
// columns selected for branch and library, and those grouped by.
var dimLevels = []struct{ branch, library, group string }{
	{"branch", "library", "branch, library, "},
	{"'*'", "library", "library, "},
	{"'*'", "'*'", ""},
}

// summariseDims rewrites the per-dimension summaries of the months
// first..last ('YYYY-MM') from the day and month summaries (which must
// be up to date) and the services' and collection's rows, in tx.
func summariseDims(ctx context.Context, tx txn, first, last string) error {
	for _, table := range []string{"stats_circulation_dims", "stats_services_months", "stats_collection_months"} {
		if _, err := tx.ExecContext(ctx, `DELETE FROM `+table+` WHERE month >= $1 AND month <= $2`, first, last); err != nil {
			return fmt.Errorf("summaries: %w", err)
		}
	}
	for _, dim := range append([]string{"day"}, monthDims...) {
		lo, hi := first, last
		if dim == "day" {
			lo, hi = first+"-01", last+"-31"
		}
		if _, err := tx.ExecContext(ctx, dimsInsert(dim), lo, hi); err != nil {
			return fmt.Errorf("summaries by %s: %w", dim, err)
		}
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO stats_services_months (month, library, branch, measure, n, seconds)
		SELECT substr(day, 1, 7), library, branch, measure, sum(n), sum(seconds) FROM stats_services
		WHERE day >= $1 AND day <= $2 GROUP BY substr(day, 1, 7), library, branch, measure`, first+"-01", last+"-31"); err != nil {
		return fmt.Errorf("summaries of services: %w", err)
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO stats_collection_months (month, branch, library, material, added, withdrawn)
		SELECT substr(day, 1, 7), branch, min(library), material, sum(added), sum(withdrawn) FROM stats_collection
		WHERE day >= $1 AND day <= $2 GROUP BY substr(day, 1, 7), branch, material`, first+"-01", last+"-31"); err != nil {
		return fmt.Errorf("summaries of the collection: %w", err)
	}
	return summariseVisitors(ctx, tx, first, last)
}

// summariseVisitors rewrites the door counts' summary of the months
// first..last from stats_visitors, in tx.
func summariseVisitors(ctx context.Context, tx txn, first, last string) error {
	if _, err := tx.ExecContext(ctx, `DELETE FROM stats_visitors_months WHERE month >= $1 AND month <= $2`, first, last); err != nil {
		return fmt.Errorf("summaries of visitors: %w", err)
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO stats_visitors_months (month, branch, visitors)
		SELECT substr(day, 1, 7), branch, sum(visitors) FROM stats_visitors
		WHERE day >= $1 AND day <= $2 GROUP BY substr(day, 1, 7), branch`, first+"-01", last+"-31"); err != nil {
		return fmt.Errorf("summaries of visitors: %w", err)
	}
	return nil
}

// dimsInsert is the statement that fills stats_circulation_dims by dim
// for the months $1..$2 (the days $1..$2 for "day") at every level. dim
// is one of monthDims or "day" (a constant, never input).
func dimsInsert(dim string) string {
	from, month, value, where := "stats_circulation_months", "month", dim, "month >= $1 AND month <= $2"
	if dim == "day" {
		from, month, value, where = "stats_circulation_days", "substr(day, 1, 7)", "day", "day >= $1 AND day <= $2"
	}
	var parts []string
	for _, l := range dimLevels {
		parts = append(parts, fmt.Sprintf(`SELECT '%s', %s, %s, %s, action, %s, sum(n) FROM %s WHERE %s GROUP BY %s%s, action, %s`,
			dim, l.branch, l.library, month, value, from, where, l.group, month, value))
	}
	return `INSERT INTO stats_circulation_dims (dim, branch, library, month, action, value, n) ` + strings.Join(parts, " UNION ALL ")
}

// dimsQuery is the query of stats_circulation_dims that answers q, or ok
// false if it cannot: q breaks down by more than one column besides
// action, library and branch, or by a month's breakdown over a period
// that is not whole months.
func dimsQuery(q StatsQuery) (query string, args []any, ok bool) {
	dim, byLibrary, byBranch := "", false, false
	var cols []string
	for _, b := range q.By {
		switch b {
		case "action", "library", "branch":
			byLibrary = byLibrary || b == "library"
			byBranch = byBranch || b == "branch"
			cols = append(cols, b)
			continue
		case "month":
			cols = append(cols, "month")
		default:
			cols = append(cols, "value")
		}
		if dim != "" {
			return "", nil, false
		}
		dim = b
	}
	byMonth := slices.Contains(monthDims, dim)
	if !byMonth && dim != "" && dim != "day" && dim != "month" {
		return "", nil, false
	}
	if byMonth && !wholeMonths(q.From, q.To) {
		return "", nil, false
	}
	src := dim
	if !byMonth {
		src = "day"
	}
	where := []string{"dim = $1"}
	args = []any{src}
	arg := func(cond string, v any) {
		args = append(args, v)
		where = append(where, fmt.Sprintf(cond, len(args)))
	}
	switch {
	case byBranch || q.Branch != "":
		where = append(where, "branch <> '*'")
	case byLibrary || q.Library != "":
		where = append(where, "branch = '*' AND library <> '*'")
	default:
		where = append(where, "branch = '*' AND library = '*'")
	}
	if q.Library != "" {
		arg("library = $%d", q.Library)
	}
	if q.Branch != "" {
		arg("branch = $%d", q.Branch)
	}
	if q.From != (library.Date{}) {
		arg("month >= $%d", q.From.String()[:7])
		if !byMonth {
			arg("value >= $%d", q.From.String())
		}
	}
	if q.To != (library.Date{}) {
		arg("month <= $%d", q.To.String()[:7])
		if !byMonth {
			arg("value <= $%d", q.To.String())
		}
	}
	if len(q.Actions) > 0 {
		var in []string
		for _, a := range q.Actions {
			args = append(args, a)
			in = append(in, fmt.Sprintf("$%d", len(args)))
		}
		where = append(where, "action IN ("+strings.Join(in, ", ")+")")
	}
	return selectSums("stats_circulation_dims", cols, where), args, true
}

// selectSums sums n from table by cols where every condition holds.
func selectSums(table string, cols, where []string) string {
	sel, group := "", ""
	if len(cols) > 0 {
		sel = strings.Join(cols, ", ") + ", "
		group = " GROUP BY " + strings.Join(cols, ", ") + " ORDER BY " + strings.Join(cols, ", ")
	}
	return `SELECT ` + sel + `coalesce(sum(n), 0) FROM ` + table + ` WHERE ` + strings.Join(where, " AND ") + group
}
