package elib

import (
	"encoding/json"
	"net/http"
	"strconv"
	"time"

	"golang.org/x/text/language"

	"github.com/kirjasto/kirjasto/internal/library"
	"github.com/kirjasto/kirjasto/internal/web"
)

// The OPDS 2 catalogue (application/opds+json), as the JSON Schemas in
// drafts.opds.io describe it.

type link struct {
	Rel        string     `json:"rel,omitempty"`
	Href       string     `json:"href"`
	Type       string     `json:"type,omitempty"`
	Title      string     `json:"title,omitempty"`
	Templated  bool       `json:"templated,omitempty"`
	Properties *linkProps `json:"properties,omitempty"`
}

type linkProps struct {
	NumberOfItems *int          `json:"numberOfItems,omitempty"`
	Availability  *availability `json:"availability,omitempty"`
	Copies        *copiesProp   `json:"copies,omitempty"`
	Holds         *holdsProp    `json:"holds,omitempty"`
}

type availability struct {
	State string `json:"state"`
	Since string `json:"since,omitempty"`
	Until string `json:"until,omitempty"`
}

type copiesProp struct {
	Total     int `json:"total"`
	Available int `json:"available"`
}

type holdsProp struct {
	Total    int `json:"total"`
	Position int `json:"position,omitempty"`
}

type feedMetadata struct {
	Title         string `json:"title"`
	NumberOfItems *int   `json:"numberOfItems,omitempty"`
	ItemsPerPage  int    `json:"itemsPerPage,omitempty"`
	CurrentPage   int    `json:"currentPage,omitempty"`
}

type facetGroup struct {
	Metadata feedMetadata `json:"metadata"`
	Links    []link       `json:"links"`
}

type feed struct {
	Metadata     feedMetadata  `json:"metadata"`
	Links        []link        `json:"links"`
	Navigation   []link        `json:"navigation,omitempty"`
	Facets       []facetGroup  `json:"facets,omitempty"`
	Publications []publication `json:"publications,omitempty"`
}

type contributor struct {
	Name string `json:"name"`
}

type pubMetadata struct {
	Type        string        `json:"@type"`
	Title       string        `json:"title"`
	Subtitle    string        `json:"subtitle,omitempty"`
	Identifier  string        `json:"identifier"`
	Author      []contributor `json:"author,omitempty"`
	Publisher   string        `json:"publisher,omitempty"`
	Language    string        `json:"language,omitempty"`
	Modified    string        `json:"modified,omitempty"`
	Description string        `json:"description,omitempty"`
	Subject     []string      `json:"subject,omitempty"`
}

type publication struct {
	Metadata pubMetadata `json:"metadata"`
	Links    []link      `json:"links"`
	Images   []link      `json:"images,omitempty"`
}

// schemaTypes are the schema.org types of the e-materials.
var schemaTypes = map[library.Material]string{
	library.EBook:      "http://schema.org/EBook",
	library.EAudioBook: "http://schema.org/Audiobook",
	library.EMagazine:  "http://schema.org/Periodical",
}

// bcp47 turns a MARC language code into a BCP 47 tag ("fin" → "fi");
// "" for codes that are no language ("und", "mul", "zxx") or unknown.
func bcp47(marc string) string {
	t, err := language.Parse(marc)
	if err != nil || marc == "und" || marc == "mul" || marc == "zxx" {
		return ""
	}
	return t.String()
}

// identifier is the publication's URI: its ISBN, else the record's
// page. Not its ISSN, which every issue of a magazine shares, and
// reading apps tell publications apart by identifier.
func identifier(base string, rec library.Record) string {
	if len(rec.ISBNs) > 0 {
		return "urn:isbn:" + rec.ISBNs[0]
	}
	return recordPage(base, rec.ID)
}

func stamp(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339)
}

// commonLinks are every feed's links: itself, the start, search, the
// patron's shelf and the authentication document.
func (s *server) commonLinks(r *http.Request, self string) []link {
	base, lang := s.baseURL(r), s.Lang(r)
	tr := func(key string) string { return s.I18n().T(lang, key, nil) }
	return []link{
		{Rel: "self", Href: base + self, Type: typeOPDS},
		{Rel: "start", Href: base + opdsPath, Type: typeOPDS, Title: tr("opds.root.title")},
		{Rel: "search", Href: base + opdsPath + "/search{?" + opdsSearchParam + "}", Type: typeOPDS, Templated: true, Title: tr("opds.search.title")},
		{Rel: relShelf, Href: base + opdsLoansPath, Type: typeOPDS, Title: tr("opds.loans.title")},
		{Rel: relAuthDoc, Href: base + opdsAuthPath, Type: typeAuthDoc},
	}
}

// writeOPDS writes an OPDS 2 document.
func writeOPDS(w http.ResponseWriter, status int, contentType string, v any) {
	setOPDSHeaders(w, contentType)
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.Encode(v) // a failed write means the client has gone
}

// serveRoot is the navigation feed reading apps start from.
func (s *server) serveRoot(w http.ResponseWriter, r *http.Request) error {
	base, lang := s.baseURL(r), s.Lang(r)
	f := feed{Metadata: feedMetadata{Title: s.I18n().T(lang, "opds.root.title", nil)},
		Links: append(s.commonLinks(r, opdsPath),
			link{Rel: "alternate", Href: base + opdsV1Path, Type: typeAtomNav},
			link{Rel: "alternate", Href: base + "/", Type: typeHTML})}
	for _, n := range navigation {
		f.Navigation = append(f.Navigation, link{Href: base + n.Query.url(opdsPath, 1), Type: typeOPDS,
			Title: s.I18n().T(lang, n.Key, nil)})
	}
	writeOPDS(w, http.StatusOK, typeOPDS, f)
	return nil
}

// serveFeed is a publications feed: a navigation entry's, or a search.
func (s *server) serveFeed(w http.ResponseWriter, r *http.Request) error {
	q, err := parseFeedQuery(r)
	if err != nil {
		return err
	}
	fr, err := s.feed(r, q)
	if err != nil {
		return err
	}
	base, lang := s.baseURL(r), s.Lang(r)
	p, err := s.optionalPatron(r)
	if err != nil {
		return err
	}
	if fr.Pubs, err = s.withShelf(r, p, fr.Pubs); err != nil {
		return err
	}
	total := fr.Total
	f := feed{Metadata: feedMetadata{Title: s.feedTitle(lang, q), NumberOfItems: &total,
		ItemsPerPage: s.PageSize(), CurrentPage: q.Page},
		Links: s.commonLinks(r, q.url(opdsPath, q.Page))}
	f.Links = append(f.Links, link{Rel: "alternate", Href: base + q.url(opdsV1Path, q.Page), Type: typeAtomAcq})
	if q.Page > 1 {
		f.Links = append(f.Links, link{Rel: "first", Href: base + q.url(opdsPath, 1), Type: typeOPDS},
			link{Rel: "previous", Href: base + q.url(opdsPath, q.Page-1), Type: typeOPDS})
	}
	if q.Page < fr.Pages {
		f.Links = append(f.Links, link{Rel: "next", Href: base + q.url(opdsPath, q.Page+1), Type: typeOPDS},
			link{Rel: "last", Href: base + q.url(opdsPath, fr.Pages), Type: typeOPDS})
	}
	for _, fg := range s.facets(lang, q) {
		g := facetGroup{Metadata: feedMetadata{Title: fg.Title}}
		for _, o := range fg.Options {
			l := link{Href: base + o.Query.url(opdsPath, 1), Type: typeOPDS, Title: o.Title}
			if o.Active {
				l.Rel = "self"
			}
			g.Links = append(g.Links, l)
		}
		f.Facets = append(f.Facets, g)
	}
	for _, v := range fr.Pubs {
		f.Publications = append(f.Publications, s.publication(lang, base, v))
	}
	if len(f.Publications) == 0 {
		// A feed needs publications or navigation: an empty result
		// leads back to the start.
		f.Navigation = []link{{Href: base + opdsPath, Type: typeOPDS, Title: s.I18n().T(lang, "opds.empty", nil)}}
	}
	writeOPDS(w, http.StatusOK, typeOPDS, f)
	return nil
}

// withShelf adds the patron's loans and holds to a feed's publications
// (p.ID 0: nobody signed in, as reading apps browse).
func (s *server) withShelf(r *http.Request, p library.Patron, vs []pubView) ([]pubView, error) {
	if p.ID == 0 {
		return vs, nil
	}
	shelf, err := s.shelf(r, p)
	if err != nil {
		return nil, err
	}
	mine := map[int64]pubView{}
	for _, v := range shelf {
		mine[v.Rec.ID] = v
	}
	for i, v := range vs {
		if m, ok := mine[v.Rec.ID]; ok {
			vs[i].Loan, vs[i].Hold = m.Loan, m.Hold
		}
	}
	return vs, nil
}

// publication is a record as an OPDS 2 publication.
func (s *server) publication(lang, base string, v pubView) publication {
	rec := v.Rec
	self := base + opdsPath + "/publications/" + strconv.FormatInt(rec.ID, 10)
	pub := publication{Metadata: pubMetadata{Type: schemaTypes[rec.Material], Title: rec.Title, Subtitle: rec.Subtitle,
		Identifier: identifier(base, rec), Publisher: rec.Publisher, Language: bcp47(rec.Language),
		Modified: stamp(rec.Updated), Description: rec.Summary, Subject: rec.Subjects}}
	for _, a := range rec.Authors {
		pub.Metadata.Author = append(pub.Metadata.Author, contributor{Name: a.Name})
	}
	pub.Links = []link{
		{Rel: "self", Href: self, Type: typeOPDSPub},
		{Rel: "alternate", Href: recordPage(base, rec.ID), Type: typeHTML},
	}
	for _, a := range s.acquisitions(lang, base, opdsPath, typeOPDSPub, v) {
		l := link{Rel: a.Rel, Href: a.Href, Type: a.Type, Title: a.Title}
		if a.State != "" || a.Copies || a.Holds {
			l.Properties = &linkProps{}
		}
		if a.State != "" {
			l.Properties.Availability = &availability{State: a.State, Since: stamp(a.Since), Until: stamp(a.Until)}
		}
		if a.Copies {
			l.Properties.Copies = &copiesProp{Total: a.Total, Available: a.Free}
		}
		if a.Holds {
			l.Properties.Holds = &holdsProp{Total: a.Waiting, Position: a.Position}
		}
		pub.Links = append(pub.Links, l)
	}
	if img := rec.CoverImage(); img != "" {
		pub.Images = []link{{Href: img, Type: coverType(img)}}
	}
	return pub
}

// servePublication is one publication, with the signed-in patron's loan
// or hold of it when the request carries credentials.
func (s *server) servePublication(w http.ResponseWriter, r *http.Request) error {
	p, err := s.optionalPatron(r)
	if err != nil {
		return err
	}
	v, err := s.onePublication(r, p)
	if err != nil {
		return err
	}
	s.writePublication(w, r, http.StatusOK, v)
	return nil
}

// serveLoans is the patron's shelf: e-loans with their links and
// returns, e-holds with their place in the queue.
func (s *server) serveLoans(w http.ResponseWriter, r *http.Request, p library.Patron) error {
	shelf, err := s.shelf(r, p)
	if err != nil {
		return err
	}
	base, lang := s.baseURL(r), s.Lang(r)
	n := len(shelf)
	f := feed{Metadata: feedMetadata{Title: s.I18n().T(lang, "opds.loans.title", nil), NumberOfItems: &n},
		Links: append(s.commonLinks(r, opdsLoansPath),
			link{Rel: "alternate", Href: base + opdsV1Path + "/loans", Type: typeAtomAcq},
			link{Rel: "alternate", Href: base + "/account/elib", Type: typeHTML})}
	for _, v := range shelf {
		f.Publications = append(f.Publications, s.publication(lang, base, v))
	}
	if len(f.Publications) == 0 {
		f.Navigation = []link{{Href: base + opdsPath, Type: typeOPDS, Title: s.I18n().T(lang, "opds.loans.none", nil)}}
	}
	writeOPDS(w, http.StatusOK, typeOPDS, f)
	return nil
}

// pubWriter answers with one publication in a format: OPDS 2's or an
// OPDS 1.2 entry.
type pubWriter func(w http.ResponseWriter, r *http.Request, status int, v pubView)

func (s *server) writePublication(w http.ResponseWriter, r *http.Request, status int, v pubView) {
	writeOPDS(w, status, typeOPDSPub, s.publication(s.Lang(r), s.baseURL(r), v))
}

// borrowAs lends the title through the pages' own borrow and answers
// with the publication and the distributor's link (201). When no place
// is free the patron is queued instead, as reading apps expect of the
// borrow link; the publication then says "reserved".
func (s *server) borrowAs(out pubWriter) web.PatronHandler {
	return func(w http.ResponseWriter, r *http.Request, p library.Patron) error {
		rec, err := s.record(r)
		if err != nil {
			return err
		}
		if _, err := s.borrow(r, p, rec.ID); err != nil {
			if library.ErrorKey(err) != "error.elib_none_free" {
				return err
			}
			if err := s.reserve(r, p, rec.ID); err != nil {
				return err
			}
		}
		return s.answer(w, r, p, rec.ID, http.StatusCreated, out)
	}
}

// answer reads a record's publication for the patron again and writes
// it.
func (s *server) answer(w http.ResponseWriter, r *http.Request, p library.Patron, id int64, status int, out pubWriter) error {
	v, err := s.publicationOf(r, p, id)
	if err != nil {
		return err
	}
	out(w, r, status, v)
	return nil
}

// reserve queues the patron for a title.
func (s *server) reserve(r *http.Request, p library.Patron, id int64) error {
	el, err := s.elib()
	if err != nil {
		return err
	}
	_, err = el.ReserveE(r.Context(), p.ID, id, s.Now())
	return err
}

// reserveAs queues the patron and answers with the publication.
func (s *server) reserveAs(out pubWriter) web.PatronHandler {
	return func(w http.ResponseWriter, r *http.Request, p library.Patron) error {
		rec, err := s.record(r)
		if err != nil {
			return err
		}
		if err := s.reserve(r, p, rec.ID); err != nil {
			return err
		}
		return s.answer(w, r, p, rec.ID, http.StatusCreated, out)
	}
}

// returnAs returns an e-loan through the pages' own return and answers
// with the publication as it now stands.
func (s *server) returnAs(out pubWriter) web.PatronHandler {
	return func(w http.ResponseWriter, r *http.Request, p library.Patron) error {
		rec, err := s.loanRecord(r, p)
		if err != nil {
			return err
		}
		if err := s.returnLoan(r, p, r.PathValue("id")); err != nil {
			return err
		}
		return s.answer(w, r, p, rec, http.StatusOK, out)
	}
}

// loanRecord is the record of the path's e-loan of the patron's.
func (s *server) loanRecord(r *http.Request, p library.Patron) (int64, error) {
	el, err := s.elib()
	if err != nil {
		return 0, err
	}
	loans, err := el.ELoans(r.Context(), p.ID, s.Now())
	if err != nil {
		return 0, err
	}
	for _, l := range loans {
		if strconv.FormatInt(l.ID, 10) == r.PathValue("id") && l.Returned.IsZero() {
			return l.RecordID, nil
		}
	}
	return 0, &library.Error{Code: library.ENOTFOUND, Key: "elib_web.error.no_loan", Message: "no open e-loan " + r.PathValue("id")}
}

// cancelAs cancels an e-hold and answers with the publication.
func (s *server) cancelAs(out pubWriter) web.PatronHandler {
	return func(w http.ResponseWriter, r *http.Request, p library.Patron) error {
		el, err := s.elib()
		if err != nil {
			return err
		}
		id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
		if err != nil {
			return &library.Error{Code: library.ENOTFOUND, Key: "error.bad_id", Message: "e-hold id " + r.PathValue("id")}
		}
		holds, err := el.EHolds(r.Context(), p.ID, s.Now())
		if err != nil {
			return err
		}
		var rec int64
		for _, h := range holds {
			if h.ID == id {
				rec = h.RecordID
			}
		}
		if err := el.CancelEHold(r.Context(), p.ID, id, s.Now()); err != nil {
			return err
		}
		if rec == 0 {
			w.WriteHeader(http.StatusNoContent)
			return nil
		}
		return s.answer(w, r, p, rec, http.StatusOK, out)
	}
}
