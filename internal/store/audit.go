package store

import (
	"context"
	"database/sql"
	"fmt"
	"regexp"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/kirjasto/kirjasto/internal/library"
)

// The audit trail of staff actions (library.AuditEntry). A store method
// that acts for a staff member calls audit inside its own transaction, so
// that the action and its entry commit together or not at all.

// auditCode is the shape of an audit action code: "area.verb".
var auditCode = regexp.MustCompile(`^[a-z][a-z_]*\.[a-z][a-z_]*$`)

// maxAuditDetail bounds an entry's detail, in characters.
const maxAuditDetail = 500

// audit writes e to the audit trail in tx, at now. e.ID and e.At are
// ignored. A malformed action code is a programming error and fails the
// caller's transaction.
func audit(ctx context.Context, tx txn, e library.AuditEntry, now time.Time) error {
	if !auditCode.MatchString(e.Action) {
		return fmt.Errorf("audit: malformed action code %q", e.Action)
	}
	detail := e.Detail
	if utf8.RuneCountInString(detail) > maxAuditDetail {
		detail = string([]rune(detail)[:maxAuditDetail-1]) + "…"
	}
	_, err := tx.ExecContext(ctx, `
		INSERT INTO staff_audit (at, staff_id, action, target_staff_id, patron_id, item_barcode, record_id, library, detail)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
		instant(now), nullID(e.StaffID), e.Action, nullID(e.TargetStaffID), nullID(e.PatronID),
		e.ItemBarcode, nullID(e.RecordID), e.Library, detail)
	if err != nil {
		return fmt.Errorf("audit %s: %w", e.Action, err)
	}
	return nil
}

// Audit returns the audit entries that f selects, newest first. The
// caller has checked the reader's ActAudit right for f.Library.
func (db *DB) Audit(ctx context.Context, f library.AuditFilter) ([]library.AuditEntry, error) {
	var where []string
	var args []any
	add := func(cond string, v any) {
		args = append(args, v)
		where = append(where, strings.ReplaceAll(cond, "?", fmt.Sprintf("$%d", len(args))))
	}
	if f.StaffID != 0 {
		add("staff_id = ?", f.StaffID)
	}
	if f.TargetStaffID != 0 {
		add("target_staff_id = ?", f.TargetStaffID)
	}
	if f.PatronID != 0 {
		add("patron_id = ?", f.PatronID)
	}
	if f.ItemBarcode != "" {
		add("item_barcode = ?", strings.TrimSpace(f.ItemBarcode))
	}
	if f.RecordID != 0 {
		add("record_id = ?", f.RecordID)
	}
	if f.Action != "" {
		add("action = ?", f.Action)
	}
	if f.Library != "" {
		add("library = ?", f.Library)
	}
	if !f.From.IsZero() {
		add("at >= ?", instant(f.From))
	}
	if !f.To.IsZero() {
		add("at < ?", instant(f.To))
	}
	if f.Before != 0 {
		add("id < ?", f.Before)
	}
	if !f.From.IsZero() && !f.To.IsZero() && !f.From.Before(f.To) {
		return nil, &library.Error{Code: library.EINVALID, Key: "error.audit_dates", Message: "audit: the start date is not before the end date"}
	}
	limit := f.Limit
	if limit <= 0 {
		limit = 50
	}
	limit = min(limit, 500)
	q := `SELECT id, at, staff_id, action, target_staff_id, patron_id, item_barcode, record_id, library, detail FROM staff_audit`
	if len(where) > 0 {
		q += " WHERE " + strings.Join(where, " AND ")
	}
	q += fmt.Sprintf(" ORDER BY id DESC LIMIT %d", limit)
	rows, err := db.reader().QueryContext(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("audit trail: %w", err)
	}
	defer rows.Close()
	var out []library.AuditEntry
	for rows.Next() {
		var e library.AuditEntry
		var staff, target, patron, record sql.NullInt64
		if err := rows.Scan(&e.ID, &e.At, &staff, &e.Action, &target, &patron, &e.ItemBarcode, &record, &e.Library, &e.Detail); err != nil {
			return nil, fmt.Errorf("audit trail: %w", err)
		}
		e.At = e.At.UTC()
		e.StaffID, e.TargetStaffID, e.PatronID, e.RecordID = staff.Int64, target.Int64, patron.Int64, record.Int64
		out = append(out, e)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("audit trail: %w", err)
	}
	return out, nil
}

// SweepAudit deletes the audit entries older than
// library.AuditRetention, returning how many. It is one of the periodic
// sweeps; running it twice, or on two nodes, does nothing the second time.
func (db *DB) SweepAudit(ctx context.Context, now time.Time) (int, error) {
	var n int64
	err := db.inTx(ctx, func(tx txn) error {
		res, err := tx.ExecContext(ctx, `DELETE FROM staff_audit WHERE at < $1`, instant(now).Add(-library.AuditRetention))
		if err != nil {
			return err
		}
		n, err = res.RowsAffected()
		return err
	})
	if err != nil {
		return 0, fmt.Errorf("sweep audit trail: %w", err)
	}
	return int(n), nil
}
