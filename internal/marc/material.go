package marc

import (
	"strings"

	"github.com/kirjasto/kirjasto/internal/library"
)

// material decides what a record describes. The leader's type of record
// (06) and bibliographic level (07) give the broad class; the physical
// description fixed field 007, the form of item in 008, the RDA media and
// carrier types (337/338), the extent (300) and the old general material
// designation (245 $h) tell the carrier apart, in that order of trust.
func material(r *Record) library.Material {
	l := r.Leader
	f007 := r.Control("007")
	text := strings.ToLower(strings.Join(append(fieldTexts(r, "300", "337", "338", "538"), r.Subfield("245", 'h')), " "))
	switch l[6] {
	case 'a', 't':
		if l[7] == 's' || l[7] == 'i' && strings.Contains(text, "lehti") {
			if online(r, f007, text) {
				return library.EMagazine
			}
			return library.Magazine
		}
		if online(r, f007, text) {
			return library.EBook
		}
		return library.Book
	case 'c', 'd':
		return library.SheetMusic
	case 'i':
		if online(r, f007, text) {
			return library.EAudioBook
		}
		return library.AudioBook
	case 'j':
		if strings.HasPrefix(f007, "sd") && len(f007) > 3 && strings.IndexByte("abcde", f007[3]) >= 0 ||
			strings.Contains(text, "lp-levy") || strings.Contains(text, "vinyl") || strings.Contains(text, "33 1/3") {
			return library.Vinyl
		}
		return library.CD
	case 'g':
		if strings.HasPrefix(f007, "v") && len(f007) > 4 && f007[4] == 's' || strings.Contains(text, "blu-ray") {
			return library.BluRay
		}
		return library.DVD
	case 'r':
		f008 := r.Control("008")
		if len(f008) > 33 && f008[33] == 'g' || strings.Contains(text, "peli") || strings.Contains(text, "game") || strings.Contains(text, "spel") {
			return library.BoardGame
		}
		if instrument(r, text) {
			return library.Instrument
		}
	}
	return library.OtherMedium
}

// instrument reports whether a three-dimensional object (leader/06 r)
// is a musical instrument: 008/33 says realia (r), which in a public
// library's catalogue are the instruments lent home (kits, toys and
// models have codes of their own: b, w, q), or its extent, carrier,
// genre or subject names an instrument ("1 soitin", "soittimet",
// "musical instruments", "musikinstrument").
func instrument(r *Record, text string) bool {
	if f008 := r.Control("008"); len(f008) > 33 && f008[33] == 'r' {
		return true
	}
	terms := strings.ToLower(strings.Join(append(fieldTexts(r, "650", "655"), text), " "))
	for _, w := range []string{"soitin", "soittim", "instrument", "инструмент"} {
		if strings.Contains(terms, w) {
			return true
		}
	}
	return false
}

// online reports whether a text is an e-resource: 007 "cr" (computer,
// remote), 008/23 form of item o, q or s, carrier "cr" or an
// "[electronic resource]" designation.
func online(r *Record, f007, text string) bool {
	if strings.HasPrefix(f007, "cr") {
		return true
	}
	if f008 := r.Control("008"); len(f008) > 23 && strings.IndexByte("oqs", f008[23]) >= 0 {
		return true
	}
	for _, f := range r.FieldsOf("338") {
		if f.Subfield('b') == "cr" {
			return true
		}
	}
	return strings.Contains(text, "electronic resource") || strings.Contains(text, "elektroninen") ||
		strings.Contains(text, "verkkoaineisto") || strings.Contains(text, "e-kirja")
}

func fieldTexts(r *Record, tags ...string) []string {
	var ts []string
	for _, f := range r.FieldsOf(tags...) {
		ts = append(ts, f.SubfieldValues("abh")...)
	}
	return ts
}

// audience maps 008/22, target audience, where the record type defines it
// (books, music, films, computer files; not serials, where 22 is the form
// of the original). Finnish public libraries shelve "lasten" for readers up
// to about twelve and "nuorten" for teenagers, so preschool, primary and
// pre-adolescent (a, b, c) and juvenile (j) are children, adolescent (d)
// is youth, and adult and general (e, g) are adult. Other values, and
// records without an 008, fall back to the audience notes 385 and 521.
func audience(r *Record, f008 string) string {
	l := r.Leader
	if len(f008) > 22 && strings.IndexByte("atcdijgkmor", l[6]) >= 0 && l[7] != 's' {
		switch f008[22] {
		case 'a', 'b', 'c', 'j':
			return library.AudienceChildren
		case 'd':
			return library.AudienceYouth
		case 'e', 'g':
			return library.AudienceAdult
		}
	}
	text := strings.ToLower(strings.Join(fieldTexts(r, "385", "521"), " "))
	for _, kw := range []struct{ word, aud string }{
		{"young adult", library.AudienceYouth}, {"youth", library.AudienceYouth}, {"nuor", library.AudienceYouth}, {"unga", library.AudienceYouth},
		{"child", library.AudienceChildren}, {"juvenile", library.AudienceChildren}, {"lasten", library.AudienceChildren}, {"lapsi", library.AudienceChildren}, {"barn", library.AudienceChildren},
		{"adult", library.AudienceAdult}, {"aikui", library.AudienceAdult}, {"vuxna", library.AudienceAdult},
	} {
		if strings.Contains(text, kw.word) {
			return kw.aud
		}
	}
	return ""
}
