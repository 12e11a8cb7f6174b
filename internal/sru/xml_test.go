package sru_test

import (
	"bytes"
	"encoding/xml"
	"io"
	"slices"
	"strings"
	"testing"

	"github.com/kirjasto/kirjasto/internal/testenv"
)

// fold lower-cases and folds å, ä and ö as the index does, so that terms
// compare as the index orders them.
func fold(s string) string {
	return strings.NewReplacer("å", "a", "ä", "a", "ö", "o").Replace(strings.ToLower(s))
}

// TestScanStartsWithTerm checks that scan lists the terms that start with
// the scanned term, in alphabetical order, and not titles with a later
// word starting with it ("ja" is in many titles, at the start of none).
func TestScanStartsWithTerm(t *testing.T) {
	s := newServer(t, 60)
	for _, tc := range []struct {
		clause string
		want   int // at least this many terms
	}{
		{"dc.title = s", 3},
		{"dc.title = a", 1},
		{"dc.title = ja", 0},
		{"dc.title = muumi", 1},
		{"dc.creator = j", 1},
		{"dc.subject = k", 0},
	} {
		for _, version := range []string{"1.2", "2.0"} {
			r, body := s.get(t, "operation", "scan", "version", version, "scanClause", tc.clause, "maximumTerms", "50")
			term := fold(tc.clause[strings.LastIndex(tc.clause, " ")+1:])
			var values []string
			for _, x := range r.Terms {
				if !strings.HasPrefix(fold(x.Value), term) {
					t.Errorf("scan %s (%s): %q does not start with %q", tc.clause, version, x.Value, term)
				}
				values = append(values, fold(x.Value))
			}
			if !slices.IsSorted(values) || len(values) < tc.want {
				t.Errorf("scan %s (%s): %q, want at least %d in order\n%s", tc.clause, version, values, tc.want, body)
			}
		}
	}
}

// whitespaceNodes returns the whitespace-only text between elements
// inside the document's root element.
func whitespaceNodes(t *testing.T, body string) []string {
	t.Helper()
	d := xml.NewDecoder(strings.NewReader(body))
	var found []string
	depth := 0
	for {
		tok, err := d.Token()
		if err == io.EOF {
			return found
		}
		if err != nil {
			t.Fatalf("%v\n%s", err, body)
		}
		switch tok := tok.(type) {
		case xml.StartElement:
			depth++
		case xml.EndElement:
			depth--
		case xml.CharData:
			if depth > 0 && len(tok) > 0 && len(bytes.TrimSpace(tok)) == 0 {
				found = append(found, string(tok))
			}
		}
	}
}

// TestNoWhitespaceBetweenElements checks every kind of SRU response, in
// both versions, for whitespace text between elements, on which a widely
// used SRU client fails.
func TestNoWhitespaceBetweenElements(t *testing.T) {
	s := newServer(t, 60)
	requests := [][]string{
		{"operation", "scan", "scanClause", "dc.title = s"},
		{"operation", "scan", "scanClause", "dc.title = zzzz"},
		{"operation", "searchRetrieve", "query", "dc.title = seitsemän", "recordSchema", "marcxml"},
		{"operation", "searchRetrieve", "query", "dc.title = seitsemän", "recordSchema", "dc"},
		{"operation", "searchRetrieve", "query", "dc.title = seitsemän", "recordPacking", "string", "recordXMLEscaping", "string"},
		{"operation", "searchRetrieve", "query", "dc.title = zzzzqx"},
		{"operation", "searchRetrieve", "query", "dc.title = "},
		{"operation", "explain"},
		{"operation", "scan", "scanClause", "bath.isbn = 978"},
	}
	for _, req := range requests {
		for _, version := range []string{"1.2", "2.0"} {
			_, body := s.get(t, append(req, "version", version)...)
			if ws := whitespaceNodes(t, body); len(ws) > 0 {
				t.Errorf("%v version %s: %d whitespace text nodes between elements\n%s", req, version, len(ws), body)
			}
		}
	}
}

// TestRecordsAreValidMARCXML validates the MARCXML records of a search
// against the MARC 21 slim schema.
func TestRecordsAreValidMARCXML(t *testing.T) {
	schema := testenv.Shared(t, "xml-schemas", "MARC21slim.xsd")
	s := newServer(t, 60)
	for _, version := range []string{"1.2", "2.0"} {
		r, body := s.get(t, "operation", "searchRetrieve", "version", version, "query", "dc.title = sei* or dc.title = sin* or dc.title = muumi*",
			"recordSchema", "marcxml", "maximumRecords", "20")
		if len(r.Records) < 3 {
			t.Fatalf("version %s: %d records, want some to validate\n%s", version, len(r.Records), body)
		}
		for _, rec := range r.Records {
			testenv.ValidateXML(t, schema, []byte(rec.Data.Inner))
		}
	}
}
