package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/kirjasto/kirjasto/internal/library"
)

// Setting reads a setting stored with PutSetting into v. A setting never
// stored is an ENOTFOUND error.
func (db *DB) Setting(ctx context.Context, key string, v any) error {
	var s string
	err := db.inReadTx(ctx, func(tx txn) error {
		return tx.QueryRowContext(ctx, `SELECT value FROM settings WHERE key = $1`, key).Scan(&s)
	})
	if errors.Is(err, sql.ErrNoRows) {
		return library.Errorf(library.ENOTFOUND, "setting %s not found", key)
	}
	if err != nil {
		return fmt.Errorf("setting %s: %w", key, err)
	}
	if err := json.Unmarshal([]byte(s), v); err != nil {
		return fmt.Errorf("setting %s: %w", key, err)
	}
	return nil
}

// PutSetting stores v as JSON under key, replacing what was there.
func (db *DB) PutSetting(ctx context.Context, key string, v any) error {
	err := db.inTx(ctx, func(tx txn) error { return putSetting(ctx, tx, key, v) })
	if err != nil {
		return fmt.Errorf("put setting %s: %w", key, err)
	}
	return nil
}

// DeleteSetting removes the setting stored under key, if there is one.
func (db *DB) DeleteSetting(ctx context.Context, key string) error {
	err := db.inTx(ctx, func(tx txn) error {
		_, err := tx.ExecContext(ctx, `DELETE FROM settings WHERE key = $1`, key)
		return err
	})
	if err != nil {
		return fmt.Errorf("delete setting %s: %w", key, err)
	}
	return nil
}
