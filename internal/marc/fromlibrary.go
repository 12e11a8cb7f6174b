package marc

import (
	"strconv"
	"strings"

	"github.com/kirjasto/kirjasto/internal/library"
)

// carrier is how FromLibrary encodes a material: leader/06-07, the 007,
// the 008/23 form of item, and an extent for 300, chosen so that
// ToLibrary reads the same material back.
type carrier struct {
	leader, f007 string
	form         byte
	extent       string
}

var carriers = map[library.Material]carrier{
	library.Book:        {"am", "", ' ', ""},
	library.EBook:       {"am", "cr", 'o', "1 verkkoaineisto"},
	library.AudioBook:   {"im", "sd f", ' ', "1 äänilevy"},
	library.EAudioBook:  {"im", "cr", 'o', "1 verkkoaineisto"},
	library.CD:          {"jm", "sd f", ' ', "1 CD-äänilevy"},
	library.Vinyl:       {"jm", "sd b", ' ', "1 LP-levy"},
	library.DVD:         {"gm", "vd cv", ' ', "1 DVD-videolevy"},
	library.BluRay:      {"gm", "vd cs", ' ', "1 Blu-ray-levy"},
	library.Magazine:    {"as", "", ' ', ""},
	library.EMagazine:   {"as", "cr", 'o', "1 verkkoaineisto"},
	library.SheetMusic:  {"cm", "", ' ', ""},
	library.BoardGame:   {"rm", "", ' ', "1 peli"},
	library.Instrument:  {"rm", "", ' ', "1 soitin"},
	library.OtherMedium: {"om", "", ' ', ""},
}

// FromLibrary builds a MARC 21 record from a domain record and its items,
// for records that were not imported from MARC (the demo generator, the
// record page's MARC view). ToLibrary of the result gives back the
// record's fields.
//
// Identity: a SourceID of the form "agency number" becomes 003 and 001; a
// bare SourceID becomes the 001; otherwise the 001 is the record's ID with
// 003 "Kirjasto", and a SourceID such as "(OCoLC)123" is kept in 035.
func FromLibrary(rec library.Record, items []library.Item) *Record {
	r := &Record{Leader: defaultLeader}
	c, ok := carriers[rec.Material]
	if !ok {
		c = carriers[library.OtherMedium]
	}
	copy(r.Leader[6:8], c.leader)

	agency, id, hasSpace := strings.Cut(rec.SourceID, " ")
	switch {
	case rec.SourceID != "" && hasSpace && !strings.HasPrefix(rec.SourceID, "(") && !strings.Contains(id, " "):
		r.AddControl("001", id)
		r.AddControl("003", agency)
	case rec.SourceID != "" && !hasSpace && !strings.HasPrefix(rec.SourceID, "("):
		r.AddControl("001", rec.SourceID)
	default:
		r.AddControl("001", strconv.FormatInt(rec.ID, 10))
		r.AddControl("003", "Kirjasto")
	}
	if !rec.Updated.IsZero() {
		r.AddControl("005", rec.Updated.UTC().Format("20060102150405.0"))
	}
	if c.f007 != "" {
		r.AddControl("007", c.f007)
	}
	r.AddControl("008", f008(rec, c))
	for _, s := range rec.ISBNs {
		r.AddData("020", ' ', ' ', "a", s)
	}
	for _, s := range rec.ISSNs {
		r.AddData("022", ' ', ' ', "a", s)
	}
	if strings.HasPrefix(rec.SourceID, "(") {
		r.AddData("035", ' ', ' ', "a", rec.SourceID)
	}
	if rec.Language != "" {
		r.AddData("041", ' ', ' ', "a", rec.Language)
	}
	for i, a := range rec.Authors {
		tag := "700"
		if i == 0 {
			tag = "100"
		}
		ind1 := byte('0') // forename only
		if strings.Contains(a.Name, ",") {
			ind1 = '1' // surname first
		}
		r.AddData(tag, ind1, ' ', "a", a.Name, "e", a.Role)
	}
	title := rec.Title
	if rec.Subtitle != "" {
		title += " :"
	}
	ind1 := byte('0')
	if len(rec.Authors) > 0 {
		ind1 = '1' // the title is an added entry
	}
	r.AddData("245", ind1, '0', "a", title, "b", rec.Subtitle)
	year := ""
	if rec.Year > 0 {
		year = strconv.Itoa(rec.Year)
	}
	r.AddData("264", ' ', '1', "b", rec.Publisher, "c", year)
	r.AddData("300", ' ', ' ', "a", c.extent)
	r.AddData("490", '0', ' ', "a", rec.Series)
	for _, n := range rec.Notes {
		r.AddData("500", ' ', ' ', "a", n)
	}
	r.AddData("520", ' ', ' ', "a", rec.Summary)
	if rec.Audience != "" && !audienceIn008(r) {
		r.AddData("385", ' ', ' ', "a", audienceTerms[rec.Audience])
	}
	for _, s := range rec.Subjects {
		r.AddData("650", ' ', '4', heading(s)...)
	}
	for _, s := range rec.Genres {
		r.AddData("655", ' ', '4', heading(s)...)
	}
	for _, l := range rec.Links {
		// Web addresses only, as ToLibrary reads them. First indicator
		// 4: HTTP; second blank: the relation to the record is not known,
		// but for a cover, a related resource that IsCover knows by its $3.
		switch {
		case !library.WebURL(l.URL):
		case l.Cover:
			r.AddData("856", '4', '2', "3", "Cover image", "u", l.URL, "y", l.Text)
		default:
			r.AddData("856", '4', ' ', "u", l.URL, "y", l.Text)
		}
	}
	for _, it := range items {
		due, lost := "", ""
		if it.Status == library.OnLoan && !it.DueAt.IsZero() {
			due = it.DueAt.In(library.Helsinki).Format("2006-01-02")
		}
		if it.Status == library.Missing {
			lost = "1"
		}
		r.AddData("952", ' ', ' ', "8", it.Collection, "a", it.HomeBranch, "b", it.Branch,
			"c", it.Shelf, "o", it.CallNumber, "p", it.Barcode, "q", due, "1", lost)
	}
	return r
}

var audienceTerms = map[string]string{
	library.AudienceChildren: "Children",
	library.AudienceYouth:    "Young adults",
	library.AudienceAdult:    "Adults",
}

var audienceCodes = map[string]byte{
	library.AudienceChildren: 'j',
	library.AudienceYouth:    'd',
	library.AudienceAdult:    'e',
}

func audienceIn008(r *Record) bool {
	return strings.IndexByte("atcdijgkmor", r.Leader[6]) >= 0 && r.Leader[7] != 's'
}

// f008 builds the 40 fixed-length data elements: date type and year,
// country (Finland), audience, form of item, language.
func f008(rec library.Record, c carrier) string {
	b := []byte(strings.Repeat(" ", 40))
	copy(b[0:6], "000000")
	if !rec.Created.IsZero() {
		copy(b[0:6], rec.Created.In(library.Helsinki).Format("060102"))
	}
	b[6] = 'n' // dates unknown
	copy(b[7:15], "uuuu    ")
	if rec.Year > 0 && rec.Year < 10000 {
		b[6] = 's' // single known date
		copy(b[7:11], leftPad(rec.Year))
	}
	copy(b[15:18], "fi ")
	if code, ok := audienceCodes[rec.Audience]; ok && strings.IndexByte("atcdijgkmor", c.leader[0]) >= 0 && c.leader[1] != 's' {
		b[22] = code
	}
	b[23] = c.form
	if c.leader[0] == 'r' && rec.Material == library.BoardGame {
		b[33] = 'g' // type of visual material: game
	}
	if c.leader[0] == 'r' && rec.Material == library.Instrument {
		b[33] = 'r' // type of visual material: realia
	}
	lang := rec.Language
	if len(lang) != 3 {
		lang = "   "
	}
	copy(b[35:38], lang)
	b[39] = 'd' // cataloguing source: other
	return string(b)
}

func leftPad(y int) string {
	s := strconv.Itoa(y)
	return strings.Repeat("0", 4-len(s)) + s
}

// heading splits "Main -- subdivision -- ..." into $a and $x pairs for
// AddData.
func heading(s string) []string {
	parts := strings.Split(s, " -- ")
	pairs := []string{"a", parts[0]}
	for _, p := range parts[1:] {
		pairs = append(pairs, "x", p)
	}
	return pairs
}
