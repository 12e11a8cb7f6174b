package library

import "context"

// Works finds the editions of a work: the records of one title by one
// author in every format and edition (a novel as a book, an e-book, an
// audiobook, a new printing). The search index implements it; a work's ID
// is SearchHit.WorkID.
type Works interface {
	// WorkOf returns the ID of the work a record belongs to, "" if the
	// record is unknown.
	WorkOf(ctx context.Context, recordID int64) string
	// Editions returns the record IDs of a work's editions, none for an
	// unknown work.
	Editions(ctx context.Context, workID string) []int64
}
