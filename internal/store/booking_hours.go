package store

import (
	"context"
	"fmt"
	"time"

	"github.com/kirjasto/kirjasto/internal/library"
)

// Changes of a branch's hours that leave bookings outside them: staff see
// the bookings before saving (BookingsAffectedByHours), and saving with
// ApplyHoursChange changes the hours and settles those bookings in one
// transaction.

// BookingsAffectedByHours lists the branch's future bookings (requested
// or confirmed, blocks left out) that the change would leave outside the
// hours, in start order, without access codes.
func (db *DB) BookingsAffectedByHours(ctx context.Context, ch library.HoursChange, now time.Time) ([]library.BookingDetail, error) {
	now = utc(now)
	if err := ch.Validate(today(now), ""); err != nil {
		return nil, err
	}
	var out []library.BookingDetail
	err := db.inReadTx(ctx, func(tx txn) error {
		b, err := readBranch(ctx, tx, ch.BranchID)
		if err != nil {
			return err
		}
		es, err := exceptions(ctx, tx, ch.BranchID, today(now).String(), "")
		if err != nil {
			return err
		}
		out, err = outsideHours(ctx, tx, ch.BranchID, ch.Apply(b.Hours.Weekly, es), now)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("bookings affected by hours of %s: %w", ch.BranchID, err)
	}
	return hideCodes(out), nil
}

// outsideHours returns the branch's future requested and confirmed
// bookings that the hours h leave out.
func outsideHours(ctx context.Context, tx txn, branchID string, h library.Hours, now time.Time) ([]library.BookingDetail, error) {
	ds, err := bookingsOf(ctx, tx, `r.branch_id = $1 AND b.starts >= $2 AND b.status IN ('requested', 'confirmed') AND NOT b.block`,
		branchID, now)
	if err != nil {
		return nil, err
	}
	bs := make([]library.Booking, len(ds))
	rs := make(map[int64]library.Resource)
	byID := make(map[int64]library.BookingDetail, len(ds))
	for i, d := range ds {
		bs[i], rs[d.ResourceID], byID[d.ID] = d.Booking, d.Resource, d
	}
	var out []library.BookingDetail
	for _, b := range library.OutsideHours(bs, rs, h) {
		out = append(out, byID[b.ID])
	}
	return out, nil
}

// ApplyHoursChange saves a change of hours and settles the bookings it
// leaves outside them, all in one transaction: with SettleCancel they are
// cancelled, with SettleFlag kept and marked; each booker is told. The
// branch's resources are locked before the bookings are read, so a
// booking made meanwhile either commits first and is settled, or waits
// and is checked against the new hours.
func (db *DB) ApplyHoursChange(ctx context.Context, ch library.HoursChange, settle string, by library.Staff, now time.Time) (library.HoursChangeResult, error) {
	now = utc(now)
	if err := ch.Validate(today(now), settle); err != nil {
		return library.HoursChangeResult{}, err
	}
	var out library.HoursChangeResult
	err := db.inTx(ctx, func(tx txn) error {
		out = library.HoursChangeResult{}
		// Read, not locked: saveHours takes the consortium's and the
		// branch's locks in the order every change of hours takes them.
		head, err := readBranch(ctx, tx, ch.BranchID)
		if err != nil {
			return err
		}
		if err := library.Permit(by, library.ActBranches, library.BranchScope(head.LibraryID, ch.BranchID)); err != nil {
			return err
		}
		if err := saveHours(ctx, tx, ch, &out, by, now); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `SELECT id FROM resources WHERE branch_id = $1 ORDER BY id`+tx.d.lockRow("FOR UPDATE"), ch.BranchID); err != nil {
			return err
		}
		es, err := exceptions(ctx, tx, ch.BranchID, today(now).String(), "")
		if err != nil {
			return err
		}
		h := library.Hours{Weekly: out.Branch.Hours.Weekly, Exceptions: library.ExpandExceptions(es)}
		ds, err := outsideHours(ctx, tx, ch.BranchID, h, now)
		if err != nil {
			return err
		}
		for _, d := range ds {
			if err := settleBooking(ctx, tx, d, settle, now); err != nil {
				return err
			}
			b, err := bookingByID(ctx, tx, d.ID)
			if err != nil {
				return err
			}
			out.Settled = append(out.Settled, b)
		}
		if len(ds) == 0 {
			return nil
		}
		return audit(ctx, tx, library.AuditEntry{StaffID: by.ID, Action: library.AuditBookingHours, Library: head.LibraryID,
			Detail: fmt.Sprintf("%s: %d bookings outside the new hours, %s", ch.BranchID, len(ds), settle)}, now)
	})
	if err != nil {
		return library.HoursChangeResult{}, fmt.Errorf("change hours of %s: %w", ch.BranchID, err)
	}
	for i := range out.Settled {
		out.Settled[i].AccessCode = ""
	}
	return out, nil
}

// saveHours writes the change as SetWeeklyHours, AddException or
// UpdateException would, and reads the branch after it.
func saveHours(ctx context.Context, tx txn, ch library.HoursChange, out *library.HoursChangeResult, by library.Staff, now time.Time) error {
	var err error
	switch e := ch.Exception; {
	case ch.Weekly != nil:
		out.Branch, err = setWeeklyHours(ctx, tx, ch.BranchID, library.Hours{Weekly: *ch.Weekly}, ch.Version, by, now)
		return err
	case e.ID == 0:
		e.Updated = now
		out.Exception, err = addException(ctx, tx, *e, by, now)
	default:
		e.Updated = now
		out.Exception = *e
		err = updateException(ctx, tx, *e, by, now)
	}
	if err != nil {
		return err
	}
	out.Branch, err = readBranch(ctx, tx, ch.BranchID)
	return err
}

// settleBooking cancels a booking the new hours leave out, or flags it,
// and tells its booker.
func settleBooking(ctx context.Context, tx txn, d library.BookingDetail, settle string, now time.Time) error {
	if settle == library.SettleCancel {
		return cancelAndTell(ctx, tx, d, library.CauseHours, "", now)
	}
	if d.Flag == library.FlagOutsideHours {
		return nil // told when it was flagged
	}
	_, err := tx.ExecContext(ctx, `UPDATE bookings SET flag = $1, updated_at = $2, version = version + 1 WHERE id = $3`,
		library.FlagOutsideHours, now, d.ID)
	if err != nil {
		return err
	}
	return tellBooker(ctx, tx, d, library.NoticeBookingHoursChanged, nil, now)
}
