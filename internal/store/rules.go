package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/kirjasto/kirjasto/internal/library"
)

// The circulation policy is kept in versions (policy_versions), each in
// force from a chosen moment; circulation reads the version in force at
// the moment of each event. A database with no version follows
// library.DefaultPolicy, so that a consortium that never configured its
// rules gets improved defaults with a new Kirjasto, while one that did
// keeps exactly what it chose.

// DB keeps the versions of the policy.
var _ library.Rules = (*DB)(nil)

// revisionKey is the settings row counting the changes to the versions.
// Every change updates it first, which also serialises changes on
// PostgreSQL: the row lock is held until commit.
const revisionKey = "circulation.policy.revision"

// Policy returns the circulation policy in force now.
func (db *DB) Policy(ctx context.Context) (library.Policy, error) {
	v, err := db.PolicyAt(ctx, db.timestamp())
	return v.Policy, err
}

// PolicyAt returns the version of the policy in force at t: ID 0 with the
// default policy when no version had taken effect by then.
func (db *DB) PolicyAt(ctx context.Context, t time.Time) (library.PolicyVersion, error) {
	var v library.PolicyVersion
	err := db.inReadTx(ctx, func(tx txn) error {
		var err error
		v, err = policyVersionAt(ctx, tx, utc(t), 0)
		return err
	})
	if err != nil {
		return library.PolicyVersion{}, fmt.Errorf("circulation policy at %s: %w", t.Format(time.RFC3339), err)
	}
	return v, nil
}

// PolicyVersions returns every version, oldest in force first, and the
// revision a change must name.
func (db *DB) PolicyVersions(ctx context.Context) (library.PolicyVersions, error) {
	var out library.PolicyVersions
	err := db.inReadTx(ctx, func(tx txn) error {
		var err error
		if out.Revision, err = policyRevision(ctx, tx); err != nil {
			return err
		}
		rows, err := tx.QueryContext(ctx, `SELECT `+policyVersionColumns+` FROM policy_versions ORDER BY effective_from, id`)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			v, err := scanPolicyVersion(rows)
			if err != nil {
				return err
			}
			out.Versions = append(out.Versions, v)
		}
		return rows.Err()
	})
	if err != nil {
		return library.PolicyVersions{}, fmt.Errorf("circulation policy versions: %w", err)
	}
	return out, nil
}

// SetPolicy sets the consortium's standing policy: a version in force
// from long before any loan, as the migrated setting of earlier Kirjastos
// is, and as the whole policy was before versions. It is for setting a
// consortium up (the demo, init) and for tests; it does not validate the
// matrix. Versions saved with SavePolicy for a day take effect over it
// from their day; a later SetPolicy replaces the earlier standing one.
func (db *DB) SetPolicy(ctx context.Context, p library.Policy) error {
	if len(p.Rules) == 0 {
		return library.Errorf(library.EINVALID, "set circulation policy: no loan rules")
	}
	err := db.inTx(ctx, func(tx txn) error {
		if _, err := bumpPolicyRevision(ctx, tx); err != nil {
			return err
		}
		_, err := insertPolicyVersion(ctx, tx, p, standingDay, standingFrom, db.timestamp(), 0, 0)
		return err
	})
	if err != nil {
		return fmt.Errorf("set circulation policy: %w", err)
	}
	return nil
}

// standingDay is the day the standing policy is in force from, the same
// as migration 0015 gives the setting it moves.
var (
	standingDay  = library.Date{Year: 2000, Month: time.January, Day: 1}
	standingFrom = utc(standingDay.In(library.Helsinki, 0))
)

// policy returns the policy in force at now inside a transaction, so that
// every decision of one transaction follows one version of the rules.
// Reading it per transaction keeps several nodes in step without any
// cache to invalidate.
func policy(ctx context.Context, tx txn, now time.Time) (library.Policy, error) {
	v, err := policyVersionAt(ctx, tx, now, 0)
	if err != nil {
		return library.Policy{}, fmt.Errorf("circulation policy: %w", err)
	}
	return v.Policy, nil
}

const policyVersionColumns = `id, policy, effective_date, effective_from, created_at,
	COALESCE(created_by, 0), COALESCE(replaces, 0), withdrawn_at, COALESCE(withdrawn_by, 0)`

// policyVersionAt returns the version in force at t, leaving out the
// version except (a version about to be replaced: what would apply
// without it).
func policyVersionAt(ctx context.Context, tx txn, t time.Time, except int64) (library.PolicyVersion, error) {
	v, err := scanPolicyVersion(tx.QueryRowContext(ctx, `SELECT `+policyVersionColumns+` FROM policy_versions
		WHERE withdrawn_at IS NULL AND effective_from <= $1 AND id <> $2
		ORDER BY effective_from DESC, id DESC LIMIT 1`, t, except))
	if errors.Is(err, sql.ErrNoRows) {
		return library.PolicyVersion{Policy: library.DefaultPolicy()}, nil
	}
	return v, err
}

// policyVersion returns one version by ID.
func policyVersion(ctx context.Context, tx txn, id int64) (library.PolicyVersion, error) {
	v, err := scanPolicyVersion(tx.QueryRowContext(ctx, `SELECT `+policyVersionColumns+` FROM policy_versions WHERE id = $1`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return v, &library.Error{Code: library.ENOTFOUND, Key: "error.rules_version_not_found",
			Message: fmt.Sprintf("policy version %d not found", id)}
	}
	return v, err
}

func scanPolicyVersion(row interface{ Scan(...any) error }) (library.PolicyVersion, error) {
	var v library.PolicyVersion
	var js, effective string
	var withdrawn sql.NullTime
	err := row.Scan(&v.ID, &js, &effective, &v.From, &v.Created, &v.CreatedBy, &v.Replaces, &withdrawn, &v.WithdrawnBy)
	if err != nil {
		return library.PolicyVersion{}, err
	}
	if err := json.Unmarshal([]byte(js), &v.Policy); err != nil {
		return library.PolicyVersion{}, fmt.Errorf("policy version %d: %w", v.ID, err)
	}
	if v.Effective, err = library.ParseDate(effective); err != nil {
		return library.PolicyVersion{}, fmt.Errorf("policy version %d: %w", v.ID, err)
	}
	v.From, v.Created = v.From.UTC(), v.Created.UTC()
	if withdrawn.Valid {
		v.Withdrawn = withdrawn.Time.UTC()
	}
	return v, nil
}

// insertPolicyVersion stores a version chosen for the day effective,
// taking effect at from, and returns it.
func insertPolicyVersion(ctx context.Context, tx txn, p library.Policy, effective library.Date, from, now time.Time, by, replaces int64) (library.PolicyVersion, error) {
	js, err := json.Marshal(p)
	if err != nil {
		return library.PolicyVersion{}, err
	}
	v := library.PolicyVersion{Policy: p, Effective: effective, From: from,
		Created: now, CreatedBy: by, Replaces: replaces}
	err = tx.QueryRowContext(ctx, `INSERT INTO policy_versions (policy, effective_date, effective_from, created_at, created_by, replaces)
		VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
		string(js), effective.String(), v.From, now, orNull(by), orNull(replaces)).Scan(&v.ID)
	if err != nil {
		return library.PolicyVersion{}, fmt.Errorf("insert policy version: %w", err)
	}
	return v, nil
}

// policyRevision returns the number of changes made to the versions.
func policyRevision(ctx context.Context, tx txn) (int64, error) {
	var s string
	err := tx.QueryRowContext(ctx, `SELECT value FROM settings WHERE key = $1`, revisionKey).Scan(&s)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, nil
	}
	if err != nil {
		return 0, err
	}
	return strconv.ParseInt(s, 10, 64)
}

// bumpPolicyRevision counts a change and returns the revision it makes.
// On PostgreSQL the updated row stays locked until the transaction ends,
// so changes to the versions happen one at a time, and each reads what
// the one before committed.
func bumpPolicyRevision(ctx context.Context, tx txn) (int64, error) {
	var s string
	err := tx.QueryRowContext(ctx, `INSERT INTO settings (key, value) VALUES ($1, '1')
		ON CONFLICT (key) DO UPDATE SET value = CAST(CAST(settings.value AS integer) + 1 AS text)
		RETURNING value`, revisionKey).Scan(&s)
	if err != nil {
		return 0, fmt.Errorf("policy revision: %w", err)
	}
	return strconv.ParseInt(s, 10, 64)
}
