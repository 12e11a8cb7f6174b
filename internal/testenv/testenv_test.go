package testenv

import (
	"os"
	"path/filepath"
	"testing"
)

func TestValidateXML(t *testing.T) {
	schema := filepath.Join(t.TempDir(), "s.xsd")
	err := os.WriteFile(schema, []byte(`<?xml version="1.0"?>
<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">
  <xs:element name="n" type="xs:int"/>
</xs:schema>`), 0o644)
	if err != nil {
		t.Fatal(err)
	}
	ValidateXML(t, schema, []byte(`<n>12</n>`))

	var inner testing.T
	done := make(chan struct{})
	// A failing document fails the test it is given: run it in a
	// goroutine of its own so that a Fatal there cannot end this one.
	go func() {
		defer close(done)
		ValidateXML(&inner, schema, []byte(`<n>twelve</n>`))
	}()
	<-done
	if !inner.Failed() {
		t.Error("an invalid document passed")
	}
}

func TestShared(t *testing.T) {
	p := Shared(t, "xml-schemas", "OAI-PMH.xsd")
	if _, err := os.Stat(p); err != nil {
		t.Fatal(err)
	}
}
