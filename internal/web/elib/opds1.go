package elib

import (
	"encoding/xml"
	"net/http"
	"strconv"

	"github.com/kirjasto/kirjasto/internal/library"
)

// OPDS 1.2 (Atom) at /opds/v1, for reading apps that know no OPDS 2:
// the same navigation, feeds, search (an OpenSearch description) and
// shelf, with availability in the opds: elements ODL and the library
// apps of OPDS 1 use (opds:availability, opds:holds, opds:copies).

const (
	nsAtom       = "http://www.w3.org/2005/Atom"
	nsOPDS       = "http://opds-spec.org/2010/catalog"
	nsDC         = "http://purl.org/dc/terms/"
	nsOpenSearch = "http://a9.com/-/spec/opensearch/1.1/"
)

type atomLink struct {
	Rel          string      `xml:"rel,attr,omitempty"`
	Href         string      `xml:"href,attr"`
	Type         string      `xml:"type,attr,omitempty"`
	Title        string      `xml:"title,attr,omitempty"`
	FacetGroup   string      `xml:"opds:facetGroup,attr,omitempty"`
	ActiveFacet  string      `xml:"opds:activeFacet,attr,omitempty"`
	Availability *atomAvail  `xml:"opds:availability"`
	Holds        *atomHolds  `xml:"opds:holds"`
	Copies       *atomCopies `xml:"opds:copies"`
}

type atomAvail struct {
	Status string `xml:"status,attr"`
	Since  string `xml:"since,attr,omitempty"`
	Until  string `xml:"until,attr,omitempty"`
}

type atomHolds struct {
	Total    int `xml:"total,attr"`
	Position int `xml:"position,attr,omitempty"`
}

type atomCopies struct {
	Total     int `xml:"total,attr"`
	Available int `xml:"available,attr"`
}

type atomPerson struct {
	Name string `xml:"name"`
}

type atomText struct {
	Type string `xml:"type,attr"`
	Text string `xml:",chardata"`
}

// namespaces are the declarations of a document's root element.
type namespaces struct {
	Atom       string `xml:"xmlns,attr,omitempty"`
	OPDS       string `xml:"xmlns:opds,attr,omitempty"`
	DC         string `xml:"xmlns:dc,attr,omitempty"`
	OpenSearch string `xml:"xmlns:opensearch,attr,omitempty"`
}

var rootNS = namespaces{Atom: nsAtom, OPDS: nsOPDS, DC: nsDC, OpenSearch: nsOpenSearch}

type atomEntry struct {
	XMLName xml.Name `xml:"entry"`
	namespaces
	ID         string       `xml:"id"`
	Title      string       `xml:"title"`
	Updated    string       `xml:"updated"`
	Authors    []atomPerson `xml:"author"`
	Language   string       `xml:"dc:language,omitempty"`
	Identifier string       `xml:"dc:identifier,omitempty"`
	Publisher  string       `xml:"dc:publisher,omitempty"`
	Summary    *atomText    `xml:"summary"`
	Content    *atomText    `xml:"content"`
	Links      []atomLink   `xml:"link"`
}

type atomFeed struct {
	XMLName xml.Name `xml:"feed"`
	namespaces
	ID           string      `xml:"id"`
	Title        string      `xml:"title"`
	Updated      string      `xml:"updated"`
	Author       atomPerson  `xml:"author"`
	TotalResults *int        `xml:"opensearch:totalResults"`
	ItemsPerPage int         `xml:"opensearch:itemsPerPage,omitempty"`
	Links        []atomLink  `xml:"link"`
	Entries      []atomEntry `xml:"entry"`
}

// writeAtom writes an Atom document.
func writeAtom(w http.ResponseWriter, status int, contentType string, v any) {
	setOPDSHeaders(w, contentType)
	w.WriteHeader(status)
	w.Write([]byte(xml.Header))
	enc := xml.NewEncoder(w)
	enc.Indent("", " ")
	enc.Encode(v) // a failed write means the client has gone
}

// atomFeedOf starts a feed with every feed's links.
func (s *server) atomFeedOf(r *http.Request, self, selfType, title string) atomFeed {
	base, lang := s.baseURL(r), s.Lang(r)
	tr := func(key string) string { return s.I18n().T(lang, key, nil) }
	return atomFeed{namespaces: rootNS, ID: base + self, Title: title, Updated: stamp(s.Now()),
		Author: atomPerson{Name: tr("opds.root.title")},
		Links: []atomLink{
			{Rel: "self", Href: base + self, Type: selfType},
			{Rel: "start", Href: base + opdsV1Path, Type: typeAtomNav, Title: tr("opds.root.title")},
			{Rel: "search", Href: base + opdsV1Path + "/opensearch.xml", Type: typeOpenSearch, Title: tr("opds.search.title")},
			{Rel: relShelf, Href: base + opdsV1Path + "/loans", Type: typeAtomAcq, Title: tr("opds.loans.title")},
			{Rel: relAuthDoc, Href: base + opdsAuthPath, Type: typeAuthDoc},
		}}
}

// serveAtomRoot is the navigation feed.
func (s *server) serveAtomRoot(w http.ResponseWriter, r *http.Request) error {
	base, lang := s.baseURL(r), s.Lang(r)
	f := s.atomFeedOf(r, opdsV1Path, typeAtomNav, s.I18n().T(lang, "opds.root.title", nil))
	f.Links = append(f.Links, atomLink{Rel: "alternate", Href: base + opdsPath, Type: typeOPDS})
	for _, n := range navigation {
		href := base + n.Query.url(opdsV1Path, 1)
		title := s.I18n().T(lang, n.Key, nil)
		f.Entries = append(f.Entries, atomEntry{ID: href, Title: title, Updated: f.Updated,
			Content: &atomText{Type: "text", Text: title},
			Links:   []atomLink{{Rel: "subsection", Href: href, Type: typeAtomAcq, Title: title}}})
	}
	writeAtom(w, http.StatusOK, typeAtomNav, f)
	return nil
}

// serveAtomFeed is an acquisition feed: a navigation entry's, or a
// search.
func (s *server) serveAtomFeed(w http.ResponseWriter, r *http.Request) error {
	q, err := parseFeedQuery(r)
	if err != nil {
		return err
	}
	fr, err := s.feed(r, q)
	if err != nil {
		return err
	}
	p, err := s.optionalPatron(r)
	if err != nil {
		return err
	}
	if fr.Pubs, err = s.withShelf(r, p, fr.Pubs); err != nil {
		return err
	}
	base, lang := s.baseURL(r), s.Lang(r)
	f := s.atomFeedOf(r, q.url(opdsV1Path, q.Page), typeAtomAcq, s.feedTitle(lang, q))
	total := fr.Total
	f.TotalResults, f.ItemsPerPage = &total, s.PageSize()
	f.Links = append(f.Links, atomLink{Rel: "alternate", Href: base + q.url(opdsPath, q.Page), Type: typeOPDS})
	if q.Page > 1 {
		f.Links = append(f.Links, atomLink{Rel: "first", Href: base + q.url(opdsV1Path, 1), Type: typeAtomAcq},
			atomLink{Rel: "previous", Href: base + q.url(opdsV1Path, q.Page-1), Type: typeAtomAcq})
	}
	if q.Page < fr.Pages {
		f.Links = append(f.Links, atomLink{Rel: "next", Href: base + q.url(opdsV1Path, q.Page+1), Type: typeAtomAcq},
			atomLink{Rel: "last", Href: base + q.url(opdsV1Path, fr.Pages), Type: typeAtomAcq})
	}
	for _, fg := range s.facets(lang, q) {
		for _, o := range fg.Options {
			l := atomLink{Rel: relFacet, Href: base + o.Query.url(opdsV1Path, 1), Type: typeAtomAcq, Title: o.Title, FacetGroup: fg.Title}
			if o.Active {
				l.ActiveFacet = "true"
			}
			f.Links = append(f.Links, l)
		}
	}
	for _, v := range fr.Pubs {
		f.Entries = append(f.Entries, s.entry(lang, base, v))
	}
	writeAtom(w, http.StatusOK, typeAtomAcq, f)
	return nil
}

// entry is a record as an OPDS 1.2 acquisition entry.
func (s *server) entry(lang, base string, v pubView) atomEntry {
	rec := v.Rec
	updated := rec.Updated
	if updated.IsZero() {
		updated = s.Now()
	}
	e := atomEntry{ID: identifier(base, rec), Title: rec.Title, Updated: stamp(updated),
		Language: bcp47(rec.Language), Publisher: rec.Publisher}
	if len(rec.ISBNs) > 0 {
		e.Identifier = "urn:isbn:" + rec.ISBNs[0]
	}
	if e.ID == recordPage(base, rec.ID) {
		// Atom wants an ID that never changes; the record's page is one.
		e.ID = base + opdsV1Path + "/publications/" + strconv.FormatInt(rec.ID, 10)
	}
	for _, a := range rec.Authors {
		e.Authors = append(e.Authors, atomPerson{Name: a.Name})
	}
	if rec.Summary != "" {
		e.Summary = &atomText{Type: "text", Text: rec.Summary}
	}
	e.Links = []atomLink{
		{Rel: "alternate", Href: base + opdsV1Path + "/publications/" + strconv.FormatInt(rec.ID, 10), Type: typeAtomEntry},
		{Rel: "alternate", Href: recordPage(base, rec.ID), Type: typeHTML},
	}
	if img := rec.CoverImage(); img != "" {
		e.Links = append(e.Links, atomLink{Rel: relImage, Href: img, Type: coverType(img)})
	}
	for _, a := range s.acquisitions(lang, base, opdsV1Path, typeAtomEntry, v) {
		l := atomLink{Rel: a.Rel, Href: a.Href, Type: a.Type, Title: a.Title}
		if a.State != "" {
			l.Availability = &atomAvail{Status: a.State, Since: stamp(a.Since), Until: stamp(a.Until)}
		}
		if a.Holds {
			l.Holds = &atomHolds{Total: a.Waiting, Position: a.Position}
		}
		if a.Copies {
			l.Copies = &atomCopies{Total: a.Total, Available: a.Free}
		}
		e.Links = append(e.Links, l)
	}
	return e
}

// writeEntry answers with one entry as a document of its own.
func (s *server) writeEntry(w http.ResponseWriter, r *http.Request, status int, v pubView) {
	e := s.entry(s.Lang(r), s.baseURL(r), v)
	e.namespaces = namespaces{Atom: nsAtom, OPDS: nsOPDS, DC: nsDC}
	writeAtom(w, status, typeAtomEntry, e)
}

// serveAtomEntry is one publication's entry.
func (s *server) serveAtomEntry(w http.ResponseWriter, r *http.Request) error {
	p, err := s.optionalPatron(r)
	if err != nil {
		return err
	}
	v, err := s.onePublication(r, p)
	if err != nil {
		return err
	}
	s.writeEntry(w, r, http.StatusOK, v)
	return nil
}

// serveAtomLoans is the patron's shelf.
func (s *server) serveAtomLoans(w http.ResponseWriter, r *http.Request, p library.Patron) error {
	shelf, err := s.shelf(r, p)
	if err != nil {
		return err
	}
	base, lang := s.baseURL(r), s.Lang(r)
	f := s.atomFeedOf(r, opdsV1Path+"/loans", typeAtomAcq, s.I18n().T(lang, "opds.loans.title", nil))
	f.Links = append(f.Links, atomLink{Rel: "alternate", Href: base + opdsLoansPath, Type: typeOPDS})
	for _, v := range shelf {
		f.Entries = append(f.Entries, s.entry(lang, base, v))
	}
	writeAtom(w, http.StatusOK, typeAtomAcq, f)
	return nil
}

// openSearch is an OpenSearch 1.1 description of the search.
type openSearch struct {
	XMLName        xml.Name      `xml:"OpenSearchDescription"`
	NS             string        `xml:"xmlns,attr"`
	ShortName      string        `xml:"ShortName"`
	Description    string        `xml:"Description"`
	InputEncoding  string        `xml:"InputEncoding"`
	OutputEncoding string        `xml:"OutputEncoding"`
	URL            openSearchURL `xml:"Url"`
}

type openSearchURL struct {
	Type     string `xml:"type,attr"`
	Template string `xml:"template,attr"`
}

// serveOpenSearch describes the search for OPDS 1 readers.
func (s *server) serveOpenSearch(w http.ResponseWriter, r *http.Request) error {
	lang := s.Lang(r)
	d := openSearch{NS: nsOpenSearch, ShortName: s.I18n().T(lang, "opds.root.title", nil),
		Description: s.I18n().T(lang, "opds.search.title", nil), InputEncoding: "UTF-8", OutputEncoding: "UTF-8",
		URL: openSearchURL{Type: typeAtomAcq, Template: s.baseURL(r) + opdsV1Path + "/search?" + opdsSearchParam + "={searchTerms}"}}
	w.Header().Set("Cache-Control", "public, max-age=3600")
	writeAtom(w, http.StatusOK, typeOpenSearch, d)
	return nil
}
