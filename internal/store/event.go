package store

// Events (library.Events): single events and the occurrences of series
// are rows of events; sign-ups are rows of event_signups; a series' rule
// and template are a row of event_series (see library/event.go for the
// model). Every change of an event's places (a sign-up, a cancellation,
// a promotion, a new capacity) happens under a lock on the event's row
// (lockEvent), in one transaction with the notices it causes.

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/kirjasto/kirjasto/internal/library"
)

// DB implements library.Events.
var _ library.Events = (*DB)(nil)

// eventColumns reads an event as scanEvent wants it, with the places
// taken and waiting counted from its sign-ups.
const eventColumns = `e.id, COALESCE(e.series_id, 0), e.occurrence_date, e.changed, e.library_id, e.branch_id,
	e.room, e.venue, e.title, e.description, e.accessibility, e.price_note, e.starts_at, e.ends_at,
	e.audiences, e.category, e.languages, e.image, e.price_cents, e.registration, e.capacity,
	e.waiting_list, e.max_places, e.signup_opens, e.status, e.publish_at, e.cancel_reason,
	e.cancelled_at, e.version, e.created, e.updated,
	(SELECT COALESCE(SUM(s.places), 0) FROM event_signups s WHERE s.event_id = e.id AND s.status IN ('registered', 'attended', 'no_show')),
	(SELECT count(*) FROM event_signups s WHERE s.event_id = e.id AND s.status = 'waiting'),
	(SELECT COALESCE(SUM(s.places), 0) FROM event_signups s WHERE s.event_id = e.id AND s.status = 'waiting')`

// rowScanner is a *sql.Row or *sql.Rows.
type rowScanner interface{ Scan(dest ...any) error }

func scanEvent(r rowScanner) (library.Event, error) {
	var e library.Event
	var occ, audiences, languages string
	var venue, title, desc, access, note, reason []byte
	var opens, publish, cancelled sql.NullTime
	err := r.Scan(&e.ID, &e.SeriesID, &occ, &e.Changed, &e.Library, &e.Branch,
		&e.Room, &venue, &title, &desc, &access, &note, &e.Start, &e.End,
		&audiences, &e.Category, &languages, &e.Image, &e.PriceCents, &e.Registration, &e.Capacity,
		&e.WaitingList, &e.MaxPlaces, &opens, &e.Status, &publish, &reason,
		&cancelled, &e.Version, &e.Created, &e.Updated,
		&e.Taken, &e.WaitingSignups, &e.WaitingPlaces)
	if err != nil {
		return e, err
	}
	if err := unmarshalAll(venue, &e.Venue, title, &e.Title, desc, &e.Description, access, &e.Accessibility,
		note, &e.PriceNote, reason, &e.CancelReason); err != nil {
		return e, fmt.Errorf("event %d: %w", e.ID, err)
	}
	for _, t := range []*library.Text{&e.Title, &e.Description, &e.Accessibility, &e.PriceNote, &e.CancelReason} {
		*t = nilIfEmpty(*t)
	}
	if occ != "" {
		if e.OccurrenceDate, err = library.ParseDate(occ); err != nil {
			return e, fmt.Errorf("event %d: %w", e.ID, err)
		}
	}
	e.Audiences, e.Languages = splitCodes(audiences), splitCodes(languages)
	e.Start, e.End, e.Created, e.Updated = e.Start.UTC(), e.End.UTC(), e.Created.UTC(), e.Updated.UTC()
	e.SignupOpens, e.PublishAt, e.CancelledAt = zeroTime(opens), zeroTime(publish), zeroTime(cancelled)
	return e, nil
}

// zeroTime is an optional instant as read: the zero time for NULL.
func zeroTime(t sql.NullTime) time.Time {
	if !t.Valid {
		return time.Time{}
	}
	return t.Time.UTC()
}

// scanEvents reads every row of rows as an event.
func scanEvents(rows *sql.Rows, err error) ([]library.Event, error) {
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var es []library.Event
	for rows.Next() {
		e, err := scanEvent(rows)
		if err != nil {
			return nil, err
		}
		es = append(es, e)
	}
	return es, rows.Err()
}

// joinCodes keeps a list of codes between commas, so that a filter on
// one code is a LIKE '%,code,%'.
func joinCodes(codes []string) string {
	if len(codes) == 0 {
		return ""
	}
	return "," + strings.Join(codes, ",") + ","
}

func splitCodes(s string) []string {
	if s = strings.Trim(s, ","); s == "" {
		return nil
	}
	return strings.Split(s, ",")
}

// eventSearchKey folds every title and description of an event, and its
// room and venue, into the text that free-text search looks in.
func eventSearchKey(e library.Event) string {
	var parts []string
	for _, t := range []library.Text{e.Title, e.Description} {
		for _, l := range library.Languages {
			if t[l] != "" {
				parts = append(parts, t[l])
			}
		}
	}
	parts = append(parts, e.Room, e.Venue.String())
	return nameKey(strings.Join(parts, " "))
}

// eventWriteColumns are the columns an insert or an update writes, in the
// order of eventArgs.
var eventWriteColumns = []string{"series_id", "occurrence_date", "changed", "library_id", "branch_id", "room", "venue",
	"title", "description", "accessibility", "price_note", "search_key", "starts_at", "ends_at", "audiences",
	"category", "languages", "image", "price_cents", "registration", "capacity", "waiting_list", "max_places",
	"signup_opens", "status", "publish_at"}

func eventArgs(e library.Event) []any {
	occ := ""
	if e.OccurrenceDate != (library.Date{}) {
		occ = e.OccurrenceDate.String()
	}
	return []any{nullID(e.SeriesID), occ, e.Changed, e.Library, e.Branch, e.Room, jsonText(e.Venue),
		jsonText(nilIfEmpty(e.Title)), jsonText(nilIfEmpty(e.Description)), jsonText(nilIfEmpty(e.Accessibility)),
		jsonText(nilIfEmpty(e.PriceNote)), eventSearchKey(e), instant(e.Start), instant(e.End), joinCodes(e.Audiences),
		e.Category, joinCodes(e.Languages), e.Image, e.PriceCents, e.Registration, e.Capacity, e.WaitingList, e.MaxPlaces,
		nullTime(e.SignupOpens), e.Status, nullTime(e.PublishAt)}
}

// insertEvent writes a new event row and returns its ID.
func insertEvent(ctx context.Context, tx txn, e library.Event, now time.Time) (int64, error) {
	args := append(eventArgs(e), instant(now))
	marks := make([]string, len(eventWriteColumns))
	for i := range marks {
		marks[i] = fmt.Sprintf("$%d", i+1)
	}
	var id int64
	err := tx.QueryRowContext(ctx, `INSERT INTO events (`+strings.Join(eventWriteColumns, ", ")+`, created, updated)
		VALUES (`+strings.Join(marks, ", ")+fmt.Sprintf(`, $%d, $%d) RETURNING id`, len(args), len(args)), args...).Scan(&id)
	return id, err
}

// writeEvent overwrites an event row with e, raising its version.
func writeEvent(ctx context.Context, tx txn, e library.Event, now time.Time) error {
	args := append(eventArgs(e), instant(now), e.ID)
	sets := make([]string, len(eventWriteColumns))
	for i, c := range eventWriteColumns {
		sets[i] = fmt.Sprintf("%s = $%d", c, i+1)
	}
	_, err := tx.ExecContext(ctx, `UPDATE events SET `+strings.Join(sets, ", ")+
		fmt.Sprintf(`, version = version + 1, updated = $%d WHERE id = $%d`, len(args)-1, len(args)), args...)
	return err
}

// readEvent reads one event, or fails with ENOTFOUND.
func readEvent(ctx context.Context, q queryer, id int64) (library.Event, error) {
	e, err := scanEvent(q.QueryRowContext(ctx, `SELECT `+eventColumns+` FROM events e WHERE e.id = $1`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return e, eventNotFound(id)
	}
	return e, err
}

// lockEvent locks an event's row until commit (on SQLite the single
// writer already holds everything) and reads it. Every change of the
// event's places happens under this lock, so that sign-ups of one event
// are decided one at a time, in the order they get it.
func lockEvent(ctx context.Context, tx txn, id int64) (library.Event, error) {
	var got int64
	err := tx.QueryRowContext(ctx, `SELECT id FROM events WHERE id = $1`+tx.d.lockRow("FOR UPDATE"), id).Scan(&got)
	if errors.Is(err, sql.ErrNoRows) {
		return library.Event{}, eventNotFound(id)
	}
	if err != nil {
		return library.Event{}, err
	}
	return readEvent(ctx, tx, id)
}

func eventNotFound(id int64) error {
	return &library.Error{Code: library.ENOTFOUND, Key: "error.event_not_found", Message: fmt.Sprintf("event %d not found", id)}
}

// checkEventPlace checks that an event's library is a member, and its
// branch one of that library's open branches.
func checkEventPlace(ctx context.Context, tx txn, e library.Event) error {
	var closed sql.NullTime
	err := tx.QueryRowContext(ctx, `SELECT closed_at FROM libraries WHERE id = $1`, e.Library).Scan(&closed)
	if errors.Is(err, sql.ErrNoRows) || closed.Valid {
		return &library.Error{Code: library.EINVALID, Key: "error.event_library", Message: fmt.Sprintf("no member library %s", e.Library)}
	}
	if err != nil || e.Branch == "" {
		return err
	}
	var lib string
	err = tx.QueryRowContext(ctx, `SELECT library_id, closed_at FROM branches WHERE id = $1`, e.Branch).Scan(&lib, &closed)
	if errors.Is(err, sql.ErrNoRows) || (err == nil && (lib != e.Library || closed.Valid)) {
		return &library.Error{Code: library.EINVALID, Key: "error.event_branch",
			Message: fmt.Sprintf("branch %s is no open branch of %s", e.Branch, e.Library)}
	}
	return err
}

// auditEvent writes an event's entry to the audit trail.
func auditEvent(ctx context.Context, tx txn, by library.Staff, action string, e library.Event, now time.Time) error {
	return audit(ctx, tx, library.AuditEntry{StaffID: by.ID, Action: action, Library: e.Library,
		Detail: fmt.Sprintf("event %d %s %s", e.ID, library.LocalDate(e.Start), e.Title.Get("fi"))}, now)
}

// activeSignups counts an event's sign-ups that stand.
func activeSignups(ctx context.Context, tx txn, eventID int64) (int, error) {
	var n int
	err := tx.QueryRowContext(ctx, `SELECT count(*) FROM event_signups WHERE event_id = $1 AND status <> 'cancelled'`, eventID).Scan(&n)
	return n, err
}
