// Package testenv helps tests find what a fresh machine may lack: a
// program from a Debian package, the shared data beside the repository.
// Without it a test skips and says how to get it; under
// KIRJASTO_TEST_STRICT=1, as CI runs, the skip is a failure instead, so
// that CI proves everything the README's test command may pass over.
//
// It is imported by tests only.
package testenv

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"testing"
)

// Strict reports whether a missing prerequisite fails a test.
func Strict() bool { return os.Getenv("KIRJASTO_TEST_STRICT") == "1" }

// Missing skips t with how, or fails it under KIRJASTO_TEST_STRICT=1.
func Missing(t testing.TB, how string) {
	t.Helper()
	if Strict() {
		t.Fatal(how + " (KIRJASTO_TEST_STRICT=1 makes this a failure)")
	}
	t.Skip(how)
}

// Program returns the path of the named program, or reports it missing
// with the Debian package that has it.
func Program(t testing.TB, name, debianPackage string) string {
	t.Helper()
	p, err := exec.LookPath(name)
	if err != nil {
		Missing(t, name+" not found: install the Debian package "+debianPackage+" (apt-get install "+debianPackage+")")
	}
	return p
}

// Shared returns the path of a file or folder in ../shared beside the
// repository, or reports it missing.
func Shared(t testing.TB, elem ...string) string {
	t.Helper()
	_, file, _, _ := runtime.Caller(0)
	root := filepath.Join(filepath.Dir(file), "..", "..", "..", "shared")
	p := filepath.Join(append([]string{root}, elem...)...)
	if _, err := os.Stat(p); err != nil {
		Missing(t, "shared data missing ("+err.Error()+"): check out the shared data next to the repository as ../shared")
	}
	return p
}

// ValidateXML checks doc against the XML Schema in schema (a path, such as
// Shared(t, "xml-schemas", "OAI-PMH.xsd")) with xmllint, and fails t with
// xmllint's words and the document when it is not valid.
func ValidateXML(t testing.TB, schema string, doc []byte) {
	t.Helper()
	xmllint := Program(t, "xmllint", "libxml2-utils")
	cmd := exec.Command(xmllint, "--noout", "--nonet", "--schema", schema, "-")
	cmd.Stdin = bytes.NewReader(doc)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Errorf("not valid against %s: %v\n%s\ndocument:\n%s", filepath.Base(schema), err, out, clip(doc))
	}
}

func clip(b []byte) []byte {
	if len(b) > 4000 {
		return append(b[:4000:4000], "…"...)
	}
	return b
}
