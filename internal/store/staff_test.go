package store_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/kirjasto/kirjasto/internal/library"
	"github.com/kirjasto/kirjasto/internal/store"
	"github.com/kirjasto/kirjasto/internal/store/storetest"
)

const staffPassword = "a long staff password"

// staffFixture stores the circulation consortium (Espoo, Helsinki,
// Vantaa) with cheap hashing, and a consortium administrator and a
// library administrator of Helsinki made by the system.
func staffFixture(t *testing.T, db *store.DB) (admin, hkiAdmin library.Staff) {
	t.Helper()
	accounts(db)
	ctx := context.Background()
	if err := db.PutConsortium(ctx, circConsortium()); err != nil {
		t.Fatal(err)
	}
	admin = mustAddStaff(t, db, library.SystemStaff, library.Staff{Username: "root", Name: "Root", Role: library.RoleAdmin})
	hkiAdmin = mustAddStaff(t, db, admin, library.Staff{Username: "hki-admin", Name: "Helsinki admin", Role: library.RoleLibraryAdmin, Library: "helsinki"})
	return admin, hkiAdmin
}

func mustAddStaff(t *testing.T, db *store.DB, by, s library.Staff) library.Staff {
	t.Helper()
	st, err := db.AddStaff(context.Background(), by, s, staffPassword, t0)
	if err != nil {
		t.Fatalf("add staff %s: %v", s.Username, err)
	}
	return st
}

func TestStaff(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		staffFixture(t, db)
		s, err := db.CreateStaff(ctx, library.Staff{Username: " Espoo-Staff ", Name: "Espoo desk", Branch: "esp-sello"}, "correct horse battery")
		if err != nil {
			t.Fatal(err)
		}
		want := library.Staff{ID: s.ID, Username: "espoo-staff", Name: "Espoo desk", Role: library.RoleBranchStaff,
			Branch: "esp-sello", Library: "espoo", Created: s.Created}
		got, err := db.AuthenticateStaff(ctx, "ESPOO-staff", "correct horse battery", t0)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("AuthenticateStaff (-want +got):\n%s", diff)
		}
		if got, err := db.Staff(ctx, s.ID); err != nil || got != want {
			t.Errorf("Staff(%d) = %+v, %v", s.ID, got, err)
		}
		if _, err := db.AuthenticateStaff(ctx, "espoo-staff", "wrong horse battery", t0); library.ErrorCode(err) != library.EUNAUTHORIZED {
			t.Errorf("wrong password: %v, want unauthorized", err)
		}
	})
}

// TestAddStaffRefusals: bad input and missing rights get a clear error
// and leave nothing behind.
func TestAddStaffRefusals(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		admin, hkiAdmin := staffFixture(t, db)
		desk := mustAddStaff(t, db, hkiAdmin, library.Staff{Username: "oodi", Name: "Oodi desk", Branch: "hki-oodi"})
		tests := []struct {
			name     string
			by       library.Staff
			s        library.Staff
			password string
			code     string
			key      string
		}{
			{"duplicate username, other case", admin, library.Staff{Username: "OODI", Name: "x", Branch: "hki-oodi"}, staffPassword,
				library.ECONFLICT, "error.staff_username_taken"},
			{"branch of another library", admin, library.Staff{Username: "x1", Name: "x", Library: "helsinki", Branch: "esp-sello"}, staffPassword,
				library.EINVALID, "error.staff_branch_library"},
			{"unknown branch", admin, library.Staff{Username: "x2", Name: "x", Branch: "nowhere"}, staffPassword,
				library.EINVALID, "error.staff_branch_unknown"},
			{"unknown library", admin, library.Staff{Username: "x3", Name: "x", Role: library.RoleLibraryAdmin, Library: "turku"}, staffPassword,
				library.EINVALID, "error.staff_library_unknown"},
			{"short password", admin, library.Staff{Username: "x4", Name: "x", Branch: "hki-oodi"}, "elevenchars",
				library.EINVALID, "error.staff_password_short"},
			{"unknown role", admin, library.Staff{Username: "x5", Name: "x", Role: "janitor", Branch: "hki-oodi"}, staffPassword,
				library.EINVALID, "error.staff_role_unknown"},
			{"branch staff of no library", admin, library.Staff{Username: "x6", Name: "x", Role: library.RoleBranchStaff}, staffPassword,
				library.EINVALID, "error.staff_library_required"},
			{"no name", admin, library.Staff{Username: "x7", Branch: "hki-oodi"}, staffPassword,
				library.EINVALID, "error.staff_name_required"},
			{"username with a space", admin, library.Staff{Username: "aino v", Name: "x", Branch: "hki-oodi"}, staffPassword,
				library.EINVALID, "error.staff_username_format"},
			{"library admin makes a consortium admin", hkiAdmin, library.Staff{Username: "x8", Name: "x", Role: library.RoleAdmin}, staffPassword,
				library.EFORBIDDEN, "error.staff_other_library"},
			{"library admin makes an admin in their city", hkiAdmin, library.Staff{Username: "x9", Name: "x", Role: library.RoleAdmin, Branch: "hki-oodi"}, staffPassword,
				library.EFORBIDDEN, "error.staff_grant_wider"},
			{"library admin makes staff of another city", hkiAdmin, library.Staff{Username: "x10", Name: "x", Branch: "esp-sello"}, staffPassword,
				library.EFORBIDDEN, "error.staff_other_library"},
			{"branch staff make staff", desk, library.Staff{Username: "x11", Name: "x", Branch: "hki-oodi"}, staffPassword,
				library.EFORBIDDEN, "error.staff_role"},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				before := staffCount(t, db)
				_, err := db.AddStaff(ctx, tt.by, tt.s, tt.password, t0)
				if library.ErrorCode(err) != tt.code || library.ErrorKey(err) != tt.key {
					t.Errorf("AddStaff = %v (key %q), want %s %s", err, library.ErrorKey(err), tt.code, tt.key)
				}
				if n := staffCount(t, db); n != before {
					t.Errorf("%d accounts after a refusal, want %d", n, before)
				}
			})
		}
	})
}

func staffCount(t *testing.T, db *store.DB) int {
	t.Helper()
	all, err := db.ListStaff(context.Background(), library.StaffFilter{})
	if err != nil {
		t.Fatal(err)
	}
	return len(all)
}

// TestAddStaffSameUsernameAtOnce: of simultaneous creations of one
// username in different cases, one wins and the others get the conflict.
func TestAddStaffSameUsernameAtOnce(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		admin, _ := staffFixture(t, db)
		const n = 8
		errs := make([]error, n)
		var wg sync.WaitGroup
		for i := range n {
			wg.Go(func() {
				name := "Aino"
				if i%2 == 1 {
					name = "AINO"
				}
				_, errs[i] = db.AddStaff(context.Background(), admin, library.Staff{Username: name, Name: "Aino", Branch: "hki-oodi"}, staffPassword, t0)
			})
		}
		wg.Wait()
		ok := 0
		for _, err := range errs {
			switch {
			case err == nil:
				ok++
			case library.ErrorKey(err) != "error.staff_username_taken":
				t.Errorf("AddStaff: %v, want success or error.staff_username_taken", err)
			}
		}
		if ok != 1 {
			t.Errorf("%d creations succeeded, want 1", ok)
		}
	})
}

func TestListAndUpdateStaff(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		admin, hkiAdmin := staffFixture(t, db)
		oodi := mustAddStaff(t, db, hkiAdmin, library.Staff{Username: "oodi", Name: "Oodi desk", Branch: "hki-oodi"})
		sello := mustAddStaff(t, db, admin, library.Staff{Username: "sello", Name: "Sello desk", Branch: "esp-sello"})
		stats := mustAddStaff(t, db, admin, library.Staff{Username: "numbers", Name: "Consortium statistics", Role: library.RoleStatistics})
		if err := db.DisableStaff(ctx, admin, sello.ID, t0); err != nil {
			t.Fatal(err)
		}
		names := func(f library.StaffFilter) []string {
			t.Helper()
			ss, err := db.ListStaff(ctx, f)
			if err != nil {
				t.Fatal(err)
			}
			var out []string
			for _, s := range ss {
				out = append(out, s.Username)
			}
			return out
		}
		for _, tt := range []struct {
			f    library.StaffFilter
			want []string
		}{
			{library.StaffFilter{}, []string{"numbers", "hki-admin", "oodi", "root", "sello"}},
			{library.StaffFilter{Library: "helsinki"}, []string{"hki-admin", "oodi"}},
			{library.StaffFilter{Role: library.RoleBranchStaff}, []string{"oodi", "sello"}},
			{library.StaffFilter{Role: library.RoleBranchStaff, State: library.StaffActive}, []string{"oodi"}},
			{library.StaffFilter{State: library.StaffDisabled}, []string{"sello"}},
		} {
			if diff := cmp.Diff(tt.want, names(tt.f)); diff != "" {
				t.Errorf("ListStaff(%+v) (-want +got):\n%s", tt.f, diff)
			}
		}
		if _, err := db.ListStaff(ctx, library.StaffFilter{State: "sleeping"}); library.ErrorCode(err) != library.EINVALID {
			t.Errorf("unknown state: %v", err)
		}
		if stats.Library != "" || stats.Reach() != library.ConsortiumScope {
			t.Errorf("consortium statistics account: library %q, reach %+v", stats.Library, stats.Reach())
		}

		// The library admin makes Oodi's desk a cataloguer of Helsinki.
		oodi.Role, oodi.Name = library.RoleCataloguer, "Oodi cataloguing"
		got, err := db.UpdateStaff(ctx, hkiAdmin, oodi, t0)
		if err != nil {
			t.Fatal(err)
		}
		if got.Role != library.RoleCataloguer || got.Library != "helsinki" || got.Name != "Oodi cataloguing" {
			t.Errorf("after update: %+v", got)
		}
		refusals := []struct {
			name string
			by   library.Staff
			s    library.Staff
			key  string
		}{
			{"library admin moves staff to another city", hkiAdmin, library.Staff{ID: oodi.ID, Name: "x", Role: library.RoleBranchStaff, Branch: "esp-sello"}, "error.staff_other_library"},
			{"library admin raises staff to admin", hkiAdmin, library.Staff{ID: oodi.ID, Name: "x", Role: library.RoleAdmin, Branch: "hki-oodi"}, "error.staff_grant_wider"},
			{"library admin changes the consortium admin", hkiAdmin, library.Staff{ID: admin.ID, Name: "x", Role: library.RoleBranchStaff, Branch: "hki-oodi"}, "error.staff_other_library"},
			{"library admin changes another city's staff", hkiAdmin, library.Staff{ID: sello.ID, Name: "x", Role: library.RoleBranchStaff, Branch: "esp-sello"}, "error.staff_other_library"},
			{"library admin makes themselves admin", hkiAdmin, library.Staff{ID: hkiAdmin.ID, Name: "x", Role: library.RoleAdmin}, "error.staff_other_library"},
			{"the last admin steps down", admin, library.Staff{ID: admin.ID, Name: "Root", Role: library.RoleLibraryAdmin, Library: "espoo"}, "error.staff_last_admin"},
			{"unknown account", admin, library.Staff{ID: 9999, Name: "x", Role: library.RoleBranchStaff, Branch: "hki-oodi"}, "error.staff_not_found"},
			{"branch of another library", admin, library.Staff{ID: oodi.ID, Name: "x", Role: library.RoleBranchStaff, Library: "helsinki", Branch: "esp-sello"}, "error.staff_branch_library"},
		}
		for _, tt := range refusals {
			t.Run(tt.name, func(t *testing.T) {
				before, _ := db.StaffAccount(ctx, tt.s.ID)
				if _, err := db.UpdateStaff(ctx, tt.by, tt.s, t0); library.ErrorKey(err) != tt.key {
					t.Errorf("UpdateStaff = %v (key %q), want %s", err, library.ErrorKey(err), tt.key)
				}
				if after, _ := db.StaffAccount(ctx, tt.s.ID); after != before {
					t.Errorf("refused update changed the account: %+v → %+v", before, after)
				}
			})
		}
	})
}

// TestDisableStaff: a disabled account cannot sign in and its sessions
// end at once; enabled again, it signs in.
func TestDisableStaff(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		admin, hkiAdmin := staffFixture(t, db)
		oodi := mustAddStaff(t, db, hkiAdmin, library.Staff{Username: "oodi", Name: "Oodi desk", Branch: "hki-oodi"})
		sess, err := db.NewSession(ctx, library.Session{StaffID: oodi.ID, Created: t0})
		if err != nil {
			t.Fatal(err)
		}
		if err := db.DisableStaff(ctx, hkiAdmin, oodi.ID, t0); err != nil {
			t.Fatal(err)
		}
		if _, err := db.SessionByToken(ctx, sess.Token, t0.Add(time.Second)); library.ErrorCode(err) != library.EUNAUTHORIZED {
			t.Errorf("session of a disabled account: %v, want unauthorized", err)
		}
		if _, err := db.AuthenticateStaff(ctx, "oodi", staffPassword, t0); library.ErrorCode(err) != library.EUNAUTHORIZED {
			t.Errorf("sign-in of a disabled account: %v, want unauthorized", err)
		}
		if _, err := db.Staff(ctx, oodi.ID); library.ErrorCode(err) != library.ENOTFOUND {
			t.Errorf("Staff of a disabled account: %v, want not found", err)
		}
		if got, err := db.StaffAccount(ctx, oodi.ID); err != nil || !got.DisabledAt.Equal(t0) {
			t.Errorf("StaffAccount = %+v, %v; want disabled at %v", got, err, t0)
		}
		// Enabled again, it signs in; the old session stays ended.
		if err := db.EnableStaff(ctx, hkiAdmin, oodi.ID, t0); err != nil {
			t.Fatal(err)
		}
		if _, err := db.AuthenticateStaff(ctx, "oodi", staffPassword, t0); err != nil {
			t.Errorf("sign-in after enabling: %v", err)
		}
		if _, err := db.SessionByToken(ctx, sess.Token, t0.Add(time.Second)); err == nil {
			t.Errorf("the ended session came back with the account")
		}

		for _, tt := range []struct {
			name string
			by   library.Staff
			id   int64
			key  string
		}{
			{"oneself", hkiAdmin, hkiAdmin.ID, "error.staff_disable_self"},
			{"a consortium admin, by a library admin", hkiAdmin, admin.ID, "error.staff_other_library"},
			{"the last consortium admin", library.SystemStaff, admin.ID, "error.staff_last_admin"},
			{"by branch staff", oodi, hkiAdmin.ID, "error.staff_role"},
		} {
			t.Run(tt.name, func(t *testing.T) {
				if err := db.DisableStaff(ctx, tt.by, tt.id, t0); library.ErrorKey(err) != tt.key {
					t.Errorf("DisableStaff = %v, want %s", err, tt.key)
				}
				if _, err := db.Staff(ctx, tt.id); err != nil {
					t.Errorf("account disabled after a refusal: %v", err)
				}
			})
		}
	})
}

func TestStaffPasswords(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		_, hkiAdmin := staffFixture(t, db)
		oodi := mustAddStaff(t, db, hkiAdmin, library.Staff{Username: "oodi", Name: "Oodi desk", Branch: "hki-oodi"})
		sess, err := db.NewSession(ctx, library.Session{StaffID: oodi.ID, Created: t0})
		if err != nil {
			t.Fatal(err)
		}
		if err := db.SetStaffPassword(ctx, hkiAdmin, oodi.ID, "short", t0); library.ErrorKey(err) != "error.staff_password_short" || library.ErrorCount(err) != library.MinStaffPassword {
			t.Errorf("short password: %v", err)
		}
		if err := db.SetStaffPassword(ctx, oodi, hkiAdmin.ID, "a new password here", t0); library.ErrorCode(err) != library.EFORBIDDEN {
			t.Errorf("branch staff resetting their admin's password: %v", err)
		}
		if err := db.SetStaffPassword(ctx, hkiAdmin, oodi.ID, "a new password here", t0); err != nil {
			t.Fatal(err)
		}
		if _, err := db.SessionByToken(ctx, sess.Token, t0.Add(time.Second)); library.ErrorCode(err) != library.EUNAUTHORIZED {
			t.Errorf("session after a password reset: %v, want unauthorized", err)
		}
		if _, err := db.AuthenticateStaff(ctx, "oodi", staffPassword, t0); library.ErrorCode(err) != library.EUNAUTHORIZED {
			t.Errorf("old password after reset: %v", err)
		}
		if err := db.ChangeStaffPassword(ctx, oodi.ID, "not the password", "another new password", t0); library.ErrorKey(err) != "error.staff_password_wrong" {
			t.Errorf("change with a wrong old password: %v", err)
		}
		if err := db.ChangeStaffPassword(ctx, oodi.ID, "a new password here", "another new password", t0); err != nil {
			t.Fatal(err)
		}
		if _, err := db.AuthenticateStaff(ctx, "oodi", "another new password", t0); err != nil {
			t.Errorf("changed password: %v", err)
		}
	})
}

// TestLastAdminAtOnce: two administrators disabling each other at the
// same moment leave one of them enabled.
func TestLastAdminAtOnce(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		admin, _ := staffFixture(t, db)
		other := mustAddStaff(t, db, admin, library.Staff{Username: "root2", Name: "Root 2", Role: library.RoleAdmin})
		for round := range 3 {
			var wg sync.WaitGroup
			errs := make([]error, 2)
			pair := [][2]library.Staff{{admin, other}, {other, admin}}
			for i, p := range pair {
				wg.Go(func() { errs[i] = db.DisableStaff(ctx, p[0], p[1].ID, t0) })
			}
			wg.Wait()
			left, err := db.ListStaff(ctx, library.StaffFilter{Role: library.RoleAdmin, State: library.StaffActive})
			if err != nil {
				t.Fatal(err)
			}
			if len(left) != 1 {
				t.Fatalf("round %d: %d enabled admins left (%v), want 1", round, len(left), errs)
			}
			// Enable the disabled one again for the next round.
			var disabled library.Staff
			for _, s := range []library.Staff{admin, other} {
				if s.ID != left[0].ID {
					disabled = s
				}
			}
			if err := db.EnableStaff(ctx, left[0], disabled.ID, t0); err != nil {
				t.Fatal(err)
			}
		}
	})
}
