package store

import "database/sql"

// Pools returns the database's connection pools by name, for the
// operators' metrics: "write" and "read" on SQLite, one "db" on
// PostgreSQL, where both are the same pool.
func (db *DB) Pools() map[string]*sql.DB {
	if db.write == db.read {
		return map[string]*sql.DB{"db": db.write}
	}
	return map[string]*sql.DB{"write": db.write, "read": db.read}
}
