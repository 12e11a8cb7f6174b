// Package epubchecktest has tests validate EPUB files with Debian's
// epubcheck (the W3C's EPUBCheck), which the tests of internal/epub and
// of the demo's open-access books share.
package epubchecktest

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// Check writes the book to a temporary file and fails the test unless
// epubcheck finds no error and no warning in it. Without epubcheck the
// test is skipped (failed under KIRJASTO_TEST_STRICT=1).
func Check(t testing.TB, name string, book []byte) {
	t.Helper()
	java, jar := tool(t)
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, book, 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(java, "-jar", jar, path).CombinedOutput()
	if err != nil || !strings.Contains(string(out), "No errors or warnings detected") {
		t.Errorf("epubcheck %s: %v\n%s", name, err, out)
	}
}

// tool returns java and epubcheck's jar. Debian installs the jar as
// /usr/bin/epubcheck, which runs directly only where binfmt_misc knows
// jars, so it is run with java -jar.
func tool(t testing.TB) (java, jar string) {
	t.Helper()
	jar, err := exec.LookPath("epubcheck")
	if err == nil {
		jar, err = filepath.EvalSymlinks(jar)
	}
	if err == nil {
		java, err = exec.LookPath("java")
	}
	if err != nil {
		const how = "epubcheck not found: install the Debian package epubcheck (apt-get install epubcheck) to validate EPUB books"
		if os.Getenv("KIRJASTO_TEST_STRICT") == "1" {
			t.Fatal(how + " (KIRJASTO_TEST_STRICT=1 makes this a failure)")
		}
		t.Skip(how)
	}
	return java, jar
}
