package elib

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"testing"

	"github.com/kirjasto/kirjasto/internal/web/webtest"
)

// The feeds as a parser someone else wrote reads them: Readium's
// r2-opds-js (npm, in node_modules), which Thorium Reader and other
// Readium apps use for OPDS 1 and 2.

// r2opds returns the parse script's command, or skips (fails under
// KIRJASTO_TEST_STRICT) when node or the module is missing.
func r2opds(t *testing.T) (node, script string) {
	t.Helper()
	skip := func(format string, args ...any) {
		t.Helper()
		if os.Getenv("KIRJASTO_TEST_STRICT") == "1" {
			t.Fatalf(format, args...)
		}
		t.Skipf(format, args...)
	}
	node, err := exec.LookPath("node")
	if err != nil {
		skip("node is missing (%v): install Node.js (Debian: apt-get install nodejs) to run the OPDS parser test", err)
	}
	if _, err := os.Stat(filepath.Join("..", "..", "..", "node_modules", "r2-opds-js", "package.json")); err != nil {
		skip("r2-opds-js is missing (%v): run .ci/npm at the repository root", err)
	}
	script, err = filepath.Abs(filepath.Join("testdata", "opds_parse.js"))
	if err != nil {
		t.Fatal(err)
	}
	return node, script
}

// parsed is what opds_parse.js prints of a feed or a publication.
type parsed struct {
	Title         string
	NumberOfItems int
	Links         []parsedLink
	Navigation    []parsedLink
	Facets        []struct {
		Title string
		Links []parsedLink
	}
	Publications []parsed
	// An authentication document's.
	Types []string
	Login []string
}

type parsedLink struct {
	Rel    []string
	Href   string
	Type   string
	Title  string
	State  string
	Copies *struct{ Total, Available int }
	Holds  *struct{ Total, Position int }
}

// parse runs the parser on a document of a kind (see opds_parse.js).
func parse(t *testing.T, node, script, kind, doc string) parsed {
	t.Helper()
	f := filepath.Join(t.TempDir(), "doc")
	if err := os.WriteFile(f, []byte(doc), 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(node, script, kind, f)
	cmd.Dir = filepath.Dir(script)
	out, err := cmd.Output()
	if err != nil {
		stderr := ""
		if ee, ok := err.(*exec.ExitError); ok {
			stderr = string(ee.Stderr)
		}
		t.Fatalf("r2-opds-js could not read the %s: %v\n%s\n%s", kind, err, stderr, doc)
	}
	var p parsed
	if err := json.Unmarshal(out, &p); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	return p
}

func hasRel(ls []parsedLink, rel string) (parsedLink, bool) {
	for _, l := range ls {
		if slices.Contains(l.Rel, rel) {
			return l, true
		}
	}
	return parsedLink{}, false
}

func TestOPDSWithReadiumParser(t *testing.T) {
	node, script := r2opds(t)
	webtest.ForEachELibEnv(t, func(t *testing.T, e *webtest.ELibEnv) {
		o := newOPDSEnv(t, e)
		ids := o.titles(t, 2)
		id := strconv.FormatInt(ids[0], 10)

		// OPDS 2: the root, a feed, a publication, the authentication
		// document.
		root := parse(t, node, script, "opds2-feed", o.getJSON(t, "GET", "/opds", 200, typeOPDS, "Accept-Language: fi"))
		if root.Title != o.Msg("fi", "opds.root.title") || len(root.Navigation) != len(navigation) {
			t.Fatalf("the root as Readium reads it: %+v", root)
		}
		if s, ok := hasRel(root.Links, "search"); !ok || s.Href == "" {
			t.Fatalf("no search link: %+v", root.Links)
		}
		all := parse(t, node, script, "opds2-feed", o.getJSON(t, "GET", "/opds/publications", 200, typeOPDS))
		if len(all.Publications) != 2 || all.NumberOfItems != 2 || len(all.Facets) != 3 {
			t.Fatalf("the feed as Readium reads it: %+v", all)
		}
		b, ok := hasRel(all.Publications[0].Links, relBorrow)
		if !ok || b.State != "available" || b.Copies == nil || b.Copies.Available != 1 {
			t.Fatalf("the borrow link as Readium reads it: %+v", all.Publications[0].Links)
		}
		pub := parse(t, node, script, "opds2-pub", o.getJSON(t, "GET", "/opds/publications/"+id, 200, typeOPDSPub))
		if pub.Title == "" {
			t.Fatalf("the publication as Readium reads it: %+v", pub)
		}
		auth := parse(t, node, script, "auth", o.getJSON(t, "GET", "/opds/auth", 200, typeAuthDoc, "Accept-Language: sv"))
		if !slices.Contains(auth.Types, "http://opds-spec.org/auth/basic") || !slices.Contains(auth.Login, o.Msg("sv", "opds.auth.card")) {
			t.Fatalf("the authentication document as Readium reads it: %+v", auth)
		}

		// OPDS 1.2: the root, a feed, an entry, as Readium turns them
		// into OPDS 2.
		root1 := parse(t, node, script, "opds1-feed", o.getJSON(t, "GET", "/opds/v1", 200, typeAtomNav, "Accept-Language: fi"))
		if root1.Title != o.Msg("fi", "opds.root.title") || len(root1.Navigation) != len(navigation) {
			t.Fatalf("the Atom root as Readium reads it: %+v", root1)
		}
		all1 := parse(t, node, script, "opds1-feed", o.getJSON(t, "GET", "/opds/v1/publications", 200, typeAtomAcq))
		if len(all1.Publications) != 2 {
			t.Fatalf("the Atom feed as Readium reads it: %+v", all1)
		}
		if b, ok := hasRel(all1.Publications[0].Links, relBorrow); !ok || b.State != "available" || b.Copies == nil {
			t.Fatalf("the Atom borrow link as Readium reads it: %+v", all1.Publications[0].Links)
		}

		// The shelf after a borrow, in both.
		o.getJSON(t, "POST", "/opds/publications/"+id+"/borrow", 201, typeOPDSPub, o.Basic)
		shelf := parse(t, node, script, "opds2-feed", o.getJSON(t, "GET", "/opds/loans", 200, typeOPDS, o.Basic))
		if len(shelf.Publications) != 1 {
			t.Fatalf("the shelf as Readium reads it: %+v", shelf)
		}
		if _, ok := hasRel(shelf.Publications[0].Links, relAcquisition); !ok {
			t.Fatalf("the loan's link as Readium reads it: %+v", shelf.Publications[0].Links)
		}
		entry := parse(t, node, script, "opds1-entry", o.getJSON(t, "GET", "/opds/v1/publications/"+id, 200, typeAtomEntry, o.Basic))
		if _, ok := hasRel(entry.Links, relAcquisition); !ok || entry.Title == "" {
			t.Fatalf("the Atom entry of the loan as Readium reads it: %+v", entry)
		}
	})
}
