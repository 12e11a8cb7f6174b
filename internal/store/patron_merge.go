package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"github.com/kirjasto/kirjasto/internal/library"
)

// mergeMoves are the tables whose rows follow a merged account to the
// kept one, in full.
var mergeMoves = []string{"loans", "holds", "fees", "payments", "notices", "reading_history", "lists", "saved_searches", "bookings",
	"questions", "feedback", "suggestions", "chats", "chat_blocks"}

// MergePatrons merges the duplicate account drop into keep, in one
// transaction: loans, holds, fees, payments, messages, reading history,
// lists, ratings, saved searches and wards move to keep; drop's current
// and retired card numbers become keep's retired cards (status "merged"),
// so an old card is recognised at the desk; drop is closed and
// anonymised with a pointer to keep (Patron.MergedInto). keep's own
// details win; keep takes drop's guardian, block, strong identity and
// confirmation only where it has none. A rating of the same record by
// both keeps the newer one; drop's sessions, API tokens, PIN reset links
// and calendar feed end.
//
// It refuses (ECONFLICT "error.merge_conflict", the reason in Message)
// what cannot be merged without a person deciding: open holds of both on
// the same title, two different strong identities, or one account being
// the other's guardian. Either account closed is ENOTFOUND.
func (db *DB) MergePatrons(ctx context.Context, by library.Staff, keepID, dropID int64, now time.Time) (library.PatronMerge, error) {
	now = instant(now)
	if keepID == dropID {
		return library.PatronMerge{}, library.Errorf(library.EINVALID, "merge patron %d into itself", keepID)
	}
	res := library.PatronMerge{Moved: map[string]int{}}
	err := db.circTx(ctx, func(tx txn) error {
		clear(res.Moved)
		if err := lockCards(ctx, tx); err != nil {
			return err
		}
		keep, drop, err := lockPair(ctx, tx, keepID, dropID)
		if err != nil {
			return err
		}
		if err := mergeConflicts(ctx, tx, keep, drop); err != nil {
			return err
		}
		for _, table := range mergeMoves {
			n, err := execCount(ctx, tx, `UPDATE `+table+` SET patron_id = $1 WHERE patron_id = $2`, keepID, dropID)
			if err != nil {
				return fmt.Errorf("move %s: %w", table, err)
			}
			res.Moved[table] = n
		}
		if err := mergeSmall(ctx, tx, keep, drop, res.Moved); err != nil {
			return err
		}
		if err := mergeAccount(ctx, tx, keep, drop); err != nil {
			return err
		}
		if err := retireCard(ctx, tx, drop.CardNumber, keepID, library.CardMerged, by.ID, now); err != nil {
			return err
		}
		if err := anonymise(ctx, tx, dropID, drop.CardNumber, now); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE patrons SET merged_into = $1 WHERE id = $2`, keepID, dropID); err != nil {
			return err
		}
		return audit(ctx, tx, library.AuditEntry{StaffID: by.ID, Action: library.AuditPatronMerge, PatronID: keepID,
			Library: keep.HomeLibrary, Detail: fmt.Sprintf("account %d merged into this one", dropID)}, now)
	})
	if err != nil {
		return library.PatronMerge{}, fmt.Errorf("merge patron %d into %d: %w", dropID, keepID, err)
	}
	res.Kept, err = db.Patron(ctx, keepID)
	return res, err
}

// lockPair locks both accounts in ID order, so that two merges of the
// same pair, either way round, wait for each other instead of
// deadlocking, and the second sees the first's result.
func lockPair(ctx context.Context, tx txn, keepID, dropID int64) (keep, drop library.Patron, err error) {
	first, second := &keep, &drop
	a, b := keepID, dropID
	if b < a {
		a, b = b, a
		first, second = second, first
	}
	if *first, err = lockOpenPatron(ctx, tx, a); err == nil {
		*second, err = lockOpenPatron(ctx, tx, b)
	}
	if library.ErrorCode(err) == library.ECONFLICT {
		err = library.Errorf(library.ENOTFOUND, "merge: %v", err)
	}
	return keep, drop, err
}

// mergeConflicts explains what keeps two accounts from merging.
func mergeConflicts(ctx context.Context, tx txn, keep, drop library.Patron) error {
	var why []string
	if keep.GuardianID == drop.ID || drop.GuardianID == keep.ID {
		why = append(why, "one account is the other's guardian")
	}
	var hk, hd sql.NullString
	err := tx.QueryRowContext(ctx, `SELECT (SELECT identity_hash FROM patrons WHERE id = $1), (SELECT identity_hash FROM patrons WHERE id = $2)`,
		keep.ID, drop.ID).Scan(&hk, &hd)
	if err != nil {
		return err
	}
	if hk.Valid && hd.Valid && hk.String != hd.String {
		why = append(why, "the accounts were strongly identified as two different people")
	}
	var both int
	err = tx.QueryRowContext(ctx, `SELECT count(*) FROM holds k JOIN holds d ON d.record_id = k.record_id
		WHERE k.patron_id = $1 AND d.patron_id = $2
		AND k.status IN ('waiting', 'in_transit', 'ready') AND d.status IN ('waiting', 'in_transit', 'ready')`,
		keep.ID, drop.ID).Scan(&both)
	if err != nil {
		return err
	}
	if both > 0 {
		why = append(why, fmt.Sprintf("both have open holds on %d same titles: cancel one of each first", both))
	}
	if len(why) > 0 {
		return &library.Error{Code: library.ECONFLICT, Key: "error.merge_conflict",
			Message: fmt.Sprintf("cannot merge patron %d into %d: %s", drop.ID, keep.ID, strings.Join(why, "; "))}
	}
	return nil
}

// mergeSmall moves the rows that may clash with keep's own: ratings
// (one per record), the calendar feed (one per patron), wards and
// retired cards; and ends drop's sign-ins.
func mergeSmall(ctx context.Context, tx txn, keep, drop library.Patron, moved map[string]int) error {
	if _, err := tx.ExecContext(ctx, `DELETE FROM ratings WHERE patron_id = $1 AND record_id IN
		(SELECT d.record_id FROM ratings d WHERE d.patron_id = $2 AND d.rated > ratings.rated)`, keep.ID, drop.ID); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM ratings WHERE patron_id = $2 AND record_id IN
		(SELECT k.record_id FROM ratings k WHERE k.patron_id = $1)`, keep.ID, drop.ID); err != nil {
		return err
	}
	steps := []struct{ name, query string }{
		{"ratings", `UPDATE ratings SET patron_id = $1 WHERE patron_id = $2`},
		{"due_feeds", `UPDATE due_feeds SET patron_id = $1 WHERE patron_id = $2
			AND NOT EXISTS (SELECT 1 FROM due_feeds WHERE patron_id = $1)`},
		{"wards", `UPDATE patrons SET guardian_id = $1 WHERE guardian_id = $2`},
		{"patron_cards", `UPDATE patron_cards SET patron_id = $1 WHERE patron_id = $2`},
	}
	for _, s := range steps {
		n, err := execCount(ctx, tx, s.query, keep.ID, drop.ID)
		if err != nil {
			return fmt.Errorf("move %s: %w", s.name, err)
		}
		moved[s.name] = n
	}
	for _, q := range []string{`DELETE FROM due_feeds WHERE patron_id = $1`, `DELETE FROM api_tokens WHERE patron_id = $1`,
		`DELETE FROM pin_resets WHERE patron_id = $1`} {
		if _, err := tx.ExecContext(ctx, q, drop.ID); err != nil {
			return err
		}
	}
	return endAllSessions(ctx, tx, drop.ID)
}

// mergeAccount gives keep what drop has and keep lacks: a guardian, a
// block, a strong identity, a birth date, confirmation.
func mergeAccount(ctx context.Context, tx txn, keep, drop library.Patron) error {
	var ident sql.NullString
	if err := tx.QueryRowContext(ctx, `SELECT identity_hash FROM patrons WHERE id = $1`, drop.ID).Scan(&ident); err != nil {
		return err
	}
	if ident.Valid {
		// The unique index would refuse the same hash on both rows at once.
		if _, err := tx.ExecContext(ctx, `UPDATE patrons SET identity_hash = NULL WHERE id = $1`, drop.ID); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE patrons SET identity_hash = $1 WHERE id = $2 AND identity_hash IS NULL`, ident.String, keep.ID); err != nil {
			return err
		}
	}
	if keep.GuardianID == 0 && drop.GuardianID != 0 {
		if _, err := tx.ExecContext(ctx, `UPDATE patrons SET guardian_id = $1 WHERE id = $2`, drop.GuardianID, keep.ID); err != nil {
			return err
		}
	}
	if keep.BlockReason == "" && drop.BlockReason != "" {
		_, err := tx.ExecContext(ctx, `UPDATE patrons SET block_reason = $1, blocked_by = $2, blocked_at = $3 WHERE id = $4`,
			drop.BlockReason, nullID(drop.BlockedBy), nullTime(drop.BlockedAt), keep.ID)
		if err != nil {
			return err
		}
	}
	if keep.BirthDate == (library.Date{}) && drop.BirthDate != (library.Date{}) {
		if _, err := tx.ExecContext(ctx, `UPDATE patrons SET birth_date = $1 WHERE id = $2`, dateText(drop.BirthDate), keep.ID); err != nil {
			return err
		}
	}
	if keep.Provisional && !drop.Provisional {
		_, err := tx.ExecContext(ctx, `UPDATE patrons SET provisional = $1, confirmed_at = $2 WHERE id = $3`,
			false, nullTime(drop.ConfirmedAt), keep.ID)
		if err != nil {
			return err
		}
	}
	return nil
}

// execCount runs a statement and returns how many rows it changed.
func execCount(ctx context.Context, tx txn, query string, args ...any) (int, error) {
	res, err := tx.ExecContext(ctx, query, args...)
	if err != nil {
		return 0, err
	}
	n, err := res.RowsAffected()
	return int(n), err
}
