package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/kirjasto/kirjasto/internal/library"
)

// Member libraries and branches as staff create, edit and close them.
//
// Concurrency: an update names the Version it was made from, and is
// refused with ECONFLICT (error.branch_changed, error.library_changed)
// if someone else's change came first, so that two staff editing the
// same branch never silently undo each other; nothing of the refused edit
// is written. Every write bumps the consortium version first (see
// bumpConsortium). Who may do what is for the caller to ask
// library.Permit (ActConsortium for libraries, ActBranches for branches);
// by is the staff member acting, for the audit trail.

// CreateLibrary adds a member library. Its ID is refused with ECONFLICT
// (error.library_exists) when taken.
func (db *DB) CreateLibrary(ctx context.Context, l library.Library, by library.Staff, now time.Time) (library.Library, error) {
	if err := l.Validate(); err != nil {
		return library.Library{}, err
	}
	err := db.inTx(ctx, func(tx txn) error {
		if _, err := bumpConsortium(ctx, tx); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO libraries (id, name, description) VALUES ($1, $2, $3)`,
			l.ID, jsonText(l.Name), jsonText(l.Description))
		if isUniqueViolation(err) {
			return &library.Error{Code: library.ECONFLICT, Key: "error.library_exists", Message: fmt.Sprintf("library %s exists", l.ID)}
		}
		if err != nil {
			return err
		}
		if err := audit(ctx, tx, library.AuditEntry{StaffID: by.ID, Action: library.AuditLibraryCreate, Library: l.ID,
			Detail: l.Name.Get("fi")}, now); err != nil {
			return err
		}
		l, err = readLibrary(ctx, tx, l.ID)
		return err
	})
	if err != nil {
		return library.Library{}, fmt.Errorf("create library %s: %w", l.ID, err)
	}
	return l, nil
}

// UpdateLibrary changes a library's name and description. l.Version must
// be the version the edit was made from.
func (db *DB) UpdateLibrary(ctx context.Context, l library.Library, by library.Staff, now time.Time) (library.Library, error) {
	if err := l.Validate(); err != nil {
		return library.Library{}, err
	}
	err := db.inTx(ctx, func(tx txn) error {
		if _, err := bumpConsortium(ctx, tx); err != nil {
			return err
		}
		old, err := lockLibrary(ctx, tx, l.ID)
		if err != nil {
			return err
		}
		if old.Version != l.Version {
			return &library.Error{Code: library.ECONFLICT, Key: "error.library_changed",
				Message: fmt.Sprintf("library %s changed since version %d (now %d)", l.ID, l.Version, old.Version)}
		}
		_, err = tx.ExecContext(ctx, `UPDATE libraries SET name = $1, description = $2, version = version + 1 WHERE id = $3`,
			jsonText(l.Name), jsonText(l.Description), l.ID)
		if err != nil {
			return err
		}
		if err := audit(ctx, tx, library.AuditEntry{StaffID: by.ID, Action: library.AuditLibraryUpdate, Library: l.ID,
			Detail: l.Name.Get("fi")}, now); err != nil {
			return err
		}
		l, err = readLibrary(ctx, tx, l.ID)
		return err
	})
	if err != nil {
		return library.Library{}, fmt.Errorf("update library %s: %w", l.ID, err)
	}
	return l, nil
}

// CloseLibrary marks a library as having left the consortium. It is
// refused (ECONFLICT, error.library_open_branches, Count) while any of its
// branches is open: each branch is closed first, with its holds settled.
func (db *DB) CloseLibrary(ctx context.Context, id string, by library.Staff, now time.Time) (library.Library, error) {
	var l library.Library
	err := db.inTx(ctx, func(tx txn) error {
		if _, err := bumpConsortium(ctx, tx); err != nil {
			return err
		}
		old, err := lockLibrary(ctx, tx, id)
		if err != nil {
			return err
		}
		if old.Closed() {
			return libraryClosed(id)
		}
		var open int
		err = tx.QueryRowContext(ctx, `SELECT count(*) FROM branches WHERE library_id = $1 AND closed_at IS NULL`, id).Scan(&open)
		if err != nil {
			return err
		}
		if open > 0 {
			return &library.Error{Code: library.ECONFLICT, Key: "error.library_open_branches", Count: open,
				Message: fmt.Sprintf("library %s has %d open branches", id, open)}
		}
		if _, err := tx.ExecContext(ctx, `UPDATE libraries SET closed_at = $1, version = version + 1 WHERE id = $2`, utc(now), id); err != nil {
			return err
		}
		if err := audit(ctx, tx, library.AuditEntry{StaffID: by.ID, Action: library.AuditLibraryClose,
			Library: id}, now); err != nil {
			return err
		}
		l, err = readLibrary(ctx, tx, id)
		return err
	})
	if err != nil {
		return library.Library{}, fmt.Errorf("close library %s: %w", id, err)
	}
	return l, nil
}

// ReopenLibrary undoes CloseLibrary (its branches stay closed until each
// is reopened).
func (db *DB) ReopenLibrary(ctx context.Context, id string, by library.Staff, now time.Time) (library.Library, error) {
	var l library.Library
	err := db.inTx(ctx, func(tx txn) error {
		if _, err := bumpConsortium(ctx, tx); err != nil {
			return err
		}
		if _, err := lockLibrary(ctx, tx, id); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE libraries SET closed_at = NULL, version = version + 1 WHERE id = $1`, id); err != nil {
			return err
		}
		if err := audit(ctx, tx, library.AuditEntry{StaffID: by.ID, Action: library.AuditLibraryReopen,
			Library: id}, now); err != nil {
			return err
		}
		var err error
		l, err = readLibrary(ctx, tx, id)
		return err
	})
	if err != nil {
		return library.Library{}, fmt.Errorf("reopen library %s: %w", id, err)
	}
	return l, nil
}

// CreateBranch adds a branch, with its weekly hours, to an open member
// library. Its ID is refused with ECONFLICT (error.branch_exists) when
// taken; b.Hours.Exceptions are ignored (add them with AddException).
func (db *DB) CreateBranch(ctx context.Context, b library.Branch, by library.Staff, now time.Time) (library.Branch, error) {
	if err := b.Validate(); err != nil {
		return library.Branch{}, err
	}
	err := db.inTx(ctx, func(tx txn) error {
		if _, err := bumpConsortium(ctx, tx); err != nil {
			return err
		}
		l, err := lockLibrary(ctx, tx, b.LibraryID)
		if err != nil {
			return err
		}
		if l.Closed() {
			return libraryClosed(l.ID)
		}
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM branches WHERE id = $1`, b.ID).Scan(&n); err != nil {
			return err
		}
		if n > 0 {
			return &library.Error{Code: library.ECONFLICT, Key: "error.branch_exists", Message: fmt.Sprintf("branch %s exists", b.ID)}
		}
		if err := putBranch(ctx, tx, b); err != nil {
			return err
		}
		if err := audit(ctx, tx, library.AuditEntry{StaffID: by.ID, Action: library.AuditBranchCreate, Library: b.LibraryID,
			Detail: b.ID}, now); err != nil {
			return err
		}
		b, err = readBranch(ctx, tx, b.ID)
		return err
	})
	if err != nil {
		return library.Branch{}, fmt.Errorf("create branch %s: %w", b.ID, err)
	}
	return b, nil
}

// UpdateBranch changes a branch's details and weekly hours (not its
// exceptions, photo or state). b.Version must be the version the edit was
// made from (else ECONFLICT, error.branch_changed); the ID and the library
// cannot change (EINVALID, error.branch_library_immutable): loans, fees
// and statistics of the past name them.
func (db *DB) UpdateBranch(ctx context.Context, b library.Branch, by library.Staff, now time.Time) (library.Branch, error) {
	if err := b.Validate(); err != nil {
		return library.Branch{}, err
	}
	err := db.inTx(ctx, func(tx txn) error {
		if _, err := bumpConsortium(ctx, tx); err != nil {
			return err
		}
		head, err := lockBranch(ctx, tx, b.ID)
		if err != nil {
			return err
		}
		if head.LibraryID != b.LibraryID {
			return &library.Error{Code: library.EINVALID, Key: "error.branch_library_immutable",
				Message: fmt.Sprintf("branch %s belongs to %s, not %s", b.ID, head.LibraryID, b.LibraryID)}
		}
		if head.Version != b.Version {
			return branchChanged(b.ID, b.Version, head.Version)
		}
		if err := putBranch(ctx, tx, b); err != nil {
			return err
		}
		if err := audit(ctx, tx, library.AuditEntry{StaffID: by.ID, Action: library.AuditBranchUpdate, Library: b.LibraryID,
			Detail: b.ID}, now); err != nil {
			return err
		}
		b, err = readBranch(ctx, tx, b.ID)
		return err
	})
	if err != nil {
		return library.Branch{}, fmt.Errorf("update branch %s: %w", b.ID, err)
	}
	return b, nil
}

// BranchPending counts the holds that tie patrons to a branch: copies on
// its hold shelf, copies on their way to it, and holds to be picked up
// there that have no copy yet. An edit page shows them before it offers to
// close the branch.
func (db *DB) BranchPending(ctx context.Context, id string) (library.BranchPending, error) {
	var p library.BranchPending
	err := db.inReadTx(ctx, func(tx txn) error {
		if _, err := readBranch(ctx, tx, id); err != nil {
			return err
		}
		var err error
		p, err = branchPending(ctx, tx, id)
		return err
	})
	if err != nil {
		return p, fmt.Errorf("pending at branch %s: %w", id, err)
	}
	return p, nil
}

func branchPending(ctx context.Context, tx txn, id string) (library.BranchPending, error) {
	var p library.BranchPending
	err := tx.QueryRowContext(ctx, `
		SELECT
			(SELECT count(*) FROM holds WHERE pickup_branch = $1 AND status = 'ready'),
			(SELECT count(*) FROM transits WHERE to_branch = $1) +
			(SELECT count(*) FROM holds h WHERE h.pickup_branch = $1 AND h.status = 'in_transit'
				AND NOT EXISTS (SELECT 1 FROM transits t WHERE t.hold_id = h.id AND t.to_branch = $1)),
			(SELECT count(*) FROM holds WHERE pickup_branch = $1 AND status = 'waiting'),
			(SELECT count(*) FROM items WHERE home_branch = $1)`, id).
		Scan(&p.HoldShelf, &p.Transit, &p.Waiting, &p.Items)
	return p, err
}

// CloseBranch closes a branch for good, keeping its history: old loans,
// holds, fees and statistics still name it, and Branch still returns it
// (with ClosedAt set). From then on it lends nothing, takes no hold for
// pickup, and pages leave it out of the pickup places.
//
// It is refused with ECONFLICT (error.branch_close_pending, Count the
// total) while copies are on its hold shelf or on their way to it: those
// patrons were told where to collect, so staff empty the shelf and
// re-route transits first (BranchPending tells how many of each).
// Holds still waiting for a copy move to moveHoldsTo, an open branch of
// any library, in the same transaction; if there are some and moveHoldsTo
// is "", closing is refused (error.branch_close_waiting, Count). Patrons
// whose preferred pickup branch it was get moveHoldsTo (or none: they are
// asked at their next hold).
func (db *DB) CloseBranch(ctx context.Context, id, moveHoldsTo string, by library.Staff, now time.Time) (library.BranchClosing, error) {
	var out library.BranchClosing
	err := db.inTx(ctx, func(tx txn) error {
		if _, err := bumpConsortium(ctx, tx); err != nil {
			return err
		}
		head, err := lockBranch(ctx, tx, id)
		if err != nil {
			return err
		}
		if head.Closed {
			return branchClosed(id)
		}
		p, err := branchPending(ctx, tx, id)
		if err != nil {
			return err
		}
		if n := p.HoldShelf + p.Transit; n > 0 {
			return &library.Error{Code: library.ECONFLICT, Key: "error.branch_close_pending", Count: n,
				Message: fmt.Sprintf("branch %s has %d copies on its hold shelf and %d on their way to it", id, p.HoldShelf, p.Transit)}
		}
		if moveHoldsTo != "" {
			to, err := lockBranch(ctx, tx, moveHoldsTo)
			if err != nil {
				return err
			}
			if to.Closed || moveHoldsTo == id {
				return &library.Error{Code: library.EINVALID, Key: "error.pickup_branch", Message: fmt.Sprintf("cannot move holds to %s", moveHoldsTo)}
			}
		} else if p.Waiting > 0 {
			return &library.Error{Code: library.ECONFLICT, Key: "error.branch_close_waiting", Count: p.Waiting,
				Message: fmt.Sprintf("branch %s is the pickup place of %d waiting holds; name a branch to move them to", id, p.Waiting)}
		}
		res, err := tx.ExecContext(ctx, `UPDATE holds SET pickup_branch = $1 WHERE pickup_branch = $2 AND status = 'waiting'`, moveHoldsTo, id)
		if err != nil {
			return err
		}
		n, _ := res.RowsAffected()
		out.MovedHolds = int(n)
		res, err = tx.ExecContext(ctx, `UPDATE patrons SET pickup_branch = $1 WHERE pickup_branch = $2`, moveHoldsTo, id)
		if err != nil {
			return err
		}
		n, _ = res.RowsAffected()
		out.MovedPatrons = int(n)
		if _, err := tx.ExecContext(ctx, `UPDATE branches SET closed_at = $1, version = version + 1 WHERE id = $2`, utc(now), id); err != nil {
			return err
		}
		detail := fmt.Sprintf("%s; %d holds and %d patrons' pickup branch moved to %s", id, out.MovedHolds, out.MovedPatrons, moveHoldsTo)
		if moveHoldsTo == "" {
			detail = fmt.Sprintf("%s; %d patrons' pickup branch cleared", id, out.MovedPatrons)
		}
		if err := audit(ctx, tx, library.AuditEntry{StaffID: by.ID, Action: library.AuditBranchClose, Library: head.LibraryID,
			Detail: detail}, now); err != nil {
			return err
		}
		out.Branch, err = readBranch(ctx, tx, id)
		return err
	})
	if err != nil {
		return library.BranchClosing{}, fmt.Errorf("close branch %s: %w", id, err)
	}
	return out, nil
}

// ReopenBranch undoes CloseBranch. Its library must be open.
func (db *DB) ReopenBranch(ctx context.Context, id string, by library.Staff, now time.Time) (library.Branch, error) {
	var b library.Branch
	err := db.inTx(ctx, func(tx txn) error {
		if _, err := bumpConsortium(ctx, tx); err != nil {
			return err
		}
		head, err := lockBranch(ctx, tx, id)
		if err != nil {
			return err
		}
		l, err := lockLibrary(ctx, tx, head.LibraryID)
		if err != nil {
			return err
		}
		if l.Closed() {
			return libraryClosed(l.ID)
		}
		if _, err := tx.ExecContext(ctx, `UPDATE branches SET closed_at = NULL, version = version + 1 WHERE id = $1`, id); err != nil {
			return err
		}
		if err := audit(ctx, tx, library.AuditEntry{StaffID: by.ID, Action: library.AuditBranchReopen, Library: head.LibraryID,
			Detail: id}, now); err != nil {
			return err
		}
		b, err = readBranch(ctx, tx, id)
		return err
	})
	if err != nil {
		return library.Branch{}, fmt.Errorf("reopen branch %s: %w", id, err)
	}
	return b, nil
}

// lockLibrary reads a library, locking its row until commit on
// PostgreSQL, or fails with ENOTFOUND.
func lockLibrary(ctx context.Context, tx txn, id string) (library.Library, error) {
	var l library.Library
	var closed sql.NullTime
	err := tx.QueryRowContext(ctx, `SELECT id, version, closed_at FROM libraries WHERE id = $1`+tx.d.lockRow("FOR UPDATE"), id).
		Scan(&l.ID, &l.Version, &closed)
	if errors.Is(err, sql.ErrNoRows) {
		return l, &library.Error{Code: library.ENOTFOUND, Key: "error.library_not_found", Message: fmt.Sprintf("library %s not found", id)}
	}
	if closed.Valid {
		l.ClosedAt = closed.Time.UTC()
	}
	return l, err
}

func readLibrary(ctx context.Context, tx txn, id string) (library.Library, error) {
	ls, err := libraries(ctx, tx, id)
	if err != nil {
		return library.Library{}, err
	}
	if len(ls) == 0 {
		return library.Library{}, &library.Error{Code: library.ENOTFOUND, Key: "error.library_not_found", Message: fmt.Sprintf("library %s not found", id)}
	}
	return ls[0], nil
}

// branchesOf returns the branches of a library, with their hours.
func branchesOf(ctx context.Context, tx txn, libraryID string) ([]library.Branch, error) {
	all, err := branches(ctx, tx, "")
	if err != nil {
		return nil, err
	}
	var out []library.Branch
	for _, b := range all {
		if b.LibraryID == libraryID {
			out = append(out, b)
		}
	}
	return out, nil
}

func libraryClosed(id string) error {
	return &library.Error{Code: library.ECONFLICT, Key: "error.library_closed", Message: fmt.Sprintf("library %s is closed", id)}
}

func branchClosed(id string) error {
	return &library.Error{Code: library.ECONFLICT, Key: "error.branch_closed", Message: fmt.Sprintf("branch %s is closed", id)}
}

// DB implements library.BranchAdmin.
var _ library.BranchAdmin = (*DB)(nil)
