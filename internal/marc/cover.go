package marc

import (
	"net/url"
	"path"
	"strings"
	"unicode"
)

// The cover rule. MARC 21 has no code for "this 856 links a picture of
// the cover": catalogues say so in words, in a content type, or with the
// relationship and an image's address. A field (its $u a web address) is
// a cover when
//
//   - its $3 (materials specified), $y (link text) or $z (public note)
//     names a cover: "Cover image", "View cover art", "Kansikuva",
//     "Omslagsbild", "Обложка" and the like (coverWords); or
//   - its second indicator is 2 (a related resource, not the resource
//     itself or a version of it) and its $q (electronic format type) is
//     an image type a browser shows (image/jpeg, image/png, image/gif,
//     image/webp, image/avif, or such a name alone, "JPEG"), or its
//     address ends in such an image's extension (.jpg, .png, ...).
//
// Real records show why the rule stops there: the Library of Congress
// links photographs with "856 41 $3 digital file from glass neg. ... $q p"
// (a version of the resource, and "p" is no content type), and its
// "856 42 $3 Publisher description" pages are related resources that are
// no pictures; neither is a cover. A media vendor's "856 7_ $3 View cover
// art $u .../lbl89411d.gif" is one.

// coverWords begin a word that names a cover, in the languages of the
// consortium's catalogues and the ones their records come from.
var coverWords = []string{
	"cover",              // English, and German and Swedish loans ("Coverbild")
	"kansi",              // Finnish: kansikuva, kansikuvat, kansi
	"omslag", "pärmbild", // Swedish: omslag, omslagsbild
	"обложк",              // Russian: обложка, обложки
	"kaane",               // Estonian: kaanepilt, kaaned
	"couverture",          // French
	"umschlag",            // German
	"portada", "cubierta", // Spanish
	"غلاف", "الغلاف", // Arabic, with and without the article
}

// notCover begin words that start like a cover word and are none: "Access
// covered by the licence" links no picture, nor does a Finnish "kansio"
// (folder).
var notCover = []string{"covered", "coverage", "kansio"}

// imageTypes are the image types a browser shows, as 856 $q may give
// them, and their file extensions.
var (
	imageTypes = []string{"image/jpeg", "image/jpg", "image/png", "image/gif", "image/webp", "image/avif", "jpeg", "jpg", "png", "gif", "webp", "avif"}
	imageExts  = []string{".jpg", ".jpeg", ".png", ".gif", ".webp", ".avif"}
)

// IsCover reports whether an 856 field links a picture of the cover, by
// the rule above. It does not check $u: links does.
func IsCover(f Field) bool {
	for _, v := range f.SubfieldValues("3yz") {
		if namesCover(v) {
			return true
		}
	}
	if f.Ind2 != '2' {
		return false
	}
	for _, q := range f.SubfieldValues("q") {
		q = strings.ToLower(strings.TrimSpace(q))
		q, _, _ = strings.Cut(q, ";") // "image/jpeg; charset=..." is still JPEG
		for _, t := range imageTypes {
			if q == t {
				return true
			}
		}
	}
	for _, u := range f.SubfieldValues("u") {
		if isImageURL(u) {
			return true
		}
	}
	return false
}

// namesCover reports whether a word of s names a cover.
func namesCover(s string) bool {
	words := strings.FieldsFunc(strings.ToLower(s), func(r rune) bool { return !unicode.IsLetter(r) })
	for _, w := range words {
		if hasPrefixIn(w, notCover) {
			continue
		}
		if hasPrefixIn(w, coverWords) {
			return true
		}
	}
	return false
}

func hasPrefixIn(w string, prefixes []string) bool {
	for _, p := range prefixes {
		if strings.HasPrefix(w, p) {
			return true
		}
	}
	return false
}

// isImageURL reports whether the path of u ends in an image's extension.
func isImageURL(u string) bool {
	p, err := url.Parse(strings.TrimSpace(u))
	if err != nil {
		return false
	}
	ext := strings.ToLower(path.Ext(p.Path))
	for _, e := range imageExts {
		if ext == e {
			return true
		}
	}
	return false
}
