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
