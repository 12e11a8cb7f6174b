package store

import (
	"cmp"
	"context"
	"database/sql"
	"fmt"
	"slices"
	"time"

	"github.com/kirjasto/kirjasto/internal/cover"
	"github.com/kirjasto/kirjasto/internal/library"
)

// Purchase suggestions (library.PurchaseSuggestions). What happens when a
// title arrives is in suggestion_fulfil.go.
//
// The yearly limit holds under concurrency: a suggestion locks its
// patron's row before it counts the patron's suggestions of the year, so
// that on PostgreSQL two at once queue on the lock and the second counts
// the first; SQLite's single writer does the same.

// DB implements library.PurchaseSuggestions.
var _ library.PurchaseSuggestions = (*DB)(nil)

// Suggest saves a patron's purchase suggestion.
func (db *DB) Suggest(ctx context.Context, s library.PurchaseSuggestion, now time.Time) (library.PurchaseSuggestion, error) {
	if err := s.Validate(); err != nil {
		return library.PurchaseSuggestion{}, err
	}
	if s.ISBN != "" {
		// cover.ISBN13 checks the check digit with marc.ValidISBN.
		i13, ok := cover.ISBN13(s.ISBN)
		if !ok {
			return library.PurchaseSuggestion{}, &library.Error{Code: library.EINVALID, Key: "error.suggestion_isbn",
				Message: fmt.Sprintf("isbn: %q is no ISBN, or its check digit is wrong", s.ISBN)}
		}
		s.ISBN = i13
	}
	now = instant(now)
	key := library.EditionKey(s.ISBN, s.Title, s.Author)
	err := db.circTx(ctx, func(tx txn) error {
		p, err := lockPatron(ctx, tx, s.PatronID)
		if library.ErrorCode(err) == library.ENOTFOUND || err == nil && p.Closed {
			return &library.Error{Code: library.ENOTFOUND, Key: "error.account_closed", Message: fmt.Sprintf("patron %d not found or closed", s.PatronID)}
		}
		if err != nil {
			return err
		}
		if s.Library == "" {
			s.Library = p.HomeLibrary
		}
		if err := askLibraryExists(ctx, tx, s.Library, ""); err != nil {
			return err
		}
		if s.PickupBranch, err = suggestionPickup(ctx, tx, s.PatronID, s.PickupBranch); err != nil {
			return err
		}
		yearStart := time.Date(now.In(library.Helsinki).Year(), time.January, 1, 0, 0, 0, 0, library.Helsinki).UTC()
		var same, made int
		err = tx.QueryRowContext(ctx, `SELECT count(*) FROM suggestions WHERE patron_id = $1 AND edition_key = $2 AND status IN ('new', 'accepted')`,
			s.PatronID, key).Scan(&same)
		if err != nil {
			return err
		}
		if same > 0 {
			return &library.Error{Code: library.ECONFLICT, Key: "error.suggestion_duplicate", Message: fmt.Sprintf("patron %d suggested %s already", s.PatronID, key)}
		}
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM suggestions WHERE patron_id = $1 AND created_at >= $2`,
			s.PatronID, yearStart).Scan(&made); err != nil {
			return err
		}
		if made >= library.SuggestionsPerYear {
			return &library.Error{Code: library.EFORBIDDEN, Key: "error.suggestion_limit", Count: library.SuggestionsPerYear,
				Message: fmt.Sprintf("patron %d made %d suggestions this year", s.PatronID, made)}
		}
		var id int64
		err = tx.QueryRowContext(ctx, `INSERT INTO suggestions (patron_id, library_id, title, author, isbn, edition_key, material,
				language, why, pickup_branch, status, created_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, 'new', $11) RETURNING id`,
			s.PatronID, s.Library, s.Title, s.Author, s.ISBN, key, string(s.Material), s.Language, s.Why, s.PickupBranch, now).Scan(&id)
		if err != nil {
			return err
		}
		if s, err = readSuggestion(ctx, tx, id); err != nil {
			return err
		}
		return askNewNotice(ctx, tx, s.Library, library.NoticeAskNewSuggestion, library.StaffSuggestionsPath, id,
			map[string]string{"title": s.Title}, now)
	})
	if err != nil {
		return library.PurchaseSuggestion{}, fmt.Errorf("suggest %q: %w", s.Title, err)
	}
	return s, nil
}

// suggestionPickup checks the branch a patron chose to pick the title up
// at, or takes their preferred one.
func suggestionPickup(ctx context.Context, tx txn, patronID int64, branch string) (string, error) {
	if branch == "" {
		err := tx.QueryRowContext(ctx, `SELECT pickup_branch FROM patrons WHERE id = $1`, patronID).Scan(&branch)
		return branch, err
	}
	b, err := branchInfo(ctx, tx, branch)
	if err != nil {
		return "", err
	}
	if b.Library == "" || b.Closed {
		return "", &library.Error{Code: library.EINVALID, Key: "error.pickup_branch", Message: fmt.Sprintf("pickup_branch: no branch %q to pick up at", branch)}
	}
	return branch, nil
}

// PurchaseSuggestion returns one suggestion.
func (db *DB) PurchaseSuggestion(ctx context.Context, id int64) (library.PurchaseSuggestion, error) {
	s, err := readSuggestion(ctx, db.reader(), id)
	if err != nil {
		return s, fmt.Errorf("suggestion %d: %w", id, err)
	}
	return s, nil
}

// PatronSuggestions returns a patron's suggestions, newest first.
func (db *DB) PatronSuggestions(ctx context.Context, patronID int64) ([]library.PurchaseSuggestion, error) {
	ss, err := scanSuggestions(db.reader().QueryContext(ctx, suggestionSelect+` WHERE patron_id = $1 ORDER BY created_at DESC, id DESC`, patronID))
	if err != nil {
		return nil, fmt.Errorf("suggestions of patron %d: %w", patronID, err)
	}
	return ss, nil
}

// SuggestionGroups returns the suggestions f selects grouped by library
// and edition, the most asked first, then the longest waiting.
func (db *DB) SuggestionGroups(ctx context.Context, f library.SuggestionFilter) ([]library.SuggestionGroup, error) {
	statuses := f.Statuses
	if statuses == nil {
		statuses = []string{library.SuggestionNew, library.SuggestionAccepted}
	}
	where, args := listWhere(f.Libraries, statuses)
	if f.Key != "" {
		args = append(args, f.Key)
		where += fmt.Sprintf(` AND t.edition_key = $%d`, len(args))
	}
	ss, err := scanSuggestions(db.reader().QueryContext(ctx, suggestionSelect+` t`+where+` ORDER BY t.created_at, t.id`, args...))
	if err != nil {
		return nil, fmt.Errorf("suggestion groups: %w", err)
	}
	var out []library.SuggestionGroup
	at := map[[2]string]int{}
	for _, s := range ss {
		k := [2]string{s.Library, s.Key}
		i, ok := at[k]
		if !ok {
			i = len(out)
			at[k] = i
			out = append(out, library.SuggestionGroup{Library: s.Library, Key: s.Key, Title: s.Title, Author: s.Author,
				ISBN: s.ISBN, Material: s.Material, Language: s.Language, First: s.Created})
		}
		g := &out[i]
		g.Count++
		g.Last = s.Created
		g.Suggestions = append(g.Suggestions, s)
	}
	slices.SortStableFunc(out, func(a, b library.SuggestionGroup) int {
		return cmp.Or(b.Count-a.Count, a.First.Compare(b.First))
	})
	return out, nil
}

// AcceptSuggestions accepts a group's new suggestions.
func (db *DB) AcceptSuggestions(ctx context.Context, by library.Staff, lib, key string, now time.Time) (int, error) {
	return db.decide(ctx, by, lib, key, decision{from: []string{library.SuggestionNew}, to: library.SuggestionAccepted,
		notice: library.NoticeSuggestionAccepted, audit: library.AuditSuggestionAccept}, now)
}

// DeclineSuggestions declines a group's new and accepted suggestions.
func (db *DB) DeclineSuggestions(ctx context.Context, by library.Staff, lib, key, reason string, now time.Time) (int, error) {
	reason, err := library.ValidateAnswer(reason)
	if err != nil {
		return 0, &library.Error{Code: library.EINVALID, Key: "error.suggestion_reason", Message: "reason: " + err.Error()}
	}
	return db.decide(ctx, by, lib, key, decision{from: []string{library.SuggestionNew, library.SuggestionAccepted},
		to: library.SuggestionDeclined, reason: reason, notice: library.NoticeSuggestionDeclined, audit: library.AuditSuggestionDecline}, now)
}

// MarkSuggestionsOwned tells a group's open suggestions that the
// catalogue has the title as recordID.
func (db *DB) MarkSuggestionsOwned(ctx context.Context, by library.Staff, lib, key string, recordID int64, now time.Time) (int, error) {
	return db.decide(ctx, by, lib, key, decision{from: []string{library.SuggestionNew, library.SuggestionAccepted},
		to: library.SuggestionOwned, record: recordID, notice: library.NoticeSuggestionOwned, audit: library.AuditSuggestionOwned}, now)
}

// decision is a staff decision on a group: from which states, to which,
// and what it tells.
type decision struct {
	from          []string
	to            string
	reason        string
	record        int64
	notice, audit string
}

// decide makes a decision on a library's suggestions of one edition, in
// one transaction with a notice to each patron and one audit entry.
func (db *DB) decide(ctx context.Context, by library.Staff, lib, key string, d decision, now time.Time) (int, error) {
	if err := library.Permit(by, library.ActAsk, library.LibraryScope(lib)); err != nil {
		return 0, err
	}
	now = instant(now)
	n := 0
	err := db.inTx(ctx, func(tx txn) error {
		if d.record != 0 {
			if err := suggestionRecordExists(ctx, tx, d.record); err != nil {
				return err
			}
		}
		ss, err := lockGroup(ctx, tx, lib, key, d.from)
		if err != nil {
			return err
		}
		for _, s := range ss {
			_, err := tx.ExecContext(ctx, `UPDATE suggestions SET status = $1, reason = $2, record_id = COALESCE($3, record_id),
				decided_by = $4, decided_at = $5 WHERE id = $6`, d.to, d.reason, nullID(d.record), by.ID, now, s.ID)
			if err != nil {
				return err
			}
			if s.PatronID == 0 {
				continue // the account was closed
			}
			params := map[string]string{"title": s.Title}
			if d.reason != "" {
				params["reason"] = d.reason
			}
			if _, err := insertNotice(ctx, tx, library.Notice{PatronID: s.PatronID, Kind: d.notice, Params: params, Created: now}); err != nil {
				return err
			}
		}
		n = len(ss)
		return audit(ctx, tx, library.AuditEntry{StaffID: by.ID, Action: d.audit, Library: lib, RecordID: d.record,
			Detail: fmt.Sprintf("%s: %d suggestions", key, n)}, now)
	})
	if err != nil {
		return 0, fmt.Errorf("%s suggestions %s of %s: %w", d.to, key, lib, err)
	}
	return n, nil
}

// lockGroup locks and reads a library's suggestions of an edition in the
// given states, oldest first; none is ENOTFOUND.
func lockGroup(ctx context.Context, tx txn, lib, key string, states []string) ([]library.PurchaseSuggestion, error) {
	where, args := listWhere([]string{lib}, states)
	args = append(args, key)
	ss, err := scanSuggestions(tx.QueryContext(ctx, suggestionSelect+` t`+where+fmt.Sprintf(` AND t.edition_key = $%d ORDER BY t.created_at, t.id`, len(args))+
		tx.d.lockRow("FOR UPDATE"), args...))
	if err != nil {
		return nil, err
	}
	if len(ss) == 0 {
		return nil, &library.Error{Code: library.ENOTFOUND, Key: "error.suggestion_not_found",
			Message: fmt.Sprintf("no suggestions of %s at %s in %v", key, lib, states)}
	}
	return ss, nil
}

func suggestionRecordExists(ctx context.Context, tx txn, id int64) error {
	var n int
	if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM records WHERE id = $1`, id).Scan(&n); err != nil {
		return err
	}
	if n == 0 {
		return &library.Error{Code: library.ENOTFOUND, Key: "error.suggestion_record", Message: fmt.Sprintf("record: %d not found", id)}
	}
	return nil
}

const suggestionSelect = `SELECT id, COALESCE(patron_id, 0), library_id, title, author, isbn, material, language, why, pickup_branch,
	status, reason, COALESCE(record_id, 0), COALESCE(hold_id, 0), edition_key, created_at, decided_at, fulfilled_at FROM suggestions`

func readSuggestion(ctx context.Context, q queryer, id int64) (library.PurchaseSuggestion, error) {
	ss, err := scanSuggestions(q.QueryContext(ctx, suggestionSelect+` WHERE id = $1`, id))
	if err != nil {
		return library.PurchaseSuggestion{}, err
	}
	if len(ss) == 0 {
		return library.PurchaseSuggestion{}, &library.Error{Code: library.ENOTFOUND, Key: "error.suggestion_not_found", Message: fmt.Sprintf("suggestion %d not found", id)}
	}
	return ss[0], nil
}

func scanSuggestions(rows *sql.Rows, err error) ([]library.PurchaseSuggestion, error) {
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []library.PurchaseSuggestion
	for rows.Next() {
		var s library.PurchaseSuggestion
		var decided, fulfilled sql.NullTime
		if err := rows.Scan(&s.ID, &s.PatronID, &s.Library, &s.Title, &s.Author, &s.ISBN, &s.Material, &s.Language, &s.Why,
			&s.PickupBranch, &s.Status, &s.Reason, &s.RecordID, &s.HoldID, &s.Key, &s.Created, &decided, &fulfilled); err != nil {
			return nil, err
		}
		s.Created, s.Decided, s.Fulfilled = s.Created.UTC(), zeroTime(decided), zeroTime(fulfilled)
		out = append(out, s)
	}
	return out, rows.Err()
}
