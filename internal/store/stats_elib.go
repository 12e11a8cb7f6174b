package store

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/kirjasto/kirjasto/internal/library"
)

// E-statistics (issue 17, point 6; docs/statistics.md): each library's
// e-loans, e-holds and cost-per-circulation spending per title and day
// (stats_elib), and its distinct e-borrowers per title and month
// (stats_elib_borrowers), rolled up with the rest of the day's figures.
// The roll-up reads who borrowed only to count them.

// elib counts the day's e-loans (started that day, by the library they
// count against) with their cost, the e-holds placed (by the patron's
// home library), and recounts the month so far's distinct e-borrowers.
func (r rollup) elib(ctx context.Context) error {
	type key struct {
		lib    string
		record int64
	}
	type cell struct{ loans, holds, cost int64 }
	cells := map[key]*cell{}
	get := func(k key) *cell {
		c := cells[k]
		if c == nil {
			c = &cell{}
			cells[k] = c
		}
		return c
	}
	scan := func(what, query string, add func(*cell, int64, int64)) error {
		rows, err := r.tx.QueryContext(ctx, query, r.start, r.end)
		if err != nil {
			return fmt.Errorf("e-statistics %s: %w", what, err)
		}
		defer rows.Close()
		for rows.Next() {
			var k key
			var n, cost int64
			if err := rows.Scan(&k.lib, &k.record, &n, &cost); err != nil {
				return fmt.Errorf("e-statistics %s: %w", what, err)
			}
			add(get(k), n, cost)
		}
		return rows.Err()
	}
	if err := scan("loans", `SELECT library, record_id, count(*), coalesce(sum(cost), 0) FROM e_loans
		WHERE started_at >= $1 AND started_at < $2 GROUP BY 1, 2`,
		func(c *cell, n, cost int64) { c.loans += n; c.cost += cost }); err != nil {
		return err
	}
	if err := scan("holds", `SELECT coalesce(p.home_library, ''), h.record_id, count(*), 0 FROM e_holds h
		LEFT JOIN patrons p ON p.id = h.patron_id
		WHERE h.created_at >= $1 AND h.created_at < $2 GROUP BY 1, 2`,
		func(c *cell, n, _ int64) { c.holds += n }); err != nil {
		return err
	}
	out := make([][]any, 0, len(cells))
	for k, c := range cells {
		out = append(out, []any{r.day.String(), k.lib, k.record, c.loans, c.holds, c.cost})
	}
	if err := insertRows(ctx, r.tx, "stats_elib", "day, library, record_id, loans, holds, cost", out); err != nil {
		return err
	}
	return r.eBorrowers(ctx)
}

// eBorrowers recounts the distinct e-borrowers of the month so far per
// library and title, per library (record 0), and in the whole consortium
// (library ”), keeping a count only if it has seen at least as much of
// the month as the one stored (as active does).
func (r rollup) eBorrowers(ctx context.Context) error {
	month := r.day.String()[:7]
	monthStart := utc(library.Date{Year: r.day.Year, Month: r.day.Month, Day: 1}.In(library.Helsinki, 0))
	rows, err := r.tx.QueryContext(ctx, `
		SELECT library, record_id, count(DISTINCT patron_id) FROM e_loans
			WHERE started_at >= $1 AND started_at < $2 GROUP BY library, record_id
		UNION ALL
		SELECT library, 0, count(DISTINCT patron_id) FROM e_loans
			WHERE started_at >= $1 AND started_at < $2 GROUP BY library
		UNION ALL
		SELECT '', record_id, count(DISTINCT patron_id) FROM e_loans
			WHERE started_at >= $1 AND started_at < $2 GROUP BY record_id
		UNION ALL
		SELECT '', 0, count(DISTINCT patron_id) FROM e_loans
			WHERE started_at >= $1 AND started_at < $2`, monthStart, r.end)
	if err != nil {
		return fmt.Errorf("e-borrowers: %w", err)
	}
	type key struct {
		lib    string
		record int64
	}
	counts := map[key]int64{}
	for rows.Next() {
		var k key
		var n int64
		if err := rows.Scan(&k.lib, &k.record, &n); err != nil {
			rows.Close()
			return fmt.Errorf("e-borrowers: %w", err)
		}
		counts[k] = n
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return fmt.Errorf("e-borrowers: %w", err)
	}
	for k, n := range counts {
		if _, err := r.tx.ExecContext(ctx, `
			INSERT INTO stats_elib_borrowers (month, library, record_id, through_day, borrowers) VALUES ($1, $2, $3, $4, $5)
			ON CONFLICT (month, library, record_id) DO UPDATE SET through_day = excluded.through_day, borrowers = excluded.borrowers
			WHERE stats_elib_borrowers.through_day <= excluded.through_day`, month, k.lib, k.record, r.day.String(), n); err != nil {
			return fmt.Errorf("e-borrowers: %w", err)
		}
	}
	return nil
}

// eStatsMonths is how many months EStats gives the trend of.
const eStatsMonths = 12

// EStats returns a month's rolled-up e-statistics of a library ("" all
// of them together) per title, most borrowed first, with the month's
// total and the totals of the months up to it. Distinct borrowers fewer
// than MinCell are suppressed.
func (db *DB) EStats(ctx context.Context, q library.EStatsQuery) (library.EStatsReport, error) {
	m, err := time.Parse("2006-01", q.Month)
	if err != nil {
		return library.EStatsReport{}, &library.Error{Code: library.EINVALID, Key: "error.elib_stats_month",
			Message: fmt.Sprintf("e-statistics: month %q is not YYYY-MM", q.Month)}
	}
	rep := library.EStatsReport{Month: q.Month, Total: library.EMonthStats{Month: q.Month}}
	first := m.AddDate(0, 1-eStatsMonths, 0)
	from, to := first.Format("2006-01")+"-01", m.AddDate(0, 1, 0).Format("2006-01")+"-01"
	libCond, args := "", []any{from, to}
	if q.Library != "" {
		args = append(args, q.Library)
		libCond = " AND s.library = $3"
	}
	err = db.inReadTx(ctx, func(tx txn) error {
		rep.Titles, rep.Months = nil, nil
		borrowers := map[string]map[int64]int64{} // month → record (0 all) → count
		brows, err := tx.QueryContext(ctx, `SELECT month, record_id, borrowers FROM stats_elib_borrowers
			WHERE month >= $1 AND month <= $2 AND library = $3`, first.Format("2006-01"), q.Month, q.Library)
		if err != nil {
			return err
		}
		for brows.Next() {
			var month string
			var rec, n int64
			if err := brows.Scan(&month, &rec, &n); err != nil {
				brows.Close()
				return err
			}
			if borrowers[month] == nil {
				borrowers[month] = map[int64]int64{}
			}
			borrowers[month][rec] = n
		}
		brows.Close()
		if err := brows.Err(); err != nil {
			return err
		}
		people := func(n int64) (int64, bool) {
			if n < MinCell {
				return 0, true
			}
			return n, false
		}

		mrows, err := tx.QueryContext(ctx, `SELECT substr(s.day, 1, 7), sum(s.loans), sum(s.holds), sum(s.cost)
			FROM stats_elib s WHERE s.day >= $1 AND s.day < $2`+libCond+` GROUP BY 1 ORDER BY 1 DESC`, args...)
		if err != nil {
			return err
		}
		for mrows.Next() {
			var ms library.EMonthStats
			if err := mrows.Scan(&ms.Month, &ms.Loans, &ms.Holds, &ms.Cost); err != nil {
				mrows.Close()
				return err
			}
			ms.Borrowers, ms.Suppressed = people(borrowers[ms.Month][0])
			rep.Months = append(rep.Months, ms)
			if ms.Month == q.Month {
				rep.Total = ms
			}
		}
		mrows.Close()
		if err := mrows.Err(); err != nil {
			return err
		}
		if rep.Total.Loans == 0 && rep.Total.Holds == 0 {
			rep.Total.Borrowers, rep.Total.Suppressed = people(borrowers[q.Month][0])
		}

		monthFrom := q.Month + "-01"
		targs := []any{monthFrom, to}
		if q.Library != "" {
			targs = append(targs, q.Library)
		}
		trows, err := tx.QueryContext(ctx, `SELECT s.record_id, coalesce(r.title, ''), sum(s.loans), sum(s.holds), sum(s.cost)
			FROM stats_elib s LEFT JOIN records r ON r.id = s.record_id
			WHERE s.day >= $1 AND s.day < $2`+libCond+` GROUP BY s.record_id, r.title`, targs...)
		if err != nil {
			return err
		}
		for trows.Next() {
			var ts library.ETitleStats
			if err := trows.Scan(&ts.RecordID, &ts.Title, &ts.Loans, &ts.Holds, &ts.Cost); err != nil {
				trows.Close()
				return err
			}
			ts.Borrowers, ts.Suppressed = people(borrowers[q.Month][ts.RecordID])
			rep.Titles = append(rep.Titles, ts)
		}
		trows.Close()
		return trows.Err()
	})
	if err != nil {
		return library.EStatsReport{}, fmt.Errorf("e-statistics of %q in %s: %w", q.Library, q.Month, err)
	}
	slices.SortFunc(rep.Titles, func(a, b library.ETitleStats) int {
		if a.Loans != b.Loans {
			return int(b.Loans - a.Loans)
		}
		if c := strings.Compare(strings.ToLower(a.Title), strings.ToLower(b.Title)); c != 0 {
			return c
		}
		return int(a.RecordID - b.RecordID)
	})
	return rep, nil
}
