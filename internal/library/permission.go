package library

import "fmt"

// Staff permissions. Every staff page and staff API asks Permit before it
// acts or shows anything, so the answer to "may this staff member do this
// here" is decided in this file and nowhere else. The administration work
// will add roles and narrower scopes; it extends the table below.
//
// A staff member works within a reach: a consortium administrator reaches
// every library; branch staff reach the member library (the city) of the
// branch they work at, every branch of it. An action is permitted when the
// place it acts at lies within the reach and the role has the action.
//
// The places, by action:
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

// Action is something a staff member does.
type Action string

// Staff actions.
const (
	ActDesk      Action = "desk"       // look up patrons, check out, check in, renew at a branch
	ActWorkLists Action = "work_lists" // a branch's pick list, hold shelf and transits
	ActTakeFees  Action = "take_fees"  // mark a fee paid at the desk
	ActOutbox    Action = "outbox"     // see whether patrons' notices went out

	// The administration's actions (issue 12); the matrix below grows with
	// them as their pages land.
	ActPatrons    Action = "patrons"    // register, edit, block, merge patrons; PINs and cards
	ActCatalogue  Action = "catalogue"  // create and edit records and items
	ActBranches   Action = "branches"   // a library's and its branches' details, hours and exceptions
	ActRules      Action = "rules"      // loan and fee rules
	ActStaff      Action = "staff"      // staff accounts and their roles
	ActAudit      Action = "audit"      // read the audit trail
	ActStatistics Action = "statistics" // read statistics
	ActConsortium Action = "consortium" // the consortium's own settings and its member libraries
)

// Actions lists every staff action, for tests that walk them all.
// TODO(issue 12): the administration's actions join it with their rows of
// the matrix.
var Actions = []Action{ActDesk, ActWorkLists, ActTakeFees, ActOutbox}

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

// roleActions are the actions of each role. An unknown role may do nothing.
var roleActions = map[string][]Action{
	RoleAdmin:       {ActDesk, ActWorkLists, ActTakeFees, ActOutbox},
	RoleBranchStaff: {ActDesk, ActWorkLists, ActTakeFees, ActOutbox},
}

// Reach is the widest scope a staff member acts in: the consortium for an
// administrator, their branch's library for branch staff.
func (st Staff) Reach() Scope {
	if st.Role == RoleAdmin {
		return ConsortiumScope
	}
	return LibraryScope(st.Library)
}

// Within reports whether the scope at lies inside s.
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
	if !roleHas(st.Role, act) {
		return &Error{Code: EFORBIDDEN, Key: "error.staff_role",
			Message: fmt.Sprintf("staff %d (%s) may not %s", st.ID, st.Role, act)}
	}
	reach := st.Reach()
	// Branch staff whose branch belongs to no library reach nothing (an
	// empty reach would be the whole consortium).
	lost := st.Role != RoleAdmin && reach.Library == ""
	if lost || !at.Within(reach) {
		key := "error.staff_other_library"
		if act == ActTakeFees {
			key = "error.staff_fee_other_library"
		}
		return &Error{Code: EFORBIDDEN, Key: key,
			Message: fmt.Sprintf("staff %d of %q may not %s at %+v", st.ID, st.Library, act, at)}
	}
	return nil
}

func roleHas(role string, act Action) bool {
	for _, a := range roleActions[role] {
		if a == act {
			return true
		}
	}
	return false
}
