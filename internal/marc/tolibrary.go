package marc

import (
	"crypto/sha256"
	"encoding/hex"
	"slices"
	"strconv"
	"strings"
	"unicode"

	"github.com/kirjasto/kirjasto/internal/library"
)

// ToLibrary maps a MARC 21 bibliographic record to the domain: the
// record, and its items from the holdings fields (Koha 952, MARC 852).
// The store matches records on their identity: 003+001, else 035 $a;
// records from small catalogues often have neither, so they fall back to
// the first ISBN, then to a fingerprint of title, author, publisher, year
// and material, which is stable across imports of the same file. A record
// with no identity and no title fails with an EINVALID *library.Error.
// The record's MARC is kept as ISO 2709 in UTF-8.
func ToLibrary(r *Record) (library.Record, []library.Item, error) {
	var rec library.Record
	rec.SourceID = sourceID(r)
	f008 := r.Control("008")

	if t, ok := r.Field("245"); ok {
		rec.Title = trimISBD(t.Subfield('a'))
		for _, v := range t.SubfieldValues("np") {
			if v = trimISBD(v); v != "" {
				rec.Title = joinNonEmpty(". ", rec.Title, v)
			}
		}
		rec.Subtitle = trimISBD(t.Subfield('b'))
	}
	rec.Authors = contributors(r)
	rec.Subjects = headings(r, "600", "610", "611", "630", "650", "651")
	rec.Genres = headings(r, "655")
	rec.Language = language(r, f008)
	rec.Year = year(r, f008)
	rec.Publisher = trimISBD(publication(r, 'b'))
	rec.Material = material(r)
	for _, f := range r.FieldsOf("020") {
		if s := normISBN(f.Subfield('a')); s != "" {
			rec.ISBNs = append(rec.ISBNs, s)
		}
	}
	for _, f := range r.FieldsOf("022") {
		if s := normISSN(f.Subfield('a')); s != "" {
			rec.ISSNs = append(rec.ISSNs, s)
		}
	}
	rec.Series = trimISBD(r.Subfield("490", 'a'))
	if rec.Series == "" {
		rec.Series = trimISBD(r.Subfield("830", 'a'))
	}
	rec.Summary = strings.TrimSpace(r.Subfield("520", 'a'))
	rec.Audience = audience(r, f008)
	for _, f := range r.FieldsOf("500") {
		if v := strings.TrimSpace(f.Subfield('a')); v != "" {
			rec.Notes = append(rec.Notes, v)
		}
	}
	rec.Links = links(r)
	if rec.SourceID == "" {
		rec.SourceID = fallbackID(rec)
	}
	if rec.SourceID == "" {
		return rec, nil, library.Errorf(library.EINVALID, "MARC record has no 001, 035 $a, ISBN or title")
	}
	if b, err := Marshal(r); err == nil {
		rec.MARC = b // a record too big for ISO 2709 is kept without it
	}
	return rec, items(r), nil
}

// links reads the electronic locations (856) whose $u is a web address,
// with the record's words for each: $y (link text), else $3 (materials
// specified, such as "Table of contents"), else $z (public note), and
// whether it is a picture of the cover (IsCover). Other addresses (ftp:,
// javascript:, relative ones) are left out: a page can only offer web
// links, and must never offer a script.
func links(r *Record) []library.Link {
	var ls []library.Link
	for _, f := range r.FieldsOf("856") {
		cover := IsCover(f)
		text := ""
		for _, v := range f.SubfieldValues("y") {
			if text = strings.TrimSpace(v); text != "" {
				break
			}
		}
		if text == "" {
			text = strings.TrimSpace(joinNonEmpty(" ", strings.TrimSpace(f.Subfield('3')), strings.TrimSpace(f.Subfield('z'))))
		}
		for _, u := range f.SubfieldValues("u") {
			u = strings.TrimSpace(u)
			if library.WebURL(u) && !slices.ContainsFunc(ls, func(l library.Link) bool { return l.URL == u }) {
				ls = append(ls, library.Link{URL: u, Text: text, Cover: cover})
			}
		}
	}
	return ls
}

// sourceID is "003 001", or the 001 alone when the agency is not given,
// or the first 035 $a (a system number such as "(OCoLC)12345").
func sourceID(r *Record) string {
	id := strings.TrimSpace(r.Control("001"))
	if id != "" {
		if agency := strings.TrimSpace(r.Control("003")); agency != "" {
			return agency + " " + id
		}
		return id
	}
	return strings.TrimSpace(r.Subfield("035", 'a'))
}

// fallbackID identifies a record that has no control number by its first
// ISBN, else by a fingerprint of what describes it.
func fallbackID(rec library.Record) string {
	if len(rec.ISBNs) > 0 {
		return "ISBN " + rec.ISBNs[0]
	}
	if rec.Title == "" {
		return ""
	}
	h := sha256.Sum256([]byte(strings.Join([]string{
		rec.Title, rec.Subtitle, rec.MainAuthor(), rec.Publisher, strconv.Itoa(rec.Year), string(rec.Material),
	}, "\x1f")))
	return "fingerprint " + hex.EncodeToString(h[:12])
}

// trimISBD removes the punctuation ISBD puts between elements (" /",
// " :", " ;", " =", ",", a final full stop), which belongs to the display
// of the whole statement, not to its parts. A full stop after an initial
// ("Tolkien, J. R. R.") or an abbreviation of one letter is kept.
func trimISBD(s string) string {
	s = strings.TrimSpace(s)
	for {
		t := strings.TrimRight(s, " /:;=,")
		if strings.HasSuffix(t, ".") && !endsWithInitial(t) && !strings.HasSuffix(t, "...") {
			t = strings.TrimSuffix(t, ".")
		}
		t = strings.TrimSpace(t)
		if t == s {
			return s
		}
		s = t
	}
}

func endsWithInitial(s string) bool {
	rs := []rune(s)
	n := len(rs)
	return n >= 2 && unicode.IsUpper(rs[n-2]) && (n == 2 || !unicode.IsLetter(rs[n-3]))
}

func joinNonEmpty(sep string, parts ...string) string {
	var out []string
	for _, p := range parts {
		if p != "" {
			out = append(out, p)
		}
	}
	return strings.Join(out, sep)
}

// contributors returns the main entry (1XX) first, then added entries.
func contributors(r *Record) []library.Contributor {
	var cs []library.Contributor
	for _, f := range r.FieldsOf("100", "110", "111", "700", "710", "711") {
		name := trimISBD(strings.Join(f.SubfieldValues(nameCodes(f.Tag)), " "))
		if name == "" {
			continue
		}
		role := ""
		for _, v := range f.SubfieldValues("e4") {
			if role = relator(v); role != "" {
				break
			}
		}
		if role == "" {
			role = "other"
			if f.Tag[0] == '1' {
				role = "author"
			}
		}
		cs = append(cs, library.Contributor{Name: name, Role: role})
	}
	return cs
}

// nameCodes are the subfields that make up a name: for a person the name
// and numeration and title ($a $b $c), for a body its subordinate units.
func nameCodes(tag string) string {
	switch tag[1:] {
	case "10":
		return "ab"
	case "11":
		return "aq"
	}
	return "abc"
}

// relators maps relator codes and terms (English, Finnish, Swedish, as in
// Helmet's records) to the roles Kirjasto shows.
var relators = map[string]string{
	"aut": "author", "author": "author", "kirjoittaja": "author", "författare": "author", "tekijä": "author",
	"ill": "illustrator", "illustrator": "illustrator", "kuvittaja": "illustrator", "illustratör": "illustrator",
	"trl": "translator", "translator": "translator", "kääntäjä": "translator", "översättare": "translator",
	"cmp": "composer", "composer": "composer", "säveltäjä": "composer", "kompositör": "composer",
	"prf": "performer", "performer": "performer", "esittäjä": "performer", "mus": "performer", "musician": "performer",
	"sng": "performer", "singer": "performer", "laulaja": "performer", "cnd": "performer", "conductor": "performer",
	"kapellimestari": "performer", "nrt": "performer", "narrator": "performer", "lukija": "performer", "uppläsare": "performer",
	"edt": "editor", "editor": "editor", "toimittaja": "editor", "redaktör": "editor",
	"drt": "director", "director": "director", "ohjaaja": "director", "regissör": "director",
	"other": "other",
}

func relator(s string) string {
	return relators[strings.ToLower(strings.Trim(s, " .,;:"))]
}

// headings returns subject or genre headings with their subdivisions
// ($v $x $y $z) joined by " -- ", without duplicates.
func headings(r *Record, tags ...string) []string {
	var hs []string
	seen := map[string]bool{}
	for _, f := range r.FieldsOf(tags...) {
		var main []string
		var parts []string
		for _, sf := range f.Subfields {
			v := trimISBD(sf.Value)
			if v == "" {
				continue
			}
			switch sf.Code {
			case 'a', 'b', 'c', 'd', 'q', 't':
				main = append(main, v)
			case 'v', 'x', 'y', 'z':
				parts = append(parts, v)
			}
		}
		if len(main) == 0 {
			continue
		}
		h := strings.Join(append([]string{strings.Join(main, " ")}, parts...), " -- ")
		if !seen[h] {
			seen[h] = true
			hs = append(hs, h)
		}
	}
	return hs
}

func language(r *Record, f008 string) string {
	if len(f008) >= 38 {
		if l := strings.ToLower(f008[35:38]); isLetters(l) {
			return l
		}
	}
	if l := strings.ToLower(strings.TrimSpace(r.Subfield("041", 'a'))); len(l) >= 3 && isLetters(l[:3]) {
		return l[:3]
	}
	return ""
}

func isLetters(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < 'a' || s[i] > 'z' {
			return false
		}
	}
	return s != ""
}

// year is 008/07-10 when it is a year, else the first four digits of the
// publication date in 264 or 260 $c ("c2004." or "[2004]").
func year(r *Record, f008 string) int {
	if len(f008) >= 11 {
		if y, err := strconv.Atoi(f008[7:11]); err == nil && y > 0 {
			return y
		}
	}
	c := publication(r, 'c')
	for i := 0; i+4 <= len(c); i++ {
		if y, err := strconv.Atoi(c[i : i+4]); err == nil && y > 0 {
			return y
		}
	}
	return 0
}

// publication returns a subfield of the publication statement: the 264
// with second indicator 1 (publication), else any 264, else 260.
func publication(r *Record, code byte) string {
	for _, f := range r.FieldsOf("264") {
		if f.Ind2 == '1' {
			if v := f.Subfield(code); v != "" {
				return v
			}
		}
	}
	if v := r.Subfield("264", code); v != "" {
		return v
	}
	return r.Subfield("260", code)
}

func normISBN(s string) string {
	s, _, _ = strings.Cut(strings.TrimSpace(s), " ") // "951-0-12345-6 (sid.)"
	n := isbnChars(s)
	if len(n) != 10 && len(n) != 13 {
		return ""
	}
	return n
}

func normISSN(s string) string {
	n := isbnChars(s)
	if len(n) != 8 {
		return ""
	}
	return n[:4] + "-" + n[4:]
}

func isbnChars(s string) string {
	var b strings.Builder
	for _, c := range s {
		switch {
		case c >= '0' && c <= '9':
			b.WriteRune(c)
		case c == 'x' || c == 'X':
			b.WriteByte('X')
		}
	}
	return b.String()
}

// items reads the holdings fields. Items without a barcode are skipped:
// circulation identifies copies by barcode alone.
func items(r *Record) []library.Item {
	var its []library.Item
	for _, f := range r.FieldsOf("952") {
		// Koha's item field.
		it := library.Item{
			Barcode:    strings.TrimSpace(f.Subfield('p')),
			HomeBranch: f.Subfield('a'),
			Branch:     f.Subfield('b'),
			CallNumber: f.Subfield('o'),
			Shelf:      f.Subfield('c'),
			Collection: f.Subfield('8'),
			Status:     library.Available,
		}
		if lost := f.Subfield('1'); lost != "" && lost != "0" {
			it.Status = library.Missing
		} else if due := f.Subfield('q'); due != "" {
			it.Status = library.OnLoan
			if d, err := library.ParseDate(due[:min(10, len(due))]); err == nil {
				it.DueAt = d.In(library.Helsinki, library.NewClock(23, 59)).UTC()
			}
		} else if dmg := f.Subfield('4'); dmg != "" && dmg != "0" {
			it.Status = library.InRepair
		}
		its = appendItem(its, it)
	}
	for _, f := range r.FieldsOf("852") {
		it := library.Item{
			Barcode:    strings.TrimSpace(f.Subfield('p')),
			HomeBranch: f.Subfield('b'),
			Branch:     f.Subfield('b'),
			CallNumber: strings.TrimSpace(f.Subfield('h') + " " + f.Subfield('i')),
			Shelf:      f.Subfield('c'),
			Status:     library.Available,
		}
		its = appendItem(its, it)
	}
	return its
}

func appendItem(its []library.Item, it library.Item) []library.Item {
	if it.Barcode == "" {
		return its
	}
	if it.Branch == "" {
		it.Branch = it.HomeBranch
	}
	if it.HomeBranch == "" {
		it.HomeBranch = it.Branch
	}
	return append(its, it)
}
