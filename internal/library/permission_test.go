package library

import "testing"

// TestPermit walks every role against every staff action at every kind of
// place: the member's own branch, another branch of their city, a branch
// of another city, their city as a whole, another city, the consortium.
func TestPermit(t *testing.T) {
	helsinki := Staff{ID: 1, Role: RoleBranchStaff, Branch: "hki-oodi", Library: "helsinki"}
	admin := Staff{ID: 2, Role: RoleAdmin, Branch: "hki-oodi", Library: "helsinki"}
	lost := Staff{ID: 3, Role: RoleBranchStaff, Branch: "gone"}   // a branch of no library
	unknown := Staff{ID: 4, Role: "janitor", Library: "helsinki"} // a role nobody defined
	places := []struct {
		name string
		at   Scope
		// allowed: whether branch staff of Helsinki may act there.
		helsinkiMay bool
	}{
		{"own branch", BranchScope("helsinki", "hki-oodi"), true},
		{"other branch of own city", BranchScope("helsinki", "hki-kallio"), true},
		{"branch of another city", BranchScope("espoo", "esp-sello"), false},
		{"own city", LibraryScope("helsinki"), true},
		{"another city", LibraryScope("espoo"), false},
		{"consortium", ConsortiumScope, false},
	}
	for _, act := range Actions {
		for _, p := range places {
			tests := []struct {
				who  string
				st   Staff
				want bool
			}{
				{"branch staff", helsinki, p.helsinkiMay},
				{"admin", admin, true},
				{"branch staff of no library", lost, false},
				{"unknown role", unknown, false},
			}
			for _, tt := range tests {
				t.Run(string(act)+"/"+p.name+"/"+tt.who, func(t *testing.T) {
					err := Permit(tt.st, act, p.at)
					if got := err == nil; got != tt.want {
						t.Fatalf("Permit = %v, want allowed %v", err, tt.want)
					}
					if err != nil && (ErrorCode(err) != EFORBIDDEN || ErrorKey(err) == "error."+EFORBIDDEN) {
						t.Errorf("refusal %v: want EFORBIDDEN with a key of its own", err)
					}
				})
			}
		}
	}
}

// TestEveryRoleHasItsActions fails when a role is added without saying
// what it may do.
func TestEveryRoleHasItsActions(t *testing.T) {
	for _, role := range []string{RoleAdmin, RoleBranchStaff} {
		if len(roleActions[role]) == 0 {
			t.Errorf("role %q has no actions", role)
		}
	}
}
