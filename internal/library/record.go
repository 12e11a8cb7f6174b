package library

import (
	"context"
	"net/url"
	"strings"
	"time"
)

// Material is the kind of thing a record describes. Its name is in the
// message catalogues under "material." + the value.
type Material string

// The material types of the catalogue.
const (
	Book       Material = "book"
	EBook      Material = "ebook"
	AudioBook  Material = "audiobook"
	CD         Material = "cd"
	Vinyl      Material = "vinyl"
	DVD        Material = "dvd"
	BluRay     Material = "bluray"
	Magazine   Material = "magazine"
	SheetMusic Material = "sheetmusic"
	BoardGame  Material = "boardgame"
	// Instrument is a musical instrument lent home (a ukulele, a
	// keyboard), an item in circulation like any other; instruments
	// played in the library are booked as resources instead (KindInstrument).
	Instrument  Material = "instrument"
	OtherMedium Material = "other"
)

// Materials lists every material type, in the order facets show them.
var Materials = []Material{Book, EBook, AudioBook, EAudioBook, CD, Vinyl, DVD, BluRay, Magazine, EMagazine, SheetMusic, BoardGame, Instrument, OtherMedium}

// Electronic reports whether m is an e-resource rather than a thing on a shelf.
func (m Material) Electronic() bool { return m == EBook || m == EAudioBook || m == EMagazine }

// Audience codes, from MARC 008/22 simplified.
const (
	AudienceAdult    = "adult"
	AudienceYouth    = "youth"
	AudienceChildren = "children"
)

// Contributor is a person or body responsible for a work, with their role
// ("author", "illustrator", "translator", "composer", "performer", "editor",
// "director", ...); roles have names in the catalogues under "role.".
type Contributor struct {
	Name string
	Role string
}

// Record is a bibliographic record: one edition of a work in one format.
type Record struct {
	ID        int64
	SourceID  string // identity in the source catalogue: "003 001" (control number with its agency), else "(035)..."; unique
	Title     string
	Subtitle  string
	Authors   []Contributor // the first is the main entry
	Subjects  []string
	Genres    []string
	Language  string // MARC language code: "fin", "swe", "eng", "rus", ...
	Year      int    // publication year; 0 when unknown
	Publisher string
	Material  Material
	ISBNs     []string // normalised: digits and X only
	ISSNs     []string // normalised: "1234-567X"
	Series    string
	Summary   string
	Audience  string
	Notes     []string
	// Links are the record's electronic locations (MARC 856), web
	// addresses only: what an e-book is opened with, and pictures of its
	// cover.
	Links []Link
	// Popularity counts loans over time: a mild ranking signal.
	Popularity int
	// MARC is the source record as ISO 2709 in UTF-8, as imported or as
	// catalogued here; empty for records built otherwise, such as the
	// demo's (the web page then derives one).
	MARC    []byte
	Created time.Time
	Updated time.Time
}

// Link is an electronic location of what a record describes: a web
// address, and the record's own words for it, which may be none.
type Link struct {
	URL  string
	Text string
	// Cover marks a link to a picture of the cover (internal/marc's
	// IsCover), which pages show as the record's cover rather than offer
	// as somewhere to go. Stored links without it are no covers.
	Cover bool `json:",omitempty"`
}

// CoverImage returns the address of the record's own picture of its
// cover, or "" when its links have none.
func (r Record) CoverImage() string {
	for _, l := range r.Links {
		if l.Cover && WebURL(l.URL) {
			return l.URL
		}
	}
	return ""
}

// WebURL reports whether s is an absolute http or https URL with a host:
// the only addresses a page may link to from catalogue data, which is
// written by others (never javascript:, data: or a relative path).
func WebURL(s string) bool {
	u, err := url.Parse(s)
	return err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != "" &&
		!strings.ContainsAny(s, " \t\r\n\"<>\\")
}

// MainAuthor returns the name of the first contributor, or "".
func (r Record) MainAuthor() string {
	if len(r.Authors) == 0 {
		return ""
	}
	return r.Authors[0].Name
}

// Languages Kirjasto knows by name; MARC codes to the message-catalogue key
// suffix "lang." + code.
var RecordLanguages = []string{"fin", "swe", "eng", "rus", "est", "ger", "fre", "spa", "ara", "som", "jpn", "chi", "und"}

// RecordForm is a bibliographic record as the cataloguing form shows it:
// the common fields, each mapped to its MARC 21 home (internal/marc's
// FormFields and ApplyForm). The stored MARC record is the source of
// truth; a form is read from it and written back into it, and what the
// form does not show stays in the MARC record untouched.
type RecordForm struct {
	Title         string        // 245 $a
	Subtitle      string        // 245 $b
	Authors       []Contributor // 100 (the first), 700; role in $e
	OriginalTitle string        // 240 $a
	Edition       string        // 250 $a
	Place         string        // 264 _1 $a
	Publisher     string        // 264 _1 $b
	Year          int           // 008/07-10 and 264 _1 $c; 0 when unknown
	Extent        string        // 300 $a
	Material      Material      // leader/06-07, 007, 008/23
	Language      string        // 008/35-37, a MARC language code
	Audience      string        // 008/22: AudienceAdult, AudienceYouth, AudienceChildren or ""
	ISBNs         []string      // 020 $a, check digits verified
	ISSNs         []string      // 022 $a, check digits verified
	Series        string        // 490 0_ $a
	SeriesNumber  string        // 490 $v
	YKL           []string      // 084 $a with $2 ykl (the Finnish public libraries' classification)
	UDK           []string      // 080 $a (UDC)
	Subjects      []string      // 650 _4; "Main -- subdivision" becomes $a and $x
	Keywords      []string      // 653 $a, uncontrolled terms
	Genres        []string      // 655 _4
	Summary       string        // 520 $a
	Notes         []string      // 500 $a
}

// MARCField is one field of a record as the MARC editor shows and sends
// it. A control field (001–009) has a Value and nothing else; a data field
// has two indicators of one character each (" ", "" and "#" mean blank)
// and subfields.
type MARCField struct {
	Tag       string
	Ind1      string
	Ind2      string
	Value     string
	Subfields []MARCSubfield
}

// MARCSubfield is one subfield: a code of one character and its text.
type MARCSubfield struct {
	Code  string
	Value string
}

// Problem is one thing wrong with a submitted record, placed so that the
// page can mark it: the form field ("title", "isbns", "authors", ...) or,
// for the MARC editor, "leader" or "fields"; Index is the entry of a list
// field (the n-th ISBN, the n-th MARC field) and Subfield the subfield
// within a MARC field; Position is a character position (of the leader or
// of a fixed field such as the 008). Each is -1 when it does not apply.
// Key names the message for people; Message is for logs.
type Problem struct {
	Field    string
	Index    int
	Subfield int
	Position int
	Key      string
	Message  string
}

// ProblemsError is the error of a record that could not be saved because
// of Problems. It unwraps to an EINVALID *Error with Key
// "error.catalogue_record_invalid", so code that only knows *Error still
// answers 400; the page takes the list with errors.As.
type ProblemsError struct {
	Problems []Problem
}

func (e *ProblemsError) Error() string {
	var b strings.Builder
	b.WriteString("invalid record:")
	for i, p := range e.Problems {
		if i == 3 {
			b.WriteString(" ...")
			break
		}
		b.WriteString(" ")
		b.WriteString(p.Message)
		b.WriteString(";")
	}
	return b.String()
}

// Unwrap gives the *Error behind the list, for ErrorCode and ErrorKey.
func (e *ProblemsError) Unwrap() error {
	return &Error{Code: EINVALID, Key: "error.catalogue_record_invalid", Message: e.Error(), Count: len(e.Problems)}
}

// CatalogueRecord is a record as the cataloguing pages edit it: the
// record, its version for the optimistic check of concurrent edits, and
// its MARC record both as a form and as the editor's list of fields.
type CatalogueRecord struct {
	Record  Record
	Version int64 // passed back with an edit; a stale one gets ECONFLICT "error.catalogue_record_changed"
	Form    RecordForm
	Leader  string
	Fields  []MARCField
}

// RecordMerge says what moved when one record was merged into another.
type RecordMerge struct {
	Kept, Deleted  int64
	Items          int // copies moved
	Holds          int // holds moved
	HoldsCancelled int // waiting holds of patrons who already had one on the kept record
	Ratings        int // ratings moved (a patron's rating of the kept record wins)
	ListEntries    int // list entries moved (a list that had both keeps one)
	ReadingHistory int // reading history entries moved
}

// Cataloguing is how cataloguers create, edit, merge and delete records
// and their copies. The store implements it; every method takes the staff
// member who acts, for the audit trail, and sends what it changes to the
// search index through the change feed before it returns. Bad input is an
// EINVALID error whose key names it (a record's problems come as a
// *ProblemsError); what circulation has is refused with ECONFLICT (copies
// named in a *BlockedError).
type Cataloguing interface {
	// CatalogueRecord returns a record with its version, form and MARC fields.
	CatalogueRecord(ctx context.Context, id int64) (CatalogueRecord, error)
	// CreateRecord and CreateRecordMARC create a record from the form or
	// from the MARC editor's leader and fields.
	CreateRecord(ctx context.Context, by Staff, form RecordForm) (CatalogueRecord, error)
	CreateRecordMARC(ctx context.Context, by Staff, leader string, fields []MARCField) (CatalogueRecord, error)
	// UpdateRecordForm and UpdateRecordMARC save an edit of the version
	// read; a stale version fails with ECONFLICT "error.catalogue_record_changed".
	UpdateRecordForm(ctx context.Context, by Staff, id, version int64, form RecordForm) (CatalogueRecord, error)
	UpdateRecordMARC(ctx context.Context, by Staff, id, version int64, leader string, fields []MARCField) (CatalogueRecord, error)
	// MergeRecords moves everything of record drop to record keep and
	// deletes drop.
	MergeRecords(ctx context.Context, by Staff, keep, drop int64) (RecordMerge, error)
	// DeleteCatalogueRecord deletes a record whose copies are withdrawn,
	// or, withItems, with its copies.
	DeleteCatalogueRecord(ctx context.Context, by Staff, id int64, withItems bool) error

	// AddItem, UpdateItem, WithdrawItem and DeleteItem keep copies.
	AddItem(ctx context.Context, by Staff, it Item) (Item, error)
	UpdateItem(ctx context.Context, by Staff, it Item) (Item, error)
	WithdrawItem(ctx context.Context, by Staff, barcode string) (Item, error)
	DeleteItem(ctx context.Context, by Staff, barcode string) error
	// BatchItems changes many copies by barcode, per item; dryRun
	// reports what it would do and changes nothing.
	BatchItems(ctx context.Context, by Staff, b ItemBatch, dryRun bool) ([]BatchOutcome, error)
}
