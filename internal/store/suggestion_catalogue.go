package store

import (
	"context"
	"log/slog"
)

// matchSavedRecord fulfils the accepted purchase suggestions a record the
// cataloguers just saved answers by ISBN, so that every way of saving a
// record (the form, the MARC editor, a new record or an edited one) closes
// the loop without its caller having to remember.
//
// It runs after the record's own transaction has committed, in a
// transaction of its own: a failure here (a patron's row locked too long,
// a lost connection) must never undo the cataloguer's save, which is
// already safe, so it is logged rather than returned. The suggestions stay
// accepted and are fulfilled by the next save of the record, or by staff
// naming it on the suggestions' page.
func (db *DB) matchSavedRecord(ctx context.Context, id int64) {
	if _, err := db.MatchSuggestionsByISBN(context.WithoutCancel(ctx), []int64{id}, db.timestamp()); err != nil {
		db.logger.Error("purchase suggestions of a saved record", slog.Int64("record", id), slog.Any("err", err))
	}
}
