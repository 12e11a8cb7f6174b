package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/kirjasto/kirjasto/internal/library"
)

// RollUpStats counts one day (Helsinki time) into the statistics tables,
// replacing whatever an earlier roll-up of that day wrote, in one
// transaction. The month and the day are claimed first (stats_months,
// stats_days), so two nodes rolling up days of the same month take turns,
// and the second to roll up a day writes the same numbers again. Nothing it writes names a patron: it reads who borrowed
// only to count distinct borrowers and age groups.
func (db *DB) RollUpStats(ctx context.Context, day library.Date) error {
	start, end := utc(day.In(library.Helsinki, 0)), utc(day.AddDays(1).In(library.Helsinki, 0))
	err := db.inTx(ctx, func(tx txn) error {
		if _, err := tx.ExecContext(ctx, `INSERT INTO stats_months (month, rolled_at) VALUES ($1, $2)
			ON CONFLICT (month) DO UPDATE SET rolled_at = excluded.rolled_at`, day.String()[:7], db.timestamp()); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO stats_days (day, rolled_at) VALUES ($1, $2)
			ON CONFLICT (day) DO UPDATE SET rolled_at = excluded.rolled_at`, day.String(), db.timestamp()); err != nil {
			return err
		}
		for _, table := range []string{"stats_circulation", "stats_registrations", "stats_collection", "stats_services", "stats_elib"} {
			if _, err := tx.ExecContext(ctx, `DELETE FROM `+table+` WHERE day = $1`, day.String()); err != nil {
				return err
			}
		}
		r := rollup{tx: tx, day: day, start: start, end: end}
		for _, step := range []func(context.Context) error{r.circulation, r.holds, r.active, r.registrations,
			r.collection, r.services, r.topTitles, r.elib, r.summaries} {
			if err := step(ctx); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("roll up statistics of %s: %w", day, err)
	}
	return nil
}

// RollUpStatsSweep rolls up every finished day not rolled up yet, from the
// day after the last one rolled up (or the first day of the circulation
// trail) to yesterday, at most a month of days a run so a first run on a
// long history does not hold the database for long. A day counts as
// finished a quarter of an hour after midnight, so that transactions
// begun before midnight have committed. It returns how many days it
// rolled up.
func (db *DB) RollUpStatsSweep(ctx context.Context, now time.Time) (int, error) {
	last := today(now.Add(-15 * time.Minute)).AddDays(-1)
	var from library.Date
	var latest string
	if err := db.reader().QueryRowContext(ctx, `SELECT coalesce(max(day), '') FROM stats_days`).Scan(&latest); err != nil {
		return 0, fmt.Errorf("statistics sweep: %w", err)
	}
	if latest != "" {
		d, err := library.ParseDate(latest)
		if err != nil {
			return 0, fmt.Errorf("statistics sweep: %w", err)
		}
		from = d.AddDays(1)
	} else {
		var first time.Time
		err := db.reader().QueryRowContext(ctx, `SELECT at FROM circulation_events ORDER BY at LIMIT 1`).Scan(&first)
		switch {
		case errors.Is(err, sql.ErrNoRows):
			from = last
		case err != nil:
			return 0, fmt.Errorf("statistics sweep: %w", err)
		default:
			from = today(first)
		}
	}
	n := 0
	for d := from; !last.Before(d) && n < 31; d = d.AddDays(1) {
		if err := db.RollUpStats(ctx, d); err != nil {
			return n, err
		}
		n++
	}
	return n, nil
}

// rollup is one day's roll-up in progress.
type rollup struct {
	tx         txn
	day        library.Date
	start, end time.Time
}

// circKey is one cell of stats_circulation.
type circKey struct {
	action, branch, ownerLibrary, patronLibrary, category, ageGroup, material, channel string
}

// circulation counts the day's checkouts, renewals, returns, holds placed
// and cancelled and holds not collected from the audit trail. A hold is
// counted at its pickup branch, a renewal on the web (which happens at no
// branch) at the branch that lent the copy, everything else where it
// happened.
func (r rollup) circulation(ctx context.Context) error {
	rows, err := r.tx.QueryContext(ctx, `
		SELECT e.action,
			CASE WHEN e.action = 'hold_placed' THEN e.to_branch
				WHEN e.branch = '' AND e.action = 'renew' THEN coalesce((SELECT l.branch FROM loans l
					WHERE l.item_id = e.item_id AND l.loaned_at <= e.at ORDER BY l.loaned_at DESC LIMIT 1), '')
				ELSE e.branch END,
			coalesce(ob.library_id, ''), e.patron_library, e.patron_category, e.age_group, coalesce(rec.material, ''),
			CASE WHEN e.kiosk <> '' THEN 'kiosk' WHEN e.staff_id IS NOT NULL THEN 'desk'
				WHEN e.by_patron THEN 'web' ELSE 'system' END,
			count(*)
		FROM circulation_events e
		LEFT JOIN branches ob ON ob.id = e.home_branch
		LEFT JOIN records rec ON rec.id = e.record_id
		WHERE e.at >= $1 AND e.at < $2
			AND e.action IN ('checkout', 'renew', 'checkin', 'hold_placed', 'hold_cancelled', 'hold_expired')
		GROUP BY 1, 2, 3, 4, 5, 6, 7, 8`, r.start, r.end)
	if err != nil {
		return fmt.Errorf("circulation: %w", err)
	}
	cells := map[circKey]int64{}
	for rows.Next() {
		var k circKey
		var n int64
		if err := rows.Scan(&k.action, &k.branch, &k.ownerLibrary, &k.patronLibrary, &k.category, &k.ageGroup, &k.material, &k.channel, &n); err != nil {
			rows.Close()
			return fmt.Errorf("circulation: %w", err)
		}
		if k.action == "hold_expired" {
			// Kirjasto's holds expire only on the shelf: not collected.
			k.action = "hold_not_collected"
		}
		cells[k] += n
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return fmt.Errorf("circulation: %w", err)
	}
	return r.writeCirculation(ctx, cells)
}

// holds counts the holds filled (a copy put on the pickup shelf) and
// collected that day, which the trail does not record as such, from the
// holds themselves, by pickup branch.
func (r rollup) holds(ctx context.Context) error {
	cells := map[circKey]int64{}
	for action, when := range map[string]string{"hold_filled": "h.ready_at", "hold_collected": "h.closed_at"} {
		cond := when + ` >= $1 AND ` + when + ` < $2`
		if action == "hold_collected" {
			cond += ` AND h.status = 'collected'`
		}
		rows, err := r.tx.QueryContext(ctx, `
			SELECT h.pickup_branch, p.home_library, p.category, p.birth_date, coalesce(rec.material, ''), count(*)
			FROM holds h JOIN patrons p ON p.id = h.patron_id LEFT JOIN records rec ON rec.id = h.record_id
			WHERE `+cond+` GROUP BY 1, 2, 3, 4, 5`, r.start, r.end)
		if err != nil {
			return fmt.Errorf("holds: %w", err)
		}
		for rows.Next() {
			k := circKey{action: action, channel: "system"}
			var birth string
			var n int64
			if err := rows.Scan(&k.branch, &k.patronLibrary, &k.category, &birth, &k.material, &n); err != nil {
				rows.Close()
				return fmt.Errorf("holds: %w", err)
			}
			k.ageGroup = ageGroup(birth, r.day)
			cells[k] += n
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return fmt.Errorf("holds: %w", err)
		}
	}
	return r.writeCirculation(ctx, cells)
}

func (r rollup) writeCirculation(ctx context.Context, cells map[circKey]int64) error {
	libs, err := branchLibraries(ctx, r.tx)
	if err != nil {
		return err
	}
	rows := make([][]any, 0, len(cells))
	for k, n := range cells {
		rows = append(rows, []any{r.day.String(), k.action, libs[k.branch], k.branch, k.ownerLibrary, k.patronLibrary,
			k.category, k.ageGroup, k.material, k.channel, n})
	}
	return insertRows(ctx, r.tx, "stats_circulation",
		"day, action, library, branch, owner_library, patron_library, patron_category, age_group, material, channel, n", rows)
}

// branchLibraries maps every branch to its library.
func branchLibraries(ctx context.Context, tx txn) (map[string]string, error) {
	rows, err := tx.QueryContext(ctx, `SELECT id, library_id FROM branches`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	libs := map[string]string{}
	for rows.Next() {
		var b, l string
		if err := rows.Scan(&b, &l); err != nil {
			return nil, err
		}
		libs[b] = l
	}
	return libs, rows.Err()
}

// active counts the distinct borrowers of the month so far, by lending
// library and in the whole consortium (library ”). The count is kept
// only if it has seen at least as much of the month as the one stored,
// so rolling up an earlier day again does not shrink a later count.
func (r rollup) active(ctx context.Context) error {
	month := r.day.String()[:7]
	monthStart := utc(library.Date{Year: r.day.Year, Month: r.day.Month, Day: 1}.In(library.Helsinki, 0))
	rows, err := r.tx.QueryContext(ctx, `
		SELECT b.library_id, count(DISTINCT l.patron_id) FROM loans l JOIN branches b ON b.id = l.branch
		WHERE l.loaned_at >= $1 AND l.loaned_at < $2 GROUP BY b.library_id
		UNION ALL
		SELECT '', count(DISTINCT patron_id) FROM loans WHERE loaned_at >= $1 AND loaned_at < $2`, monthStart, r.end)
	if err != nil {
		return fmt.Errorf("active patrons: %w", err)
	}
	counts := map[string]int64{}
	for rows.Next() {
		var lib string
		var n int64
		if err := rows.Scan(&lib, &n); err != nil {
			rows.Close()
			return fmt.Errorf("active patrons: %w", err)
		}
		counts[lib] = n
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return fmt.Errorf("active patrons: %w", err)
	}
	for lib, n := range counts {
		if _, err := r.tx.ExecContext(ctx, `
			INSERT INTO stats_active (month, library, through_day, patrons) VALUES ($1, $2, $3, $4)
			ON CONFLICT (month, library) DO UPDATE SET through_day = excluded.through_day, patrons = excluded.patrons
			WHERE stats_active.through_day <= excluded.through_day`, month, lib, r.day.String(), n); err != nil {
			return fmt.Errorf("active patrons: %w", err)
		}
	}
	return nil
}

// registrations counts the cards created that day.
func (r rollup) registrations(ctx context.Context) error {
	rows, err := r.tx.QueryContext(ctx, `SELECT home_library, category, birth_date FROM patrons
		WHERE created >= $1 AND created < $2 AND merged_into IS NULL`, r.start, r.end)
	if err != nil {
		return fmt.Errorf("registrations: %w", err)
	}
	type key struct{ lib, cat, age string }
	cells := map[key]int64{}
	for rows.Next() {
		var k key
		var birth string
		if err := rows.Scan(&k.lib, &k.cat, &birth); err != nil {
			rows.Close()
			return fmt.Errorf("registrations: %w", err)
		}
		k.age = ageGroup(birth, r.day)
		cells[k]++
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return fmt.Errorf("registrations: %w", err)
	}
	out := make([][]any, 0, len(cells))
	for k, n := range cells {
		out = append(out, []any{r.day.String(), k.lib, k.cat, k.age, n})
	}
	return insertRows(ctx, r.tx, "stats_registrations", "day, library, category, age_group, n", out)
}

// collection records the collection by owning branch and material as it
// stands at the roll-up (so the figure is the day's only when the day is
// rolled up soon after it ends, as the sweep does), and the copies added
// and withdrawn that day by cataloguing, from the staff audit trail.
func (r rollup) collection(ctx context.Context) error {
	type key struct{ branch, material string }
	type cell struct{ items, added, withdrawn int64 }
	cells := map[key]*cell{}
	get := func(k key) *cell {
		c := cells[k]
		if c == nil {
			c = &cell{}
			cells[k] = c
		}
		return c
	}
	scan := func(query string, add func(*cell, int64), args ...any) error {
		rows, err := r.tx.QueryContext(ctx, query, args...)
		if err != nil {
			return fmt.Errorf("collection: %w", err)
		}
		defer rows.Close()
		for rows.Next() {
			var k key
			var n int64
			if err := rows.Scan(&k.branch, &k.material, &n); err != nil {
				return fmt.Errorf("collection: %w", err)
			}
			add(get(k), n)
		}
		return rows.Err()
	}
	if err := scan(`SELECT i.home_branch, rec.material, count(*) FROM items i JOIN records rec ON rec.id = i.record_id
		WHERE i.status <> 'withdrawn' GROUP BY 1, 2`, func(c *cell, n int64) { c.items += n }); err != nil {
		return err
	}
	audited := `SELECT coalesce(i.home_branch, ''), coalesce(rec.material, ''), count(*) FROM staff_audit a
		LEFT JOIN items i ON i.barcode = a.item_barcode LEFT JOIN records rec ON rec.id = a.record_id
		WHERE a.at >= $1 AND a.at < $2 AND a.action IN (%s) GROUP BY 1, 2`
	if err := scan(fmt.Sprintf(audited, "'"+library.AuditItemCreate+"'"), func(c *cell, n int64) { c.added += n }, r.start, r.end); err != nil {
		return err
	}
	if err := scan(fmt.Sprintf(audited, "'"+library.AuditItemWithdraw+"', '"+library.AuditItemDelete+"'"),
		func(c *cell, n int64) { c.withdrawn += n }, r.start, r.end); err != nil {
		return err
	}
	libs, err := branchLibraries(ctx, r.tx)
	if err != nil {
		return err
	}
	out := make([][]any, 0, len(cells))
	for k, c := range cells {
		out = append(out, []any{r.day.String(), k.branch, libs[k.branch], k.material, c.items, c.added, c.withdrawn})
	}
	return insertRows(ctx, r.tx, "stats_collection", "day, branch, library, material, items, added, withdrawn", out)
}

// insertRows inserts rows into table in as few statements as the
// parameter limit allows.
func insertRows(ctx context.Context, tx txn, table, cols string, rows [][]any) error {
	if len(rows) == 0 {
		return nil
	}
	width := len(rows[0])
	chunk := min(500, maxParams/width)
	for len(rows) > 0 {
		n := min(len(rows), chunk)
		var sb strings.Builder
		args := make([]any, 0, n*width)
		for i, row := range rows[:n] {
			if i > 0 {
				sb.WriteString(", ")
			}
			sb.WriteByte('(')
			for j := range row {
				if j > 0 {
					sb.WriteString(", ")
				}
				sb.WriteString("$" + strconv.Itoa(i*width+j+1))
			}
			sb.WriteByte(')')
			args = append(args, row...)
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO `+table+` (`+cols+`) VALUES `+sb.String(), args...); err != nil {
			return fmt.Errorf("%s: %w", table, err)
		}
		rows = rows[n:]
	}
	return nil
}
