package elibstaff

import (
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/kirjasto/kirjasto/internal/library"
	"github.com/kirjasto/kirjasto/internal/web/webtest"
)

const sameOrigin = "Sec-Fetch-Site: same-origin"

// licence stores a licence of the library on the record.
func licence(t *testing.T, e *webtest.ELibEnv, rec int64, lib, id string, l library.Licence) {
	t.Helper()
	l.RecordID, l.Library, l.Distributor, l.Identifier = rec, lib, "staffdist", id
	l.CheckoutURL, l.StatusURL = "https://dist.example/checkout{?id}", "https://dist.example/licence"
	if _, err := e.DB.UpsertLicences(context.Background(), e.Admin, []library.Licence{l}, webtest.Now); err != nil {
		t.Fatal(err)
	}
}

// TestCollectionScope shows the e-collection with the licences to renew
// first: the consortium administrator sees every library's, Espoo's
// administrator Espoo's and the shared collection's (read only), and
// neither cataloguers nor branch staff see it.
func TestCollectionScope(t *testing.T) {
	webtest.ForEachELibEnv(t, func(t *testing.T, e *webtest.ELibEnv) {
		shared := e.ETitle(t, webtest.OneCopy)
		rec := e.ETitle(t, webtest.OneCopy)
		licence(t, e, rec, "espoo", "espoo-few", library.Licence{Model: library.ModelODL, Concurrency: 1, Checkouts: 2, CheckoutsTotal: 40})
		licence(t, e, rec, "helsinki", "hki-soon", library.Licence{Model: library.ModelODL, Concurrency: 2,
			Expires: webtest.Now.AddDate(0, 0, 10)})

		admin := e.StaffAt(t, "cadmin", library.RoleAdmin, "hki-oodi", "en")
		resp, body := e.Do(t, http.MethodGet, "/admin/elib", nil, admin)
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("GET /admin/elib as admin: %d\n%s", resp.StatusCode, body)
		}
		renew, all, ok := strings.Cut(body, `id="all-h"`)
		if !ok {
			t.Fatalf("no list of all licences:\n%s", body)
		}
		for _, want := range []string{"espoo-few", "hki-soon", e.Msg("en", "elibstaff.why.few_checkouts", "Left", 2)} {
			if !strings.Contains(renew, want) {
				t.Errorf("the licences to renew lack %q", want)
			}
		}
		if strings.Contains(all, e.Msg("en", "elibstaff.read_only")) {
			t.Errorf("the consortium administrator sees the shared collection read only")
		}
		if !strings.Contains(all, e.Msg("en", "elibstaff.all.count", "Count", 4)) || !strings.Contains(all, `href="/elib/`+strconv.FormatInt(shared, 10)+`"`) {
			t.Errorf("all licences:\n%s", all)
		}
		// Within 5 days the Helsinki licence is not yet to renew.
		_, body = e.Do(t, http.MethodGet, "/admin/elib?within=5", nil, admin)
		if renew, _, _ := strings.Cut(body, `id="all-h"`); strings.Contains(renew, "hki-soon") {
			t.Errorf("a licence expiring in 10 days is to renew within 5")
		}

		espoo := e.StaffAt(t, "espooadmin", library.RoleLibraryAdmin, "esp-sello", "fi")
		_, body = e.Do(t, http.MethodGet, "/admin/elib", nil, espoo)
		if strings.Contains(body, "hki-soon") || !strings.Contains(body, "espoo-few") ||
			!strings.Contains(body, e.Msg("fi", "elibstaff.all.count", "Count", 3)) || !strings.Contains(body, e.Msg("fi", "elibstaff.read_only")) {
			t.Errorf("Espoo's administrator's e-collection:\n%s", body)
		}
		// The filter by model and distributor.
		_, body = e.Do(t, http.MethodGet, "/admin/elib?distributor=staffdist&model=odl", nil, espoo)
		if !strings.Contains(body, `role="status">1 `) {
			t.Errorf("filtered by distributor:\n%s", body[strings.Index(body, "role=\"status\""):])
		}
		if resp, _ := e.Do(t, http.MethodGet, "/admin/elib?model=lease", nil, espoo); resp.StatusCode != http.StatusBadRequest {
			t.Errorf("an unknown model: %d, want 400", resp.StatusCode)
		}
		if resp, _ := e.Do(t, http.MethodGet, "/admin/elib?page=9", nil, espoo); resp.StatusCode != http.StatusNotFound {
			t.Errorf("a page past the end: %d, want 404", resp.StatusCode)
		}
		for _, role := range []string{library.RoleCataloguer, library.RoleBranchStaff} {
			if resp, _ := e.Do(t, http.MethodGet, "/admin/elib", nil, e.StaffAt(t, role, role, "hki-oodi", "en")); resp.StatusCode != http.StatusForbidden {
				t.Errorf("GET /admin/elib as %s: %d, want 403", role, resp.StatusCode)
			}
		}
	})
}

// TestCollectionPaging walks the list a page at a time.
func TestCollectionPaging(t *testing.T) {
	webtest.ForEachELibEnv(t, func(t *testing.T, e *webtest.ELibEnv) {
		rec := e.ETitle(t, webtest.OneCopy)
		for i := range perPage + 1 {
			licence(t, e, rec, "espoo", fmt.Sprintf("page-%02d", i), library.Licence{Model: library.ModelSimultaneous})
		}
		admin := e.StaffAt(t, "cadmin", library.RoleAdmin, "hki-oodi", "en")
		_, body := e.Do(t, http.MethodGet, "/admin/elib?model=simultaneous", nil, admin)
		next := `href="/admin/elib?model=simultaneous&amp;page=2"`
		if !strings.Contains(body, next) || strings.Count(body, "<tr>") != perPage+1 {
			t.Fatalf("the first page: %d rows\n%s", strings.Count(body, "<tr>"), body[strings.Index(body, "pager"):])
		}
		_, body = e.Do(t, http.MethodGet, "/admin/elib?model=simultaneous&page=2", nil, admin)
		if strings.Count(body, "<tr>") != 1+1 || !strings.Contains(body, `rel="prev"`) {
			t.Fatalf("the second page:\n%s", body)
		}
	})
}

// TestRulesScopeAndValidation sets limits and budgets: a library
// administrator sets their own library's and gets 403 for another's; a
// negative budget or a word for a number is refused with the message in
// the user's language; what is saved is audited and shown with this
// month's spending.
func TestRulesScopeAndValidation(t *testing.T) {
	webtest.ForEachELibEnv(t, func(t *testing.T, e *webtest.ELibEnv) {
		ctx := context.Background()
		espoo := e.StaffAt(t, "espooadmin", library.RoleLibraryAdmin, "esp-sello", "fi")
		limits := url.Values{"library": {"espoo"}, "loans": {"3"}, "holds": {"4"}, "loan_days": {"21"}}
		budget := url.Values{"library": {"espoo"}, "monthly": {"250,50"}, "when_out": {library.BudgetWait}}
		for path, form := range map[string]url.Values{"/admin/elib/limits": limits, "/admin/elib/budget": budget} {
			other := url.Values{}
			for k, v := range form {
				other[k] = v
			}
			other.Set("library", "helsinki")
			if resp, _ := e.Do(t, http.MethodPost, path, other, espoo, sameOrigin); resp.StatusCode != http.StatusForbidden {
				t.Errorf("POST %s for Helsinki as Espoo's administrator: %d, want 403", path, resp.StatusCode)
			}
			resp, body := e.Do(t, http.MethodPost, path, form, espoo, sameOrigin)
			if resp.StatusCode != http.StatusSeeOther || !strings.HasPrefix(resp.Header.Get("Location"), "/admin/elib/rules?done=") {
				t.Fatalf("POST %s: %d %s\n%s", path, resp.StatusCode, resp.Header.Get("Location"), body)
			}
		}
		// Only the consortium's administrator sets the consortium's limits.
		consortium := url.Values{"library": {""}, "loans": {"3"}, "holds": {"4"}, "loan_days": {"21"}}
		if resp, _ := e.Do(t, http.MethodPost, "/admin/elib/limits", consortium, espoo, sameOrigin); resp.StatusCode != http.StatusForbidden {
			t.Errorf("the consortium's limits by Espoo's administrator: %d, want 403", resp.StatusCode)
		}
		if l, err := e.DB.ELimits(ctx, "espoo"); err != nil || l != (library.ELimits{Loans: 3, Holds: 4, LoanDays: 21}) {
			t.Fatalf("Espoo's limits %+v, %v", l, err)
		}
		if l, err := e.DB.ELimits(ctx, "helsinki"); err != nil || l != library.DefaultELimits {
			t.Fatalf("Helsinki's limits %+v, %v", l, err)
		}
		bs, err := e.DB.EBudgets(ctx, []string{"espoo"}, webtest.Now)
		if err != nil || len(bs) != 1 || bs[0].Monthly != 25050 || bs[0].WhenOut != library.BudgetWait {
			t.Fatalf("Espoo's budget %+v, %v", bs, err)
		}
		for _, action := range []string{library.AuditELimits, library.AuditEBudget} {
			if es, err := e.DB.Audit(ctx, library.AuditFilter{Action: action, Library: "espoo"}); err != nil || len(es) != 1 {
				t.Errorf("audit of %s: %+v, %v", action, es, err)
			}
		}

		// The page shows what is saved and what is left this month.
		_, body := e.Do(t, http.MethodGet, "/admin/elib/rules?done=budget", nil, espoo)
		left := e.Msg("fi", "elibstaff.budget.spent", "Month", "2026-11", "Spent", "0,00 €", "Left", "250,50 €")
		if !strings.Contains(body, e.Msg("fi", "elibstaff.done.budget")) || !strings.Contains(body, left) || !strings.Contains(body, `value="21"`) {
			t.Errorf("the rules page:\n%s", body)
		}
		if strings.Contains(body, `id="lib-helsinki"`) || strings.Contains(body, `id="lib-consortium"`) {
			t.Errorf("Espoo's administrator sees another's forms")
		}

		bad := []struct {
			path string
			form url.Values
			msg  string
		}{
			{"/admin/elib/budget", url.Values{"library": {"espoo"}, "monthly": {"-5"}, "when_out": {library.BudgetRefuse}}, "elibstaff.error.negative"},
			{"/admin/elib/budget", url.Values{"library": {"espoo"}, "monthly": {"paljon"}, "when_out": {library.BudgetRefuse}}, "elibstaff.error.euros"},
			{"/admin/elib/budget", url.Values{"library": {"espoo"}, "monthly": {"5"}, "when_out": {"sometimes"}}, "elibstaff.error.when_out"},
			{"/admin/elib/limits", url.Values{"library": {"espoo"}, "loans": {"viisi"}, "holds": {"1"}, "loan_days": {"14"}}, "elibstaff.error.number"},
			{"/admin/elib/limits", url.Values{"library": {"espoo"}, "loans": {"1"}, "holds": {"1"}, "loan_days": {"0"}}, "error.elib_limits_invalid"},
		}
		for _, b := range bad {
			resp, body := e.Do(t, http.MethodPost, b.path, b.form, espoo, sameOrigin)
			if resp.StatusCode != http.StatusBadRequest || !strings.Contains(body, e.Msg("fi", b.msg)) || !strings.Contains(body, `aria-invalid="true"`) && b.msg != "error.elib_limits_invalid" {
				t.Errorf("POST %s %v: %d, want 400 with %q\n%.2000s", b.path, b.form, resp.StatusCode, e.Msg("fi", b.msg), body)
			}
		}
		if bs, _ := e.DB.EBudgets(ctx, []string{"espoo"}, webtest.Now); bs[0].Monthly != 25050 {
			t.Errorf("a refused budget changed it: %+v", bs)
		}
		// A budget belongs to a member library.
		resp, _ := e.Do(t, http.MethodPost, "/admin/elib/budget", url.Values{"library": {""}, "monthly": {"5"}, "when_out": {library.BudgetRefuse}},
			e.StaffAt(t, "cadmin", library.RoleAdmin, "hki-oodi", "en"), sameOrigin)
		if resp.StatusCode != http.StatusBadRequest {
			t.Errorf("a budget for the consortium: %d, want 400", resp.StatusCode)
		}
	})
}

// TestStatsScope rolls up a day of e-lending by Espoo's patrons and reads
// it as each library's administrator, and as CSV.
func TestStatsScope(t *testing.T) {
	webtest.ForEachELibEnv(t, func(t *testing.T, e *webtest.ELibEnv) {
		ctx := context.Background()
		rec := e.ETitle(t, webtest.OneCopy)
		licence(t, e, rec, "", "sim", library.Licence{Model: library.ModelSimultaneous})
		var title string
		if r, err := e.DB.Record(ctx, rec); err == nil {
			title = r.Title
		}
		for i := range 6 {
			p, _ := e.NewPatron(t, strconv.Itoa(5000+i), fmt.Sprintf("Lukija, %d", i), "esp-sello")
			if _, _, err := e.DB.BorrowE(ctx, p.ID, rec, webtest.Now.Add(time.Duration(i)*time.Minute)); err != nil {
				t.Fatal(err)
			}
		}
		if err := e.DB.RollUpStats(ctx, library.DateOf(webtest.Now)); err != nil {
			t.Fatal(err)
		}
		espoo := e.StaffAt(t, "espooadmin", library.RoleLibraryAdmin, "esp-sello", "en")
		resp, body := e.Do(t, http.MethodGet, "/admin/elib/stats?month=2026-11", nil, espoo)
		row := fmt.Sprintf(`>%s</a></th><td>6</td><td>0</td><td>6</td>`, title)
		if resp.StatusCode != http.StatusOK || !strings.Contains(body, row) {
			t.Fatalf("Espoo's e-statistics: %d, want a row %s\n%s", resp.StatusCode, row, body)
		}
		if strings.Contains(body, `id="library"`) {
			t.Errorf("a library administrator chooses the library")
		}
		helsinki := e.StaffAt(t, "hkiadmin", library.RoleLibraryAdmin, "hki-oodi", "en")
		if _, body := e.Do(t, http.MethodGet, "/admin/elib/stats?month=2026-11", nil, helsinki); strings.Contains(body, row) ||
			!strings.Contains(body, e.Msg("en", "elibstaff.stats.none")) {
			t.Errorf("Helsinki's administrator sees Espoo's e-statistics:\n%s", body)
		}
		for _, path := range []string{"/admin/elib/stats?library=espoo", "/admin/elib/stats.csv?library=espoo&month=2026-11"} {
			if resp, _ := e.Do(t, http.MethodGet, path, nil, helsinki); resp.StatusCode != http.StatusForbidden {
				t.Errorf("GET %s as Helsinki's administrator: %d, want 403", path, resp.StatusCode)
			}
		}
		if resp, _ := e.Do(t, http.MethodGet, "/admin/elib/stats?month=marraskuu", nil, espoo); resp.StatusCode != http.StatusBadRequest {
			t.Errorf("a month that is none: %d, want 400", resp.StatusCode)
		}
		// The consortium's statistics account chooses, and sees all.
		stats := e.StaffAt(t, "stats", library.RoleStatistics, "", "en")
		if _, body := e.Do(t, http.MethodGet, "/admin/elib/stats?month=2026-11", nil, stats); !strings.Contains(body, row) || !strings.Contains(body, `id="library"`) {
			t.Errorf("the consortium's e-statistics:\n%s", body)
		}
		resp, body = e.Do(t, http.MethodGet, "/admin/elib/stats.csv?month=2026-11", nil, espoo)
		wantCSV := "\uFEFFTitle,Record,Loans,Holds,Borrowers,Cost spent\r\n" + csvField(title) + "," + strconv.FormatInt(rec, 10) + ",6,0,6,0.00\r\n"
		if resp.StatusCode != http.StatusOK || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/csv") || body != wantCSV {
			t.Errorf("the CSV: %d %s\n%q\nwant\n%q", resp.StatusCode, resp.Header.Get("Content-Type"), body, wantCSV)
		}
	})
}

// csvField is s as one field of a CSV line.
func csvField(s string) string {
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	w.Write([]string{s})
	w.Flush()
	return strings.TrimSuffix(b.String(), "\n")
}

// TestEveryLanguage shows each page, and a refused form, in every
// language without a raw message id.
func TestEveryLanguage(t *testing.T) {
	webtest.ForEachELibEnv(t, func(t *testing.T, e *webtest.ELibEnv) {
		rec := e.ETitle(t, webtest.OneCopy)
		licence(t, e, rec, "espoo", "few", library.Licence{Model: library.ModelCostPerCirculation, Price: 150,
			Expires: webtest.Now.AddDate(0, 0, 3), LoanLength: 14 * 24 * time.Hour})
		if _, _, err := e.DB.BorrowE(context.Background(), e.Patron.ID, rec, webtest.Now); err != nil {
			t.Fatal(err)
		}
		if err := e.DB.RollUpStats(context.Background(), library.DateOf(webtest.Now)); err != nil {
			t.Fatal(err)
		}
		for _, lang := range e.Bundle.Languages() {
			admin := e.StaffAt(t, "admin-"+lang, library.RoleAdmin, "hki-oodi", lang)
			pages := map[string]*http.Response{}
			bodies := map[string]string{}
			for _, path := range []string{"/admin", "/admin/elib", "/admin/elib/rules", "/admin/elib/stats"} {
				pages[path], bodies[path] = e.Do(t, http.MethodGet, path, nil, admin)
			}
			refused := url.Values{"library": {"espoo"}, "monthly": {"-1"}, "when_out": {"x"}}
			pages["refused"], bodies["refused"] = e.Do(t, http.MethodPost, "/admin/elib/budget", refused, admin, sameOrigin)
			for path, resp := range pages {
				body := bodies[path]
				if want := http.StatusOK; path == "refused" && resp.StatusCode != http.StatusBadRequest || path != "refused" && resp.StatusCode != want {
					t.Errorf("%s %s: %d", lang, path, resp.StatusCode)
				}
				if !strings.Contains(body, `<html lang="`+lang+`"`) {
					t.Errorf("%s %s: not in %s", lang, path, lang)
				}
				for _, id := range webtest.RawIDs(e.Bundle, lang, body) {
					t.Errorf("%s %s: raw message id %q", lang, path, id)
				}
			}
			for _, link := range []string{`href="/admin/elib"`, `href="/admin/elib/rules"`, `href="/admin/elib/stats"`} {
				if !strings.Contains(bodies["/admin"], link) {
					t.Errorf("%s: the administration's index lacks %s", lang, link)
				}
			}
		}
	})
}
