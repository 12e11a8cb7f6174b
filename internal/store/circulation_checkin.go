package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode"

	"github.com/kirjasto/kirjasto/internal/library"
)

// Checkin takes an item back at by.Branch and says where it goes next.
//
// A loan, if open, ends, with an overdue fee by the loan rule. Then the
// copy serves a hold if one waits for it: one it was already set aside for
// (picked from the shelf, or arriving from transit), else the oldest
// waiting hold it can fill. For a hold picked up here it goes on the hold
// shelf and the patron is told; for a hold elsewhere, into transit. With no
// hold it stays here if this is its home or it floats, else it goes home.
// Picking a copy off a pick list is this same check-in.
func (db *DB) Checkin(ctx context.Context, barcode string, by library.Actor, now time.Time) (library.CheckinResult, error) {
	now = utc(now)
	var res library.CheckinResult
	err := db.circTx(ctx, func(tx txn) error {
		var err error
		res, err = db.checkin(ctx, tx, barcode, by, now)
		if err != nil {
			return err
		}
		return db.appendChanges(ctx, tx, []int64{res.Item.RecordID}, now)
	})
	if err != nil {
		return library.CheckinResult{}, fmt.Errorf("checkin %s: %w", barcode, err)
	}
	db.notify()
	return res, nil
}

func (db *DB) checkin(ctx context.Context, tx txn, barcode string, by library.Actor, now time.Time) (library.CheckinResult, error) {
	it, err := lockItem(ctx, tx, barcode)
	if err != nil {
		return library.CheckinResult{}, err
	}
	branch := actorBranch(by, it)
	var res library.CheckinResult
	if it.Status == library.OnLoan {
		res.Loan, res.Fee, err = endLoan(ctx, tx, it, now)
		if err != nil {
			return library.CheckinResult{}, err
		}
	}
	if _, _, err := lockRecord(ctx, tx, it.RecordID); err != nil {
		return library.CheckinResult{}, err
	}
	r, err := routeItem(ctx, tx, &it, branch, now)
	if err != nil {
		return library.CheckinResult{}, err
	}
	res.Item, res.Route, res.To = it, r.Route, r.To
	if r.HoldID != 0 {
		if res.Hold, err = holdView(ctx, tx, r.HoldID, now); err != nil {
			return library.CheckinResult{}, err
		}
	}
	ev := event{Action: "checkin", Item: it, Branch: branch, To: r.To, By: by}
	if err := logEvent(ctx, tx, ev, now); err != nil {
		return library.CheckinResult{}, err
	}
	return res, nil
}

// endLoan closes the item's open loan, charging any overdue fee. An item
// marked on loan without a loan row (from an import) just comes back.
func endLoan(ctx context.Context, tx txn, it library.Item, now time.Time) (library.Loan, library.Fee, error) {
	rows, err := tx.QueryContext(ctx, `UPDATE loans SET returned_at = $1 WHERE item_id = $2 AND returned_at IS NULL
		RETURNING `+loanColumns, now, it.ID)
	if err != nil {
		return library.Loan{}, library.Fee{}, fmt.Errorf("end loan: %w", err)
	}
	ls, err := scanLoans(rows)
	if err != nil || len(ls) == 0 {
		return library.Loan{}, library.Fee{}, err
	}
	fee, err := chargeOverdue(ctx, tx, ls[0], it, now)
	return ls[0], fee, err
}

// chargeOverdue charges the overdue fee of a loan up to now, if any.
func chargeOverdue(ctx context.Context, tx txn, l library.Loan, it library.Item, now time.Time) (library.Fee, error) {
	if !now.After(l.DueAt) {
		return library.Fee{}, nil
	}
	pol, err := policy(ctx, tx, now)
	if err != nil {
		return library.Fee{}, err
	}
	var category, title string
	var material library.Material
	err = tx.QueryRowContext(ctx, `SELECT p.category, r.material, r.title FROM patrons p, records r WHERE p.id = $1 AND r.id = $2`,
		l.PatronID, l.RecordID).Scan(&category, &material, &title)
	if err != nil {
		return library.Fee{}, fmt.Errorf("overdue fee: %w", err)
	}
	rule, err := ruleFor(ctx, tx, pol, category, material, it)
	if err != nil {
		return library.Fee{}, err
	}
	amount := rule.OverdueFee(l.DueAt, now)
	if amount == 0 {
		return library.Fee{}, nil
	}
	return chargeFee(ctx, tx, library.Fee{PatronID: l.PatronID, Kind: library.FeeOverdue, Amount: amount,
		RecordID: l.RecordID, Barcode: l.Barcode, Description: title, Created: now})
}

// route says where routeItem sent a copy.
type route struct {
	Route  string
	To     string
	HoldID int64
}

// routeItem decides where a copy that is now at branch goes, and moves it
// there: to the hold it is set aside for or the next hold it can fill, else
// to a shelf here or home. The copy must be locked, and so must its record
// on PostgreSQL, so that a hold being placed for the title sees the copy
// or is seen here.
func routeItem(ctx context.Context, tx txn, it *library.Item, branch string, now time.Time) (route, error) {
	if _, err := tx.ExecContext(ctx, `DELETE FROM transits WHERE item_id = $1`, it.ID); err != nil {
		return route{}, fmt.Errorf("end transit: %w", err)
	}
	h, err := activeHoldOfItem(ctx, tx, it.ID)
	if err != nil {
		return route{}, err
	}
	if h.ID != 0 && h.Status == library.HoldReady && h.PickupBranch == branch && it.Status == library.OnHoldShelf {
		// Scanned again on the hold shelf where it waits: nothing changes.
		return route{Route: library.RouteHoldShelf, HoldID: h.ID}, nil
	}
	if h.ID == 0 {
		if h, err = claimNextHold(ctx, tx, *it, now); err != nil {
			return route{}, err
		}
	}
	if h.ID == 0 {
		to := branch
		if it.HomeBranch != branch && it.Collection != "floating" && it.HomeBranch != "" {
			to = it.HomeBranch
		}
		if to == branch {
			return route{Route: library.RouteShelf}, setItem(ctx, tx, it, library.Available, branch, time.Time{}, now)
		}
		return route{Route: library.RouteTransit, To: to}, sendInTransit(ctx, tx, it, branch, to, 0, now)
	}
	if h.PickupBranch != branch {
		if _, err := tx.ExecContext(ctx, `UPDATE holds SET status = 'in_transit', shelf_code = '', ready_at = NULL, pickup_by = NULL
			WHERE id = $1`, h.ID); err != nil {
			return route{}, fmt.Errorf("hold %d in transit: %w", h.ID, err)
		}
		return route{Route: library.RouteTransit, To: h.PickupBranch, HoldID: h.ID},
			sendInTransit(ctx, tx, it, branch, h.PickupBranch, h.ID, now)
	}
	if err := makeReady(ctx, tx, h, now); err != nil {
		return route{}, err
	}
	return route{Route: library.RouteHoldShelf, HoldID: h.ID}, setItem(ctx, tx, it, library.OnHoldShelf, branch, time.Time{}, now)
}

// sendInTransit puts a copy on the road from one branch to another. The
// item's branch is where it is heading, as the catalogue shows it.
func sendInTransit(ctx context.Context, tx txn, it *library.Item, from, to string, holdID int64, now time.Time) error {
	if err := setItem(ctx, tx, it, library.InTransit, to, time.Time{}, now); err != nil {
		return err
	}
	var hold any
	if holdID != 0 {
		hold = holdID
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO transits (item_id, from_branch, to_branch, hold_id, sent_at) VALUES ($1, $2, $3, $4, $5)`,
		it.ID, from, to, hold, now)
	if err != nil {
		return fmt.Errorf("transit %s → %s: %w", from, to, err)
	}
	return nil
}

// makeReady puts a hold on its pickup branch's hold shelf: a shelf code,
// the last day to collect it, and a notice to the patron.
func makeReady(ctx context.Context, tx txn, h openHold, now time.Time) error {
	pol, err := policy(ctx, tx, now)
	if err != nil {
		return err
	}
	pickup, err := branchInfo(ctx, tx, h.PickupBranch)
	if err != nil {
		return err
	}
	var name string
	if err := tx.QueryRowContext(ctx, `SELECT name FROM patrons WHERE id = $1`, h.PatronID).Scan(&name); err != nil {
		return fmt.Errorf("hold %d patron: %w", h.ID, err)
	}
	by := library.NextOpenDay(today(now).AddDays(pol.PickupDays), pickup.Hours)
	code := shelfCode(h.ID, name)
	_, err = tx.ExecContext(ctx, `UPDATE holds SET status = 'ready', shelf_code = $1, ready_at = $2, pickup_by = $3 WHERE id = $4`,
		code, now, by.String(), h.ID)
	if err != nil {
		return fmt.Errorf("hold %d ready: %w", h.ID, err)
	}
	return queueNotice(ctx, tx, h.PatronID, library.NoticeHoldReady, h.RecordID, map[string]string{
		"branch": h.PickupBranch, "shelf": code, "pickup_by": by.String(),
	}, now)
}

// shelfCode is where a ready hold sits on the hold shelf: a running number
// and the first letters of the surname, as Helmet's self-service hold
// shelves are ordered ("12-VIR"), so patrons find their own without staff.
func shelfCode(holdID int64, name string) string {
	surname, _, _ := strings.Cut(name, ",")
	var letters []rune
	for _, r := range surname {
		if unicode.IsLetter(r) {
			letters = append(letters, unicode.ToUpper(r))
		}
		if len(letters) == 3 {
			break
		}
	}
	return fmt.Sprintf("%d-%s", holdID%100, string(letters))
}

// holdView returns a hold as the library package shows it, with its
// place in the queue.
func holdView(ctx context.Context, tx txn, id int64, now time.Time) (library.Hold, error) {
	hs, err := queryHolds(ctx, tx, `h.id = $1`, id, now)
	if err != nil {
		return library.Hold{}, err
	}
	if len(hs) == 0 {
		return library.Hold{}, errors.Join(sql.ErrNoRows, fmt.Errorf("hold %d", id))
	}
	return hs[0], nil
}
