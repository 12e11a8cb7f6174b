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

// E-holds: a queue per record, first come first served. A place that
// frees (a return, a loan's end, a passed offer, a new licence) is
// offered at once, in the same transaction, to the first waiting patron
// it lends to, for library.EHoldWindow; the offer keeps the place from
// everyone else until the patron borrows, cancels, or the window passes.

// ReserveE queues the patron for a record with no free licence.
func (db *DB) ReserveE(ctx context.Context, patronID, recordID int64, now time.Time) (library.EHold, error) {
	now = utc(now)
	var h library.EHold
	err := db.circTx(ctx, func(tx txn) error {
		p, ls, lim, err := eLendable(ctx, tx, patronID, recordID, now)
		if err != nil {
			return err
		}
		if id, _, err := openEHold(ctx, tx, p.ID, recordID); err != nil {
			return err
		} else if id != 0 {
			return &library.Error{Code: library.ECONFLICT, Key: "error.elib_already_reserved",
				Message: fmt.Sprintf("patron %d already waits for record %d", p.ID, recordID)}
		}
		reserved, err := offeredToOthers(ctx, tx, p.ID, recordID)
		if err != nil {
			return err
		}
		c, err := pickLicence(ctx, tx, ls, p.HomeLibrary, reserved, now)
		if err != nil {
			return err
		}
		switch {
		case c.index >= 0:
			return &library.Error{Code: library.ECONFLICT, Key: "error.elib_free_now",
				Message: fmt.Sprintf("record %d has a free licence: borrow it", recordID)}
		case c.open && !c.anyLending:
			return &library.Error{Code: library.ECONFLICT, Key: "error.elib_open",
				Message: fmt.Sprintf("record %d is open access: download it", recordID)}
		}
		id, err := insertEHold(ctx, tx, p, lim, recordID, now)
		if err != nil {
			return err
		}
		h, err = readEHold(ctx, tx, id, now)
		return err
	})
	if err != nil {
		return library.EHold{}, fmt.Errorf("reserve record %d for patron %d: %w", recordID, patronID, err)
	}
	return h, nil
}

// insertEHold queues the patron, within their e-hold limit.
func insertEHold(ctx context.Context, tx txn, p patronRow, lim library.ELimits, recordID int64, now time.Time) (int64, error) {
	var holds int
	if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM e_holds WHERE patron_id = $1 AND status IN ('waiting', 'offered')`, p.ID).Scan(&holds); err != nil {
		return 0, err
	}
	if holds >= lim.Holds {
		return 0, &library.Error{Code: library.EFORBIDDEN, Key: "error.elib_hold_limit", Count: lim.Holds,
			Message: fmt.Sprintf("patron %d has %d e-holds, at the limit", p.ID, holds)}
	}
	var id int64
	err := tx.QueryRowContext(ctx, `INSERT INTO e_holds (patron_id, record_id, status, created_at) VALUES ($1, $2, 'waiting', $3) RETURNING id`,
		p.ID, recordID, now).Scan(&id)
	if isUniqueViolation(err) {
		return 0, &library.Error{Code: library.ECONFLICT, Key: "error.elib_already_reserved",
			Message: fmt.Sprintf("patron %d already waits for record %d", p.ID, recordID)}
	}
	if err != nil {
		return 0, fmt.Errorf("insert e-hold: %w", err)
	}
	return id, nil
}

// CancelEHold cancels the patron's waiting or offered e-hold; an offered
// place goes to the next in the queue.
func (db *DB) CancelEHold(ctx context.Context, patronID, holdID int64, now time.Time) error {
	now = utc(now)
	err := db.circTx(ctx, func(tx txn) error {
		var recordID int64
		err := tx.QueryRowContext(ctx, `SELECT record_id FROM e_holds WHERE id = $1 AND patron_id = $2`, holdID, patronID).Scan(&recordID)
		if errors.Is(err, sql.ErrNoRows) {
			return &library.Error{Code: library.ENOTFOUND, Key: "error.elib_hold_not_found", Message: fmt.Sprintf("e-hold %d of patron %d not found", holdID, patronID)}
		}
		if err != nil {
			return err
		}
		if _, err := lockLicences(ctx, tx, recordID); err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, `UPDATE e_holds SET status = 'cancelled', closed_at = $1
			WHERE id = $2 AND status IN ('waiting', 'offered')`, now, holdID)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil {
			return err
		} else if n == 0 {
			return &library.Error{Code: library.ECONFLICT, Key: "error.elib_hold_closed", Message: fmt.Sprintf("e-hold %d is no longer open", holdID)}
		}
		if _, err = offerPlaces(ctx, tx, recordID, now); err != nil {
			return err
		}
		return db.appendChanges(ctx, tx, []int64{recordID}, now) // a cancelled offer frees a place
	})
	if err != nil {
		return fmt.Errorf("cancel e-hold %d: %w", holdID, err)
	}
	db.notify()
	return nil
}

const eHoldColumns = `h.id, COALESCE(h.patron_id, 0), h.record_id, h.status, h.created_at, h.offered_at, h.window_ends, r.title`

func scanEHold(sc interface{ Scan(...any) error }, h *library.EHold) error {
	var offered, ends sql.NullTime
	if err := sc.Scan(&h.ID, &h.PatronID, &h.RecordID, &h.Status, &h.Created, &offered, &ends, &h.Title); err != nil {
		return err
	}
	h.Created = h.Created.UTC()
	h.Offered, h.WindowEnds = time.Time{}, time.Time{}
	if offered.Valid {
		h.Offered = offered.Time.UTC()
	}
	if ends.Valid {
		h.WindowEnds = ends.Time.UTC()
	}
	return nil
}

// readEHold reads one e-hold with its position and estimated wait.
func readEHold(ctx context.Context, q queryer, id int64, now time.Time) (library.EHold, error) {
	var h library.EHold
	err := scanEHold(q.QueryRowContext(ctx, `SELECT `+eHoldColumns+` FROM e_holds h JOIN records r ON r.id = h.record_id WHERE h.id = $1`, id), &h)
	if err != nil {
		return h, err
	}
	return h, placeInQueue(ctx, q, &h, now)
}

// placeInQueue fills in a waiting hold's position and estimated wait.
func placeInQueue(ctx context.Context, q queryer, h *library.EHold, now time.Time) error {
	if h.Status != library.EHoldWaiting {
		return nil
	}
	if err := q.QueryRowContext(ctx, `SELECT count(*) FROM e_holds WHERE record_id = $1 AND status = 'waiting' AND id <= $2`,
		h.RecordID, h.ID).Scan(&h.Position); err != nil {
		return err
	}
	rows, err := q.QueryContext(ctx, `SELECT `+licenceColumns+` FROM e_licences l WHERE l.record_id = $1`+licenceOrder, h.RecordID)
	if err != nil {
		return err
	}
	ls, err := scanLicences(rows)
	if err != nil {
		return err
	}
	h.EstimatedWait, err = estimateWait(ctx, q, h.RecordID, ls, h.Position, now)
	return err
}

// EHolds returns the patron's waiting and offered e-holds, oldest first.
func (db *DB) EHolds(ctx context.Context, patronID int64, now time.Time) ([]library.EHold, error) {
	now = utc(now)
	var out []library.EHold
	err := db.inReadTx(ctx, func(tx txn) error {
		out = nil
		rows, err := tx.QueryContext(ctx, `SELECT `+eHoldColumns+` FROM e_holds h JOIN records r ON r.id = h.record_id
			WHERE h.patron_id = $1 AND h.status IN ('waiting', 'offered') ORDER BY h.id`, patronID)
		if err != nil {
			return err
		}
		for rows.Next() {
			var h library.EHold
			if err := scanEHold(rows, &h); err != nil {
				rows.Close()
				return err
			}
			out = append(out, h)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		for i := range out {
			if err := placeInQueue(ctx, tx, &out[i], now); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("e-holds of patron %d: %w", patronID, err)
	}
	return out, nil
}

// offerPlaces offers a record's free places to the first waiting
// patrons they lend to, each with a notice, and returns how many it
// offered. It runs after anything that may free a place, in the same
// transaction and under the licences' locks, and is idempotent.
func offerPlaces(ctx context.Context, tx txn, recordID int64, now time.Time) (int, error) {
	ls, err := lockLicences(ctx, tx, recordID)
	if err != nil {
		return 0, err
	}
	type waiting struct {
		id, patron int64
		home       string
	}
	var ws []waiting
	rows, err := tx.QueryContext(ctx, `SELECT h.id, h.patron_id, p.home_library FROM e_holds h JOIN patrons p ON p.id = h.patron_id
		WHERE h.record_id = $1 AND h.status = 'waiting' ORDER BY h.id`, recordID)
	if err != nil {
		return 0, err
	}
	for rows.Next() {
		var w waiting
		if err := rows.Scan(&w.id, &w.patron, &w.home); err != nil {
			rows.Close()
			return 0, err
		}
		ws = append(ws, w)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return 0, err
	}
	if len(ws) == 0 {
		return 0, nil
	}
	var offered int
	if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM e_holds WHERE record_id = $1 AND status = 'offered'`, recordID).Scan(&offered); err != nil {
		return 0, err
	}
	n := 0
	ends := now.Add(library.EHoldWindow)
	for _, w := range ws {
		c, err := pickLicence(ctx, tx, ls, w.home, offered, now)
		if err != nil {
			return n, err
		}
		if c.index < 0 {
			continue
		}
		res, err := tx.ExecContext(ctx, `UPDATE e_holds SET status = 'offered', offered_at = $1, window_ends = $2
			WHERE id = $3 AND status = 'waiting'`, now, ends, w.id)
		if err != nil {
			return n, fmt.Errorf("offer e-hold %d: %w", w.id, err)
		}
		if k, err := res.RowsAffected(); err != nil || k == 0 {
			if err != nil {
				return n, err
			}
			continue
		}
		if err := queueNotice(ctx, tx, w.patron, library.NoticeELibOffered, recordID, helsinkiWhen(ends), now); err != nil {
			return n, err
		}
		offered++
		n++
	}
	return n, nil
}

// estimateWait estimates how long the k-th in a record's queue waits.
//
// The limited licences' places (their concurrency) free one by one: each
// at the end of the loan on it now (its due date; an offered place at
// the end of a loan taken when the offer was made), and then again a
// whole loan length later for each round of the queue. So the k-th in
// the queue gets place (k-1) mod P in the order the places free, in round
// (k-1) div P: its wait is that place's first release plus a loan length
// per round. The loan length is the library's (DefaultELimits, or a
// licence's shorter one); patrons who return early or let an offer pass
// make the real wait shorter, one who takes the whole window longer. A
// licence that lends to any number has no wait; a record whose only
// limited licences have stopped lending has no estimate (0).
//
// ls are the record's licences, read by the caller.
func estimateWait(ctx context.Context, q queryer, recordID int64, ls []library.Licence, k int, now time.Time) (time.Duration, error) {
	places := 0
	length := time.Duration(library.DefaultELimits.LoanDays) * 24 * time.Hour
	for _, l := range ls {
		if l.Model == library.ModelOpenAccess || licenceStatus(l, now) != library.LicenceActive {
			continue
		}
		if l.Concurrency == 0 {
			return 0, nil
		}
		places += l.Concurrency
		if l.LoanLength > 0 && l.LoanLength < length {
			length = l.LoanLength
		}
	}
	if places == 0 || k <= 0 {
		return 0, nil
	}
	var frees []time.Time
	rows, err := q.QueryContext(ctx, `SELECT o.due_at FROM e_loans o JOIN e_licences l ON l.id = o.licence_id
		WHERE o.record_id = $1 AND o.returned_at IS NULL AND l.concurrency > 0
		UNION ALL SELECT h.offered_at FROM e_holds h WHERE h.record_id = $1 AND h.status = 'offered'`, recordID)
	if err != nil {
		return 0, err
	}
	for rows.Next() {
		var t time.Time
		if err := rows.Scan(&t); err != nil {
			rows.Close()
			return 0, err
		}
		frees = append(frees, t.UTC())
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return 0, err
	}
	// The offered places' loans start now at the latest.
	var offers int
	if err := q.QueryRowContext(ctx, `SELECT count(*) FROM e_holds WHERE record_id = $1 AND status = 'offered'`, recordID).Scan(&offers); err != nil {
		return 0, err
	}
	for i := len(frees) - offers; i < len(frees); i++ {
		frees[i] = now.Add(length)
	}
	for len(frees) < places {
		frees = append(frees, now) // a place free but not yet offered
	}
	slices.SortFunc(frees, func(a, b time.Time) int { return a.Compare(b) })
	frees = frees[:places]
	i, round := (k-1)%places, (k-1)/places
	wait := frees[i].Sub(now) + time.Duration(round)*length
	return max(wait, 0), nil
}

// EAvailability returns what residents see of each record's licences,
// reading every record's licences and queues at once.
func (db *DB) EAvailability(ctx context.Context, recordIDs []int64, now time.Time) (map[int64]library.EAvailability, error) {
	return db.EAvailabilityFor(ctx, "", recordIDs, now)
}

// EAvailabilityFor is the availability for a patron of home library: the
// licences of other member libraries do not lend to them, so they count
// neither as free places nor in the wait ("" counts them all).
func (db *DB) EAvailabilityFor(ctx context.Context, home string, recordIDs []int64, now time.Time) (map[int64]library.EAvailability, error) {
	now = utc(now)
	out := make(map[int64]library.EAvailability)
	if len(recordIDs) == 0 {
		return out, nil
	}
	var ps []string
	var args []any
	for _, id := range recordIDs {
		args = append(args, id)
		ps = append(ps, fmt.Sprintf("$%d", len(args)))
	}
	in := "(" + strings.Join(ps, ", ") + ")"
	err := db.inReadTx(ctx, func(tx txn) error {
		clear(out)
		rows, err := tx.QueryContext(ctx, `SELECT `+licenceColumns+` FROM e_licences l WHERE l.record_id IN `+in+licenceOrder, args...)
		if err != nil {
			return err
		}
		all, err := scanLicences(rows)
		if err != nil {
			return err
		}
		byRecord := map[int64][]library.Licence{}
		for _, l := range all {
			if home != "" && l.Library != "" && l.Library != home {
				continue
			}
			byRecord[l.RecordID] = append(byRecord[l.RecordID], l)
		}
		offered := map[int64]int{}
		waiting := map[int64]int{}
		rows, err = tx.QueryContext(ctx, `SELECT record_id, count(*) FILTER (WHERE status = 'waiting'), count(*) FILTER (WHERE status = 'offered')
			FROM e_holds WHERE record_id IN `+in+` AND status IN ('waiting', 'offered') GROUP BY record_id`, args...)
		if err != nil {
			return err
		}
		for rows.Next() {
			var id int64
			var w, o int
			if err := rows.Scan(&id, &w, &o); err != nil {
				rows.Close()
				return err
			}
			waiting[id], offered[id] = w, o
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		for id, ls := range byRecord {
			a := library.EAvailability{RecordID: id, Waiting: waiting[id]}
			for _, l := range ls {
				switch {
				case l.Model == library.ModelOpenAccess:
					a.Open = a.Open || licenceStatus(l, now) == library.LicenceActive
				case !l.Lendable(now):
					if l.Concurrency > 0 && licenceStatus(l, now) == library.LicenceActive {
						a.Total += l.Concurrency // all its places are on loan
					}
				case l.Concurrency == 0:
					a.Unlimited = true
				default:
					a.Total += l.Concurrency
					a.Free += l.Concurrency - l.Loans
				}
			}
			a.Free = max(a.Free-offered[id], 0)
			if a.Free == 0 && !a.Unlimited && !a.Open {
				w, err := estimateWait(ctx, tx, id, ls, a.Waiting+1, now)
				if err != nil {
					return err
				}
				a.EstimatedWait = w
			}
			out[id] = a
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("e-availability: %w", err)
	}
	return out, nil
}
