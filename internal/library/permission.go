package library

import "fmt"

// Staff permissions. Every staff page and staff API asks Permit before it
// acts or shows anything, so the answer to "may this staff member do this
// here" is decided in this file and nowhere else.
//
// A staff member has a role and works for a member library (the city):
// the library their account names, else the library of their default
// branch. Each role has a set of actions, and each of those actions a
// reach: the places where the role may do it.
//
//	reach          the places it covers
//	consortium     every branch, every library, and the consortium itself
//	library        the staff member's own library and each of its branches
//	branch         the staff member's own branch (their default branch)
//	shared         the consortium itself (the shared catalogue's records)
//	               and the staff member's own library and its branches
//	               (the items that library owns)
//
// The matrix (role × action → reach; an empty cell is forbidden):
//
//	action      admin       library_admin  branch_staff  cataloguer  statistics  content
//	desk        consortium  library        library       .           .           .
//	work_lists  consortium  library        library       .           .           .
//	take_fees   consortium  library        library       .           .           .
//	outbox      consortium  library        library       .           .           .
//	patrons     consortium  library        library       .           .           .
//	catalogue   consortium  shared         .             shared      .           .
//	branches    consortium  library        .             .           .           .
//	rules       consortium  library        .             .           .           .
//	staff       consortium  library        .             .           .           .
//	audit       consortium  library        .             .           .           .
//	statistics  consortium  library        branch        .           library*    .
//	consortium  consortium  .              .             .           .           .
//	content     consortium  library        .             .           .           library*
//	attendees   consortium  library        library       .           .           library*
//	resources   consortium  library        .             .           .           .
//	bookings    consortium  library        library       .           .           .
//	ask         consortium  library        library       .           .           library*
//	elibrary    consortium  library        .             .           .           .
//
// (*) A statistics or content account with neither library nor branch
// is a consortium-level account: its reach is the consortium.
//
// A role other than the consortium administrator's whose library is
// unknown (no library named, its branch belongs to no library) reaches
// only what the consortium itself holds: nothing for branch staff and
// library administrators, the shared records for a cataloguer. An empty
// reach must never mean "everywhere".
//
// Why these reaches:
//
//   - ActDesk and ActWorkLists act at a branch: check out, check in and
//     renew at that branch's desk, and its pick list, hold shelf and
//     transits. Patrons of every city borrow at every branch, so looking a
//     patron up at one's own desk needs no more.
//   - ActTakeFees acts at the library that charged the fee: the fee is its
//     money, so its staff may take it (or waive it) at the desk. A patron
//     of Helsinki who owes Espoo pays Espoo's staff, online, or at an
//     administrator's desk; Helsinki's staff cannot mark Espoo's fee paid.
//   - ActOutbox acts at the patrons' home library: branch staff see the
//     notices of their own city's patrons, an administrator all of them.
//   - ActPatrons acts at the patron's home library: registering a patron
//     makes them a patron of the registering library; editing, blocking,
//     PINs, cards and merging act at the patron's home library, so that
//     each city keeps its own register. Any desk still serves any patron
//     through ActDesk.
//   - ActCatalogue acts at ConsortiumScope for a bibliographic record (the
//     catalogue is shared: one record for every city's copies) and at the
//     owning library (or branch) for an item. Cataloguers therefore edit
//     records consortium-wide, and items of their own library only: a
//     copy is the owning city's property, as its fees are.
//   - ActBranches, ActRules and ActStaff act at the library whose branches,
//     loan rules or staff they change; ActConsortium (the consortium's own
//     settings, adding member libraries) and rules that bind every library
//     act at ConsortiumScope, which only the consortium administrator
//     reaches.
//   - ActAudit acts at the library the audit entries belong to; a library
//     administrator reads their own library's trail, the consortium
//     administrator all of it.
//   - ActStatistics acts at the library whose figures are read, at a
//     branch for a branch's own, or at ConsortiumScope for the
//     consortium's totals. Branch staff (the branch's manager among them)
//     read their own branch's figures only: another branch's loans are
//     that branch's business, and a city's totals its administrators'.
//   - ActContent acts at the library (or branch) whose events, news,
//     pages and librarians' picks are written, and at ConsortiumScope for
//     the consortium's own; the content role is the editors' and event
//     organisers', who need no desk.
//   - ActAttendees acts at the branch of an event: its attendee list,
//     marking attendance and signing someone up at the desk, which the
//     branch's desk staff do on the day as well as the organisers.
//   - ActResources acts at the branch whose bookable rooms, studios,
//     instruments and help sessions are defined; ActBookings at the branch
//     whose bookings are made, checked in, approved or declined at the desk.
//   - ActAsk acts at the library a resident's question, feedback or
//     purchase suggestion is for: the city's desk staff answer questions
//     and feedback, its administrators decide what to buy, and the content
//     role, who keeps the web service, hears about the web service too.
//     Espoo's staff cannot answer Helsinki's question.
//   - ActELibrary acts at the library whose e-licences, e-lending limits
//     and cost-per-circulation budget are set, and at ConsortiumScope for
//     the shared e-collection's licences. Licences are purchases and
//     limits and budgets are lending rules and money, like ActRules, so
//     cataloguers (who describe the e-titles under ActCatalogue) do not
//     get it, nor do branch staff.
//
// Who may give which role is decided here too (MayGrant, MayManage): a
// staff member may give only rights they hold themselves, so a library
// administrator manages their own library's staff but can never make a
// consortium administrator, a consortium-level statistics account, or
// staff of another city.

// Action is something a staff member does.
type Action string

// Staff actions.
const (
	ActDesk      Action = "desk"       // look up patrons, check out, check in, renew at a branch
	ActWorkLists Action = "work_lists" // a branch's pick list, hold shelf and transits
	ActTakeFees  Action = "take_fees"  // mark a fee paid at the desk
	ActOutbox    Action = "outbox"     // see whether patrons' notices went out

	ActPatrons    Action = "patrons"    // register, edit, block, merge patrons; PINs and cards
	ActCatalogue  Action = "catalogue"  // create and edit records and items
	ActBranches   Action = "branches"   // a library's and its branches' details, hours and exceptions
	ActRules      Action = "rules"      // loan and fee rules
	ActStaff      Action = "staff"      // staff accounts and their roles
	ActAudit      Action = "audit"      // read the audit trail
	ActStatistics Action = "statistics" // read statistics
	ActConsortium Action = "consortium" // the consortium's own settings and its member libraries
	ActContent    Action = "content"    // events, news, pages and librarians' picks
	ActAttendees  Action = "attendees"  // an event's attendee list, attendance, signing up at the desk
	ActResources  Action = "resources"  // bookable rooms, studios, instruments, help sessions
	ActBookings   Action = "bookings"   // a branch's bookings: schedule, check-in, approval, on a resident's behalf
	ActAsk        Action = "ask"        // questions, feedback and purchase suggestions
	ActELibrary   Action = "elibrary"   // e-licences, e-lending limits and cost-per-circulation budgets
)

// Actions lists every staff action, for tests that walk them all.
var Actions = []Action{
	ActDesk, ActWorkLists, ActTakeFees, ActOutbox,
	ActPatrons, ActCatalogue, ActBranches, ActRules, ActStaff, ActAudit, ActStatistics, ActConsortium,
	ActContent, ActAttendees, ActResources, ActBookings, ActAsk, ActELibrary,
}

// Roles lists every staff role, widest first, for forms and for tests
// that walk them all.
var Roles = []string{RoleAdmin, RoleLibraryAdmin, RoleBranchStaff, RoleCataloguer, RoleStatistics, RoleContent}

// KnownRole reports whether role is one of Roles.
func KnownRole(role string) bool {
	_, ok := matrix[role]
	return ok
}

// NeedsLibrary reports whether an account of role must work for a member
// library: library administrators and branch staff act for one city
// only. The others may be consortium-level accounts.
func NeedsLibrary(role string) bool {
	return role == RoleLibraryAdmin || role == RoleBranchStaff
}

// Scope is a place an action happens at: a branch of a member library, a
// whole member library (Branch empty), or the whole consortium (both
// empty).
type Scope struct {
	Library string
	Branch  string
}

// BranchScope is the scope of acting at one branch of a library.
func BranchScope(libraryID, branchID string) Scope {
	return Scope{Library: libraryID, Branch: branchID}
}

// LibraryScope is the scope of a whole member library.
func LibraryScope(libraryID string) Scope { return Scope{Library: libraryID} }

// ConsortiumScope is the scope of every library.
var ConsortiumScope = Scope{}

// reach is how far a role may do one action (see the file comment).
type reach int

const (
	reachNone       reach = iota
	reachLibrary          // the staff member's own library and its branches
	reachBranch           // the staff member's own branch only
	reachShared           // the consortium scope itself, and the own library
	reachConsortium       // everywhere
)

// matrix is the table of the file comment: role → action → reach. An
// action missing from a role's row is forbidden to it; a role missing
// from the table may do nothing.
var matrix = map[string]map[Action]reach{
	RoleAdmin: {
		ActDesk: reachConsortium, ActWorkLists: reachConsortium, ActTakeFees: reachConsortium,
		ActOutbox: reachConsortium, ActPatrons: reachConsortium, ActCatalogue: reachConsortium,
		ActBranches: reachConsortium, ActRules: reachConsortium, ActStaff: reachConsortium,
		ActAudit: reachConsortium, ActStatistics: reachConsortium, ActConsortium: reachConsortium,
		ActContent: reachConsortium, ActAttendees: reachConsortium, ActResources: reachConsortium,
		ActBookings: reachConsortium, ActAsk: reachConsortium, ActELibrary: reachConsortium,
	},
	RoleLibraryAdmin: {
		ActDesk: reachLibrary, ActWorkLists: reachLibrary, ActTakeFees: reachLibrary,
		ActOutbox: reachLibrary, ActPatrons: reachLibrary, ActCatalogue: reachShared,
		ActBranches: reachLibrary, ActRules: reachLibrary, ActStaff: reachLibrary,
		ActAudit: reachLibrary, ActStatistics: reachLibrary,
		ActContent: reachLibrary, ActAttendees: reachLibrary, ActResources: reachLibrary,
		ActBookings: reachLibrary, ActAsk: reachLibrary, ActELibrary: reachLibrary,
	},
	RoleBranchStaff: {
		ActDesk: reachLibrary, ActWorkLists: reachLibrary, ActTakeFees: reachLibrary,
		ActOutbox: reachLibrary, ActPatrons: reachLibrary,
		ActAttendees: reachLibrary, ActBookings: reachLibrary, ActAsk: reachLibrary,
		ActStatistics: reachBranch,
	},
	RoleCataloguer: {
		ActCatalogue: reachShared,
	},
	RoleStatistics: {
		ActStatistics: reachLibrary, // the consortium for a consortium-level account
	},
	RoleContent: {
		ActContent: reachLibrary, ActAttendees: reachLibrary, ActAsk: reachLibrary, // the consortium for a consortium-level account
	},
}

// consortiumLevel reports whether st is a consortium-level account of a
// role that may be one: statistics or content with neither library nor
// branch.
func consortiumLevel(st Staff) bool {
	return (st.Role == RoleStatistics || st.Role == RoleContent) && st.Library == "" && st.Branch == ""
}

// reachOf is how far st may do act.
func (st Staff) reachOf(act Action) reach {
	r := matrix[st.Role][act]
	if st.Library == "" && NeedsLibrary(st.Role) {
		return reachNone // lost: its library is unknown
	}
	if r == reachBranch && st.Branch == "" {
		return reachNone // a branch's reach with no branch reaches nothing
	}
	if r == reachLibrary && consortiumLevel(st) {
		return reachConsortium
	}
	return r
}

// Reach is the widest scope a staff member acts in for most of their
// work: the consortium for an administrator and for a consortium-level
// statistics account, their own library for everyone else. (A cataloguer
// also edits the shared records, at ConsortiumScope; Permit knows.)
func (st Staff) Reach() Scope {
	if st.Role == RoleAdmin || consortiumLevel(st) {
		return ConsortiumScope
	}
	return LibraryScope(st.Library)
}

// ReachFor is the widest scope st may do act in: the consortium, their
// library, or their branch for an action their role does at their own
// branch only (branch staff's statistics). Pages that show "everything
// one may see" start from it.
func (st Staff) ReachFor(act Action) Scope {
	switch st.reachOf(act) {
	case reachConsortium:
		return ConsortiumScope
	case reachBranch:
		return BranchScope(st.Library, st.Branch)
	}
	return LibraryScope(st.Library)
}

// May reports whether st may do act anywhere at all, for menus that show
// only the pages a staff member can use.
func (st Staff) May(act Action) bool { return matrix[st.Role][act] != reachNone }

// Within reports whether the scope s lies inside reach.
func (s Scope) Within(reach Scope) bool {
	if reach.Library != "" && s.Library != reach.Library {
		return false
	}
	if reach.Branch != "" && s.Branch != reach.Branch {
		return false
	}
	return true
}

// Permit answers whether st may do act at the place at. It returns nil,
// or an EFORBIDDEN error whose Key says why in the user's language.
func Permit(st Staff, act Action, at Scope) error {
	r := st.reachOf(act)
	if matrix[st.Role][act] == reachNone {
		return &Error{Code: EFORBIDDEN, Key: "error.staff_role",
			Message: fmt.Sprintf("staff %d (%s) may not %s", st.ID, st.Role, act)}
	}
	if reaches(r, st.Library, st.Branch, at) {
		return nil
	}
	key := "error.staff_other_library"
	if act == ActTakeFees {
		key = "error.staff_fee_other_library"
	}
	return &Error{Code: EFORBIDDEN, Key: key,
		Message: fmt.Sprintf("staff %d (%s) of %q may not %s at %+v", st.ID, st.Role, st.Library, act, at)}
}

// reaches reports whether a reach r from the library own (and the branch
// ownBranch) covers at. An own library of "" covers no library: it must
// never widen the reach.
func reaches(r reach, own, ownBranch string, at Scope) bool {
	switch r {
	case reachBranch:
		return own != "" && ownBranch != "" && at.Library == own && at.Branch == ownBranch
	case reachConsortium:
		return true
	case reachShared:
		if at == ConsortiumScope {
			return true
		}
		fallthrough
	case reachLibrary:
		return own != "" && at.Library == own
	}
	return false
}

// MayGrant answers whether granter may give someone role in the member
// library lib ("" for an account of no library: a consortium
// administrator, a consortium-level statistics account, a cataloguer of
// records only). The granter must be allowed to manage staff of that
// library, and must hold every right the role would give there: nobody
// hands out rights wider than their own. An unknown role is EINVALID, a
// role that needs a library given none is EINVALID, anything else refused
// is EFORBIDDEN.
func MayGrant(granter Staff, role, lib string) error {
	if !KnownRole(role) {
		return &Error{Code: EINVALID, Key: "error.staff_role_unknown", Message: fmt.Sprintf("unknown staff role %q", role)}
	}
	if lib == "" && NeedsLibrary(role) {
		return &Error{Code: EINVALID, Key: "error.staff_library_required",
			Message: fmt.Sprintf("role %s needs a member library", role)}
	}
	if err := Permit(granter, ActStaff, LibraryScope(lib)); err != nil {
		return err
	}
	grantee := Staff{Role: role, Library: lib}
	for act := range matrix[role] {
		if !covers(granter, act, grantee) {
			return &Error{Code: EFORBIDDEN, Key: "error.staff_grant_wider",
				Message: fmt.Sprintf("staff %d (%s) may not give role %s in %q: it would %s beyond their own rights",
					granter.ID, granter.Role, role, lib, act)}
		}
	}
	return nil
}

// MayManage answers whether manager may change, disable, enable or set a
// password or second factor for the account target: only someone who
// could have given target its present role and library may touch it, so
// a library administrator cannot disable a consortium administrator.
// Staff may always manage their own second factor and password through
// the store's own-account methods, which do not ask MayManage.
func MayManage(manager, target Staff) error {
	return MayGrant(manager, target.Role, target.Library)
}

// covers reports whether granter's reach for act includes every place
// grantee's reach for act includes.
func covers(granter Staff, act Action, grantee Staff) bool {
	own := grantee.Library == "" || Permit(granter, act, LibraryScope(grantee.Library)) == nil
	switch grantee.reachOf(act) {
	case reachConsortium:
		return granter.reachOf(act) == reachConsortium
	case reachShared:
		return own && Permit(granter, act, ConsortiumScope) == nil
	case reachLibrary, reachBranch:
		return own // a library of "" reaches nothing
	}
	return true
}
