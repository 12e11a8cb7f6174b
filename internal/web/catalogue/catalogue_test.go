package catalogue

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/kirjasto/kirjasto/internal/library"
	"github.com/kirjasto/kirjasto/internal/web/webtest"
)

// recordID returns the id of the test record with source.
func testRecord(t *testing.T, e *webtest.CircEnv, source string) int64 {
	t.Helper()
	id, err := strconv.ParseInt(strings.TrimPrefix(e.RecordPath(source), "/records/"), 10, 64)
	if err != nil {
		t.Fatal(err)
	}
	return id
}

// TestCatalogueRoles walks every role against every cataloguing page: a
// record is the consortium's, so every role that catalogues edits it; a
// copy is its library's, so a cataloguer of Espoo may not edit Helsinki's.
func TestCatalogueRoles(t *testing.T) {
	webtest.ForEachCircEnv(t, func(t *testing.T, e *webtest.CircEnv) {
		rec := recordPath(testRecord(t, e, "(TEST)1"))
		pages := []string{"/catalogue", "/catalogue?find=Tuntematon", "/catalogue/new", "/catalogue/new/marc", rec, rec + "/marc",
			rec + "/items", "/catalogue/items/T1-1", "/catalogue/batch", "/catalogue/merge",
			"/catalogue/merge?keep=" + strings.TrimPrefix(rec, "/catalogue/records/"), rec + "/delete"}
		roles := []struct {
			name, role, branch string
			want               int // for every page but Helsinki's copy
			copy               int // for /catalogue/items/T1-1 (Oodi's copy)
		}{
			{"admin", library.RoleAdmin, "", http.StatusOK, http.StatusOK},
			{"libadmin", library.RoleLibraryAdmin, "hki-oodi", http.StatusOK, http.StatusOK},
			{"desk", library.RoleBranchStaff, "hki-oodi", http.StatusForbidden, http.StatusForbidden},
			{"cat-hki", library.RoleCataloguer, "hki-kallio", http.StatusOK, http.StatusOK},
			{"cat-esp", library.RoleCataloguer, "esp-sello", http.StatusOK, http.StatusForbidden},
			{"stats", library.RoleStatistics, "hki-oodi", http.StatusForbidden, http.StatusForbidden},
		}
		for _, ro := range roles {
			cookie := e.StaffAt(t, ro.name, ro.role, ro.branch, "en")
			for _, p := range pages {
				want := ro.want
				if p == "/catalogue/items/T1-1" {
					want = ro.copy
				}
				if resp, body := e.Do(t, "GET", p, nil, cookie); resp.StatusCode != want {
					t.Errorf("%s GET %s: %d, want %d\n%.400s", ro.name, p, resp.StatusCode, want, body)
				}
			}
			// Saving Oodi's copy is refused as showing it is.
			form := url.Values{"barcode": {"T1-1"}, "branch": {"hki-oodi"}, "status": {"available"}, "shelf": {"Uusi hylly"}}
			resp, _ := e.Do(t, "POST", "/catalogue/items/T1-1", form, cookie)
			if want := ro.copy; want == http.StatusOK && resp.StatusCode != http.StatusSeeOther || want != http.StatusOK && resp.StatusCode != want {
				t.Errorf("%s POST /catalogue/items/T1-1: %d", ro.name, resp.StatusCode)
			}
		}
		if resp, _ := e.Do(t, "GET", "/catalogue", nil); resp.StatusCode != http.StatusSeeOther {
			t.Errorf("GET /catalogue signed out: %d, want a redirect to sign in", resp.StatusCode)
		}
	})
}

// TestRecordFormProblems: a wrong ISBN is shown beside its row in the
// user's language with 422, what was typed is kept, and nothing is saved.
func TestRecordFormProblems(t *testing.T) {
	webtest.ForEachCircEnv(t, func(t *testing.T, e *webtest.CircEnv) {
		ctx := context.Background()
		cookie := e.StaffAt(t, "kuvailija", library.RoleCataloguer, "hki-oodi", "fi")
		before, _ := e.DB.CountRecords(ctx)
		form := url.Values{"title": {"Uusi kirja"}, "material": {"book"}, "language": {"fin"},
			"author_name_0": {"Kirjoittaja, Kaisa"}, "author_role_0": {"author"},
			"isbn_0": {"9789510396353"}, "isbn_1": {"978-951-0-12345-0"}, "year": {"2024"}}
		resp, body := e.Do(t, "POST", "/catalogue/new", form, cookie)
		if resp.StatusCode != http.StatusUnprocessableEntity {
			t.Fatalf("POST with a bad ISBN: %d", resp.StatusCode)
		}
		msg := webtest.HTMLText(e.Msg("fi", "catalogue.problem.isbn_invalid"))
		if !strings.Contains(body, `<span id="f-isbn-1-error" class="field-error">`+msg) {
			t.Errorf("no message beside the second ISBN:\n%s", body)
		}
		if !strings.Contains(body, `name="isbn_1" type="text" value="978-951-0-12345-0" aria-invalid="true" aria-describedby="f-isbn-1-error"`) {
			t.Error("the ISBN typed is not kept and marked")
		}
		if !strings.Contains(body, `value="Kirjoittaja, Kaisa"`) || strings.Contains(body, `name="isbn_0" type="text" value="9789510396353" aria-invalid`) {
			t.Error("the rest of the input is not kept as it was")
		}
		if after, _ := e.DB.CountRecords(ctx); after != before {
			t.Errorf("records %d → %d: something was saved", before, after)
		}
		// A year that is no number is marked too.
		form.Set("isbn_1", "")
		form.Set("year", "19x5")
		form.Set("isbn_0", "123")
		resp, body = e.Do(t, "POST", "/catalogue/new", form, cookie)
		if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, `value="19x5" aria-describedby="f-year-error" aria-invalid="true"`) ||
			!strings.Contains(body, `<span id="f-isbn-0-error" class="field-error">`+msg) {
			t.Errorf("a bad year: %d", resp.StatusCode)
		}
		// Corrected, the record is created and its form shown.
		form.Set("year", "2024")
		form.Set("isbn_0", "9789510396353")
		loc, body := e.PostThenGet(t, "/catalogue/new", form, cookie)
		if !strings.HasPrefix(loc, "/catalogue/records/") || !strings.Contains(body, webtest.HTMLText(e.Msg("fi", "cataloguing.saved"))) {
			t.Errorf("created: %s", loc)
		}
	})
}

// TestRecordStaleVersion: a save over someone else's is refused with 409,
// the message and what was typed; the other's save stands.
func TestRecordStaleVersion(t *testing.T) {
	webtest.ForEachCircEnv(t, func(t *testing.T, e *webtest.CircEnv) {
		ctx := context.Background()
		id := testRecord(t, e, "(TEST)3")
		cookie := e.StaffAt(t, "kuvailija", library.RoleCataloguer, "", "sv")
		cr, err := e.DB.CatalogueRecord(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		post := func(title string) (*http.Response, string) {
			return e.Do(t, "POST", recordPath(id), url.Values{"version": {strconv.FormatInt(cr.Version, 10)},
				"title": {title}, "material": {string(cr.Form.Material)}, "language": {cr.Form.Language},
				"author_name_0": {"Kivi, Aleksis"}, "author_role_0": {"author"}}, cookie)
		}
		if resp, _ := post("Seitsemän veljestä: ensimmäinen"); resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("first save: %d", resp.StatusCode)
		}
		resp, body := post("Seitsemän veljestä: toinen")
		if resp.StatusCode != http.StatusConflict || !strings.Contains(body, webtest.HTMLText(e.Msg("sv", "error.catalogue_record_changed"))) ||
			!strings.Contains(body, `value="Seitsemän veljestä: toinen"`) {
			t.Errorf("stale save: %d\n%.2000s", resp.StatusCode, body)
		}
		if rec, _ := e.DB.Record(ctx, id); rec.Title != "Seitsemän veljestä: ensimmäinen" {
			t.Errorf("title %q after the stale save", rec.Title)
		}
	})
}

// marcForm is the MARC editor's form of a record as read.
func marcForm(cr library.CatalogueRecord) url.Values {
	v := url.Values{"version": {strconv.FormatInt(cr.Version, 10)}, "leader": {cr.Leader}}
	for i, f := range cr.Fields {
		n := strconv.Itoa(i)
		v.Set("tag_"+n, f.Tag)
		v.Set("ind1_"+n, f.Ind1)
		v.Set("ind2_"+n, f.Ind2)
		v.Set("text_"+n, fieldText(f))
	}
	return v
}

// TestMARCEditor: the fields read back unchanged save; an invalid tag is
// marked on its row in the user's language and nothing is saved; a new
// field and a deleted one are saved.
func TestMARCEditor(t *testing.T) {
	webtest.ForEachCircEnv(t, func(t *testing.T, e *webtest.CircEnv) {
		ctx := context.Background()
		id := testRecord(t, e, "(TEST)1")
		cookie := e.StaffAt(t, "kuvailija", library.RoleCataloguer, "", "sv")
		cr, err := e.DB.CatalogueRecord(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		form := marcForm(cr)
		n := strconv.Itoa(len(cr.Fields))
		form.Set("tag_"+n, "2!5")
		form.Set("text_"+n, "$a Huomautus")
		resp, body := e.Do(t, "POST", recordPath(id)+"/marc", form, cookie)
		if resp.StatusCode != http.StatusUnprocessableEntity {
			t.Fatalf("an invalid tag: %d", resp.StatusCode)
		}
		msg := webtest.HTMLText(e.Msg("sv", "catalogue.problem.tag_invalid"))
		if !strings.Contains(body, `<p id="row-`+n+`-error" class="field-error">`+msg) || !strings.Contains(body, `value="2!5"`) {
			t.Errorf("the invalid tag is not marked on its row:\n%s", body)
		}
		if now, _ := e.DB.CatalogueRecord(ctx, id); now.Version != cr.Version {
			t.Error("saved despite the invalid tag")
		}
		form.Set("tag_"+n, "500")
		for i, f := range cr.Fields {
			if f.Tag == "650" || f.Tag == "653" {
				form.Set("delete_"+strconv.Itoa(i), "1")
			}
		}
		if resp, body := e.Do(t, "POST", recordPath(id)+"/marc", form, cookie); resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("a valid edit: %d\n%s", resp.StatusCode, body)
		}
		now, _ := e.DB.CatalogueRecord(ctx, id)
		if !containsString(now.Form.Notes, "Huomautus") || len(now.Form.Subjects) != 0 {
			t.Errorf("after the edit: notes %q, subjects %q", now.Form.Notes, now.Form.Subjects)
		}
		// A new record from the editor.
		form = url.Values{"leader": {defaultLeader}, "tag_0": {"245"}, "ind1_0": {"0"}, "ind2_0": {"0"}, "text_0": {"$a Marc-kirja $b alaotsikko"}}
		loc, _ := e.PostThenGet(t, "/catalogue/new/marc", form, cookie)
		if !strings.HasSuffix(loc, "/marc?saved=1") {
			t.Errorf("new record from MARC: %s", loc)
		}
	})
}

func containsString(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

func TestParseSubfields(t *testing.T) {
	v, subs := parseSubfields("$a Title :$b sub $$5 $c")
	if v != "" || len(subs) != 3 || subs[0] != (library.MARCSubfield{Code: "a", Value: "Title :"}) ||
		subs[1] != (library.MARCSubfield{Code: "b", Value: "sub $5"}) || subs[2] != (library.MARCSubfield{Code: "c"}) {
		t.Errorf("%q %+v", v, subs)
	}
	if v, _ := parseSubfields("text $a x"); v != "text" {
		t.Errorf("value %q", v)
	}
}

// TestItems: adding a copy with a barcode in use, and deleting a copy on
// loan, are refused in the user's language with nothing changed; a copy
// is added, edited and withdrawn.
func TestItems(t *testing.T) {
	webtest.ForEachCircEnv(t, func(t *testing.T, e *webtest.CircEnv) {
		ctx := context.Background()
		id := testRecord(t, e, "(TEST)1")
		cookie := e.StaffAt(t, "yllapitaja", library.RoleAdmin, "", "ru")
		before, _ := e.DB.Items(ctx, id)
		add := url.Values{"barcode": {"T1-2"}, "branch": {"hki-oodi"}, "status": {"available"}, "price": {"24,90"}}
		resp, body := e.Do(t, "POST", recordPath(id)+"/items", add, cookie)
		if resp.StatusCode != http.StatusConflict || !strings.Contains(body, `<span id="f-barcode-error" class="field-error">`+webtest.HTMLText(e.Msg("ru", "error.catalogue_barcode_in_use"))) {
			t.Errorf("a barcode in use: %d\n%s", resp.StatusCode, body)
		}
		if after, _ := e.DB.Items(ctx, id); len(after) != len(before) {
			t.Error("a copy was added with a barcode in use")
		}
		add.Set("barcode", "T1-9")
		if loc, body := e.PostThenGet(t, recordPath(id)+"/items", add, cookie); !strings.Contains(body, "T1-9") || !strings.Contains(loc, "added=T1-9") {
			t.Errorf("added: %s", loc)
		}
		if it, err := e.DB.Item(ctx, "T1-9"); err != nil || it.Price != 2490 || it.HomeBranch != "hki-oodi" {
			t.Errorf("the copy added: %+v, %v", it, err)
		}
		// The copy on loan cannot be deleted or withdrawn; the reason is named.
		for _, act := range []string{"delete", "withdraw"} {
			resp, body := e.Do(t, "POST", "/catalogue/items/T1-3/"+act, nil, cookie)
			if resp.StatusCode != http.StatusConflict || !strings.Contains(body, webtest.HTMLText(e.Msg("ru", "error.catalogue_item_on_loan"))) {
				t.Errorf("%s a copy on loan: %d\n%s", act, resp.StatusCode, body)
			}
		}
		if it, err := e.DB.Item(ctx, "T1-3"); err != nil || it.Status != library.OnLoan {
			t.Errorf("the copy on loan: %+v, %v", it, err)
		}
		// Edit, then withdraw, then delete the new copy.
		it, _ := e.DB.Item(ctx, "T1-9")
		edit := url.Values{"barcode": {"T1-9"}, "branch": {"hki-kallio"}, "status": {"damaged"}, "call_number": {"84.2 LIN"},
			"updated": {it.Updated.Format(time.RFC3339Nano)}}
		if resp, body := e.Do(t, "POST", "/catalogue/items/T1-9", edit, cookie); resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("edit: %d\n%s", resp.StatusCode, body)
		}
		if it, _ := e.DB.Item(ctx, "T1-9"); it.Status != library.Damaged || it.HomeBranch != "hki-kallio" || it.Branch != "hki-kallio" {
			t.Errorf("after the edit: %+v", it)
		}
		// A stale edit of a copy is refused.
		if resp, _ := e.Do(t, "POST", "/catalogue/items/T1-9", edit, cookie); resp.StatusCode != http.StatusConflict {
			t.Errorf("stale edit of a copy: %d", resp.StatusCode)
		}
		if resp, _ := e.Do(t, "POST", "/catalogue/items/T1-9/withdraw", nil, cookie); resp.StatusCode != http.StatusSeeOther {
			t.Errorf("withdraw: %d", resp.StatusCode)
		}
		if resp, _ := e.Do(t, "POST", "/catalogue/items/T1-9/delete", nil, cookie); resp.StatusCode != http.StatusSeeOther {
			t.Errorf("delete: %d", resp.StatusCode)
		}
		if _, err := e.DB.Item(ctx, "T1-9"); library.ErrorCode(err) != library.ENOTFOUND {
			t.Errorf("deleted copy: %v", err)
		}
	})
}

// TestBatch: a preview shows each barcode's outcome and changes nothing;
// applying changes the copies and shows the counts; a copy of another
// library is refused to a cataloguer without reaching the store.
func TestBatch(t *testing.T) {
	webtest.ForEachCircEnv(t, func(t *testing.T, e *webtest.CircEnv) {
		ctx := context.Background()
		cookie := e.StaffAt(t, "kuvailija", library.RoleCataloguer, "hki-oodi", "en")
		form := url.Values{"barcodes": {"T1-1\r\nT1-4 NOPE\nT1-3\n"}, "status": {"missing"}, "action": {"preview"}}
		resp, body := e.Do(t, "POST", "/catalogue/batch", form, cookie)
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("preview: %d\n%s", resp.StatusCode, body)
		}
		for _, want := range []string{
			"<td>T1-1</td><td>" + e.Msg("en", "catalogue.batch.changed"),
			"<td>T1-4</td><td>" + e.Msg("en", "catalogue.batch.changed"),
			"<td>NOPE</td><td>" + e.Msg("en", "catalogue.batch.not_found"),
			"<td>T1-3</td><td>" + e.Msg("en", "catalogue.batch.refused") + "</td><td>" + webtest.HTMLText(e.Msg("en", "error.staff_other_library")),
		} {
			if !strings.Contains(body, want) {
				t.Errorf("preview lacks %q\n%s", want, body)
			}
		}
		if it, _ := e.DB.Item(ctx, "T1-1"); it.Status != library.Available {
			t.Errorf("the preview changed T1-1: %s", it.Status)
		}
		form.Set("action", "apply")
		loc, body := e.PostThenGet(t, "/catalogue/batch", form, cookie)
		if !strings.Contains(loc, "changed=2") || !strings.Contains(body, e.Msg("en", "cataloguing.batch.applied")) {
			t.Errorf("applied: %s", loc)
		}
		for bc, want := range map[string]library.ItemStatus{"T1-1": library.Missing, "T1-4": library.Missing, "T1-3": library.OnLoan} {
			if it, _ := e.DB.Item(ctx, bc); it.Status != want {
				t.Errorf("%s: %s, want %s", bc, it.Status, want)
			}
		}
		form.Set("barcodes", " ")
		if resp, body := e.Do(t, "POST", "/catalogue/batch", form, cookie); resp.StatusCode != http.StatusBadRequest ||
			!strings.Contains(body, webtest.HTMLText(e.Msg("en", "error.catalogue_batch_empty"))) {
			t.Errorf("an empty batch: %d", resp.StatusCode)
		}
	})
}

// TestMergeAndDelete: the merge is confirmed with both titles, then moves
// the copies and shows what moved; deleting a record with copies needs
// consent, and one with a copy on loan is refused.
func TestMergeAndDelete(t *testing.T) {
	webtest.ForEachCircEnv(t, func(t *testing.T, e *webtest.CircEnv) {
		ctx := context.Background()
		keep, drop := testRecord(t, e, "(TEST)f1"), testRecord(t, e, "(TEST)f6") // both CDs
		cookie := e.StaffAt(t, "kuvailija", library.RoleCataloguer, "", "en")
		k, _ := e.DB.Record(ctx, keep)
		d, _ := e.DB.Record(ctx, drop)
		dropItems, _ := e.DB.Items(ctx, drop)
		q := "/catalogue/merge?keep=" + strconv.FormatInt(keep, 10) + "&drop=" + strconv.FormatInt(drop, 10)
		resp, body := e.Do(t, "GET", q, nil, cookie)
		if resp.StatusCode != http.StatusOK || !strings.Contains(body, k.Title) || !strings.Contains(body, d.Title) ||
			!strings.Contains(body, `action="/catalogue/merge" method="post"`) {
			t.Fatalf("confirmation: %d", resp.StatusCode)
		}
		if resp, _ := e.Do(t, "GET", "/catalogue/merge?keep=1&drop=1", nil, cookie); resp.StatusCode != http.StatusUnprocessableEntity {
			t.Errorf("merging a record into itself: %d", resp.StatusCode)
		}
		form := url.Values{"keep": {strconv.FormatInt(keep, 10)}, "drop": {strconv.FormatInt(drop, 10)}}
		// A CD and a DVD are no edition of one another.
		other := url.Values{"keep": form["keep"], "drop": {strconv.FormatInt(testRecord(t, e, "(TEST)f2"), 10)}}
		if resp, body := e.Do(t, "POST", "/catalogue/merge", other, cookie); resp.StatusCode != http.StatusBadRequest ||
			!strings.Contains(body, e.Msg("en", "error.catalogue_merge_material")) {
			t.Errorf("merging records of two materials: %d", resp.StatusCode)
		}
		loc, body := e.PostThenGet(t, "/catalogue/merge", form, cookie)
		if !strings.HasPrefix(loc, recordPath(keep)) || !strings.Contains(body, e.Msg("en", "cataloguing.merge.items", "N", len(dropItems))) {
			t.Errorf("after merging: %s\n%s", loc, body)
		}
		if _, err := e.DB.Record(ctx, drop); library.ErrorCode(err) != library.ENOTFOUND {
			t.Errorf("the dropped record: %v", err)
		}

		// Deleting: a copy on loan is refused; copies need consent.
		rec1 := testRecord(t, e, "(TEST)1")
		resp, body = e.Do(t, "POST", recordPath(rec1)+"/delete", url.Values{"with_items": {"1"}}, cookie)
		if resp.StatusCode != http.StatusConflict || !strings.Contains(body, "role=\"alert\"") {
			t.Errorf("deleting a record with a copy on loan: %d", resp.StatusCode)
		}
		rec3 := testRecord(t, e, "(TEST)f4") // its copies are on the shelf
		items, _ := e.DB.Items(ctx, rec3)
		if len(items) == 0 {
			t.Fatal("no copies to test with")
		}
		resp, body = e.Do(t, "POST", recordPath(rec3)+"/delete", nil, cookie)
		if resp.StatusCode != http.StatusConflict {
			t.Errorf("deleting a record with copies, without consent: %d\n%s", resp.StatusCode, body)
		}
		if resp, _ := e.Do(t, "POST", recordPath(rec3)+"/delete", url.Values{"with_items": {"1"}}, cookie); resp.StatusCode != http.StatusSeeOther {
			t.Errorf("deleting with consent: %d", resp.StatusCode)
		}
		if _, err := e.DB.Record(ctx, rec3); library.ErrorCode(err) != library.ENOTFOUND {
			t.Errorf("the deleted record: %v", err)
		}
	})
}

// TestSearchableAtOnce: a title saved through the form is found in the
// public search as soon as the index follows the store's change feed,
// woken by the save rather than by its hourly poll.
func TestSearchableAtOnce(t *testing.T) {
	webtest.ForEachCircEnv(t, func(t *testing.T, e *webtest.CircEnv) {
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		go e.Index.Follow(ctx, e.DB, e.DB.Changed(), time.Hour)
		id := testRecord(t, e, "(TEST)3")
		cr, _ := e.DB.CatalogueRecord(ctx, id)
		cookie := e.StaffAt(t, "kuvailija", library.RoleCataloguer, "", "fi")
		form := url.Values{"version": {strconv.FormatInt(cr.Version, 10)}, "title": {"Zyzzyvasiskot"},
			"material": {string(cr.Form.Material)}, "language": {cr.Form.Language}}
		if resp, _ := e.Do(t, "POST", recordPath(id), form, cookie); resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("save: %d", resp.StatusCode)
		}
		deadline := time.Now().Add(10 * time.Second)
		for {
			_, body := e.Do(t, "GET", "/search?q=Zyzzyvasiskot", nil)
			if strings.Contains(body, `href="/records/`+strconv.FormatInt(id, 10)) {
				break
			}
			if time.Now().After(deadline) {
				t.Fatal("the saved title is not found in the search")
			}
			time.Sleep(20 * time.Millisecond)
		}
	})
}

// TestWithdrawnNotPublic: a copy withdrawn here leaves the public record
// (its page and the API's record share the copies).
func TestWithdrawnNotPublic(t *testing.T) {
	webtest.ForEachCircEnv(t, func(t *testing.T, e *webtest.CircEnv) {
		id := testRecord(t, e, "(TEST)1")
		cookie := e.StaffAt(t, "kuvailija", library.RoleCataloguer, "hki-oodi", "en")
		if resp, _ := e.Do(t, "POST", "/catalogue/items/T1-2/withdraw", nil, cookie); resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("withdraw: %d", resp.StatusCode)
		}
		_, body := e.Do(t, "GET", "/api/v1/records/"+strconv.FormatInt(id, 10), nil)
		if !strings.Contains(body, `"T1-1"`) || strings.Contains(body, `"T1-2"`) {
			t.Errorf("the public record shows the withdrawn copy, or no copy at all:\n%s", body)
		}
	})
}

// TestPagesInEveryLanguage: every cataloguing page, and the record form
// with its problems, is worded in each language, with no message id shown
// raw.
func TestPagesInEveryLanguage(t *testing.T) {
	webtest.ForEachCircEnv(t, func(t *testing.T, e *webtest.CircEnv) {
		id := testRecord(t, e, "(TEST)1")
		rec := recordPath(id)
		pages := []string{"/catalogue?find=Tuntematon", "/catalogue/new", "/catalogue/new/marc", rec, rec + "/marc",
			rec + "/items", "/catalogue/items/T1-1", rec + "/delete", "/catalogue/batch", "/catalogue/batch?applied=1&changed=2",
			"/catalogue/merge?keep=" + strconv.FormatInt(id, 10) + "&drop=" + strconv.FormatInt(testRecord(t, e, "(TEST)3"), 10),
			rec + "?saved=1&kept=1&deleted=2&items=3"}
		for _, lang := range e.Bundle.Languages() {
			cookie := e.StaffAt(t, "admin-"+lang, library.RoleAdmin, "", lang)
			check := func(what string, resp *http.Response, body string, want int) {
				t.Helper()
				if resp.StatusCode != want {
					t.Errorf("%s [%s]: %d, want %d", what, lang, resp.StatusCode, want)
				}
				if ids := webtest.RawIDs(e.Bundle, lang, body); len(ids) > 0 {
					t.Errorf("%s [%s] shows message ids: %q", what, lang, ids)
				}
			}
			for _, p := range pages {
				resp, body := e.Do(t, "GET", p, nil, cookie)
				check(p, resp, body, http.StatusOK)
			}
			resp, body := e.Do(t, "POST", "/catalogue/new", url.Values{"title": {""}, "isbn_0": {"123"}, "year": {"x"},
				"author_name_0": {""}, "author_role_0": {"illustrator"}}, cookie)
			check("the form's problems", resp, body, http.StatusUnprocessableEntity)
			resp, body = e.Do(t, "POST", "/catalogue/new/marc", url.Values{"leader": {"short"}, "tag_0": {"2!5"}, "text_0": {"$a x"}}, cookie)
			check("the MARC editor's problems", resp, body, http.StatusUnprocessableEntity)
			resp, body = e.Do(t, "POST", "/catalogue/batch", url.Values{"barcodes": {"T1-1 T1-3 NOPE"}, "status": {"lost"}, "action": {"preview"}}, cookie)
			check("the batch preview", resp, body, http.StatusOK)
		}
	})
}

// TestFind: the entry page finds a record by its number, its ISBN and
// words of its title.
func TestFind(t *testing.T) {
	webtest.ForEachCircEnv(t, func(t *testing.T, e *webtest.CircEnv) {
		id := testRecord(t, e, "(TEST)1")
		cookie := e.StaffAt(t, "kuvailija", library.RoleCataloguer, "", "en")
		link := `<a href="` + recordPath(id) + `">Tuntematon sotilas</a>`
		for _, q := range []string{strconv.FormatInt(id, 10), "9510096335", "951-0-09633-5", "tuntematon sotilas"} {
			if _, body := e.Do(t, "GET", "/catalogue?find="+url.QueryEscape(q), nil, cookie); !strings.Contains(body, link) {
				t.Errorf("find %q: no link to the record", q)
			}
		}
		if _, body := e.Do(t, "GET", "/catalogue?find=qqqxxyz", nil, cookie); !strings.Contains(body, e.Msg("en", "cataloguing.found.none")) {
			t.Error("nothing found is not said")
		}
	})
}
