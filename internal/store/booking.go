package store

import (
	"context"
	"crypto/rand"
	"database/sql"
	"fmt"
	"math/big"
	"strings"
	"time"

	"github.com/kirjasto/kirjasto/internal/auth"
	"github.com/kirjasto/kirjasto/internal/library"
)

// Bookings of resources: residents', guests' and staff's. Every write
// locks the resource's row first (lockResource), then reads what the
// rules need and checks them (library.BookingCheck), then writes with the
// notice and audit entry, all in one transaction: of any number of
// requests for one resource at once, each sees the ones committed before
// it, so no two bookings that hold their time ever overlap, and no
// person goes over a weekly limit.

const bookingColumns = `b.id, b.resource_id, b.starts, b.ends, b.status, b.block, COALESCE(b.patron_id, 0),
	b.guest_name, b.guest_email, b.guest_phone, b.guest_lang, b.topic, b.help_lang, b.message, b.access_code,
	b.reason, COALESCE(b.series_id, 0), COALESCE(b.staff_id, 0), b.cause, b.flag, b.price, COALESCE(b.fee_id, 0),
	b.created_at, b.updated_at, b.checked_in_at, b.version,
	CASE WHEN b.block THEN COALESCE(st.name, '') WHEN b.patron_id IS NOT NULL THEN COALESCE(p.name, '') ELSE b.guest_name END`

const bookingFrom = ` FROM bookings b JOIN resources r ON r.id = b.resource_id JOIN branches br ON br.id = r.branch_id
	LEFT JOIN patrons p ON p.id = b.patron_id LEFT JOIN staff st ON st.id = b.staff_id`

// bookingsOf returns the bookings matching where (over b, r, br, p, st),
// each with its resource (without photos), in start order.
func bookingsOf(ctx context.Context, q queryer, where string, args ...any) ([]library.BookingDetail, error) {
	cols := strings.ReplaceAll(resourceColumns, "b.library_id", "br.library_id")
	rows, err := q.QueryContext(ctx, `SELECT `+bookingColumns+`, `+cols+bookingFrom+` WHERE `+where+` ORDER BY b.starts, b.id`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []library.BookingDetail
	for rows.Next() {
		var d library.BookingDetail
		b := &d.Booking
		var checkedIn sql.NullTime
		var g library.Guest
		dest := []any{&b.ID, &b.ResourceID, &b.Start, &b.End, &b.Status, &b.Block, &b.PatronID,
			&g.Name, &g.Email, &g.Phone, &g.Lang, &b.Topic, &b.HelpLang, &b.Message, &b.AccessCode,
			&b.Reason, &b.SeriesID, &b.StaffID, &b.Cause, &b.Flag, &b.Price, &b.FeeID,
			&b.Created, &b.Updated, &checkedIn, &b.Version, &d.BookerName}
		rdest, finish := resourceDest(&d.Resource)
		if err := rows.Scan(append(dest, rdest...)...); err != nil {
			return nil, err
		}
		if err := finish(); err != nil {
			return nil, err
		}
		b.Start, b.End, b.Created, b.Updated = b.Start.UTC(), b.End.UTC(), b.Created.UTC(), b.Updated.UTC()
		if checkedIn.Valid {
			b.CheckedIn = checkedIn.Time.UTC()
		}
		if b.PatronID == 0 && !b.Block {
			b.Guest = &g
		}
		out = append(out, d)
	}
	return out, rows.Err()
}

// readBooking returns one booking, or ENOTFOUND.
func readBooking(ctx context.Context, q queryer, where string, args ...any) (library.BookingDetail, error) {
	ds, err := bookingsOf(ctx, q, where, args...)
	if err != nil {
		return library.BookingDetail{}, err
	}
	if len(ds) == 0 {
		return library.BookingDetail{}, &library.Error{Code: library.ENOTFOUND, Key: "error.booking_not_found", Message: "booking not found"}
	}
	return ds[0], nil
}

// hideCodes blanks the access codes of bookings shown to staff.
func hideCodes(ds []library.BookingDetail) []library.BookingDetail {
	for i := range ds {
		ds[i].AccessCode = ""
	}
	return ds
}

// Book makes a booking; see library.Bookings.
func (db *DB) Book(ctx context.Context, q library.BookingRequest, now time.Time) (library.Booked, error) {
	now = utc(now)
	q.Start, q.End = utc(q.Start), utc(q.End)
	var out library.Booked
	err := db.inTx(ctx, func(tx txn) error {
		r, err := lockResource(ctx, tx, q.ResourceID)
		if err != nil {
			return err
		}
		if q.By != nil {
			if err := library.Permit(*q.By, library.ActBookings, library.BranchScope(r.LibraryID, r.BranchID)); err != nil {
				return err
			}
		}
		if err := q.Validate(r); err != nil {
			return err
		}
		want := library.Interval{Start: q.Start, End: q.End}
		c, err := readCheck(ctx, tx, r, want, q.PatronID, q.Guest, now)
		if err != nil {
			return err
		}
		if err := c.Check(); err != nil {
			return err
		}
		b := library.Booking{ResourceID: r.ID, Start: q.Start, End: q.End, Status: library.BookingConfirmed,
			PatronID: q.PatronID, Guest: q.Guest, Topic: q.Topic, HelpLang: q.HelpLang, Message: q.Message,
			Price: r.Price, Created: now, Updated: now, Version: 1}
		if r.NeedsApproval && q.By == nil {
			b.Status = library.BookingRequested
		}
		if q.By != nil {
			b.StaffID = q.By.ID
		}
		if q.PatronID == 0 {
			out.GuestToken = auth.NewToken()
		}
		kind := library.NoticeBookingRequested
		if b.Status == library.BookingConfirmed {
			kind = library.NoticeBookingConfirmed
			if err := confirmation(ctx, tx, r, &b, now); err != nil {
				return err
			}
		}
		if b.ID, err = insertBooking(ctx, tx, b, out.GuestToken); err != nil {
			return err
		}
		var link map[string]string
		if out.GuestToken != "" {
			link = map[string]string{"link": db.accountConfig().BookingGuestURL(out.GuestToken)}
		}
		if err := tellBooker(ctx, tx, library.BookingDetail{Booking: b, Resource: r}, kind, link, now); err != nil {
			return err
		}
		if q.By != nil {
			if err := audit(ctx, tx, bookingAudit(*q.By, library.AuditBookingDesk, r, b), now); err != nil {
				return err
			}
		}
		out.Booking = b
		return nil
	})
	if err != nil {
		return library.Booked{}, fmt.Errorf("book resource %d: %w", q.ResourceID, err)
	}
	return out, nil
}

// readCheck reads what the rules need to decide on want for a resident
// (patronID) or a guest, under the resource's lock.
func readCheck(ctx context.Context, tx txn, r library.Resource, want library.Interval, patronID int64, g *library.Guest, now time.Time) (library.BookingCheck, error) {
	c := library.BookingCheck{Resource: r, Want: want, Now: now}
	var err error
	closed := false
	if c.Hours, closed, err = branchHours(ctx, tx, r.BranchID, want.Start, want.Start); err != nil {
		return c, err
	}
	if closed {
		return c, branchClosed(r.BranchID)
	}
	if c.Taken, err = takenTimes(ctx, tx, r, want.Start.Add(-24*time.Hour), want.End, 0); err != nil {
		return c, err
	}
	week := library.WeekOf(want.Start)
	var who string
	var whoArg any
	if patronID == 0 {
		who, whoArg = `b.guest_key = $2`, g.Key()
	} else {
		if c.Booker, err = readBooker(ctx, tx, patronID); err != nil {
			return c, err
		}
		if c.Rule, err = noShowRule(ctx, tx, r.LibraryID); err != nil {
			return c, err
		}
		if c.Booker.NoShows, err = noShows(ctx, tx, patronID, now.Add(-c.Rule.Lookback())); err != nil {
			return c, err
		}
		who, whoArg = `b.patron_id = $2`, patronID
	}
	c.Booker.Guest = patronID == 0
	rows, err := tx.QueryContext(ctx, `SELECT b.starts, b.ends FROM bookings b
		WHERE b.resource_id = $1 AND `+who+` AND b.status IN ('requested', 'confirmed', 'checked_in')
			AND b.starts >= $3 AND b.starts < $4`, r.ID, whoArg, week.Start, week.End)
	if err != nil {
		return c, err
	}
	c.Week, err = scanIntervals(rows)
	return c, err
}

// readBooker reads a resident who may book: an open account without a
// staff block.
func readBooker(ctx context.Context, tx txn, id int64) (library.Booker, error) {
	var b library.Booker
	var birth, block string
	var closed sql.NullTime
	err := tx.QueryRowContext(ctx, `SELECT birth_date, category, block_reason, closed_at FROM patrons WHERE id = $1`, id).
		Scan(&birth, &b.Category, &block, &closed)
	switch {
	case errNoRows(err):
		return b, &library.Error{Code: library.ENOTFOUND, Key: "error.booking_patron_not_found", Message: fmt.Sprintf("patron %d not found", id)}
	case err != nil:
		return b, err
	case closed.Valid:
		return b, &library.Error{Code: library.EFORBIDDEN, Key: "error.account_closed", Message: fmt.Sprintf("patron %d: account closed", id)}
	case block != "":
		return b, &library.Error{Code: library.EFORBIDDEN, Key: "error.patron_blocked", Message: fmt.Sprintf("patron %d blocked", id)}
	}
	if birth != "" {
		if b.BirthDate, err = library.ParseDate(birth); err != nil {
			return b, fmt.Errorf("patron %d: %w", id, err)
		}
	}
	return b, nil
}

// noShows returns the starts of a resident's bookings marked no-show
// since from.
func noShows(ctx context.Context, tx txn, patronID int64, from time.Time) ([]time.Time, error) {
	rows, err := tx.QueryContext(ctx, `SELECT b.starts, b.ends FROM bookings b
		WHERE b.patron_id = $1 AND b.status = 'no_show' AND b.starts >= $2`, patronID, from)
	if err != nil {
		return nil, err
	}
	ivs, err := scanIntervals(rows)
	var ts []time.Time
	for _, iv := range ivs {
		ts = append(ts, iv.Start)
	}
	return ts, err
}

// takenTimes returns the times of a resource's holding bookings and
// blocks that start from from up to before to (widened by the buffer),
// but the booking except.
func takenTimes(ctx context.Context, q queryer, r library.Resource, from, to time.Time, except int64) ([]library.Interval, error) {
	rows, err := q.QueryContext(ctx, `SELECT b.starts, b.ends FROM bookings b
		WHERE b.resource_id = $1 AND b.status IN ('requested', 'confirmed', 'checked_in')
			AND b.starts >= $2 AND b.starts < $3 AND b.id <> $4
		ORDER BY b.starts`, r.ID, from.Add(-r.Buffer()), to.Add(r.Buffer()), except)
	if err != nil {
		return nil, err
	}
	return scanIntervals(rows)
}

func scanIntervals(rows *sql.Rows) ([]library.Interval, error) {
	defer rows.Close()
	var out []library.Interval
	for rows.Next() {
		var iv library.Interval
		if err := rows.Scan(&iv.Start, &iv.End); err != nil {
			return nil, err
		}
		iv.Start, iv.End = iv.Start.UTC(), iv.End.UTC()
		out = append(out, iv)
	}
	return out, rows.Err()
}

// branchHours reads a branch's weekly hours and its exceptions touching
// the days of from to to. A branch closed for good has no hours, and
// closed says so.
func branchHours(ctx context.Context, q queryer, branchID string, from, to time.Time) (h library.Hours, closed bool, err error) {
	var hours []byte
	var closedAt sql.NullTime
	err = q.QueryRowContext(ctx, `SELECT hours, closed_at FROM branches WHERE id = $1`, branchID).Scan(&hours, &closedAt)
	if errNoRows(err) {
		return h, false, &library.Error{Code: library.ENOTFOUND, Key: "error.branch_not_found", Message: fmt.Sprintf("branch %s not found", branchID)}
	}
	if err != nil || closedAt.Valid {
		return h, closedAt.Valid, err
	}
	var week weeklyHours
	if err := unmarshalAll(hours, &week); err != nil {
		return h, false, fmt.Errorf("hours of %s: %w", branchID, err)
	}
	h.Weekly = week.Weekly
	f, t := library.DateOf(from.In(library.Helsinki)), library.DateOf(to.In(library.Helsinki))
	es, err := exceptions(ctx, q, branchID, f.String(), t.String())
	if err != nil {
		return h, false, err
	}
	for _, e := range library.ExpandExceptions(es) {
		if !e.Date.Before(f) && !t.Before(e.Date) {
			h.Exceptions = append(h.Exceptions, e)
		}
	}
	return h, false, nil
}

// insertBooking writes a new booking and returns its ID; token is a
// guest's cancellation token, of which only the hash is kept.
func insertBooking(ctx context.Context, tx txn, b library.Booking, token string) (int64, error) {
	var g library.Guest
	hash, key := "", ""
	if b.Guest != nil {
		g, hash, key = *b.Guest, auth.HashToken(token), b.Guest.Key()
	}
	var id int64
	err := tx.QueryRowContext(ctx, `
		INSERT INTO bookings (resource_id, starts, ends, status, block, patron_id, guest_name, guest_email, guest_phone,
			guest_lang, guest_key, token_hash, topic, help_lang, message, reason, series_id, staff_id, price,
			access_code, fee_id, reminded_at, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23, $23)
		RETURNING id`,
		b.ResourceID, b.Start, b.End, b.Status, b.Block, orNull(b.PatronID), g.Name, g.Email, g.Phone,
		g.Lang, key, hash, b.Topic, b.HelpLang, b.Message, b.Reason, orNull(b.SeriesID), orNull(b.StaffID), b.Price,
		b.AccessCode, orNull(b.FeeID), remindedAt(b.Start, b.Created), b.Created).Scan(&id)
	return id, err
}

// confirmation gives a booking about to be confirmed what confirmation
// brings: a studio booking its access code, a paid one its fee.
func confirmation(ctx context.Context, tx txn, r library.Resource, b *library.Booking, now time.Time) error {
	if library.IsStudio(r.Kind) && !b.Block {
		b.AccessCode = accessCode()
	}
	if b.Price == 0 || b.PatronID == 0 {
		return nil
	}
	desc := fmt.Sprintf("%s %s", r.Name.Get("fi"), b.Start.In(library.Helsinki).Format("2.1.2006 15.04"))
	err := tx.QueryRowContext(ctx, `
		INSERT INTO fees (patron_id, kind, amount, description, created, library_id)
		VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
		b.PatronID, library.FeeBooking, b.Price, desc, now, r.LibraryID).Scan(&b.FeeID)
	if err != nil {
		return fmt.Errorf("booking fee: %w", err)
	}
	return nil
}

// AccessCodeDigits is the length of a studio door's access code.
const AccessCodeDigits = 6

// accessCode returns a random code of AccessCodeDigits digits.
func accessCode() string {
	n, err := rand.Int(rand.Reader, big.NewInt(1_000_000))
	if err != nil {
		panic(err) // crypto/rand does not fail
	}
	return fmt.Sprintf("%0*d", AccessCodeDigits, n.Int64())
}

func bookingAudit(by library.Staff, action string, r library.Resource, b library.Booking) library.AuditEntry {
	return library.AuditEntry{StaffID: by.ID, Action: action, Library: r.LibraryID, PatronID: b.PatronID,
		Detail: fmt.Sprintf("booking %d of %s at %s, %s", b.ID, r.Name.Get("fi"), r.BranchID,
			b.Start.In(library.Helsinki).Format("2006-01-02 15:04"))}
}
