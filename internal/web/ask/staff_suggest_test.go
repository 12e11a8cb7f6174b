package ask

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

// TestStaffSuggestions walks the staff's purchase suggestions: Helsinki's
// staff neither see nor may decide on Espoo's; Espoo's see the group of
// two with the patrons' reasons but not their names, are told at the
// field what a decision lacks, accept (303, a notice to each patron),
// name the record the title arrived as (each patron's hold, in order),
// and mark another title owned by a record picked from the catalogue
// search.
func TestStaffSuggestions(t *testing.T) {
	webtest.ForEachCircEnv(t, func(t *testing.T, e *webtest.CircEnv) {
		ctx := context.Background()
		second, _ := e.NewPatron(t, "1001", "Toinen, Tuula", "esp-sello")
		suggest := func(p library.Patron, title, isbn, why string, at time.Duration) library.PurchaseSuggestion {
			t.Helper()
			s, err := e.DB.Suggest(ctx, library.PurchaseSuggestion{PatronID: p.ID, Title: title, ISBN: isbn, Why: why}, webtest.Now.Add(at))
			if err != nil {
				t.Fatal(err)
			}
			return s
		}
		first := suggest(e.Patron, "Uusi kirja", "9789510396148", "Lukupiirimme <b>tarvitsee</b>", 0)
		suggest(second, "Uusi kirja", "951-03-9614-1", "", time.Minute)
		veljet := suggest(second, "Seitsemän veljestä", "", "Klassikko", 2*time.Minute)
		group := "/admin/suggestions/" + strconv.FormatInt(first.ID, 10)

		hki := e.StaffAt(t, "hki", library.RoleBranchStaff, "hki-oodi", "en")
		_, page := e.Do(t, "GET", "/admin/suggestions", nil, hki)
		if strings.Contains(page, "Uusi kirja") {
			t.Error("Helsinki's staff see Espoo's suggestions")
		}
		if resp, page := e.Do(t, "GET", group, nil, hki); resp.StatusCode != http.StatusForbidden ||
			!strings.Contains(page, webtest.HTMLText(e.Msg("en", "error.staff_other_library"))) {
			t.Errorf("Helsinki's staff on Espoo's group: %d", resp.StatusCode)
		}
		if resp, _ := e.Do(t, "POST", group+"/accept", url.Values{}, hki, "Sec-Fetch-Site: same-origin"); resp.StatusCode != http.StatusForbidden {
			t.Errorf("Helsinki's staff accept Espoo's: %d", resp.StatusCode)
		}

		esp := e.StaffAt(t, "esp", library.RoleBranchStaff, "esp-sello", "en")
		post := func(path string, form url.Values) (*http.Response, string) {
			t.Helper()
			return e.Do(t, "POST", path, form, esp, "Sec-Fetch-Site: same-origin")
		}
		_, page = e.Do(t, "GET", "/admin/suggestions", nil, esp)
		has(t, "the list", page, "Uusi kirja", "Seitsemän veljestä", `href="`+group+`"`, "<td>2</td>")
		_, page = e.Do(t, "GET", group, nil, esp)
		has(t, "the group", page, "Lukupiirimme &lt;b&gt;tarvitsee&lt;/b&gt;", `action="`+group+`/accept"`, `id="reason"`)
		for _, name := range []string{"Virtanen", "Toinen", "1000", "1001"} {
			if strings.Contains(page, name) {
				t.Errorf("the group's page names the patron: %q", name)
			}
		}

		resp, page := post(group+"/decline", url.Values{"reason": {"  "}})
		if resp.StatusCode != http.StatusBadRequest {
			t.Errorf("decline without a reason: %d", resp.StatusCode)
		}
		has(t, "decline without a reason", page, `id="reason-error" class="field-error">`+webtest.HTMLText(e.Msg("en", "error.suggestion_reason")))
		resp, _ = post(group+"/accept", url.Values{})
		if loc := resp.Header.Get("Location"); resp.StatusCode != http.StatusSeeOther || loc != group+"?done=accepted&n=2" {
			t.Fatalf("accept: %d to %q", resp.StatusCode, loc)
		}
		_, page = e.Do(t, "GET", group+"?done=accepted&n=2", nil, esp)
		has(t, "accepted", page, webtest.HTMLText(e.Msg("en", "suggest_staff.done.accepted", "Count", 2)), `action="`+group+`/arrived"`)
		ns, _ := e.DB.Notices(ctx, second.ID)
		if len(ns) == 0 || ns[0].Kind != library.NoticeSuggestionAccepted {
			t.Errorf("the second patron's notices: %+v", ns)
		}
		if resp, _ := post(group+"/accept", url.Values{}); resp.StatusCode != http.StatusConflict {
			t.Errorf("accept twice: %d", resp.StatusCode)
		}

		for _, bad := range []string{"", "abc", "999999"} {
			resp, page := post(group+"/arrived", url.Values{"arrived_record": {bad}})
			if resp.StatusCode != http.StatusBadRequest || !strings.Contains(page, `id="arrived_record-error"`) {
				t.Errorf("arrived as %q: %d", bad, resp.StatusCode)
			}
		}
		rec := e.Records["(TEST)1"]
		resp, _ = post(group+"/arrived", url.Values{"arrived_record": {strconv.FormatInt(rec, 10)}})
		if resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("arrived: %d", resp.StatusCode)
		}
		var holds []int64 // placed in the order the patrons suggested it
		for _, p := range []library.Patron{e.Patron, second} {
			hs, _ := e.DB.Holds(ctx, p.ID)
			if len(hs) != 1 || hs[0].RecordID != rec {
				t.Fatalf("%s's holds: %+v", p.Name, hs)
			}
			holds = append(holds, hs[0].ID)
		}
		if holds[0] > holds[1] {
			t.Errorf("the second suggester's hold was placed first: %v", holds)
		}

		// Owned: the catalogue search on the group's page offers the record.
		vgroup := "/admin/suggestions/" + strconv.FormatInt(veljet.ID, 10)
		_, page = e.Do(t, "GET", vgroup, nil, esp)
		owned := strconv.FormatInt(e.Records["(TEST)3"], 10)
		has(t, "the search", page, `name="record" value="`+owned+`"`, `action="`+vgroup+`/owned"`)
		resp, _ = post(vgroup+"/owned", url.Values{"record": {owned}})
		if resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("owned: %d", resp.StatusCode)
		}
		if s, _ := e.DB.PurchaseSuggestion(ctx, veljet.ID); s.Status != library.SuggestionOwned || strconv.FormatInt(s.RecordID, 10) != owned {
			t.Errorf("owned: %+v", s)
		}
		_, page = e.Do(t, "GET", "/admin/suggestions?status=owned", nil, esp)
		has(t, "the owned", page, "Seitsemän veljestä")

		for _, lang := range e.Bundle.Languages() {
			c := strings.Replace(esp, "lang=en", "lang="+lang, 1)
			for _, path := range []string{"/admin/suggestions", "/admin/suggestions?status=fulfilled", group, vgroup} {
				resp, page := e.Do(t, "GET", path, nil, c)
				if resp.StatusCode != http.StatusOK {
					t.Errorf("%s in %s: %d", path, lang, resp.StatusCode)
				}
				if ids := webtest.RawIDs(e.Bundle, lang, page); len(ids) != 0 {
					t.Errorf("%s in %s shows ids %v", path, lang, ids)
				}
			}
		}
	})
}
