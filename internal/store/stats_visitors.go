package store

import (
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/kirjasto/kirjasto/internal/library"
)

// VisitorCount is a door counter's count of one day at one branch.
type VisitorCount struct {
	Branch   string
	Day      library.Date
	Visitors int64
	Line     int // in the file it came from, for messages
}

// ParseVisitors reads a door counter's CSV. With branch set, each line is
// "date,count" for that branch; with branch "", "branch,date,count". A
// first line that does not start with a date or branch ID (a header) is
// skipped. Dates are YYYY-MM-DD or D.M.YYYY; separators may be commas or
// semicolons, as Finnish spreadsheets write. Every bad line is reported
// as "line N: reason"; nothing is returned usable if any line is bad.
func ParseVisitors(r io.Reader, branch string) ([]VisitorCount, []string) {
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, []string{err.Error()}
	}
	text := strings.TrimPrefix(string(data), "\ufeff")
	cr := csv.NewReader(strings.NewReader(text))
	if first, _, _ := strings.Cut(text, "\n"); strings.Count(first, ";") > strings.Count(first, ",") {
		cr.Comma = ';'
	}
	cr.FieldsPerRecord = -1
	cr.TrimLeadingSpace = true
	want := 3
	if branch != "" {
		want = 2
	}
	var out []VisitorCount
	var problems []string
	for line := 1; ; line++ {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			problems = append(problems, fmt.Sprintf("line %d: %v", line, err))
			continue
		}
		if len(rec) == 1 && strings.TrimSpace(rec[0]) == "" {
			continue
		}
		if len(rec) != want {
			problems = append(problems, fmt.Sprintf("line %d: %d fields, want %d (%s)", line, len(rec), want, visitorsFormat(branch)))
			continue
		}
		v := VisitorCount{Branch: branch, Line: line}
		if branch == "" {
			v.Branch, rec = strings.TrimSpace(rec[0]), rec[1:]
		}
		day, dayErr := parseDay(strings.TrimSpace(rec[0]))
		if dayErr != nil && line == 1 && len(out) == 0 {
			continue // a header
		}
		if dayErr != nil {
			problems = append(problems, fmt.Sprintf("line %d: date %q is not YYYY-MM-DD or D.M.YYYY", line, rec[0]))
			continue
		}
		n, err := strconv.ParseInt(strings.TrimSpace(rec[1]), 10, 64)
		if err != nil || n < 0 {
			problems = append(problems, fmt.Sprintf("line %d: count %q is not a whole number of 0 or more", line, rec[1]))
			continue
		}
		v.Day, v.Visitors = day, n
		out = append(out, v)
	}
	if len(problems) > 0 {
		return nil, problems
	}
	return out, nil
}

func visitorsFormat(branch string) string {
	if branch != "" {
		return "date,count"
	}
	return "branch,date,count"
}

// parseDay reads YYYY-MM-DD or the Finnish D.M.YYYY.
func parseDay(s string) (library.Date, error) {
	if d, err := library.ParseDate(s); err == nil {
		return d, nil
	}
	parts := strings.Split(s, ".")
	if len(parts) != 3 {
		return library.Date{}, errors.New("bad date")
	}
	var n [3]int
	for i, p := range parts {
		v, err := strconv.Atoi(p)
		if err != nil {
			return library.Date{}, errors.New("bad date")
		}
		n[i] = v
	}
	return library.ParseDate(fmt.Sprintf("%04d-%02d-%02d", n[2], n[1], n[0]))
}

// ImportVisitors stores door counts, replacing any earlier count of the
// same branch and day, all in one transaction. Unknown branches are
// refused, each as "line N: reason", and then nothing is stored.
func (db *DB) ImportVisitors(ctx context.Context, counts []VisitorCount) ([]string, error) {
	var problems []string
	err := db.inTx(ctx, func(tx txn) error {
		libs, err := branchLibraries(ctx, tx)
		if err != nil {
			return err
		}
		for _, c := range counts {
			if _, ok := libs[c.Branch]; !ok {
				problems = append(problems, fmt.Sprintf("line %d: no branch %q", c.Line, c.Branch))
			}
		}
		if len(problems) > 0 {
			return nil
		}
		months := map[string]bool{}
		for _, c := range counts {
			if _, err := tx.ExecContext(ctx, `INSERT INTO stats_visitors (day, branch, visitors) VALUES ($1, $2, $3)
				ON CONFLICT (day, branch) DO UPDATE SET visitors = excluded.visitors`, c.Day.String(), c.Branch, c.Visitors); err != nil {
				return err
			}
			months[c.Day.String()[:7]] = true
		}
		for m := range months {
			if err := summariseVisitors(ctx, tx, m, m); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("import visitor counts: %w", err)
	}
	return problems, nil
}

// Visitors sums the visitor counts from..to by branch.
func (db *DB) Visitors(ctx context.Context, from, to library.Date) (map[string]int64, error) {
	// Over whole months the months' summary (0039) has the same sums.
	table, col, lo, hi := "stats_visitors", "day", from.String(), to.String()
	if wholeMonths(from, to) {
		table, col, lo, hi = "stats_visitors_months", "month", lo[:7], hi[:7]
	}
	rows, err := db.reader().QueryContext(ctx, `SELECT branch, sum(visitors) FROM `+table+`
		WHERE `+col+` >= $1 AND `+col+` <= $2 GROUP BY branch`, lo, hi)
	if err != nil {
		return nil, fmt.Errorf("visitors: %w", err)
	}
	defer rows.Close()
	out := map[string]int64{}
	for rows.Next() {
		var b string
		var n int64
		if err := rows.Scan(&b, &n); err != nil {
			return nil, fmt.Errorf("visitors: %w", err)
		}
		out[b] = n
	}
	return out, rows.Err()
}
