package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/kirjasto/kirjasto/internal/auth"
	"github.com/kirjasto/kirjasto/internal/i18n"
	"github.com/kirjasto/kirjasto/internal/library"
)

// AccountConfig says how PINs are hashed, when cards lock and how long
// sessions live.
type AccountConfig struct {
	Hasher *auth.Hasher
	// MaxFailures failed sign-ins within Lockout lock the card (or staff
	// account) for Lockout.
	MaxFailures int
	Lockout     time.Duration
	// A session ends SessionMax after sign-in, or after SessionIdle
	// without a request, whichever comes first. Library computers are
	// shared, so the idle limit is short.
	SessionMax  time.Duration
	SessionIdle time.Duration
	// ResetTTL is how long a forgotten-PIN link works.
	ResetTTL time.Duration
	// ResetURL turns a reset token into the link sent to the patron.
	ResetURL func(token string) string
	// EventCancelURL turns an event sign-up's cancellation token into the
	// link its confirmation carries.
	EventCancelURL func(token string) string
	// BookingGuestURL turns a guest's booking token into the link the
	// guest's confirmation carries.
	BookingGuestURL func(token string) string
}

// DefaultAccountConfig returns the defaults: 5 failures lock a card for 15
// minutes; sessions last at most 12 hours and 30 idle minutes; reset links
// 1 hour. Its pepper is empty: a server sets its own with SetAccountConfig.
func DefaultAccountConfig() AccountConfig {
	c := defaultLimits()
	c.Hasher = auth.NewHasher(nil, auth.DefaultParams)
	return c
}

// defaultLimits is DefaultAccountConfig without its hasher, whose making
// costs a hash at production cost (NewHasher makes its dummy hash).
func defaultLimits() AccountConfig {
	return AccountConfig{
		MaxFailures: 5,
		Lockout:     15 * time.Minute,
		SessionMax:  12 * time.Hour,
		SessionIdle: 30 * time.Minute,
		ResetTTL:    time.Hour,
		ResetURL:    func(token string) string { return "/pin/reset/" + token },
		// EventCancelPath is a path; a server with a public address
		// puts it in front (cmd/kirjasto configureAccounts).
		EventCancelURL:  library.EventCancelPath,
		BookingGuestURL: library.BookingGuestPath,
	}
}

// SetAccountConfig replaces the account configuration. Zero fields keep
// their defaults. Call it before serving.
func (db *DB) SetAccountConfig(c AccountConfig) {
	d := defaultLimits()
	if c.Hasher == nil {
		c.Hasher = auth.NewHasher(nil, auth.DefaultParams)
	}
	if c.MaxFailures <= 0 {
		c.MaxFailures = d.MaxFailures
	}
	if c.Lockout <= 0 {
		c.Lockout = d.Lockout
	}
	if c.SessionMax <= 0 {
		c.SessionMax = d.SessionMax
	}
	if c.SessionIdle <= 0 {
		c.SessionIdle = d.SessionIdle
	}
	if c.ResetTTL <= 0 {
		c.ResetTTL = d.ResetTTL
	}
	if c.ResetURL == nil {
		c.ResetURL = d.ResetURL
	}
	if c.EventCancelURL == nil {
		c.EventCancelURL = d.EventCancelURL
	}
	if c.BookingGuestURL == nil {
		c.BookingGuestURL = d.BookingGuestURL
	}
	db.accounts.Store(&c)
}

// accountConfig returns the configuration, making the default on first use.
// Hasher is the hasher of PINs and passwords, with the server's pepper:
// for the web server's pseudonyms too.
func (db *DB) Hasher() *auth.Hasher { return db.accountConfig().Hasher }

func (db *DB) accountConfig() *AccountConfig {
	if c := db.accounts.Load(); c != nil {
		return c
	}
	d := DefaultAccountConfig()
	db.accounts.CompareAndSwap(nil, &d)
	return db.accounts.Load()
}

// DB implements library.Patrons.
var _ library.Patrons = (*DB)(nil)

// instant returns t as both databases store it: UTC, microseconds.
func instant(t time.Time) time.Time { return t.UTC().Truncate(time.Microsecond) }

// CreatePatron adds a card holder. An empty pin leaves the card without
// one: it cannot sign in until a PIN is set (by reset or at the desk).
func (db *DB) CreatePatron(ctx context.Context, p library.Patron, pin string) (library.Patron, error) {
	p.CardNumber = strings.TrimSpace(p.CardNumber)
	if p.CardNumber == "" || p.Name == "" {
		return p, library.Errorf(library.EINVALID, "create patron: card number and name are required")
	}
	defaults(&p)
	var hash string
	if pin != "" {
		if err := checkPIN(pin); err != nil {
			return p, err
		}
		var err error
		if hash, err = db.accountConfig().Hasher.Hash(pin); err != nil {
			return p, err
		}
	}
	if p.Created.IsZero() {
		p.Created = db.timestamp()
	}
	p.Created = instant(p.Created)
	err := db.inTx(ctx, func(tx txn) error {
		return tx.QueryRowContext(ctx, `
			INSERT INTO patrons (card_number, name, email, phone, street, postal_code, city, lang,
				notice_channel, pickup_branch, category, home_library, guardian_id, history_opt_in,
				block_reason, staff_note, pin_hash, created, name_key, phone_key, birth_date)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21)
			RETURNING id`,
			p.CardNumber, p.Name, p.Email, p.Phone, p.Street, p.PostalCode, p.City, p.Lang,
			p.NoticeChannel, p.PickupBranch, p.Category, p.HomeLibrary, sql.NullInt64{Int64: p.GuardianID, Valid: p.GuardianID != 0}, p.HistoryOptIn,
			p.BlockReason, p.StaffNote, hash, p.Created, nameKey(p.Name), phoneKey(p.Phone), dateText(p.BirthDate)).Scan(&p.ID)
	})
	if isUniqueViolation(err) {
		return p, &library.Error{Code: library.ECONFLICT, Key: "error.card_taken", Message: fmt.Sprintf("card %s already exists", p.CardNumber)}
	}
	if err != nil {
		return p, fmt.Errorf("create patron %s: %w", p.CardNumber, err)
	}
	return p, nil
}

// defaults fills the preferences a new patron has not chosen.
func defaults(p *library.Patron) {
	if p.Lang == "" {
		p.Lang = "fi"
	}
	if p.NoticeChannel == "" {
		p.NoticeChannel = library.ChannelAccount
		if p.Email != "" {
			p.NoticeChannel = library.ChannelEmail
		}
	}
	if p.Category == "" {
		p.Category = library.CategoryAdult
	}
}

// patronColumns are the columns scanPatron reads, in its order.
const patronColumns = `id, card_number, name, email, phone, street, postal_code, city, lang,
	notice_channel, pickup_branch, category, home_library, guardian_id, history_opt_in,
	block_reason, staff_note, created, closed_at, birth_date, blocked_by, blocked_at, provisional,
	confirmed_at, identity_hash IS NOT NULL, merged_into`

func scanPatron(row interface{ Scan(...any) error }, p *library.Patron) error {
	var guardian, blockedBy, merged sql.NullInt64
	var closed, blockedAt, confirmed sql.NullTime
	var birth string
	err := row.Scan(&p.ID, &p.CardNumber, &p.Name, &p.Email, &p.Phone, &p.Street, &p.PostalCode, &p.City, &p.Lang,
		&p.NoticeChannel, &p.PickupBranch, &p.Category, &p.HomeLibrary, &guardian, &p.HistoryOptIn,
		&p.BlockReason, &p.StaffNote, &p.Created, &closed, &birth, &blockedBy, &blockedAt, &p.Provisional,
		&confirmed, &p.StronglyIdentified, &merged)
	if err != nil {
		return err
	}
	p.GuardianID = guardian.Int64
	p.Created = p.Created.UTC()
	if closed.Valid {
		p.ClosedAt = closed.Time.UTC()
	}
	p.BlockedBy, p.MergedInto = blockedBy.Int64, merged.Int64
	if blockedAt.Valid {
		p.BlockedAt = blockedAt.Time.UTC()
	}
	if confirmed.Valid {
		p.ConfirmedAt = confirmed.Time.UTC()
	}
	if birth != "" {
		p.BirthDate, err = library.ParseDate(birth)
	}
	return err
}

// Patron returns the patron with the given ID.
func (db *DB) Patron(ctx context.Context, id int64) (library.Patron, error) {
	var p library.Patron
	err := scanPatron(db.reader().QueryRowContext(ctx, `SELECT `+patronColumns+` FROM patrons WHERE id = $1`, id), &p)
	if errors.Is(err, sql.ErrNoRows) {
		return p, library.Errorf(library.ENOTFOUND, "patron %d not found", id)
	}
	if err != nil {
		return p, fmt.Errorf("patron %d: %w", id, err)
	}
	return p, nil
}

// PatronByCard returns the patron with the given card number.
func (db *DB) PatronByCard(ctx context.Context, card string) (library.Patron, error) {
	var p library.Patron
	card = strings.TrimSpace(card)
	err := scanPatron(db.reader().QueryRowContext(ctx, `SELECT `+patronColumns+` FROM patrons WHERE card_number = $1`, card), &p)
	if errors.Is(err, sql.ErrNoRows) {
		// A retired card is still not found, so that it lends and signs
		// in nothing, but its Key tells the desk and kiosks why.
		return p, unknownCard(ctx, db.reader(), card)
	}
	if err != nil {
		return p, fmt.Errorf("patron by card %s: %w", card, err)
	}
	return p, nil
}

// UpdatePatron changes contact details and preferences: e-mail, phone,
// address, language, notice channel and pickup branch. The card, category,
// blocks and notes are staff business and are left alone.
func (db *DB) UpdatePatron(ctx context.Context, p library.Patron) error {
	if err := checkPreferences(p); err != nil {
		return err
	}
	return db.inTx(ctx, func(tx txn) error {
		res, err := tx.ExecContext(ctx, `
			UPDATE patrons SET email = $1, phone = $2, street = $3, postal_code = $4, city = $5,
				lang = $6, notice_channel = $7, pickup_branch = $8, phone_key = $10
			WHERE id = $9`,
			strings.TrimSpace(p.Email), strings.TrimSpace(p.Phone), strings.TrimSpace(p.Street),
			strings.TrimSpace(p.PostalCode), strings.TrimSpace(p.City), p.Lang, p.NoticeChannel, p.PickupBranch, p.ID,
			phoneKey(p.Phone))
		if err != nil {
			return fmt.Errorf("update patron %d: %w", p.ID, err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return library.Errorf(library.ENOTFOUND, "patron %d not found", p.ID)
		}
		return nil
	})
}

// checkPreferences refuses preferences that cannot work: an e-mail channel
// without an address, an SMS channel without a phone, a language that has
// no message catalogue.
func checkPreferences(p library.Patron) error {
	invalid := func(key, msg string) error {
		return &library.Error{Code: library.EINVALID, Key: key, Message: msg}
	}
	if !i18n.Available(p.Lang) {
		return invalid("error.lang", fmt.Sprintf("unknown language %q", p.Lang))
	}
	email := strings.TrimSpace(p.Email)
	if email != "" && (!strings.Contains(email, "@") || strings.ContainsAny(email, " \t\r\n<>")) {
		return invalid("error.email_format", fmt.Sprintf("not an e-mail address: %q", email))
	}
	switch p.NoticeChannel {
	case library.ChannelAccount:
	case library.ChannelEmail:
		if email == "" {
			return invalid("error.email_required", "e-mail notices need an e-mail address")
		}
	case library.ChannelSMS:
		if strings.TrimSpace(p.Phone) == "" {
			return invalid("error.phone_required", "SMS notices need a phone number")
		}
	default:
		return invalid("error.channel", fmt.Sprintf("unknown notice channel %q", p.NoticeChannel))
	}
	return nil
}
