package store

import (
	"context"
	"fmt"
	"time"

	"github.com/kirjasto/kirjasto/internal/library"
)

// ImportBranches creates or updates, by ID, the libraries and branches of
// an import, with their weekly hours and (for the branches listed in
// imp.Exceptions) their exceptions, all in one transaction: everything is
// validated first, and the first error writes nothing. An error about one
// library or branch is a *library.ImportError naming it. Importing the
// same file again leaves the same state. Closed branches stay closed
// (their details are updated); a branch cannot move to another library.
func (db *DB) ImportBranches(ctx context.Context, imp library.BranchImport, by library.Staff, now time.Time) (library.BranchImportResult, error) {
	var res library.BranchImportResult
	for i := range imp.Libraries {
		if err := imp.Libraries[i].Validate(); err != nil {
			return res, &library.ImportError{Library: imp.Libraries[i].ID, Err: err}
		}
	}
	for i := range imp.Branches {
		b := &imp.Branches[i]
		if err := b.Validate(); err != nil {
			return res, &library.ImportError{Library: b.LibraryID, Branch: b.ID, Err: err}
		}
	}
	for id, es := range imp.Exceptions {
		for i := range es {
			es[i].BranchID = id
			if err := es[i].Validate(today(now)); err != nil {
				return res, &library.ImportError{Branch: id, Err: fmt.Errorf("exceptions[%d]: %w", i, err)}
			}
		}
		if err := library.ValidateExceptions(es); err != nil {
			return res, &library.ImportError{Branch: id, Err: err}
		}
	}
	err := db.inTx(ctx, func(tx txn) error {
		if _, err := bumpConsortium(ctx, tx); err != nil {
			return err
		}
		for _, l := range imp.Libraries {
			old, err := lockLibrary(ctx, tx, l.ID)
			switch {
			case library.ErrorCode(err) == library.ENOTFOUND:
				res.LibrariesCreated++
			case err != nil:
				return err
			case old.Closed():
				return &library.ImportError{Library: l.ID, Err: libraryClosed(l.ID)}
			default:
				res.LibrariesUpdated++
			}
			if err := putLibrary(ctx, tx, l); err != nil {
				return err
			}
		}
		for _, b := range imp.Branches {
			head, err := lockBranch(ctx, tx, b.ID)
			switch {
			case library.ErrorCode(err) == library.ENOTFOUND:
				res.BranchesCreated++
			case err != nil:
				return err
			case head.LibraryID != b.LibraryID:
				return &library.ImportError{Library: b.LibraryID, Branch: b.ID, Err: &library.Error{Code: library.EINVALID,
					Key: "error.branch_library_immutable", Message: fmt.Sprintf("library: belongs to %s, not %s", head.LibraryID, b.LibraryID)}}
			default:
				res.BranchesUpdated++
			}
			l, err := lockLibrary(ctx, tx, b.LibraryID)
			if err != nil {
				return &library.ImportError{Library: b.LibraryID, Branch: b.ID, Err: err}
			}
			if l.Closed() {
				return &library.ImportError{Library: b.LibraryID, Branch: b.ID, Err: libraryClosed(l.ID)}
			}
			if err := putBranch(ctx, tx, b); err != nil {
				return err
			}
		}
		for id, es := range imp.Exceptions {
			if _, err := lockBranch(ctx, tx, id); err != nil {
				return &library.ImportError{Branch: id, Err: err}
			}
			for i := range es {
				es[i].Updated = utc(now)
			}
			if err := replaceExceptions(ctx, tx, id, es, utc(now)); err != nil {
				return err
			}
			res.Exceptions += len(es)
		}
		return audit(ctx, tx, library.AuditEntry{StaffID: by.ID, Action: library.AuditBranchImport,
			Detail: fmt.Sprintf("%d libraries, %d branches, %d exceptions", len(imp.Libraries), len(imp.Branches), res.Exceptions)}, now)
	})
	if err != nil {
		return library.BranchImportResult{}, fmt.Errorf("import branches: %w", err)
	}
	return res, nil
}
