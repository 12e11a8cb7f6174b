package library

import (
	"net/url"
	"strings"
	"time"
)

// Material is the kind of thing a record describes. Its name is in the
// message catalogues under "material." + the value.
type Material string

// The material types of the catalogue.
const (
	Book        Material = "book"
	EBook       Material = "ebook"
	AudioBook   Material = "audiobook"
	CD          Material = "cd"
	Vinyl       Material = "vinyl"
	DVD         Material = "dvd"
	BluRay      Material = "bluray"
	Magazine    Material = "magazine"
	SheetMusic  Material = "sheetmusic"
	BoardGame   Material = "boardgame"
	OtherMedium Material = "other"
)

// Materials lists every material type, in the order facets show them.
var Materials = []Material{Book, EBook, AudioBook, CD, Vinyl, DVD, BluRay, Magazine, SheetMusic, BoardGame, OtherMedium}

// Electronic reports whether m is an e-resource rather than a thing on a shelf.
func (m Material) Electronic() bool { return m == EBook }

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
	// addresses only: what an e-book is opened with.
	Links []Link
	// Popularity counts loans over time: a mild ranking signal.
	Popularity int
	// MARC is the source record as ISO 2709 in UTF-8; empty when the
	// record was not imported from MARC (the web page then derives one).
	MARC    []byte
	Created time.Time
	Updated time.Time
}

// Link is an electronic location of what a record describes: a web
// address, and the record's own words for it, which may be none.
type Link struct {
	URL  string
	Text string
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
