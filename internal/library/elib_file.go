package library

import (
	"context"
	"time"
)

// EFile is an e-title's file that Kirjasto serves itself rather than a
// distributor: an open-access book kept in the database (the demo's
// EPUB 3 books), downloaded from the e-title's page.
type EFile struct {
	RecordID  int64
	Name      string // the file name a download is saved under ("meren-laulu.epub")
	MediaType string // "application/epub+zip"
	Bytes     []byte
	Updated   time.Time
}

// EFileDistributor is the distributor ID of the open-access licences
// whose files Kirjasto serves itself.
const EFileDistributor = "kirjasto"

// EFiles keeps the e-titles' files Kirjasto serves.
type EFiles interface {
	// PutEFile stores a record's file, replacing the one it had; staff
	// need ActELibrary in the consortium.
	PutEFile(ctx context.Context, by Staff, f EFile, now time.Time) error
	// EFile returns a record's file, or ENOTFOUND
	// (error.elib_file_not_found).
	EFile(ctx context.Context, recordID int64) (EFile, error)
}
