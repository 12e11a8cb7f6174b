package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/kirjasto/kirjasto/internal/library"
)

// Opening hours as staff edit them: the weekly schedule (in branches.hours)
// and dated exceptions (branch_exceptions). Every write bumps the
// consortium version in the same transaction (see bumpConsortium), and
// Branch and Branches read both tables on every call, so the hours pages,
// the iCal feeds and the due dates of new loans see a change as soon as it
// is committed.

// SetWeeklyHours replaces a branch's weekly schedule. version is the
// branch's Version the edit was made from: if the branch changed since,
// nothing is written and the error is ECONFLICT (error.branch_changed).
// Permission (ActBranches at the branch) is the caller's to check.
func (db *DB) SetWeeklyHours(ctx context.Context, branchID string, week [7]library.Day, version int64, by library.Staff, now time.Time) (library.Branch, error) {
	h := library.Hours{Weekly: week}
	if err := h.ValidateWeekly(); err != nil {
		return library.Branch{}, err
	}
	var b library.Branch
	err := db.inTx(ctx, func(tx txn) error {
		var err error
		b, err = setWeeklyHours(ctx, tx, branchID, h, version, by, now)
		return err
	})
	if err != nil {
		return library.Branch{}, fmt.Errorf("set weekly hours of %s: %w", branchID, err)
	}
	return b, nil
}

// setWeeklyHours is SetWeeklyHours in tx, for hours validated already.
func setWeeklyHours(ctx context.Context, tx txn, branchID string, h library.Hours, version int64, by library.Staff, now time.Time) (library.Branch, error) {
	if _, err := bumpConsortium(ctx, tx); err != nil {
		return library.Branch{}, err
	}
	head, err := lockBranch(ctx, tx, branchID)
	if err != nil {
		return library.Branch{}, err
	}
	if head.Version != version {
		return library.Branch{}, branchChanged(branchID, version, head.Version)
	}
	_, err = tx.ExecContext(ctx, `UPDATE branches SET hours = $1, version = version + 1 WHERE id = $2`,
		jsonText(weeklyHours{Weekly: h.Weekly}), branchID)
	if err != nil {
		return library.Branch{}, err
	}
	if err := audit(ctx, tx, library.AuditEntry{StaffID: by.ID, Action: library.AuditBranchHours, Library: head.LibraryID,
		Detail: "weekly hours of " + branchID}, now); err != nil {
		return library.Branch{}, err
	}
	return readBranch(ctx, tx, branchID)
}

// AddException adds a dated exception to a branch's hours. It is refused
// with ECONFLICT (error.exception_overlap) when it shares a day with
// another exception of the branch, and with EINVALID when it does not
// validate (see HoursException.Validate; today is now's date in Helsinki).
func (db *DB) AddException(ctx context.Context, e library.HoursException, by library.Staff, now time.Time) (library.HoursException, error) {
	if err := e.Validate(today(now)); err != nil {
		return library.HoursException{}, err
	}
	e.Updated = utc(now)
	err := db.inTx(ctx, func(tx txn) error {
		var err error
		e, err = addException(ctx, tx, e, by, now)
		return err
	})
	if err != nil {
		return library.HoursException{}, fmt.Errorf("add exception to %s: %w", e.BranchID, err)
	}
	return e, nil
}

// addException is AddException in tx, for an exception validated
// already.
func addException(ctx context.Context, tx txn, e library.HoursException, by library.Staff, now time.Time) (library.HoursException, error) {
	if _, err := bumpConsortium(ctx, tx); err != nil {
		return e, err
	}
	head, err := lockBranch(ctx, tx, e.BranchID)
	if err != nil {
		return e, err
	}
	if head.Closed {
		return e, branchClosed(e.BranchID)
	}
	if err := checkOverlap(ctx, tx, e); err != nil {
		return e, err
	}
	if e.ID, err = insertException(ctx, tx, e); err != nil {
		return e, err
	}
	return e, audit(ctx, tx, library.AuditEntry{StaffID: by.ID, Action: library.AuditExceptionAdd, Library: head.LibraryID,
		Detail: exceptionDetail(e)}, now)
}

// UpdateException replaces an exception (found by e.ID within
// e.BranchID) with e, checked as AddException checks a new one. The last
// write wins: an exception is small and wholly replaced, so two edits
// never leave a mix of both.
func (db *DB) UpdateException(ctx context.Context, e library.HoursException, by library.Staff, now time.Time) (library.HoursException, error) {
	if err := e.Validate(today(now)); err != nil {
		return library.HoursException{}, err
	}
	e.Updated = utc(now)
	err := db.inTx(ctx, func(tx txn) error { return updateException(ctx, tx, e, by, now) })
	if err != nil {
		return library.HoursException{}, fmt.Errorf("update exception %d of %s: %w", e.ID, e.BranchID, err)
	}
	return e, nil
}

// updateException is UpdateException in tx, for an exception validated
// already.
func updateException(ctx context.Context, tx txn, e library.HoursException, by library.Staff, now time.Time) error {
	if _, err := bumpConsortium(ctx, tx); err != nil {
		return err
	}
	head, err := lockBranch(ctx, tx, e.BranchID)
	if err != nil {
		return err
	}
	if head.Closed {
		return branchClosed(e.BranchID)
	}
	if err := checkOverlap(ctx, tx, e); err != nil {
		return err
	}
	res, err := tx.ExecContext(ctx, `
		UPDATE branch_exceptions SET starts = $1, ends = $2, reason = $3, staffed = $4, self_service = $5,
			holiday = $6, updated_at = $7
		WHERE id = $8 AND branch_id = $9`,
		e.From.String(), e.To.String(), jsonText(e.Reason), jsonText(periods(e.Staffed)), jsonText(periods(e.SelfService)),
		e.Holiday, e.Updated, e.ID, e.BranchID)
	if err != nil {
		return err
	}
	if n, err := res.RowsAffected(); err != nil || n == 0 {
		return errors.Join(err, exceptionNotFound(e.BranchID, e.ID))
	}
	return audit(ctx, tx, library.AuditEntry{StaffID: by.ID, Action: library.AuditExceptionUpdate, Library: head.LibraryID,
		Detail: exceptionDetail(e)}, now)
}

// DeleteException removes an exception of a branch; its days follow the
// weekly hours again.
func (db *DB) DeleteException(ctx context.Context, branchID string, id int64, by library.Staff, now time.Time) error {
	err := db.inTx(ctx, func(tx txn) error {
		if _, err := bumpConsortium(ctx, tx); err != nil {
			return err
		}
		head, err := lockBranch(ctx, tx, branchID)
		if err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, `DELETE FROM branch_exceptions WHERE id = $1 AND branch_id = $2`, id, branchID)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil || n == 0 {
			return errors.Join(err, exceptionNotFound(branchID, id))
		}
		return audit(ctx, tx, library.AuditEntry{StaffID: by.ID, Action: library.AuditExceptionDelete, Library: head.LibraryID,
			Detail: fmt.Sprintf("exception %d of %s", id, branchID)}, now)
	})
	if err != nil {
		return fmt.Errorf("delete exception %d of %s: %w", id, branchID, err)
	}
	return nil
}

// Exceptions returns a branch's exceptions that touch the days from
// from to to (inclusive), in date order.
func (db *DB) Exceptions(ctx context.Context, branchID string, from, to library.Date) ([]library.HoursException, error) {
	if branchID == "" {
		return nil, library.Errorf(library.EINVALID, "exceptions of no branch")
	}
	es, err := exceptions(ctx, db.reader(), branchID, from.String(), to.String())
	if err != nil {
		return nil, fmt.Errorf("exceptions of %s: %w", branchID, err)
	}
	return es, nil
}

func exceptionDetail(e library.HoursException) string {
	return fmt.Sprintf("%s %s–%s %s", e.BranchID, e.From, e.To, e.Reason.Get("fi"))
}

func exceptionNotFound(branchID string, id int64) error {
	return &library.Error{Code: library.ENOTFOUND, Key: "error.exception_not_found",
		Message: fmt.Sprintf("branch %s has no exception %d", branchID, id)}
}

// checkOverlap refuses e if it shares a day with another exception of its
// branch, naming the one it clashes with.
func checkOverlap(ctx context.Context, tx txn, e library.HoursException) error {
	clash, err := overlapping(ctx, tx, e)
	if err != nil || clash.ID == 0 {
		return err
	}
	return &library.Error{Code: library.ECONFLICT, Key: "error.exception_overlap",
		Message: fmt.Sprintf("%s–%s overlaps exception %d, %s–%s %q", e.From, e.To, clash.ID, clash.From, clash.To, clash.Reason.Get("fi"))}
}

// overlapping returns the first exception of e's branch, other than e
// itself, that shares a day with e; its ID is 0 if there is none.
func overlapping(ctx context.Context, tx txn, e library.HoursException) (library.HoursException, error) {
	es, err := exceptions(ctx, tx, e.BranchID, e.From.String(), e.To.String())
	if err != nil {
		return library.HoursException{}, err
	}
	for _, c := range es {
		if c.ID != e.ID {
			return c, nil
		}
	}
	return library.HoursException{}, nil
}

func insertException(ctx context.Context, tx txn, e library.HoursException) (int64, error) {
	var id int64
	err := tx.QueryRowContext(ctx, `
		INSERT INTO branch_exceptions (branch_id, starts, ends, reason, staffed, self_service, holiday, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
		e.BranchID, e.From.String(), e.To.String(), jsonText(e.Reason), jsonText(periods(e.Staffed)),
		jsonText(periods(e.SelfService)), e.Holiday, utc(e.Updated)).Scan(&id)
	if err != nil {
		return 0, fmt.Errorf("insert exception %s: %w", exceptionDetail(e), err)
	}
	return id, nil
}

// replaceExceptions sets a branch's exceptions to es, which must not
// overlap each other.
func replaceExceptions(ctx context.Context, tx txn, branchID string, es []library.HoursException, now time.Time) error {
	if _, err := tx.ExecContext(ctx, `DELETE FROM branch_exceptions WHERE branch_id = $1`, branchID); err != nil {
		return err
	}
	for _, e := range es {
		e.BranchID = branchID
		if e.Reason == nil {
			e.Reason = library.Text{}
		}
		if e.Updated.IsZero() {
			e.Updated = now
		}
		if _, err := insertException(ctx, tx, e); err != nil {
			return err
		}
	}
	return nil
}

// periods keeps an empty list [] rather than null in JSON.
func periods(ps []library.Period) []library.Period {
	if ps == nil {
		return []library.Period{}
	}
	return ps
}

// exceptions returns the exceptions of a branch (all branches if
// branchID is "") that end on or after from and start on or before to
// (either "" for no bound), ordered by branch and start.
func exceptions(ctx context.Context, q queryer, branchID, from, to string) ([]library.HoursException, error) {
	rows, err := q.QueryContext(ctx, `
		SELECT id, branch_id, starts, ends, reason, staffed, self_service, holiday, updated_at
		FROM branch_exceptions
		WHERE ($1 = '' OR branch_id = $1) AND ($2 = '' OR ends >= $2) AND ($3 = '' OR starts <= $3)
		ORDER BY branch_id, starts`, branchID, from, to)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var es []library.HoursException
	for rows.Next() {
		var e library.HoursException
		var starts, ends string
		var reason, staffed, self []byte
		if err := rows.Scan(&e.ID, &e.BranchID, &starts, &ends, &reason, &staffed, &self, &e.Holiday, &e.Updated); err != nil {
			return nil, err
		}
		if e.From, err = library.ParseDate(starts); err != nil {
			return nil, fmt.Errorf("exception %d: %w", e.ID, err)
		}
		if e.To, err = library.ParseDate(ends); err != nil {
			return nil, fmt.Errorf("exception %d: %w", e.ID, err)
		}
		if err := unmarshalAll(reason, &e.Reason, staffed, &e.Staffed, self, &e.SelfService); err != nil {
			return nil, fmt.Errorf("exception %d: %w", e.ID, err)
		}
		if len(e.Staffed) == 0 {
			e.Staffed = nil
		}
		if len(e.SelfService) == 0 {
			e.SelfService = nil
		}
		e.Updated = e.Updated.UTC()
		es = append(es, e)
	}
	return es, rows.Err()
}

// branchHead is what a write needs to know of a branch it has locked.
type branchHead struct {
	LibraryID string
	Version   int64
	Closed    bool
}

// lockBranch reads a branch's library, version and state, locking its
// row until commit on PostgreSQL.
func lockBranch(ctx context.Context, tx txn, id string) (branchHead, error) {
	var h branchHead
	var closed sql.NullTime
	err := tx.QueryRowContext(ctx, `SELECT library_id, version, closed_at FROM branches WHERE id = $1`+tx.d.lockRow("FOR UPDATE"), id).
		Scan(&h.LibraryID, &h.Version, &closed)
	if errors.Is(err, sql.ErrNoRows) {
		return h, &library.Error{Code: library.ENOTFOUND, Key: "error.branch_not_found", Message: fmt.Sprintf("branch %s not found", id)}
	}
	h.Closed = closed.Valid
	return h, err
}

// readBranch reads one branch in tx, or fails with ENOTFOUND.
func readBranch(ctx context.Context, tx txn, id string) (library.Branch, error) {
	if id == "" {
		return library.Branch{}, &library.Error{Code: library.ENOTFOUND, Key: "error.branch_not_found", Message: "branch without an ID"}
	}
	bs, err := branches(ctx, tx, id)
	if err != nil {
		return library.Branch{}, err
	}
	if len(bs) == 0 {
		return library.Branch{}, &library.Error{Code: library.ENOTFOUND, Key: "error.branch_not_found", Message: fmt.Sprintf("branch %s not found", id)}
	}
	return bs[0], nil
}

func branchChanged(id string, had, now int64) error {
	return &library.Error{Code: library.ECONFLICT, Key: "error.branch_changed",
		Message: fmt.Sprintf("branch %s changed since version %d (now %d)", id, had, now)}
}
