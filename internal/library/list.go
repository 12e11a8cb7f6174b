package library

import (
	"context"
	"time"
)

// Lists and ratings: a patron's own checklists of records ("to read",
// "for book club"), private or shared by an unguessable link, and the
// one-to-five star ratings patrons give records.

// Limits on lists, so that one account cannot grow without bound. The
// store enforces them; the web tells the patron which one they hit.
const (
	MaxLists       = 100  // lists per patron
	MaxListRecords = 1000 // records per list
	MaxListName    = 100  // characters in a list's name
)

// List is a patron's list of records.
type List struct {
	ID       int64
	PatronID int64
	Name     string
	// ShareToken is the list's part of its shared address, /lists/shared/
	// followed by the token; "" when the list is private. Making a list
	// private drops the token, and sharing it again makes a new one, so an
	// old link stays dead.
	ShareToken string
	Count      int // records on the list
	Created    time.Time
	Updated    time.Time
}

// Shared reports whether anyone with the link may read the list.
func (l List) Shared() bool { return l.ShareToken != "" }

// ListEntry is one record on a list.
type ListEntry struct {
	RecordID int64
	Added    time.Time
}

// Lists is the store of patrons' lists. Every method but SharedList takes
// the patron it acts for, and a list that is not theirs is ENOTFOUND, so
// that nobody can learn which list IDs exist.
type Lists interface {
	// Lists returns the patron's lists, by name.
	Lists(ctx context.Context, patronID int64) ([]List, error)
	// List returns one of the patron's lists and its records, newest first.
	List(ctx context.Context, patronID, listID int64) (List, []ListEntry, error)
	// SharedList returns the list shared with token and its records.
	SharedList(ctx context.Context, token string) (List, []ListEntry, error)
	CreateList(ctx context.Context, patronID int64, name string) (List, error)
	RenameList(ctx context.Context, patronID, listID int64, name string) error
	DeleteList(ctx context.Context, patronID, listID int64) error
	// ShareList shares the list by link, or makes it private again.
	ShareList(ctx context.Context, patronID, listID int64, shared bool) (List, error)
	// AddToList adds a record to the list; adding it again is harmless.
	AddToList(ctx context.Context, patronID, listID, recordID int64) error
	RemoveFromList(ctx context.Context, patronID, listID, recordID int64) error
}

// Rating sums up what patrons think of a record.
type Rating struct {
	Average float64 // of the stars given, 0 when Count is 0
	Count   int
}

// Ratings is the store of star ratings, 1 to 5 per patron and record.
type Ratings interface {
	// RecordRating returns a record's average rating and how many gave one.
	RecordRating(ctx context.Context, recordID int64) (Rating, error)
	// PatronRating returns the stars the patron gave, or 0 for none.
	PatronRating(ctx context.Context, patronID, recordID int64) (int, error)
	// Rate sets the patron's stars for a record; 0 removes the rating and
	// anything else outside 1 to 5 is EINVALID.
	Rate(ctx context.Context, patronID, recordID int64, stars int) error
}
