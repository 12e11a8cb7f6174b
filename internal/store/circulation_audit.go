package store

import (
	"context"
	"fmt"
	"time"

	"github.com/kirjasto/kirjasto/internal/library"
)

// event is one row of the circulation audit trail. It names who acted
// (staff member, kiosk, or the patron themselves) but not whose loan or
// hold it was: only that patron's category and home library. So the trail
// feeds statistics (loans per branch, material, city of the card, hour of
// day) that survive when an account is anonymised or deleted, and it can
// never be read as a person's reading history, which lives apart in
// reading_history, only for those who ask for it, and goes with them.
type event struct {
	Action string
	Item   library.Item // ID, Barcode and RecordID as known
	Branch string
	To     string
	By     library.Actor
	Patron patronRow // for category, home library and age group only
	Amount int64
}

func logEvent(ctx context.Context, tx txn, ev event, now time.Time) error {
	_, err := tx.ExecContext(ctx, `
		INSERT INTO circulation_events (at, action, item_id, barcode, record_id, branch, to_branch,
			staff_id, kiosk, by_patron, patron_category, patron_library, amount, age_group, home_branch)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)`,
		now, ev.Action, orNull(ev.Item.ID), ev.Item.Barcode, orNull(ev.Item.RecordID), ev.Branch, ev.To,
		orNull(ev.By.StaffID), ev.By.Kiosk, ev.By.PatronID != 0, ev.Patron.Category, ev.Patron.HomeLibrary, nullAmount(ev.Amount),
		patronAgeGroup(ev.Patron, today(now)), ev.Item.HomeBranch)
	if err != nil {
		return fmt.Errorf("audit %s: %w", ev.Action, err)
	}
	return nil
}

func nullAmount(a int64) any {
	if a == 0 {
		return nil
	}
	return a
}
