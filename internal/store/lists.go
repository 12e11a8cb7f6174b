package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/kirjasto/kirjasto/internal/auth"
	"github.com/kirjasto/kirjasto/internal/library"
)

// DB implements library.Lists.
var _ library.Lists = (*DB)(nil)

// listColumns are what scanList reads, from lists l.
const listColumns = `l.id, l.patron_id, l.name, COALESCE(l.share_token, ''), l.created, l.updated,
	(SELECT count(*) FROM list_records lr WHERE lr.list_id = l.id)`

func scanList(row interface{ Scan(...any) error }) (library.List, error) {
	var l library.List
	err := row.Scan(&l.ID, &l.PatronID, &l.Name, &l.ShareToken, &l.Created, &l.Updated, &l.Count)
	return l, err
}

// listNotFound is the answer for a list that does not exist and for one
// that is someone else's alike.
func listNotFound(id int64) error {
	return &library.Error{Code: library.ENOTFOUND, Key: "lists.error.not_found", Message: fmt.Sprintf("list %d", id)}
}

// listName trims a list's name and checks it against the limits.
func listName(name string) (string, error) {
	name = strings.TrimSpace(name)
	switch {
	case name == "":
		return "", &library.Error{Code: library.EINVALID, Key: "lists.error.name_empty", Message: "empty list name"}
	case utf8.RuneCountInString(name) > library.MaxListName:
		return "", &library.Error{Code: library.EINVALID, Key: "lists.error.name_too_long", Message: "list name too long"}
	}
	return name, nil
}

// Lists returns the patron's lists, by name.
func (db *DB) Lists(ctx context.Context, patronID int64) ([]library.List, error) {
	rows, err := db.reader().QueryContext(ctx, `SELECT `+listColumns+`
		FROM lists l WHERE l.patron_id = $1 ORDER BY lower(l.name), l.id`, patronID)
	if err != nil {
		return nil, fmt.Errorf("lists of patron %d: %w", patronID, err)
	}
	defer rows.Close()
	lists := []library.List{}
	for rows.Next() {
		l, err := scanList(rows)
		if err != nil {
			return nil, fmt.Errorf("lists of patron %d: %w", patronID, err)
		}
		lists = append(lists, l)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("lists of patron %d: %w", patronID, err)
	}
	return lists, nil
}

// List returns one of the patron's lists and its records, newest first.
func (db *DB) List(ctx context.Context, patronID, listID int64) (library.List, []library.ListEntry, error) {
	return db.listWhere(ctx, `l.id = $1 AND l.patron_id = $2`, listID, patronID)
}

// SharedList returns the list shared with token and its records.
func (db *DB) SharedList(ctx context.Context, token string) (library.List, []library.ListEntry, error) {
	if token == "" {
		return library.List{}, nil, listNotFound(0)
	}
	return db.listWhere(ctx, `l.share_token = $1`, token)
}

// listWhere reads one list and its records on one snapshot.
func (db *DB) listWhere(ctx context.Context, where string, args ...any) (library.List, []library.ListEntry, error) {
	var l library.List
	entries := []library.ListEntry{}
	err := db.inReadTx(ctx, func(tx txn) error {
		var err error
		l, err = scanList(tx.QueryRowContext(ctx, `SELECT `+listColumns+` FROM lists l WHERE `+where, args...))
		if errors.Is(err, sql.ErrNoRows) {
			return listNotFound(0)
		}
		if err != nil {
			return err
		}
		rows, err := tx.QueryContext(ctx, `SELECT record_id, added FROM list_records
			WHERE list_id = $1 ORDER BY added DESC, record_id`, l.ID)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var e library.ListEntry
			if err := rows.Scan(&e.RecordID, &e.Added); err != nil {
				return err
			}
			entries = append(entries, e)
		}
		return rows.Err()
	})
	if err != nil {
		return library.List{}, nil, fmt.Errorf("list: %w", err)
	}
	return l, entries, nil
}

// CreateList makes a new private list for the patron.
func (db *DB) CreateList(ctx context.Context, patronID int64, name string) (library.List, error) {
	name, err := listName(name)
	if err != nil {
		return library.List{}, err
	}
	now := db.timestamp()
	l := library.List{PatronID: patronID, Name: name, Created: now, Updated: now}
	err = db.inTx(ctx, func(tx txn) error {
		// The no-op update locks the patron's row on PostgreSQL, so two
		// lists created at once cannot both slip under the limit.
		res, err := tx.ExecContext(ctx, `UPDATE patrons SET name = name WHERE id = $1`, patronID)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return library.Errorf(library.ENOTFOUND, "patron %d", patronID)
		}
		var count int
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM lists WHERE patron_id = $1`, patronID).Scan(&count); err != nil {
			return err
		}
		if count >= library.MaxLists {
			return &library.Error{Code: library.ECONFLICT, Key: "lists.error.too_many",
				Message: fmt.Sprintf("patron %d has %d lists", patronID, count)}
		}
		return tx.QueryRowContext(ctx, `INSERT INTO lists (patron_id, name, created, updated)
			VALUES ($1, $2, $3, $3) RETURNING id`, patronID, name, now).Scan(&l.ID)
	})
	if err != nil {
		return library.List{}, fmt.Errorf("create list: %w", err)
	}
	return l, nil
}

// RenameList renames one of the patron's lists.
func (db *DB) RenameList(ctx context.Context, patronID, listID int64, name string) error {
	name, err := listName(name)
	if err != nil {
		return err
	}
	err = db.inTx(ctx, func(tx txn) error {
		return db.touchList(ctx, tx, patronID, listID, `, name = $4`, name)
	})
	if err != nil {
		return fmt.Errorf("rename list %d: %w", listID, err)
	}
	return nil
}

// DeleteList deletes one of the patron's lists with its entries.
func (db *DB) DeleteList(ctx context.Context, patronID, listID int64) error {
	err := db.inTx(ctx, func(tx txn) error {
		res, err := tx.ExecContext(ctx, `DELETE FROM lists WHERE id = $1 AND patron_id = $2`, listID, patronID)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return listNotFound(listID)
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("delete list %d: %w", listID, err)
	}
	return nil
}

// ShareList shares the list by a new link, or makes it private again,
// which kills the old link for good. Sharing a shared list keeps its link.
func (db *DB) ShareList(ctx context.Context, patronID, listID int64, shared bool) (library.List, error) {
	var l library.List
	err := db.inTx(ctx, func(tx txn) error {
		set := `, share_token = NULL`
		args := []any{}
		if shared {
			set = `, share_token = COALESCE(share_token, $4)`
			args = append(args, auth.NewToken())
		}
		if err := db.touchList(ctx, tx, patronID, listID, set, args...); err != nil {
			return err
		}
		var err error
		l, err = scanList(tx.QueryRowContext(ctx, `SELECT `+listColumns+` FROM lists l WHERE l.id = $1`, listID))
		return err
	})
	if err != nil {
		return library.List{}, fmt.Errorf("share list %d: %w", listID, err)
	}
	return l, nil
}

// touchList sets the list's updated time and the further columns in set
// (whose parameters start at $4), and fails with not found unless the
// list is the patron's. On PostgreSQL the update also locks the list's
// row for the rest of the transaction.
func (db *DB) touchList(ctx context.Context, tx txn, patronID, listID int64, set string, args ...any) error {
	res, err := tx.ExecContext(ctx, `UPDATE lists SET updated = $3`+set+` WHERE id = $1 AND patron_id = $2`,
		append([]any{listID, patronID, db.timestamp()}, args...)...)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return listNotFound(listID)
	}
	return nil
}

// AddToList adds a record to one of the patron's lists, up to
// MaxListRecords; adding one that is there already changes nothing.
func (db *DB) AddToList(ctx context.Context, patronID, listID, recordID int64) error {
	err := db.inTx(ctx, func(tx txn) error {
		if err := db.touchList(ctx, tx, patronID, listID, ``); err != nil {
			return err
		}
		var records, there int
		err := tx.QueryRowContext(ctx, `SELECT count(*), count(*) FILTER (WHERE record_id = $2)
			FROM list_records WHERE list_id = $1`, listID, recordID).Scan(&records, &there)
		if err != nil || there > 0 {
			return err
		}
		if records >= library.MaxListRecords {
			return &library.Error{Code: library.ECONFLICT, Key: "lists.error.full",
				Message: fmt.Sprintf("list %d has %d records", listID, records)}
		}
		var exists int
		err = tx.QueryRowContext(ctx, `SELECT count(*) FROM records WHERE id = $1`, recordID).Scan(&exists)
		if err != nil {
			return err
		}
		if exists == 0 {
			return library.Errorf(library.ENOTFOUND, "record %d", recordID)
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO list_records (list_id, record_id, added) VALUES ($1, $2, $3)
			ON CONFLICT (list_id, record_id) DO NOTHING`, listID, recordID, db.timestamp())
		return err
	})
	if err != nil {
		return fmt.Errorf("add record %d to list %d: %w", recordID, listID, err)
	}
	return nil
}

// RemoveFromList takes a record off one of the patron's lists; removing
// one that is not there changes nothing.
func (db *DB) RemoveFromList(ctx context.Context, patronID, listID, recordID int64) error {
	err := db.inTx(ctx, func(tx txn) error {
		if err := db.touchList(ctx, tx, patronID, listID, ``); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `DELETE FROM list_records WHERE list_id = $1 AND record_id = $2`, listID, recordID)
		return err
	})
	if err != nil {
		return fmt.Errorf("remove record %d from list %d: %w", recordID, listID, err)
	}
	return nil
}
