package store

import "context"

// CountForTest returns the single integer a query selects, for tests that
// count rows no exported method counts (rows per table around a merge).
func CountForTest(db *DB, query string, args ...any) (int, error) {
	var n int
	err := db.reader().QueryRowContext(context.Background(), query, args...).Scan(&n)
	return n, err
}
