// Package search is Kirjasto's catalogue index: an in-process full-text
// index with facets and live availability, built from the library.Store and
// kept current by following its change feed.
//
// Records get dense internal document numbers (uint32). Postings and
// facet values are sorted arrays of those numbers while they are small
// and roaring bitmaps once they grow (postings.go); filters and
// availability combine as bitmaps. Per-document columns (field lengths,
// year, popularity, title sort key, work key, facet value lists) serve
// ranking, sorting, grouping and facet counting without looking at
// records. See DESIGN.md, section Search.
//
// At millions of records a search is bound by memory, not arithmetic, so
// the parts a broad search reads for every hit are kept small and read in
// order: facets are counted from fixed-width columns derived from those
// lists (columns.go), ranking scores a window of documents at a time and
// passes over hopeless hits by a byte each (rank.go, boost.go), and a
// query's words are looked for smallest first, the larger ones only among
// the documents found so far (eval.go).
//
// Text is analysed once, the same way for records and queries (text.go,
// analyse.go): words are runs of letters and digits, lower-cased and
// folded (é→e, but å, ä, ö stay). Each word of a record is indexed as
// typed, as its stem in the record's language (tagged, "fi:kis"), without
// å, ä, ö ("poyta"), and, for Cyrillic words and all author names, as a
// transliteration key ("tr:dostoevsk", translit.go). With Voikko's
// Finnish morphology (Config.Finnish, morph.go), a word of a Finnish
// record that it knows is indexed with its base forms ("fl:sota" for
// "sodan") and a compound with its parts ("fc:kortti") instead of its
// Snowball stem. A query word matches any of its own form, its stems in
// every language the index stems (a Finnish stem also with its nk/ng
// gradation undone or done, so that "helsinki" finds "Helsingissä"), its
// key, and its base forms, as words and as parts of compounds; "pöytä"
// typed with ö needs the ö, "poyta" finds both.
//
// The query language (query.go) has words (all must match), "phrases",
// -exclusions, OR, prefix*, title:, author:, subject:, isbn:, issn:,
// year:2019 and year:2010-2020; anything else is words. Phrases are
// checked against the text the index keeps anyway (phrase.go), not
// positions. Ranking is BM25 per field with field weights and a shared
// IDF, with a term frequency of 1 (catalogue fields are short), boosted
// for a whole-title match, a phrase or the query's words together in the
// title, popularity, recency and the user's interface language (a signal,
// not a filter); testdata/relevance.txt and relevance_test.go hold the
// queries it must keep answering well. A few hits bring the other
// editions of their works when those have translations (works.go).
//
// Size. With the synthetic corpus of corpus_test.go, whose made-up words
// make far more distinct terms than a real catalogue (2.8 million terms at
// a million records), a rebuilt index keeps about 1,200 bytes of heap a
// record at 1,000,000 records (1,900 at 100,000: the dictionary grows
// more slowly than the records), plus about 200 for suggestions; the file
// is 660 bytes a record. Fitting the two sizes, a record costs about 220
// bytes of columns and lists (lengths, year, popularity, hashes, work
// key, title keys, term lists as varint deltas, facet and availability
// lists) and its postings entries, and a term of the dictionary about 360
// bytes with its postings. 3,000,000 records: about 0.7 GB of records
// plus 1.8 GB for 5 million terms plus 0.6 GB of suggestions, within 3
// GiB. 20,000,000 records, on paper: 4.4 GB of records, 7 GB for 20
// million terms (a consortium catalogue's vocabulary, with stems, folded
// forms and transliterations, grows by Heaps' law and stays well below
// that), 4 GB of suggestions: about 16 GB, which fits in 24 GiB; the
// doc numbers (uint32), term IDs (28 bits) and list offsets (uint32) all
// have room for it.
package search

import (
	"slices"
	"strconv"
	"strings"

	"github.com/kirjasto/kirjasto/internal/library"
)

// Doc is what the index keeps of a record: its searchable text, its facet
// values and the branches where a copy is on the shelf now.
type Doc struct {
	ID       int64
	Language string // MARC language code, e.g. "fin"; selects the stemmer
	Title    string
	Subtitle string
	// Original is the work's title in its original language (a uniform
	// title) when the record is a translation: "Война и мир" for Sota ja
	// rauha. It is searchable, and it joins the editions of a work in
	// every language (works.go).
	Original    string
	Authors     []string // all contributors, the main entry first
	Subjects    []string
	Genres      []string
	Series      string
	Text        []string // summary, publisher, notes: searchable, weighted least
	Identifiers []string // ISBNs and ISSNs
	Material    string
	Audience    string
	Year        int
	Popularity  int
	Available   []string // IDs of branches with a copy available now, sorted
	// Online is set for an e-title that can be borrowed or downloaded
	// now (library.EAvailability.OnlineNow); the index's follow sets it
	// from the store (online.go), DocFrom leaves it false.
	Online bool
}

// DocFrom returns the Doc of a record and its items.
func DocFrom(rec library.Record, items []library.Item) Doc {
	d := Doc{
		ID:         rec.ID,
		Language:   rec.Language,
		Title:      rec.Title,
		Subtitle:   rec.Subtitle,
		Subjects:   rec.Subjects,
		Genres:     rec.Genres,
		Series:     rec.Series,
		Material:   string(rec.Material),
		Audience:   rec.Audience,
		Year:       rec.Year,
		Popularity: rec.Popularity,
	}
	for _, c := range rec.Authors {
		if c.Name != "" && !slices.Contains(d.Authors, c.Name) {
			d.Authors = append(d.Authors, c.Name)
		}
	}
	if rec.Summary != "" {
		d.Text = append(d.Text, rec.Summary)
	}
	if rec.Publisher != "" {
		d.Text = append(d.Text, rec.Publisher)
	}
	for _, n := range rec.Notes {
		if t := originalTitle(n); t != "" && d.Original == "" {
			d.Original = t
			continue
		}
		d.Text = append(d.Text, n)
	}
	d.Identifiers = append(append(d.Identifiers, rec.ISBNs...), rec.ISSNs...)
	for _, it := range items {
		if it.AvailableHere() && it.Branch != "" {
			d.Available = append(d.Available, it.Branch)
		}
	}
	slices.Sort(d.Available)
	d.Available = slices.Compact(d.Available)
	return d
}

// originalLabels start the note in which a catalogue gives a
// translation's original title (MARC 500, where 240 is not used):
// "Alkuteos: Война и мир", as Finnish libraries write it, or in Swedish
// or English.
var originalLabels = []string{"alkuteos:", "alkuperäinen nimeke:", "originaltitel:", "originalets titel:", "original title:"}

// originalTitle returns the title of an original-title note, or "".
func originalTitle(note string) string {
	for _, l := range originalLabels {
		if len(note) > len(l) && strings.EqualFold(note[:len(l)], l) {
			return strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(note[len(l):]), "."))
		}
	}
	return ""
}

// Fields of the index, each with its own postings, lengths and weight.
const (
	fTitle   = iota // title and subtitle
	fAuthor         // contributors
	fSubject        // subjects, genres, series
	fText           // summary, publisher, notes
	fIdent          // ISBNs, ISSNs
	numFields
)

// fieldWeights rank a match in the title above one in the author, above
// one in subjects, above the rest.
var fieldWeights = [numFields]float64{fTitle: 4, fAuthor: 3, fSubject: 2, fText: 1, fIdent: 1}

// fieldNames are the field prefixes a query can use ("title:kissa").
var fieldNames = map[string]int{"title": fTitle, "author": fAuthor, "subject": fSubject, "isbn": fIdent, "issn": fIdent, "year": yearField}

// otherISBN returns the ISBN-13 of an ISBN-10 and the ISBN-10 of an ISBN-13
// starting 978 (compact, lower-case x), so that either finds the book; ""
// for anything else.
func otherISBN(id string) string {
	if c := identifier(id); c != "" {
		id = c // dashed, as catalogues often write ISBNs
	}
	id = fold(id)
	switch {
	case len(id) == 10 && isDigits(id[:9]):
		s := "978" + id[:9]
		sum := 0
		for i := range 12 {
			d := int(s[i] - '0')
			if i%2 == 1 {
				d *= 3
			}
			sum += d
		}
		return s + strconv.Itoa((10-sum%10)%10)
	case len(id) == 13 && isDigits(id) && id[:3] == "978":
		s := id[3:12]
		sum := 0
		for i := range 9 {
			sum += int(s[i]-'0') * (10 - i)
		}
		c := (11 - sum%11) % 11
		if c == 10 {
			return s + "x"
		}
		return s + strconv.Itoa(c)
	}
	return ""
}

// facet values of a Doc, by facet.
func (d Doc) decade() string {
	if d.Year <= 0 {
		return ""
	}
	return strconv.Itoa(d.Year / 10 * 10)
}

func (d Doc) year() string {
	if d.Year <= 0 {
		return ""
	}
	return strconv.Itoa(d.Year)
}

// formatKind is "electronic" for e-books, e-audiobooks and e-magazines
// and "physical" for the rest.
func (d Doc) formatKind() string {
	switch {
	case d.Material == "":
		return ""
	case library.Material(d.Material).Electronic():
		return library.FormatElectronic
	}
	return library.FormatPhysical
}
