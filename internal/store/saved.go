package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/kirjasto/kirjasto/internal/library"
)

// DB implements library.SavedSearches.
var _ library.SavedSearches = (*DB)(nil)

// maxSavedName bounds a saved search's name, in characters.
const maxSavedName = 200

const savedColumns = `id, patron_id, name, query, filters, sort, alert, created, last_alert_at, last_record_id, alert_version`

// checkSaved validates a name and an alert as a patron typed them.
func checkSaved(name string, alert library.Alert) (string, error) {
	name = strings.TrimSpace(name)
	if name == "" || utf8.RuneCountInString(name) > maxSavedName {
		return "", &library.Error{Code: library.EINVALID, Key: "error.saved_name", Message: "saved search name empty or too long"}
	}
	if !alert.Valid() {
		return "", &library.Error{Code: library.EINVALID, Key: "error.saved_alert", Message: fmt.Sprintf("alert %q", alert)}
	}
	return name, nil
}

// SaveSearch stores a new saved search. Its alert starts from the newest
// record now in the catalogue, so only records added later are news.
func (db *DB) SaveSearch(ctx context.Context, s library.SavedSearch, now time.Time) (library.SavedSearch, error) {
	name, err := checkSaved(s.Name, s.Alert)
	if err != nil {
		return library.SavedSearch{}, err
	}
	filters := s.Query.Filters
	if filters == nil {
		filters = map[string][]string{}
	}
	fj, err := json.Marshal(filters)
	if err != nil {
		return library.SavedSearch{}, err
	}
	if s.Query.Sort == "" {
		s.Query.Sort = library.SortRelevance
	}
	now = instant(now)
	err = db.inTx(ctx, func(tx txn) error {
		return tx.QueryRowContext(ctx, `INSERT INTO saved_searches
			(patron_id, name, query, filters, sort, alert, created, last_alert_at, last_record_id)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $7, (SELECT COALESCE(MAX(id), 0) FROM records))
			RETURNING id, last_record_id`,
			s.PatronID, name, s.Query.Text, string(fj), string(s.Query.Sort), string(s.Alert), now).Scan(&s.ID, &s.LastRecordID)
	})
	if err != nil {
		return library.SavedSearch{}, fmt.Errorf("save search for patron %d: %w", s.PatronID, err)
	}
	s.Name, s.Query.Filters, s.Created, s.LastAlert = name, filters, now, now
	return s, nil
}

// savedRow is a saved search with the version its alert is claimed by.
type savedRow struct {
	library.SavedSearch
	version int64
}

func scanSaved(rows *sql.Rows) ([]savedRow, error) {
	defer rows.Close()
	var out []savedRow
	for rows.Next() {
		var r savedRow
		var filters, sort, alert string
		if err := rows.Scan(&r.ID, &r.PatronID, &r.Name, &r.Query.Text, &filters, &sort, &alert,
			&r.Created, &r.LastAlert, &r.LastRecordID, &r.version); err != nil {
			return nil, err
		}
		if err := json.Unmarshal([]byte(filters), &r.Query.Filters); err != nil {
			return nil, fmt.Errorf("saved search %d filters: %w", r.ID, err)
		}
		r.Query.Sort, r.Alert = library.Sort(sort), library.Alert(alert)
		r.Created, r.LastAlert = r.Created.UTC(), r.LastAlert.UTC()
		out = append(out, r)
	}
	return out, rows.Err()
}

// SavedSearches returns a patron's saved searches by name.
func (db *DB) SavedSearches(ctx context.Context, patronID int64) ([]library.SavedSearch, error) {
	rows, err := db.reader().QueryContext(ctx, `SELECT `+savedColumns+` FROM saved_searches
		WHERE patron_id = $1 ORDER BY name, id`, patronID)
	if err != nil {
		return nil, fmt.Errorf("saved searches of patron %d: %w", patronID, err)
	}
	rs, err := scanSaved(rows)
	if err != nil {
		return nil, fmt.Errorf("saved searches of patron %d: %w", patronID, err)
	}
	out := make([]library.SavedSearch, 0, len(rs))
	for _, r := range rs {
		out = append(out, r.SavedSearch)
	}
	return out, nil
}

// SavedSearch returns one of a patron's saved searches.
func (db *DB) SavedSearch(ctx context.Context, patronID, id int64) (library.SavedSearch, error) {
	rows, err := db.reader().QueryContext(ctx, `SELECT `+savedColumns+` FROM saved_searches
		WHERE id = $1 AND patron_id = $2`, id, patronID)
	if err != nil {
		return library.SavedSearch{}, fmt.Errorf("saved search %d: %w", id, err)
	}
	rs, err := scanSaved(rows)
	if err != nil {
		return library.SavedSearch{}, fmt.Errorf("saved search %d: %w", id, err)
	}
	if len(rs) == 0 {
		return library.SavedSearch{}, savedNotFound(id)
	}
	return rs[0].SavedSearch, nil
}

func savedNotFound(id int64) error {
	return &library.Error{Code: library.ENOTFOUND, Key: "error.saved_not_found", Message: fmt.Sprintf("saved search %d not found", id)}
}

// UpdateSavedSearch renames a saved search and sets its alert.
func (db *DB) UpdateSavedSearch(ctx context.Context, patronID, id int64, name string, alert library.Alert) error {
	name, err := checkSaved(name, alert)
	if err != nil {
		return err
	}
	return db.savedExec(ctx, id, `UPDATE saved_searches SET name = $1, alert = $2 WHERE id = $3 AND patron_id = $4`,
		name, string(alert), id, patronID)
}

// DeleteSavedSearch deletes a saved search.
func (db *DB) DeleteSavedSearch(ctx context.Context, patronID, id int64) error {
	return db.savedExec(ctx, id, `DELETE FROM saved_searches WHERE id = $1 AND patron_id = $2`, id, patronID)
}

// savedExec runs a statement that must change exactly the one search.
func (db *DB) savedExec(ctx context.Context, id int64, query string, args ...any) error {
	err := db.inTx(ctx, func(tx txn) error {
		res, err := tx.ExecContext(ctx, query, args...)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil || n != 1 {
			return cmpErr(err, savedNotFound(id))
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("saved search %d: %w", id, err)
	}
	return nil
}

// cmpErr returns err if there is one, else fallback.
func cmpErr(err, fallback error) error {
	if err != nil {
		return err
	}
	return fallback
}
