package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/kirjasto/kirjasto/internal/auth"
	"github.com/kirjasto/kirjasto/internal/library"
)

// DB implements library.APITokens.
var _ library.APITokens = (*DB)(nil)

// An API token ends APITokenIdle after it was last used, or APITokenMax
// after it was made, whichever comes first; then the app signs in again
// with the card and PIN. The idle limit is the one that matters: an app in
// use renews its token by using it, one forgotten on an old phone stops
// working within a month. The hard limit makes even a token in daily use
// prove the PIN again each quarter. (A new PIN, a PIN reset and signing out
// everywhere end every token at once.)
const (
	APITokenIdle = 30 * 24 * time.Hour
	APITokenMax  = 90 * 24 * time.Hour
)

// maxTokenName bounds an app's name, in characters.
const maxTokenName = 100

// NewAPIToken creates a token for a patron and returns it with its value,
// the only time the value is seen: the database keeps its SHA-256.
func (db *DB) NewAPIToken(ctx context.Context, patronID int64, name string, now time.Time) (library.APIToken, error) {
	name = strings.TrimSpace(name)
	if utf8.RuneCountInString(name) > maxTokenName {
		return library.APIToken{}, &library.Error{Code: library.EINVALID, Key: "error.api_token_name", Message: "token name too long"}
	}
	now = instant(now)
	t := library.APIToken{PatronID: patronID, Token: auth.NewToken(), Name: name,
		Created: now, LastUsed: now, ExpiresAt: now.Add(APITokenMax)}
	err := db.inTx(ctx, func(tx txn) error {
		// Expired tokens are swept as new ones are made, like sessions.
		if _, err := tx.ExecContext(ctx, `DELETE FROM api_tokens WHERE expires_at < $1 OR last_used < $2`, now, now.Add(-APITokenIdle)); err != nil {
			return err
		}
		return tx.QueryRowContext(ctx, `
			INSERT INTO api_tokens (token_hash, patron_id, name, created, last_used, expires_at)
			VALUES ($1, $2, $3, $4, $4, $5) RETURNING id`,
			auth.HashToken(t.Token), patronID, name, now, t.ExpiresAt).Scan(&t.ID)
	})
	if err != nil {
		return library.APIToken{}, fmt.Errorf("new api token for patron %d: %w", patronID, err)
	}
	idleEnd(&t)
	return t, nil
}

// APITokenByValue returns the live token with this value. It notes when
// the token was last used, at most once a minute, so that My Account can
// show it without every API call being a write.
func (db *DB) APITokenByValue(ctx context.Context, token string, now time.Time) (library.APIToken, error) {
	now = instant(now)
	if token == "" {
		return library.APIToken{}, library.Errorf(library.EUNAUTHORIZED, "no token")
	}
	hash := auth.HashToken(token)
	t := library.APIToken{Token: token}
	err := db.reader().QueryRowContext(ctx, `
		SELECT t.id, t.patron_id, t.name, t.created, t.last_used, t.expires_at
		FROM api_tokens t JOIN patrons p ON p.id = t.patron_id
		WHERE t.token_hash = $1 AND t.expires_at > $2 AND t.last_used > $3 AND p.closed_at IS NULL`,
		hash, now, now.Add(-APITokenIdle)).
		Scan(&t.ID, &t.PatronID, &t.Name, &t.Created, &t.LastUsed, &t.ExpiresAt)
	if errors.Is(err, sql.ErrNoRows) {
		return library.APIToken{}, library.Errorf(library.EUNAUTHORIZED, "no live api token")
	}
	if err != nil {
		return library.APIToken{}, fmt.Errorf("api token: %w", err)
	}
	utcToken(&t)
	if now.Sub(t.LastUsed) >= touchEvery {
		// A token revoked since it was read (signed out everywhere at this
		// moment) is not renewed, nor let through.
		err := db.inTx(ctx, func(tx txn) error {
			return touched(tx.ExecContext(ctx, `UPDATE api_tokens SET last_used = $1 WHERE id = $2`, now, t.ID))
		})
		if library.ErrorCode(err) == library.EUNAUTHORIZED {
			return library.APIToken{}, err
		}
		if err != nil {
			return library.APIToken{}, fmt.Errorf("api token: %w", err)
		}
		t.LastUsed = now
	}
	idleEnd(&t)
	return t, nil
}

// APITokens lists a patron's live tokens, newest first, without values.
func (db *DB) APITokens(ctx context.Context, patronID int64, now time.Time) ([]library.APIToken, error) {
	rows, err := db.reader().QueryContext(ctx, `
		SELECT id, patron_id, name, created, last_used, expires_at FROM api_tokens
		WHERE patron_id = $1 AND expires_at > $2 AND last_used > $3 ORDER BY created DESC, id DESC`,
		patronID, instant(now), instant(now).Add(-APITokenIdle))
	if err != nil {
		return nil, fmt.Errorf("api tokens of patron %d: %w", patronID, err)
	}
	defer rows.Close()
	out := []library.APIToken{}
	for rows.Next() {
		var t library.APIToken
		if err := rows.Scan(&t.ID, &t.PatronID, &t.Name, &t.Created, &t.LastUsed, &t.ExpiresAt); err != nil {
			return nil, fmt.Errorf("api tokens of patron %d: %w", patronID, err)
		}
		utcToken(&t)
		idleEnd(&t)
		out = append(out, t)
	}
	return out, rows.Err()
}

// RevokeAPIToken deletes one of the patron's tokens.
func (db *DB) RevokeAPIToken(ctx context.Context, patronID, tokenID int64) error {
	return db.inTx(ctx, func(tx txn) error {
		res, err := tx.ExecContext(ctx, `DELETE FROM api_tokens WHERE id = $1 AND patron_id = $2`, tokenID, patronID)
		if err != nil {
			return fmt.Errorf("revoke api token %d: %w", tokenID, err)
		}
		if n, err := res.RowsAffected(); err != nil || n == 0 {
			return &library.Error{Code: library.ENOTFOUND, Key: "error.api_token_not_found", Message: fmt.Sprintf("api token %d of patron %d", tokenID, patronID)}
		}
		return nil
	})
}

func utcToken(t *library.APIToken) {
	t.Created, t.LastUsed, t.ExpiresAt = t.Created.UTC(), t.LastUsed.UTC(), t.ExpiresAt.UTC()
}

// idleEnd sets a token's ExpiresAt to when it ends unless it is used
// again: at the idle limit, when that comes before the hard one.
func idleEnd(t *library.APIToken) {
	if idle := t.LastUsed.Add(APITokenIdle); idle.Before(t.ExpiresAt) {
		t.ExpiresAt = idle
	}
}
