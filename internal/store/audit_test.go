package store_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/kirjasto/kirjasto/internal/library"
	"github.com/kirjasto/kirjasto/internal/store"
	"github.com/kirjasto/kirjasto/internal/store/storetest"
)

// TestAuditSameTransaction: an action and its audit entry commit
// together: a failing action leaves no entry, a failing entry undoes the
// action.
func TestAuditSameTransaction(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		e := library.AuditEntry{StaffID: 7, Action: "patron.block", PatronID: 42, Library: "helsinki", Detail: "lost card"}
		if err := db.AuditWith(ctx, "fails-after", e, t0, errors.New("the action failed")); err == nil {
			t.Fatal("want the action's error")
		}
		if err := db.AuditWith(ctx, "bad-code", library.AuditEntry{Action: "Not A Code"}, t0, nil); err == nil {
			t.Fatal("a malformed action code was written")
		}
		if got := auditRows(t, db, library.AuditFilter{}); len(got) != 0 {
			t.Errorf("entries of failed actions: %+v", got)
		}
		if n := staffCount(t, db); n != 0 {
			t.Errorf("%d accounts left by failed actions, want 0", n)
		}
		if err := db.AuditWith(ctx, "commits", e, t0, nil); err != nil {
			t.Fatal(err)
		}
		got := auditRows(t, db, library.AuditFilter{})
		if len(got) != 1 || staffCount(t, db) != 1 {
			t.Fatalf("after a committed action: %d entries, %d accounts; want 1 and 1", len(got), staffCount(t, db))
		}
		e.ID, e.At = got[0].ID, t0
		if diff := cmp.Diff(e, got[0]); diff != "" {
			t.Errorf("entry (-want +got):\n%s", diff)
		}

		// A staff change refused by the database (a taken username)
		// leaves no entry either.
		accounts(db)
		if err := db.PutConsortium(ctx, circConsortium()); err != nil {
			t.Fatal(err)
		}
		before := len(auditRows(t, db, library.AuditFilter{}))
		_, err := db.AddStaff(ctx, library.SystemStaff, library.Staff{Username: "commits", Name: "x", Branch: "hki-oodi"}, staffPassword, t0)
		if library.ErrorKey(err) != "error.staff_username_taken" {
			t.Fatalf("AddStaff = %v, want error.staff_username_taken", err)
		}
		if n := len(auditRows(t, db, library.AuditFilter{})); n != before {
			t.Errorf("%d entries after a refused creation, want %d", n, before)
		}
	})
}

func auditRows(t *testing.T, db *store.DB, f library.AuditFilter) []library.AuditEntry {
	t.Helper()
	es, err := db.Audit(context.Background(), f)
	if err != nil {
		t.Fatal(err)
	}
	return es
}

func TestAuditQuery(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		day := func(d int) time.Time { return t0.AddDate(0, 0, d) }
		entries := []library.AuditEntry{
			{StaffID: 1, Action: "patron.register", PatronID: 10, Library: "helsinki", At: day(0)},
			{StaffID: 1, Action: "item.withdraw", ItemBarcode: "H100", RecordID: 5, Library: "helsinki", At: day(1)},
			{StaffID: 2, Action: "patron.block", PatronID: 10, Library: "espoo", At: day(2), Detail: strings.Repeat("x", 600)},
			{StaffID: 2, Action: "item.withdraw", ItemBarcode: "E200", RecordID: 5, Library: "espoo", At: day(3)},
			{Action: "staff.created", TargetStaffID: 1, Library: "helsinki", At: day(4)},
		}
		for i, e := range entries {
			if err := db.AuditWith(ctx, "s"+string(rune('a'+i)), e, e.At, nil); err != nil {
				t.Fatal(err)
			}
		}
		// which lists the indexes of entries, newest first.
		tests := []struct {
			name  string
			f     library.AuditFilter
			which []int
		}{
			{"all", library.AuditFilter{}, []int{4, 3, 2, 1, 0}},
			{"by staff", library.AuditFilter{StaffID: 2}, []int{3, 2}},
			{"about a staff account", library.AuditFilter{TargetStaffID: 1}, []int{4}},
			{"by patron", library.AuditFilter{PatronID: 10}, []int{2, 0}},
			{"by item", library.AuditFilter{ItemBarcode: " E200 "}, []int{3}},
			{"by record", library.AuditFilter{RecordID: 5}, []int{3, 1}},
			{"by action", library.AuditFilter{Action: "item.withdraw"}, []int{3, 1}},
			{"by library", library.AuditFilter{Library: "helsinki"}, []int{4, 1, 0}},
			{"from a date", library.AuditFilter{From: day(2)}, []int{4, 3, 2}},
			{"until a date", library.AuditFilter{To: day(2)}, []int{1, 0}},
			{"between dates", library.AuditFilter{From: day(1), To: day(3)}, []int{2, 1}},
			{"library and patron", library.AuditFilter{Library: "espoo", PatronID: 10}, []int{2}},
			{"first page", library.AuditFilter{Limit: 2}, []int{4, 3}},
			{"nothing", library.AuditFilter{PatronID: 99}, nil},
		}
		all := auditRows(t, db, library.AuditFilter{})
		id := func(i int) int64 { return all[len(all)-1-i].ID }
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				var got []int
				for _, e := range auditRows(t, db, tt.f) {
					for i := range entries {
						if id(i) == e.ID {
							got = append(got, i)
						}
					}
				}
				if diff := cmp.Diff(tt.which, got); diff != "" {
					t.Errorf("Audit(%+v) (-want +got):\n%s", tt.f, diff)
				}
			})
		}
		t.Run("next page", func(t *testing.T) {
			page := auditRows(t, db, library.AuditFilter{Limit: 2})
			next := auditRows(t, db, library.AuditFilter{Limit: 2, Before: page[len(page)-1].ID})
			if len(next) != 2 || next[0].ID != id(2) || next[1].ID != id(1) {
				t.Errorf("second page: %+v", next)
			}
		})
		t.Run("long detail is cut", func(t *testing.T) {
			e := auditRows(t, db, library.AuditFilter{Action: "patron.block"})[0]
			if n := len([]rune(e.Detail)); n != 500 || !e.At.Equal(day(2)) {
				t.Errorf("detail of %d characters at %v", n, e.At)
			}
		})
		if _, err := db.Audit(ctx, library.AuditFilter{From: day(3), To: day(1)}); library.ErrorKey(err) != "error.audit_dates" {
			t.Errorf("dates the wrong way round: %v", err)
		}

		// The sweep keeps two years.
		n, err := db.SweepAudit(ctx, day(2).Add(library.AuditRetention))
		if err != nil {
			t.Fatal(err)
		}
		if left := auditRows(t, db, library.AuditFilter{}); n != 2 || len(left) != 3 {
			t.Errorf("sweep removed %d, left %d; want 2 and 3", n, len(left))
		}
		if n, err := db.SweepAudit(ctx, day(2).Add(library.AuditRetention)); n != 0 || err != nil {
			t.Errorf("second sweep: %d, %v", n, err)
		}
	})
}

// TestStaffChangesAudited: each change to an account leaves one entry
// naming who made it and whose account it was.
func TestStaffChangesAudited(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		admin, hkiAdmin := staffFixture(t, db)
		oodi := mustAddStaff(t, db, hkiAdmin, library.Staff{Username: "oodi", Name: "Oodi desk", Branch: "hki-oodi"})
		oodi.Role = library.RoleCataloguer
		if _, err := db.UpdateStaff(ctx, hkiAdmin, oodi, t0); err != nil {
			t.Fatal(err)
		}
		oodi.Name = "Oodi cataloguer"
		if _, err := db.UpdateStaff(ctx, hkiAdmin, oodi, t0); err != nil {
			t.Fatal(err)
		}
		if err := db.SetStaffPassword(ctx, hkiAdmin, oodi.ID, "a brand new password", t0); err != nil {
			t.Fatal(err)
		}
		if err := db.DisableStaff(ctx, admin, oodi.ID, t0); err != nil {
			t.Fatal(err)
		}
		if err := db.EnableStaff(ctx, admin, oodi.ID, t0); err != nil {
			t.Fatal(err)
		}
		type row struct {
			By     int64
			Action string
			Lib    string
		}
		var got []row
		for _, e := range auditRows(t, db, library.AuditFilter{TargetStaffID: oodi.ID}) {
			got = append(got, row{e.StaffID, e.Action, e.Library})
			if strings.Contains(e.Detail, "a brand new password") || strings.Contains(e.Detail, staffPassword) {
				t.Errorf("entry %s holds a password: %q", e.Action, e.Detail)
			}
		}
		want := []row{
			{admin.ID, library.AuditStaffEnabled, "helsinki"},
			{admin.ID, library.AuditStaffDisabled, "helsinki"},
			{hkiAdmin.ID, library.AuditStaffPassword, "helsinki"},
			{hkiAdmin.ID, library.AuditStaffChanged, "helsinki"},
			{hkiAdmin.ID, library.AuditStaffRoleChanged, "helsinki"},
			{hkiAdmin.ID, library.AuditStaffCreated, "helsinki"},
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("audit of oodi's account (-want +got):\n%s", diff)
		}
		// The system's own actions are staff 0.
		if es := auditRows(t, db, library.AuditFilter{TargetStaffID: admin.ID}); len(es) != 1 || es[0].StaffID != 0 {
			t.Errorf("creation of the first admin: %+v", es)
		}
	})
}
