package library

import "context"

// DueFeeds keeps the secret keys of patrons' due-date calendar feeds
// (/calendar/{key}/loans.ics). The key is all a calendar app needs to read
// the patron's due dates, so a patron can reset it, which makes the old
// address stop working.
type DueFeeds interface {
	// DueFeedKey returns the patron's feed key, or ENOTFOUND when they
	// have none.
	DueFeedKey(ctx context.Context, patronID int64) (string, error)
	// ResetDueFeedKey gives the patron a new key, replacing any old one.
	ResetDueFeedKey(ctx context.Context, patronID int64) (string, error)
	// DueFeedPatron returns the ID of the open account whose feed has
	// this key, or ENOTFOUND.
	DueFeedPatron(ctx context.Context, key string) (int64, error)
}
