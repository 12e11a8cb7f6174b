package store

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/kirjasto/kirjasto/internal/library"
)

// MinCell is the smallest count a breakdown by a personal trait (age
// group) shows: smaller cells are suppressed, so that nobody can be
// picked out of a table of, say, the over-65s of a small branch.
const MinCell = 5

// circulationDims are the columns of stats_circulation a breakdown may
// use, plus "month" (the day's first seven characters).
var circulationDims = []string{"day", "month", "action", "library", "branch", "owner_library", "patron_library",
	"patron_category", "age_group", "material", "channel"}

// personalDims are the breakdowns subject to suppression below MinCell.
var personalDims = []string{"age_group"}

// StatsQuery, StatsCell, ServiceStat and CollectionStat are the
// library's (library.StaffStatistics), named here as well for the store's
// callers.
type (
	StatsQuery     = library.StatsQuery
	StatsCell      = library.StatsCell
	ServiceStat    = library.ServiceStat
	CollectionStat = library.CollectionStat
)

// CirculationStats sums stats_circulation by q.By. Cells of a breakdown by
// age group with fewer than MinCell are returned suppressed.
func (db *DB) CirculationStats(ctx context.Context, q StatsQuery) ([]StatsCell, error) {
	personal := false
	for _, d := range q.By {
		if !slices.Contains(circulationDims, d) {
			return nil, library.Errorf(library.EINVALID, "no statistics breakdown %q", d)
		}
		personal = personal || slices.Contains(personalDims, d)
	}
	query, args, ok := dimsQuery(q)
	if !ok {
		table, dayCol := circulationSource(q)
		query, args = rowsQuery(q, table, dayCol)
	}
	rows, err := db.reader().QueryContext(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("circulation statistics: %w", err)
	}
	defer rows.Close()
	var out []StatsCell
	for rows.Next() {
		c := StatsCell{Key: make([]string, len(q.By))}
		dest := make([]any, 0, len(q.By)+1)
		for i := range c.Key {
			dest = append(dest, &c.Key[i])
		}
		if err := rows.Scan(append(dest, &c.N)...); err != nil {
			return nil, fmt.Errorf("circulation statistics: %w", err)
		}
		if personal && c.N < MinCell {
			c.N, c.Suppressed = 0, true
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// rowsQuery is the query of table, stats_circulation or its day or month
// summary (whose day column is dayCol), that answers q.
func rowsQuery(q StatsQuery, table, dayCol string) (string, []any) {
	var cols []string
	for _, d := range q.By {
		if d == "month" && dayCol != "month" {
			d = "substr(day, 1, 7)"
		}
		cols = append(cols, d)
	}
	where, args := []string{"1 = 1"}, []any{}
	arg := func(cond string, v any) {
		args = append(args, v)
		where = append(where, fmt.Sprintf(cond, len(args)))
	}
	day := func(d library.Date) string {
		if dayCol == "month" {
			return d.String()[:7]
		}
		return d.String()
	}
	if q.From != (library.Date{}) {
		arg(dayCol+" >= $%d", day(q.From))
	}
	if q.To != (library.Date{}) {
		arg(dayCol+" <= $%d", day(q.To))
	}
	if q.Library != "" {
		arg("library = $%d", q.Library)
	}
	if q.Branch != "" {
		arg("branch = $%d", q.Branch)
	}
	if len(q.Actions) > 0 {
		var in []string
		for _, a := range q.Actions {
			args = append(args, a)
			in = append(in, fmt.Sprintf("$%d", len(args)))
		}
		where = append(where, "action IN ("+strings.Join(in, ", ")+")")
	}
	return selectSums(table, cols, where), args
}

// ActivePatrons returns the distinct borrowers of a month ('YYYY-MM') by
// lending library; the library ” is the whole consortium, which is not
// the sum of the libraries, as one patron borrows in several.
func (db *DB) ActivePatrons(ctx context.Context, month string) (map[string]int64, error) {
	rows, err := db.reader().QueryContext(ctx, `SELECT library, patrons FROM stats_active WHERE month = $1`, month)
	if err != nil {
		return nil, fmt.Errorf("active patrons: %w", err)
	}
	defer rows.Close()
	out := map[string]int64{}
	for rows.Next() {
		var lib string
		var n int64
		if err := rows.Scan(&lib, &n); err != nil {
			return nil, fmt.Errorf("active patrons: %w", err)
		}
		out[lib] = n
	}
	return out, rows.Err()
}

// RegistrationStats sums new registrations from..to by library and age
// group, suppressing cells below MinCell people.
func (db *DB) RegistrationStats(ctx context.Context, from, to library.Date) ([]StatsCell, error) {
	rows, err := db.reader().QueryContext(ctx, `SELECT library, age_group, sum(n) FROM stats_registrations
		WHERE day >= $1 AND day <= $2 GROUP BY library, age_group ORDER BY library, age_group`, from.String(), to.String())
	if err != nil {
		return nil, fmt.Errorf("registration statistics: %w", err)
	}
	defer rows.Close()
	var out []StatsCell
	for rows.Next() {
		c := StatsCell{Key: make([]string, 2)}
		if err := rows.Scan(&c.Key[0], &c.Key[1], &c.N); err != nil {
			return nil, fmt.Errorf("registration statistics: %w", err)
		}
		if c.N < MinCell {
			c.N, c.Suppressed = 0, true
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// ServiceStats sums stats_services from..to by library, branch and measure.
func (db *DB) ServiceStats(ctx context.Context, from, to library.Date) ([]ServiceStat, error) {
	return db.ServiceStatsIn(ctx, from, to, library.ConsortiumScope)
}

// ServiceStatsIn is ServiceStats within a scope: a library's rows (its
// own and its branches'), or a branch's.
func (db *DB) ServiceStatsIn(ctx context.Context, from, to library.Date, at library.Scope) ([]ServiceStat, error) {
	// Over whole months the months' summary (0039) has the same sums.
	table, col, lo, hi := "stats_services", "day", from.String(), to.String()
	if wholeMonths(from, to) {
		table, col, lo, hi = "stats_services_months", "month", lo[:7], hi[:7]
	}
	rows, err := db.reader().QueryContext(ctx, `SELECT library, branch, measure, sum(n), sum(seconds) FROM `+table+`
		WHERE `+col+` >= $1 AND `+col+` <= $2 AND ($3 = '' OR library = $3) AND ($4 = '' OR branch = $4)
		GROUP BY library, branch, measure ORDER BY library, branch, measure`, lo, hi, at.Library, at.Branch)
	if err != nil {
		return nil, fmt.Errorf("service statistics: %w", err)
	}
	defer rows.Close()
	var out []ServiceStat
	for rows.Next() {
		var s ServiceStat
		if err := rows.Scan(&s.Library, &s.Branch, &s.Measure, &s.N, &s.Seconds); err != nil {
			return nil, fmt.Errorf("service statistics: %w", err)
		}
		out = append(out, s)
	}
	return out, rows.Err()
}

// TopTitles returns the most borrowed titles of a month ('YYYY-MM'), by
// lending library and material, at most limit per pair, most borrowed
// first. lib ” means every library.
func (db *DB) TopTitles(ctx context.Context, month, lib string, limit int) ([]library.TopTitle, error) {
	rows, err := db.reader().QueryContext(ctx, `SELECT library, material, record_id, loans FROM stats_top_titles
		WHERE month = $1 AND ($2 = '' OR library = $2) ORDER BY library, material, loans DESC, record_id`, month, lib)
	if err != nil {
		return nil, fmt.Errorf("top titles: %w", err)
	}
	defer rows.Close()
	var out []library.TopTitle
	seen := map[[2]string]int{}
	for rows.Next() {
		var t library.TopTitle
		if err := rows.Scan(&t.Library, &t.Material, &t.RecordID, &t.Loans); err != nil {
			return nil, fmt.Errorf("top titles: %w", err)
		}
		k := [2]string{t.Library, t.Material}
		if seen[k] < limit {
			out = append(out, t)
		}
		seen[k]++
	}
	return out, rows.Err()
}

// CollectionStats returns the collection as rolled up for day.
func (db *DB) CollectionStats(ctx context.Context, day library.Date) ([]CollectionStat, error) {
	rows, err := db.reader().QueryContext(ctx, `SELECT branch, library, material, items, added, withdrawn
		FROM stats_collection WHERE day = $1 ORDER BY branch, material`, day.String())
	if err != nil {
		return nil, fmt.Errorf("collection statistics: %w", err)
	}
	defer rows.Close()
	var out []CollectionStat
	for rows.Next() {
		var c CollectionStat
		if err := rows.Scan(&c.Branch, &c.Library, &c.Material, &c.Items, &c.Added, &c.Withdrawn); err != nil {
			return nil, fmt.Errorf("collection statistics: %w", err)
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// IdleItems counts, by owning branch and material, the copies in the
// collection not lent since since (two years back, as a rule): a query
// over the trail rather than a table, as it is asked for seldom.
func (db *DB) IdleItems(ctx context.Context, since library.Date) ([]CollectionStat, error) {
	rows, err := db.reader().QueryContext(ctx, `
		SELECT i.home_branch, b.library_id, rec.material, count(*)
		FROM items i JOIN records rec ON rec.id = i.record_id JOIN branches b ON b.id = i.home_branch
		WHERE i.status NOT IN ('withdrawn', 'on_loan') AND NOT EXISTS (
			SELECT 1 FROM loans l WHERE l.item_id = i.id AND l.loaned_at >= $1)
		GROUP BY 1, 2, 3 ORDER BY 1, 3`, utc(since.In(library.Helsinki, 0)))
	if err != nil {
		return nil, fmt.Errorf("idle items: %w", err)
	}
	defer rows.Close()
	var out []CollectionStat
	for rows.Next() {
		var c CollectionStat
		if err := rows.Scan(&c.Branch, &c.Library, &c.Material, &c.Items); err != nil {
			return nil, fmt.Errorf("idle items: %w", err)
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// MonthlyLoans sums checkouts and renewals per lending library and month.
func (db *DB) MonthlyLoans(ctx context.Context, lib, from, to string) ([]library.MonthlyLoans, error) {
	rows, err := db.reader().QueryContext(ctx, `
		SELECT substr(day, 1, 7), library, coalesce(sum(CASE WHEN action = 'checkout' THEN n END), 0),
			coalesce(sum(CASE WHEN action = 'renew' THEN n END), 0)
		FROM stats_circulation
		WHERE action IN ('checkout', 'renew') AND day >= $1 AND day < $2 AND ($3 = '' OR library = $3) AND library <> ''
		GROUP BY 1, 2 ORDER BY 1, 2`, from+"-01", to+"-32", lib)
	if err != nil {
		return nil, fmt.Errorf("monthly loans: %w", err)
	}
	defer rows.Close()
	var out []library.MonthlyLoans
	for rows.Next() {
		var m library.MonthlyLoans
		if err := rows.Scan(&m.Month, &m.Library, &m.Checkouts, &m.Renewals); err != nil {
			return nil, fmt.Errorf("monthly loans: %w", err)
		}
		out = append(out, m)
	}
	return out, rows.Err()
}
