package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/kirjasto/kirjasto/internal/auth"
	"github.com/kirjasto/kirjasto/internal/library"
)

// RequestPINReset writes a pin_reset notice with a one-time link to the
// patron with the given card number or e-mail address. An address shared
// by a family reaches every open card with it. Unknown cards and addresses
// are not an error, so the form tells nobody which exist.
//
// The notice goes out by e-mail when the patron has an address, else to
// the account's messages only, where a patron who cannot sign in will not
// see it: such patrons are helped at the desk.
func (db *DB) RequestPINReset(ctx context.Context, cardOrEmail string, now time.Time) error {
	key := strings.TrimSpace(cardOrEmail)
	if key == "" {
		return nil
	}
	now = instant(now)
	c := db.accountConfig()
	return db.inTx(ctx, func(tx txn) error {
		if _, err := tx.ExecContext(ctx, `DELETE FROM pin_resets WHERE expires_at < $1`, now); err != nil {
			return err
		}
		rows, err := tx.QueryContext(ctx, `SELECT id, email FROM patrons
			WHERE closed_at IS NULL AND (card_number = $1 OR (email <> '' AND lower(email) = lower($1)))`, key)
		if err != nil {
			return err
		}
		type target struct {
			id    int64
			email string
		}
		var targets []target
		for rows.Next() {
			var t target
			if err := rows.Scan(&t.id, &t.email); err != nil {
				rows.Close()
				return err
			}
			targets = append(targets, t)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return fmt.Errorf("PIN reset: %w", err)
		}
		for _, t := range targets {
			token := auth.NewToken()
			_, err := tx.ExecContext(ctx, `INSERT INTO pin_resets (token_hash, patron_id, created, expires_at) VALUES ($1, $2, $3, $4)`,
				auth.HashToken(token), t.id, now, now.Add(c.ResetTTL))
			if err != nil {
				return fmt.Errorf("PIN reset: %w", err)
			}
			channel := library.ChannelAccount
			if t.email != "" {
				channel = library.ChannelEmail
			}
			n := library.Notice{PatronID: t.id, Kind: library.NoticePINReset, Channel: channel, Created: now,
				Params: map[string]string{"link": c.ResetURL(token), "minutes": fmt.Sprint(int(c.ResetTTL.Minutes()))}}
			if _, err := insertNotice(ctx, tx, n); err != nil {
				return err
			}
		}
		return nil
	})
}

func resetInvalid() error {
	return &library.Error{Code: library.EINVALID, Key: "error.reset_invalid", Message: "reset link used, expired or unknown"}
}

// CheckResetToken reports whether a reset token is live, so the page can
// say so before the patron types a new PIN.
func (db *DB) CheckResetToken(ctx context.Context, token string, now time.Time) error {
	var id int64
	err := db.reader().QueryRowContext(ctx, `SELECT patron_id FROM pin_resets
		WHERE token_hash = $1 AND used_at IS NULL AND expires_at > $2`, auth.HashToken(token), instant(now)).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return resetInvalid()
	}
	return err
}

// ResetPIN sets a new PIN with a one-time reset token, ends the patron's
// sessions (whoever knew the old PIN is signed out) and clears any lockout
// of the card.
func (db *DB) ResetPIN(ctx context.Context, token, newPIN string, now time.Time) error {
	if err := checkPIN(newPIN); err != nil {
		return err
	}
	now = instant(now)
	// Hash before the transaction, so it does not hold the writer.
	hash, err := db.accountConfig().Hasher.Hash(newPIN)
	if err != nil {
		return err
	}
	return db.inTx(ctx, func(tx txn) error {
		var patronID int64
		// Using the token is the conditional UPDATE itself, so two requests
		// with one token cannot both succeed.
		err := tx.QueryRowContext(ctx, `UPDATE pin_resets SET used_at = $1
			WHERE token_hash = $2 AND used_at IS NULL AND expires_at > $1
			RETURNING patron_id`, now, auth.HashToken(token)).Scan(&patronID)
		if errors.Is(err, sql.ErrNoRows) {
			return resetInvalid()
		}
		if err != nil {
			return fmt.Errorf("reset PIN: %w", err)
		}
		var card string
		err = tx.QueryRowContext(ctx, `UPDATE patrons SET pin_hash = $1 WHERE id = $2 RETURNING card_number`, hash, patronID).Scan(&card)
		if err != nil {
			return fmt.Errorf("reset PIN of %d: %w", patronID, err)
		}
		// Other links sent for this card are void once one is used.
		if _, err := tx.ExecContext(ctx, `UPDATE pin_resets SET used_at = $1 WHERE patron_id = $2 AND used_at IS NULL`, now, patronID); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM auth_failures WHERE subject = $1`, "card:"+card); err != nil {
			return err
		}
		return endAllSessions(ctx, tx, patronID)
	})
}
