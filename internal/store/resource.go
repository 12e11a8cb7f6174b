package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/kirjasto/kirjasto/internal/library"
)

// Bookable resources: a branch's rooms, studios, instruments, equipment
// and digital help sessions (library.ResourceAdmin). Every write checks
// Permit(by, ActResources) at the resource's branch inside its
// transaction and writes the audit trail there.

// DB implements library.Bookings.
var _ library.Bookings = (*DB)(nil)

const resourceColumns = `r.id, r.branch_id, b.library_id, r.kind, r.name, r.description, r.rules, r.accessibility,
	r.equipment, r.capacity, r.slot_minutes, r.min_minutes, r.max_minutes, r.buffer_minutes, r.horizon_days,
	r.weekly_bookings, r.weekly_minutes, r.cancel_before_minutes, r.min_age, r.needs_approval, r.self_service,
	r.price, r.withdrawn_at, r.created_at, r.updated_at, r.version`

const resourceFrom = ` FROM resources r JOIN branches b ON b.id = r.branch_id`

// scanResources reads rows of resourceColumns.
func scanResources(rows *sql.Rows) ([]library.Resource, error) {
	defer rows.Close()
	var rs []library.Resource
	for rows.Next() {
		var r library.Resource
		dest, finish := resourceDest(&r)
		if err := rows.Scan(dest...); err != nil {
			return nil, err
		}
		if err := finish(); err != nil {
			return nil, err
		}
		rs = append(rs, r)
	}
	return rs, rows.Err()
}

// resourceDest returns the scan destinations of resourceColumns for r,
// and the function that finishes r once they are scanned.
func resourceDest(r *library.Resource) ([]any, func() error) {
	var name, desc, rules, access, equip []byte
	var withdrawn sql.NullTime
	dest := []any{&r.ID, &r.BranchID, &r.LibraryID, &r.Kind, &name, &desc, &rules, &access, &equip,
		&r.Capacity, &r.SlotMinutes, &r.MinMinutes, &r.MaxMinutes, &r.BufferMinutes, &r.HorizonDays,
		&r.WeeklyBookings, &r.WeeklyMinutes, &r.CancelBeforeMinutes, &r.MinAge, &r.NeedsApproval, &r.SelfService,
		&r.Price, &withdrawn, &r.Created, &r.Updated, &r.Version}
	return dest, func() error {
		if err := unmarshalAll(name, &r.Name, desc, &r.Description, rules, &r.Rules, access, &r.Accessibility, equip, &r.Equipment); err != nil {
			return fmt.Errorf("resource %d: %w", r.ID, err)
		}
		if withdrawn.Valid {
			r.WithdrawnAt = withdrawn.Time.UTC()
		}
		r.Created, r.Updated = r.Created.UTC(), r.Updated.UTC()
		return nil
	}
}

// readResources returns the resources f selects, ordered by branch and
// ID, with their photos.
func readResources(ctx context.Context, q queryer, f library.ResourceFilter) ([]library.Resource, error) {
	rows, err := q.QueryContext(ctx, `SELECT `+resourceColumns+resourceFrom+`
		WHERE ($1 = '' OR r.branch_id = $1) AND ($2 = '' OR b.library_id = $2) AND ($3 = '' OR r.kind = $3)
			AND ($4 OR r.withdrawn_at IS NULL)
		ORDER BY r.branch_id, r.id`, f.BranchID, f.LibraryID, f.Kind, f.Withdrawn)
	if err != nil {
		return nil, err
	}
	rs, err := scanResources(rows)
	if err != nil {
		return nil, err
	}
	return rs, addPhotos(ctx, q, rs, f.BranchID)
}

// readResource returns one resource with its photos, or ENOTFOUND.
func readResource(ctx context.Context, q queryer, id int64) (library.Resource, error) {
	rows, err := q.QueryContext(ctx, `SELECT `+resourceColumns+resourceFrom+` WHERE r.id = $1`, id)
	if err != nil {
		return library.Resource{}, err
	}
	rs, err := scanResources(rows)
	if err != nil {
		return library.Resource{}, err
	}
	if len(rs) == 0 {
		return library.Resource{}, resourceNotFound(id)
	}
	return rs[0], addPhotos(ctx, q, rs, rs[0].BranchID)
}

// addPhotos fills in the photos of rs, all of one branch's resources
// when branchID is given.
func addPhotos(ctx context.Context, q queryer, rs []library.Resource, branchID string) error {
	if len(rs) == 0 {
		return nil
	}
	rows, err := q.QueryContext(ctx, `
		SELECT p.resource_id, p.id, p.alt, f.width, f.height, f.hash
		FROM resource_photos p JOIN resource_photo_files f ON f.photo_id = p.id AND f.variant = 'full'
			JOIN resources r ON r.id = p.resource_id
		WHERE $1 = '' OR r.branch_id = $1
		ORDER BY p.resource_id, p.id`, branchID)
	if err != nil {
		return err
	}
	defer rows.Close()
	at := make(map[int64]int, len(rs))
	for i, r := range rs {
		at[r.ID] = i
	}
	for rows.Next() {
		var rid int64
		var p library.ResourcePhoto
		var alt []byte
		if err := rows.Scan(&rid, &p.ID, &alt, &p.Width, &p.Height, &p.Hash); err != nil {
			return err
		}
		if err := unmarshalAll(alt, &p.Alt); err != nil {
			return fmt.Errorf("photo %d: %w", p.ID, err)
		}
		if i, ok := at[rid]; ok {
			rs[i].Photos = append(rs[i].Photos, p)
		}
	}
	return rows.Err()
}

// Resources returns the resources f selects, ordered by branch and ID.
func (db *DB) Resources(ctx context.Context, f library.ResourceFilter) ([]library.Resource, error) {
	var rs []library.Resource
	err := db.inReadTx(ctx, func(tx txn) error {
		var err error
		rs, err = readResources(ctx, tx, f)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("resources: %w", err)
	}
	return rs, nil
}

// Resource returns one resource with its photos.
func (db *DB) Resource(ctx context.Context, id int64) (library.Resource, error) {
	var r library.Resource
	err := db.inReadTx(ctx, func(tx txn) error {
		var err error
		r, err = readResource(ctx, tx, id)
		return err
	})
	if err != nil {
		return library.Resource{}, fmt.Errorf("resource %d: %w", id, err)
	}
	return r, nil
}

// CreateResource adds a resource to a branch that is open.
func (db *DB) CreateResource(ctx context.Context, r library.Resource, by library.Staff, now time.Time) (library.Resource, error) {
	if err := r.Validate(); err != nil {
		return library.Resource{}, err
	}
	now = utc(now)
	err := db.inTx(ctx, func(tx txn) error {
		head, err := lockBranch(ctx, tx, r.BranchID)
		if err != nil {
			return err
		}
		if err := library.Permit(by, library.ActResources, library.BranchScope(head.LibraryID, r.BranchID)); err != nil {
			return err
		}
		if head.Closed {
			return branchClosed(r.BranchID)
		}
		err = tx.QueryRowContext(ctx, `
			INSERT INTO resources (branch_id, kind, name, description, rules, accessibility, equipment, capacity,
				slot_minutes, min_minutes, max_minutes, buffer_minutes, horizon_days, weekly_bookings, weekly_minutes,
				cancel_before_minutes, min_age, needs_approval, self_service, price, created_at, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $21)
			RETURNING id`, resourceArgs(r, now)...).Scan(&r.ID)
		if err != nil {
			return err
		}
		if err := audit(ctx, tx, resourceAudit(by, library.AuditResourceCreate, head.LibraryID, r), now); err != nil {
			return err
		}
		r, err = readResource(ctx, tx, r.ID)
		return err
	})
	if err != nil {
		return library.Resource{}, fmt.Errorf("create resource at %s: %w", r.BranchID, err)
	}
	return r, nil
}

// resourceArgs are the 21 arguments of CreateResource's insert.
func resourceArgs(r library.Resource, now time.Time) []any {
	eq := r.Equipment
	if eq == nil {
		eq = []library.Text{}
	}
	return []any{r.BranchID, r.Kind, jsonText(r.Name), jsonText(text(r.Description)), jsonText(text(r.Rules)),
		jsonText(text(r.Accessibility)), jsonText(eq), r.Capacity, r.SlotMinutes, r.MinMinutes, r.MaxMinutes,
		r.BufferMinutes, r.HorizonDays, r.WeeklyBookings, r.WeeklyMinutes, r.CancelBeforeMinutes, r.MinAge,
		r.NeedsApproval, r.SelfService, r.Price, now}
}

// text keeps an empty text {} rather than null in JSON.
func text(t library.Text) library.Text {
	if t == nil {
		return library.Text{}
	}
	return t
}

// UpdateResource replaces a resource's settings (found by r.ID; its
// branch and kind stay as they were). r.Version must be the version the
// edit was made from. Bookings already made keep their times and price.
func (db *DB) UpdateResource(ctx context.Context, r library.Resource, by library.Staff, now time.Time) (library.Resource, error) {
	now = utc(now)
	err := db.inTx(ctx, func(tx txn) error {
		old, err := lockResource(ctx, tx, r.ID)
		if err != nil {
			return err
		}
		if err := library.Permit(by, library.ActResources, library.BranchScope(old.LibraryID, old.BranchID)); err != nil {
			return err
		}
		if old.Version != r.Version {
			return &library.Error{Code: library.ECONFLICT, Key: "error.resource_changed",
				Message: fmt.Sprintf("resource %d changed since version %d (now %d)", r.ID, r.Version, old.Version)}
		}
		r.BranchID, r.Kind = old.BranchID, old.Kind
		if err := r.Validate(); err != nil {
			return err
		}
		args := resourceArgs(r, now)
		_, err = tx.ExecContext(ctx, `
			UPDATE resources SET name = $3, description = $4, rules = $5, accessibility = $6, equipment = $7,
				capacity = $8, slot_minutes = $9, min_minutes = $10, max_minutes = $11, buffer_minutes = $12,
				horizon_days = $13, weekly_bookings = $14, weekly_minutes = $15, cancel_before_minutes = $16,
				min_age = $17, needs_approval = $18, self_service = $19, price = $20, updated_at = $21,
				version = version + 1
			WHERE id = $22 AND branch_id = $1 AND kind = $2`, append(args, r.ID)...)
		if err != nil {
			return err
		}
		if err := audit(ctx, tx, resourceAudit(by, library.AuditResourceUpdate, old.LibraryID, r), now); err != nil {
			return err
		}
		r, err = readResource(ctx, tx, r.ID)
		return err
	})
	if err != nil {
		return library.Resource{}, fmt.Errorf("update resource %d: %w", r.ID, err)
	}
	return r, nil
}

// WithdrawResource stops a resource taking bookings and cancels its
// bookings that have not started, telling each booker.
func (db *DB) WithdrawResource(ctx context.Context, id int64, by library.Staff, now time.Time) (int, error) {
	now = utc(now)
	n := 0
	err := db.inTx(ctx, func(tx txn) error {
		r, err := lockResource(ctx, tx, id)
		if err != nil {
			return err
		}
		if err := library.Permit(by, library.ActResources, library.BranchScope(r.LibraryID, r.BranchID)); err != nil {
			return err
		}
		if !r.Active() {
			return nil
		}
		if _, err := tx.ExecContext(ctx, `UPDATE resources SET withdrawn_at = $1, updated_at = $1, version = version + 1 WHERE id = $2`, now, id); err != nil {
			return err
		}
		bs, err := bookingsOf(ctx, tx, `b.resource_id = $1 AND b.starts >= $2 AND b.status IN ('requested', 'confirmed')`, id, now)
		if err != nil {
			return err
		}
		for _, b := range bs {
			if b.Block {
				if err := setStatus(ctx, tx, b.Booking, library.BookingCancelled, library.CauseWithdrawn, "", now); err != nil {
					return err
				}
				continue
			}
			if err := cancelAndTell(ctx, tx, b, library.CauseWithdrawn, "", now); err != nil {
				return err
			}
			n++
		}
		return audit(ctx, tx, resourceAudit(by, library.AuditResourceWithdraw, r.LibraryID, r), now)
	})
	if err != nil {
		return 0, fmt.Errorf("withdraw resource %d: %w", id, err)
	}
	return n, nil
}

// RestoreResource lets a withdrawn resource take bookings again.
func (db *DB) RestoreResource(ctx context.Context, id int64, by library.Staff, now time.Time) (library.Resource, error) {
	now = utc(now)
	var r library.Resource
	err := db.inTx(ctx, func(tx txn) error {
		var err error
		if r, err = lockResource(ctx, tx, id); err != nil {
			return err
		}
		if err := library.Permit(by, library.ActResources, library.BranchScope(r.LibraryID, r.BranchID)); err != nil {
			return err
		}
		if r.Active() {
			return nil
		}
		if _, err := tx.ExecContext(ctx, `UPDATE resources SET withdrawn_at = NULL, updated_at = $1, version = version + 1 WHERE id = $2`, now, id); err != nil {
			return err
		}
		if err := audit(ctx, tx, resourceAudit(by, library.AuditResourceRestore, r.LibraryID, r), now); err != nil {
			return err
		}
		r, err = readResource(ctx, tx, id)
		return err
	})
	if err != nil {
		return library.Resource{}, fmt.Errorf("restore resource %d: %w", id, err)
	}
	return r, nil
}

// lockResource reads a resource and locks its row until commit on
// PostgreSQL (SQLite's writer holds the whole database already). Every
// write of a booking takes this lock first: it is what keeps two
// bookings of one resource from overlapping.
func lockResource(ctx context.Context, tx txn, id int64) (library.Resource, error) {
	rows, err := tx.QueryContext(ctx, `SELECT `+resourceColumns+resourceFrom+` WHERE r.id = $1`+tx.d.lockRow("FOR UPDATE OF r"), id)
	if err != nil {
		return library.Resource{}, err
	}
	rs, err := scanResources(rows)
	if err != nil {
		return library.Resource{}, err
	}
	if len(rs) == 0 {
		return library.Resource{}, resourceNotFound(id)
	}
	return rs[0], nil
}

func resourceNotFound(id int64) error {
	return &library.Error{Code: library.ENOTFOUND, Key: "error.resource_not_found", Message: fmt.Sprintf("resource %d not found", id)}
}

func resourceAudit(by library.Staff, action, lib string, r library.Resource) library.AuditEntry {
	return library.AuditEntry{StaffID: by.ID, Action: action, Library: lib,
		Detail: fmt.Sprintf("resource %d %s at %s", r.ID, r.Name.Get("fi"), r.BranchID)}
}

// errNoRows reports whether err is sql.ErrNoRows.
func errNoRows(err error) bool { return errors.Is(err, sql.ErrNoRows) }
