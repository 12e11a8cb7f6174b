package store

// Notices: the outbox.
//
// Circulation writes a notice inside its own transaction with
//
//	insertNotice(ctx, tx, library.Notice{PatronID: p, Kind: library.NoticeHoldReady,
//		Params: map[string]string{"title": t, "branch": b}, Created: now})
//
// Channel may be left empty: insertNotice fills in the patron's current
// notice channel. A notice for a patron who reads messages in My Account
// only is settled at once (DeliveryAccountOnly); the others wait for the
// sender (package notice), which claims them with ClaimNotices, sends
// them and records with FinishNotice what became of each.

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"time"

	"github.com/kirjasto/kirjasto/internal/library"
)

// DB implements library.Notices.
var _ library.Notices = (*DB)(nil)

// insertNotice writes n to the outbox in tx and returns its ID. Call it in
// the transaction of the event the notice tells of. n.Channel defaults to
// the patron's notice channel and n.Created must be set (the event's now).
func insertNotice(ctx context.Context, tx txn, n library.Notice) (int64, error) {
	params, err := json.Marshal(n.Params)
	if err != nil {
		return 0, fmt.Errorf("notice %s: %w", n.Kind, err)
	}
	if n.Params == nil {
		params = []byte("{}")
	}
	if n.Created.IsZero() {
		return 0, fmt.Errorf("notice %s: no creation time", n.Kind)
	}
	var id int64
	err = tx.QueryRowContext(ctx, `
		INSERT INTO notices (patron_id, kind, params, channel, created, delivery)
		SELECT id, $1, $2, ch, $4, CASE WHEN ch = $6 THEN $6 ELSE $7 END
		FROM (SELECT id, CASE WHEN $3 = '' THEN notice_channel ELSE $3 END AS ch FROM patrons WHERE id = $5) p
		RETURNING id`, n.Kind, string(params), n.Channel, instant(n.Created), n.PatronID,
		library.DeliveryAccountOnly, library.DeliveryWaiting).Scan(&id)
	if err == sql.ErrNoRows {
		return 0, library.Errorf(library.ENOTFOUND, "notice %s: patron %d not found", n.Kind, n.PatronID)
	}
	if err != nil {
		return 0, fmt.Errorf("notice %s to patron %d: %w", n.Kind, n.PatronID, err)
	}
	return id, nil
}

// insertGuestNotice writes a notice to a guest without a library card
// (n.Guest) to the outbox in tx: by e-mail when the guest gave an address,
// else by text message. libraryID is the library whose staff outbox shows
// it (the event's).
func insertGuestNotice(ctx context.Context, tx txn, n library.Notice, libraryID string) (int64, error) {
	g := n.Guest
	if g == nil || (g.Email == "" && g.Phone == "") {
		return 0, fmt.Errorf("notice %s: a guest notice without an address", n.Kind)
	}
	if n.Created.IsZero() {
		return 0, fmt.Errorf("notice %s: no creation time", n.Kind)
	}
	params := "{}"
	if n.Params != nil {
		params = jsonText(n.Params)
	}
	channel := library.ChannelEmail
	if g.Email == "" {
		channel = library.ChannelSMS
	}
	var id int64
	err := tx.QueryRowContext(ctx, `
		INSERT INTO notices (patron_id, kind, params, channel, created, delivery,
			guest_name, guest_email, guest_phone, guest_lang, library_id)
		VALUES (NULL, $1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id`,
		n.Kind, params, channel, instant(n.Created), library.DeliveryWaiting,
		g.Name, g.Email, g.Phone, g.Lang, libraryID).Scan(&id)
	if err != nil {
		return 0, fmt.Errorf("notice %s to a guest: %w", n.Kind, err)
	}
	return id, nil
}

const noticeColumns = `id, COALESCE(patron_id, 0), kind, params, channel, created, delivery, sent_at, read_at, attempts,
	guest_name, guest_email, guest_phone, guest_lang, sending_at IS NOT NULL`

func scanNotices(rows *sql.Rows) ([]library.Notice, error) {
	defer rows.Close()
	var ns []library.Notice
	for rows.Next() {
		var n library.Notice
		var params string
		var sent, read sql.NullTime
		var g library.Guest
		if err := rows.Scan(&n.ID, &n.PatronID, &n.Kind, &params, &n.Channel, &n.Created, &n.Delivery, &sent, &read, &n.Attempts,
			&g.Name, &g.Email, &g.Phone, &g.Lang, &n.Interrupted); err != nil {
			return nil, err
		}
		if n.PatronID == 0 {
			n.Guest = &g
		}
		if err := json.Unmarshal([]byte(params), &n.Params); err != nil {
			return nil, fmt.Errorf("notice %d params: %w", n.ID, err)
		}
		n.Created = n.Created.UTC()
		if sent.Valid {
			n.SentAt = sent.Time.UTC()
		}
		if read.Valid {
			n.ReadAt = read.Time.UTC()
		}
		ns = append(ns, n)
	}
	return ns, rows.Err()
}

// Notices returns a patron's messages, newest first.
func (db *DB) Notices(ctx context.Context, patronID int64) ([]library.Notice, error) {
	rows, err := db.reader().QueryContext(ctx, `SELECT `+noticeColumns+` FROM notices
		WHERE patron_id = $1 ORDER BY created DESC, id DESC LIMIT 200`, patronID)
	if err != nil {
		return nil, fmt.Errorf("notices of patron %d: %w", patronID, err)
	}
	return scanNotices(rows)
}

// RecentNotices returns the newest notices of the patrons of a home
// library and of the guests of its events, or of everyone when libraryID
// is "". It reads neither the notices' parameters nor anything of the
// patron or guest beyond the name.
func (db *DB) RecentNotices(ctx context.Context, libraryID string, limit int) ([]library.OutboxNotice, error) {
	rows, err := db.reader().QueryContext(ctx, `SELECT n.id, COALESCE(p.name, n.guest_name), n.kind, n.channel, n.created,
			n.delivery, n.sent_at, n.last_error, n.patron_id IS NULL
		FROM notices n LEFT JOIN patrons p ON p.id = n.patron_id
		WHERE $1 = '' OR p.home_library = $1 OR (n.patron_id IS NULL AND n.library_id = $1)
		ORDER BY n.created DESC, n.id DESC LIMIT $2`, libraryID, limit)
	if err != nil {
		return nil, fmt.Errorf("recent notices: %w", err)
	}
	defer rows.Close()
	var ns []library.OutboxNotice
	for rows.Next() {
		var n library.OutboxNotice
		var sent sql.NullTime
		if err := rows.Scan(&n.ID, &n.PatronName, &n.Kind, &n.Channel, &n.Created, &n.Delivery, &sent, &n.Reason, &n.Guest); err != nil {
			return nil, fmt.Errorf("recent notices: %w", err)
		}
		n.Failed = n.Reason != ""
		n.Created = n.Created.UTC()
		if sent.Valid {
			n.SentAt = sent.Time.UTC()
		}
		ns = append(ns, n)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("recent notices: %w", err)
	}
	return ns, nil
}

// MarkNoticesRead marks all of a patron's messages read.
func (db *DB) MarkNoticesRead(ctx context.Context, patronID int64, now time.Time) error {
	return db.inTx(ctx, func(tx txn) error {
		_, err := tx.ExecContext(ctx, `UPDATE notices SET read_at = $1 WHERE patron_id = $2 AND read_at IS NULL`, instant(now), patronID)
		return err
	})
}

// claimTimeout is how long a claim holds by default. A node that claims
// notices and dies before sending them leaves them claimed; after this
// they are claimed again. It is far longer than sending a batch takes.
const claimTimeout = 10 * time.Minute

// ClaimNotices claims up to limit pending notices with the default lease
// and no holder's name: ClaimNoticesAs for one sender alone.
func (db *DB) ClaimNotices(ctx context.Context, limit int, now time.Time) ([]library.Notice, error) {
	return db.ClaimNoticesAs(ctx, "", claimTimeout, limit, now)
}

// ClaimNoticesAs claims up to limit pending notices for holder (a node)
// until now+lease and returns them. A notice is claimed by a conditional
// UPDATE, so of several nodes claiming at once exactly one gets each
// notice; a claim whose lease has passed may be taken by another. A notice
// given back by RetryNotice waits until its retry time. A claimed notice
// whose sending had begun under a lapsed claim says so (Interrupted).
func (db *DB) ClaimNoticesAs(ctx context.Context, holder string, lease time.Duration, limit int, now time.Time) ([]library.Notice, error) {
	now = instant(now)
	var claimed []library.Notice
	err := db.inTx(ctx, func(tx txn) error {
		rows, err := tx.QueryContext(ctx, `SELECT id FROM notices
			WHERE delivery = 'waiting' AND (claimed_at IS NULL OR claimed_at < $1) AND (retry_at IS NULL OR retry_at <= $3)
			ORDER BY created, id LIMIT $2`, now.Add(-lease), limit, now)
		if err != nil {
			return err
		}
		var ids []int64
		for rows.Next() {
			var id int64
			if err := rows.Scan(&id); err != nil {
				rows.Close()
				return err
			}
			ids = append(ids, id)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		for _, id := range ids {
			// The WHERE repeats the pending test: under PostgreSQL's READ
			// COMMITTED another node may have claimed the row since the
			// SELECT, and then this UPDATE (re-checked after its lock)
			// changes nothing.
			rows, err := tx.QueryContext(ctx, `UPDATE notices SET claimed_at = $1, claimed_by = $4, attempts = attempts + 1
				WHERE id = $2 AND delivery = 'waiting' AND (claimed_at IS NULL OR claimed_at < $3) AND (retry_at IS NULL OR retry_at <= $1)
				RETURNING `+noticeColumns, now, id, now.Add(-lease), holder)
			if err != nil {
				return err
			}
			ns, err := scanNotices(rows)
			if err != nil {
				return err
			}
			claimed = append(claimed, ns...)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("claim notices: %w", err)
	}
	return claimed, nil
}

// StartSending records that holder begins sending notice id, and renews
// its claim until now+lease, if holder still holds it; false means it
// does not (its lease passed and it may be another node's now), and the
// notice must not be sent. So at most one node is ever sending a notice,
// as long as a send ends within its lease.
func (db *DB) StartSending(ctx context.Context, id int64, holder string, lease time.Duration, now time.Time) (bool, error) {
	now = instant(now)
	var n int64
	err := db.inTx(ctx, func(tx txn) error {
		res, err := tx.ExecContext(ctx, `UPDATE notices SET sending_at = $1, claimed_at = $1
			WHERE id = $2 AND delivery = 'waiting' AND claimed_by = $3 AND claimed_at >= $4`, now, id, holder, now.Add(-lease))
		if err != nil {
			return err
		}
		n, err = res.RowsAffected()
		return err
	})
	if err != nil {
		return false, fmt.Errorf("start sending notice %d: %w", id, err)
	}
	return n == 1, nil
}

// PendingNotices returns up to limit notices waiting for the sender,
// oldest first, without claiming them.
func (db *DB) PendingNotices(ctx context.Context, limit int) ([]library.Notice, error) {
	rows, err := db.reader().QueryContext(ctx, `SELECT `+noticeColumns+` FROM notices
		WHERE delivery = 'waiting' ORDER BY created, id LIMIT $1`, limit)
	if err != nil {
		return nil, fmt.Errorf("pending notices: %w", err)
	}
	return scanNotices(rows)
}

// FinishNotice records what became of a claimed notice: delivery is
// DeliverySent when a mail server accepted it (sent_at is then now), or
// why it was not sent. Either way it is no longer waiting.
func (db *DB) FinishNotice(ctx context.Context, id int64, delivery string, now time.Time) error {
	if delivery == library.DeliveryWaiting {
		return fmt.Errorf("finish notice %d: %q is not an outcome", id, delivery)
	}
	var sent any
	if delivery == library.DeliverySent {
		sent = instant(now)
	}
	return db.inTx(ctx, func(tx txn) error {
		_, err := tx.ExecContext(ctx, `UPDATE notices SET delivery = $1, sent_at = $2, last_error = '', retry_at = NULL, sending_at = NULL
			WHERE id = $3 AND delivery = 'waiting'`, delivery, sent, id)
		return err
	})
}

// RetryNotice gives a claimed notice back after a failed send, with the
// reason for the staff's outbox page, to be claimed again at retryAt.
func (db *DB) RetryNotice(ctx context.Context, id int64, reason string, retryAt time.Time) error {
	return db.inTx(ctx, func(tx txn) error {
		_, err := tx.ExecContext(ctx, `UPDATE notices SET claimed_at = NULL, sending_at = NULL, last_error = $1, retry_at = $2
			WHERE id = $3 AND delivery = 'waiting'`, reason, instant(retryAt), id)
		return err
	})
}

// ReleaseNotice gives a claimed notice back untried, for this or another
// node to claim at once; the claim does not count as a try.
func (db *DB) ReleaseNotice(ctx context.Context, id int64) error {
	return db.inTx(ctx, func(tx txn) error {
		_, err := tx.ExecContext(ctx, `UPDATE notices SET claimed_at = NULL, attempts = attempts - 1
			WHERE id = $1 AND delivery = 'waiting' AND claimed_at IS NOT NULL`, id)
		return err
	})
}

// GiveUpNotice records that a claimed notice will not be sent: its channel
// refused it for good, or the back-off has run out. The reason stays for
// the staff's outbox page.
func (db *DB) GiveUpNotice(ctx context.Context, id int64, reason string) error {
	return db.inTx(ctx, func(tx txn) error {
		_, err := tx.ExecContext(ctx, `UPDATE notices SET delivery = $1, claimed_at = NULL, sending_at = NULL, retry_at = NULL, last_error = $2
			WHERE id = $3 AND delivery = 'waiting'`, library.DeliveryFailed, reason, id)
		return err
	})
}
