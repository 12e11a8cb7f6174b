package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/kirjasto/kirjasto/internal/library"
)

// PersonalData is everything the database holds about one patron, for the
// patron's own download (the GDPR's right of access). It leaves out only
// secrets: the PIN hash, session and reset tokens, links that carry a
// token, and the online payment provider's reference.
type PersonalData struct {
	Exported       time.Time         `json:"exported"`
	Patron         PersonalPatron    `json:"patron"`
	Loans          []PersonalLoan    `json:"loans"`
	Holds          []PersonalHold    `json:"holds"`
	Fees           []PersonalFee     `json:"fees"`
	Payments       []PersonalPayment `json:"payments"`
	ReadingHistory []PersonalTitle   `json:"reading_history"`
	Notices        []PersonalNotice  `json:"notices"`
	Sessions       []PersonalSession `json:"sessions"`
	// Lists, ratings and saved searches, when this database has them.
	Lists         []PersonalList   `json:"lists,omitempty"`
	Ratings       []PersonalRating `json:"ratings,omitempty"`
	SavedSearches []PersonalSaved  `json:"saved_searches,omitempty"`
	// EventSignups are the patron's sign-ups for events (event_privacy.go).
	EventSignups []PersonalSignup `json:"event_signups"`
	// Bookings are the patron's bookings of resources (booking_privacy.go).
	Bookings []PersonalBooking `json:"bookings"`
	// Questions, Feedback and Suggestions are what the patron asked,
	// told and suggested (asktell_privacy.go).
	Questions   []PersonalQuestion   `json:"questions"`
	Feedback    []PersonalFeedback   `json:"feedback"`
	Suggestions []PersonalSuggestion `json:"purchase_suggestions"`
	// Chats are the patron's live chats with their messages, until the
	// retention erases them (chat_privacy.go).
	Chats []PersonalChat `json:"chats"`
	// ELoans and EHolds are the patron's e-loans and e-holds
	// (elib_privacy.go).
	ELoans []PersonalELoan `json:"e_loans"`
	EHolds []PersonalEHold `json:"e_holds"`
}

// PersonalPatron is the patron's own row, without the PIN hash, the first
// sign-in code's hash or the strong identity's hash (whether the account
// was strongly identified is said). The staff note and block are
// included: they are about the patron.
type PersonalPatron struct {
	ID            int64  `json:"id"`
	CardNumber    string `json:"card_number"`
	Name          string `json:"name"`
	BirthDate     string `json:"birth_date"` // "YYYY-MM-DD"; "" when not known
	Email         string `json:"email"`
	Phone         string `json:"phone"`
	Street        string `json:"street"`
	PostalCode    string `json:"postal_code"`
	City          string `json:"city"`
	Lang          string `json:"lang"`
	NoticeChannel string `json:"notice_channel"`
	PickupBranch  string `json:"pickup_branch"`
	Category      string `json:"category"`
	HomeLibrary   string `json:"home_library"`
	GuardianID    *int64 `json:"guardian_id"`
	HistoryOptIn  bool   `json:"history_opt_in"`
	BlockReason   string `json:"block_reason"`
	StaffNote     string `json:"staff_note"`
	// Provisional is an account opened online and not yet confirmed;
	// ConfirmedAt is when it was confirmed at the desk or by strong
	// identification.
	Provisional        bool       `json:"provisional"`
	ConfirmedAt        *time.Time `json:"confirmed_at"`
	StronglyIdentified bool       `json:"strongly_identified"`
	// OldCards are the account's replaced card numbers, kept so that a
	// lost card is recognised.
	OldCards []PersonalOldCard `json:"old_cards"`
	Created  time.Time         `json:"created"`
	ClosedAt *time.Time        `json:"closed_at"`
}

// PersonalOldCard is a retired card number and why it was retired.
type PersonalOldCard struct {
	CardNumber string    `json:"card_number"`
	Status     string    `json:"status"`
	RetiredAt  time.Time `json:"retired_at"`
}

// PersonalLoan is a current or returned loan.
type PersonalLoan struct {
	ID         int64      `json:"id"`
	Barcode    string     `json:"barcode"`
	RecordID   int64      `json:"record_id"`
	Title      string     `json:"title"`
	Branch     string     `json:"branch"`
	LoanedAt   time.Time  `json:"loaned_at"`
	DueAt      time.Time  `json:"due_at"`
	Renewals   int        `json:"renewals"`
	ReturnedAt *time.Time `json:"returned_at"`
}

// PersonalHold is an open or closed hold.
type PersonalHold struct {
	ID           int64      `json:"id"`
	RecordID     int64      `json:"record_id"`
	Title        string     `json:"title"`
	PickupBranch string     `json:"pickup_branch"`
	Status       string     `json:"status"`
	PlacedAt     time.Time  `json:"placed_at"`
	ClosedAt     *time.Time `json:"closed_at"`
}

// PersonalFee is a fee, paid or not.
type PersonalFee struct {
	ID          int64      `json:"id"`
	Kind        string     `json:"kind"`
	AmountCents int64      `json:"amount_cents"`
	Barcode     string     `json:"barcode"`
	Description string     `json:"description"`
	Created     time.Time  `json:"created"`
	PaidAt      *time.Time `json:"paid_at"`
}

// PersonalPayment is a payment of fees.
type PersonalPayment struct {
	ID          int64      `json:"id"`
	AmountCents int64      `json:"amount_cents"`
	Method      string     `json:"method"`
	Status      string     `json:"status"`
	Created     time.Time  `json:"created"`
	PaidAt      *time.Time `json:"paid_at"`
}

// PersonalTitle is a title with a time: a reading history entry or a
// rated or listed record.
type PersonalTitle struct {
	RecordID int64     `json:"record_id"`
	Title    string    `json:"title"`
	At       time.Time `json:"at"`
}

// PersonalNotice is a message, with its fields but never a link that
// carries a token.
type PersonalNotice struct {
	Kind    string            `json:"kind"`
	Params  map[string]string `json:"params"`
	Channel string            `json:"channel"`
	Created time.Time         `json:"created"`
	// Delivery is what became of the e-mail or text message (a
	// library.Delivery state); SentAt is set only when a mail server
	// accepted it.
	Delivery string     `json:"delivery"`
	SentAt   *time.Time `json:"sent_at"`
	ReadAt   *time.Time `json:"read_at"`
}

// PersonalSession is a signed-in browser, without its token.
type PersonalSession struct {
	Created   time.Time `json:"created"`
	LastSeen  time.Time `json:"last_seen"`
	ExpiresAt time.Time `json:"expires_at"`
}

// PersonalList is one of the patron's lists, without its share link.
type PersonalList struct {
	Name    string          `json:"name"`
	Shared  bool            `json:"shared"`
	Created time.Time       `json:"created"`
	Records []PersonalTitle `json:"records"`
}

// PersonalRating is a star rating.
type PersonalRating struct {
	PersonalTitle
	Stars int `json:"stars"`
}

// PersonalSaved is a saved search.
type PersonalSaved struct {
	Name    string    `json:"name"`
	Query   string    `json:"query"`
	Filters string    `json:"filters"`
	Sort    string    `json:"sort"`
	Alert   string    `json:"alert"`
	Created time.Time `json:"created"`
}

// WritePersonalData writes PersonalData as indented JSON. Nothing is
// written if reading fails.
func (db *DB) WritePersonalData(ctx context.Context, patronID int64, w io.Writer) error {
	d, err := db.PersonalData(ctx, patronID)
	if err != nil {
		return err
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(d)
}

// PersonalData reads everything held about a patron from one snapshot.
func (db *DB) PersonalData(ctx context.Context, patronID int64) (PersonalData, error) {
	d := PersonalData{Exported: db.timestamp()}
	err := db.inReadTx(ctx, func(tx txn) error {
		if err := personalPatron(ctx, tx, patronID, &d.Patron); err != nil {
			return err
		}
		steps := []func(context.Context, txn, int64, *PersonalData) error{
			personalLoans, personalHolds, personalFees, personalPayments, personalHistory,
			personalNotices, personalSessions, personalLists, personalRatings, personalSaved,
			personalEventSignups, personalBookings, personalAsk, personalChats, personalELib,
		}
		for _, step := range steps {
			if err := step(ctx, tx, patronID, &d); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return PersonalData{}, fmt.Errorf("personal data of patron %d: %w", patronID, err)
	}
	return d, nil
}

// optTime turns a nullable instant into a pointer, nil for NULL.
func optTime(t sql.NullTime) *time.Time {
	if !t.Valid {
		return nil
	}
	u := t.Time.UTC()
	return &u
}

// eachRow runs a query and calls scan for each row.
func eachRow(ctx context.Context, tx txn, query string, id int64, scan func(*sql.Rows) error) error {
	rows, err := tx.QueryContext(ctx, query, id)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		if err := scan(rows); err != nil {
			return err
		}
	}
	return rows.Err()
}

func personalPatron(ctx context.Context, tx txn, id int64, p *PersonalPatron) error {
	var guardian sql.NullInt64
	var closed, confirmed sql.NullTime
	var identity sql.NullString
	err := tx.QueryRowContext(ctx, `SELECT id, card_number, name, birth_date, email, phone, street, postal_code, city, lang,
		notice_channel, pickup_branch, category, home_library, guardian_id, history_opt_in,
		block_reason, staff_note, provisional, confirmed_at, identity_hash, created, closed_at FROM patrons WHERE id = $1`, id).
		Scan(&p.ID, &p.CardNumber, &p.Name, &p.BirthDate, &p.Email, &p.Phone, &p.Street, &p.PostalCode, &p.City, &p.Lang,
			&p.NoticeChannel, &p.PickupBranch, &p.Category, &p.HomeLibrary, &guardian, &p.HistoryOptIn,
			&p.BlockReason, &p.StaffNote, &p.Provisional, &confirmed, &identity, &p.Created, &closed)
	if errors.Is(err, sql.ErrNoRows) {
		return library.Errorf(library.ENOTFOUND, "patron %d not found", id)
	}
	if err != nil {
		return fmt.Errorf("patron: %w", err)
	}
	if guardian.Valid {
		p.GuardianID = &guardian.Int64
	}
	p.Created, p.ClosedAt, p.ConfirmedAt = p.Created.UTC(), optTime(closed), optTime(confirmed)
	p.StronglyIdentified = identity.Valid && identity.String != ""
	p.OldCards = []PersonalOldCard{}
	return eachRow(ctx, tx, `SELECT card_number, status, retired_at FROM patron_cards WHERE patron_id = $1
		ORDER BY retired_at, card_number`, id, func(rows *sql.Rows) error {
		var c PersonalOldCard
		if err := rows.Scan(&c.CardNumber, &c.Status, &c.RetiredAt); err != nil {
			return fmt.Errorf("old cards: %w", err)
		}
		c.RetiredAt = c.RetiredAt.UTC()
		p.OldCards = append(p.OldCards, c)
		return nil
	})
}

func personalLoans(ctx context.Context, tx txn, id int64, d *PersonalData) error {
	d.Loans = []PersonalLoan{}
	return eachRow(ctx, tx, `SELECT l.id, l.barcode, l.record_id, COALESCE(r.title, ''), l.branch, l.loaned_at, l.due_at, l.renewals, l.returned_at
		FROM loans l LEFT JOIN records r ON r.id = l.record_id WHERE l.patron_id = $1 ORDER BY l.loaned_at, l.id`, id,
		func(rows *sql.Rows) error {
			var l PersonalLoan
			var ret sql.NullTime
			if err := rows.Scan(&l.ID, &l.Barcode, &l.RecordID, &l.Title, &l.Branch, &l.LoanedAt, &l.DueAt, &l.Renewals, &ret); err != nil {
				return fmt.Errorf("loans: %w", err)
			}
			l.LoanedAt, l.DueAt, l.ReturnedAt = l.LoanedAt.UTC(), l.DueAt.UTC(), optTime(ret)
			d.Loans = append(d.Loans, l)
			return nil
		})
}

func personalHolds(ctx context.Context, tx txn, id int64, d *PersonalData) error {
	d.Holds = []PersonalHold{}
	return eachRow(ctx, tx, `SELECT h.id, h.record_id, COALESCE(r.title, ''), h.pickup_branch, h.status, h.placed_at, h.closed_at
		FROM holds h LEFT JOIN records r ON r.id = h.record_id WHERE h.patron_id = $1 ORDER BY h.placed_at, h.id`, id,
		func(rows *sql.Rows) error {
			var h PersonalHold
			var closed sql.NullTime
			if err := rows.Scan(&h.ID, &h.RecordID, &h.Title, &h.PickupBranch, &h.Status, &h.PlacedAt, &closed); err != nil {
				return fmt.Errorf("holds: %w", err)
			}
			h.PlacedAt, h.ClosedAt = h.PlacedAt.UTC(), optTime(closed)
			d.Holds = append(d.Holds, h)
			return nil
		})
}

func personalFees(ctx context.Context, tx txn, id int64, d *PersonalData) error {
	d.Fees = []PersonalFee{}
	return eachRow(ctx, tx, `SELECT id, kind, amount, barcode, description, created, paid_at
		FROM fees WHERE patron_id = $1 ORDER BY created, id`, id,
		func(rows *sql.Rows) error {
			var f PersonalFee
			var paid sql.NullTime
			if err := rows.Scan(&f.ID, &f.Kind, &f.AmountCents, &f.Barcode, &f.Description, &f.Created, &paid); err != nil {
				return fmt.Errorf("fees: %w", err)
			}
			f.Created, f.PaidAt = f.Created.UTC(), optTime(paid)
			d.Fees = append(d.Fees, f)
			return nil
		})
}

func personalPayments(ctx context.Context, tx txn, id int64, d *PersonalData) error {
	d.Payments = []PersonalPayment{}
	return eachRow(ctx, tx, `SELECT id, amount, method, status, created, paid_at
		FROM payments WHERE patron_id = $1 ORDER BY created, id`, id,
		func(rows *sql.Rows) error {
			var p PersonalPayment
			var paid sql.NullTime
			if err := rows.Scan(&p.ID, &p.AmountCents, &p.Method, &p.Status, &p.Created, &paid); err != nil {
				return fmt.Errorf("payments: %w", err)
			}
			p.Created, p.PaidAt = p.Created.UTC(), optTime(paid)
			d.Payments = append(d.Payments, p)
			return nil
		})
}

func personalHistory(ctx context.Context, tx txn, id int64, d *PersonalData) error {
	d.ReadingHistory = []PersonalTitle{}
	return eachRow(ctx, tx, `SELECT h.record_id, r.title, h.loaned_at
		FROM reading_history h JOIN records r ON r.id = h.record_id WHERE h.patron_id = $1 ORDER BY h.loaned_at, h.id`, id,
		func(rows *sql.Rows) error {
			var t PersonalTitle
			if err := rows.Scan(&t.RecordID, &t.Title, &t.At); err != nil {
				return fmt.Errorf("reading history: %w", err)
			}
			t.At = t.At.UTC()
			d.ReadingHistory = append(d.ReadingHistory, t)
			return nil
		})
}

func personalNotices(ctx context.Context, tx txn, id int64, d *PersonalData) error {
	d.Notices = []PersonalNotice{}
	return eachRow(ctx, tx, `SELECT kind, params, channel, created, delivery, sent_at, read_at
		FROM notices WHERE patron_id = $1 ORDER BY created, id`, id,
		func(rows *sql.Rows) error {
			var n PersonalNotice
			var params string
			var sent, read sql.NullTime
			if err := rows.Scan(&n.Kind, &params, &n.Channel, &n.Created, &n.Delivery, &sent, &read); err != nil {
				return fmt.Errorf("notices: %w", err)
			}
			if err := json.Unmarshal([]byte(params), &n.Params); err != nil {
				return fmt.Errorf("notice params: %w", err)
			}
			for k := range n.Params {
				// A reset link is a key to the account: keep it out.
				if k == "link" || strings.Contains(k, "token") {
					delete(n.Params, k)
				}
			}
			n.Created, n.SentAt, n.ReadAt = n.Created.UTC(), optTime(sent), optTime(read)
			d.Notices = append(d.Notices, n)
			return nil
		})
}

func personalSessions(ctx context.Context, tx txn, id int64, d *PersonalData) error {
	d.Sessions = []PersonalSession{}
	return eachRow(ctx, tx, `SELECT created, last_seen, expires_at FROM sessions WHERE patron_id = $1 ORDER BY created`, id,
		func(rows *sql.Rows) error {
			var s PersonalSession
			if err := rows.Scan(&s.Created, &s.LastSeen, &s.ExpiresAt); err != nil {
				return fmt.Errorf("sessions: %w", err)
			}
			s.Created, s.LastSeen, s.ExpiresAt = s.Created.UTC(), s.LastSeen.UTC(), s.ExpiresAt.UTC()
			d.Sessions = append(d.Sessions, s)
			return nil
		})
}

func personalLists(ctx context.Context, tx txn, id int64, d *PersonalData) error {
	if ok, err := tableExists(ctx, tx, tx.d, "list_records"); err != nil || !ok {
		return err
	}
	d.Lists = []PersonalList{}
	byID := map[int64]int{}
	err := eachRow(ctx, tx, `SELECT id, name, share_token IS NOT NULL, created FROM lists WHERE patron_id = $1 ORDER BY created, id`, id,
		func(rows *sql.Rows) error {
			var l PersonalList
			var lid int64
			if err := rows.Scan(&lid, &l.Name, &l.Shared, &l.Created); err != nil {
				return fmt.Errorf("lists: %w", err)
			}
			l.Created, l.Records = l.Created.UTC(), []PersonalTitle{}
			byID[lid] = len(d.Lists)
			d.Lists = append(d.Lists, l)
			return nil
		})
	if err != nil {
		return err
	}
	return eachRow(ctx, tx, `SELECT lr.list_id, lr.record_id, r.title, lr.added
		FROM list_records lr JOIN lists l ON l.id = lr.list_id JOIN records r ON r.id = lr.record_id
		WHERE l.patron_id = $1 ORDER BY lr.added, lr.record_id`, id,
		func(rows *sql.Rows) error {
			var lid int64
			var t PersonalTitle
			if err := rows.Scan(&lid, &t.RecordID, &t.Title, &t.At); err != nil {
				return fmt.Errorf("list records: %w", err)
			}
			t.At = t.At.UTC()
			if i, ok := byID[lid]; ok {
				d.Lists[i].Records = append(d.Lists[i].Records, t)
			}
			return nil
		})
}

func personalRatings(ctx context.Context, tx txn, id int64, d *PersonalData) error {
	if ok, err := tableExists(ctx, tx, tx.d, "ratings"); err != nil || !ok {
		return err
	}
	d.Ratings = []PersonalRating{}
	return eachRow(ctx, tx, `SELECT g.record_id, r.title, g.rated, g.stars
		FROM ratings g JOIN records r ON r.id = g.record_id WHERE g.patron_id = $1 ORDER BY g.rated, g.record_id`, id,
		func(rows *sql.Rows) error {
			var g PersonalRating
			if err := rows.Scan(&g.RecordID, &g.Title, &g.At, &g.Stars); err != nil {
				return fmt.Errorf("ratings: %w", err)
			}
			g.At = g.At.UTC()
			d.Ratings = append(d.Ratings, g)
			return nil
		})
}

func personalSaved(ctx context.Context, tx txn, id int64, d *PersonalData) error {
	if ok, err := tableExists(ctx, tx, tx.d, "saved_searches"); err != nil || !ok {
		return err
	}
	d.SavedSearches = []PersonalSaved{}
	return eachRow(ctx, tx, `SELECT name, query, filters, sort, alert, created
		FROM saved_searches WHERE patron_id = $1 ORDER BY created, id`, id,
		func(rows *sql.Rows) error {
			var s PersonalSaved
			if err := rows.Scan(&s.Name, &s.Query, &s.Filters, &s.Sort, &s.Alert, &s.Created); err != nil {
				return fmt.Errorf("saved searches: %w", err)
			}
			s.Created = s.Created.UTC()
			d.SavedSearches = append(d.SavedSearches, s)
			return nil
		})
}
