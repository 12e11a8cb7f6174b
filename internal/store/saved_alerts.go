package store

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/kirjasto/kirjasto/internal/library"
)

// alertMatches is how many new records one alert notice lists.
const alertMatches = 10

// alertScan bounds the hits an alert looks through for new records. New
// records are few between two runs; a search with more hits than this
// still finds them if they rank among the first alertScan.
const alertScan = 5000

// SearchFunc runs a catalogue search; a library.Searcher's Search method
// is one.
type SearchFunc func(ctx context.Context, q library.SearchQuery) (library.SearchResult, error)

// SearchAlerts runs the saved searches whose alerts are due at now and
// writes a saved_search notice for each that found records added since
// its last run, listing up to ten of them. It returns the number of
// notices written.
//
// Running it twice sends nothing new: each alert moves its last run and
// the highest record ID told in the same transaction as its notice. Nodes
// may run it at once: an alert is claimed by a conditional UPDATE on its
// version, so exactly one node writes each notice.
func (db *DB) SearchAlerts(ctx context.Context, now time.Time, search SearchFunc) (int, error) {
	now = instant(now)
	rows, err := db.reader().QueryContext(ctx, `SELECT `+savedColumns+` FROM saved_searches
		WHERE (alert = 'daily' AND last_alert_at <= $1) OR (alert = 'weekly' AND last_alert_at <= $2)
		ORDER BY last_alert_at, id LIMIT 1000`,
		now.Add(-library.AlertDaily.Interval()), now.Add(-library.AlertWeekly.Interval()))
	if err != nil {
		return 0, fmt.Errorf("search alerts: %w", err)
	}
	due, err := scanSaved(rows)
	if err != nil {
		return 0, fmt.Errorf("search alerts: %w", err)
	}
	sent := 0
	for _, s := range due {
		ok, err := db.runAlert(ctx, s, now, search)
		if err != nil {
			return sent, fmt.Errorf("search alert %d: %w", s.ID, err)
		}
		if ok {
			sent++
		}
	}
	return sent, nil
}

// runAlert runs one saved search and, if it found new records, writes its
// notice. It reports whether it wrote one.
func (db *DB) runAlert(ctx context.Context, s savedRow, now time.Time, search SearchFunc) (bool, error) {
	q := s.Query
	q.Offset, q.Limit, q.GroupWorks = 0, alertScan, false
	res, err := search(ctx, q)
	if err != nil {
		return false, err
	}
	var fresh []int64
	for _, h := range res.Hits {
		if h.ID > s.LastRecordID {
			fresh = append(fresh, h.ID)
		}
	}
	slices.Sort(fresh)
	top := s.LastRecordID
	if len(fresh) > 0 {
		top = fresh[len(fresh)-1]
	}
	wrote := false
	err = db.inTx(ctx, func(tx txn) error {
		r, err := tx.ExecContext(ctx, `UPDATE saved_searches
			SET last_alert_at = $1, last_record_id = $2, alert_version = alert_version + 1
			WHERE id = $3 AND alert_version = $4`, now, top, s.ID, s.version)
		if err != nil {
			return err
		}
		if n, err := r.RowsAffected(); err != nil || n != 1 {
			return err // another node ran it, or it was deleted
		}
		if len(fresh) == 0 {
			return nil
		}
		// Newest first in the notice: the patron cares about the latest.
		slices.Reverse(fresh)
		titles, err := recordTitles(ctx, tx, fresh[:min(len(fresh), alertMatches)])
		if err != nil {
			return err
		}
		_, err = insertNotice(ctx, tx, library.Notice{PatronID: s.PatronID, Kind: library.NoticeSavedSearch, Created: now,
			Params: map[string]string{
				"name":   s.Name,
				"count":  strconv.Itoa(len(fresh)),
				"titles": strings.Join(titles, "\n"),
				"link":   "/account/searches/" + strconv.FormatInt(s.ID, 10) + "/run",
			}})
		wrote = err == nil
		return err
	})
	return wrote, err
}

// recordTitles returns the titles of records, in the order of ids.
func recordTitles(ctx context.Context, tx txn, ids []int64) ([]string, error) {
	byID := map[int64]string{}
	args := make([]any, len(ids))
	for i, id := range ids {
		args[i] = id
	}
	rows, err := tx.QueryContext(ctx, `SELECT id, title FROM records WHERE id IN (`+placeholders(len(ids), 1)+`)`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var t string
		if err := rows.Scan(&id, &t); err != nil {
			return nil, err
		}
		byID[id] = t
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	out := make([]string, 0, len(ids))
	for _, id := range ids {
		if t, ok := byID[id]; ok {
			out = append(out, t)
		}
	}
	return out, nil
}
