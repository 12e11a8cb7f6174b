package odl

import (
	"time"

	"github.com/kirjasto/kirjasto/internal/library"
)

// Publication is one entry of a distributor's feed in Kirjasto's terms:
// the catalogue record to upsert (matched by Record.SourceID), the
// licences the library holds for it and its open-access downloads.
type Publication struct {
	// Identifier is the distributor's identifier of the publication
	// (OPDS metadata.identifier), a URI.
	Identifier string
	// Record is what the catalogue needs; ID, Created and Updated are
	// left to the store. Its Links hold the cover, marked Cover.
	Record library.Record
	// Published is the publication date when the feed gives one.
	Published time.Time
	// Periodical and Issue name a magazine issue: the magazine and the
	// issue's own name or number ("12/2026"); empty otherwise.
	Periodical, Issue string
	// Cover is the address of the cover image, "" when none.
	Cover string
	// OpenAccess are the open-access acquisition links (free downloads);
	// a publication with any is lent as library.ModelOpenAccess.
	OpenAccess []Link
	// Licences are the licences bought for it (without ID, RecordID or
	// Library, which the importer knows).
	Licences []library.Licence
}

// Link is a link of the feed: an address, its media type and title.
type Link struct {
	Href  string
	Type  string
	Title string
}

// Problem is one entry (or one licence of it) that could not be read.
// Key is a message-catalogue key ("error.odl_..."), so the importer can
// tell staff what went wrong in their language; Message is for the log.
type Problem struct {
	Position   int    // 1-based place of the publication in the whole feed, across pages
	Identifier string // the publication's identifier, when it has one
	Licence    string // the licence's identifier, when the problem is one licence
	Key        string
	Message    string
}

func (p Problem) Error() string {
	s := p.Message
	if p.Licence != "" {
		s = "licence " + p.Licence + ": " + s
	}
	if p.Identifier != "" {
		s = p.Identifier + ": " + s
	}
	return "entry " + itoa(p.Position) + ": " + s
}

// Problem keys; each has a message in internal/i18n/*/odl.toml.
const (
	KeyNoIdentifier  = "error.odl_no_identifier"
	KeyNoTitle       = "error.odl_no_title"
	KeyBadEntry      = "error.odl_bad_entry"
	KeyUnknownType   = "error.odl_unknown_type"
	KeyUnknownFormat = "error.odl_unknown_format"
	KeyBadDate       = "error.odl_bad_date"
	KeyBadTerms      = "error.odl_bad_terms"
	KeyNoCheckout    = "error.odl_no_checkout"
	KeyNoAcquisition = "error.odl_no_acquisition"
	KeyBadPage       = "error.odl_bad_page"
	KeyDuplicate     = "error.odl_duplicate"
)
