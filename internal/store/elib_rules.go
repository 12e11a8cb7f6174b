package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/kirjasto/kirjasto/internal/library"
)

// The e-library's per-library rules: a patron's limits (in the settings
// table, under eLimitsKey) and the monthly budget for cost-per-circulation
// loans (e_budgets), whose spending is the month's loans' costs.

// eLimitsKey is the setting of a library's e-lending limits; the
// consortium's (library "") apply where a library set none.
func eLimitsKey(lib string) string { return "elib.limits." + lib }

// eLimits returns the limits for patrons of the home library.
func eLimits(ctx context.Context, q queryer, home string) (library.ELimits, error) {
	for _, key := range []string{eLimitsKey(home), eLimitsKey("")} {
		var s string
		err := q.QueryRowContext(ctx, `SELECT value FROM settings WHERE key = $1`, key).Scan(&s)
		if errors.Is(err, sql.ErrNoRows) {
			continue
		}
		if err != nil {
			return library.ELimits{}, fmt.Errorf("e-limits: %w", err)
		}
		var l library.ELimits
		if err := unmarshalAll([]byte(s), &l); err != nil {
			return library.ELimits{}, fmt.Errorf("e-limits %s: %w", key, err)
		}
		return l, nil
	}
	return library.DefaultELimits, nil
}

// ELimits returns the e-lending limits of a library's patrons ("" the
// consortium's): its own, else the consortium's, else DefaultELimits.
func (db *DB) ELimits(ctx context.Context, lib string) (library.ELimits, error) {
	return eLimits(ctx, db.reader(), lib)
}

// SetELimits sets a library's e-lending limits ("" the consortium's).
func (db *DB) SetELimits(ctx context.Context, by library.Staff, lib string, l library.ELimits) error {
	if err := library.Permit(by, library.ActELibrary, licenceScope(lib)); err != nil {
		return err
	}
	if l.Loans < 0 || l.Holds < 0 || l.LoanDays < 1 || l.LoanDays > 365 || l.Loans > 1000 || l.Holds > 1000 {
		return &library.Error{Code: library.EINVALID, Key: "error.elib_limits_invalid",
			Message: fmt.Sprintf("e-limits %+v: loans and holds from 0, loan days from 1 to 365", l)}
	}
	now := utc(db.now())
	err := db.inTx(ctx, func(tx txn) error {
		if err := checkLibraryKnown(ctx, tx, lib); err != nil {
			return err
		}
		if err := putSetting(ctx, tx, eLimitsKey(lib), l); err != nil {
			return err
		}
		return audit(ctx, tx, library.AuditEntry{StaffID: by.ID, Action: library.AuditELimits, Library: lib,
			Detail: fmt.Sprintf("loans %d, holds %d, loan days %d", l.Loans, l.Holds, l.LoanDays)}, now)
	})
	if err != nil {
		return fmt.Errorf("set e-limits of %q: %w", lib, err)
	}
	return nil
}

// checkLibraryKnown refuses an unknown member library; "" is the
// consortium.
func checkLibraryKnown(ctx context.Context, tx txn, lib string) error {
	if lib == "" {
		return nil
	}
	var n int
	if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM libraries WHERE id = $1`, lib).Scan(&n); err != nil {
		return err
	}
	if n == 0 {
		return &library.Error{Code: library.ENOTFOUND, Key: "error.library_not_found", Message: fmt.Sprintf("library %q not found", lib)}
	}
	return nil
}

// month returns the Helsinki month of now: its name ("2026-12") and its
// bounds as instants.
func month(now time.Time) (string, time.Time, time.Time) {
	h := now.In(library.Helsinki)
	start := time.Date(h.Year(), h.Month(), 1, 0, 0, 0, 0, library.Helsinki)
	return start.Format("2006-01"), utc(start), utc(start.AddDate(0, 1, 0))
}

// budgetOf returns a library's budget with this month's spending, and
// when lock is set locks its row on PostgreSQL, so that two loans never both spend its
// last euros. A library without a budget row has Monthly 0 and WhenOut
// "": no budget was set, and cost-per-circulation loans are not capped.
func budgetOf(ctx context.Context, tx txn, lib string, lock bool, now time.Time) (library.EBudget, error) {
	b := library.EBudget{Library: lib}
	q := `SELECT monthly, when_out FROM e_budgets WHERE library = $1`
	if lock {
		q += tx.d.lockRow("FOR UPDATE")
	}
	err := tx.QueryRowContext(ctx, q, lib).Scan(&b.Monthly, &b.WhenOut)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return b, fmt.Errorf("e-budget of %s: %w", lib, err)
	}
	var from, to time.Time
	b.Month, from, to = month(now)
	if err := tx.QueryRowContext(ctx, `SELECT COALESCE(SUM(cost), 0) FROM e_loans WHERE library = $1 AND cost > 0 AND started_at >= $2 AND started_at < $3`,
		lib, from, to).Scan(&b.Spent); err != nil {
		return b, fmt.Errorf("e-budget of %s: %w", lib, err)
	}
	return b, nil
}

// SetEBudget sets a member library's monthly budget.
func (db *DB) SetEBudget(ctx context.Context, by library.Staff, b library.EBudget) error {
	if b.Library == "" {
		return &library.Error{Code: library.EINVALID, Key: "error.elib_budget_invalid", Message: "an e-budget belongs to a member library"}
	}
	if err := library.Permit(by, library.ActELibrary, library.LibraryScope(b.Library)); err != nil {
		return err
	}
	if b.Monthly < 0 || (b.WhenOut != library.BudgetRefuse && b.WhenOut != library.BudgetWait) {
		return &library.Error{Code: library.EINVALID, Key: "error.elib_budget_invalid",
			Message: fmt.Sprintf("e-budget %d cents, when spent %q", b.Monthly, b.WhenOut)}
	}
	now := utc(db.now())
	err := db.circTx(ctx, func(tx txn) error {
		if err := checkLibraryKnown(ctx, tx, b.Library); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO e_budgets (library, monthly, when_out) VALUES ($1, $2, $3)
			ON CONFLICT (library) DO UPDATE SET monthly = excluded.monthly, when_out = excluded.when_out`,
			b.Library, b.Monthly, b.WhenOut); err != nil {
			return err
		}
		return audit(ctx, tx, library.AuditEntry{StaffID: by.ID, Action: library.AuditEBudget, Library: b.Library,
			Detail: fmt.Sprintf("%d cents a month, when spent: %s", b.Monthly, b.WhenOut)}, now)
	})
	if err != nil {
		return fmt.Errorf("set e-budget of %s: %w", b.Library, err)
	}
	return nil
}

// EBudgets returns the budgets of the libraries (none: every library's)
// with their spending in now's month, in library order.
func (db *DB) EBudgets(ctx context.Context, libs []string, now time.Time) ([]library.EBudget, error) {
	now = utc(now)
	var out []library.EBudget
	err := db.inReadTx(ctx, func(tx txn) error {
		out = nil
		rows, err := tx.QueryContext(ctx, `SELECT library FROM e_budgets ORDER BY library`)
		if err != nil {
			return err
		}
		var all []string
		for rows.Next() {
			var lib string
			if err := rows.Scan(&lib); err != nil {
				rows.Close()
				return err
			}
			if len(libs) == 0 || slices.Contains(libs, lib) {
				all = append(all, lib)
			}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		for _, lib := range all {
			b, err := budgetOf(ctx, tx, lib, false, now)
			if err != nil {
				return err
			}
			out = append(out, b)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("e-budgets of %s: %w", strings.Join(libs, ", "), err)
	}
	return out, nil
}
