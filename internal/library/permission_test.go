package library

import (
	"fmt"
	"testing"
)

// places are where an action can happen, seen from a Helsinki staff
// member working at hki-oodi.
var places = []struct {
	name string
	at   Scope
}{
	{"own branch", BranchScope("helsinki", "hki-oodi")},
	{"other branch of own city", BranchScope("helsinki", "hki-kallio")},
	{"branch of another city", BranchScope("espoo", "esp-sello")},
	{"own city", LibraryScope("helsinki")},
	{"another city", LibraryScope("espoo")},
	{"consortium", ConsortiumScope},
}

// Each cell lists, in the order of places, whether the action is allowed
// there: Y allowed, . forbidden.
const (
	everywhere = "YYYYYY"
	ownCity    = "YY.Y.."
	ownBranch  = "Y....."
	shared     = "YY.Y.Y" // the shared records, and the own city's items
	nowhere    = "......"
)

// wantMatrix is the matrix of permission.go's comment, written out once
// more by hand: a change to one without the other fails the test.
var wantMatrix = map[string]map[Action]string{
	RoleAdmin: {
		ActDesk: everywhere, ActWorkLists: everywhere, ActTakeFees: everywhere, ActOutbox: everywhere,
		ActPatrons: everywhere, ActCatalogue: everywhere, ActBranches: everywhere, ActRules: everywhere,
		ActStaff: everywhere, ActAudit: everywhere, ActStatistics: everywhere, ActConsortium: everywhere,
		ActContent: everywhere, ActAttendees: everywhere, ActResources: everywhere, ActBookings: everywhere, ActAsk: everywhere, ActELibrary: everywhere,
	},
	RoleLibraryAdmin: {
		ActDesk: ownCity, ActWorkLists: ownCity, ActTakeFees: ownCity, ActOutbox: ownCity,
		ActPatrons: ownCity, ActCatalogue: shared, ActBranches: ownCity, ActRules: ownCity,
		ActStaff: ownCity, ActAudit: ownCity, ActStatistics: ownCity, ActConsortium: nowhere,
		ActContent: ownCity, ActAttendees: ownCity, ActResources: ownCity, ActBookings: ownCity, ActAsk: ownCity, ActELibrary: ownCity,
	},
	RoleBranchStaff: {
		ActDesk: ownCity, ActWorkLists: ownCity, ActTakeFees: ownCity, ActOutbox: ownCity,
		ActPatrons: ownCity, ActCatalogue: nowhere, ActBranches: nowhere, ActRules: nowhere,
		ActStaff: nowhere, ActAudit: nowhere, ActStatistics: ownBranch, ActConsortium: nowhere,
		ActContent: nowhere, ActAttendees: ownCity, ActResources: nowhere, ActBookings: ownCity, ActAsk: ownCity, ActELibrary: nowhere,
	},
	RoleCataloguer: {
		ActDesk: nowhere, ActWorkLists: nowhere, ActTakeFees: nowhere, ActOutbox: nowhere,
		ActPatrons: nowhere, ActCatalogue: shared, ActBranches: nowhere, ActRules: nowhere,
		ActStaff: nowhere, ActAudit: nowhere, ActStatistics: nowhere, ActConsortium: nowhere,
		ActContent: nowhere, ActAttendees: nowhere, ActResources: nowhere, ActBookings: nowhere, ActAsk: nowhere, ActELibrary: nowhere,
	},
	RoleStatistics: {
		ActDesk: nowhere, ActWorkLists: nowhere, ActTakeFees: nowhere, ActOutbox: nowhere,
		ActPatrons: nowhere, ActCatalogue: nowhere, ActBranches: nowhere, ActRules: nowhere,
		ActStaff: nowhere, ActAudit: nowhere, ActStatistics: ownCity, ActConsortium: nowhere,
		ActContent: nowhere, ActAttendees: nowhere, ActResources: nowhere, ActBookings: nowhere, ActAsk: nowhere, ActELibrary: nowhere,
	},
	RoleContent: {
		ActDesk: nowhere, ActWorkLists: nowhere, ActTakeFees: nowhere, ActOutbox: nowhere,
		ActPatrons: nowhere, ActCatalogue: nowhere, ActBranches: nowhere, ActRules: nowhere,
		ActStaff: nowhere, ActAudit: nowhere, ActStatistics: nowhere, ActConsortium: nowhere,
		ActContent: ownCity, ActAttendees: ownCity, ActResources: nowhere, ActBookings: nowhere, ActAsk: ownCity, ActELibrary: nowhere,
	},
}

// TestPermit walks every role against every staff action at every kind of
// place: the member's own branch, another branch of their city, a branch
// of another city, their city as a whole, another city, the consortium.
// It fails when a role or an action has no row in wantMatrix.
func TestPermit(t *testing.T) {
	for _, role := range Roles {
		row, ok := wantMatrix[role]
		if !ok {
			t.Errorf("role %q is not in the test's matrix", role)
			continue
		}
		for _, act := range Actions {
			cell, ok := row[act]
			if !ok {
				t.Errorf("role %q: action %q is not in the test's matrix", role, act)
				continue
			}
			st := Staff{ID: 1, Role: role, Branch: "hki-oodi", Library: "helsinki"}
			for i, p := range places {
				t.Run(fmt.Sprintf("%s/%s/%s", role, act, p.name), func(t *testing.T) {
					checkPermit(t, st, act, p.at, cell[i] == 'Y')
				})
			}
		}
	}
	// Whatever the code knows must be in the test too.
	for role, acts := range matrix {
		if _, ok := wantMatrix[role]; !ok {
			t.Errorf("role %q has rights but is not in Roles or the test", role)
		}
		for act := range acts {
			if !listed(Actions, act) {
				t.Errorf("action %q of role %q is not in Actions", act, role)
			}
		}
	}
	if len(Roles) != len(matrix) {
		t.Errorf("Roles has %d roles, the matrix %d", len(Roles), len(matrix))
	}
}

// TestPermitWithoutLibrary covers the accounts whose library is unknown,
// and unknown roles: an empty library must never mean "everywhere", except
// for the accounts that are meant to be consortium-wide.
func TestPermitWithoutLibrary(t *testing.T) {
	tests := []struct {
		who  string
		st   Staff
		want map[Action]string // actions not listed are forbidden everywhere
	}{
		{"admin of no branch", Staff{Role: RoleAdmin}, wantMatrix[RoleAdmin]},
		{"branch staff of a branch of no library", Staff{Role: RoleBranchStaff, Branch: "gone"}, nil},
		{"library admin of no library", Staff{Role: RoleLibraryAdmin}, nil},
		{"cataloguer of no library: records only", Staff{Role: RoleCataloguer}, map[Action]string{ActCatalogue: ".....Y"}},
		{"consortium-level statistics", Staff{Role: RoleStatistics}, map[Action]string{ActStatistics: everywhere}},
		{"statistics of a branch of no library", Staff{Role: RoleStatistics, Branch: "gone"}, nil},
		{"consortium-level content", Staff{Role: RoleContent}, map[Action]string{ActContent: everywhere, ActAttendees: everywhere, ActAsk: everywhere}},
		{"content of a branch of no library", Staff{Role: RoleContent, Branch: "gone"}, nil},
		{"unknown role", Staff{Role: "janitor", Library: "helsinki", Branch: "hki-oodi"}, nil},
		{"no role", Staff{Library: "helsinki"}, nil},
	}
	for _, tt := range tests {
		for _, act := range Actions {
			cell, ok := tt.want[act]
			if !ok {
				cell = nowhere
			}
			for i, p := range places {
				t.Run(fmt.Sprintf("%s/%s/%s", tt.who, act, p.name), func(t *testing.T) {
					checkPermit(t, tt.st, act, p.at, cell[i] == 'Y')
				})
			}
		}
	}
}

func checkPermit(t *testing.T, st Staff, act Action, at Scope, want bool) {
	t.Helper()
	err := Permit(st, act, at)
	if got := err == nil; got != want {
		t.Fatalf("Permit(%+v, %s, %+v) = %v, want allowed %v", st, act, at, err, want)
	}
	if err != nil && (ErrorCode(err) != EFORBIDDEN || ErrorKey(err) == "" || ErrorKey(err) == "error."+EFORBIDDEN) {
		t.Errorf("refusal %v: want EFORBIDDEN with a key of its own", err)
	}
}

func listed[T comparable](xs []T, x T) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}

// TestMayGrant: nobody gives rights wider than their own.
func TestMayGrant(t *testing.T) {
	admin := Staff{ID: 1, Role: RoleAdmin}
	hkiAdmin := Staff{ID: 2, Role: RoleLibraryAdmin, Library: "helsinki", Branch: "hki-oodi"}
	desk := Staff{ID: 3, Role: RoleBranchStaff, Library: "helsinki", Branch: "hki-oodi"}
	cataloguer := Staff{ID: 4, Role: RoleCataloguer, Library: "helsinki"}
	tests := []struct {
		name    string
		granter Staff
		role    string
		lib     string
		code    string // "" allowed
		key     string
	}{
		{"admin makes an admin", admin, RoleAdmin, "", "", ""},
		{"admin makes a library admin", admin, RoleLibraryAdmin, "espoo", "", ""},
		{"admin makes consortium statistics", admin, RoleStatistics, "", "", ""},
		{"admin makes a records-only cataloguer", admin, RoleCataloguer, "", "", ""},
		{"library admin makes branch staff", hkiAdmin, RoleBranchStaff, "helsinki", "", ""},
		{"library admin makes a library admin of their city", hkiAdmin, RoleLibraryAdmin, "helsinki", "", ""},
		{"library admin makes a cataloguer", hkiAdmin, RoleCataloguer, "helsinki", "", ""},
		{"library admin makes city statistics", hkiAdmin, RoleStatistics, "helsinki", "", ""},
		{"library admin makes an admin", hkiAdmin, RoleAdmin, "", EFORBIDDEN, "error.staff_other_library"},
		{"library admin makes an admin of their city", hkiAdmin, RoleAdmin, "helsinki", EFORBIDDEN, "error.staff_grant_wider"},
		{"library admin makes consortium statistics", hkiAdmin, RoleStatistics, "", EFORBIDDEN, "error.staff_other_library"},
		{"library admin makes staff of another city", hkiAdmin, RoleBranchStaff, "espoo", EFORBIDDEN, "error.staff_other_library"},
		{"branch staff make branch staff", desk, RoleBranchStaff, "helsinki", EFORBIDDEN, "error.staff_role"},
		{"cataloguer makes a cataloguer", cataloguer, RoleCataloguer, "helsinki", EFORBIDDEN, "error.staff_role"},
		{"unknown role", admin, "janitor", "helsinki", EINVALID, "error.staff_role_unknown"},
		{"branch staff of no library", admin, RoleBranchStaff, "", EINVALID, "error.staff_library_required"},
		{"library admin of no library", admin, RoleLibraryAdmin, "", EINVALID, "error.staff_library_required"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := MayGrant(tt.granter, tt.role, tt.lib)
			if ErrorCode(err) != tt.code && !(tt.code == "" && err == nil) {
				t.Fatalf("MayGrant = %v, want code %q", err, tt.code)
			}
			if tt.code == "" && err != nil {
				t.Fatalf("MayGrant = %v, want allowed", err)
			}
			if tt.code != "" && ErrorKey(err) != tt.key {
				t.Errorf("key %q, want %q", ErrorKey(err), tt.key)
			}
		})
	}
	t.Run("library admin may not disable an admin", func(t *testing.T) {
		if err := MayManage(hkiAdmin, Staff{Role: RoleAdmin, Library: "helsinki"}); ErrorCode(err) != EFORBIDDEN {
			t.Errorf("MayManage = %v, want EFORBIDDEN", err)
		}
	})
}

// TestEveryRoleHasItsActions fails when a role is added without saying
// what it may do.
func TestEveryRoleHasItsActions(t *testing.T) {
	for _, role := range Roles {
		if len(matrix[role]) == 0 {
			t.Errorf("role %q has no actions", role)
		}
	}
}
