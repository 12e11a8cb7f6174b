package site

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/kirjasto/kirjasto/internal/web/webtest"
)

// TestLibraryAPIGolden pins the JSON of a branch, which clients depend on.
// Run with -update to accept a change.
func TestLibraryAPIGolden(t *testing.T) {
	webtest.ForEachEnv(t, func(t *testing.T, e *webtest.Env) {
		for _, p := range []string{"/api/v1/libraries/esp-sello?lang=en", "/api/v1/libraries?lang=fi"} {
			resp, body := e.Get(t, p)
			if resp.StatusCode != 200 {
				t.Fatalf("%s: status %d", p, resp.StatusCode)
			}
			name := strings.NewReplacer("/api/v1/", "", "/", "-", "?lang=", ".").Replace(p) + ".json"
			golden := filepath.Join("testdata", name)
			if *update {
				if err := os.WriteFile(golden, []byte(body), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run with -update to create it)", err)
			}
			if diff := cmp.Diff(string(want), body); diff != "" {
				t.Errorf("%s (-%s +got):\n%s", p, golden, diff)
			}
		}
	})
}

var update = flag.Bool("update", false, "rewrite the golden files in testdata")
