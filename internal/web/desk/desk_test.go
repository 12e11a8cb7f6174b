package desk

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/kirjasto/kirjasto/internal/library"
	"github.com/kirjasto/kirjasto/internal/web"
	"github.com/kirjasto/kirjasto/internal/web/webtest"
)

// TestDeskCheckoutAndCheckin lends several items at Oodi's desk, then
// checks them in and reads where each one goes.
func TestDeskCheckoutAndCheckin(t *testing.T) {
	webtest.ForEachCircEnv(t, func(t *testing.T, e *webtest.CircEnv) {
		ctx := context.Background()
		_, body := e.Do(t, "GET", "/desk?card=1000", nil, e.AsStaff("en"))
		if !strings.Contains(body, "Virtanen, Aino") || !strings.Contains(body, `name="card" value="1000"`) {
			t.Fatal("the desk does not show the patron, or does not keep the card in its forms")
		}
		for i, barcode := range []string{"F1-0", "F1-1", "T1-1"} {
			resp, body := e.DeskPost(t, "/desk/checkout", url.Values{"branch": {"hki-oodi"}, "card": {"1000"}, "barcode": {barcode}}, "en")
			if resp.StatusCode != http.StatusOK {
				t.Fatalf("checkout %s: status %d", barcode, resp.StatusCode)
			}
			if got := strings.Count(body, `name="barcode" value="`); got != i+1 {
				t.Errorf("after checking out %s the desk lists %d loans, want %d", barcode, got, i+1)
			}
		}
		_, body = e.DeskPost(t, "/desk/checkout", url.Values{"branch": {"hki-oodi"}, "card": {"1000"}, "barcode": {"T1-4"}}, "fi")
		if want := "T1-4: " + e.Msg("fi", "error.item_not_available"); !strings.Contains(body, webtest.HTMLText(want)) {
			t.Errorf("checkout of an item in repair: no %q", want)
		}
		// Saga waits at Tapiola for (TEST)f1; Olga at Oodi for (TEST)1,
		// whose copy T1-2 is on Oodi's shelf and so on the pick list.
		saga, _ := e.NewPatron(t, "2000", "Lindqvist, Saga", "esp-tapiola")
		if _, err := e.DB.PlaceHold(ctx, library.Hold{PatronID: saga.ID, RecordID: e.Records["(TEST)f1"], PickupBranch: "esp-tapiola"}, library.Actor{}, webtest.Now); err != nil {
			t.Fatal(err)
		}
		olga, olgaCookie := e.NewPatron(t, "3000", "Ivanova, Olga", "hki-oodi")
		if _, err := e.DB.PlaceHold(ctx, library.Hold{PatronID: olga.ID, RecordID: e.Records["(TEST)1"], PickupBranch: "hki-oodi"}, library.Actor{}, webtest.Now); err != nil {
			t.Fatal(err)
		}
		_, body = e.Do(t, "GET", "/desk/picklist?branch=hki-oodi", nil, e.AsStaff("en"))
		if !strings.Contains(body, "<td>T1-2</td>") {
			t.Errorf("pick list does not list T1-2:\n%s", body)
		}
		holds, err := e.DB.Holds(ctx, olga.ID)
		if err != nil || len(holds) != 1 {
			t.Fatal(holds, err)
		}

		tests := []struct{ barcode, want string }{
			{"F1-0", e.Msg("en", "desk.route.transit_hold", "Branch", "Tapiola Library")},
			{"F1-1", e.Msg("en", "desk.route.transit_home", "Branch", "Sello Library")},
			{"T1-1", e.Msg("en", "desk.route.shelf")},
			{"T1-2", ""}, // the hold shelf; its code is known once it is there
		}
		for _, tt := range tests {
			resp, body := e.DeskPost(t, "/desk/checkin", url.Values{"branch": {"hki-oodi"}, "barcode": {tt.barcode}}, "en")
			if resp.StatusCode != http.StatusOK {
				t.Fatalf("checkin %s: status %d", tt.barcode, resp.StatusCode)
			}
			if tt.want == "" {
				holds, err := e.DB.Holds(ctx, olga.ID)
				if err != nil || len(holds) != 1 || holds[0].Status != library.HoldReady || holds[0].ShelfCode == "" {
					t.Fatalf("Olga's hold after checking T1-2 in: %+v, %v", holds, err)
				}
				tt.want = e.Msg("en", "desk.route.hold_shelf", "Shelf", holds[0].ShelfCode)
			}
			if !strings.Contains(body, webtest.HTMLText(tt.want)) {
				t.Errorf("checkin %s: no %q", tt.barcode, tt.want)
			}
		}
		// Olga sees where to find it, and until when.
		ready, err := e.DB.Holds(ctx, olga.ID)
		if err != nil || len(ready) != 1 {
			t.Fatal(ready, err)
		}
		_, body = e.Do(t, "GET", "/account/holds", nil, "Cookie: "+olgaCookie+"; lang=ru")
		for _, want := range []string{e.Msg("ru", "hold.status.ready"), "<strong>" + ready[0].ShelfCode + "</strong>", e.Srv.FormatDate("ru", ready[0].PickupBy)} {
			if !strings.Contains(body, want) {
				t.Errorf("Olga's /account/holds: no %q", want)
			}
		}
		_, body = e.Do(t, "GET", "/desk/holdshelf?branch=hki-oodi", nil, e.AsStaff("en"))
		if !strings.Contains(body, "Tuntematon sotilas") || !strings.Contains(body, e.Msg("en", "desk.holdshelf.state_ready")) {
			t.Errorf("hold shelf does not show Olga's hold:\n%s", body)
		}
		_, body = e.Do(t, "GET", "/desk/transit?branch=hki-oodi", nil, e.AsStaff("en"))
		for _, want := range []string{"<td>F1-0</td>", "<td>Tapiola Library</td>", "<td>F1-1</td>", "<td>Sello Library</td>"} {
			if !strings.Contains(body, want) {
				t.Errorf("transit list: no %q", want)
			}
		}
		// Sello's desk sees F1-1 coming.
		_, body = e.Do(t, "GET", "/desk/transit?branch=esp-sello", nil, e.StaffAt(t, "sello", library.RoleBranchStaff, "esp-sello", "en"))
		if !strings.Contains(body, "<td>F1-1</td>") || !strings.Contains(body, "<td>Central Library Oodi</td>") {
			t.Error("Sello's transit list does not show F1-1 coming from Oodi")
		}
	})
}

func TestDeskRenewAndFees(t *testing.T) {
	webtest.ForEachCircEnv(t, func(t *testing.T, e *webtest.CircEnv) {
		ctx := context.Background()
		e.Checkout(t, e.Patron, "T1-1", webtest.Now.AddDate(0, 0, -40))
		e.Checkout(t, e.Patron, "F2-0", webtest.Now.AddDate(0, 0, -7))
		_, body := e.DeskPost(t, "/desk/renew", url.Values{"branch": {"hki-oodi"}, "card": {"1000"}, "barcode": {"F2-0"}}, "en")
		if want := e.Msg("en", "account.renew.ok"); !strings.Contains(body, webtest.HTMLText(strings.Split(want, ".")[0])) {
			t.Errorf("desk renew: no %q", want)
		}
		if _, err := e.DB.Checkin(ctx, "T1-1", library.Actor{Branch: "hki-oodi"}, webtest.Now); err != nil {
			t.Fatal(err)
		}
		fees, err := e.DB.Fees(ctx, e.Patron.ID)
		if err != nil || len(fees) != 1 {
			t.Fatal(fees, err)
		}
		_, body = e.Do(t, "GET", "/desk?card=1000", nil, e.AsStaff("en"))
		box := `name="fee" value="` + strconv.FormatInt(fees[0].ID, 10) + `"`
		if !strings.Contains(body, box) {
			t.Fatalf("desk shows no fee to pay")
		}
		_, body = e.DeskPost(t, "/desk/fees", url.Values{"branch": {"hki-oodi"}, "card": {"1000"}, "fee": {strconv.FormatInt(fees[0].ID, 10)}}, "en")
		if want := e.Bundle.N("en", "desk.fees_paid", 1, nil); !strings.Contains(body, want) || strings.Contains(body, box) {
			t.Errorf("after paying: no %q, or the fee is still open", want)
		}
		var fp feesPage
		webtest.APIGet(t, e, "/api/v1/account/fees", &fp)
		if len(fp.Fees) != 0 || fp.Total != 0 || len(fp.PaidRecent) != 1 {
			t.Errorf("fees after paying at the desk: %+v", fp)
		}
		// An unknown card is a message, not an error page.
		resp, body := e.DeskPost(t, "/desk/checkout", url.Values{"branch": {"hki-oodi"}, "card": {"0000"}, "barcode": {"T1-2"}}, "en")
		if want := e.Msg("en", "desk.patron_not_found", "Card", "0000"); resp.StatusCode != http.StatusOK || !strings.Contains(body, want) {
			t.Errorf("unknown card: %d, no %q", resp.StatusCode, want)
		}
	})
}

// circState is everything circulation could change, to prove a request
// changed nothing.
type circState struct {
	Loans []library.Loan
	Holds []library.Hold
	Fees  []library.Fee
	Items []library.Item
}

func state(t *testing.T, e *webtest.CircEnv, patrons ...library.Patron) circState {
	t.Helper()
	ctx := context.Background()
	var st circState
	for _, p := range patrons {
		l, err1 := e.DB.Loans(ctx, p.ID)
		h, err2 := e.DB.Holds(ctx, p.ID)
		f, err3 := e.DB.Fees(ctx, p.ID)
		if err1 != nil || err2 != nil || err3 != nil {
			t.Fatal(err1, err2, err3)
		}
		st.Loans, st.Holds, st.Fees = append(st.Loans, l...), append(st.Holds, h...), append(st.Fees, f...)
	}
	for _, src := range []string{"(TEST)1", "(TEST)f1"} {
		its, err := e.DB.Items(ctx, e.Records[src])
		if err != nil {
			t.Fatal(err)
		}
		for i := range its {
			its[i].Updated = its[i].Updated.UTC()
		}
		st.Items = append(st.Items, its...)
	}
	return st
}

// TestGetChangesNothing asks for every account and desk address by GET,
// with the parameters of their forms, and finds nothing changed.
func TestGetChangesNothing(t *testing.T) {
	webtest.ForEachCircEnv(t, func(t *testing.T, e *webtest.CircEnv) {
		ctx := context.Background()
		e.Checkout(t, e.Patron, "T1-1", webtest.Now.AddDate(0, 0, -40))
		other, _ := e.NewPatron(t, "2000", "Lindqvist, Saga", "hki-oodi")
		e.Checkout(t, other, "F1-0", webtest.Now)
		e.Checkout(t, other, "F1-1", webtest.Now)
		h, err := e.DB.PlaceHold(ctx, library.Hold{PatronID: e.Patron.ID, RecordID: e.Records["(TEST)f1"], PickupBranch: "esp-sello"}, library.Actor{}, webtest.Now)
		if err != nil {
			t.Fatal(err)
		}
		id := strconv.FormatInt(h.ID, 10)
		before := state(t, e, e.Patron, other)
		paths := []string{
			"/account", "/account/loans", "/account/loans/renew?barcode=T1-1", "/account/holds",
			"/account/holds/" + id + "/cancel", "/account/holds/" + id + "/freeze?until=2026-12-24",
			"/account/holds/" + id + "/pickup?branch=hki-kallio", "/account/fees",
			e.RecordPath("(TEST)1") + "/hold?branch=hki-oodi", "/api/v1/account", "/api/v1/account/loans",
			"/api/v1/account/holds", "/api/v1/account/fees",
			"/desk?card=1000", "/desk/checkout?card=1000&barcode=T1-2&branch=hki-oodi", "/desk/checkin?barcode=F1-0",
			"/desk/renew?card=1000", "/desk/fees?card=1000&fee=1", "/desk/picklist", "/desk/holdshelf", "/desk/transit",
		}
		for _, p := range paths {
			for _, method := range []string{"GET", "HEAD"} {
				e.Do(t, method, p, nil, e.AsPatron("en")+"; "+e.StaffCookie)
			}
		}
		if diff := cmp.Diff(before, state(t, e, e.Patron, other)); diff != "" {
			t.Errorf("a GET changed circulation (-before +after):\n%s", diff)
		}
	})
}

// TestStaffMenu checks that staff at the desk are offered their own sign
// out in the menu, not the patrons' sign-in, and that it signs them out.
func TestStaffMenu(t *testing.T) {
	webtest.ForEachCircEnv(t, func(t *testing.T, e *webtest.CircEnv) {
		_, body := e.Do(t, "GET", "/desk", nil, e.AsStaff("en"))
		menu, _, _ := strings.Cut(body, `<form class="searchbox"`)
		if !strings.Contains(menu, `action="/staff/signout"`) || strings.Contains(menu, `href="/signin"`) {
			t.Errorf("the desk's menu has no staff sign-out, or offers patron sign-in:\n%s", menu)
		}
		resp, _ := e.Do(t, "POST", "/staff/signout", url.Values{}, e.AsStaff("en"))
		if resp.StatusCode >= 400 {
			t.Fatalf("staff sign-out: status %d", resp.StatusCode)
		}
	})
}

// feesPage is what the desk tests read of a patron's fees through the
// API (package account's page of fees).
type feesPage struct {
	Fees       []web.FeeView `json:"fees"`
	Total      int64         `json:"total_cents"`
	PaidRecent []web.FeeView `json:"paid"`
}

// TestDeskSendsOtherRolesToTheirWork: staff whose role has no desk land on
// /desk after signing in; the desk sends a cataloguer to the catalogue and
// a statistics reader to the administration's index, not to a refusal.
func TestDeskSendsOtherRolesToTheirWork(t *testing.T) {
	webtest.ForEachCircEnv(t, func(t *testing.T, e *webtest.CircEnv) {
		for _, tt := range []struct{ role, want string }{
			{library.RoleCataloguer, "/catalogue"},
			{library.RoleStatistics, "/admin"},
		} {
			resp, _ := e.Do(t, "GET", "/desk", nil, e.StaffAt(t, "u-"+tt.role, tt.role, "hki-oodi", "en"))
			if loc := resp.Header.Get("Location"); resp.StatusCode != http.StatusSeeOther || loc != tt.want {
				t.Errorf("%s: GET /desk = %d to %q, want 303 to %s", tt.role, resp.StatusCode, loc, tt.want)
			}
		}
		if resp, _ := e.Do(t, "GET", "/desk", nil, e.AsStaff("en")); resp.StatusCode != http.StatusOK {
			t.Errorf("branch staff: GET /desk = %d, want 200", resp.StatusCode)
		}
	})
}
