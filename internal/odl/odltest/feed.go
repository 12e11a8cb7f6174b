package odltest

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"time"
)

// The feed's JSON, in OPDS 2's order of keys.

type jsonFeed struct {
	Metadata     jsonFeedMetadata `json:"metadata"`
	Links        []jsonLink       `json:"links"`
	Publications []jsonPub        `json:"publications"`
}

type jsonFeedMetadata struct {
	Title         string `json:"title"`
	NumberOfItems int    `json:"numberOfItems"`
	ItemsPerPage  int    `json:"itemsPerPage"`
	CurrentPage   int    `json:"currentPage"`
}

type jsonLink struct {
	Rel       string `json:"rel,omitempty"`
	Href      string `json:"href"`
	Type      string `json:"type,omitempty"`
	Title     string `json:"title,omitempty"`
	Templated bool   `json:"templated,omitempty"`
	Width     int    `json:"width,omitempty"`
	Height    int    `json:"height,omitempty"`
}

type jsonPub struct {
	Metadata jsonMetadata  `json:"metadata"`
	Links    []jsonLink    `json:"links"`
	Images   []jsonLink    `json:"images,omitempty"`
	Licenses []jsonLicence `json:"licenses,omitempty"`
}

type jsonMetadata struct {
	Type        string         `json:"@type"`
	Identifier  string         `json:"identifier"`
	Title       string         `json:"title"`
	Subtitle    string         `json:"subtitle,omitempty"`
	Author      []string       `json:"author,omitempty"`
	Narrator    string         `json:"narrator,omitempty"`
	Publisher   string         `json:"publisher,omitempty"`
	Language    string         `json:"language"`
	Published   string         `json:"published,omitempty"`
	Modified    string         `json:"modified,omitempty"`
	Description string         `json:"description,omitempty"`
	Subject     []jsonSubject  `json:"subject,omitempty"`
	BelongsTo   *jsonBelongsTo `json:"belongsTo,omitempty"`
}

type jsonSubject struct {
	Name   string `json:"name"`
	Scheme string `json:"scheme,omitempty"`
}

type jsonBelongsTo struct {
	Magazine jsonPeriodical `json:"magazine"`
}

type jsonPeriodical struct {
	Name       string    `json:"name"`
	Identifier string    `json:"identifier"`
	Issue      jsonIssue `json:"issue"`
}

type jsonIssue struct {
	Name     string `json:"name"`
	Position int    `json:"position"`
}

type jsonLicence struct {
	Metadata jsonLicenceMetadata `json:"metadata"`
	Links    []jsonLink          `json:"links"`
}

type jsonLicenceMetadata struct {
	Identifier string         `json:"identifier"`
	Format     string         `json:"format"`
	Price      *jsonPrice     `json:"price,omitempty"`
	Created    string         `json:"created"`
	Terms      jsonTerms      `json:"terms"`
	Protection jsonProtection `json:"protection"`
	// CPC is Kirjasto's documented extension (odl.CostPerCirculationKey).
	CPC *jsonPrice `json:"https://kirjasto.fi/odl/cost-per-circulation,omitempty"`
}

type jsonPrice struct {
	Currency string  `json:"currency"`
	Value    float64 `json:"value"`
}

type jsonTerms struct {
	Checkouts   int    `json:"checkouts,omitempty"`
	Expires     string `json:"expires,omitempty"`
	Concurrency int    `json:"concurrency,omitempty"`
	Length      int64  `json:"length,omitempty"`
}

type jsonProtection struct {
	Format  []string `json:"format"`
	Devices int      `json:"devices"`
}

const (
	typeOPDS        = "application/opds+json"
	typeInfo        = "application/vnd.odl.info+json"
	typeStatus      = "application/vnd.readium.license.status.v1.0+json"
	typeLCPLicence  = "application/vnd.readium.lcp.license.v1.0+json"
	relBorrow       = "http://opds-spec.org/acquisition/borrow"
	relOpenAccess   = "http://opds-spec.org/acquisition/open-access"
	checkoutParams  = "{?id,checkout_id,expires,patron_id,notification_url}"
	returnParams    = "{?name}"
	renewParams     = "{?end,id,name}"
	problemGeneric  = "http://opds-spec.org/odl/error"
	problemCheckout = "http://opds-spec.org/odl/error/checkout/"
	problemRenew    = "http://readium.org/license-status-document/error/renew"
)

func (s *Server) serveFeed(w http.ResponseWriter, r *http.Request) {
	page := 1
	if v := r.URL.Query().Get("page"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 {
			problem(w, http.StatusBadRequest, problemGeneric, "page must be a positive number")
			return
		}
		page = n
	}
	pages := (len(s.pubs) + s.opts.PageSize - 1) / s.opts.PageSize
	if page > max(pages, 1) {
		problem(w, http.StatusNotFound, problemGeneric, "no such page")
		return
	}
	writeJSON(w, http.StatusOK, typeOPDS, s.Feed(s.base(r), page))
}

// Feed returns page (from 1) of the feed as it is served at base.
func (s *Server) Feed(base string, page int) any {
	size := s.opts.PageSize
	from, to := (page-1)*size, min(page*size, len(s.pubs))
	f := jsonFeed{
		Metadata: jsonFeedMetadata{Title: "Kirjasto's ODL test distributor", NumberOfItems: len(s.pubs),
			ItemsPerPage: size, CurrentPage: page},
		Links:        []jsonLink{{Rel: "self", Href: fmt.Sprintf("%s/feed?page=%d", base, page), Type: typeOPDS}},
		Publications: []jsonPub{},
	}
	if to < len(s.pubs) {
		f.Links = append(f.Links, jsonLink{Rel: "next", Href: fmt.Sprintf("%s/feed?page=%d", base, page+1), Type: typeOPDS})
	}
	if page > 1 {
		f.Links = append(f.Links, jsonLink{Rel: "previous", Href: fmt.Sprintf("%s/feed?page=%d", base, page-1), Type: typeOPDS})
	}
	for _, p := range s.pubs[from:max(from, to)] {
		f.Publications = append(f.Publications, s.jsonPublication(base, p, ""))
	}
	return f
}

// jsonPublication is a publication as the feed of lib ("" the
// consortium's) shows it, with the licences lib bought.
func (s *Server) jsonPublication(base string, p *publication, lib string) jsonPub {
	md := jsonMetadata{
		Identifier: p.identifier, Title: p.title, Subtitle: p.subtitle, Author: p.authors, Narrator: p.narrator,
		Publisher: p.publisher, Language: p.language, Published: p.published.Format(time.DateOnly),
		Modified: s.opts.Start.Format(time.RFC3339), Description: p.description,
	}
	for _, sub := range p.subjects {
		md.Subject = append(md.Subject, jsonSubject{Name: sub})
	}
	switch p.kind {
	case KindAudiobook:
		md.Type = "http://schema.org/Audiobook"
	case KindMagazine:
		md.Type = "http://schema.org/Periodical"
		md.BelongsTo = &jsonBelongsTo{Magazine: jsonPeriodical{Name: p.magazine.name,
			Identifier: "urn:issn:" + p.magazine.issn,
			Issue:      jsonIssue{Name: fmt.Sprintf("%d/%d", int(p.published.Month()), p.published.Year()), Position: p.issue}}}
	default:
		md.Type = "http://schema.org/Book"
	}
	jp := jsonPub{Metadata: md,
		Images: []jsonLink{{Href: fmt.Sprintf("%s/covers/%d.png", base, p.n), Type: "image/png", Width: coverW, Height: coverH}}}
	if p.open {
		jp.Links = []jsonLink{{Rel: relOpenAccess, Href: fmt.Sprintf("%s/open/%d.epub", base, p.n), Type: "application/epub+zip"}}
		return jp
	}
	// OPDS 2 asks every publication for an acquisition link; ODL relaxes
	// that for licensed ones, which get a preview page here so that the
	// feed is valid under OPDS 2's own schema as well.
	jp.Links = []jsonLink{{Rel: "preview", Href: fmt.Sprintf("%s/preview/%d", base, p.n), Type: "text/html"}}
	for _, l := range p.licences {
		if l.library != lib {
			continue
		}
		jp.Licenses = append(jp.Licenses, s.jsonLicence(base, l))
	}
	return jp
}

func (s *Server) jsonLicence(base string, l *licence) jsonLicence {
	md := jsonLicenceMetadata{
		Identifier: l.id, Format: l.format, Created: l.created.Format(time.RFC3339),
		Terms:      jsonTerms{Checkouts: l.checkouts, Concurrency: l.concurrency, Length: int64(l.length / time.Second)},
		Protection: jsonProtection{Format: []string{typeLCPLicence}, Devices: 6},
	}
	if !l.expires.IsZero() {
		md.Terms.Expires = l.expires.Format(time.RFC3339)
	}
	if l.price > 0 {
		md.Price = &jsonPrice{Currency: "EUR", Value: l.price}
	}
	if l.cpc > 0 {
		md.CPC = &jsonPrice{Currency: "EUR", Value: l.cpc}
	}
	return jsonLicence{Metadata: md, Links: []jsonLink{
		{Rel: relBorrow, Href: base + "/licenses/" + key(l.id) + "/checkout" + checkoutParams, Type: typeStatus, Templated: true},
		{Rel: "self", Href: base + "/licenses/" + key(l.id), Type: typeInfo},
	}}
}

func writeJSON(w http.ResponseWriter, status int, contentType string, v any) {
	b, err := json.MarshalIndent(v, "", " ")
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", contentType)
	w.WriteHeader(status)
	w.Write(b)
}

// problem answers with an RFC 7807 problem, as ODL asks.
func problem(w http.ResponseWriter, status int, typ, title string) {
	writeJSON(w, status, "application/problem+json", map[string]any{"type": typ, "title": title, "status": status})
}
