package desk

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/kirjasto/kirjasto/internal/library"
	"github.com/kirjasto/kirjasto/internal/web/webtest"
)

// withRanges gives Espoo and Helsinki card ranges, as an administrator
// would.
func withRanges(t *testing.T, e *webtest.CircEnv) {
	t.Helper()
	admin := library.Staff{ID: e.Staff.ID, Role: library.RoleAdmin}
	for _, r := range []library.CardRange{
		{Library: "espoo", Prefix: "2701", Length: 14, Next: 1, Last: 999_999_999, CheckDigit: true},
		{Library: "helsinki", Prefix: "2702", Length: 14, Next: 1, Last: 99_999_999},
	} {
		if err := e.DB.SetCardRange(context.Background(), admin, r); err != nil {
			t.Fatal(err)
		}
	}
}

// adultForm is a valid registration of an adult in Espoo.
func adultForm(family, given string) url.Values {
	return url.Values{"family": {family}, "given": {given}, "birth": {"1986-03-14"}, "street": {"Kauppakatu 1"},
		"postal": {"02100"}, "city": {"Espoo"}, "email": {"x@example.fi"}, "phone": {"040 123 4567"},
		"lang": {"fi"}, "library": {"espoo"}, "pin": {library.PINLetter}}
}

func countPatrons(t *testing.T, e *webtest.CircEnv, q string) int {
	t.Helper()
	ms, err := e.DB.FindPatrons(context.Background(), library.PatronQuery{Text: q, Field: "name"})
	if err != nil {
		t.Fatal(err)
	}
	return len(ms)
}

// TestPatronPagesByRole walks every role against every desk patron page
// and form for a patron of Espoo: the consortium administrator, Espoo's
// library administrator and branch staff may; Helsinki's branch staff,
// a cataloguer and a statistics account may not. Card ranges are a
// library's settings (ActBranches): branch staff may not set them.
func TestPatronPagesByRole(t *testing.T) {
	webtest.ForEachCircEnv(t, func(t *testing.T, e *webtest.CircEnv) {
		withRanges(t, e)
		id := strconv.FormatInt(e.Patron.ID, 10)
		type route struct{ method, path string }
		routes := []route{
			{"GET", "/desk/patrons?q=Virtanen"}, {"GET", "/desk/patrons/new"}, {"GET", "/desk/patrons/" + id},
			{"GET", "/desk/patrons/" + id + "/edit"}, {"GET", "/desk/patrons/" + id + "/merge"},
			{"GET", "/desk/patrons/cards"}, {"POST", "/desk/patrons/" + id + "/block"},
			{"POST", "/desk/patrons/" + id + "/unblock"}, {"POST", "/desk/patrons/" + id + "/pin"},
			{"POST", "/desk/patrons/" + id + "/pin/reset"},
		}
		ok := func(m string) int {
			if m == "POST" {
				return http.StatusSeeOther
			}
			return http.StatusOK
		}
		roles := []struct {
			name, role, branch string
			want               func(r route) int
		}{
			{"admin", library.RoleAdmin, "hki-oodi", func(r route) int {
				if strings.HasSuffix(r.path, "/pin") || strings.HasSuffix(r.path, "/reset") {
					return http.StatusOK // the letter itself
				}
				return ok(r.method)
			}},
			{"libadmin", library.RoleLibraryAdmin, "esp-sello", nil},
			{"espoo", library.RoleBranchStaff, "esp-tapiola", func(r route) int {
				if r.path == "/desk/patrons/cards" {
					return http.StatusForbidden
				}
				return 0
			}},
			{"helsinki", library.RoleBranchStaff, "hki-kallio", func(r route) int {
				switch r.path {
				case "/desk/patrons?q=Virtanen", "/desk/patrons/new":
					return http.StatusOK // their own register
				}
				return http.StatusForbidden
			}},
			{"cataloguer", library.RoleCataloguer, "hki-oodi", func(route) int { return http.StatusForbidden }},
			{"statistics", library.RoleStatistics, "hki-oodi", func(route) int { return http.StatusForbidden }},
		}
		for _, ro := range roles {
			cookie := e.StaffAt(t, ro.name, ro.role, ro.branch, "en")
			for _, r := range routes {
				want := 0
				if ro.want != nil {
					want = ro.want(r)
				}
				if want == 0 {
					want = ok(r.method)
					if strings.HasSuffix(r.path, "/pin") || strings.HasSuffix(r.path, "/reset") {
						want = http.StatusOK
					}
				}
				form := url.Values{"reason": {"test"}}
				resp, body := e.Do(t, r.method, r.path, form, cookie)
				if resp.StatusCode != want {
					t.Errorf("%s: %s %s: %d, want %d\n%.300s", ro.name, r.method, r.path, resp.StatusCode, want, body)
				}
			}
		}
		// Helsinki's staff find Espoo's patron only as a count.
		cookie := e.StaffAt(t, "kallio2", library.RoleBranchStaff, "hki-kallio", "en")
		_, body := e.Do(t, "GET", "/desk/patrons?q=Virtanen", nil, cookie)
		if strings.Contains(body, "/desk/patrons/"+id) || !strings.Contains(body, "1 more account") {
			t.Errorf("Helsinki's search shows Espoo's patron:\n%s", body)
		}
	})
}

var pinRE = regexp.MustCompile(`<dd class="secret">([0-9]+)</dd>`)
var cardRE = regexp.MustCompile(`<dt>Library card number</dt><dd>([0-9A-Z]+)</dd>`)

// TestRegisterAtTheDesk registers a patron with a PIN letter: the letter
// shows the PIN once, uncached, and the patron signs in with it. The
// same person again is a possible duplicate, saved only when confirmed.
func TestRegisterAtTheDesk(t *testing.T) {
	webtest.ForEachCircEnv(t, func(t *testing.T, e *webtest.CircEnv) {
		withRanges(t, e)
		cookie := e.StaffAt(t, "sello", library.RoleBranchStaff, "esp-sello", "en")
		resp, body := e.Do(t, "POST", "/desk/patrons/new", adultForm("Mäkinen", "Äijö"), cookie)
		if resp.StatusCode != http.StatusOK || resp.Header.Get("Cache-Control") != "no-store" {
			t.Fatalf("register: %d, Cache-Control %q\n%s", resp.StatusCode, resp.Header.Get("Cache-Control"), body)
		}
		pin, card := pinRE.FindStringSubmatch(body), cardRE.FindStringSubmatch(body)
		if pin == nil || card == nil || card[1] != "27010000000016" {
			t.Fatalf("no PIN or card on the letter:\n%s", body)
		}
		if strings.Contains(resp.Header.Get("Location"), pin[1]) {
			t.Error("the PIN is in a URL")
		}
		if _, err := e.DB.Authenticate(context.Background(), card[1], pin[1], webtest.Now); err != nil {
			t.Errorf("sign in with the letter's PIN: %v", err)
		}
		res, _ := e.Do(t, "POST", "/signin", url.Values{"card": {card[1]}, "pin": {pin[1]}})
		if res.StatusCode != http.StatusSeeOther {
			t.Errorf("sign in through the page: %d", res.StatusCode)
		}
		// The patron's page never shows it again.
		p, _ := e.DB.PatronByCard(context.Background(), card[1])
		_, page := e.Do(t, "GET", "/desk/patrons/"+strconv.FormatInt(p.ID, 10), nil, cookie)
		if strings.Contains(page, pin[1]) && !strings.Contains(card[1], pin[1]) {
			t.Error("the patron's page shows the PIN")
		}

		// The same person again: a warning with the match, nothing saved.
		again := adultForm("MAKINEN", "aijo")
		resp, body = e.Do(t, "POST", "/desk/patrons/new", again, cookie)
		if resp.StatusCode != http.StatusConflict || !strings.Contains(body, "/desk/patrons/"+strconv.FormatInt(p.ID, 10)) ||
			!strings.Contains(body, `id="reg-confirm"`) {
			t.Fatalf("duplicate: %d, want 409 with the match and a box to confirm\n%s", resp.StatusCode, body)
		}
		if n := countPatrons(t, e, "makinen"); n != 1 {
			t.Fatalf("%d accounts after the warning, want 1", n)
		}
		again.Set("confirm", "1")
		again.Set("pin", library.PINNone)
		resp, _ = e.Do(t, "POST", "/desk/patrons/new", again, cookie)
		if resp.StatusCode != http.StatusSeeOther || countPatrons(t, e, "makinen") != 2 {
			t.Errorf("confirmed duplicate: %d, %d accounts", resp.StatusCode, countPatrons(t, e, "makinen"))
		}
	})
}

// TestRegisterRefusals: each bad field comes back next to that field, in
// the user's language, with a 4xx, and nothing is saved.
func TestRegisterRefusals(t *testing.T) {
	webtest.ForEachCircEnv(t, func(t *testing.T, e *webtest.CircEnv) {
		withRanges(t, e)
		cookie := e.StaffAt(t, "sello", library.RoleBranchStaff, "esp-sello", "sv")
		for _, tt := range []struct {
			name, field, value, key string
		}{
			{"card in use", "card", e.Patron.CardNumber, "error.card_in_use"},
			{"bad birth date", "birth", "1990-02-30", "error.birth_date"},
			{"child without guardian", "birth", "2018-05-01", "error.guardian_required"},
			{"unknown library", "library", "turku", "error.library_unknown"},
			{"another city's library", "library", "helsinki", "error.staff_other_library"},
			{"bad email", "email", "not an address", "error.email_format"},
			{"no name", "family", "", "error.name_required"},
		} {
			t.Run(tt.name, func(t *testing.T) {
				form := adultForm("Uusi", "Ulla")
				form.Set(tt.field, tt.value)
				resp, body := e.Do(t, "POST", "/desk/patrons/new", form, cookie)
				want := `<span id="reg-` + fieldOf(tt.key) + `-error" class="field-error">` + webtest.HTMLText(e.Msg("sv", tt.key))
				if resp.StatusCode < 400 || resp.StatusCode >= 500 || !strings.Contains(body, want) {
					t.Errorf("%d, want 4xx with %q\n%s", resp.StatusCode, want, body)
				}
				if n := countPatrons(t, e, "uusi"); n != 0 {
					t.Errorf("%d accounts saved", n)
				}
			})
		}
	})
}

// TestOldCardAtTheDesk: a card reported lost is recognised at the desk's
// lookup, not "not found", and names the account's new card.
func TestOldCardAtTheDesk(t *testing.T) {
	webtest.ForEachCircEnv(t, func(t *testing.T, e *webtest.CircEnv) {
		withRanges(t, e)
		cookie := e.StaffAt(t, "sello", library.RoleBranchStaff, "esp-sello", "en")
		id := strconv.FormatInt(e.Patron.ID, 10)
		resp, _ := e.Do(t, "POST", "/desk/patrons/"+id+"/card", url.Values{"status": {library.CardLost}}, cookie)
		if resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("replace card: %d", resp.StatusCode)
		}
		p, _ := e.DB.Patron(context.Background(), e.Patron.ID)
		_, body := e.Do(t, "GET", "/desk?card="+e.Patron.CardNumber, nil, cookie)
		want := webtest.HTMLText(e.Msg("en", "desk.patrons.old_card.lost", "Card", e.Patron.CardNumber, "Current", p.CardNumber))
		if !strings.Contains(body, want) {
			t.Errorf("desk lookup of the lost card: no %q\n%s", want, body)
		}
		_, body = e.Do(t, "GET", "/desk/patrons/"+id, nil, cookie)
		if !strings.Contains(body, e.Patron.CardNumber) || !strings.Contains(body, e.Msg("en", "desk.patron.card_status.lost")) {
			t.Error("the patron's page lists no old card")
		}
		// Without a status, nothing happens.
		resp, _ = e.Do(t, "POST", "/desk/patrons/"+id+"/card", url.Values{}, cookie)
		if resp.StatusCode != http.StatusBadRequest {
			t.Errorf("replace without a reason: %d, want 400", resp.StatusCode)
		}
	})
}

// TestMergeAtTheDesk merges a duplicate into the account kept: the loan
// moves, the dropped account closes and its card becomes an old card.
func TestMergeAtTheDesk(t *testing.T) {
	webtest.ForEachCircEnv(t, func(t *testing.T, e *webtest.CircEnv) {
		cookie := e.StaffAt(t, "sello", library.RoleBranchStaff, "esp-sello", "en")
		dup, _ := e.NewPatron(t, "1001", "Virtanen, Aino", "esp-sello")
		e.Checkout(t, dup, "T1-1", webtest.Now.AddDate(0, 0, -1))
		path := "/desk/patrons/" + strconv.FormatInt(e.Patron.ID, 10) + "/merge"
		_, body := e.Do(t, "GET", path+"?other=1001", nil, cookie)
		if !strings.Contains(body, `name="keep"`) || !strings.Contains(body, "1001") {
			t.Fatalf("merge page shows no choice:\n%s", body)
		}
		form := url.Values{"other": {"1001"}, "keep": {strconv.FormatInt(e.Patron.ID, 10)}}
		if resp, _ := e.Do(t, "POST", path, form, cookie); resp.StatusCode != http.StatusBadRequest {
			t.Errorf("merge unconfirmed: %d, want 400", resp.StatusCode)
		}
		form.Set("sure", "1")
		resp, _ := e.Do(t, "POST", path, form, cookie)
		if resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("merge: %d", resp.StatusCode)
		}
		loans, _ := e.DB.Loans(context.Background(), e.Patron.ID)
		if len(loans) != 1 {
			t.Errorf("kept account has %d loans, want 1", len(loans))
		}
		old, p, err := e.DB.OldCard(context.Background(), "1001")
		if err != nil || p.ID != e.Patron.ID || old.Status != library.CardMerged {
			t.Errorf("old card 1001: %+v %v", old, err)
		}
	})
}

// TestBlockNeedsReason: a block without a reason is refused at the field.
func TestBlockNeedsReason(t *testing.T) {
	webtest.ForEachCircEnv(t, func(t *testing.T, e *webtest.CircEnv) {
		cookie := e.StaffAt(t, "sello", library.RoleBranchStaff, "esp-sello", "en")
		path := "/desk/patrons/" + strconv.FormatInt(e.Patron.ID, 10)
		resp, body := e.Do(t, "POST", path+"/block", url.Values{"reason": {" "}}, cookie)
		if resp.StatusCode != http.StatusBadRequest || !strings.Contains(body, `id="reason-error"`) {
			t.Errorf("block without reason: %d", resp.StatusCode)
		}
		resp, _ = e.Do(t, "POST", path+"/block", url.Values{"reason": {"Lost 3 books"}}, cookie)
		p, _ := e.DB.Patron(context.Background(), e.Patron.ID)
		if resp.StatusCode != http.StatusSeeOther || p.BlockReason != "Lost 3 books" {
			t.Errorf("block: %d, reason %q", resp.StatusCode, p.BlockReason)
		}
	})
}

// TestEditPatronAndCardRange: the edit form comes filled in, a bad
// e-mail address is refused at its field with nothing saved, a good one
// is saved; a bad card range is refused on the ranges page.
func TestEditPatronAndCardRange(t *testing.T) {
	webtest.ForEachCircEnv(t, func(t *testing.T, e *webtest.CircEnv) {
		withRanges(t, e)
		cookie := e.StaffAt(t, "sello", library.RoleBranchStaff, "esp-sello", "en")
		out, err := e.DB.RegisterPatron(context.Background(), library.Staff{ID: e.Staff.ID, Role: library.RoleAdmin},
			library.Registration{FamilyName: "Muokattava", GivenNames: "Matti", BirthDate: library.Date{Year: 1970, Month: 6, Day: 1},
				Email: "m@example.fi", Lang: "fi", HomeLibrary: "espoo", PIN: library.PINNone}, webtest.Now)
		if err != nil {
			t.Fatal(err)
		}
		path := "/desk/patrons/" + strconv.FormatInt(out.Patron.ID, 10) + "/edit"
		_, body := e.Do(t, "GET", path, nil, cookie)
		if !strings.Contains(body, `value="Muokattava"`) || !strings.Contains(body, `value="1970-06-01"`) {
			t.Fatalf("edit form not filled in:\n%s", body)
		}
		form := url.Values{"family": {"Muokattava"}, "given": {"Matti"}, "birth": {"1970-06-01"}, "email": {"bad"},
			"lang": {"fi"}, "library": {"espoo"}}
		resp, body := e.Do(t, "POST", path, form, cookie)
		if resp.StatusCode != http.StatusBadRequest || !strings.Contains(body, `id="reg-email-error"`) {
			t.Errorf("bad e-mail: %d", resp.StatusCode)
		}
		form.Set("email", "new@example.fi")
		if resp, _ := e.Do(t, "POST", path, form, cookie); resp.StatusCode != http.StatusSeeOther {
			t.Errorf("edit: %d", resp.StatusCode)
		}
		if p, _ := e.DB.Patron(context.Background(), out.Patron.ID); p.Email != "new@example.fi" {
			t.Errorf("e-mail %q after edit", p.Email)
		}

		admin := e.StaffAt(t, "espadmin", library.RoleLibraryAdmin, "esp-sello", "en")
		bad := url.Values{"library": {"espoo"}, "prefix": {"27a"}, "length": {"14"}, "next": {"1"}, "last": {"99"}}
		resp, body = e.Do(t, "POST", "/desk/patrons/cards", bad, admin)
		if resp.StatusCode != http.StatusBadRequest || !strings.Contains(body, webtest.HTMLText(e.Msg("en", "error.card_range"))) {
			t.Errorf("bad range: %d", resp.StatusCode)
		}
		bad.Set("library", "helsinki")
		bad.Set("prefix", "2799")
		if resp, _ := e.Do(t, "POST", "/desk/patrons/cards", bad, admin); resp.StatusCode != http.StatusForbidden {
			t.Errorf("Espoo's administrator sets Helsinki's range: %d, want 403", resp.StatusCode)
		}
		bad.Set("library", "espoo")
		if resp, _ := e.Do(t, "POST", "/desk/patrons/cards", bad, admin); resp.StatusCode != http.StatusSeeOther {
			t.Errorf("good range: %d", resp.StatusCode)
		}
	})
}
