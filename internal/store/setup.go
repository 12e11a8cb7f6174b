package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/kirjasto/kirjasto/internal/auth"
	"github.com/kirjasto/kirjasto/internal/i18n"
	"github.com/kirjasto/kirjasto/internal/library"
)

// MinAdminPassword is the shortest password of an administrator made with
// a setup token: an administrator can do everything, everywhere, so the
// bar is higher than for other staff.
const MinAdminPassword = 12

// maxPassword bounds what is hashed, so that a megabyte "password" cannot
// keep the hasher busy.
const maxPassword = 1024

// SetupToken is a one-time secret that creates an administrator. The
// store keeps only its hash; Token is shown once, by kirjasto init.
type SetupToken struct {
	Token   string
	Expires time.Time
}

// HasConsortium reports whether the database holds a consortium: a name
// or a member library. kirjasto init refuses a database that has one, and
// kirjasto serve one that has none.
func (db *DB) HasConsortium(ctx context.Context) (bool, error) {
	var has bool
	err := db.inReadTx(ctx, func(tx txn) error {
		var err error
		has, err = hasConsortium(ctx, tx)
		return err
	})
	if err != nil {
		return false, fmt.Errorf("has consortium: %w", err)
	}
	return has, nil
}

func hasConsortium(ctx context.Context, q queryer) (bool, error) {
	var n int
	err := q.QueryRowContext(ctx, `
		SELECT (SELECT count(*) FROM settings WHERE key = 'consortium.name' AND value NOT IN ('null', '{}'))
			+ (SELECT count(*) FROM libraries)`).Scan(&n)
	return n > 0, err
}

// InitConsortium starts a consortium on a database that has none: it
// stores the consortium's name, which needs at least Finnish, and a setup
// token for the first administrator that works until now+ttl, in one
// transaction. A database that already has a consortium is refused with
// ECONFLICT "error.setup_consortium_exists" and left as it was, even when two
// runs of kirjasto init race.
func (db *DB) InitConsortium(ctx context.Context, name library.Text, now time.Time, ttl time.Duration) (SetupToken, error) {
	if err := checkConsortiumName(name); err != nil {
		return SetupToken{}, err
	}
	var st SetupToken
	err := db.inTx(ctx, func(tx txn) error {
		has, err := hasConsortium(ctx, tx)
		if err != nil {
			return err
		}
		if has {
			return consortiumExists()
		}
		// The conditional upsert is the guard itself: of two transactions
		// that both found no consortium, the second finds the first's row
		// (PostgreSQL waits for it to commit) and changes nothing.
		res, err := tx.ExecContext(ctx, `
			INSERT INTO settings (key, value) VALUES ('consortium.name', $1)
			ON CONFLICT (key) DO UPDATE SET value = excluded.value
			WHERE settings.value IN ('null', '{}')`, jsonText(name))
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil {
			return err
		} else if n != 1 {
			return consortiumExists()
		}
		st, err = createSetupToken(ctx, tx, now, ttl)
		return err
	})
	if err != nil {
		return SetupToken{}, fmt.Errorf("init consortium: %w", err)
	}
	return st, nil
}

func consortiumExists() error {
	return &library.Error{Code: library.ECONFLICT, Key: "error.setup_consortium_exists", Message: "the database already has a consortium"}
}

// checkConsortiumName wants a Finnish name and knows every language.
func checkConsortiumName(name library.Text) error {
	if strings.TrimSpace(name["fi"]) == "" {
		return &library.Error{Code: library.EINVALID, Key: "error.setup_consortium_name", Message: "the consortium needs a name in Finnish"}
	}
	for lang, s := range name {
		if !i18n.Available(lang) {
			return &library.Error{Code: library.EINVALID, Key: "error.lang", Message: fmt.Sprintf("unknown language %q", lang)}
		}
		if strings.TrimSpace(s) == "" || strings.TrimSpace(s) != s {
			return &library.Error{Code: library.EINVALID, Key: "error.setup_consortium_name",
				Message: fmt.Sprintf("the consortium's name in %s is empty or has surrounding spaces", lang)}
		}
	}
	return nil
}

// CreateSetupToken makes another one-time token that creates an
// administrator, valid until now+ttl.
func (db *DB) CreateSetupToken(ctx context.Context, now time.Time, ttl time.Duration) (SetupToken, error) {
	var st SetupToken
	err := db.inTx(ctx, func(tx txn) error {
		var err error
		st, err = createSetupToken(ctx, tx, now, ttl)
		return err
	})
	if err != nil {
		return SetupToken{}, fmt.Errorf("create setup token: %w", err)
	}
	return st, nil
}

func createSetupToken(ctx context.Context, tx txn, now time.Time, ttl time.Duration) (SetupToken, error) {
	if ttl <= 0 {
		return SetupToken{}, library.Errorf(library.EINVALID, "setup token lifetime %v is not positive", ttl)
	}
	now = instant(now)
	st := SetupToken{Token: auth.NewToken(), Expires: now.Add(ttl)}
	_, err := tx.ExecContext(ctx, `INSERT INTO setup_tokens (token_hash, created, expires_at) VALUES ($1, $2, $3)`,
		auth.HashToken(st.Token), now, st.Expires)
	return st, err
}

// CheckSetupToken reports whether a setup token can still be claimed, so
// that the page behind the link can say so before anyone types a
// password. Its errors are those of ClaimSetupToken.
func (db *DB) CheckSetupToken(ctx context.Context, token string, now time.Time) error {
	return setupTokenState(ctx, db.reader(), token, instant(now))
}

// setupTokenState returns nil for a live token, else why it is not.
func setupTokenState(ctx context.Context, q queryer, token string, now time.Time) error {
	var used sql.NullTime
	var expires time.Time
	err := q.QueryRowContext(ctx, `SELECT used_at, expires_at FROM setup_tokens WHERE token_hash = $1`,
		auth.HashToken(token)).Scan(&used, &expires)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return &library.Error{Code: library.ENOTFOUND, Key: "error.setup_link_unknown", Message: "unknown setup token"}
	case err != nil:
		return fmt.Errorf("setup token: %w", err)
	case used.Valid:
		return &library.Error{Code: library.ECONFLICT, Key: "error.setup_link_used", Message: "setup token already used"}
	case !now.Before(expires):
		return &library.Error{Code: library.EINVALID, Key: "error.setup_link_expired", Message: "setup token expired"}
	}
	return nil
}

// ClaimSetupToken creates an administrator (library.RoleAdmin) with a
// setup token and uses the token up, in one transaction: an unknown, used
// or expired token creates nobody, a refused account (a taken username)
// leaves the token usable, and of two claims of one token at the same
// moment exactly one succeeds.
func (db *DB) ClaimSetupToken(ctx context.Context, token, username, name, password string, now time.Time) (library.Staff, error) {
	s := library.Staff{Username: normalUsername(username), Name: strings.TrimSpace(name), Role: library.RoleAdmin}
	if err := CheckAdminAccount(s.Username, s.Name, password); err != nil {
		return library.Staff{}, err
	}
	now = instant(now)
	// Check first, so that a dead link costs no hashing.
	if err := db.CheckSetupToken(ctx, token, now); err != nil {
		return library.Staff{}, err
	}
	// Hash before the transaction, so it does not hold the writer.
	hash, err := db.accountConfig().Hasher.Hash(password)
	if err != nil {
		return library.Staff{}, err
	}
	err = db.inTx(ctx, func(tx txn) error {
		// Using the token is the conditional UPDATE itself: a second claim
		// waits for the first (PostgreSQL's row lock, SQLite's single
		// writer) and then finds it used.
		res, err := tx.ExecContext(ctx, `UPDATE setup_tokens SET used_at = $1
			WHERE token_hash = $2 AND used_at IS NULL AND expires_at > $1`, now, auth.HashToken(token))
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil {
			return err
		} else if n != 1 {
			if err := setupTokenState(ctx, tx, token, now); err != nil {
				return err
			}
			return errors.New("setup token changed during its claim")
		}
		err = tx.QueryRowContext(ctx, `
			INSERT INTO staff (username, name, role, branch, password_hash, created)
			VALUES ($1, $2, $3, '', $4, $5) RETURNING id`,
			s.Username, s.Name, s.Role, hash, now).Scan(&s.ID)
		if isUniqueViolation(err) {
			return &library.Error{Code: library.ECONFLICT, Key: "error.setup_username_taken", Message: fmt.Sprintf("staff user %s already exists", s.Username)}
		}
		if err != nil {
			return err
		}
		if _, err = tx.ExecContext(ctx, `UPDATE setup_tokens SET staff_id = $1 WHERE token_hash = $2`, s.ID, auth.HashToken(token)); err != nil {
			return err
		}
		return audit(ctx, tx, library.AuditEntry{Action: library.AuditStaffCreated, TargetStaffID: s.ID,
			Detail: s.Username + ": " + s.Role + " (setup link)"}, now)
	})
	if err != nil {
		return library.Staff{}, fmt.Errorf("claim setup token: %w", err)
	}
	s.Created = now
	return s, nil
}

// normalUsername is a username as staff accounts keep it (CreateStaff
// does the same): trimmed and in lower case.
func normalUsername(u string) string { return strings.ToLower(strings.TrimSpace(u)) }

// CheckAdminAccount checks what an administrator's account needs before
// anything is stored, so that kirjasto init can refuse a short password
// before it creates the consortium: a username of letters, digits and
// . _ - @ (at most 64), a name, and a password of MinAdminPassword
// characters or more.
func CheckAdminAccount(username, name, password string) error {
	username = normalUsername(username)
	if username == "" || utf8.RuneCountInString(username) > 64 ||
		strings.IndexFunc(username, func(r rune) bool {
			return !unicode.IsLetter(r) && !unicode.IsDigit(r) && !strings.ContainsRune("._-@", r)
		}) >= 0 {
		return &library.Error{Code: library.EINVALID, Key: "error.setup_username_invalid",
			Message: fmt.Sprintf("username %q: use 1 to 64 letters, digits and . _ - @", username)}
	}
	if strings.TrimSpace(name) == "" {
		return &library.Error{Code: library.EINVALID, Key: "error.setup_name_required", Message: "the administrator needs a name"}
	}
	if utf8.RuneCountInString(password) < MinAdminPassword {
		return &library.Error{Code: library.EINVALID, Key: "error.setup_password_short", Count: MinAdminPassword,
			Message: fmt.Sprintf("the password must be at least %d characters", MinAdminPassword)}
	}
	if len(password) > maxPassword {
		return &library.Error{Code: library.EINVALID, Key: "error.setup_password_long", Count: maxPassword,
			Message: fmt.Sprintf("the password must be at most %d bytes", maxPassword)}
	}
	return nil
}
