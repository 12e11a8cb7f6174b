package store

import (
	"context"
	"fmt"
	"time"

	"github.com/kirjasto/kirjasto/internal/library"
)

// queueNotice enqueues a notice about a title to a patron, in the
// transaction of the event it tells of, so that a notice goes out if and
// only if its event happened. It adds the title to params.
func queueNotice(ctx context.Context, tx txn, patronID int64, kind string, recordID int64, params map[string]string, now time.Time) error {
	var title string
	if err := tx.QueryRowContext(ctx, `SELECT title FROM records WHERE id = $1`, recordID).Scan(&title); err != nil {
		return fmt.Errorf("notice %s: title of record %d: %w", kind, recordID, err)
	}
	params["title"] = title
	_, err := insertNotice(ctx, tx, library.Notice{PatronID: patronID, Kind: kind, Params: params, Created: now})
	return err
}

// dueParam is how a due date is given to notice templates: the day in
// Helsinki, since loans fall due at the end of a day.
func dueParam(due time.Time) string { return today(due).String() }
