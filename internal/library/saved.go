package library

import (
	"context"
	"time"
)

// NoticeSavedSearch tells a patron of new records that match a saved
// search. Params: name, count, titles (one per line), link.
const NoticeSavedSearch = "saved_search"

// Alert is how often a saved search tells its patron of new matches.
type Alert string

// Alert frequencies.
const (
	AlertNone   Alert = "none"
	AlertDaily  Alert = "daily"
	AlertWeekly Alert = "weekly"
)

// Alerts lists the frequencies in the order a form offers them.
var Alerts = []Alert{AlertNone, AlertDaily, AlertWeekly}

// Interval returns how long an alert waits between two runs; 0 for none.
func (a Alert) Interval() time.Duration {
	switch a {
	case AlertDaily:
		return 24 * time.Hour
	case AlertWeekly:
		return 7 * 24 * time.Hour
	}
	return 0
}

// Valid reports whether a is a known frequency.
func (a Alert) Valid() bool { return a == AlertNone || a == AlertDaily || a == AlertWeekly }

// SavedSearch is a search a patron keeps to run again, optionally with an
// alert that tells them of records added since.
type SavedSearch struct {
	ID       int64
	PatronID int64
	Name     string
	// Query keeps Text, Filters and Sort; paging and language are the
	// runner's.
	Query   SearchQuery
	Alert   Alert
	Created time.Time
	// LastAlert is when the alert last ran (the saving time before that);
	// LastRecordID is the highest record ID the patron has been told of,
	// so records with higher IDs are new to them.
	LastAlert    time.Time
	LastRecordID int64
}

// SavedSearches keeps patrons' saved searches. Every method that takes a
// patron ID refuses, as not found, a search that is not that patron's.
type SavedSearches interface {
	// SaveSearch stores a new saved search for s.PatronID and returns it
	// with its ID. Records already in the catalogue are not new to it.
	SaveSearch(ctx context.Context, s SavedSearch, now time.Time) (SavedSearch, error)
	// SavedSearches returns a patron's saved searches by name.
	SavedSearches(ctx context.Context, patronID int64) ([]SavedSearch, error)
	// SavedSearch returns one of a patron's saved searches.
	SavedSearch(ctx context.Context, patronID, id int64) (SavedSearch, error)
	// UpdateSavedSearch renames a saved search and sets its alert.
	UpdateSavedSearch(ctx context.Context, patronID, id int64, name string, alert Alert) error
	// DeleteSavedSearch deletes a saved search.
	DeleteSavedSearch(ctx context.Context, patronID, id int64) error
}
