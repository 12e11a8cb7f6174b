package library

import (
	"context"
	"time"
)

// Harvest sets. A record is in the set of its material ("material:book")
// and in the set of every member library that has a copy of it
// ("library:espoo"); "material" and "library" are the parents of those.
const (
	SetLibrary  = "library"
	SetMaterial = "material"
)

// HarvestQuery selects records for a harvester, in ID order, which is a
// stable keyset: IDs are never reused, so resuming after AfterID neither
// repeats nor skips a record however the catalogue changes in between.
type HarvestQuery struct {
	// From and Until bound the datestamp: From <= datestamp < Until. A
	// zero value leaves that end open.
	From, Until time.Time
	// Set is "" for all records, else a set spec such as "library",
	// "library:espoo", "material" or "material:book".
	Set     string
	AfterID int64
	Limit   int
	// WithRecords loads the records' metadata; without it only IDs,
	// datestamps and sets are filled in (for listing identifiers).
	WithRecords bool
}

// HarvestEntry is one record as a harvester sees it: present, or deleted
// and remembered by a tombstone.
type HarvestEntry struct {
	ID        int64
	Deleted   bool
	Datestamp time.Time // when the record last changed, or was deleted
	Sets      []string  // set specs of the leaf sets, sorted
	Record    Record    // with HarvestQuery.WithRecords, for a present record
}

// Harvester serves OAI-PMH: records with their datestamps and sets,
// deleted ones included. The store implements it.
type Harvester interface {
	// Harvest returns up to q.Limit entries with IDs above q.AfterID.
	Harvest(ctx context.Context, q HarvestQuery) ([]HarvestEntry, error)
	// HarvestRecord returns one entry with its record, or ENOTFOUND if
	// the ID never named a record.
	HarvestRecord(ctx context.Context, id int64) (HarvestEntry, error)
	// EarliestDatestamp returns the oldest datestamp of any entry, or the
	// zero time for an empty catalogue.
	EarliestDatestamp(ctx context.Context) (time.Time, error)
}

// RecordDeleter deletes records from the catalogue. The store implements it.
type RecordDeleter interface {
	// DeleteRecord deletes a record with its copies, holds and list
	// entries and leaves a tombstone for harvesters. It fails with
	// ECONFLICT while a copy is on loan, and ENOTFOUND for no record.
	DeleteRecord(ctx context.Context, id int64) error
}
