package picks_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/kirjasto/kirjasto/internal/library"
	"github.com/kirjasto/kirjasto/internal/web/webtest"
)

// TestPickOfETitle: Espoo's editor picks an e-title beside a book for
// Espoo's own highlights; residents see the e-title's availability in
// words (licences free, then the queue) with a link to its e-lending
// page, where the book shows its shelves.
func TestPickOfETitle(t *testing.T) {
	webtest.ForEachELibEnv(t, func(t *testing.T, e *webtest.ELibEnv) {
		rec := e.ETitle(t, webtest.OneCopy)
		book := e.Records["(TEST)1"]
		ed := e.StaffAt(t, "espoo-editor", library.RoleContent, "esp-sello", "en")
		path := newPick(t, e.CircEnv, ed, url.Values{"place": {"espoo"}, "title.fi": {"Espoo suosittelee: e-kirjat"}, "status": {"draft"}})
		for _, r := range []int64{rec, book} {
			f := editForm(e.CircEnv, t, path)
			f.Set("add", id(r))
			if resp, body := e.Do(t, "POST", path, f, ed); resp.StatusCode != http.StatusSeeOther {
				t.Fatalf("adding record %d: %d\n%.2000s", r, resp.StatusCode, body)
			}
		}
		if resp, _ := e.Do(t, "POST", path+"/publish", url.Values{}, ed); resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("publish: %d", resp.StatusCode)
		}
		public := "/picks/" + strings.TrimPrefix(path, "/admin/picks/")
		link := `<a href="/elib/` + id(rec) + `">` + e.Msg("en", "elib_web.record.link") + `</a>`

		_, body := e.Do(t, "GET", public, nil, "Cookie: lang=en")
		if !strings.Contains(body, e.Msg("en", "elib_web.avail.free", "Free", 1, "Total", 1)+" "+link) {
			t.Errorf("the pick's e-title says nothing of its licences:\n%s", body)
		}
		if strings.Count(body, `href="/elib/`) != 1 || strings.Contains(body, `href="/elib/`+id(book)+`"`) {
			t.Errorf("the book links an e-lending page:\n%s", body)
		}
		// Borrowed: the pick says so, as the e-title's page does.
		if _, _, err := e.DB.BorrowE(context.Background(), e.Patron.ID, rec, webtest.Now); err != nil {
			t.Fatal(err)
		}
		_, body = e.Do(t, "GET", public, nil, "Cookie: lang=fi")
		if !strings.Contains(body, e.Msg("fi", "elib_web.avail.none_first")) {
			t.Errorf("the pick's e-title after its only licence was lent:\n%s", body)
		}
		// The list of picks shows it in the pick's first records.
		if _, body = e.Do(t, "GET", "/picks", nil, "Cookie: lang=en"); !strings.Contains(body, `href="/elib/`+id(rec)+`"`) {
			t.Errorf("/picks does not link the e-title's e-lending:\n%s", body)
		}
	})
}
