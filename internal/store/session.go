package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/kirjasto/kirjasto/internal/auth"
	"github.com/kirjasto/kirjasto/internal/library"
)

// touchEvery is how stale last_seen may get before a request writes it:
// sliding the idle limit on every request would make every page view a
// write.
const touchEvery = time.Minute

// NewSession starts a session for a patron or a staff member and returns it
// with its token, the only time the token is seen: the database keeps its
// SHA-256. Created defaults to now and ExpiresAt to Created+SessionMax.
func (db *DB) NewSession(ctx context.Context, s library.Session) (library.Session, error) {
	if (s.PatronID == 0) == (s.StaffID == 0) {
		return s, library.Errorf(library.EINVALID, "session: exactly one of patron and staff")
	}
	if s.Created.IsZero() {
		s.Created = db.timestamp()
	}
	s.Created = instant(s.Created)
	if s.ExpiresAt.IsZero() {
		s.ExpiresAt = s.Created.Add(db.accountConfig().SessionMax)
	}
	s.ExpiresAt = instant(s.ExpiresAt)
	s.Token = auth.NewToken()
	err := db.inTx(ctx, func(tx txn) error {
		// Expired sessions are swept as new ones start, which keeps the
		// table small without a separate job.
		if _, err := tx.ExecContext(ctx, `DELETE FROM sessions WHERE expires_at < $1`, s.Created); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `
			INSERT INTO sessions (token_hash, patron_id, staff_id, created, last_seen, expires_at)
			VALUES ($1, $2, $3, $4, $4, $5)`,
			auth.HashToken(s.Token), sql.NullInt64{Int64: s.PatronID, Valid: s.PatronID != 0},
			sql.NullInt64{Int64: s.StaffID, Valid: s.StaffID != 0}, s.Created, s.ExpiresAt)
		return err
	})
	if err != nil {
		return s, fmt.Errorf("new session: %w", err)
	}
	return s, nil
}

// SessionByToken returns the live session with the given token: not past
// its expiry, not idle too long, and of an open account. Anything else is
// EUNAUTHORIZED.
func (db *DB) SessionByToken(ctx context.Context, token string, now time.Time) (library.Session, error) {
	now = instant(now)
	s := library.Session{Token: token}
	if token == "" {
		return s, library.Errorf(library.EUNAUTHORIZED, "no session")
	}
	hash := auth.HashToken(token)
	var patron, staff sql.NullInt64
	var lastSeen time.Time
	err := db.reader().QueryRowContext(ctx, `
		SELECT s.patron_id, s.staff_id, s.created, s.last_seen, s.expires_at
		FROM sessions s
		LEFT JOIN patrons p ON p.id = s.patron_id
		LEFT JOIN staff st ON st.id = s.staff_id
		WHERE s.token_hash = $1 AND s.expires_at > $2 AND s.last_seen > $3
		  AND p.closed_at IS NULL AND st.disabled_at IS NULL`,
		hash, now, now.Add(-db.accountConfig().SessionIdle)).
		Scan(&patron, &staff, &s.Created, &lastSeen, &s.ExpiresAt)
	if errors.Is(err, sql.ErrNoRows) {
		return s, library.Errorf(library.EUNAUTHORIZED, "no live session")
	}
	if err != nil {
		return s, fmt.Errorf("session: %w", err)
	}
	s.PatronID, s.StaffID = patron.Int64, staff.Int64
	s.Created, s.ExpiresAt = s.Created.UTC(), s.ExpiresAt.UTC()
	if now.Sub(lastSeen) >= touchEvery {
		// A session ended since it was read is not renewed, nor let through.
		err := db.inTx(ctx, func(tx txn) error {
			return touched(tx.ExecContext(ctx, `UPDATE sessions SET last_seen = $1 WHERE token_hash = $2`, now, hash))
		})
		if library.ErrorCode(err) == library.EUNAUTHORIZED {
			return s, err
		}
		if err != nil {
			return s, fmt.Errorf("session: %w", err)
		}
	}
	return s, nil
}

// touched turns the result of renewing a session or token into
// EUNAUTHORIZED when there was nothing left to renew.
func touched(res sql.Result, err error) error {
	if err != nil {
		return err
	}
	if n, err := res.RowsAffected(); err != nil || n == 1 {
		return err
	}
	return library.Errorf(library.EUNAUTHORIZED, "signed out meanwhile")
}

// EndSession signs one session out. Ending a session that does not exist
// is not an error: the outcome is the same.
func (db *DB) EndSession(ctx context.Context, token string) error {
	return db.inTx(ctx, func(tx txn) error {
		_, err := tx.ExecContext(ctx, `DELETE FROM sessions WHERE token_hash = $1`, auth.HashToken(token))
		return err
	})
}

// EndAllSessions signs a patron out everywhere: every session of every
// browser and every app's API token.
func (db *DB) EndAllSessions(ctx context.Context, patronID int64) error {
	return db.inTx(ctx, func(tx txn) error { return endAllSessions(ctx, tx, patronID) })
}

// endAllSessions ends every session and API token of a patron. Signing out
// everywhere, a new PIN and a PIN reset all come here, so that no way of
// being signed in outlives the PIN it was made with.
func endAllSessions(ctx context.Context, tx txn, patronID int64) error {
	if _, err := tx.ExecContext(ctx, `DELETE FROM sessions WHERE patron_id = $1`, patronID); err != nil {
		return fmt.Errorf("end sessions of patron %d: %w", patronID, err)
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM api_tokens WHERE patron_id = $1`, patronID); err != nil {
		return fmt.Errorf("end api tokens of patron %d: %w", patronID, err)
	}
	return nil
}
