package store

import "context"

// RateSubjects returns the subjects of rate_counts, for the rate limits'
// tests.
func (db *DB) RateSubjects(ctx context.Context) ([]string, error) {
	rows, err := db.reader().QueryContext(ctx, `SELECT subject FROM rate_counts ORDER BY subject`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, rows.Err()
}
