package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/kirjasto/kirjasto/internal/library"
)

// The libraries' ask inboxes (library.AskInboxes): a setting per
// library, and the new-item notice queued to it in the transaction that
// saves the question, feedback or suggestion.

// DB implements library.AskInboxes.
var _ library.AskInboxes = (*DB)(nil)

// askInboxKey is the setting of a library's inbox; "" is the web
// service's.
func askInboxKey(lib string) string { return "ask.inbox." + lib }

// AskInbox returns a library's inbox, the zero one when none is set.
func (db *DB) AskInbox(ctx context.Context, lib string) (library.AskInbox, error) {
	in, err := readAskInbox(ctx, db.reader(), lib)
	if err != nil {
		return library.AskInbox{}, fmt.Errorf("ask inbox of %q: %w", lib, err)
	}
	return in, nil
}

// SetAskInbox sets or removes a library's inbox, audited.
func (db *DB) SetAskInbox(ctx context.Context, by library.Staff, lib string, in library.AskInbox, now time.Time) error {
	if err := library.Permit(by, library.ActBranches, askScope(lib)); err != nil {
		return err
	}
	if err := in.Validate(); err != nil {
		return err
	}
	now = instant(now)
	err := db.inTx(ctx, func(tx txn) error {
		if lib != "" {
			if err := contentLibraryExists(ctx, tx, lib); err != nil {
				return &library.Error{Code: library.EINVALID, Key: "error.ask_library", Message: err.Error()}
			}
		}
		if in.Email == "" {
			if _, err := tx.ExecContext(ctx, `DELETE FROM settings WHERE key = $1`, askInboxKey(lib)); err != nil {
				return err
			}
		} else if err := putSetting(ctx, tx, askInboxKey(lib), in); err != nil {
			return err
		}
		return askAudit(ctx, tx, library.AuditAskInbox, by, lib, in.Email, now)
	})
	if err != nil {
		return fmt.Errorf("set ask inbox of %q: %w", lib, err)
	}
	return nil
}

// readAskInbox reads a library's inbox within a transaction or from the
// reader.
func readAskInbox(ctx context.Context, q queryer, lib string) (library.AskInbox, error) {
	var s string
	err := q.QueryRowContext(ctx, `SELECT value FROM settings WHERE key = $1`, askInboxKey(lib)).Scan(&s)
	if errors.Is(err, sql.ErrNoRows) {
		return library.AskInbox{}, nil
	}
	if err != nil {
		return library.AskInbox{}, err
	}
	var in library.AskInbox
	if err := json.Unmarshal([]byte(s), &in); err != nil {
		return library.AskInbox{}, err
	}
	return in, nil
}

// askNewNotice queues the notice of a new item to its library's inbox,
// when the library has one; link is the staff page of the item, and
// extra adds parameters of its own (a question's topic).
func askNewNotice(ctx context.Context, tx txn, lib, kind, link string, id int64, extra map[string]string, now time.Time) error {
	in, err := readAskInbox(ctx, tx, lib)
	if err != nil || in.Email == "" {
		return err
	}
	params := map[string]string{"id": strconv.FormatInt(id, 10), "library": lib, "link": link}
	for k, v := range extra {
		params[k] = v
	}
	g := &library.Guest{Email: in.Email, Lang: in.Lang}
	_, err = insertGuestNotice(ctx, tx, library.Notice{Guest: g, Kind: kind, Params: params, Created: now}, lib)
	return err
}
