package web_test

import (
	"context"
	"go/ast"
	"go/token"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/kirjasto/kirjasto/internal/library"
	"github.com/kirjasto/kirjasto/internal/web/webtest"
)

// staffRoutePattern matches the mux patterns of the staff's routes.
var staffRoutePattern = regexp.MustCompile(`^(GET|HEAD|POST|PUT|PATCH|DELETE) /(admin|desk|staff|catalogue|api/v1/staff)(/\S*)?$`)

// staffRoutes returns every staff route pattern in the web packages'
// source, wherever an area registers it (the mux cannot list them).
func staffRoutes(t *testing.T) []string {
	t.Helper()
	var out []string
	for _, f := range webtest.ParseSource(t) {
		ast.Inspect(f, func(n ast.Node) bool {
			lit, ok := n.(*ast.BasicLit)
			if !ok || lit.Kind != token.STRING {
				return true
			}
			if s, err := strconv.Unquote(lit.Value); err == nil && staffRoutePattern.MatchString(s) {
				out = append(out, s)
			}
			return true
		})
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// Who may use a staff route.
type access int

const (
	public    access = iota // anyone: signing in and out
	anyStaff                // every signed-in staff member, whatever the role
	permitted               // those whom library.Permit lets do the route's action
)

// staffRoute is a row of the matrix: the path to request (its
// {placeholders} filled from the environment) and who may use it.
type staffRoute struct {
	path   string
	access access
	act    library.Action // when permitted
	scope  library.Scope  // where the route acts, as its handler asks Permit
	form   url.Values     // for a POST whose scope is in its form; else empty
}

var (
	helsinki = library.LibraryScope("helsinki")
	oodi     = library.BranchScope("helsinki", "hki-oodi")
	// own stands for the staff member's own reach (Staff.Reach): a list
	// or a new form shows their own library's, whoever they are.
	own = library.Scope{Library: "(own)"}
)

func may(act library.Action, scope library.Scope, path string) staffRoute {
	return staffRoute{path: path, access: permitted, act: act, scope: scope}
}

// staffMatrix is every staff route. A route missing from it fails the
// test, and so does a row whose route is gone. {record}, {barcode},
// {patron}, {staff}, {news}, {page} and {pick} are a Helsinki record,
// item, patron, staff member, news item, page and librarians' pick; 999
// names a rule or exception that does not exist (an allowed role gets
// 404, a forbidden one 403 first). The scope is where
// the route acts: Helsinki's branch, library or item, the consortium
// for shared records, or own. The walk asks library.Permit whether each
// role (and Espoo's library administrator) may do the action there.
var staffMatrix = map[string]staffRoute{
	"GET /staff/signin":       {path: "/staff/signin", access: public},
	"POST /staff/signin":      {path: "/staff/signin", access: public},
	"GET /staff/signin/code":  {path: "/staff/signin/code", access: public},
	"POST /staff/signin/code": {path: "/staff/signin/code", access: public},
	"POST /staff/signout":     {path: "/staff/signout", access: public},

	"GET /admin":                       {path: "/admin", access: anyStaff},
	"GET /admin/account":               {path: "/admin/account", access: anyStaff},
	"POST /admin/account/password":     {path: "/admin/account/password", access: anyStaff},
	"POST /admin/account/totp":         {path: "/admin/account/totp", access: anyStaff},
	"POST /admin/account/totp/confirm": {path: "/admin/account/totp/confirm", access: anyStaff},
	"POST /admin/account/totp/remove":  {path: "/admin/account/totp/remove", access: anyStaff},

	"GET /admin/audit": may(library.ActAudit, own, "/admin/audit"),

	"GET /admin/stats":          may(library.ActStatistics, helsinki, "/admin/stats?scope=helsinki"),
	"GET /admin/stats/national": may(library.ActStatistics, helsinki, "/admin/stats/national?scope=helsinki&year=2025"),

	"GET /admin/branches/{id}":                          may(library.ActBranches, oodi, "/admin/branches/hki-oodi"),
	"POST /admin/branches/{id}":                         may(library.ActBranches, oodi, "/admin/branches/hki-oodi"),
	"GET /admin/branches/{id}/calendar":                 may(library.ActBranches, oodi, "/admin/branches/hki-oodi/calendar"),
	"GET /admin/branches/{id}/close":                    may(library.ActBranches, oodi, "/admin/branches/hki-oodi/close"),
	"POST /admin/branches/{id}/close":                   may(library.ActBranches, oodi, "/admin/branches/hki-oodi/close"),
	"POST /admin/branches/{id}/reopen":                  may(library.ActBranches, oodi, "/admin/branches/hki-oodi/reopen"),
	"POST /admin/branches/{id}/exceptions":              may(library.ActBranches, oodi, "/admin/branches/hki-oodi/exceptions"),
	"GET /admin/branches/{id}/exceptions/{eid}":         may(library.ActBranches, oodi, "/admin/branches/hki-oodi/exceptions/999"),
	"POST /admin/branches/{id}/exceptions/{eid}":        may(library.ActBranches, oodi, "/admin/branches/hki-oodi/exceptions/999"),
	"POST /admin/branches/{id}/exceptions/{eid}/delete": may(library.ActBranches, oodi, "/admin/branches/hki-oodi/exceptions/999/delete"),
	"GET /admin/branches/{id}/hours":                    may(library.ActBranches, oodi, "/admin/branches/hki-oodi/hours"),
	"POST /admin/branches/{id}/hours":                   may(library.ActBranches, oodi, "/admin/branches/hki-oodi/hours"),
	"GET /admin/branches/{id}/photo":                    may(library.ActBranches, oodi, "/admin/branches/hki-oodi/photo"),
	"POST /admin/branches/{id}/photo":                   may(library.ActBranches, oodi, "/admin/branches/hki-oodi/photo"),
	"POST /admin/branches/{id}/photo/delete":            may(library.ActBranches, oodi, "/admin/branches/hki-oodi/photo/delete"),
	"GET /admin/libraries":                              may(library.ActBranches, own, "/admin/libraries"),
	"POST /admin/libraries":                             may(library.ActConsortium, library.ConsortiumScope, "/admin/libraries"),
	"GET /admin/libraries/{lib}":                        may(library.ActBranches, helsinki, "/admin/libraries/helsinki"),
	"POST /admin/libraries/{lib}":                       may(library.ActBranches, helsinki, "/admin/libraries/helsinki"),
	"POST /admin/libraries/{lib}/close":                 may(library.ActConsortium, library.ConsortiumScope, "/admin/libraries/helsinki/close"),
	"POST /admin/libraries/{lib}/reopen":                may(library.ActConsortium, library.ConsortiumScope, "/admin/libraries/helsinki/reopen"),
	"GET /admin/libraries/{lib}/branches/new":           may(library.ActBranches, helsinki, "/admin/libraries/helsinki/branches/new"),
	"POST /admin/libraries/{lib}/branches":              may(library.ActBranches, helsinki, "/admin/libraries/helsinki/branches"),
	"GET /admin/libraries/{lib}/holidays":               may(library.ActBranches, helsinki, "/admin/libraries/helsinki/holidays"),
	"POST /admin/libraries/{lib}/holidays":              may(library.ActBranches, helsinki, "/admin/libraries/helsinki/holidays"),

	"GET /admin/rules":                may(library.ActRules, own, "/admin/rules"),
	"GET /admin/rules/edit":           may(library.ActRules, own, "/admin/rules/edit"),
	"POST /admin/rules/edit":          may(library.ActRules, own, "/admin/rules/edit"),
	"GET /admin/rules/explain":        may(library.ActRules, own, "/admin/rules/explain"),
	"POST /admin/rules/{id}/withdraw": may(library.ActRules, own, "/admin/rules/999/withdraw"),

	"GET /admin/staff":                   may(library.ActStaff, own, "/admin/staff"),
	"GET /admin/staff/new":               may(library.ActStaff, own, "/admin/staff/new"),
	"POST /admin/staff":                  may(library.ActStaff, own, "/admin/staff"),
	"POST /admin/staff/totp-required":    may(library.ActConsortium, library.ConsortiumScope, "/admin/staff/totp-required"),
	"GET /admin/staff/{id}":              may(library.ActStaff, helsinki, "/admin/staff/{staff}"),
	"POST /admin/staff/{id}":             may(library.ActStaff, helsinki, "/admin/staff/{staff}"),
	"POST /admin/staff/{id}/password":    may(library.ActStaff, helsinki, "/admin/staff/{staff}/password"),
	"POST /admin/staff/{id}/state":       may(library.ActStaff, helsinki, "/admin/staff/{staff}/state"),
	"POST /admin/staff/{id}/totp/remove": may(library.ActStaff, helsinki, "/admin/staff/{staff}/totp/remove"),

	"GET /catalogue":                           may(library.ActCatalogue, library.ConsortiumScope, "/catalogue"),
	"GET /catalogue/batch":                     may(library.ActCatalogue, library.ConsortiumScope, "/catalogue/batch"),
	"POST /catalogue/batch":                    may(library.ActCatalogue, library.ConsortiumScope, "/catalogue/batch"),
	"GET /catalogue/items/{barcode}":           may(library.ActCatalogue, helsinki, "/catalogue/items/{barcode}"),
	"POST /catalogue/items/{barcode}":          may(library.ActCatalogue, helsinki, "/catalogue/items/{barcode}"),
	"POST /catalogue/items/{barcode}/delete":   may(library.ActCatalogue, helsinki, "/catalogue/items/{barcode}/delete"),
	"POST /catalogue/items/{barcode}/withdraw": may(library.ActCatalogue, helsinki, "/catalogue/items/{barcode}/withdraw"),
	"GET /catalogue/merge":                     may(library.ActCatalogue, library.ConsortiumScope, "/catalogue/merge"),
	"POST /catalogue/merge":                    may(library.ActCatalogue, library.ConsortiumScope, "/catalogue/merge"),
	"GET /catalogue/new":                       may(library.ActCatalogue, library.ConsortiumScope, "/catalogue/new"),
	"POST /catalogue/new":                      may(library.ActCatalogue, library.ConsortiumScope, "/catalogue/new"),
	"GET /catalogue/new/marc":                  may(library.ActCatalogue, library.ConsortiumScope, "/catalogue/new/marc"),
	"POST /catalogue/new/marc":                 may(library.ActCatalogue, library.ConsortiumScope, "/catalogue/new/marc"),
	"GET /catalogue/records/{id}":              may(library.ActCatalogue, library.ConsortiumScope, "/catalogue/records/{record}"),
	"POST /catalogue/records/{id}":             may(library.ActCatalogue, library.ConsortiumScope, "/catalogue/records/{record}"),
	"GET /catalogue/records/{id}/delete":       may(library.ActCatalogue, library.ConsortiumScope, "/catalogue/records/{record}/delete"),
	"POST /catalogue/records/{id}/delete":      may(library.ActCatalogue, library.ConsortiumScope, "/catalogue/records/{record}/delete"),
	"GET /catalogue/records/{id}/items":        may(library.ActCatalogue, library.ConsortiumScope, "/catalogue/records/{record}/items"),
	"POST /catalogue/records/{id}/items":       may(library.ActCatalogue, library.ConsortiumScope, "/catalogue/records/{record}/items"),
	"GET /catalogue/records/{id}/marc":         may(library.ActCatalogue, library.ConsortiumScope, "/catalogue/records/{record}/marc"),
	"POST /catalogue/records/{id}/marc":        may(library.ActCatalogue, library.ConsortiumScope, "/catalogue/records/{record}/marc"),

	"GET /desk":               may(library.ActDesk, oodi, "/desk?branch=hki-oodi"),
	"POST /desk/{action}":     may(library.ActDesk, oodi, "/desk/checkout?branch=hki-oodi"),
	"GET /desk/picklist":      may(library.ActWorkLists, oodi, "/desk/picklist?branch=hki-oodi"),
	"GET /desk/holdshelf":     may(library.ActWorkLists, oodi, "/desk/holdshelf?branch=hki-oodi"),
	"GET /desk/transit":       may(library.ActWorkLists, oodi, "/desk/transit?branch=hki-oodi"),
	"GET /staff/outbox":       may(library.ActOutbox, own, "/staff/outbox"),
	"GET /desk/patrons":       may(library.ActPatrons, own, "/desk/patrons"),
	"GET /desk/patrons/cards": may(library.ActBranches, own, "/desk/patrons/cards"), // a library's card number ranges
	"POST /desk/patrons/cards": {path: "/desk/patrons/cards", access: permitted, act: library.ActBranches, scope: helsinki,
		form: url.Values{"library": {"helsinki"}}},
	"GET /desk/patrons/new":             may(library.ActPatrons, own, "/desk/patrons/new"),
	"POST /desk/patrons/new":            may(library.ActPatrons, own, "/desk/patrons/new"),
	"GET /desk/patrons/{id}":            may(library.ActPatrons, helsinki, "/desk/patrons/{patron}"),
	"GET /desk/patrons/{id}/edit":       may(library.ActPatrons, helsinki, "/desk/patrons/{patron}/edit"),
	"POST /desk/patrons/{id}/edit":      may(library.ActPatrons, helsinki, "/desk/patrons/{patron}/edit"),
	"GET /desk/patrons/{id}/merge":      may(library.ActPatrons, helsinki, "/desk/patrons/{patron}/merge"),
	"POST /desk/patrons/{id}/merge":     may(library.ActPatrons, helsinki, "/desk/patrons/{patron}/merge"),
	"POST /desk/patrons/{id}/block":     may(library.ActPatrons, helsinki, "/desk/patrons/{patron}/block"),
	"POST /desk/patrons/{id}/unblock":   may(library.ActPatrons, helsinki, "/desk/patrons/{patron}/unblock"),
	"POST /desk/patrons/{id}/card":      may(library.ActPatrons, helsinki, "/desk/patrons/{patron}/card"),
	"POST /desk/patrons/{id}/close":     may(library.ActPatrons, helsinki, "/desk/patrons/{patron}/close"),
	"POST /desk/patrons/{id}/confirm":   may(library.ActPatrons, helsinki, "/desk/patrons/{patron}/confirm"),
	"POST /desk/patrons/{id}/pin":       may(library.ActPatrons, helsinki, "/desk/patrons/{patron}/pin"),
	"POST /desk/patrons/{id}/pin/reset": may(library.ActPatrons, helsinki, "/desk/patrons/{patron}/pin/reset"),

	// News and pages: {news} and {page} are Helsinki's; a new one's
	// library is in its form.
	"GET /admin/news":                         may(library.ActContent, own, "/admin/news"),
	"GET /admin/news/new":                     may(library.ActContent, own, "/admin/news/new"),
	"POST /admin/news":                        {path: "/admin/news", access: permitted, act: library.ActContent, scope: helsinki, form: url.Values{"library": {"helsinki"}}},
	"GET /admin/news/{id}":                    may(library.ActContent, helsinki, "/admin/news/{news}"),
	"POST /admin/news/{id}":                   may(library.ActContent, helsinki, "/admin/news/{news}"),
	"POST /admin/news/{id}/publish":           may(library.ActContent, helsinki, "/admin/news/{news}/publish"),
	"POST /admin/news/{id}/unpublish":         may(library.ActContent, helsinki, "/admin/news/{news}/unpublish"),
	"POST /admin/news/{id}/delete":            may(library.ActContent, helsinki, "/admin/news/{news}/delete"),
	"GET /admin/pages":                        may(library.ActContent, own, "/admin/pages"),
	"GET /admin/pages/new":                    may(library.ActContent, own, "/admin/pages/new"),
	"POST /admin/pages":                       {path: "/admin/pages", access: permitted, act: library.ActContent, scope: helsinki, form: url.Values{"library": {"helsinki"}}},
	"GET /admin/pages/{id}":                   may(library.ActContent, helsinki, "/admin/pages/{page}"),
	"POST /admin/pages/{id}":                  may(library.ActContent, helsinki, "/admin/pages/{page}"),
	"POST /admin/pages/{id}/publish":          may(library.ActContent, helsinki, "/admin/pages/{page}/publish"),
	"POST /admin/pages/{id}/unpublish":        may(library.ActContent, helsinki, "/admin/pages/{page}/unpublish"),
	"POST /admin/pages/{id}/delete":           may(library.ActContent, helsinki, "/admin/pages/{page}/delete"),
	"GET /admin/events":                       may(library.ActAttendees, own, "/admin/events"),
	"GET /admin/series/{sid}":                 may(library.ActContent, oodi, "/admin/series/{series}"),
	"POST /admin/series/{sid}":                may(library.ActContent, oodi, "/admin/series/{series}"),
	"GET /admin/series/{sid}/cancel":          may(library.ActContent, oodi, "/admin/series/{series}/cancel"),
	"POST /admin/series/{sid}/cancel":         may(library.ActContent, oodi, "/admin/series/{series}/cancel"),
	"POST /admin/events/{id}/delete":          may(library.ActContent, oodi, "/admin/events/{event}/delete"),
	"GET /admin/events/{id}/image":            may(library.ActContent, oodi, "/admin/events/{event}/image"),
	"GET /admin/events/{id}/image/preview":    may(library.ActContent, oodi, "/admin/events/{event}/image/preview"),
	"POST /admin/events/{id}/image":           may(library.ActContent, oodi, "/admin/events/{event}/image"),
	"POST /admin/events/{id}/image/delete":    may(library.ActContent, oodi, "/admin/events/{event}/image/delete"),
	"GET /admin/picks":                        may(library.ActContent, own, "/admin/picks"),
	"GET /admin/picks/new":                    may(library.ActContent, own, "/admin/picks/new"),
	"POST /admin/picks":                       {path: "/admin/picks", access: permitted, act: library.ActContent, scope: helsinki, form: url.Values{"place": {"helsinki"}}},
	"GET /admin/picks/{id}":                   may(library.ActContent, helsinki, "/admin/picks/{pick}"),
	"POST /admin/picks/{id}":                  may(library.ActContent, helsinki, "/admin/picks/{pick}"),
	"POST /admin/picks/{id}/publish":          may(library.ActContent, helsinki, "/admin/picks/{pick}/publish"),
	"POST /admin/picks/{id}/unpublish":        may(library.ActContent, helsinki, "/admin/picks/{pick}/unpublish"),
	"POST /admin/picks/{id}/delete":           may(library.ActContent, helsinki, "/admin/picks/{pick}/delete"),
	"GET /admin/events/new":                   may(library.ActContent, own, "/admin/events/new"),
	"POST /admin/events":                      may(library.ActContent, own, "/admin/events"),
	"GET /admin/events/series/new":            may(library.ActContent, own, "/admin/events/series/new"),
	"POST /admin/events/series":               may(library.ActContent, own, "/admin/events/series"),
	"GET /admin/events/{id}":                  may(library.ActContent, oodi, "/admin/events/{event}"),
	"POST /admin/events/{id}":                 may(library.ActContent, oodi, "/admin/events/{event}"),
	"GET /admin/events/{id}/cancel":           may(library.ActContent, oodi, "/admin/events/{event}/cancel"),
	"POST /admin/events/{id}/cancel":          may(library.ActContent, oodi, "/admin/events/{event}/cancel"),
	"GET /admin/events/{id}/attendees":        may(library.ActAttendees, oodi, "/admin/events/{event}/attendees"),
	"POST /admin/events/{id}/attendees":       may(library.ActAttendees, oodi, "/admin/events/{event}/attendees"),
	"POST /admin/events/{id}/attendees/{sid}": may(library.ActAttendees, oodi, "/admin/events/{event}/attendees/{signup}"),

	// Bookings: {resource} and {booking} are a room at Oodi and its
	// booking next week; a new resource's branch is in its form.
	"GET /admin/resources":                           may(library.ActResources, own, "/admin/resources"),
	"GET /admin/resources/new":                       may(library.ActResources, own, "/admin/resources/new"),
	"POST /admin/resources":                          {path: "/admin/resources", access: permitted, act: library.ActResources, scope: oodi, form: url.Values{"branch": {"hki-oodi"}}},
	"GET /admin/resources/{id}":                      may(library.ActResources, oodi, "/admin/resources/{resource}"),
	"POST /admin/resources/{id}":                     may(library.ActResources, oodi, "/admin/resources/{resource}"),
	"POST /admin/resources/{id}/withdraw":            may(library.ActResources, oodi, "/admin/resources/{resource}/withdraw"),
	"POST /admin/resources/{id}/restore":             may(library.ActResources, oodi, "/admin/resources/{resource}/restore"),
	"POST /admin/resources/{id}/photos":              may(library.ActResources, oodi, "/admin/resources/{resource}/photos"),
	"GET /admin/resources/{id}/photos/{pid}":         may(library.ActResources, oodi, "/admin/resources/{resource}/photos/999"),
	"POST /admin/resources/{id}/photos/{pid}/delete": may(library.ActResources, oodi, "/admin/resources/{resource}/photos/999/delete"),
	"GET /admin/bookings":                            may(library.ActBookings, own, "/admin/bookings"),
	"GET /admin/bookings/requests":                   may(library.ActBookings, own, "/admin/bookings/requests"),
	"GET /admin/bookings/new":                        may(library.ActBookings, own, "/admin/bookings/new"),
	"POST /admin/bookings":                           may(library.ActBookings, own, "/admin/bookings"),
	"GET /admin/bookings/blocks/new":                 may(library.ActBookings, own, "/admin/bookings/blocks/new"),
	"POST /admin/bookings/blocks":                    may(library.ActBookings, own, "/admin/bookings/blocks"),
	"GET /admin/bookings/no-shows":                   may(library.ActRules, own, "/admin/bookings/no-shows"),
	"POST /admin/bookings/no-shows":                  {path: "/admin/bookings/no-shows", access: permitted, act: library.ActRules, scope: helsinki, form: url.Values{"library": {"helsinki"}}},
	"GET /admin/bookings/{id}":                       may(library.ActBookings, oodi, "/admin/bookings/{booking}"),
	"POST /admin/bookings/{id}/{action}":             may(library.ActBookings, oodi, "/admin/bookings/{booking}/check-in"),

	// The chat's console; 999 is a chat or saved answer that does not
	// exist. The live routes answer at once with ?wait=0 (a GET of the
	// socket's address without an upgrade is a long poll).
	"GET /admin/chat":                      may(library.ActAsk, own, "/admin/chat"),
	"POST /admin/chat/duty":                may(library.ActAsk, own, "/admin/chat/duty"),
	"POST /admin/chat/{id}/take":           may(library.ActAsk, own, "/admin/chat/999/take"),
	"POST /admin/chat/{id}/messages":       may(library.ActAsk, own, "/admin/chat/999/messages"),
	"POST /admin/chat/{id}/handover":       may(library.ActAsk, own, "/admin/chat/999/handover"),
	"POST /admin/chat/{id}/end":            may(library.ActAsk, own, "/admin/chat/999/end"),
	"GET /admin/chat/ws":                   may(library.ActAsk, own, "/admin/chat/ws?wait=0"),
	"GET /admin/chat/events":               may(library.ActAsk, own, "/admin/chat/events?wait=0"),
	"POST /admin/chat/send":                may(library.ActAsk, own, "/admin/chat/send"),
	"GET /admin/chat/answers":              may(library.ActAsk, own, "/admin/chat/answers"),
	"POST /admin/chat/answers":             may(library.ActAsk, own, "/admin/chat/answers"),
	"POST /admin/chat/answers/{id}/delete": may(library.ActAsk, own, "/admin/chat/answers/999/delete"),
	"GET /admin/chat/hours":                may(library.ActAsk, own, "/admin/chat/hours"),
	"POST /admin/chat/hours": {path: "/admin/chat/hours", access: permitted, act: library.ActAsk, scope: helsinki,
		form: url.Values{"queue": {"helsinki"}}},
	"POST /admin/chat/settings": may(library.ActConsortium, library.ConsortiumScope, "/admin/chat/settings"),
	// Purchase suggestions: {suggestion} is a Helsinki patron's; its
	// group is the page's and the actions'.
	"GET /admin/suggestions":               may(library.ActAsk, own, "/admin/suggestions"),
	"GET /admin/suggestions/{id}":          may(library.ActAsk, helsinki, "/admin/suggestions/{suggestion}"),
	"POST /admin/suggestions/{id}/accept":  may(library.ActAsk, helsinki, "/admin/suggestions/{suggestion}/accept"),
	"POST /admin/suggestions/{id}/decline": may(library.ActAsk, helsinki, "/admin/suggestions/{suggestion}/decline"),
	"POST /admin/suggestions/{id}/owned":   may(library.ActAsk, helsinki, "/admin/suggestions/{suggestion}/owned"),
	"POST /admin/suggestions/{id}/arrived": may(library.ActAsk, helsinki, "/admin/suggestions/{suggestion}/arrived"),
	// Questions and feedback: {question} and {feedback} are Helsinki's
	// (the feedback with the sender's consent to publish); the inbox's
	// library is in its form.
	"GET /admin/elib":           may(library.ActELibrary, own, "/admin/elib"),
	"GET /admin/elib/rules":     may(library.ActELibrary, own, "/admin/elib/rules"),
	"POST /admin/elib/limits":   {path: "/admin/elib/limits", access: permitted, act: library.ActELibrary, scope: helsinki, form: url.Values{"library": {"helsinki"}}},
	"POST /admin/elib/budget":   {path: "/admin/elib/budget", access: permitted, act: library.ActELibrary, scope: helsinki, form: url.Values{"library": {"helsinki"}}},
	"GET /admin/elib/stats":     may(library.ActStatistics, own, "/admin/elib/stats"),
	"GET /admin/elib/stats.csv": may(library.ActStatistics, own, "/admin/elib/stats.csv"),

	"GET /admin/ask":                        may(library.ActAsk, own, "/admin/ask"),
	"POST /admin/ask/inbox":                 {path: "/admin/ask/inbox", access: permitted, act: library.ActBranches, scope: helsinki, form: url.Values{"library": {"helsinki"}}},
	"GET /admin/ask/questions":              may(library.ActAsk, own, "/admin/ask/questions"),
	"GET /admin/ask/questions/{id}":         may(library.ActAsk, helsinki, "/admin/ask/questions/{question}"),
	"POST /admin/ask/questions/{id}/{step}": may(library.ActAsk, helsinki, "/admin/ask/questions/{question}/answer"),
	"GET /admin/ask/feedback":               may(library.ActAsk, own, "/admin/ask/feedback"),
	"GET /admin/ask/feedback/{id}":          may(library.ActAsk, helsinki, "/admin/ask/feedback/{feedback}"),
	"POST /admin/ask/feedback/{id}/{step}":  may(library.ActAsk, helsinki, "/admin/ask/feedback/{feedback}/close"),
}

// TestEveryStaffRouteEveryRole walks the whole matrix: every staff route
// the areas register, for every role and signed out, on both databases.
// A forbidden role gets 403 (before any validation of the empty form);
// an allowed one gets 200 for a page, and for a form anything but 403,
// a server error or the sign-in (400, 409 or 422 for the empty form, 303
// when it needs no fields, 404 for a rule or exception that does not
// exist); signed out gets 303 to the staff sign-in.
func TestEveryStaffRouteEveryRole(t *testing.T) {
	routes := staffRoutes(t)
	if len(routes) < 50 {
		t.Fatalf("found only %d staff routes in the source: %v", len(routes), routes)
	}
	for _, r := range routes {
		if _, ok := staffMatrix[r]; !ok {
			t.Errorf("%s is not in the staff matrix: say who may use it", r)
		}
	}
	for r := range staffMatrix {
		if !slices.Contains(routes, r) {
			t.Errorf("%s is in the staff matrix but no area registers it", r)
		}
	}

	// Each role gets a fresh consortium, so that what an allowed role's
	// empty form changed (a branch closed, an item withdrawn) does not
	// turn another role's 403 into a 404.
	type who struct{ name, role, branch, lib string }
	roles := []who{{name: "signed_out"}}
	for _, r := range library.Roles {
		roles = append(roles, who{r, r, "hki-oodi", "helsinki"})
	}
	// Another library's administrator may do nothing to Helsinki's.
	roles = append(roles, who{"espoo_library_admin", library.RoleLibraryAdmin, "esp-sello", "espoo"})
	for _, w := range roles {
		t.Run(w.name, func(t *testing.T) {
			webtest.ForEachCircEnv(t, func(t *testing.T, e *webtest.CircEnv) {
				st := library.Staff{Role: w.role, Branch: w.branch, Library: w.lib}
				walkStaffMatrix(t, e, st, routes)
			})
		})
	}
}

func walkStaffMatrix(t *testing.T, e *webtest.CircEnv, st library.Staff, routes []string) {
	role := st.Role
	ctx := context.Background()
	p, err := e.DB.CreatePatron(ctx, library.Patron{CardNumber: "2000", Name: "Helsinkiläinen, Hilkka", PickupBranch: "hki-oodi", HomeLibrary: "helsinki"}, "")
	if err != nil {
		t.Fatal(err)
	}
	target, err := e.DB.CreateStaff(ctx, library.Staff{Username: "target", Name: "Target", Role: library.RoleBranchStaff, Branch: "hki-oodi"}, "a long enough password")
	if err != nil {
		t.Fatal(err)
	}
	news, err := e.DB.CreateNews(ctx, library.NewsItem{Library: "helsinki", Title: library.Text{"fi": "Uutinen"},
		Publication: library.Publication{Status: library.StatusDraft}}, target, webtest.Now)
	if err != nil {
		t.Fatal(err)
	}
	page, err := e.DB.CreatePage(ctx, library.Page{Library: "helsinki", Slug: "tietoa", Kind: library.PageAbout,
		Title: library.Text{"fi": "Tietoa"}, Body: library.Text{"fi": "Teksti."}, Publication: library.Publication{Status: library.StatusDraft}}, target, webtest.Now)
	if err != nil {
		t.Fatal(err)
	}
	pick, err := e.DB.CreatePick(ctx, library.Pick{Library: "helsinki", Title: library.Text{"fi": "Valinta"},
		Records: []library.PickRecord{{RecordID: e.Records["(TEST)1"]}}, Publication: library.Publication{Status: library.StatusDraft}},
		library.Staff{Role: library.RoleAdmin}, webtest.Now)
	if err != nil {
		t.Fatal(err)
	}
	question, err := e.DB.Ask(ctx, library.Question{Library: "helsinki", Topic: library.QTopicLoans, Text: "Eräpäivä?",
		Sender: library.Sender{PatronID: p.ID}}, webtest.Now)
	if err != nil {
		t.Fatal(err)
	}
	feedback, err := e.DB.SendFeedback(ctx, library.Feedback{Kind: library.FeedbackIdea, Library: "helsinki", Text: "Lisää penkkejä",
		Consent: true, Sender: library.Sender{PatronID: p.ID}}, webtest.Now)
	if err != nil {
		t.Fatal(err)
	}
	ev, su, series := matrixEvent(t, e)
	res, bk := matrixBooking(t, e)
	sug := matrixSuggestion(t, e, p)
	fill := strings.NewReplacer(
		"{suggestion}", strconv.FormatInt(sug, 10),
		"{resource}", strconv.FormatInt(res, 10),
		"{question}", strconv.FormatInt(question.ID, 10),
		"{feedback}", strconv.FormatInt(feedback.ID, 10),
		"{booking}", strconv.FormatInt(bk, 10),
		"{pick}", strconv.FormatInt(pick.ID, 10),
		"{news}", strconv.FormatInt(news.ID, 10),
		"{page}", strconv.FormatInt(page.ID, 10),
		"{event}", strconv.FormatInt(ev, 10),
		"{signup}", strconv.FormatInt(su, 10),
		"{series}", strconv.FormatInt(series, 10),
		"{record}", strconv.FormatInt(e.Records["(TEST)1"], 10),
		"{barcode}", "T1-1",
		"{patron}", strconv.FormatInt(p.ID, 10),
		"{staff}", strconv.FormatInt(target.ID, 10),
	)
	var cookie []string
	if role != "" {
		cookie = []string{e.StaffAt(t, "matrix-"+role, role, st.Branch, "en"), "Sec-Fetch-Site: same-origin"}
	}
	for _, route := range routes {
		row, ok := staffMatrix[route]
		if !ok {
			continue
		}
		method, _, _ := strings.Cut(route, " ")
		path := fill.Replace(row.path)
		scope := row.scope
		if scope == own {
			scope = st.Reach()
		}
		form := row.form
		if form == nil && method != http.MethodGet {
			form = url.Values{}
		}
		resp, body := e.Do(t, method, path, form, cookie...)
		got, loc := resp.StatusCode, resp.Header.Get("Location")
		toSignIn := got == http.StatusSeeOther && strings.HasPrefix(loc, "/staff/signin")
		if got >= 500 {
			t.Errorf("%s %s as %q: %d\n%.300s", method, path, role, got, body)
			continue
		}
		switch {
		case row.access == public:
			// Anyone may use it; only a server error is wrong.
		case role == "":
			if !toSignIn {
				t.Errorf("%s %s signed out: %d to %q, want 303 to the staff sign-in", method, path, got, loc)
			}
		case row.access == anyStaff || library.Permit(st, row.act, scope) == nil:
			if got == http.StatusForbidden || toSignIn {
				t.Errorf("%s %s as %s: %d to %q, want it allowed", method, path, role, got, loc)
			} else if method == http.MethodGet && !strings.Contains(path, "/999") && got != http.StatusOK {
				// A page of something that exists shows it: a 404 here
				// would mean the row's path misses its route.
				t.Errorf("GET %s as %s: %d to %q, want 200", path, role, got, loc)
			}
		default:
			if got != http.StatusForbidden {
				t.Errorf("%s %s as %s: %d to %q, want 403 (Permit refuses %s)", method, path, role, got, loc, row.act)
			}
		}
	}
}

// matrixEvent creates a published event at Oodi with one sign-up, and
// returns their IDs.
func matrixEvent(t *testing.T, e *webtest.CircEnv) (event, signup, series int64) {
	t.Helper()
	ctx := context.Background()
	start := webtest.Now.Add(7 * 24 * time.Hour)
	ev, err := e.DB.CreateEvent(ctx, library.Staff{Role: library.RoleAdmin}, library.Event{Library: "helsinki", Branch: "hki-oodi",
		Title: library.Text{"fi": "Satutuokio"}, Start: start, End: start.Add(time.Hour), Category: library.StoryTime,
		Registration: true, Status: library.EventPublished, PublishAt: webtest.Now}, webtest.Now)
	if err != nil {
		t.Fatal(err)
	}
	s, err := e.DB.SignUp(ctx, library.SignupRequest{EventID: ev.ID, PatronID: e.Patron.ID}, webtest.Now)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.DB.SetEventImage(ctx, library.Staff{Role: library.RoleAdmin}, ev.ID, webtest.PNG(t, 40, 30), webtest.Now); err != nil {
		t.Fatal(err)
	}
	tmpl := ev
	tmpl.ID, tmpl.Registration = 0, false
	sr, err := e.DB.CreateSeries(ctx, library.Staff{Role: library.RoleAdmin}, library.Series{Template: tmpl,
		Rule: library.Recurrence{Weekdays: []time.Weekday{time.Monday}, From: library.LocalDate(start), Count: 3,
			Start: library.Clock(10 * 60), End: library.Clock(11 * 60)}}, webtest.Now)
	if err != nil {
		t.Fatal(err)
	}
	return ev.ID, s.Signup.ID, sr.Series.ID
}

// matrixBooking creates a room at Oodi with a booking next week, and
// returns their IDs.
func matrixBooking(t *testing.T, e *webtest.CircEnv) (resource, booking int64) {
	t.Helper()
	ctx := context.Background()
	root := library.Staff{ID: 1, Role: library.RoleAdmin}
	r, err := e.DB.CreateResource(ctx, library.Resource{BranchID: "hki-oodi", Kind: library.KindRoom, Name: library.Text{"fi": "Ryhmätila"},
		Capacity: 6, SlotMinutes: 60, MinMinutes: 60, MaxMinutes: 120, HorizonDays: 30}, root, webtest.Now)
	if err != nil {
		t.Fatal(err)
	}
	start := library.LocalDate(webtest.Now).AddDays(7).In(library.Helsinki, library.NewClock(12, 0))
	b, err := e.DB.Book(ctx, library.BookingRequest{ResourceID: r.ID, PatronID: e.Patron.ID, Start: start, End: start.Add(time.Hour)}, webtest.Now)
	if err != nil {
		t.Fatal(err)
	}
	return r.ID, b.Booking.ID
}
