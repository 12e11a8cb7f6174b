package oai_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kirjasto/kirjasto/internal/testenv"
)

// oaiDCSchema is the oai_dc schema as the OAI-PMH 2.0 specification
// states it (section 6.2, "Dublin Core"): a choice of the fifteen elements
// of Simple Dublin Core, each any number of times, in any order.
const oaiDCSchema = `<?xml version="1.0" encoding="UTF-8"?>
<schema targetNamespace="http://www.openarchives.org/OAI/2.0/oai_dc/"
        xmlns:oai_dc="http://www.openarchives.org/OAI/2.0/oai_dc/"
        xmlns:dc="http://purl.org/dc/elements/1.1/"
        xmlns="http://www.w3.org/2001/XMLSchema"
        elementFormDefault="qualified" attributeFormDefault="unqualified">
  <import namespace="http://purl.org/dc/elements/1.1/" schemaLocation="simpledc.xsd"/>
  <element name="dc" type="oai_dc:oai_dcType"/>
  <complexType name="oai_dcType">
    <choice minOccurs="0" maxOccurs="unbounded">
      <element ref="dc:title"/>
      <element ref="dc:creator"/>
      <element ref="dc:subject"/>
      <element ref="dc:description"/>
      <element ref="dc:publisher"/>
      <element ref="dc:contributor"/>
      <element ref="dc:date"/>
      <element ref="dc:type"/>
      <element ref="dc:format"/>
      <element ref="dc:identifier"/>
      <element ref="dc:source"/>
      <element ref="dc:language"/>
      <element ref="dc:relation"/>
      <element ref="dc:coverage"/>
      <element ref="dc:rights"/>
    </choice>
  </complexType>
</schema>
`

// simpleDCSchema declares the fifteen elements the oai_dc schema imports
// (DCMI's simpledc20021212.xsd): each is text. DCMI's also allows
// xml:lang, which Kirjasto does not write.
func simpleDCSchema() string {
	var b strings.Builder
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?>
<schema targetNamespace="http://purl.org/dc/elements/1.1/" xmlns="http://www.w3.org/2001/XMLSchema"
        elementFormDefault="qualified" attributeFormDefault="unqualified">
`)
	for _, e := range strings.Fields("title creator subject description publisher contributor date type format identifier source language relation coverage rights") {
		b.WriteString(`  <element name="` + e + `" type="string"/>` + "\n")
	}
	b.WriteString("</schema>\n")
	return b.String()
}

// harvestSchema writes a schema that imports the official OAI-PMH and
// MARC 21 slim schemas and the oai_dc schema, and returns its path: a
// response validated against it is checked as OAI-PMH, and the metadata
// of each record, which OAI-PMH.xsd demands be valid ("strict"), against
// the schema of its own format.
func harvestSchema(t *testing.T) string {
	t.Helper()
	oaiXSD := testenv.Shared(t, "xml-schemas", "OAI-PMH.xsd")
	marcXSD := testenv.Shared(t, "xml-schemas", "MARC21slim.xsd")
	dir := t.TempDir()
	files := map[string]string{
		"oai_dc.xsd":   oaiDCSchema,
		"simpledc.xsd": simpleDCSchema(),
		"harvest.xsd": `<?xml version="1.0" encoding="UTF-8"?>
<schema xmlns="http://www.w3.org/2001/XMLSchema" targetNamespace="urn:kirjasto:test:harvest">
  <import namespace="http://www.openarchives.org/OAI/2.0/" schemaLocation="` + oaiXSD + `"/>
  <import namespace="http://www.openarchives.org/OAI/2.0/oai_dc/" schemaLocation="oai_dc.xsd"/>
  <import namespace="http://www.loc.gov/MARC21/slim" schemaLocation="` + marcXSD + `"/>
</schema>
`,
	}
	for name, text := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return filepath.Join(dir, "harvest.xsd")
}

// TestHarvestSchemaIsStrict checks that the schema the tests validate
// with finds faults inside the metadata of records, not only in the
// envelope, so that a passing harvest means valid records.
func TestHarvestSchemaIsStrict(t *testing.T) {
	schema := harvestSchema(t)
	doc := func(metadata string) []byte {
		return []byte(`<?xml version="1.0" encoding="UTF-8"?>
<OAI-PMH xmlns="http://www.openarchives.org/OAI/2.0/"><responseDate>2026-01-01T00:00:00Z</responseDate>` +
			`<request verb="GetRecord" identifier="oai:kirjasto:1" metadataPrefix="x">http://example.fi/oai</request>` +
			`<GetRecord><record><header><identifier>oai:kirjasto:1</identifier><datestamp>2026-01-01T00:00:00Z</datestamp></header>` +
			`<metadata>` + metadata + `</metadata></record></GetRecord></OAI-PMH>`)
	}
	const dcOpen = `<oai_dc:dc xmlns:oai_dc="http://www.openarchives.org/OAI/2.0/oai_dc/" xmlns:dc="http://purl.org/dc/elements/1.1/">`
	const marcOpen = `<record xmlns="http://www.loc.gov/MARC21/slim"><leader>00000nam a2200000 i 4500</leader>`
	testenv.ValidateXML(t, schema, doc(dcOpen+`<dc:title>Kissa</dc:title></oai_dc:dc>`))
	testenv.ValidateXML(t, schema, doc(marcOpen+`<controlfield tag="001">1</controlfield></record>`))
	for name, bad := range map[string]string{
		"unknown Dublin Core element": dcOpen + `<dc:bogus>Kissa</dc:bogus></oai_dc:dc>`,
		"MARC tag of two digits":      marcOpen + `<controlfield tag="01">1</controlfield></record>`,
		"unknown format":              `<mods xmlns="http://www.loc.gov/mods/v3"/>`,
	} {
		var inner testing.T
		done := make(chan struct{})
		go func() { // ValidateXML may end its test with Fatal
			defer close(done)
			testenv.ValidateXML(&inner, schema, doc(bad))
		}()
		<-done
		if !inner.Failed() {
			t.Errorf("%s: valid, want invalid", name)
		}
	}
}
