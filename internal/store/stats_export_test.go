package store

import "context"

// ColumnsForTest returns the column names of table.
func ColumnsForTest(db *DB, table string) ([]string, error) {
	rows, err := db.reader().QueryContext(context.Background(), `SELECT * FROM `+table+` LIMIT 0`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	return rows.Columns()
}

// InsertRowsForTest inserts rows into table in one transaction, for
// benchmarks that need more rows than the circulation methods make fast.
func InsertRowsForTest(db *DB, table, cols string, rows [][]any) error {
	return db.inTx(context.Background(), func(tx txn) error {
		return insertRows(context.Background(), tx, table, cols, rows)
	})
}

// QueryRowForTest runs a query that returns one row.
func QueryRowForTest(db *DB, query string, args ...any) rowScanner {
	return db.reader().QueryRowContext(context.Background(), query, args...)
}
