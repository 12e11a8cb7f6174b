package library

import (
	"context"
	"fmt"
	"time"
)

// RecordWithItems is a record together with its copies, as importers and
// the demo generator hand them to the store.
type RecordWithItems struct {
	Record Record
	Items  []Item // RecordID and ID are filled in by the store
}

// UpsertResult says what the store did with one record of a batch.
type UpsertResult struct {
	ID      int64
	Created bool // false: an existing record with the same SourceID was updated
}

// Change is one entry of the store's change feed: a record, or one of its
// items, changed. Search indexes follow the feed to stay current.
type Change struct {
	// Tx is the ID of the transaction that wrote the entry on PostgreSQL
	// (0 on SQLite), Seq the entry's own number; together they are its
	// place in the feed (Pos).
	Tx       int64
	Seq      int64
	RecordID int64
	At       time.Time
}

// Pos returns the feed position just after c.
func (c Change) Pos() FeedPos { return FeedPos{Tx: c.Tx, Seq: c.Seq} }

// FeedPos is a place in the change feed: a follower that has read up to
// it reads next the entries after it, in (Tx, Seq) order. The zero
// FeedPos is the feed's beginning. Entries are not in commit order on
// PostgreSQL, where writers do not wait for each other; the store hands a
// follower only entries whose place can no longer be taken by an entry
// that is still being written (docs/changefeed.md).
type FeedPos struct {
	Tx, Seq int64
}

// Before reports whether p comes before q in the feed.
func (p FeedPos) Before(q FeedPos) bool {
	return p.Tx < q.Tx || p.Tx == q.Tx && p.Seq < q.Seq
}

func (p FeedPos) String() string {
	if p.Tx == 0 {
		return fmt.Sprintf("seq %d", p.Seq)
	}
	return fmt.Sprintf("transaction %d seq %d", p.Tx, p.Seq)
}

// FeedTrimmedError is ChangesSince's answer when entries after Pos may
// have been trimmed from the feed (they were older than its retention):
// whoever follows from Pos has a hole in what it read, and rebuilds from
// the records instead.
type FeedTrimmedError struct {
	Pos     FeedPos // where the follower stands
	Trimmed FeedPos // the newest entry trimmed
}

func (e *FeedTrimmedError) Error() string {
	return fmt.Sprintf("position %v predates the change feed kept (trimmed up to %v)", e.Pos, e.Trimmed)
}

// Store is the system of record for the catalogue and the consortium.
// Implementations keep every method's writes in one transaction.
type Store interface {
	// PutConsortium inserts or updates member libraries and branches.
	PutConsortium(ctx context.Context, c Consortium) error
	// Libraries returns member libraries ordered by ID.
	Libraries(ctx context.Context) ([]Library, error)
	// Branches returns all branches with their hours, ordered by ID.
	Branches(ctx context.Context) ([]Branch, error)
	// Branch returns one branch, or an ENOTFOUND error.
	Branch(ctx context.Context, id string) (Branch, error)

	// UpsertRecords inserts or updates records matched by SourceID, and
	// replaces their items matched by barcode (an item whose barcode is
	// gone is deleted unless it is on loan). All or nothing.
	UpsertRecords(ctx context.Context, recs []RecordWithItems) ([]UpsertResult, error)
	// Record returns one record, or an ENOTFOUND error.
	Record(ctx context.Context, id int64) (Record, error)
	// Items returns the items of a record ordered by branch and barcode.
	Items(ctx context.Context, recordID int64) ([]Item, error)
	// Item returns the item with a barcode, or an ENOTFOUND error.
	Item(ctx context.Context, barcode string) (Item, error)
	// CountRecords returns the number of records.
	CountRecords(ctx context.Context) (int, error)
	// ScanRecords calls fn for every record in ID order with its items,
	// for rebuilding the search index. Records after afterID only.
	ScanRecords(ctx context.Context, afterID int64, fn func(Record, []Item) error) error

	// SetItemStatus moves an item to a status at a branch (due is for
	// loans); it is the circulation primitive the desk and kiosks build on.
	// It fails with ECONFLICT if the item is not in status from.
	SetItemStatus(ctx context.Context, barcode string, from, to ItemStatus, branch string, due time.Time) (Item, error)

	// ChangesSince returns up to limit change-feed entries after pos, in
	// feed order; an entry whose transaction may still be running is not
	// returned yet, nor any after it. LastChange returns the position
	// that everything committed so far comes before, so an index can
	// note where to follow from before it scans everything. When entries
	// after pos may have been trimmed, ChangesSince fails with a
	// *FeedTrimmedError.
	ChangesSince(ctx context.Context, pos FeedPos, limit int) ([]Change, error)
	LastChange(ctx context.Context) (FeedPos, error)

	Close() error
}

// Sort orders search hits.
type Sort string

// The orders a search can be sorted in.
const (
	SortRelevance Sort = "relevance"
	SortNewest    Sort = "newest"
	SortTitle     Sort = "title"
)

// Facet names. Values of "available_city" and "available_branch" are the
// library and branch IDs where a copy is on the shelf now.
const (
	FacetMaterial        = "material"
	FacetLanguage        = "language"
	FacetDecade          = "decade"
	FacetYear            = "year"
	FacetAuthor          = "author"
	FacetSubject         = "subject"
	FacetGenre           = "genre"
	FacetAudience        = "audience"
	FacetAvailableCity   = "available_city"
	FacetAvailableBranch = "available_branch"
	// FacetFormatKind is "electronic" (e-books, online resources) or
	// "physical" (everything with copies on shelves).
	FacetFormatKind = "format_kind"
	// FacetOnline has the one value OnlineNow: e-titles that can be
	// borrowed or downloaded right now (EAvailability.OnlineNow), kept
	// current by the change feed as the shelves' availability is.
	FacetOnline = "online"
)

// OnlineNow is the value of FacetOnline.
const OnlineNow = "now"

// Values of FacetFormatKind.
const (
	FormatElectronic = "electronic"
	FormatPhysical   = "physical"
)

// Facets lists the facets a result page shows, in order.
var Facets = []string{FacetAvailableCity, FacetAvailableBranch, FacetOnline, FacetFormatKind, FacetMaterial, FacetLanguage, FacetDecade, FacetAuthor, FacetSubject, FacetGenre, FacetAudience}

// SearchQuery is one search as a patron asked it.
type SearchQuery struct {
	Text    string
	Lang    string              // the user's interface language ("fi", "sv", "en", "ru"), a hint for stemming
	Filters map[string][]string // facet name → selected values; values of one facet are ORed, facets ANDed
	Sort    Sort
	Offset  int
	Limit   int
	// GroupWorks makes each hit a work: the editions and formats of one
	// title by one author, shown once (Offset and Limit count works).
	GroupWorks bool
}

// SearchHit is one record found, with its score.
type SearchHit struct {
	ID    int64
	Score float64
	// With SearchQuery.GroupWorks: the work the record (its best-ranked
	// edition) belongs to, the work's editions among the hits (ID first),
	// and their materials ("book", "ebook", ...). WorkID is "" and the
	// lists empty without grouping.
	WorkID   string
	Editions []int64
	Formats  []string
}

// FacetValue is one value of a facet with the number of hits that have it.
type FacetValue struct {
	Value    string
	Count    int
	Selected bool
}

// Facet is the counts of one facet over a result.
type Facet struct {
	Name   string
	Values []FacetValue // by count descending, then value
	// Approximate is set when the counts are estimates: a facet with very
	// many values (authors, subjects) over a very large result is counted
	// on a sample of it.
	Approximate bool
}

// SearchResult is one page of a search.
type SearchResult struct {
	Total  int
	Hits   []SearchHit
	Facets []Facet
	// DidYouMean is the query with misspelt words corrected, offered when
	// the query found nothing or very little; "" when there is none.
	DidYouMean string
	// Works is the number of works among the Total records, with
	// SearchQuery.GroupWorks (0 without); WorksApproximate says it is an
	// estimate, as it is for very large results.
	Works            int
	WorksApproximate bool
}

// Suggestion is one completion of what a patron is typing: a title, an
// author or a subject the catalogue has.
type Suggestion struct {
	Text  string // as the catalogue writes it, e.g. "Jansson, Tove"
	Kind  string // "title", "author" or "subject"
	Count int    // records with it; suggestions are ranked by popularity
}

// Searcher finds records. The search package implements it.
type Searcher interface {
	Search(ctx context.Context, q SearchQuery) (SearchResult, error)
}

// Suggester completes what a patron is typing into the search box. The
// search index implements it.
type Suggester interface {
	Suggest(ctx context.Context, prefix, lang string, n int) []Suggestion
}
