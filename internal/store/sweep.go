package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/kirjasto/kirjasto/internal/library"
)

// The sweeps do what falls due with time rather than with an event. Each
// is idempotent and safe to run on several nodes at once: every change is
// a conditional UPDATE that only one run can win, so running one twice, or
// on two nodes, does nothing the second time.

// ExpireHolds ends ready holds whose last pickup day has passed: the hold
// expires, the patron is told and charged the no-show fee if the policy
// has one, and the copy is routed as if checked in where it lies, so it
// goes to the next hold or back to a shelf. It returns how many expired.
func (db *DB) ExpireHolds(ctx context.Context, now time.Time) (int, error) {
	now = utc(now)
	rows, err := db.reader().QueryContext(ctx, `
		SELECT h.id, i.barcode FROM holds h JOIN items i ON i.id = h.assigned_item_id
		WHERE h.status = 'ready' AND h.pickup_by < $1 ORDER BY h.id`, today(now).String())
	if err != nil {
		return 0, fmt.Errorf("expire holds: %w", err)
	}
	type due struct {
		id      int64
		barcode string
	}
	var ds []due
	for rows.Next() {
		var d due
		if err := rows.Scan(&d.id, &d.barcode); err != nil {
			rows.Close()
			return 0, fmt.Errorf("expire holds: %w", err)
		}
		ds = append(ds, d)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return 0, fmt.Errorf("expire holds: %w", err)
	}
	n := 0
	for _, d := range ds {
		expired := false
		err := db.circTx(ctx, func(tx txn) error {
			var err error
			expired, err = db.expireHold(ctx, tx, d.id, d.barcode, now)
			return err
		})
		if err != nil {
			return n, fmt.Errorf("expire hold %d: %w", d.id, err)
		}
		if expired {
			n++
			db.notify()
		}
	}
	return n, nil
}

func (db *DB) expireHold(ctx context.Context, tx txn, holdID int64, barcode string, now time.Time) (bool, error) {
	it, err := lockItem(ctx, tx, barcode)
	if err != nil {
		return false, err
	}
	if _, _, err := lockRecord(ctx, tx, it.RecordID); err != nil {
		return false, err
	}
	var patronID, recordID int64
	var pickup string
	err = tx.QueryRowContext(ctx, `UPDATE holds SET status = 'expired', closed_at = $1
		WHERE id = $2 AND status = 'ready' AND pickup_by < $3 AND assigned_item_id = $4
		RETURNING patron_id, record_id, pickup_branch`, now, holdID, today(now).String(), it.ID).Scan(&patronID, &recordID, &pickup)
	if err == sql.ErrNoRows {
		return false, nil // collected, cancelled or expired by another run meanwhile
	}
	if err != nil {
		return false, err
	}
	pol, err := policy(ctx, tx, now)
	if err != nil {
		return false, err
	}
	if pol.NoShowFee > 0 {
		var title string
		if err := tx.QueryRowContext(ctx, `SELECT title FROM records WHERE id = $1`, recordID).Scan(&title); err != nil {
			return false, err
		}
		if _, err := chargeFee(ctx, tx, library.Fee{PatronID: patronID, Kind: library.FeeNoShow, Amount: pol.NoShowFee,
			RecordID: recordID, Barcode: it.Barcode, Description: title, Created: now}); err != nil {
			return false, err
		}
	}
	if err := queueNotice(ctx, tx, patronID, library.NoticeHoldExpired, recordID, map[string]string{"branch": pickup}, now); err != nil {
		return false, err
	}
	r, err := routeItem(ctx, tx, &it, it.Branch, now)
	if err != nil {
		return false, err
	}
	if err := logEvent(ctx, tx, event{Action: "hold_expired", Item: it, Branch: pickup, To: r.To}, now); err != nil {
		return false, err
	}
	return true, db.appendChanges(ctx, tx, []int64{it.RecordID}, now)
}

// AutoRenew renews loans falling due within a day, where the rules allow,
// and tells each patron. Loans that cannot be renewed are left to the due
// and overdue notices. It returns how many were renewed.
func (db *DB) AutoRenew(ctx context.Context, now time.Time) (int, error) {
	now = utc(now)
	v, err := db.PolicyAt(ctx, now)
	if err != nil || !v.Policy.AutoRenew {
		return 0, err
	}
	rows, err := db.reader().QueryContext(ctx, `SELECT patron_id, barcode FROM loans
		WHERE returned_at IS NULL AND due_at > $1 AND due_at <= $2 ORDER BY due_at, id`, now, now.Add(24*time.Hour))
	if err != nil {
		return 0, fmt.Errorf("auto-renew: %w", err)
	}
	type due struct {
		patron  int64
		barcode string
	}
	var ds []due
	for rows.Next() {
		var d due
		if err := rows.Scan(&d.patron, &d.barcode); err != nil {
			rows.Close()
			return 0, fmt.Errorf("auto-renew: %w", err)
		}
		ds = append(ds, d)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return 0, fmt.Errorf("auto-renew: %w", err)
	}
	n := 0
	for _, d := range ds {
		err := db.circTx(ctx, func(tx txn) error {
			l, err := renew(ctx, tx, d.patron, d.barcode, library.Actor{}, now, now.Add(24*time.Hour))
			if err != nil {
				return err
			}
			if err := queueNotice(ctx, tx, d.patron, library.NoticeRenewed, l.RecordID, map[string]string{"due": dueParam(l.DueAt)}, now); err != nil {
				return err
			}
			return db.appendChanges(ctx, tx, []int64{l.RecordID}, now)
		})
		switch code := library.ErrorCode(err); {
		case err == nil:
			n++
		case code == library.EINTERNAL:
			return n, fmt.Errorf("auto-renew %s: %w", d.barcode, err)
		}
	}
	return n, nil
}

// DueNotices tells patrons of loans due within three days ("due_soon")
// and of loans whose due date has passed ("overdue", from the day after).
// Each loan remembers the due date each notice was sent for, so each is
// sent once, and a renewal, which moves the due date, arms both again.
// It returns how many notices it queued.
func (db *DB) DueNotices(ctx context.Context, now time.Time) (int, error) {
	now = utc(now)
	day := today(now)
	soon := utc(day.AddDays(3).In(library.Helsinki, 0).Add(library.EndOfDay))
	startOfToday := utc(day.In(library.Helsinki, 0))
	n := 0
	err := db.circTx(ctx, func(tx txn) error {
		n = 0
		for _, q := range []struct {
			kind, query string
			args        []any
		}{
			{library.NoticeDueSoon, `UPDATE loans SET due_soon_sent = due_at
				WHERE returned_at IS NULL AND due_at >= $1 AND due_at <= $2
				  AND (due_soon_sent IS NULL OR due_soon_sent <> due_at)
				RETURNING patron_id, record_id, due_at`, []any{now, soon}},
			{library.NoticeOverdue, `UPDATE loans SET overdue_sent = due_at
				WHERE returned_at IS NULL AND due_at < $1
				  AND (overdue_sent IS NULL OR overdue_sent <> due_at)
				RETURNING patron_id, record_id, due_at`, []any{startOfToday}},
		} {
			rows, err := tx.QueryContext(ctx, q.query, q.args...)
			if err != nil {
				return err
			}
			type sent struct {
				patron, record int64
				due            time.Time
			}
			var ss []sent
			for rows.Next() {
				var s sent
				if err := rows.Scan(&s.patron, &s.record, &s.due); err != nil {
					rows.Close()
					return err
				}
				ss = append(ss, s)
			}
			rows.Close()
			if err := rows.Err(); err != nil {
				return err
			}
			for _, s := range ss {
				if err := queueNotice(ctx, tx, s.patron, q.kind, s.record, map[string]string{"due": dueParam(s.due)}, now); err != nil {
					return err
				}
				n++
			}
		}
		return nil
	})
	if err != nil {
		return 0, fmt.Errorf("due notices: %w", err)
	}
	return n, nil
}
