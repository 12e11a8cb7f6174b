package web

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/kirjasto/kirjasto/internal/library"
)

// TestDeskCheckoutAndCheckin lends several items at Oodi's desk, then
// checks them in and reads where each one goes.
func TestDeskCheckoutAndCheckin(t *testing.T) {
	forEachCircEnv(t, func(t *testing.T, e *circEnv) {
		ctx := context.Background()
		_, body := e.do(t, "GET", "/desk?card=1000", nil, e.asStaff("en"))
		if !strings.Contains(body, "Virtanen, Aino") || !strings.Contains(body, `name="card" value="1000"`) {
			t.Fatal("the desk does not show the patron, or does not keep the card in its forms")
		}
		for i, barcode := range []string{"F1-0", "F1-1", "T1-1"} {
			resp, body := e.deskPost(t, "/desk/checkout", url.Values{"branch": {"hki-oodi"}, "card": {"1000"}, "barcode": {barcode}}, "en")
			if resp.StatusCode != http.StatusOK {
				t.Fatalf("checkout %s: status %d", barcode, resp.StatusCode)
			}
			if got := strings.Count(body, `name="barcode" value="`); got != i+1 {
				t.Errorf("after checking out %s the desk lists %d loans, want %d", barcode, got, i+1)
			}
		}
		_, body = e.deskPost(t, "/desk/checkout", url.Values{"branch": {"hki-oodi"}, "card": {"1000"}, "barcode": {"T1-4"}}, "fi")
		if want := "T1-4: " + e.msg("fi", "error.item_not_available"); !strings.Contains(body, htmlText(want)) {
			t.Errorf("checkout of an item in repair: no %q", want)
		}
		// Saga waits at Tapiola for (TEST)f1; Olga at Oodi for (TEST)1,
		// whose copy T1-2 is on Oodi's shelf and so on the pick list.
		saga, _ := e.newPatron(t, "2000", "Lindqvist, Saga", "esp-tapiola")
		if _, err := e.db.PlaceHold(ctx, library.Hold{PatronID: saga.ID, RecordID: e.records["(TEST)f1"], PickupBranch: "esp-tapiola"}, library.Actor{}, testNow); err != nil {
			t.Fatal(err)
		}
		olga, olgaCookie := e.newPatron(t, "3000", "Ivanova, Olga", "hki-oodi")
		if _, err := e.db.PlaceHold(ctx, library.Hold{PatronID: olga.ID, RecordID: e.records["(TEST)1"], PickupBranch: "hki-oodi"}, library.Actor{}, testNow); err != nil {
			t.Fatal(err)
		}
		_, body = e.do(t, "GET", "/desk/picklist?branch=hki-oodi", nil, e.asStaff("en"))
		if !strings.Contains(body, "<td>T1-2</td>") {
			t.Errorf("pick list does not list T1-2:\n%s", body)
		}
		holds, err := e.db.Holds(ctx, olga.ID)
		if err != nil || len(holds) != 1 {
			t.Fatal(holds, err)
		}

		tests := []struct{ barcode, want string }{
			{"F1-0", e.msg("en", "desk.route.transit_hold", "Branch", "Tapiola Library")},
			{"F1-1", e.msg("en", "desk.route.transit_home", "Branch", "Sello Library")},
			{"T1-1", e.msg("en", "desk.route.shelf")},
			{"T1-2", ""}, // the hold shelf; its code is known once it is there
		}
		for _, tt := range tests {
			resp, body := e.deskPost(t, "/desk/checkin", url.Values{"branch": {"hki-oodi"}, "barcode": {tt.barcode}}, "en")
			if resp.StatusCode != http.StatusOK {
				t.Fatalf("checkin %s: status %d", tt.barcode, resp.StatusCode)
			}
			if tt.want == "" {
				holds, err := e.db.Holds(ctx, olga.ID)
				if err != nil || len(holds) != 1 || holds[0].Status != library.HoldReady || holds[0].ShelfCode == "" {
					t.Fatalf("Olga's hold after checking T1-2 in: %+v, %v", holds, err)
				}
				tt.want = e.msg("en", "desk.route.hold_shelf", "Shelf", holds[0].ShelfCode)
			}
			if !strings.Contains(body, htmlText(tt.want)) {
				t.Errorf("checkin %s: no %q", tt.barcode, tt.want)
			}
		}
		// Olga sees where to find it, and until when.
		ready, err := e.db.Holds(ctx, olga.ID)
		if err != nil || len(ready) != 1 {
			t.Fatal(ready, err)
		}
		_, body = e.do(t, "GET", "/account/holds", nil, "Cookie: "+olgaCookie+"; lang=ru")
		for _, want := range []string{e.msg("ru", "hold.status.ready"), "<strong>" + ready[0].ShelfCode + "</strong>", e.srv.FormatDate("ru", ready[0].PickupBy)} {
			if !strings.Contains(body, want) {
				t.Errorf("Olga's /account/holds: no %q", want)
			}
		}
		_, body = e.do(t, "GET", "/desk/holdshelf?branch=hki-oodi", nil, e.asStaff("en"))
		if !strings.Contains(body, "Tuntematon sotilas") || !strings.Contains(body, e.msg("en", "desk.holdshelf.state_ready")) {
			t.Errorf("hold shelf does not show Olga's hold:\n%s", body)
		}
		_, body = e.do(t, "GET", "/desk/transit?branch=hki-oodi", nil, e.asStaff("en"))
		for _, want := range []string{"<td>F1-0</td>", "<td>Tapiola Library</td>", "<td>F1-1</td>", "<td>Sello Library</td>"} {
			if !strings.Contains(body, want) {
				t.Errorf("transit list: no %q", want)
			}
		}
		// Sello's desk sees F1-1 coming.
		_, body = e.do(t, "GET", "/desk/transit?branch=esp-sello", nil, e.staffAt(t, "sello", library.RoleBranchStaff, "esp-sello", "en"))
		if !strings.Contains(body, "<td>F1-1</td>") || !strings.Contains(body, "<td>Central Library Oodi</td>") {
			t.Error("Sello's transit list does not show F1-1 coming from Oodi")
		}
	})
}

func TestDeskRenewAndFees(t *testing.T) {
	forEachCircEnv(t, func(t *testing.T, e *circEnv) {
		ctx := context.Background()
		e.checkout(t, e.patron, "T1-1", testNow.AddDate(0, 0, -40))
		e.checkout(t, e.patron, "F2-0", testNow.AddDate(0, 0, -7))
		_, body := e.deskPost(t, "/desk/renew", url.Values{"branch": {"hki-oodi"}, "card": {"1000"}, "barcode": {"F2-0"}}, "en")
		if want := e.msg("en", "account.renew.ok"); !strings.Contains(body, htmlText(strings.Split(want, ".")[0])) {
			t.Errorf("desk renew: no %q", want)
		}
		if _, err := e.db.Checkin(ctx, "T1-1", library.Actor{Branch: "hki-oodi"}, testNow); err != nil {
			t.Fatal(err)
		}
		fees, err := e.db.Fees(ctx, e.patron.ID)
		if err != nil || len(fees) != 1 {
			t.Fatal(fees, err)
		}
		_, body = e.do(t, "GET", "/desk?card=1000", nil, e.asStaff("en"))
		box := `name="fee" value="` + strconv.FormatInt(fees[0].ID, 10) + `"`
		if !strings.Contains(body, box) {
			t.Fatalf("desk shows no fee to pay")
		}
		_, body = e.deskPost(t, "/desk/fees", url.Values{"branch": {"hki-oodi"}, "card": {"1000"}, "fee": {strconv.FormatInt(fees[0].ID, 10)}}, "en")
		if want := e.bundle.N("en", "desk.fees_paid", 1, nil); !strings.Contains(body, want) || strings.Contains(body, box) {
			t.Errorf("after paying: no %q, or the fee is still open", want)
		}
		var fp feesPage
		apiGet(t, e, "/api/v1/account/fees", &fp)
		if len(fp.Fees) != 0 || fp.Total != 0 || len(fp.PaidRecent) != 1 {
			t.Errorf("fees after paying at the desk: %+v", fp)
		}
		// An unknown card is a message, not an error page.
		resp, body := e.deskPost(t, "/desk/checkout", url.Values{"branch": {"hki-oodi"}, "card": {"0000"}, "barcode": {"T1-2"}}, "en")
		if want := e.msg("en", "desk.patron_not_found", "Card", "0000"); resp.StatusCode != http.StatusOK || !strings.Contains(body, want) {
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

func (e *circEnv) state(t *testing.T, patrons ...library.Patron) circState {
	t.Helper()
	ctx := context.Background()
	var st circState
	for _, p := range patrons {
		l, err1 := e.db.Loans(ctx, p.ID)
		h, err2 := e.db.Holds(ctx, p.ID)
		f, err3 := e.db.Fees(ctx, p.ID)
		if err1 != nil || err2 != nil || err3 != nil {
			t.Fatal(err1, err2, err3)
		}
		st.Loans, st.Holds, st.Fees = append(st.Loans, l...), append(st.Holds, h...), append(st.Fees, f...)
	}
	for _, src := range []string{"(TEST)1", "(TEST)f1"} {
		its, err := e.db.Items(ctx, e.records[src])
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
	forEachCircEnv(t, func(t *testing.T, e *circEnv) {
		ctx := context.Background()
		e.checkout(t, e.patron, "T1-1", testNow.AddDate(0, 0, -40))
		other, _ := e.newPatron(t, "2000", "Lindqvist, Saga", "hki-oodi")
		e.checkout(t, other, "F1-0", testNow)
		e.checkout(t, other, "F1-1", testNow)
		h, err := e.db.PlaceHold(ctx, library.Hold{PatronID: e.patron.ID, RecordID: e.records["(TEST)f1"], PickupBranch: "esp-sello"}, library.Actor{}, testNow)
		if err != nil {
			t.Fatal(err)
		}
		id := strconv.FormatInt(h.ID, 10)
		before := e.state(t, e.patron, other)
		paths := []string{
			"/account", "/account/loans", "/account/loans/renew?barcode=T1-1", "/account/holds",
			"/account/holds/" + id + "/cancel", "/account/holds/" + id + "/freeze?until=2026-12-24",
			"/account/holds/" + id + "/pickup?branch=hki-kallio", "/account/fees",
			e.recordPath("(TEST)1") + "/hold?branch=hki-oodi", "/api/v1/account", "/api/v1/account/loans",
			"/api/v1/account/holds", "/api/v1/account/fees",
			"/desk?card=1000", "/desk/checkout?card=1000&barcode=T1-2&branch=hki-oodi", "/desk/checkin?barcode=F1-0",
			"/desk/renew?card=1000", "/desk/fees?card=1000&fee=1", "/desk/picklist", "/desk/holdshelf", "/desk/transit",
		}
		for _, p := range paths {
			for _, method := range []string{"GET", "HEAD"} {
				e.do(t, method, p, nil, e.asPatron("en")+"; "+e.staffCookie)
			}
		}
		if diff := cmp.Diff(before, e.state(t, e.patron, other)); diff != "" {
			t.Errorf("a GET changed circulation (-before +after):\n%s", diff)
		}
	})
}

// TestStaffMenu checks that staff at the desk are offered their own sign
// out in the menu, not the patrons' sign-in, and that it signs them out.
func TestStaffMenu(t *testing.T) {
	forEachCircEnv(t, func(t *testing.T, e *circEnv) {
		_, body := e.do(t, "GET", "/desk", nil, e.asStaff("en"))
		menu, _, _ := strings.Cut(body, `<form class="searchbox"`)
		if !strings.Contains(menu, `action="/staff/signout"`) || strings.Contains(menu, `href="/signin"`) {
			t.Errorf("the desk's menu has no staff sign-out, or offers patron sign-in:\n%s", menu)
		}
		resp, _ := e.do(t, "POST", "/staff/signout", url.Values{}, e.asStaff("en"))
		if resp.StatusCode >= 400 {
			t.Fatalf("staff sign-out: status %d", resp.StatusCode)
		}
	})
}

// deskPost posts a desk form as the staff member at Oodi and follows the
// redirect, as a browser does, with the flash the POST set. It fails the
// test unless the POST answered 303 to the desk, and then returns the
// POST's own answer.
func (e *circEnv) deskPost(t *testing.T, path string, form url.Values, lang string) (*http.Response, string) {
	t.Helper()
	resp, body := e.do(t, "POST", path, form, e.asStaff(lang))
	loc := resp.Header.Get("Location")
	if resp.StatusCode != http.StatusSeeOther || !strings.HasPrefix(loc, "/desk?") {
		// Not Fatal: concurrent tests call this from their own goroutines.
		t.Errorf("POST %s: %d to %q, want 303 to the desk\n%s", path, resp.StatusCode, loc, body)
		return resp, body
	}
	cookie := e.asStaff(lang)
	for _, c := range resp.Cookies() {
		if c.MaxAge > 0 {
			cookie += "; " + c.Name + "=" + c.Value
		}
	}
	return e.do(t, "GET", loc, nil, cookie)
}

// staffAt signs in a new staff member with a role at a branch and returns
// their Cookie header, with a language.
func (e *circEnv) staffAt(t *testing.T, username, role, branch, lang string) string {
	t.Helper()
	ctx := context.Background()
	st, err := e.db.CreateStaff(ctx, library.Staff{Username: username, Name: username, Role: role, Branch: branch}, "a long enough password")
	if err != nil {
		t.Fatal(err)
	}
	sess, err := e.db.NewSession(ctx, library.Session{StaffID: st.ID, Created: testNow})
	if err != nil {
		t.Fatal(err)
	}
	return "Cookie: " + StaffCookie + "=" + sess.Token + "; lang=" + lang
}
