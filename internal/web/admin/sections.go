package admin

import "github.com/kirjasto/kirjasto/internal/library"

// section is one part of the administration, as the index lists it.
type section struct {
	Path  string         // its page
	Title string         // message id of its name
	Text  string         // message id of what it is for
	Act   library.Action // what a staff member must be permitted to see it
	// Library says the page acts for a whole library at least, so that
	// a role whose reach for Act is one branch does not see it.
	Library bool
}

// sections are the administration's parts (every staff member's own
// account, /admin/account, is linked from the index and the desk whatever
// the role), in the order a new consortium
// meets them: libraries and branches, staff, loan rules, patrons'
// registration, cataloguing. A page joins the index with a line here
// when its handler is registered (area.go).
//
// Adding a page, say the branches:
//   - branches.go: func (s *server) serveBranches(w, r, st library.Staff)
//     error, which first asks library.Permit(st, library.ActBranches,
//     scope) and returns its error, then calls s.Render(w, r, status,
//     "admin_branches", title, data). A form's handler is registered for
//     POST and answers 303 See Other to a page to GET.
//   - templates/admin_branches.html: {{define "content"}}...{{end}}; page
//     names are the site's, so admin's begin with admin_.
//   - area.go: page("GET /admin/branches", s.serveBranches).
//   - here: a section with Path /admin/branches, the message ids of its
//     Title and Text, and Act library.ActBranches.
//   - messages in an area file of your own, i18n/*/AREA.toml, in all
//     seven languages; an API route also goes in web's openapi.json.
//   - tests in this package through webtest: ForEachCircEnv, and
//     e.StaffAt(t, name, role, branch, lang) for a staff member's cookie.
var sections = []section{
	{Path: "/admin/libraries", Title: "admin.libraries.title", Text: "admin.libraries.intro", Act: library.ActBranches},
	{Path: "/admin/staff", Title: "staff.admin.title", Text: "staff.admin.section", Act: library.ActStaff},
	{Path: "/admin/audit", Title: "audit.title", Text: "audit.section", Act: library.ActAudit},
	{Path: "/admin/rules", Title: "admin_rules.title", Text: "admin_rules.section", Act: library.ActRules},
	{Path: "/catalogue", Title: "cataloguing.title", Text: "polish.catalogue.section", Act: library.ActCatalogue},
	{Path: "/admin/news", Title: "content.admin.news_title", Text: "content.admin.news_section", Act: library.ActContent},
	{Path: "/admin/pages", Title: "content.admin.pages_title", Text: "content.admin.pages_section", Act: library.ActContent},
	{Path: "/admin/events", Title: "events_staff.title", Text: "events_staff.section", Act: library.ActAttendees},
	{Path: "/admin/ask", Title: "ask_staff.workspace.title", Text: "ask_staff.workspace.section", Act: library.ActAsk},
	{Path: "/admin/picks", Title: "picks.admin.title", Text: "picks.admin.section", Act: library.ActContent},
	{Path: "/admin/bookings", Title: "bookings_staff.schedule.title", Text: "bookings_staff.schedule.section", Act: library.ActBookings},
	{Path: "/admin/bookings/requests", Title: "bookings_staff.requests.title", Text: "bookings_staff.requests.section", Act: library.ActBookings},
	{Path: "/admin/resources", Title: "bookings_staff.resources.title", Text: "bookings_staff.resources.section", Act: library.ActResources},
	{Path: "/admin/bookings/no-shows", Title: "bookings_staff.noshow.title", Text: "bookings_staff.noshow.section", Act: library.ActRules},
	{Path: "/admin/suggestions", Title: "suggest_staff.title", Text: "suggest_staff.section", Act: library.ActAsk},
	{Path: "/admin/elib", Title: "elibstaff.title", Text: "elibstaff.section", Act: library.ActELibrary},
	{Path: "/admin/elib/rules", Title: "elibstaff.rules.title", Text: "elibstaff.rules.section", Act: library.ActELibrary},
	{Path: "/admin/elib/stats", Title: "elibstaff.stats.title", Text: "elibstaff.stats.section", Act: library.ActStatistics},
	{Path: "/admin/stats", Title: "stats_web.title", Text: "stats_web.section", Act: library.ActStatistics},
	{Path: "/admin/stats/national", Title: "stats_web.national.title", Text: "stats_web.national.section", Act: library.ActStatistics, Library: true},
}

// permitted returns the sections of list that library.Permit lets st do,
// within the reach of their role.
func permitted(st library.Staff, list []section) []section {
	var out []section
	for _, sec := range list {
		at := st.ReachFor(sec.Act)
		if sec.Library && at.Branch != "" {
			continue
		}
		if library.Permit(st, sec.Act, at) == nil {
			out = append(out, sec)
		}
	}
	return out
}
