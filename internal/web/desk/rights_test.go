package desk

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/kirjasto/kirjasto/internal/library"
	"github.com/kirjasto/kirjasto/internal/web"
	"github.com/kirjasto/kirjasto/internal/web/webtest"
)

// TestStaffActForOwnCityOnly has a branch account of Espoo try to act as
// Helsinki's Oodi on every desk page and form: each is refused with 403
// and the reason in the user's language, and nothing changes. Helsinki's
// own staff, and an administrator, may.
func TestStaffActForOwnCityOnly(t *testing.T) {
	webtest.ForEachCircEnv(t, func(t *testing.T, e *webtest.CircEnv) {
		e.Checkout(t, e.Patron, "T1-1", webtest.Now.AddDate(0, 0, -3))
		espoo := e.StaffAt(t, "sello", library.RoleBranchStaff, "esp-sello", "fi")
		before := state(t, e, e.Patron)
		forms := []struct {
			path string
			form url.Values
		}{
			{"/desk/checkout", url.Values{"branch": {"hki-oodi"}, "card": {"1000"}, "barcode": {"T1-2"}}},
			{"/desk/checkin", url.Values{"branch": {"hki-oodi"}, "barcode": {"T1-1"}}},
			{"/desk/renew", url.Values{"branch": {"hki-kallio"}, "card": {"1000"}}},
		}
		want := webtest.HTMLText(e.Msg("fi", "error.staff_other_library"))
		for _, f := range forms {
			resp, body := e.Do(t, "POST", f.path, f.form, espoo)
			if resp.StatusCode != http.StatusForbidden || !strings.Contains(body, want) {
				t.Errorf("POST %s for Oodi by Espoo's staff: %d, want 403 with %q", f.path, resp.StatusCode, want)
			}
		}
		for _, path := range []string{"/desk?branch=hki-oodi&card=1000", "/desk/picklist?branch=hki-oodi",
			"/desk/holdshelf?branch=hki-kallio", "/desk/transit?branch=hki-oodi"} {
			if resp, _ := e.Do(t, "GET", path, nil, espoo); resp.StatusCode != http.StatusForbidden {
				t.Errorf("GET %s by Espoo's staff: %d, want 403", path, resp.StatusCode)
			}
		}
		if diff := cmp.Diff(before, state(t, e, e.Patron)); diff != "" {
			t.Errorf("a refused request changed circulation (-before +after):\n%s", diff)
		}

		// Their own desk offers only their own city's branches.
		resp, body := e.Do(t, "GET", "/desk", nil, espoo)
		if resp.StatusCode != http.StatusOK || !strings.Contains(body, `value="esp-sello" selected`) ||
			!strings.Contains(body, `value="esp-tapiola"`) || strings.Contains(body, `value="hki-oodi"`) {
			t.Errorf("Espoo's desk: %d; want Sello chosen, Tapiola offered, Oodi not", resp.StatusCode)
		}

		// Helsinki's own staff check out at Kallio; an administrator
		// working at Sello checks out at Oodi.
		e.DeskPost(t, "/desk/checkout", url.Values{"branch": {"hki-kallio"}, "card": {"1000"}, "barcode": {"T1-2"}}, "en")
		admin := e.StaffAt(t, "admin", library.RoleAdmin, "esp-sello", "en")
		resp, _ = e.Do(t, "POST", "/desk/checkout", url.Values{"branch": {"hki-oodi"}, "card": {"1000"}, "barcode": {"F1-0"}}, admin)
		if resp.StatusCode != http.StatusSeeOther {
			t.Errorf("an administrator's checkout at Oodi: %d, want 303", resp.StatusCode)
		}
		loans, err := e.DB.Loans(context.Background(), e.Patron.ID)
		if err != nil || len(loans) != 3 {
			t.Errorf("loans after the permitted checkouts: %+v, %v; want 3", loans, err)
		}
	})
}

// TestStaffTakeOnlyTheirLibrarysFees charges a Helsinki patron a fee for
// Oodi's copy: Espoo's staff may not mark it paid (403, still open), and
// do not get a box to tick for it; Helsinki's staff may.
func TestStaffTakeOnlyTheirLibrarysFees(t *testing.T) {
	webtest.ForEachCircEnv(t, func(t *testing.T, e *webtest.CircEnv) {
		ctx := context.Background()
		p, err := e.DB.CreatePatron(ctx, library.Patron{CardNumber: "4000", Name: "Nguyen, Linh", HomeLibrary: "helsinki"}, "")
		if err != nil {
			t.Fatal(err)
		}
		e.Checkout(t, p, "T1-1", webtest.Now.AddDate(0, 0, -60))
		if _, err := e.DB.Checkin(ctx, "T1-1", library.Actor{Branch: "hki-oodi"}, webtest.Now); err != nil {
			t.Fatal(err)
		}
		fees, err := e.DB.Fees(ctx, p.ID)
		if err != nil || len(fees) != 1 || fees[0].Library != "helsinki" {
			t.Fatalf("fees: %+v, %v; want one charged by Helsinki", fees, err)
		}
		id := strconv.FormatInt(fees[0].ID, 10)
		box := `name="fee" value="` + id + `"`

		helsinki := map[string]string{"fi": "Helsingin kaupunginkirjasto", "en": "Helsinki City Library"}
		for _, lang := range []string{"fi", "en"} {
			espoo := e.StaffAt(t, "sello-"+lang, library.RoleBranchStaff, "esp-sello", lang)
			_, body := e.Do(t, "GET", "/desk?card=4000", nil, espoo)
			if strings.Contains(body, box) || !strings.Contains(body, webtest.HTMLText(e.Msg(lang, "desk.fees.charged_by", "Library", helsinki[lang]))) {
				t.Errorf("%s: Espoo's desk offers Helsinki's fee to take, or does not say who charged it", lang)
			}
			resp, body := e.Do(t, "POST", "/desk/fees", url.Values{"branch": {"esp-sello"}, "card": {"4000"}, "fee": {id}}, espoo)
			if want := webtest.HTMLText(e.Msg(lang, "error.staff_fee_other_library")); resp.StatusCode != http.StatusForbidden || !strings.Contains(body, want) {
				t.Errorf("%s: Espoo's staff marking Helsinki's fee paid: %d, want 403 with %q", lang, resp.StatusCode, want)
			}
		}
		if fees, _ := e.DB.Fees(ctx, p.ID); len(fees) != 1 || !fees[0].PaidAt.IsZero() {
			t.Fatalf("after the refusals: %+v, want the fee still open", fees)
		}

		_, body := e.DeskPost(t, "/desk/fees", url.Values{"branch": {"hki-oodi"}, "card": {"4000"}, "fee": {id}}, "en")
		if want := e.Bundle.N("en", "desk.fees_paid", 1, nil); !strings.Contains(body, want) {
			t.Errorf("Helsinki's staff taking the fee: no %q", want)
		}
		if fees, _ := e.DB.Fees(ctx, p.ID); len(fees) != 1 || fees[0].PaidAt.IsZero() {
			t.Errorf("after Helsinki's staff took it: %+v, want it paid", fees)
		}
	})
}

// TestDeskRedirectsAfterPost checks that a desk POST answers 303 and that
// its news is shown once: the page it leads to, reloaded, shows the state
// without repeating the news, and checks nothing out again.
func TestDeskRedirectsAfterPost(t *testing.T) {
	webtest.ForEachCircEnv(t, func(t *testing.T, e *webtest.CircEnv) {
		form := url.Values{"branch": {"hki-oodi"}, "card": {"1000"}, "barcode": {"T1-2"}}
		resp, _ := e.Do(t, "POST", "/desk/checkout", form, e.AsStaff("en"))
		if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/desk?branch=hki-oodi&card=1000" {
			t.Fatalf("checkout: %d to %q, want 303 to the patron's desk", resp.StatusCode, resp.Header.Get("Location"))
		}
		var flash *http.Cookie
		for _, c := range resp.Cookies() {
			if c.Name == deskFlash {
				flash = c
			}
		}
		if flash == nil || !flash.HttpOnly || flash.MaxAge <= 0 {
			t.Fatalf("no short-lived HttpOnly flash: %+v", flash)
		}
		news := "T1-2 Tuntematon sotilas: "
		withFlash := e.AsStaff("en") + "; " + deskFlash + "=" + flash.Value
		resp, body := e.Do(t, "GET", "/desk?branch=hki-oodi&card=1000", nil, withFlash)
		if !strings.Contains(body, news) {
			t.Errorf("the desk after the redirect does not say what happened")
		}
		cleared := false
		for _, c := range resp.Cookies() {
			cleared = cleared || c.Name == deskFlash && c.MaxAge < 0
		}
		if !cleared {
			t.Error("the desk did not delete the flash it showed")
		}
		// A reload without the flash shows the loan but not the news.
		if _, body := e.Do(t, "GET", "/desk?branch=hki-oodi&card=1000", nil, e.AsStaff("en")); strings.Contains(body, news) ||
			!strings.Contains(body, `name="barcode" value="T1-2"`) {
			t.Error("a reload repeats the news, or lost the loan")
		}
		// A flash from another session, or tampered with, is not shown.
		other := e.StaffAt(t, "other", library.RoleBranchStaff, "hki-oodi", "en")
		for _, cookie := range []string{other + "; " + deskFlash + "=" + flash.Value, withFlash + "x"} {
			if _, body := e.Do(t, "GET", "/desk?branch=hki-oodi&card=1000", nil, cookie); strings.Contains(body, news) {
				t.Error("a flash not signed for this session was shown")
			}
		}
	})
}

// TestStaffLandsOnDesk signs a staff member in without a page to return
// to: they land at the desk.
func TestStaffLandsOnDesk(t *testing.T) {
	webtest.ForEachAuthEnv(t, web.AuthConfig{}, func(t *testing.T, e *webtest.AuthEnv) {
		b := e.Browser()
		if res, _ := b.Do(t, "GET", "/staff/signin", nil); res.StatusCode != http.StatusOK {
			t.Fatalf("sign-in page: %d", res.StatusCode)
		}
		res, _ := b.Do(t, "POST", "/staff/signin", url.Values{"username": {"desk"}, "password": {"desk password"}})
		if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/desk" {
			t.Errorf("staff sign-in: %d to %q, want 303 to /desk", res.StatusCode, res.Header.Get("Location"))
		}
		// Signed in, the sign-in page sends them on to the desk too.
		if res, _ := b.Do(t, "GET", "/staff/signin", nil); res.Header.Get("Location") != "/desk" {
			t.Errorf("sign-in page when signed in: to %q, want /desk", res.Header.Get("Location"))
		}
	})
}

// TestDeskPayFeeOnce has staff at two desks take the same fee at once:
// it is paid exactly once, and exactly one desk says it took it.
func TestDeskPayFeeOnce(t *testing.T) {
	webtest.ForEachCircEnv(t, func(t *testing.T, e *webtest.CircEnv) {
		ctx := context.Background()
		e.Checkout(t, e.Patron, "T1-1", webtest.Now.AddDate(0, 0, -60))
		if _, err := e.DB.Checkin(ctx, "T1-1", library.Actor{Branch: "hki-oodi"}, webtest.Now); err != nil {
			t.Fatal(err)
		}
		fees, err := e.DB.Fees(ctx, e.Patron.ID)
		if err != nil || len(fees) != 1 {
			t.Fatal(fees, err)
		}
		form := url.Values{"branch": {"hki-oodi"}, "card": {"1000"}, "fee": {strconv.FormatInt(fees[0].ID, 10)}}
		const desks = 8
		bodies := make([]string, desks)
		var wg sync.WaitGroup
		for i := range desks {
			wg.Go(func() { _, bodies[i] = e.DeskPost(t, "/desk/fees", form, "en") })
		}
		wg.Wait()
		paid := 0
		for _, b := range bodies {
			if strings.Contains(b, e.Bundle.N("en", "desk.fees_paid", 1, nil)) {
				paid++
			}
		}
		if paid != 1 {
			t.Errorf("%d desks say they took the fee, want 1", paid)
		}
		var fp feesPage
		webtest.APIGet(t, e, "/api/v1/account/fees", &fp)
		if len(fp.Fees) != 0 || len(fp.PaidRecent) != 1 {
			t.Errorf("fees after the race: %+v, want the one fee paid once", fp)
		}
	})
}
