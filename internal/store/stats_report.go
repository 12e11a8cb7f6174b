package store

import (
	"context"
	"fmt"

	"github.com/kirjasto/kirjasto/internal/library"
)

// The reads the staff's statistics pages (internal/web/stats) need beside
// those of stats_read.go: a period's collection, a period's top titles,
// and the yearly national report's events by category and e-loans.

// CollectionPeriod returns, by owning branch and material, the collection
// on the last rolled-up day of from..to (Items) and the copies added and
// withdrawn during from..to.
func (db *DB) CollectionPeriod(ctx context.Context, from, to library.Date) ([]CollectionStat, error) {
	query := `
		WITH last AS (SELECT max(day) AS day FROM stats_collection WHERE day >= $1 AND day <= $2)
		SELECT c.branch, c.library, c.material,
			coalesce(sum(CASE WHEN c.day = last.day THEN c.items END), 0), sum(c.added), sum(c.withdrawn)
		FROM stats_collection c, last
		WHERE c.day >= $1 AND c.day <= $2
		GROUP BY c.branch, c.library, c.material ORDER BY c.branch, c.material`
	args := []any{from.String(), to.String()}
	if wholeMonths(from, to) {
		// The last day's rows and the months' summary (0039) rather
		// than every day's rows.
		query = `
		WITH last AS (SELECT max(day) AS day FROM stats_collection WHERE day >= $1 AND day <= $2)
		SELECT branch, library, material, sum(items), sum(added), sum(withdrawn) FROM (
			SELECT c.branch, c.library, c.material, c.items, 0 AS added, 0 AS withdrawn
			FROM stats_collection c, last WHERE c.day = last.day
			UNION ALL
			SELECT branch, library, material, 0, added, withdrawn FROM stats_collection_months WHERE month >= $3 AND month <= $4
		) c GROUP BY branch, library, material ORDER BY branch, material`
		args = append(args, from.String()[:7], to.String()[:7])
	}
	rows, err := db.reader().QueryContext(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("collection of a period: %w", err)
	}
	defer rows.Close()
	var out []CollectionStat
	for rows.Next() {
		var c CollectionStat
		if err := rows.Scan(&c.Branch, &c.Library, &c.Material, &c.Items, &c.Added, &c.Withdrawn); err != nil {
			return nil, fmt.Errorf("collection of a period: %w", err)
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// TopTitlesPeriod returns the most borrowed titles of the months
// fromMonth..toMonth ('YYYY-MM') at lib ("" for every library), every
// material together, at most limit, most borrowed first. It adds up the
// months' kept lists, so a title that was never among a month's first
// fifty of its material is missing from it: right for the top, not for
// the tail.
func (db *DB) TopTitlesPeriod(ctx context.Context, fromMonth, toMonth, lib string, limit int) ([]library.TopTitle, error) {
	rows, err := db.reader().QueryContext(ctx, `
		SELECT material, record_id, sum(loans) FROM stats_top_titles
		WHERE month >= $1 AND month <= $2 AND ($3 = '' OR library = $3)
		GROUP BY material, record_id ORDER BY 3 DESC, record_id LIMIT $4`, fromMonth, toMonth, lib, limit)
	if err != nil {
		return nil, fmt.Errorf("top titles of a period: %w", err)
	}
	defer rows.Close()
	var out []library.TopTitle
	for rows.Next() {
		t := library.TopTitle{Library: lib}
		if err := rows.Scan(&t.Material, &t.RecordID, &t.Loans); err != nil {
			return nil, fmt.Errorf("top titles of a period: %w", err)
		}
		out = append(out, t)
	}
	return out, rows.Err()
}

// EventCount is library.EventCount.
type EventCount = library.EventCount

// EventsByCategory counts the published events that started from..to
// (Helsinki days) by library and category, with their attendance. The
// national statistics count user training (digital help) apart from
// other events, which stats_services does not; the events table holds no
// one's data, so it is read as it is.
func (db *DB) EventsByCategory(ctx context.Context, from, to library.Date) ([]EventCount, error) {
	rows, err := db.reader().QueryContext(ctx, `
		SELECT e.library_id, e.category, count(*), coalesce(sum((SELECT sum(s.places) FROM event_signups s
			WHERE s.event_id = e.id AND s.status = 'attended')), 0)
		FROM events e WHERE e.status = 'published' AND e.starts_at >= $1 AND e.starts_at < $2
		GROUP BY 1, 2 ORDER BY 1, 2`,
		utc(from.In(library.Helsinki, 0)), utc(to.AddDays(1).In(library.Helsinki, 0)))
	if err != nil {
		return nil, fmt.Errorf("events by category: %w", err)
	}
	defer rows.Close()
	var out []EventCount
	for rows.Next() {
		var c EventCount
		if err := rows.Scan(&c.Library, &c.Category, &c.Events, &c.Participants); err != nil {
			return nil, fmt.Errorf("events by category: %w", err)
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// ELoanCounts counts the e-loans started from..to by the library they
// were charged to, as the roll-up counted them (stats_elib), like every
// other figure of the report: a day not rolled up yet counts nothing, and
// a loan counted stays counted when its row goes later (an aborted loan,
// a closed account).
func (db *DB) ELoanCounts(ctx context.Context, from, to library.Date) (map[string]int64, error) {
	rows, err := db.reader().QueryContext(ctx, `SELECT library, sum(loans) FROM stats_elib
		WHERE day >= $1 AND day <= $2 GROUP BY library`, from.String(), to.String())
	if err != nil {
		return nil, fmt.Errorf("e-loans: %w", err)
	}
	defer rows.Close()
	out := map[string]int64{}
	for rows.Next() {
		var lib string
		var n int64
		if err := rows.Scan(&lib, &n); err != nil {
			return nil, fmt.Errorf("e-loans: %w", err)
		}
		out[lib] = n
	}
	return out, rows.Err()
}

// StatsRow is one row of generated statistics for InsertStatsRows.
type StatsRow = []any

// InsertStatsRows writes generated aggregate rows straight into a
// statistics table (stats_circulation, stats_collection, stats_services,
// stats_visitors, stats_registrations, stats_active, stats_top_titles)
// with cols naming the columns: for the demo's year of history and the
// benchmarks, which need a year of figures in seconds, not a year of
// circulation to roll up.
func (db *DB) InsertStatsRows(ctx context.Context, table, cols string, rows []StatsRow) error {
	switch table {
	case "stats_circulation", "stats_collection", "stats_services", "stats_visitors", "stats_registrations",
		"stats_active", "stats_top_titles", "stats_days", "stats_months":
	default:
		return fmt.Errorf("insert statistics: %q is no statistics table", table)
	}
	return db.inTx(ctx, func(tx txn) error { return insertRows(ctx, tx, table, cols, rows) })
}

// The statistics pages read every figure through library.StaffStatistics.
var _ library.StaffStatistics = (*DB)(nil)
