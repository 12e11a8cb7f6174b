package main

import (
	"context"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/kirjasto/kirjasto/internal/store"
	"github.com/kirjasto/kirjasto/internal/store/storetest"
	"github.com/kirjasto/kirjasto/internal/testenv"
	"github.com/kirjasto/kirjasto/internal/voikko"
)

type searchResponse struct {
	Total int `json:"total"`
	Hits  []struct {
		ID    int64  `json:"id"`
		Title string `json:"title"`
	} `json:"hits"`
	Facets []struct {
		Name   string `json:"name"`
		Values []struct {
			Value string `json:"value"`
			Count int    `json:"count"`
		} `json:"values"`
	} `json:"facets"`
}

// TestDemo runs the README's demo command on each database, looks at what
// a patron would, and restarts the server from what the first run left.
func TestDemo(t *testing.T) {
	for _, dialect := range storetest.Dialects {
		t.Run(dialect, func(t *testing.T) {
			args := dbArgs(t, dialect)
			s := start(t, append([]string{"demo", "--addr", "127.0.0.1:0", "--records", "3000", "--seed", "7"}, args...)...)

			code, body := s.get(t, "/", "Accept-Language", "sv-FI,sv;q=0.9")
			if code != http.StatusOK || !strings.Contains(body, `lang="sv"`) {
				t.Fatalf("GET / in Swedish: %d, lang=sv missing", code)
			}

			var all searchResponse
			s.getJSON(t, "/api/v1/search?q=", &all)
			if all.Total != 3000+demoETitles {
				t.Errorf("empty query total = %d, want the whole demo catalogue of 3000 and %d e-titles", all.Total, demoETitles)
			}
			for _, q := range []string{"kissat", "böcker", "libraries", "книги"} {
				var r searchResponse
				s.getJSON(t, "/api/v1/search?q="+q, &r)
				if r.Total == 0 {
					t.Errorf("search %q found nothing in the demo catalogue", q)
				}
			}
			if len(all.Hits) == 0 {
				t.Fatal("no hits to open")
			}
			// Finnish is analysed by Voikko's morphology where voikko-fi is
			// installed: an inflected form no title has finds the others.
			_, err := os.Stat(voikko.DefaultPath)
			haveVoikko := err == nil
			if !haveVoikko && testenv.Strict() {
				t.Errorf("%s is missing: install voikko-fi (KIRJASTO_TEST_STRICT=1 makes this a failure)", voikko.DefaultPath)
			}
			var inflected searchResponse
			s.getJSON(t, "/api/v1/search?q=sodassa", &inflected)
			if want := "Finnish search uses Voikko's morphology"; haveVoikko && (!strings.Contains(s.printed, want) || inflected.Total == 0) {
				t.Errorf("with voikko-fi installed, the demo printed:\n%s\nand sodassa found %d records", s.printed, inflected.Total)
			}
			id := all.Hits[0].ID
			for _, path := range []string{
				"/search?q=kissa", "/libraries", "/api/v1/libraries",
				"/records/" + itoa(id), "/api/v1/records/" + itoa(id),
				"/picks", "/picks.atom", "/api/v1/picks", "/libraries/esp-sello",
			} {
				if code, body := s.get(t, path); code != http.StatusOK {
					t.Errorf("GET %s: %d\n%.500s", path, code, body)
				}
			}
			// The e-library: an open-access book downloads from Kirjasto
			// itself, as a real EPUB; the first start catalogued it.
			var open searchResponse
			s.getJSON(t, "/api/v1/search?q=Sataman+kirjeet", &open)
			if len(open.Hits) == 0 || !strings.Contains(s.printed, "Demo e-library catalogued") {
				t.Fatalf("no open-access book found; the demo printed:\n%s", s.printed)
			}
			download := "/elib/" + itoa(open.Hits[0].ID) + "/download"
			if code, body := s.get(t, "/elib/"+itoa(open.Hits[0].ID)); code != http.StatusOK || !strings.Contains(body, `href="`+download+`"`) {
				t.Errorf("the open book's e-lending page: %d, no link to %s\n%.2000s", code, download, body)
			}
			if code, body := s.get(t, download); code != http.StatusOK || !strings.HasPrefix(body, "PK\x03\x04") ||
				!strings.Contains(body, "mimetypeapplication/epub+zip") {
				t.Errorf("GET %s: %d, not an EPUB", download, code)
			}
			// The librarians' picks are built: Sello's shows on its page.
			if _, body := s.get(t, "/libraries/esp-sello", "Accept-Language", "fi"); !strings.Contains(body, "Sello suosittelee") {
				t.Errorf("Sello's page shows no pick of Sello's")
			}
			for path, want := range map[string]int{
				"/records/999999999":       http.StatusNotFound,
				"/api/v1/records/nothing":  http.StatusNotFound,
				"/search?q=%ff%fe":         http.StatusBadRequest,
				"/search?q=a&page=999999":  http.StatusBadRequest,
				"/search?q=kissa&page=900": http.StatusNotFound,
			} {
				if code, _ := s.get(t, path); code != want {
					t.Errorf("GET %s: %d, want %d", path, code, want)
				}
			}
			s.stop(t)

			// A second start serves the same catalogue without building it again.
			if dialect == "sqlite" {
				if _, err := os.Stat(filepath.Join(args[1], "search.idx")); err != nil {
					t.Errorf("no persisted search index after shutdown: %v", err)
				}
			}
			s2 := start(t, append([]string{"serve", "--addr", "127.0.0.1:0"}, args...)...)
			var again searchResponse
			s2.getJSON(t, "/api/v1/search?q=", &again)
			if again.Total != all.Total {
				t.Errorf("after restart: %d records, want %d", again.Total, all.Total)
			}
			if dialect != "sqlite" {
				return
			}

			// An index saved in another format is rebuilt.
			s2.stop(t)
			idx := filepath.Join(args[1], "search.idx")
			b, err := os.ReadFile(idx)
			if err != nil {
				t.Fatal(err)
			}
			copy(b[len("KIRJIDX\n"):], []byte{0, 0, 0, 1}) // the version, big-endian
			if err := os.WriteFile(idx, b, 0o600); err != nil {
				t.Fatal(err)
			}
			s3 := start(t, append([]string{"serve", "--addr", "127.0.0.1:0"}, args...)...)
			var rebuilt searchResponse
			s3.getJSON(t, "/api/v1/search?q=", &rebuilt)
			if rebuilt.Total != all.Total || !strings.Contains(s3.stderr.String(), "rebuilding") {
				t.Errorf("after a restart with an index of version 1: %d records, want %d rebuilt; log:\n%s", rebuilt.Total, all.Total, s3.stderr)
			}

			// Without Voikko's dictionary the server starts all the same,
			// says so once, and rebuilds the index it saved with Voikko.
			s3.stop(t)
			s4 := start(t, append([]string{"serve", "--addr", "127.0.0.1:0", "--voikko-dict", filepath.Join(t.TempDir(), "missing.vfst")}, args...)...)
			if !strings.Contains(s4.printed, "Finnish search uses the Snowball stemmer") {
				t.Errorf("serve without a dictionary printed:\n%s", s4.printed)
			}
			if n := strings.Count(s4.stderr.String(), "Finnish morphology not available"); n != 1 {
				t.Errorf("%d warnings of the missing dictionary, want 1; log:\n%s", n, s4.stderr)
			}
			var snowball searchResponse
			s4.getJSON(t, "/api/v1/search?q=sodassa", &snowball)
			if haveVoikko && !strings.Contains(s4.stderr.String(), "rebuilding") {
				t.Errorf("an index saved with Voikko's morphology was not rebuilt without it; log:\n%s", s4.stderr)
			}
			if haveVoikko && snowball.Total >= inflected.Total {
				t.Errorf("sodassa: %d hits with Snowball, %d with Voikko; want more with Voikko", snowball.Total, inflected.Total)
			}

			// The demo started again finds its e-library in the database:
			// it does not import it again, and its distributor serves it.
			s4.stop(t)
			s5 := start(t, append([]string{"demo", "--addr", "127.0.0.1:0", "--records", "3000", "--seed", "7"}, args...)...)
			var restarted searchResponse
			s5.getJSON(t, "/api/v1/search?q=", &restarted)
			if restarted.Total != all.Total || strings.Contains(s5.printed, "Demo e-library catalogued") ||
				!strings.Contains(s5.printed, "Demo e-book distributor (ODL) serves") {
				t.Errorf("the demo restarted: %d records, want %d; it printed:\n%s", restarted.Total, all.Total, s5.printed)
			}
		})
	}
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

// TestDemoInterrupted kills a demo build half-way and runs the demo again:
// it must notice and serve the whole catalogue, not the half it finds. A
// database the demo did not build is refused with words that say so.
func TestDemoInterrupted(t *testing.T) {
	for _, dialect := range storetest.Dialects {
		t.Run(dialect, func(t *testing.T) {
			args := dbArgs(t, dialect)
			const records = 8000
			demoArgs := append([]string{"demo", "--addr", "127.0.0.1:0", "--records", strconv.Itoa(records), "--seed", "5"}, args...)
			cmd := exec.Command(binary, demoArgs...)
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			dsn := filepath.Join(args[1], "kirjasto.db")
			if dialect == "postgres" {
				dsn = args[len(args)-1]
			}
			waitForRecords(t, dsn, cmd)
			cmd.Process.Kill()
			cmd.Wait()

			s := start(t, demoArgs...)
			var all searchResponse
			s.getJSON(t, "/api/v1/search?q=", &all)
			if all.Total != records+demoETitles || !strings.Contains(s.stderr.String(), "interrupted") {
				t.Errorf("after an interrupted build: %d records, want %d; log:\n%s", all.Total, records, s.stderr)
			}
			s.stop(t)

			// A catalogue imported without the demo is not the demo's to redo.
			other := dbArgs(t, dialect)
			run(t, append(append([]string{"import"}, other...), sharedMARC(t, "marc4j/summerland.mrc"))...)
			out, err := exec.Command(binary, append([]string{"demo", "--addr", "127.0.0.1:0"}, other...)...).CombinedOutput()
			if err == nil || !strings.Contains(string(out), "kirjasto demo did not build") {
				t.Errorf("demo on an imported catalogue: %v\n%s", err, out)
			}
		})
	}
}

// waitForRecords waits until the demo being built by cmd has stored some
// records but not all, and fails if the build ended first.
func waitForRecords(t *testing.T, dsn string, cmd *exec.Cmd) {
	t.Helper()
	ctx := context.Background()
	deadline := time.Now().Add(2 * time.Minute)
	for time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
		db, err := store.Open(ctx, dsn, nil)
		if err != nil {
			continue // not created yet
		}
		n, err := db.CountRecords(ctx)
		db.Close()
		if err == nil && n > 0 {
			return
		}
	}
	cmd.Process.Kill()
	t.Fatal("the demo build stored no records in 2 minutes")
}
