package store

import (
	"context"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/kirjasto/kirjasto/internal/library"
)

// Reading events: the public calendar, a branch's next events, the
// staff's lists and a patron's sign-ups. The public calendar reads only
// what is public at the given now (published, or cancelled after it was,
// and publish_at reached), through the partial index on ends_at of what
// has been published.

// publicEvent is the condition of an event the public sees at ?.
const publicEvent = `e.publish_at IS NOT NULL AND e.publish_at <= ? AND e.status IN ('published', 'cancelled')`

// where builds a query's conditions and their arguments, numbering each
// ? as the next $N.
type where struct {
	conds []string
	args  []any
}

func (w *where) add(cond string, args ...any) {
	for _, a := range args {
		w.args = append(w.args, a)
		cond = strings.Replace(cond, "?", fmt.Sprintf("$%d", len(w.args)), 1)
	}
	w.conds = append(w.conds, cond)
}

func (w *where) String() string { return " WHERE " + strings.Join(w.conds, " AND ") }

// anyCode adds "the list column col holds one of codes".
func (w *where) anyCode(col string, codes []string) {
	if len(codes) == 0 {
		return
	}
	var ors []string
	for _, c := range codes {
		w.args = append(w.args, "%,"+c+",%")
		ors = append(ors, fmt.Sprintf("%s LIKE $%d", col, len(w.args)))
	}
	w.conds = append(w.conds, "("+strings.Join(ors, " OR ")+")")
}

var filterCode = regexp.MustCompile(`^[a-z_]{2,20}$`)

// checkFilter refuses codes no event can have, which would otherwise put
// LIKE wildcards in a query or quietly match nothing.
func checkFilter(f library.EventFilter) error {
	for _, c := range slices.Concat(f.Audiences, f.Categories, f.Languages) {
		if !filterCode.MatchString(c) {
			return &library.Error{Code: library.EINVALID, Key: "error.event_filter", Message: fmt.Sprintf("bad filter code %q", c)}
		}
	}
	if f.To != (library.Date{}) && f.From != (library.Date{}) && f.To.Before(f.From) {
		return &library.Error{Code: library.EINVALID, Key: "error.event_filter_dates", Message: fmt.Sprintf("to %s before from %s", f.To, f.From)}
	}
	return nil
}

// pageOfEvents reads one page of the events w selects, in order. The page
// is chosen on the IDs alone and only its rows are read in full, with
// their sign-up counts: sorting whole rows, counts and all, of every
// event that matches would cost ten times as much.
func pageOfEvents(ctx context.Context, q queryer, w *where, order string, limit, offset int) ([]library.Event, error) {
	args := append(slices.Clone(w.args), limit, max(offset, 0))
	return scanEvents(q.QueryContext(ctx, `SELECT `+eventColumns+` FROM events e JOIN (SELECT e.id FROM events e`+w.String()+
		fmt.Sprintf(` ORDER BY %s LIMIT $%d OFFSET $%d) page ON page.id = e.id ORDER BY %s`, order, len(args)-1, len(args), order), args...))
}

// UpcomingEvents returns a page of the public events f selects, in order
// of start (see library.EventFilter).
func (db *DB) UpcomingEvents(ctx context.Context, f library.EventFilter, now time.Time) (library.EventPage, error) {
	now = instant(now)
	if err := checkFilter(f); err != nil {
		return library.EventPage{}, err
	}
	w := &where{}
	w.add(publicEvent, now)
	if f.From == (library.Date{}) {
		w.add("e.ends_at > ?", now)
	} else {
		w.add("e.ends_at > ?", f.From.In(library.Helsinki, 0).UTC())
	}
	if f.To != (library.Date{}) {
		w.add("e.starts_at < ?", f.To.AddDays(1).In(library.Helsinki, 0).UTC())
	}
	if f.Library != "" {
		w.add("e.library_id = ?", f.Library)
	}
	if f.Branch != "" {
		w.add("e.branch_id = ?", f.Branch)
	}
	if f.SeriesID != 0 {
		w.add("e.series_id = ?", f.SeriesID)
	}
	if f.FreeOnly {
		w.add("e.price_cents = 0")
	}
	w.anyCode("e.audiences", f.Audiences)
	w.anyCode("(',' || e.category || ',')", f.Categories)
	w.anyCode("e.languages", f.Languages)
	for _, word := range strings.Fields(nameKey(f.Text)) {
		w.add(db.dialect.contains("e.search_key"), word)
	}
	limit := f.Limit
	if limit <= 0 {
		limit = 20
	}
	limit = min(limit, 200)
	var page library.EventPage
	err := db.inReadTx(ctx, func(tx txn) error {
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM events e`+w.String(), w.args...).Scan(&page.Total); err != nil {
			return err
		}
		var err error
		page.Events, err = pageOfEvents(ctx, tx, w, "e.starts_at, e.id", limit, f.Offset)
		return err
	})
	if err != nil {
		return library.EventPage{}, fmt.Errorf("upcoming events: %w", err)
	}
	return page, nil
}

// PublicEvent returns an event if it is public at now, else ENOTFOUND.
func (db *DB) PublicEvent(ctx context.Context, id int64, now time.Time) (library.Event, error) {
	e, err := readEvent(ctx, db.reader(), id)
	if err == nil && !e.Public(instant(now)) {
		err = eventNotFound(id)
	}
	if err != nil {
		return library.Event{}, fmt.Errorf("event %d: %w", id, err)
	}
	return e, nil
}

// Event returns an event whatever its status, for staff.
func (db *DB) Event(ctx context.Context, id int64) (library.Event, error) {
	e, err := readEvent(ctx, db.reader(), id)
	if err != nil {
		return library.Event{}, fmt.Errorf("event %d: %w", id, err)
	}
	return e, nil
}

// BranchEvents returns the next n public events of a branch that have not
// ended.
func (db *DB) BranchEvents(ctx context.Context, branchID string, n int, now time.Time) ([]library.Event, error) {
	now = instant(now)
	w := &where{}
	w.add(publicEvent, now)
	w.add("e.branch_id = ?", branchID)
	w.add("e.ends_at > ?", now)
	es, err := pageOfEvents(ctx, db.reader(), w, "e.starts_at, e.id", max(n, 0), 0)
	if err != nil {
		return nil, fmt.Errorf("events of branch %s: %w", branchID, err)
	}
	return es, nil
}

// StaffEvents returns a page of events for the staff's lists, of any
// status (see library.StaffEventFilter).
func (db *DB) StaffEvents(ctx context.Context, f library.StaffEventFilter, now time.Time) (library.EventPage, error) {
	now = instant(now)
	w := &where{}
	order := "e.starts_at, e.id"
	switch f.View {
	case "", library.ViewUpcoming:
		w.add("e.ends_at > ?", now)
	case library.ViewDrafts:
		w.add("e.ends_at > ?", now)
		w.add("e.status = 'draft'")
	case library.ViewScheduled:
		w.add("e.status = 'published'")
		w.add("e.publish_at > ?", now)
	case library.ViewPast:
		w.add("e.ends_at <= ?", now)
		order = "e.starts_at DESC, e.id DESC"
	default:
		return library.EventPage{}, &library.Error{Code: library.EINVALID, Key: "error.event_filter", Message: fmt.Sprintf("bad view %q", f.View)}
	}
	if f.Library != "" {
		w.add("e.library_id = ?", f.Library)
	}
	if f.Branch != "" {
		w.add("e.branch_id = ?", f.Branch)
	}
	limit := f.Limit
	if limit <= 0 {
		limit = 50
	}
	limit = min(limit, 500)
	var page library.EventPage
	err := db.inReadTx(ctx, func(tx txn) error {
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM events e`+w.String(), w.args...).Scan(&page.Total); err != nil {
			return err
		}
		var err error
		page.Events, err = pageOfEvents(ctx, tx, w, order, limit, f.Offset)
		return err
	})
	if err != nil {
		return library.EventPage{}, fmt.Errorf("staff events: %w", err)
	}
	return page, nil
}

// PatronEvents returns a patron's standing sign-ups for events that have
// not ended, in order of start.
func (db *DB) PatronEvents(ctx context.Context, patronID int64, now time.Time) ([]library.RegisteredEvent, error) {
	now = instant(now)
	var out []library.RegisteredEvent
	err := db.inReadTx(ctx, func(tx txn) error {
		rows, err := tx.QueryContext(ctx, `SELECT s.id FROM event_signups s JOIN events e ON e.id = s.event_id
			WHERE s.patron_id = $1 AND s.status <> 'cancelled' AND e.ends_at > $2 ORDER BY e.starts_at, e.id`, patronID, now)
		if err != nil {
			return err
		}
		ids, err := scanIDs(rows)
		if err != nil {
			return err
		}
		for _, id := range ids {
			s, err := readSignup(ctx, tx, "error.event_signup_not_found", `s.id = $1`, id)
			if err != nil {
				return err
			}
			ev, err := readEvent(ctx, tx, s.EventID)
			if err != nil {
				return err
			}
			out = append(out, library.RegisteredEvent{Signup: s.Signup, Event: ev})
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("events of patron %d: %w", patronID, err)
	}
	return out, nil
}
