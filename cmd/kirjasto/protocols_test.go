package main

import (
	"context"
	"encoding/xml"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestProtocolsEndToEnd imports real MARC records with the binary, serves
// them, finds them with yaz-client over SRU and harvests them over OAI-PMH.
func TestProtocolsEndToEnd(t *testing.T) {
	yaz, err := exec.LookPath("yaz-client")
	if err != nil {
		const how = "yaz-client not found: install the Debian package yaz (apt-get install yaz) to run the SRU test"
		if os.Getenv("KIRJASTO_TEST_STRICT") == "1" {
			t.Fatal(how + " (KIRJASTO_TEST_STRICT=1 makes this a failure)")
		}
		t.Skip(how)
	}
	files := []string{sharedMARC(t, "marc4j/pride-and-prejudice-fixed.mrc"), sharedMARC(t, "marc4j/summerland.mrc")}
	base := dbArgs(t, "sqlite")
	run(t, append(append(base, "import"), files...)...)
	initConsortium(t, base)
	s := start(t, append([]string{"serve", "--addr", "127.0.0.1:0"}, base...)...)

	cmds := filepath.Join(t.TempDir(), "commands")
	script := "sru get 1.2\nopen " + s.url + "/sru\nquerytype cql\nfind dc.creator = chabon and dc.title = summerland\nshow 1\nquit\n"
	if err := os.WriteFile(cmds, []byte(script), 0o644); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	out, err := exec.CommandContext(ctx, yaz, "-f", cmds).CombinedOutput()
	if err != nil {
		t.Fatalf("yaz-client: %v\n%s", err, out)
	}
	if !strings.Contains(string(out), "Number of hits: 1") || !strings.Contains(string(out), `<subfield code="a">Summerland /</subfield>`) {
		t.Errorf("yaz-client did not find Summerland:\n%s", out)
	}

	var all searchResponse
	s.getJSON(t, "/api/v1/search?q=", &all)
	seen := map[string]bool{}
	path := "/oai?verb=ListIdentifiers&metadataPrefix=marc21"
	for pages := 0; path != ""; pages++ {
		code, body := s.get(t, path)
		var page struct {
			IDs   []string `xml:"ListIdentifiers>header>identifier"`
			Token string   `xml:"ListIdentifiers>resumptionToken"`
		}
		if err := xml.Unmarshal([]byte(body), &page); code != 200 || err != nil || pages > 100 {
			t.Fatalf("GET %s: %d %v\n%.500s", path, code, err, body)
		}
		for _, id := range page.IDs {
			if seen[id] {
				t.Errorf("%s harvested twice", id)
			}
			seen[id] = true
		}
		path = ""
		if page.Token != "" {
			path = "/oai?verb=ListIdentifiers&resumptionToken=" + page.Token
		}
	}
	if len(seen) != all.Total {
		t.Errorf("harvested %d records, the catalogue has %d", len(seen), all.Total)
	}
}
