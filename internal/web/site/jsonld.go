package site

import (
	"context"
	"strconv"
	"time"

	"github.com/kirjasto/kirjasto/internal/library"
	"github.com/kirjasto/kirjasto/internal/web"
)

// schema.org descriptions of record and library pages, as JSON-LD, for
// search engines and other readers of structured data. The templates put
// them in a <script type="application/ld+json"> element, where
// html/template writes JSON with <, > and & escaped, so no title can end
// the element early.

// ld is a JSON-LD node.
type ld = map[string]any

const schemaOrg = "https://schema.org"

// JSONLD returns the record page's schema.org description; the core's
// layout puts it in the page (web's page.JSONLD).
func (d recordWithReserve) JSONLD() any { return recordLD(d.recordPage) }

// JSONLD returns the library page's schema.org description, made when
// the page was (serveLibrary).
func (bp *branchPage) JSONLD() any { return bp.ld }

// recordTypes are the schema.org types of the material types; the rest
// are CreativeWork. An e-book is a Book whose bookFormat says so.
var recordTypes = map[string]string{
	string(library.Book): "Book", string(library.EBook): "Book", string(library.AudioBook): "Book", string(library.EAudioBook): "Book",
	string(library.CD): "MusicAlbum", string(library.Vinyl): "MusicAlbum",
	string(library.DVD): "Movie", string(library.BluRay): "Movie",
	string(library.Magazine): "Periodical", string(library.EMagazine): "Periodical", string(library.SheetMusic): "MusicComposition",
	string(library.BoardGame): "Game", string(library.Instrument): "Product",
}

var bookFormats = map[string]string{
	string(library.Book): schemaOrg + "/Hardcover", string(library.EBook): schemaOrg + "/EBook",
	string(library.AudioBook): schemaOrg + "/AudiobookFormat", string(library.EAudioBook): schemaOrg + "/AudiobookFormat",
}

// recordLD describes a record, with an Offer per branch that has copies:
// in stock where one is on the shelf now.
func recordLD(rp *recordPage) ld {
	r := rp.Record
	typ := recordTypes[r.Material]
	if typ == "" {
		typ = "CreativeWork"
	}
	n := ld{"@context": schemaOrg, "@type": typ, "@id": web.RecordURL(r.ID), "name": r.Title}
	if r.Subtitle != "" {
		n["alternativeHeadline"] = r.Subtitle
	}
	if f := bookFormats[r.Material]; f != "" {
		n["bookFormat"] = f
	}
	var authors, others []ld
	for _, c := range r.Contributors {
		p := ld{"@type": "Person", "name": c.Name}
		if c.Role == "author" || c.Role == "" {
			authors = append(authors, p)
		} else {
			others = append(others, p)
		}
	}
	if authors != nil {
		n["author"] = authors
	}
	if others != nil {
		n["contributor"] = others
	}
	if r.Language != "" {
		n["inLanguage"] = r.Language
	}
	if r.Year != 0 {
		n["datePublished"] = strconv.Itoa(r.Year)
	}
	if r.Publisher != "" {
		n["publisher"] = ld{"@type": "Organization", "name": r.Publisher}
	}
	if len(r.ISBNs) > 0 && typ == "Book" {
		n["isbn"] = r.ISBNs[0]
	}
	if len(r.ISSNs) > 0 {
		n["issn"] = r.ISSNs[0]
	}
	if r.Summary != "" {
		n["description"] = r.Summary
	}
	n["image"] = r.Cover.URL
	if about := linkTexts(r.Subjects); about != nil {
		n["about"] = about
	}
	if genre := linkTexts(r.Genres); genre != nil {
		n["genre"] = genre
	}
	if offers := offersLD(rp.Availability); offers != nil {
		n["offers"] = offers
	} else if rp.Summary.Online {
		// An e-resource is lent online, from no branch.
		n["offers"] = []ld{{"@type": "Offer", "price": "0", "priceCurrency": "EUR",
			"availability": schemaOrg + "/OnlineOnly", "businessFunction": schemaOrg + "/LeaseOut"}}
	}
	return n
}

func linkTexts(links []link) []string {
	var out []string
	for _, l := range links {
		out = append(out, l.Text)
	}
	return out
}

// offersLD is one free loan offer per branch with copies.
func offersLD(cities []cityAvail) []ld {
	var out []ld
	for _, c := range cities {
		for _, b := range c.Branches {
			avail := schemaOrg + "/OutOfStock"
			if b.Available > 0 {
				avail = schemaOrg + "/InStock"
			}
			out = append(out, ld{
				"@type": "Offer", "price": "0", "priceCurrency": "EUR", "availability": avail,
				"businessFunction": schemaOrg + "/LeaseOut",
				"inventoryLevel":   ld{"@type": "QuantitativeValue", "value": b.Available},
				"availableAtOrFrom": ld{"@type": "Library", "@id": "/libraries/" + b.ID, "name": b.Name,
					"parentOrganization": ld{"@type": "Library", "name": c.Name}},
			})
		}
	}
	return out
}

// dayNames are schema.org's days, by time.Weekday.
var dayNames = [7]string{"Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"}

// libraryLD describes a branch: address, place, contact, its weekly
// staffed hours and the exceptions of the coming weeks.
func (s *server) libraryLD(bp *branchPage) ld {
	n := ld{
		"@context": schemaOrg, "@type": "Library", "@id": "/libraries/" + bp.ID, "name": bp.Name,
		"parentOrganization": ld{"@type": "Library", "name": bp.City},
		"address": ld{"@type": "PostalAddress", "streetAddress": bp.Address.Street,
			"postalCode": bp.Address.PostalCode, "addressLocality": bp.Address.City, "addressCountry": "FI"},
	}
	if bp.Lat != 0 || bp.Lon != 0 {
		n["geo"] = ld{"@type": "GeoCoordinates", "latitude": bp.Lat, "longitude": bp.Lon}
	}
	if bp.Phone != "" {
		n["telephone"] = bp.Phone
	}
	if bp.Email != "" {
		n["email"] = bp.Email
	}
	if weekly := s.weeklyLD(bp.ID); weekly != nil {
		n["openingHoursSpecification"] = weekly
	}
	var special []ld
	for _, d := range bp.Exceptions {
		special = append(special, dayLD(d)...)
	}
	if special != nil {
		n["specialOpeningHoursSpecification"] = special
	}
	return n
}

// weeklyLD is a branch's regular staffed hours. The page's own week may
// have exceptions in it, so they come from the branch itself, which the
// consortium cache holds; the template gives no request context, and a
// cached read needs none.
func (s *server) weeklyLD(branchID string) []ld {
	_, branches, err := s.Consortium(context.Background())
	if err != nil {
		return nil
	}
	var out []ld
	for _, b := range branches {
		if b.ID != branchID {
			continue
		}
		for wd := time.Sunday; wd <= time.Saturday; wd++ {
			for _, p := range b.Hours.Weekly[wd].Staffed {
				out = append(out, ld{"@type": "OpeningHoursSpecification", "dayOfWeek": dayNames[wd],
					"opens": p.Open.String(), "closes": p.Close.String()})
			}
		}
	}
	return out
}

// dayLD is an exceptional day: its staffed hours, or, closed, opens and
// closes both at 00:00 as schema.org says a closed day is written.
func dayLD(d dayView) []ld {
	spec := func(open, close string) ld {
		n := ld{"@type": "OpeningHoursSpecification", "validFrom": d.Date, "validThrough": d.Date,
			"opens": open, "closes": close}
		if d.Note.Text != "" {
			n["description"] = d.Note
		}
		return n
	}
	if len(d.Staffed) == 0 {
		return []ld{spec("00:00", "00:00")}
	}
	var out []ld
	for _, p := range d.Staffed {
		out = append(out, spec(p.Open, p.Close))
	}
	return out
}
