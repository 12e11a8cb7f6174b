package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/kirjasto/kirjasto/internal/library"
)

// ExpireELoans is the e-library's sweep (see sweep.go): it ends the
// loans due by now (telling their holders), reminds the holders of loans
// ending within library.EDueSoon, ends the offers whose window passed (with a notice),
// marks licences past their expiry expired, and offers every freed place
// to the next in its queue, including the places a new month's budget
// pays for. Each change is a conditional UPDATE under the record's
// licence locks, so a second run, or one on another node, finds nothing
// left to do. It returns how many loans, offers and licences it settled
// and how many offers it made.
func (db *DB) ExpireELoans(ctx context.Context, now time.Time) (int, error) {
	now = utc(now)
	n := 0
	defer func() {
		if n > 0 {
			db.notify() // the search index's "online now"
		}
	}()
	due, err := idPairs(ctx, db.reader(), `SELECT id, record_id FROM e_loans WHERE returned_at IS NULL AND due_at <= $1 ORDER BY due_at, id`, now)
	if err != nil {
		return 0, fmt.Errorf("expire e-loans: %w", err)
	}
	for _, d := range due {
		err := db.circTx(ctx, func(tx txn) error {
			if _, err := lockLicences(ctx, tx, d[1]); err != nil {
				return err
			}
			ended, err := endELoan(ctx, tx, d[0], "due", now)
			if err != nil || !ended {
				return err
			}
			if err := tellLoanEnded(ctx, tx, d[0], d[1], now); err != nil {
				return err
			}
			k, err := offerPlaces(ctx, tx, d[1], now)
			n += 1 + k
			if err != nil {
				return err
			}
			return db.appendChanges(ctx, tx, []int64{d[1]}, now)
		})
		if err != nil {
			return n, fmt.Errorf("expire e-loan %d: %w", d[0], err)
		}
	}

	k, err := db.remindDueSoon(ctx, now)
	n += k
	if err != nil {
		return n, err
	}

	passed, err := idPairs(ctx, db.reader(), `SELECT id, record_id FROM e_holds WHERE status = 'offered' AND window_ends <= $1 ORDER BY window_ends, id`, now)
	if err != nil {
		return n, fmt.Errorf("expire e-offers: %w", err)
	}
	for _, d := range passed {
		err := db.circTx(ctx, func(tx txn) error {
			if _, err := lockLicences(ctx, tx, d[1]); err != nil {
				return err
			}
			var patron int64
			err := tx.QueryRowContext(ctx, `UPDATE e_holds SET status = 'expired', closed_at = $1
				WHERE id = $2 AND status = 'offered' AND window_ends <= $1 RETURNING patron_id`, now, d[0]).Scan(&patron)
			if errors.Is(err, sql.ErrNoRows) {
				return nil // borrowed, cancelled or expired by another run meanwhile
			}
			if err != nil {
				return err
			}
			if err := queueNotice(ctx, tx, patron, library.NoticeELibOfferExpired, d[1], map[string]string{}, now); err != nil {
				return err
			}
			k, err := offerPlaces(ctx, tx, d[1], now)
			n += 1 + k
			if err != nil {
				return err
			}
			return db.appendChanges(ctx, tx, []int64{d[1]}, now)
		})
		if err != nil {
			return n, fmt.Errorf("expire e-offer %d: %w", d[0], err)
		}
	}

	err = db.inTx(ctx, func(tx txn) error {
		rows, err := tx.QueryContext(ctx, `UPDATE e_licences SET status = 'expired' WHERE status = 'active' AND expires_at <= $1 RETURNING record_id`, now)
		if err != nil {
			return err
		}
		expired, err := scanIDs(rows)
		if err != nil {
			return err
		}
		n += len(expired)
		slices.Sort(expired)
		return db.appendChanges(ctx, tx, slices.Compact(expired), now)
	})
	if err != nil {
		return n, fmt.Errorf("expire licences: %w", err)
	}

	// Queues that a new month's budget may pay a place for. (Every other
	// place is offered by what frees it: a return, a loan's end, a passed
	// or cancelled offer, a licence imported.)
	rows, err := db.reader().QueryContext(ctx, `SELECT DISTINCT h.record_id FROM e_holds h
		JOIN e_licences l ON l.record_id = h.record_id AND l.model = 'cpc' AND l.status = 'active'
		WHERE h.status = 'waiting' ORDER BY h.record_id`)
	if err != nil {
		return n, fmt.Errorf("e-hold queues: %w", err)
	}
	records, err := scanIDs(rows)
	if err != nil {
		return n, fmt.Errorf("e-hold queues: %w", err)
	}
	for _, id := range records {
		err := db.circTx(ctx, func(tx txn) error {
			k, err := offerPlaces(ctx, tx, id, now)
			n += k
			if err != nil || k == 0 {
				return err
			}
			return db.appendChanges(ctx, tx, []int64{id}, now)
		})
		if err != nil {
			return n, fmt.Errorf("offer e-places of record %d: %w", id, err)
		}
	}
	return n, nil
}

// idPairs reads rows of two IDs.
func idPairs(ctx context.Context, q queryer, query string, args ...any) ([][2]int64, error) {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out [][2]int64
	for rows.Next() {
		var p [2]int64
		if err := rows.Scan(&p[0], &p[1]); err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, rows.Err()
}

// tellLoanEnded queues the loan-ended notice of a completed loan that
// ended at its due time (a loan the distributor never completed was no
// loan to the patron, and an anonymised one has nobody to tell).
func tellLoanEnded(ctx context.Context, tx txn, loanID, recordID int64, now time.Time) error {
	var patron sql.NullInt64
	var link string
	if err := tx.QueryRowContext(ctx, `SELECT patron_id, link FROM e_loans WHERE id = $1`, loanID).Scan(&patron, &link); err != nil {
		return err
	}
	if !patron.Valid || link == "" {
		return nil
	}
	return queueNotice(ctx, tx, patron.Int64, library.NoticeELibLoanEnded, recordID, map[string]string{}, now)
}
