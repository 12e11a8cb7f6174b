package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/kirjasto/kirjasto/internal/cover"
	"github.com/kirjasto/kirjasto/internal/library"
)

// When an accepted suggestion's title arrives in the catalogue: a hold
// for each person who suggested it, in the order they suggested it,
// placed by the holds' own code (placeHold, with its rules: a blocked
// patron, one who holds or borrows the title already or has too many
// holds gets none, and is told the title arrived instead).

// SuggestionsArrived names the record a library's accepted suggestions of
// an edition arrived as, and fulfils them.
func (db *DB) SuggestionsArrived(ctx context.Context, by library.Staff, lib, key string, recordID int64, now time.Time) (int, error) {
	if err := library.Permit(by, library.ActAsk, library.LibraryScope(lib)); err != nil {
		return 0, err
	}
	now = instant(now)
	n := 0
	err := db.circTx(ctx, func(tx txn) error {
		if err := suggestionRecordExists(ctx, tx, recordID); err != nil {
			return err
		}
		err := lockPatronsOf(ctx, tx, `library_id = $1 AND edition_key = $2 AND status = 'accepted'`, lib, key)
		if err != nil {
			return err
		}
		ss, err := lockGroup(ctx, tx, lib, key, []string{library.SuggestionAccepted})
		if err != nil {
			return err
		}
		for _, s := range ss {
			if _, err := tx.ExecContext(ctx, `UPDATE suggestions SET record_id = $1 WHERE id = $2`, recordID, s.ID); err != nil {
				return err
			}
		}
		if err := audit(ctx, tx, library.AuditEntry{StaffID: by.ID, Action: library.AuditSuggestionRecord, Library: lib,
			RecordID: recordID, Detail: fmt.Sprintf("%s: %d suggestions", key, len(ss))}, now); err != nil {
			return err
		}
		n, err = db.fulfil(ctx, tx, recordID, now)
		return err
	})
	if err != nil {
		return 0, fmt.Errorf("suggestions %s of %s arrived as record %d: %w", key, lib, recordID, err)
	}
	return n, nil
}

// FulfilSuggestions fulfils the accepted suggestions record answers.
func (db *DB) FulfilSuggestions(ctx context.Context, recordID int64, now time.Time) (int, error) {
	n := 0
	err := db.circTx(ctx, func(tx txn) error {
		var err error
		n, err = db.fulfil(ctx, tx, recordID, instant(now))
		return err
	})
	if err != nil {
		return 0, fmt.Errorf("fulfil suggestions with record %d: %w", recordID, err)
	}
	return n, nil
}

// MatchSuggestionsByISBN fulfils the accepted suggestions any of the
// records answers by ISBN, each record in a transaction of its own. It
// reads the accepted suggestions' ISBNs once, so that an import's call
// costs one query when nothing waits.
func (db *DB) MatchSuggestionsByISBN(ctx context.Context, recordIDs []int64, now time.Time) (int, error) {
	rows, err := db.reader().QueryContext(ctx, `SELECT DISTINCT isbn FROM suggestions WHERE status = 'accepted' AND isbn <> ''`)
	if err != nil {
		return 0, fmt.Errorf("match suggestions: %w", err)
	}
	wanted := map[string]bool{}
	for rows.Next() {
		var isbn string
		if err := rows.Scan(&isbn); err != nil {
			rows.Close()
			return 0, fmt.Errorf("match suggestions: %w", err)
		}
		wanted[isbn] = true
	}
	rows.Close()
	if err := rows.Err(); err != nil || len(wanted) == 0 {
		return 0, err
	}
	n := 0
	for _, id := range recordIDs {
		var raw []byte
		if err := db.reader().QueryRowContext(ctx, `SELECT isbns FROM records WHERE id = $1`, id).Scan(&raw); err != nil {
			if errors.Is(err, sql.ErrNoRows) {
				continue
			}
			return n, fmt.Errorf("match suggestions: record %d: %w", id, err)
		}
		if !anyWanted(raw, wanted) {
			continue
		}
		k, err := db.FulfilSuggestions(ctx, id, now)
		n += k
		if err != nil {
			return n, err
		}
	}
	return n, nil
}

// anyWanted reports whether a record's ISBNs (JSON) hold one of wanted.
func anyWanted(raw []byte, wanted map[string]bool) bool {
	for _, i := range recordISBN13s(raw) {
		if wanted[i] {
			return true
		}
	}
	return false
}

// recordISBN13s returns a record's ISBNs (its JSON column) as ISBN-13s,
// leaving out those whose check digit is wrong.
func recordISBN13s(raw []byte) []string {
	var isbns []string
	if json.Unmarshal(raw, &isbns) != nil {
		return nil
	}
	var out []string
	for _, i := range isbns {
		if i13, ok := cover.ISBN13(i); ok {
			out = append(out, i13)
		}
	}
	return out
}

// fulfil fulfils in tx the accepted suggestions that name the record, or
// whose ISBN is one of the record's, oldest first.
func (db *DB) fulfil(ctx context.Context, tx txn, recordID int64, now time.Time) (int, error) {
	var raw []byte
	var title string
	err := tx.QueryRowContext(ctx, `SELECT isbns, title FROM records WHERE id = $1`, recordID).Scan(&raw, &title)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, &library.Error{Code: library.ENOTFOUND, Key: "error.suggestion_record", Message: fmt.Sprintf("record %d not found", recordID)}
	}
	if err != nil {
		return 0, err
	}
	args := []any{recordID}
	var ps []string
	for _, i := range recordISBN13s(raw) {
		args = append(args, i)
		ps = append(ps, fmt.Sprintf("$%d", len(args)))
	}
	cond := `record_id = $1`
	if len(ps) > 0 {
		cond = `(record_id = $1 OR isbn IN (` + strings.Join(ps, ", ") + `))`
	}
	if err := lockPatronsOf(ctx, tx, `status = 'accepted' AND `+cond, args...); err != nil {
		return 0, err
	}
	ss, err := scanSuggestions(tx.QueryContext(ctx, suggestionSelect+` WHERE status = 'accepted' AND `+cond+
		` ORDER BY created_at, id`+tx.d.lockRow("FOR UPDATE"), args...))
	if err != nil {
		return 0, err
	}
	for _, s := range ss {
		holdID, branch, err := db.suggestionHold(ctx, tx, s, recordID, now)
		if err != nil {
			return 0, err
		}
		_, err = tx.ExecContext(ctx, `UPDATE suggestions SET status = 'fulfilled', record_id = $1, hold_id = $2, fulfilled_at = $3 WHERE id = $4`,
			recordID, nullID(holdID), now, s.ID)
		if err != nil {
			return 0, err
		}
		if s.PatronID == 0 {
			continue
		}
		n := library.Notice{PatronID: s.PatronID, Kind: library.NoticeSuggestionArrived, Params: map[string]string{"title": title}, Created: now}
		if holdID != 0 {
			n.Kind, n.Params["branch"] = library.NoticeSuggestionHold, branch
		}
		if _, err := insertNotice(ctx, tx, n); err != nil {
			return 0, err
		}
	}
	return len(ss), nil
}

// lockPatronsOf locks the patrons of the suggestions cond selects, in
// the order of their IDs, before their suggestions are locked: closing
// an account and making a suggestion lock the patron first too, so that
// the three never wait for each other in a circle.
func lockPatronsOf(ctx context.Context, tx txn, cond string, args ...any) error {
	rows, err := tx.QueryContext(ctx, `SELECT DISTINCT patron_id FROM suggestions WHERE patron_id IS NOT NULL AND `+cond+` ORDER BY patron_id`, args...)
	if err != nil {
		return err
	}
	ids, err := scanIDs(rows)
	if err != nil {
		return err
	}
	for _, id := range ids {
		if _, err := lockPatron(ctx, tx, id); err != nil {
			return err
		}
	}
	return nil
}

// suggestionHold places the hold of a suggestion on record, at the
// pickup branch the patron chose, else their preferred one, else the
// first open branch of the library they asked. A refusal of the holds'
// rules is no error: it returns hold 0, and the savepoint undoes
// whatever placeHold had done.
func (db *DB) suggestionHold(ctx context.Context, tx txn, s library.PurchaseSuggestion, recordID int64, now time.Time) (int64, string, error) {
	if s.PatronID == 0 {
		return 0, "", nil
	}
	branch := s.PickupBranch
	if b, err := branchInfo(ctx, tx, branch); err != nil {
		return 0, "", err
	} else if branch == "" || b.Library == "" || b.Closed {
		err := tx.QueryRowContext(ctx, `SELECT COALESCE((SELECT pickup_branch FROM patrons WHERE id = $1), '')`, s.PatronID).Scan(&branch)
		if err != nil {
			return 0, "", err
		}
	}
	if branch == "" {
		err := tx.QueryRowContext(ctx, `SELECT COALESCE((SELECT id FROM branches WHERE library_id = $1 AND closed_at IS NULL ORDER BY id LIMIT 1), '')`,
			s.Library).Scan(&branch)
		if err != nil {
			return 0, "", err
		}
	}
	if _, err := tx.ExecContext(ctx, `SAVEPOINT suggestion_hold`); err != nil {
		return 0, "", err
	}
	id, err := db.placeHold(ctx, tx, library.Hold{PatronID: s.PatronID, RecordID: recordID, PickupBranch: branch},
		library.Actor{PatronID: s.PatronID}, now)
	var refused *library.Error
	if errors.As(err, &refused) {
		_, err = tx.ExecContext(ctx, `ROLLBACK TO SAVEPOINT suggestion_hold`)
		return 0, "", err
	}
	if err != nil {
		return 0, "", err
	}
	_, err = tx.ExecContext(ctx, `RELEASE SAVEPOINT suggestion_hold`)
	return id, branch, err
}
