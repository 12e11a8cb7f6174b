package odl

import (
	"strconv"
	"strings"

	"github.com/kirjasto/kirjasto/internal/library"
)

// Media types and relations of OPDS 2 and ODL.
const (
	TypeOPDS          = "application/opds+json"
	TypeLicenceInfo   = "application/vnd.odl.info+json"
	TypeStatus        = "application/vnd.readium.license.status.v1.0+json"
	TypeLCPLicence    = "application/vnd.readium.lcp.license.v1.0+json"
	TypeProblem       = "application/problem+json"
	RelBorrow         = "http://opds-spec.org/acquisition/borrow"
	RelOpenAccess     = "http://opds-spec.org/acquisition/open-access"
	RelAcquisition    = "http://opds-spec.org/acquisition"
	RelImage          = "http://opds-spec.org/image"
	RelThumbnail      = "http://opds-spec.org/image/thumbnail"
	RelCover          = "cover"
	SchemaBook        = "http://schema.org/Book"
	SchemaEBook       = "http://schema.org/EBook"
	SchemaAudiobook   = "http://schema.org/Audiobook"
	SchemaPeriodical  = "http://schema.org/Periodical"
	SchemaIssue       = "http://schema.org/PublicationIssue"
	TypeAudiobookJSON = "application/audiobook+json"
	TypeAudiobookLCP  = "application/audiobook+lcp"
	TypeEPUB          = "application/epub+zip"
	TypePDF           = "application/pdf"
)

// CostPerCirculationKey is Kirjasto's extension to a licence's metadata
// for cost per circulation: a price object ({"currency": "EUR", "value":
// 0.99}) that each checkout costs. ODL 1.0 has no such term; a licence
// with it is library.ModelCostPerCirculation.
const CostPerCirculationKey = "https://kirjasto.fi/odl/cost-per-circulation"

// contentFormats are the publication formats Kirjasto can lend; a
// licence in none of them is reported (error.odl_unknown_format).
var contentFormats = map[string]library.Material{
	TypeEPUB:                          library.EBook,
	TypePDF:                           library.EBook,
	"application/webpub+json":         library.EBook,
	"application/divina+json":         library.EBook,
	"application/vnd.readium.lcp.pdf": library.EBook,
	TypeAudiobookJSON:                 library.EAudioBook,
	TypeAudiobookLCP:                  library.EAudioBook,
	"application/audiobook+zip":       library.EAudioBook,
	"audio/mpeg":                      library.EAudioBook,
	"audio/mp4":                       library.EAudioBook,
}

// materialOf maps a publication's @type to a material; ok is false for a
// type Kirjasto does not know. "" is unknown here: the formats decide.
func materialOf(t string) (library.Material, bool) {
	t = strings.TrimSuffix(strings.Replace(t, "https://", "http://", 1), "/")
	switch t {
	case SchemaBook, SchemaEBook, "http://schema.org/CreativeWork":
		return library.EBook, true
	case SchemaAudiobook, "http://bib.schema.org/Audiobook":
		return library.EAudioBook, true
	case SchemaPeriodical, SchemaIssue, "http://schema.org/PublicationVolume":
		return library.EMagazine, true
	}
	return "", false
}

// marcLanguages maps BCP 47 primary subtags to the MARC codes of
// library.RecordLanguages.
var marcLanguages = map[string]string{
	"fi": "fin", "sv": "swe", "en": "eng", "ru": "rus", "et": "est", "de": "ger", "fr": "fre",
	"es": "spa", "ar": "ara", "so": "som", "ja": "jpn", "zh": "chi",
	"fin": "fin", "swe": "swe", "eng": "eng", "rus": "rus", "est": "est", "deu": "ger", "ger": "ger",
	"fra": "fre", "fre": "fre", "spa": "spa", "ara": "ara", "som": "som", "jpn": "jpn", "zho": "chi", "chi": "chi",
}

// marcLanguage returns the MARC code of a BCP 47 tag, "und" when unknown.
func marcLanguage(tag string) string {
	primary, _, _ := strings.Cut(strings.ToLower(strings.TrimSpace(tag)), "-")
	if c, ok := marcLanguages[primary]; ok {
		return c
	}
	return "und"
}

func itoa(n int) string { return strconv.Itoa(n) }
