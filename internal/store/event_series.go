package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/kirjasto/kirjasto/internal/library"
)

// Series: a row of event_series keeps the template and the rule; its
// occurrences are events with series_id set, made from them (see
// library/event.go for what an edit regenerates and what it keeps).

func seriesNotFound(id int64) error {
	return &library.Error{Code: library.ENOTFOUND, Key: "error.event_series_not_found", Message: fmt.Sprintf("series %d not found", id)}
}

// readSeries reads a series and its occurrences; lock takes the series'
// row lock too.
func readSeries(ctx context.Context, q queryer, id int64, lock string) (library.Series, error) {
	var s library.Series
	var template, rule []byte
	var cancelled sql.NullTime
	err := q.QueryRowContext(ctx, `SELECT id, template, rule, signup_days, cancelled_at, version, created, updated
		FROM event_series WHERE id = $1`+lock, id).
		Scan(&s.ID, &template, &rule, &s.SignupDays, &cancelled, &s.Version, &s.Created, &s.Updated)
	if errors.Is(err, sql.ErrNoRows) {
		return s, seriesNotFound(id)
	}
	if err != nil {
		return s, err
	}
	if err := unmarshalAll(template, &s.Template, rule, &s.Rule); err != nil {
		return s, fmt.Errorf("series %d: %w", id, err)
	}
	s.CancelledAt, s.Created, s.Updated = zeroTime(cancelled), s.Created.UTC(), s.Updated.UTC()
	s.Occurrences, err = scanEvents(q.QueryContext(ctx, `SELECT `+eventColumns+` FROM events e
		WHERE e.series_id = $1 ORDER BY e.starts_at, e.id`, id))
	return s, err
}

// EventSeries returns a series with all its occurrences.
func (db *DB) EventSeries(ctx context.Context, id int64) (library.Series, error) {
	var s library.Series
	err := db.inReadTx(ctx, func(tx txn) error {
		var err error
		s, err = readSeries(ctx, tx, id, "")
		return err
	})
	if err != nil {
		return library.Series{}, fmt.Errorf("series %d: %w", id, err)
	}
	return s, nil
}

// CreateSeries adds a recurring event and its occurrences from now on.
func (db *DB) CreateSeries(ctx context.Context, by library.Staff, s library.Series, now time.Time) (library.SeriesChange, error) {
	now = instant(now)
	s.ID = 0
	if err := s.Validate(); err != nil {
		return library.SeriesChange{}, err
	}
	if err := library.Permit(by, library.ActContent, s.Template.Scope()); err != nil {
		return library.SeriesChange{}, err
	}
	if s.Template.Status == library.EventPublished && s.Template.PublishAt.IsZero() {
		s.Template.PublishAt = now
	}
	var ch library.SeriesChange
	err := db.inTx(ctx, func(tx txn) error {
		if err := checkEventPlace(ctx, tx, s.Template); err != nil {
			return err
		}
		err := tx.QueryRowContext(ctx, `INSERT INTO event_series (library_id, branch_id, template, rule, signup_days, created, updated)
			VALUES ($1, $2, $3, $4, $5, $6, $6) RETURNING id`,
			s.Template.Library, s.Template.Branch, jsonText(s.Template), jsonText(s.Rule), s.SignupDays, now).Scan(&s.ID)
		if err != nil {
			return err
		}
		s.Template.SeriesID = s.ID
		if ch, err = regenerate(ctx, tx, s, now); err != nil {
			return err
		}
		if ch.Created == 0 {
			return &library.Error{Code: library.EINVALID, Key: "error.event_series_past", Message: "every date of the series is past"}
		}
		if err := auditSeries(ctx, tx, by, library.AuditSeriesCreate, s, ch, now); err != nil {
			return err
		}
		ch.Series, err = readSeries(ctx, tx, s.ID, "")
		return err
	})
	if err != nil {
		return library.SeriesChange{}, fmt.Errorf("create series: %w", err)
	}
	return ch, nil
}

// UpdateSeries changes a series' template and rule and regenerates its
// future occurrences (see library.Events).
func (db *DB) UpdateSeries(ctx context.Context, by library.Staff, s library.Series, now time.Time) (library.SeriesChange, error) {
	now = instant(now)
	if err := s.Validate(); err != nil {
		return library.SeriesChange{}, err
	}
	if err := library.Permit(by, library.ActContent, s.Template.Scope()); err != nil {
		return library.SeriesChange{}, err
	}
	var ch library.SeriesChange
	err := db.circTx(ctx, func(tx txn) error {
		old, err := readSeries(ctx, tx, s.ID, tx.d.lockRow("FOR UPDATE"))
		if err != nil {
			return err
		}
		if err := library.Permit(by, library.ActContent, old.Template.Scope()); err != nil {
			return err
		}
		switch {
		case s.Version != old.Version:
			return &library.Error{Code: library.ECONFLICT, Key: "error.event_changed",
				Message: fmt.Sprintf("series %d changed since version %d (now %d)", s.ID, s.Version, old.Version)}
		case !old.CancelledAt.IsZero():
			return &library.Error{Code: library.ECONFLICT, Key: "error.event_series_cancelled", Message: fmt.Sprintf("series %d is cancelled", s.ID)}
		}
		if err := checkEventPlace(ctx, tx, s.Template); err != nil {
			return err
		}
		t := &s.Template
		if t.Status == library.EventPublished && t.PublishAt.IsZero() {
			t.PublishAt = now
			if old.Template.Status == library.EventPublished && !old.Template.PublishAt.IsZero() {
				t.PublishAt = old.Template.PublishAt // published before: stays published since then
			}
		}
		if _, err := tx.ExecContext(ctx, `UPDATE event_series SET library_id = $1, branch_id = $2, template = $3, rule = $4,
			signup_days = $5, version = version + 1, updated = $6 WHERE id = $7`,
			t.Library, t.Branch, jsonText(s.Template), jsonText(s.Rule), s.SignupDays, now, s.ID); err != nil {
			return err
		}
		if ch, err = regenerate(ctx, tx, s, now); err != nil {
			return err
		}
		if err := auditSeries(ctx, tx, by, library.AuditSeriesUpdate, s, ch, now); err != nil {
			return err
		}
		ch.Series, err = readSeries(ctx, tx, s.ID, "")
		return err
	})
	if err != nil {
		return library.SeriesChange{}, fmt.Errorf("update series %d: %w", s.ID, err)
	}
	return ch, nil
}

// regenerate makes the future occurrences of s what its template and rule
// say: an occurrence on a date of the rule is updated in place, one off
// the rule removed, a date without one gets one; occurrences changed on
// their own, cancelled, or with sign-ups are kept as they are.
func regenerate(ctx context.Context, tx txn, s library.Series, now time.Time) (library.SeriesChange, error) {
	var ch library.SeriesChange
	inRule := map[library.Date]bool{}
	var dates []library.Date
	for _, d := range s.Rule.Dates() {
		if s.Occurrence(d).Start.After(now) {
			inRule[d] = true
			dates = append(dates, d)
		}
	}
	// Lock the future occurrences before looking at their sign-ups, so
	// that none gets a sign-up between the look and its update or removal.
	if lock := tx.d.lockRow("FOR UPDATE"); lock != "" {
		rows, err := tx.QueryContext(ctx, `SELECT id FROM events WHERE series_id = $1 AND starts_at > $2 ORDER BY id`+lock, s.ID, now)
		if err != nil {
			return ch, err
		}
		if _, err := scanIDs(rows); err != nil {
			return ch, err
		}
	}
	occs, err := scanEvents(tx.QueryContext(ctx, `SELECT `+eventColumns+` FROM events e
		WHERE e.series_id = $1 AND e.starts_at > $2 ORDER BY e.starts_at, e.id`, s.ID, now))
	if err != nil {
		return ch, err
	}
	covered := map[library.Date]bool{}
	for _, o := range occs {
		in := inRule[o.OccurrenceDate]
		switch {
		case o.Changed || o.Cancelled():
			ch.Kept = append(ch.Kept, library.KeptOccurrence{Event: o, Reason: library.KeptChanged, InRule: in})
		case o.Taken > 0 || o.WaitingSignups > 0:
			ch.Kept = append(ch.Kept, library.KeptOccurrence{Event: o, Reason: library.KeptSignups, InRule: in})
		case in:
			e := s.Occurrence(o.OccurrenceDate)
			e.ID = o.ID
			if err := writeEvent(ctx, tx, e, now); err != nil {
				return ch, err
			}
			ch.Updated++
		default:
			if err := deleteEventRow(ctx, tx, o.ID); err != nil {
				return ch, err
			}
			ch.Removed++
			continue
		}
		if in {
			covered[o.OccurrenceDate] = true
		}
	}
	for _, d := range dates {
		if covered[d] {
			continue
		}
		if _, err := insertEvent(ctx, tx, s.Occurrence(d), now); err != nil {
			return ch, err
		}
		ch.Created++
	}
	return ch, nil
}

// CancelSeries cancels every occurrence not yet ended, telling everyone
// who signed up, and ends the series.
func (db *DB) CancelSeries(ctx context.Context, by library.Staff, id int64, reason library.Text, now time.Time) (library.SeriesChange, error) {
	now = instant(now)
	reason, err := library.ValidCancelReason(reason)
	if err != nil {
		return library.SeriesChange{}, err
	}
	var ch library.SeriesChange
	err = db.circTx(ctx, func(tx txn) error {
		ch = library.SeriesChange{}
		s, err := readSeries(ctx, tx, id, tx.d.lockRow("FOR UPDATE"))
		if err != nil {
			return err
		}
		if err := library.Permit(by, library.ActContent, s.Template.Scope()); err != nil {
			return err
		}
		if !s.CancelledAt.IsZero() {
			return &library.Error{Code: library.ECONFLICT, Key: "error.event_series_cancelled", Message: fmt.Sprintf("series %d is cancelled", id)}
		}
		if _, err := tx.ExecContext(ctx, `UPDATE event_series SET cancelled_at = $1, version = version + 1, updated = $1 WHERE id = $2`, now, id); err != nil {
			return err
		}
		for _, o := range s.Occurrences {
			if o.Cancelled() || !o.End.After(now) {
				continue
			}
			e, err := lockEvent(ctx, tx, o.ID)
			if err != nil {
				return err
			}
			if _, err := cancelEvent(ctx, tx, e, reason, now); err != nil {
				return err
			}
			ch.Cancelled++
		}
		if err := auditSeries(ctx, tx, by, library.AuditSeriesCancel, s, ch, now); err != nil {
			return err
		}
		ch.Series, err = readSeries(ctx, tx, id, "")
		return err
	})
	if err != nil {
		return library.SeriesChange{}, fmt.Errorf("cancel series %d: %w", id, err)
	}
	return ch, nil
}

// auditSeries writes a series' entry to the audit trail, with what the
// change did to its occurrences.
func auditSeries(ctx context.Context, tx txn, by library.Staff, action string, s library.Series, ch library.SeriesChange, now time.Time) error {
	return audit(ctx, tx, library.AuditEntry{StaffID: by.ID, Action: action, Library: s.Template.Library,
		Detail: fmt.Sprintf("series %d %s: %d new, %d changed, %d removed, %d cancelled, %d kept",
			s.ID, s.Template.Title.Get("fi"), ch.Created, ch.Updated, ch.Removed, ch.Cancelled, len(ch.Kept))}, now)
}
