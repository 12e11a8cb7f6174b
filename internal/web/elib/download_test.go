package elib

import (
	"bytes"
	"context"
	"net/http"
	"strconv"
	"strings"
	"testing"

	"github.com/kirjasto/kirjasto/internal/epub"
	"github.com/kirjasto/kirjasto/internal/library"
	"github.com/kirjasto/kirjasto/internal/web/webtest"
)

// TestOpenDownload: an open-access title whose book Kirjasto keeps
// offers Download on its page, and the download is the book with its
// name; a title without a file, or a record that is not an e-title, is
// a 404 in the resident's language.
func TestOpenDownload(t *testing.T) {
	webtest.ForEachELibEnv(t, func(t *testing.T, e *webtest.ELibEnv) {
		ctx := context.Background()
		res, err := e.DB.UpsertRecords(ctx, []library.RecordWithItems{
			{Record: library.Record{SourceID: "open-1", Title: "Meren laulu", Language: "fi", Material: library.EBook}},
			{Record: library.Record{SourceID: "open-2", Title: "Ilman tiedostoa", Language: "fi", Material: library.EBook}},
			{Record: library.Record{SourceID: "print-1", Title: "Painettu", Language: "fi", Material: library.Book}}})
		if err != nil {
			t.Fatal(err)
		}
		with, without, print := res[0].ID, res[1].ID, res[2].ID
		var ls []library.Licence
		for _, id := range []int64{with, without} {
			ls = append(ls, library.Licence{RecordID: id, Distributor: library.EFileDistributor,
				Identifier: "open:" + strconv.FormatInt(id, 10), Model: library.ModelOpenAccess,
				CheckoutURL: "/elib/" + strconv.FormatInt(id, 10) + "/download", Formats: []string{epub.MediaType}})
		}
		if _, err := e.DB.UpsertLicences(ctx, e.Admin, ls, webtest.Now); err != nil {
			t.Fatal(err)
		}
		book, err := epub.Book{Identifier: "urn:uuid:00000000-0000-4000-8000-000000000001", Title: "Meren laulu", Language: "fi",
			Chapters: []epub.Chapter{{Title: "Ensimmäinen luku", Paragraphs: []string{"Meri oli tyyni."}}}}.Bytes()
		if err != nil {
			t.Fatal(err)
		}
		if err := e.DB.PutEFile(ctx, e.Admin, library.EFile{RecordID: with, Name: "meren-laulu.epub", MediaType: epub.MediaType, Bytes: book}, webtest.Now); err != nil {
			t.Fatal(err)
		}

		id := strconv.FormatInt(with, 10)
		_, body := e.Do(t, http.MethodGet, "/elib/"+id, nil, "Cookie: lang=fi")
		if !strings.Contains(body, `href="/elib/`+id+`/download"`) || !strings.Contains(body, e.Msg("fi", "epub.download")) ||
			strings.Contains(body, "/borrow") {
			t.Fatalf("the open title's page offers no download:\n%s", body)
		}
		resp, got := e.DoRaw(t, http.MethodGet, "/elib/"+id+"/download", nil)
		if resp.StatusCode != http.StatusOK || resp.Header.Get("Content-Type") != epub.MediaType ||
			resp.Header.Get("Content-Disposition") != `attachment; filename=meren-laulu.epub` || !bytes.Equal([]byte(got), book) {
			t.Fatalf("download: %d %q %q, %d bytes of %d", resp.StatusCode, resp.Header.Get("Content-Type"),
				resp.Header.Get("Content-Disposition"), len(got), len(book))
		}

		for _, path := range []string{"/elib/" + strconv.FormatInt(without, 10) + "/download", "/elib/" + strconv.FormatInt(print, 10) + "/download"} {
			resp, body := e.Do(t, http.MethodGet, path, nil, e.AsPatron("sv"))
			if resp.StatusCode != http.StatusNotFound {
				t.Errorf("GET %s: %d, want 404", path, resp.StatusCode)
			}
			if path == "/elib/"+strconv.FormatInt(without, 10)+"/download" && !strings.Contains(body, e.Msg("sv", "error.elib_file_not_found")) {
				t.Errorf("GET %s: no message in Swedish:\n%s", path, body)
			}
		}
	})
}
