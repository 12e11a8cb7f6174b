package odl_test

import (
	"encoding/json"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/kirjasto/kirjasto/internal/odl/odltest"
)

// opdsDir is the shared OPDS material: the OPDS 2 and Readium schemas and
// the specifications, beside the repository, never copied into it.
const opdsDir = "../../../shared/opds"

func sharedOPDS(t *testing.T) string {
	t.Helper()
	if _, err := os.Stat(opdsDir); err != nil {
		if os.Getenv("KIRJASTO_TEST_STRICT") == "1" {
			t.Fatalf("shared OPDS schemas missing: %v", err)
		}
		t.Skipf("shared OPDS schemas missing (%v): check out the shared data next to the repository as ../shared", err)
	}
	return opdsDir
}

// feedSchema compiles OPDS 2's feed schema with every OPDS and Readium
// schema loaded under its own $id, as the schemas refer to each other.
func feedSchema(t *testing.T) *jsonschema.Schema {
	t.Helper()
	dir := sharedOPDS(t)
	c := jsonschema.NewCompiler()
	c.AssertFormat()
	n := 0
	for _, sub := range []string{"opds2-schema", "webpub-schema"} {
		err := filepath.WalkDir(filepath.Join(dir, sub), func(path string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() || !strings.HasSuffix(path, ".json") {
				return err
			}
			f, err := os.Open(path)
			if err != nil {
				return err
			}
			defer f.Close()
			doc, err := jsonschema.UnmarshalJSON(f)
			if err != nil {
				return err
			}
			id, _ := doc.(map[string]any)["$id"].(string)
			if id == "" {
				t.Fatalf("%s has no $id", path)
			}
			n++
			return c.AddResource(id, doc)
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	if n < 20 {
		t.Fatalf("loaded only %d schemas", n)
	}
	s, err := c.Compile("https://drafts.opds.io/schema/feed.schema.json")
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func getJSON(t *testing.T, url string) any {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: %s", url, resp.Status)
	}
	v, err := jsonschema.UnmarshalJSON(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// TestFeedIsValidOPDS2 checks every page the double serves against OPDS
// 2's own feed schema, and that the schema would notice a broken page.
func TestFeedIsValidOPDS2(t *testing.T) {
	schema := feedSchema(t)
	srv := httptest.NewServer(odltest.New(odltest.Options{Seed: 7, N: 120, PageSize: 50}))
	defer srv.Close()
	url, pages := srv.URL+odltest.FeedPath, 0
	for url != "" {
		doc := getJSON(t, url)
		pages++
		if err := schema.Validate(doc); err != nil {
			t.Fatalf("page %d is not a valid OPDS 2 feed: %v", pages, err)
		}
		url = ""
		for _, l := range doc.(map[string]any)["links"].([]any) {
			if l := l.(map[string]any); l["rel"] == "next" {
				url = l["href"].(string)
			}
		}
	}
	if pages != 3 {
		t.Errorf("pages = %d, want 3", pages)
	}

	// The validator is not asleep: a publication without an
	// acquisition link, and a feed without its self link, fail.
	doc := getJSON(t, srv.URL+odltest.FeedPath)
	raw, _ := json.Marshal(doc)
	var broken map[string]any
	json.Unmarshal(raw, &broken)
	pub := broken["publications"].([]any)[0].(map[string]any)
	pub["links"] = []any{map[string]any{"rel": "alternate", "href": "https://example.com/x"}}
	if err := schema.Validate(broken); err == nil {
		t.Error("a publication without an acquisition link passed the schema")
	}
	delete(broken, "links")
	if err := schema.Validate(broken); err == nil {
		t.Error("a feed without links passed the schema")
	}
}
