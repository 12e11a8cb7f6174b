package library

import (
	"context"
	"fmt"
	"time"
)

// Librarians' picks: public lists of catalogue records that staff put
// together ("Sello recommends: autumn crime", "Easy Finnish"), each with
// a title and a short text in several languages, shown on the home page
// and the library's page with the records' live availability. A pick
// belongs to the consortium (Library ""), to a member library, or to one
// of its branches; writing one needs ActContent at its Scope.

// Limits of a pick.
const (
	MaxPickRecords = 100 // a list longer than this is a catalogue search, not a pick
	MaxPickText    = 2000
	MaxPickNote    = 500
)

// PickRecord is one record of a pick, with an optional note of the
// librarian's ("a gentle start for the dark evenings"), plain text.
type PickRecord struct {
	RecordID int64
	Note     Text
}

// Pick is a librarians' pick.
type Pick struct {
	ID      int64
	Library string // "" for the consortium's own
	Branch  string // a branch of Library, or "" for the whole library
	Title   Text   // plain text; Finnish required
	Text    Text   // Markdown, short
	Records []PickRecord
	Publication
	CreatedBy int64
	UpdatedBy int64
	Created   time.Time
	Updated   time.Time
	// Version counts the pick's changes; an update names the version it
	// was made from (ECONFLICT, error.content_changed, when stale).
	Version int64
}

// Scope is where a pick is written: its branch, its library, or the
// consortium.
func (p Pick) Scope() Scope {
	switch {
	case p.Library == "":
		return ConsortiumScope
	case p.Branch == "":
		return LibraryScope(p.Library)
	}
	return BranchScope(p.Library, p.Branch)
}

// Languages returns the languages the pick is given in, Finnish first.
func (p Pick) Languages() []string { return givenIn(p.Title) }

// RecordIDs returns the pick's records' IDs in order.
func (p Pick) RecordIDs() []int64 {
	out := make([]int64, len(p.Records))
	for i, r := range p.Records {
		out[i] = r.RecordID
	}
	return out
}

// Validate checks a pick and normalises its texts. That its records
// exist is the store's to check.
func (p *Pick) Validate() error {
	if err := validContentLibrary(p.Library); err != nil {
		return err
	}
	if p.Branch != "" && (p.Library == "" || ValidateID(p.Branch) != nil) {
		return fieldErr("branch", "error.pick_branch", "bad branch %q of %q", p.Branch, p.Library)
	}
	var err error
	if p.Title, err = contentText("title", p.Title, MaxContentTitle, true); err != nil {
		return err
	}
	if p.Text, err = contentText("text", p.Text, MaxPickText, false); err != nil {
		return err
	}
	if err := titled(p.Title, p.Text); err != nil {
		return err
	}
	if len(p.Records) > MaxPickRecords {
		return &Error{Code: EINVALID, Key: "error.pick_too_many", Count: MaxPickRecords,
			Message: fmt.Sprintf("records: %d, more than %d", len(p.Records), MaxPickRecords)}
	}
	seen := map[int64]bool{}
	for i := range p.Records {
		r := &p.Records[i]
		if r.RecordID <= 0 {
			return fieldErr("records", "error.pick_record_unknown", "record %d", r.RecordID)
		}
		if seen[r.RecordID] {
			return fieldErr("records", "error.pick_record_twice", "record %d twice", r.RecordID)
		}
		seen[r.RecordID] = true
		if r.Note, err = contentText("note", r.Note, MaxPickNote, false); err != nil {
			return err
		}
	}
	return p.Publication.validate()
}

// PickFilter selects picks, newest first (by PublishAt, then by
// creation for drafts).
type PickFilter struct {
	// Libraries are the libraries whose picks to include ("" is the
	// consortium); nil includes all. A library's picks include those of
	// its branches.
	Libraries []string
	// Branch, when set, leaves out the picks of a library's other
	// branches: what that branch's page shows.
	Branch string
	// PublicAt, when not zero, keeps only the picks public at that
	// instant; zero includes drafts and scheduled picks, for staff.
	PublicAt time.Time
	Offset   int
	Limit    int // 20 when 0; at most 200
}

// Audit codes of picks. Library is the pick's library; Detail its
// Finnish title.
const (
	AuditPickCreate    = "pick.create"
	AuditPickUpdate    = "pick.update"
	AuditPickPublish   = "pick.publish"
	AuditPickUnpublish = "pick.unpublish"
	AuditPickDelete    = "pick.delete"
)

// Picks keeps the librarians' picks. Every change asks Permit for
// ActContent at the pick's Scope itself (the handlers ask first too) and
// writes its audit entry in its transaction.
type Picks interface {
	// CreatePick adds a pick; its records must exist
	// (error.pick_record_unknown).
	CreatePick(ctx context.Context, p Pick, by Staff, now time.Time) (Pick, error)
	// UpdatePick saves p's texts, publication and records (in order,
	// replacing the old list); p.Version must be the version it was made
	// from. Its library and branch never change. Records already in the
	// pick stay even if the catalogue lost them meanwhile; new ones must
	// exist.
	UpdatePick(ctx context.Context, p Pick, by Staff, now time.Time) (Pick, error)
	// PublishPick publishes a pick from at on (now when at is zero);
	// UnpublishPick makes it a draft again.
	PublishPick(ctx context.Context, id int64, at time.Time, by Staff, now time.Time) (Pick, error)
	UnpublishPick(ctx context.Context, id int64, by Staff, now time.Time) (Pick, error)
	DeletePick(ctx context.Context, id int64, by Staff, now time.Time) error
	// Pick returns a pick, public or not (ENOTFOUND, error.pick_not_found).
	// A record deleted from the catalogue is no longer among its records.
	Pick(ctx context.Context, id int64) (Pick, error)
	// Picks returns the picks f selects and how many it selects in all.
	Picks(ctx context.Context, f PickFilter) ([]Pick, int, error)
}
