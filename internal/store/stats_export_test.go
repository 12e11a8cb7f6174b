package store

import (
	"context"
	"fmt"
	"strings"
)

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

// CirculationSumsForTest sums q from stats_circulation_dims (dims) or
// from stats_circulation itself, without suppressing small cells, keyed
// by q.By joined with "|". It fails if dims is asked of a query the
// summary cannot answer.
func CirculationSumsForTest(db *DB, q StatsQuery, dims bool) (map[string]int64, error) {
	query, args := rowsQuery(q, "stats_circulation", "day")
	if dims {
		var ok bool
		if query, args, ok = dimsQuery(q); !ok {
			return nil, fmt.Errorf("stats_circulation_dims cannot answer %+v", q)
		}
	}
	rows, err := db.reader().QueryContext(context.Background(), query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]int64{}
	for rows.Next() {
		key := make([]string, len(q.By))
		dest := make([]any, 0, len(key)+1)
		for i := range key {
			dest = append(dest, &key[i])
		}
		var n int64
		if err := rows.Scan(append(dest, &n)...); err != nil {
			return nil, err
		}
		out[strings.Join(key, "|")] = n
	}
	return out, rows.Err()
}
