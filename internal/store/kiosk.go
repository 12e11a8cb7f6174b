package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/kirjasto/kirjasto/internal/library"
)

// DB implements library.Kiosks.
var _ library.Kiosks = (*DB)(nil)

// CreateKiosk adds a kiosk account. The password is as long as a staff
// password at least: a kiosk acts for every patron who walks up to it.
func (db *DB) CreateKiosk(ctx context.Context, k library.Kiosk, password string) (library.Kiosk, error) {
	k.Login = strings.ToLower(strings.TrimSpace(k.Login))
	if k.Login == "" || strings.ContainsAny(k.Login, "|\r\n") {
		return k, library.Errorf(library.EINVALID, "create kiosk: a login without '|' or line breaks is required")
	}
	if k.Name == "" {
		k.Name = k.Login
	}
	if len(password) < minPassword {
		return k, &library.Error{Code: library.EINVALID, Key: "error.password_short", Message: "password too short"}
	}
	hash, err := db.accountConfig().Hasher.Hash(password)
	if err != nil {
		return k, err
	}
	k.Created = db.timestamp()
	err = db.inTx(ctx, func(tx txn) error {
		if k.Branch != "" {
			if err := checkBranch(ctx, tx, k.Branch); err != nil {
				return err
			}
		}
		return tx.QueryRowContext(ctx, `
			INSERT INTO kiosks (login, name, branch, password_hash, created)
			VALUES ($1, $2, $3, $4, $5) RETURNING id`,
			k.Login, k.Name, k.Branch, hash, k.Created).Scan(&k.ID)
	})
	if isUniqueViolation(err) {
		return k, library.Errorf(library.ECONFLICT, "kiosk %s already exists", k.Login)
	}
	if err != nil {
		return k, fmt.Errorf("create kiosk %s: %w", k.Login, err)
	}
	return k, nil
}

// checkBranch fails with ENOTFOUND for a branch the consortium does not
// have, so that a kiosk is never tied to a typo.
func checkBranch(ctx context.Context, tx txn, id string) error {
	bs, err := branches(ctx, tx, id)
	if err != nil {
		return err
	}
	if len(bs) == 0 {
		return &library.Error{Code: library.ENOTFOUND, Key: "error.pickup_branch", Message: fmt.Sprintf("no branch %q", id)}
	}
	return nil
}

// AuthenticateKiosk checks a kiosk's login and password, counted and
// locked like patrons' cards.
func (db *DB) AuthenticateKiosk(ctx context.Context, login, password string, now time.Time) (library.Kiosk, error) {
	login = strings.ToLower(strings.TrimSpace(login))
	a := account{subject: "kiosk:" + login, table: "kiosks", column: "password_hash"}
	var k library.Kiosk
	err := db.reader().QueryRowContext(ctx, `
		SELECT id, login, name, branch, created, password_hash FROM kiosks
		WHERE login = $1 AND disabled_at IS NULL`, login).
		Scan(&k.ID, &k.Login, &k.Name, &k.Branch, &k.Created, &a.hash)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return k, fmt.Errorf("authenticate kiosk %s: %w", login, err)
	}
	k.Created = k.Created.UTC()
	a.id = k.ID
	if err := db.signIn(ctx, a, password, instant(now), nil); err != nil {
		return library.Kiosk{}, err
	}
	return k, nil
}

// DisableKiosk stops a kiosk from logging in. Connections already logged
// in keep going until they close; the kiosk's next login fails.
func (db *DB) DisableKiosk(ctx context.Context, login string, now time.Time) error {
	login = strings.ToLower(strings.TrimSpace(login))
	var n int64
	err := db.inTx(ctx, func(tx txn) error {
		res, err := tx.ExecContext(ctx, `UPDATE kiosks SET disabled_at = $1 WHERE login = $2 AND disabled_at IS NULL`, instant(now), login)
		if err != nil {
			return err
		}
		n, err = res.RowsAffected()
		return err
	})
	if err != nil {
		return fmt.Errorf("disable kiosk %s: %w", login, err)
	}
	if n == 0 {
		return library.Errorf(library.ENOTFOUND, "no enabled kiosk %s", login)
	}
	return nil
}

// BlockCard sets a block on a patron's card for a kiosk. The kiosk is
// remembered, so that EnableCard can tell its blocks from staff's.
func (db *DB) BlockCard(ctx context.Context, patronID int64, reason string, by library.Actor, now time.Time) error {
	now = utc(now)
	if strings.TrimSpace(reason) == "" {
		reason = "blocked by kiosk " + by.Kiosk
	}
	err := db.inTx(ctx, func(tx txn) error {
		p, err := lockPatron(ctx, tx, patronID)
		if err != nil || p.BlockReason != "" {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE patrons SET block_reason = $1, block_kiosk = $2 WHERE id = $3`,
			reason, by.Kiosk, patronID); err != nil {
			return err
		}
		return logEvent(ctx, tx, event{Action: "block_card", Branch: by.Branch, By: by, Patron: p}, now)
	})
	if err != nil {
		return fmt.Errorf("block card of patron %d: %w", patronID, err)
	}
	return nil
}

// EnableCard lifts a kiosk's block on a patron's card.
func (db *DB) EnableCard(ctx context.Context, patronID int64, by library.Actor, now time.Time) (library.Patron, error) {
	now = utc(now)
	err := db.inTx(ctx, func(tx txn) error {
		p, err := lockPatron(ctx, tx, patronID)
		if err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, `UPDATE patrons SET block_reason = '', block_kiosk = '' WHERE id = $1 AND block_kiosk <> ''`, patronID)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil || n == 0 {
			return err
		}
		return logEvent(ctx, tx, event{Action: "enable_card", Branch: by.Branch, By: by, Patron: p}, now)
	})
	if err != nil {
		return library.Patron{}, fmt.Errorf("enable card of patron %d: %w", patronID, err)
	}
	return db.Patron(ctx, patronID)
}
