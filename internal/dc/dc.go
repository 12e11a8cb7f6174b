// Package dc maps catalogue records to Simple Dublin Core, the fifteen
// elements of http://purl.org/dc/elements/1.1/ that SRU (schema dc) and
// OAI-PMH (oai_dc) offer next to MARCXML.
package dc

import (
	"bytes"
	"encoding/xml"
	"io"
	"strconv"

	"github.com/kirjasto/kirjasto/internal/library"
)

// Namespace is the namespace of the Dublin Core elements.
const Namespace = "http://purl.org/dc/elements/1.1/"

// Element is one Dublin Core element: a name such as "title" and its value.
type Element struct {
	Name  string
	Value string
}

// Elements returns the record as Dublin Core elements, in the order of the
// DCMI element list. Identifiers are URNs (urn:isbn:, urn:issn:), types
// Kirjasto's material codes, languages MARC (ISO 639-2/B) codes.
func Elements(rec library.Record) []Element {
	var es []Element
	add := func(name, value string) {
		if value != "" {
			es = append(es, Element{name, value})
		}
	}
	title := rec.Title
	if rec.Subtitle != "" {
		title += " : " + rec.Subtitle
	}
	add("title", title)
	for i, a := range rec.Authors {
		if i == 0 || a.Role == "author" {
			add("creator", a.Name)
		} else {
			add("contributor", a.Name)
		}
	}
	for _, s := range rec.Subjects {
		add("subject", s)
	}
	add("description", rec.Summary)
	add("publisher", rec.Publisher)
	if rec.Year > 0 {
		add("date", strconv.Itoa(rec.Year))
	}
	add("type", string(rec.Material))
	for _, s := range rec.Genres {
		add("type", s)
	}
	for _, s := range rec.ISBNs {
		add("identifier", "urn:isbn:"+s)
	}
	for _, s := range rec.ISSNs {
		add("identifier", "urn:issn:"+s)
	}
	add("language", rec.Language)
	add("relation", rec.Series)
	return es
}

// Write writes the elements of rec, each as <dc:NAME>, inside the element
// open starts and close ends; open must bind the prefix dc to Namespace.
func Write(w io.Writer, rec library.Record, open, close string) error {
	var b bytes.Buffer
	b.WriteString(open)
	for _, e := range Elements(rec) {
		b.WriteString("<dc:" + e.Name + ">")
		xml.EscapeText(&b, []byte(e.Value))
		b.WriteString("</dc:" + e.Name + ">")
	}
	b.WriteString(close)
	_, err := w.Write(b.Bytes())
	return err
}
