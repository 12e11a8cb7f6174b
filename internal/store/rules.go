package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/kirjasto/kirjasto/internal/library"
)

// policyKey is the settings row that holds the circulation policy as JSON.
// A database without the row follows library.DefaultPolicy, so that a
// consortium that never configured its rules gets improved defaults with
// a new Kirjasto, while one that did keeps exactly what it chose.
const policyKey = "circulation.policy"

// Policy returns the circulation policy in force.
func (db *DB) Policy(ctx context.Context) (library.Policy, error) {
	var p library.Policy
	err := db.inReadTx(ctx, func(tx txn) error {
		var err error
		p, err = policy(ctx, tx)
		return err
	})
	if err != nil {
		return library.Policy{}, fmt.Errorf("circulation policy: %w", err)
	}
	return p, nil
}

// SetPolicy replaces the circulation policy. Loans already made keep their
// due dates; everything decided from now on follows the new rules.
func (db *DB) SetPolicy(ctx context.Context, p library.Policy) error {
	if len(p.Rules) == 0 {
		return library.Errorf(library.EINVALID, "set circulation policy: no loan rules")
	}
	if err := db.inTx(ctx, func(tx txn) error { return putSetting(ctx, tx, policyKey, p) }); err != nil {
		return fmt.Errorf("set circulation policy: %w", err)
	}
	return nil
}

// policy reads the policy inside a transaction, so that every decision of
// one transaction follows one version of the rules. The row is a few
// kilobytes; reading it per transaction keeps several nodes in step
// without any cache to invalidate.
func policy(ctx context.Context, tx txn) (library.Policy, error) {
	var s string
	err := tx.QueryRowContext(ctx, `SELECT value FROM settings WHERE key = $1`, policyKey).Scan(&s)
	if errors.Is(err, sql.ErrNoRows) {
		return library.DefaultPolicy(), nil
	}
	if err != nil {
		return library.Policy{}, err
	}
	var p library.Policy
	if err := json.Unmarshal([]byte(s), &p); err != nil {
		return library.Policy{}, fmt.Errorf("circulation policy: %w", err)
	}
	return p, nil
}
