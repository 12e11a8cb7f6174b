package admin

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/kirjasto/kirjasto/internal/library"
	"github.com/kirjasto/kirjasto/internal/web/webtest"
)

// rulesForm is the editor's form holding p, as a browser sends it, with
// amounts written with a decimal comma.
func rulesForm(p library.Policy, effective string, revision int64, action string) url.Values {
	f := url.Values{"effective": {effective}, "revision": {strconv.FormatInt(revision, 10)}, "replaces": {"0"},
		"rows": {strconv.Itoa(len(p.Rules))}, "action": {action}}
	money := func(c int64) string { return fmt.Sprintf("%d,%02d", c/100, c%100) }
	for i, r := range p.Rules {
		id := "r" + strconv.Itoa(i) + "."
		f.Set(id+"Category", r.Category)
		f.Set(id+"Material", string(r.Material))
		f.Set(id+"Library", r.Library)
		f.Set(id+"LoanDays", strconv.Itoa(r.LoanDays))
		f.Set(id+"MaxRenewals", strconv.Itoa(r.MaxRenewals))
		f.Set(id+"MaxLoans", strconv.Itoa(r.MaxLoans))
		f.Set(id+"FeePerDay", money(r.FeePerDay))
		f.Set(id+"MaxFee", money(r.MaxFee))
		f.Set(id+"ReplacementFee", money(r.ReplacementFee))
		f.Set(id+"ProcessingFee", money(r.ProcessingFee))
		if r.HoldsAllowed {
			f.Set(id+"HoldsAllowed", "1")
		}
	}
	f.Set("BlockThreshold", money(p.BlockThreshold))
	f.Set("NoShowFee", money(p.NoShowFee))
	f.Set("PickupDays", strconv.Itoa(p.PickupDays))
	f.Set("MaxHolds", strconv.Itoa(p.MaxHolds))
	f.Set("MaxLoans", strconv.Itoa(p.MaxLoans))
	if p.AutoRenew {
		f.Set("AutoRenew", "1")
	}
	return f
}

func rulesRevision(t *testing.T, e *webtest.CircEnv) int64 {
	t.Helper()
	vs, err := e.DB.PolicyVersions(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return vs.Revision
}

// dvdRow is the index of the default policy's DVD row for every category.
func dvdRow(p library.Policy) int {
	for i, r := range p.Rules {
		if r.Category == "" && r.Material == library.DVD && r.Library == "" {
			return i
		}
	}
	return -1
}

// TestRulesRoles walks every role against every route of the page.
func TestRulesRoles(t *testing.T) {
	webtest.ForEachCircEnv(t, func(t *testing.T, e *webtest.CircEnv) {
		check := rulesForm(library.DefaultPolicy(), "2026-12-01", 0, "check")
		tests := []struct {
			role string
			want map[string]int // route → status
		}{
			{library.RoleAdmin, map[string]int{"GET /admin/rules": 200, "GET /admin/rules/edit": 200, "GET /admin/rules/explain": 200,
				"POST /admin/rules/edit": 200, "POST /admin/rules/999/withdraw": 404}},
			{library.RoleLibraryAdmin, map[string]int{"GET /admin/rules": 200, "GET /admin/rules/edit": 200, "GET /admin/rules/explain": 200,
				"POST /admin/rules/edit": 200, "POST /admin/rules/999/withdraw": 404}},
		}
		for _, role := range []string{library.RoleBranchStaff, library.RoleCataloguer, library.RoleStatistics} {
			tests = append(tests, struct {
				role string
				want map[string]int
			}{role, map[string]int{"GET /admin/rules": 403, "GET /admin/rules/edit": 403, "GET /admin/rules/explain": 403,
				"POST /admin/rules/edit": 403, "POST /admin/rules/999/withdraw": 403}})
		}
		for _, tt := range tests {
			cookie := e.StaffAt(t, "staff-"+tt.role, tt.role, "hki-oodi", "en")
			for route, want := range tt.want {
				method, path, _ := strings.Cut(route, " ")
				var form url.Values
				if method == "POST" {
					form = check
					if strings.HasSuffix(path, "withdraw") {
						form = url.Values{"revision": {strconv.FormatInt(rulesRevision(t, e), 10)}}
					}
				}
				resp, body := e.Do(t, method, path, form, cookie)
				if resp.StatusCode != want {
					t.Errorf("%s %s: status %d, want %d\n%s", tt.role, route, resp.StatusCode, want, body)
				}
			}
			_, body := e.Do(t, "GET", "/admin", nil, cookie)
			if got, want := strings.Contains(body, `<a href="/admin/rules">`), tt.want["GET /admin/rules"] == 200; got != want {
				t.Errorf("%s: the index lists the rules %v, want %v", tt.role, got, want)
			}
		}
		// Nobody signed in is sent to sign in, for the big form too.
		resp, _ := e.Do(t, "POST", "/admin/rules/edit", check)
		if resp.StatusCode != http.StatusSeeOther {
			t.Errorf("POST /admin/rules/edit signed out: %d, want 303 to sign in", resp.StatusCode)
		}
	})
}

// TestRulesSaveFromAFutureDate: a version saved for a later day is listed
// as coming, with what it changes, and applies from its day only.
func TestRulesSaveFromAFutureDate(t *testing.T) {
	webtest.ForEachCircEnv(t, func(t *testing.T, e *webtest.CircEnv) {
		ctx := context.Background()
		cookie := e.StaffAt(t, "admin", library.RoleAdmin, "hki-oodi", "fi")
		p := library.DefaultPolicy()
		i := dvdRow(p)
		p.Rules[i].LoanDays, p.Rules[i].FeePerDay = 14, 150
		form := rulesForm(p, "2026-12-01", rulesRevision(t, e), "save")
		form.Set(fmt.Sprintf("r%d.FeePerDay", i), "1.5") // a point works as well as a comma
		loc, body := e.PostThenGet(t, "/admin/rules/edit", form, cookie)
		if !strings.HasPrefix(loc, "/admin/rules?saved=") {
			t.Fatalf("saved to %q", loc)
		}
		for _, want := range []string{
			e.Msg("fi", "admin_rules.saved"),
			e.Msg("fi", "admin_rules.effective_from", "Date", e.Srv.FormatDate("fi", library.Date{Year: 2026, Month: 12, Day: 1})),
			e.Msg("fi", "admin_rules.state.future"),
			e.Msg("fi", "admin_rules.change.changed", "Rule", "mikä tahansa luokka × DVD × mikä tahansa kirjasto"),
			e.Msg("fi", "admin_rules.field.loan_days") + ": 7 → 14",
			e.Msg("fi", "admin_rules.field.fee_per_day") + ": 1,00 € → 1,50 €",
		} {
			if !strings.Contains(body, webtest.HTMLText(want)) {
				t.Errorf("the versions do not show %q", want)
			}
		}
		if !strings.Contains(body, `<form action="/admin/rules/`) {
			t.Error("the coming version cannot be withdrawn")
		}
		for _, tc := range []struct {
			at        time.Time
			days      int
			feePerDay int64
		}{
			{time.Date(2026, 11, 30, 23, 59, 0, 0, library.Helsinki), 7, 100},
			{time.Date(2026, 12, 1, 0, 0, 0, 0, library.Helsinki), 14, 150},
		} {
			v, err := e.DB.PolicyAt(ctx, tc.at)
			if err != nil {
				t.Fatal(err)
			}
			r, _ := v.Policy.Rule(library.CategoryAdult, library.DVD, "espoo")
			if r.LoanDays != tc.days || r.FeePerDay != tc.feePerDay {
				t.Errorf("at %s: DVDs %d days at %d c a day, want %d at %d", tc.at, r.LoanDays, r.FeePerDay, tc.days, tc.feePerDay)
			}
		}

		// The coming version can be withdrawn, and then never applies.
		vs, err := e.DB.PolicyVersions(ctx)
		if err != nil {
			t.Fatal(err)
		}
		id := vs.Versions[len(vs.Versions)-1].ID
		loc, body = e.PostThenGet(t, fmt.Sprintf("/admin/rules/%d/withdraw", id), url.Values{"revision": {strconv.FormatInt(vs.Revision, 10)}}, cookie)
		if !strings.Contains(body, webtest.HTMLText(e.Msg("fi", "admin_rules.withdrawn_done"))) || !strings.Contains(body, e.Msg("fi", "admin_rules.state.withdrawn")) {
			t.Errorf("after withdrawing (%s) the page does not say so", loc)
		}
		v, err := e.DB.PolicyAt(ctx, time.Date(2026, 12, 2, 0, 0, 0, 0, library.Helsinki))
		if r, _ := v.Policy.Rule(library.CategoryAdult, library.DVD, "espoo"); err != nil || r.LoanDays != 7 {
			t.Errorf("after withdrawing, DVDs are lent %d days in December, want 7 (%v)", r.LoanDays, err)
		}
		// Withdrawing again is refused: it is no longer pending.
		resp, _ := e.Do(t, "POST", fmt.Sprintf("/admin/rules/%d/withdraw", id), url.Values{"revision": {strconv.FormatInt(rulesRevision(t, e), 10)}}, cookie)
		if resp.StatusCode != http.StatusConflict {
			t.Errorf("withdrawing a withdrawn version: %d, want 409", resp.StatusCode)
		}
	})
}

// fieldError matches a field's error, tied to the field: the field is
// aria-invalid and described by it.
func fieldError(t *testing.T, body, id, msg string) {
	t.Helper()
	tag := regexp.MustCompile(`<[a-z]+ id="` + regexp.QuoteMeta(id) + `"[^>]*>`).FindString(body)
	described := regexp.MustCompile(`aria-describedby="([^"]* )?` + regexp.QuoteMeta(id) + `-error"`)
	if !strings.Contains(tag, `aria-invalid="true"`) || !described.MatchString(tag) {
		t.Errorf("field %s is not marked invalid and described by its error", id)
	}
	if want := `<span id="` + id + `-error" class="field-error">` + webtest.HTMLText(msg); !strings.Contains(body, want) {
		i := strings.Index(body, `id="`+id+`-error"`)
		t.Errorf("no %q at field %s; found %.200s", want, id, body[max(i, 0):])
	}
}

// TestRulesProblemsAtTheirFields: each kind of problem, for Check and for
// Save, is shown at its field in the user's language, and nothing is
// saved.
func TestRulesProblemsAtTheirFields(t *testing.T) {
	webtest.ForEachCircEnv(t, func(t *testing.T, e *webtest.CircEnv) {
		for _, lang := range []string{"fi", "en"} {
			cookie := e.StaffAt(t, "admin-"+lang, library.RoleAdmin, "hki-oodi", lang)
			tests := []struct {
				name   string
				change func(f url.Values)
				status int
				field  string // the field's id
				msg    string
			}{
				{"negative", func(f url.Values) { f.Set("r1.MaxRenewals", "-1") }, 400, "r1-MaxRenewals", e.Msg(lang, "rules.problem.negative")},
				{"loan period", func(f url.Values) { f.Set("r0.LoanDays", "400") }, 400, "r0-LoanDays", e.Msg(lang, "rules.problem.loan_days_range", "Max", 365)},
				{"cap below a day", func(f url.Values) { f.Set("r1.MaxFee", "0,50") }, 400, "r1-MaxFee", e.Msg(lang, "rules.problem.cap_below_day")},
				{"duplicate", func(f url.Values) {
					f.Set("r2.Material", "dvd")
				}, 400, "r2-Category", e.Msg(lang, "rules.problem.duplicate", "Other", 2)},
				{"unknown category", func(f url.Values) { f.Set("r3.Category", "martian") }, 400, "r3-Category", e.Msg(lang, "rules.problem.unknown_category", "Code", "martian")},
				{"unknown material", func(f url.Values) { f.Set("r3.Material", "laserdisc") }, 400, "r3-Material", e.Msg(lang, "rules.problem.unknown_material", "Code", "laserdisc")},
				{"unknown library", func(f url.Values) { f.Set("r3.Library", "turku") }, 400, "r3-Library", e.Msg(lang, "rules.problem.unknown_library", "Code", "turku")},
				{"pickup days", func(f url.Values) { f.Set("PickupDays", "0") }, 400, "PickupDays", e.Msg(lang, "rules.problem.pickup_days_range", "Max", 60)},
				{"negative setting", func(f url.Values) { f.Set("NoShowFee", "-1") }, 400, "NoShowFee", e.Msg(lang, "rules.problem.negative")},
				{"not an amount", func(f url.Values) { f.Set("r4.ReplacementFee", "kolme") }, 400, "r4-ReplacementFee", e.Msg(lang, "admin_rules.error.money")},
				{"not a number", func(f url.Values) { f.Set("r4.LoanDays", "2.5") }, 400, "r4-LoanDays", e.Msg(lang, "admin_rules.error.number")},
				{"past date", func(f url.Values) { f.Set("effective", "2026-11-22") }, 400, "effective", e.Msg(lang, "error.rules_effective_past")},
			}
			for _, tt := range tests {
				for _, action := range []string{"check", "save"} {
					before := rulesRevision(t, e)
					f := rulesForm(library.DefaultPolicy(), "2026-12-01", before, action)
					tt.change(f)
					resp, body := e.Do(t, "POST", "/admin/rules/edit", f, cookie)
					if resp.StatusCode != tt.status {
						t.Errorf("%s %s %s: status %d, want %d", lang, tt.name, action, resp.StatusCode, tt.status)
					}
					fieldError(t, body, tt.field, tt.msg)
					if rulesRevision(t, e) != before {
						t.Errorf("%s %s %s: something was saved", lang, tt.name, action)
					}
				}
			}

			// Holes: without the rows for any material, every category's
			// books (and the rest) are lent by no rule; the list groups them
			// by category and material.
			p := library.DefaultPolicy()
			var kept []library.LoanRule
			for _, r := range p.Rules {
				if r.Material != "" {
					kept = append(kept, r)
				}
			}
			p.Rules = kept
			resp, body := e.Do(t, "POST", "/admin/rules/edit", rulesForm(p, "2026-12-01", rulesRevision(t, e), "check"), cookie)
			if resp.StatusCode != http.StatusBadRequest {
				t.Errorf("%s holes: status %d, want 400", lang, resp.StatusCode)
			}
			hole := `<li class="hole">` + webtest.HTMLText(e.Msg(lang, "admin_rules.category.child")+" × "+e.Msg(lang, "material.book")) +
				`: <ul class="inline"><li>` + webtest.HTMLText(e.Msg(lang, "admin_rules.holes.every_library")) + "</li></ul></li>"
			if !strings.Contains(body, hole) {
				t.Errorf("%s: holes not listed as %q", lang, hole)
			}
			// 3 categories × 6 materials without a row: one line each, not
			// one for each library too.
			if n := strings.Count(body, `<li class="hole">`); n != 18 {
				t.Errorf("%s: %d holes listed, want 18", lang, n)
			}

			// Removing every row leaves nothing to lend by.
			f := rulesForm(library.DefaultPolicy(), "2026-12-01", rulesRevision(t, e), "check")
			for i := range library.DefaultPolicy().Rules {
				f.Set("r"+strconv.Itoa(i)+".remove", "1")
			}
			_, body = e.Do(t, "POST", "/admin/rules/edit", f, cookie)
			if !strings.Contains(body, webtest.HTMLText(e.Msg(lang, "rules.problem.no_rules"))) {
				t.Errorf("%s: removing every row is not refused", lang)
			}

			// A good version checks clean, and a check saves nothing.
			resp, body = e.Do(t, "POST", "/admin/rules/edit", rulesForm(library.DefaultPolicy(), "2026-12-01", rulesRevision(t, e), "check"), cookie)
			if resp.StatusCode != http.StatusOK || !strings.Contains(body, webtest.HTMLText(e.Msg(lang, "admin_rules.checked"))) {
				t.Errorf("%s: a good version does not check clean: %d", lang, resp.StatusCode)
			}
		}
	})
}

// TestRulesEditorAddsAndShowsAmounts: the editor shows amounts as the
// language writes them, offers empty rows, and a row typed in one is
// saved.
func TestRulesEditorAddsAndShowsAmounts(t *testing.T) {
	webtest.ForEachCircEnv(t, func(t *testing.T, e *webtest.CircEnv) {
		for lang, fee := range map[string]string{"fi": `value="0,20"`, "en": `value="0.20"`} {
			_, body := e.Do(t, "GET", "/admin/rules/edit", nil, e.StaffAt(t, "a-"+lang, library.RoleAdmin, "hki-oodi", lang))
			if !strings.Contains(body, `id="r0-FeePerDay" name="r0.FeePerDay" type="text" inputmode="decimal" size="6" `+fee) {
				t.Errorf("%s: the fee of row 1 is not written %s", lang, fee)
			}
			n := len(library.DefaultPolicy().Rules)
			if !strings.Contains(body, fmt.Sprintf(`name="rows" value="%d"`, n+blankRows)) || !strings.Contains(body, fmt.Sprintf(`id="r%d-LoanDays"`, n+blankRows-1)) {
				t.Errorf("%s: no empty rows to add rules in", lang)
			}
		}
		cookie := e.StaffAt(t, "admin", library.RoleAdmin, "hki-oodi", "en")
		p := library.DefaultPolicy()
		f := rulesForm(p, "2026-11-23", rulesRevision(t, e), "save")
		n := len(p.Rules)
		f.Set("rows", strconv.Itoa(n+2))
		id := fmt.Sprintf("r%d.", n+1) // the second empty row; the first stays empty
		f.Set(id+"Material", "dvd")
		f.Set(id+"Library", "espoo")
		f.Set(id+"LoanDays", "10")
		f.Set(id+"FeePerDay", "€0,75")
		f.Set(id+"HoldsAllowed", "1")
		if loc, _ := e.PostThenGet(t, "/admin/rules/edit", f, cookie); !strings.HasPrefix(loc, "/admin/rules?saved=") {
			t.Fatalf("saved to %q", loc)
		}
		pol, err := e.DB.Policy(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		r, _ := pol.Rule(library.CategoryAdult, library.DVD, "espoo")
		if len(pol.Rules) != n+1 || r.LoanDays != 10 || r.FeePerDay != 75 || !r.HoldsAllowed || r.Library != "espoo" {
			t.Errorf("saved %d rows, Espoo's DVDs %+v; want %d rows, 10 days at 75 c", len(pol.Rules), r, n+1)
		}
	})
}

// TestRulesStaleRevision: a save from a page loaded before someone else's
// save is refused, says so, and keeps what the user typed.
func TestRulesStaleRevision(t *testing.T) {
	webtest.ForEachCircEnv(t, func(t *testing.T, e *webtest.CircEnv) {
		cookie := e.StaffAt(t, "admin", library.RoleAdmin, "hki-oodi", "en")
		st, err := e.DB.CreateStaff(context.Background(), library.Staff{Username: "other", Name: "other", Role: library.RoleAdmin}, "a long enough password")
		if err != nil {
			t.Fatal(err)
		}
		loaded := rulesRevision(t, e)
		if _, err := e.DB.SavePolicy(context.Background(), library.PolicyChange{Policy: library.DefaultPolicy(),
			Effective: library.Date{Year: 2026, Month: 12, Day: 24}, Revision: loaded}, st, webtest.Now); err != nil {
			t.Fatal(err)
		}
		f := rulesForm(library.DefaultPolicy(), "2026-12-01", loaded, "save")
		f.Set("r0.LoanDays", "21")
		resp, body := e.Do(t, "POST", "/admin/rules/edit", f, cookie)
		if resp.StatusCode != http.StatusConflict {
			t.Errorf("stale save: status %d, want 409", resp.StatusCode)
		}
		if !strings.Contains(body, webtest.HTMLText(e.Msg("en", "admin_rules.stale"))) {
			t.Error("the stale save does not say someone else changed the rules")
		}
		if !strings.Contains(body, `id="r0-LoanDays" name="r0.LoanDays" type="text" inputmode="numeric" size="6" value="21"`) {
			t.Error("the user's input is lost")
		}
		if vs, _ := e.DB.PolicyVersions(context.Background()); len(vs.Versions) != 1 {
			t.Errorf("%d versions, want only the other's", len(vs.Versions))
		}
	})
}

// TestRulesExplain: the form tells which row wins and why each other
// loses, in words.
func TestRulesExplain(t *testing.T) {
	webtest.ForEachCircEnv(t, func(t *testing.T, e *webtest.CircEnv) {
		for _, lang := range []string{"fi", "en"} {
			cookie := e.StaffAt(t, "admin-"+lang, library.RoleAdmin, "hki-oodi", lang)
			resp, body := e.Do(t, "GET", "/admin/rules/explain?category=child&home=helsinki&material=dvd&library=espoo&date=2026-11-30", nil, cookie)
			if resp.StatusCode != http.StatusOK {
				t.Fatalf("%s: status %d", lang, resp.StatusCode)
			}
			p := library.DefaultPolicy()
			win := -1
			for i, r := range p.Rules {
				if r.Category == library.CategoryChild && r.Material == library.DVD {
					win = i
				}
			}
			rule := e.Msg(lang, "admin_rules.category.child") + " × DVD × " + e.Msg(lang, "admin_rules.any_library")
			for _, want := range []string{
				e.Msg(lang, "admin_rules.explain.winner", "Row", win+1, "Rule", rule),
				e.Msg(lang, "rules.explain.wins"),
				e.Msg(lang, "rules.explain.less_specific", "Winner", win+1),
				e.Msg(lang, "rules.explain.not_matching") + " " + e.Msg(lang, "admin_rules.explain.mismatch.material"),
			} {
				if !strings.Contains(body, webtest.HTMLText(want)) {
					t.Errorf("%s: the answer does not say %q", lang, want)
				}
			}
			resp, body = e.Do(t, "GET", "/admin/rules/explain?category=child&material=laserdisc&date=x", nil, cookie)
			if resp.StatusCode != http.StatusBadRequest {
				t.Errorf("%s: a bad question: status %d, want 400", lang, resp.StatusCode)
			}
			fieldError(t, body, "material", e.Msg(lang, "admin_rules.error.choose"))
			fieldError(t, body, "date", e.Msg(lang, "admin_rules.error.date"))
		}
	})
}

// TestRulesLibraryAdmin: a library administrator's editor changes their
// own library's rows; other rows and the settings are read-only, and a
// change to them is refused and shown.
func TestRulesLibraryAdmin(t *testing.T) {
	webtest.ForEachCircEnv(t, func(t *testing.T, e *webtest.CircEnv) {
		cookie := e.StaffAt(t, "hki-admin", library.RoleLibraryAdmin, "hki-oodi", "en")
		_, body := e.Do(t, "GET", "/admin/rules/edit", nil, cookie)
		if strings.Contains(body, `<select id="r0-Category"`) || !strings.Contains(body, `<input type="hidden" name="r0.LoanDays" value="28">`) {
			t.Error("another library's row is editable")
		}
		if strings.Contains(body, `id="BlockThreshold"`) {
			t.Error("the consortium's settings are editable")
		}
		n := len(library.DefaultPolicy().Rules)
		if !regexp.MustCompile(fmt.Sprintf(`<select id="r%d-Library" name="r%d.Library">\s*<option value="helsinki" selected>`, n, n)).MatchString(body) {
			t.Error("a new row is not Helsinki's")
		}

		// Their own row is saved.
		p := library.DefaultPolicy()
		p.Rules = append(p.Rules, library.LoanRule{Material: library.DVD, Library: "helsinki", LoanDays: 14, MaxLoans: 20, HoldsAllowed: true})
		loc, _ := e.PostThenGet(t, "/admin/rules/edit", rulesForm(p, "2026-12-01", rulesRevision(t, e), "save"), cookie)
		if !strings.HasPrefix(loc, "/admin/rules?saved=") {
			t.Fatalf("saving Helsinki's row went to %q", loc)
		}

		// Another library's row and a consortium setting are refused.
		p.Rules[dvdRow(p)].LoanDays = 3
		p.BlockThreshold = 5000
		for _, action := range []string{"check", "save"} {
			before := rulesRevision(t, e)
			resp, body := e.Do(t, "POST", "/admin/rules/edit", rulesForm(p, "2026-12-01", before, action), cookie)
			if resp.StatusCode != http.StatusForbidden {
				t.Errorf("%s of another library's row: status %d, want 403", action, resp.StatusCode)
			}
			row := e.Msg("en", "rules.problem.other_library", "Category", e.Msg("en", "admin_rules.any_category"),
				"Material", "DVD", "Library", e.Msg("en", "admin_rules.any_library"))
			for _, want := range []string{
				e.Msg("en", "admin_rules.problem_at_row", "Row", dvdRow(p)+1, "Problem", row),
				e.Msg("en", "admin_rules.field.block_threshold") + ": " + e.Msg("en", "rules.problem.consortium_field"),
			} {
				if !strings.Contains(body, webtest.HTMLText(want)) {
					t.Errorf("%s: the refusal does not say %q", action, want)
				}
			}
			if rulesRevision(t, e) != before {
				t.Errorf("%s: something was saved", action)
			}
		}
	})
}

// TestRulesStandingAndToday: the standing rules a demo or a migration set
// are named so, without a date; a version saved for today is in force at
// once, and the standing rules become the past.
func TestRulesStandingAndToday(t *testing.T) {
	webtest.ForEachCircEnv(t, func(t *testing.T, e *webtest.CircEnv) {
		if err := e.DB.SetPolicy(context.Background(), library.DefaultPolicy()); err != nil {
			t.Fatal(err)
		}
		cookie := e.StaffAt(t, "admin", library.RoleAdmin, "hki-oodi", "en")
		_, body := e.Do(t, "GET", "/admin/rules", nil, cookie)
		if !strings.Contains(body, e.Msg("en", "admin_rules.standing")) || strings.Contains(body, "2000") {
			t.Error("the standing rules are not named so, or show their placeholder date")
		}
		p := library.DefaultPolicy()
		p.Rules[dvdRow(p)].MaxRenewals = 3
		if loc, _ := e.PostThenGet(t, "/admin/rules/edit", rulesForm(p, "2026-11-23", rulesRevision(t, e), "save"), cookie); !strings.HasPrefix(loc, "/admin/rules?saved=") {
			t.Fatalf("saved to %q", loc)
		}
		_, body = e.Do(t, "GET", "/admin/rules", nil, cookie)
		versions := body[strings.Index(body, `id="versions"`):]
		inForce, past := strings.Index(versions, e.Msg("en", "admin_rules.state.in_force")), strings.Index(versions, e.Msg("en", "admin_rules.state.past"))
		if inForce < 0 || past < inForce {
			t.Errorf("the new version is not listed first and in force, the standing rules after it as the past")
		}
		if want := e.Msg("en", "admin_rules.version_from", "Date", e.Srv.FormatDate("en", library.Date{Year: 2026, Month: 11, Day: 23}), "Name", "admin", "When", "Mon 23 Nov 2026 9:30"); !strings.Contains(body, want) {
			t.Errorf("the rules in force do not say %q", want)
		}
	})
}
