package store

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/kirjasto/kirjasto/internal/library"
)

// stats_circulation_days and stats_circulation_months (migration 0031)
// hold stats_circulation's counts with fewer rows, so that a page over a
// year reads thousands of rows rather than millions; see
// docs/statistics.md.

// summarise rewrites the summaries of the days from..to and of the months
// they touch from stats_circulation, in tx.
func summarise(ctx context.Context, tx txn, from, to library.Date) error {
	if _, err := tx.ExecContext(ctx, `DELETE FROM stats_circulation_days WHERE day >= $1 AND day <= $2`, from.String(), to.String()); err != nil {
		return fmt.Errorf("summaries: %w", err)
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO stats_circulation_days (day, action, library, branch, n)
		SELECT day, action, library, branch, sum(n) FROM stats_circulation WHERE day >= $1 AND day <= $2
		GROUP BY day, action, library, branch`, from.String(), to.String()); err != nil {
		return fmt.Errorf("summaries: %w", err)
	}
	first, last := from.String()[:7], to.String()[:7]
	if _, err := tx.ExecContext(ctx, `DELETE FROM stats_circulation_months WHERE month >= $1 AND month <= $2`, first, last); err != nil {
		return fmt.Errorf("summaries: %w", err)
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO stats_circulation_months (month, action, library, branch, owner_library,
			patron_library, patron_category, age_group, material, channel, n)
		SELECT substr(day, 1, 7), action, library, branch, owner_library, patron_library, patron_category, age_group, material, channel, sum(n)
		FROM stats_circulation WHERE day >= $1 AND day <= $2
		GROUP BY substr(day, 1, 7), action, library, branch, owner_library, patron_library, patron_category, age_group, material, channel`,
		first+"-01", last+"-31"); err != nil {
		return fmt.Errorf("summaries: %w", err)
	}
	return summariseDims(ctx, tx, first, last)
}

// summaries rewrites the day's summaries and its month's, after the
// day's circulation, services and collection have been counted.
func (r rollup) summaries(ctx context.Context) error { return summarise(ctx, r.tx, r.day, r.day) }

// SummariseStats rewrites the summaries of from..to from
// stats_circulation: for statistics written straight into the tables
// (InsertStatsRows), as the demo's history and the benchmarks are.
// After such a bulk load the planner's statistics of the tables the pages
// read are stale or missing (PostgreSQL's autovacuum gets to them later),
// so they are analysed at once.
func (db *DB) SummariseStats(ctx context.Context, from, to library.Date) error {
	if err := db.inTx(ctx, func(tx txn) error { return summarise(ctx, tx, from, to) }); err != nil {
		return err
	}
	for _, table := range []string{"stats_circulation_dims", "stats_services_months", "stats_collection_months",
		"stats_visitors_months", "stats_collection", "stats_top_titles", "stats_registrations", "stats_active"} {
		if _, err := db.write.ExecContext(ctx, `ANALYZE `+table); err != nil {
			return fmt.Errorf("analyse %s: %w", table, err)
		}
	}
	return nil
}

// dayDims are the breakdowns stats_circulation_days answers.
var dayDims = []string{"day", "month", "action", "library", "branch"}

// circulationSource is the table that answers q with the fewest rows,
// and the name of its day or month column.
func circulationSource(q StatsQuery) (table, dayCol string) {
	byDays := true
	for _, d := range q.By {
		if !slices.Contains(dayDims, d) {
			byDays = false
		}
	}
	if byDays {
		return "stats_circulation_days", "day"
	}
	if !slices.Contains(q.By, "day") && wholeMonths(q.From, q.To) {
		return "stats_circulation_months", "month"
	}
	return "stats_circulation", "day"
}

// wholeMonths reports whether from..to starts on a month's first day and
// ends on a month's last (a zero from is the start of time).
func wholeMonths(from, to library.Date) bool {
	if from != (library.Date{}) && from.Day != 1 {
		return false
	}
	if to == (library.Date{}) {
		return true
	}
	return time.Date(to.Year, to.Month, to.Day+1, 12, 0, 0, 0, time.UTC).Day() == 1
}
