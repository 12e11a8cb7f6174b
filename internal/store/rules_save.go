package store

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/kirjasto/kirjasto/internal/library"
)

// SavePolicy saves a new version of the circulation policy, in force from
// c.Effective (today or later, in Helsinki), after checking it whole:
// c.Revision must be the current one (ECONFLICT otherwise: someone saved
// meanwhile), the policy must validate against the consortium's codes
// (a *library.PolicyError, EINVALID), and a version replaced must still
// be pending. A staff member other than a consortium administrator
// changes only their own library's rows (a *library.PolicyError,
// EFORBIDDEN); whether they may edit rules at all is Permit's to say,
// before this is called.
func (db *DB) SavePolicy(ctx context.Context, c library.PolicyChange, by library.Staff, now time.Time) (library.PolicyVersion, error) {
	now = utc(now)
	if c.Effective.Before(today(now)) {
		return library.PolicyVersion{}, &library.Error{Code: library.EINVALID, Key: "error.rules_effective_past",
			Message: fmt.Sprintf("save circulation policy: %s is in the past", c.Effective)}
	}
	var v library.PolicyVersion
	err := db.inTx(ctx, func(tx txn) error {
		if err := checkPolicyRevision(ctx, tx, c.Revision); err != nil {
			return err
		}
		codes, err := policyCodes(ctx, tx)
		if err != nil {
			return err
		}
		if err := c.Policy.ValidationError(codes); err != nil {
			return err
		}
		if c.Replaces != 0 {
			old, err := policyVersion(ctx, tx, c.Replaces)
			if err != nil {
				return err
			}
			if err := checkPending(old, now); err != nil {
				return err
			}
		}
		// What would be in force from the new version's moment without it
		// is what it changes.
		from := utc(library.PolicyFrom(c.Effective, now))
		base, err := policyVersionAt(ctx, tx, from, c.Replaces)
		if err != nil {
			return err
		}
		if err := checkLibraryEdit(base.Policy, c.Policy, by); err != nil {
			return err
		}
		if c.Replaces != 0 {
			if err := withdrawPolicyVersion(ctx, tx, c.Replaces, by.ID, now); err != nil {
				return err
			}
		}
		v, err = insertPolicyVersion(ctx, tx, c.Policy, c.Effective, from, now, by.ID, c.Replaces)
		if err != nil {
			return err
		}
		changes := library.DiffPolicies(base.Policy, c.Policy)
		what := fmt.Sprintf("version %d from %s", v.ID, c.Effective)
		if c.Replaces != 0 {
			what += fmt.Sprintf(", replacing version %d", c.Replaces)
		}
		return audit(ctx, tx, library.AuditEntry{StaffID: by.ID, Action: library.AuditRulesSave, Library: rulesLibrary(changes),
			Detail: what + ":\n" + library.DiffText(changes)}, now)
	})
	if err != nil {
		return library.PolicyVersion{}, fmt.Errorf("save circulation policy from %s: %w", c.Effective, err)
	}
	return v, nil
}

// WithdrawPolicy withdraws a pending version, so that it never takes
// effect; the version in force before it goes on. revision is as for
// SavePolicy. A staff member other than a consortium administrator
// withdraws only a version that changes nothing but their own library's
// rows.
func (db *DB) WithdrawPolicy(ctx context.Context, id, revision int64, by library.Staff, now time.Time) error {
	now = utc(now)
	err := db.inTx(ctx, func(tx txn) error {
		if err := checkPolicyRevision(ctx, tx, revision); err != nil {
			return err
		}
		v, err := policyVersion(ctx, tx, id)
		if err != nil {
			return err
		}
		if err := checkPending(v, now); err != nil {
			return err
		}
		base, err := policyVersionAt(ctx, tx, v.From, v.ID)
		if err != nil {
			return err
		}
		if err := checkLibraryEdit(base.Policy, v.Policy, by); err != nil {
			return err
		}
		if err := withdrawPolicyVersion(ctx, tx, id, by.ID, now); err != nil {
			return err
		}
		changes := library.DiffPolicies(base.Policy, v.Policy)
		return audit(ctx, tx, library.AuditEntry{StaffID: by.ID, Action: library.AuditRulesWithdraw, Library: rulesLibrary(changes),
			Detail: fmt.Sprintf("version %d from %s withdrawn, undoing:\n%s", v.ID, v.Effective, library.DiffText(changes))}, now)
	})
	if err != nil {
		return fmt.Errorf("withdraw circulation policy version %d: %w", id, err)
	}
	return nil
}

// CheckPolicy returns the problems SavePolicy would find in p, for a page
// that shows them before saving.
func (db *DB) CheckPolicy(ctx context.Context, p library.Policy) ([]library.RuleProblem, error) {
	codes, err := db.PolicyCodes(ctx)
	if err != nil {
		return nil, err
	}
	return p.Validate(codes), nil
}

// PolicyCodes returns the codes a policy may name and must cover: the
// standard patron categories and any other that patrons have (from an
// import), every material, and the member libraries.
func (db *DB) PolicyCodes(ctx context.Context) (library.PolicyCodes, error) {
	var codes library.PolicyCodes
	err := db.inReadTx(ctx, func(tx txn) error {
		var err error
		codes, err = policyCodes(ctx, tx)
		return err
	})
	if err != nil {
		return library.PolicyCodes{}, fmt.Errorf("policy codes: %w", err)
	}
	return codes, nil
}

// ExplainRule tells which row of the version in force at q.At (now, if
// zero) applies to a patron and an item, and what became of the other
// rows.
func (db *DB) ExplainRule(ctx context.Context, q library.RuleQuery) (library.RuleExplanation, error) {
	if q.At.IsZero() {
		q.At = db.timestamp()
	}
	v, err := db.PolicyAt(ctx, q.At)
	if err != nil {
		return library.RuleExplanation{}, err
	}
	e := v.Policy.Explain(q)
	e.Version = v
	return e, nil
}

func policyCodes(ctx context.Context, tx txn) (library.PolicyCodes, error) {
	codes := library.PolicyCodes{
		Categories: slices.Clone(library.PatronCategories),
		Materials:  slices.Clone(library.Materials),
	}
	cats, err := queryStrings(ctx, tx, `SELECT DISTINCT category FROM patrons WHERE category <> '' ORDER BY category`)
	if err != nil {
		return codes, err
	}
	for _, c := range cats {
		if !slices.Contains(codes.Categories, c) {
			codes.Categories = append(codes.Categories, c)
		}
	}
	codes.Libraries, err = queryStrings(ctx, tx, `SELECT id FROM libraries ORDER BY id`)
	return codes, err
}

func queryStrings(ctx context.Context, tx txn, query string) ([]string, error) {
	rows, err := tx.QueryContext(ctx, query)
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

// checkPolicyRevision counts the change and refuses it if the versions
// changed since the editor read them at revision.
func checkPolicyRevision(ctx context.Context, tx txn, revision int64) error {
	rev, err := bumpPolicyRevision(ctx, tx)
	if err != nil {
		return err
	}
	if rev != revision+1 {
		return &library.Error{Code: library.ECONFLICT, Key: "error.rules_changed_meanwhile",
			Message: fmt.Sprintf("the rules were changed meanwhile: revision %d, not %d", rev-1, revision)}
	}
	return nil
}

// checkPending refuses to change a version that has taken effect or was
// withdrawn: history stays as it was.
func checkPending(v library.PolicyVersion, now time.Time) error {
	if v.Pending(now) {
		return nil
	}
	key := "error.rules_version_in_force"
	if !v.Withdrawn.IsZero() {
		key = "error.rules_version_withdrawn"
	}
	return &library.Error{Code: library.ECONFLICT, Key: key,
		Message: fmt.Sprintf("policy version %d is no longer pending", v.ID)}
}

// checkLibraryEdit lets a consortium administrator change anything and
// anyone else only the rows of their own library.
func checkLibraryEdit(base, next library.Policy, by library.Staff) error {
	if by.Role == library.RoleAdmin {
		return nil
	}
	return library.LibraryEditError(base, next, by.Library)
}

func withdrawPolicyVersion(ctx context.Context, tx txn, id, by int64, now time.Time) error {
	_, err := tx.ExecContext(ctx, `UPDATE policy_versions SET withdrawn_at = $1, withdrawn_by = $2
		WHERE id = $3 AND withdrawn_at IS NULL`, now, orNull(by), id)
	if err != nil {
		return fmt.Errorf("withdraw policy version %d: %w", id, err)
	}
	return nil
}
