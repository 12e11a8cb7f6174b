package store_test

import (
	"context"
	"testing"

	"github.com/kirjasto/kirjasto/internal/library"
	"github.com/kirjasto/kirjasto/internal/store"
)

// askFixture is the circulation fixture's consortium (Espoo, Helsinki,
// Vantaa; patrons' home library is Vantaa) with staff who handle
// questions, feedback and suggestions.
type askFixture struct {
	*circFixture
	ctx                       context.Context
	admin                     library.Staff // the consortium's administrator
	helsinki, helsinki2       library.Staff // branch staff of Helsinki
	espoo, vantaa, cataloguer library.Staff
}

func newAskFixture(t *testing.T, db *store.DB) *askFixture {
	t.Helper()
	f := &askFixture{circFixture: newCircFixture(t, db), ctx: context.Background()}
	f.admin = f.staff("admin", library.RoleAdmin, "hki-oodi")
	f.helsinki = f.staff("hki-desk", library.RoleBranchStaff, "hki-oodi")
	f.helsinki2 = f.staff("hki-desk2", library.RoleBranchStaff, "hki-oodi")
	f.espoo = f.staff("esp-desk", library.RoleBranchStaff, "esp-sello")
	f.vantaa = f.staff("van-desk", library.RoleBranchStaff, "van-tikkurila")
	f.cataloguer = f.staff("cat", library.RoleCataloguer, "hki-oodi")
	return f
}

func (f *askFixture) staff(name, role, branch string) library.Staff {
	f.t.Helper()
	s, err := f.db.CreateStaff(f.ctx, library.Staff{Username: name, Name: name, Role: role, Branch: branch}, "long enough password")
	if err != nil {
		f.t.Fatal(err)
	}
	return s
}

// notices returns the kinds of a patron's notices, oldest first.
func (f *askFixture) notices(patronID int64) []library.Notice {
	f.t.Helper()
	ns, err := f.db.Notices(f.ctx, patronID)
	if err != nil {
		f.t.Fatal(err)
	}
	for i, j := 0, len(ns)-1; i < j; i, j = i+1, j-1 {
		ns[i], ns[j] = ns[j], ns[i]
	}
	return ns
}

// audited returns the audit entries of an action.
func (f *askFixture) audited(action string) []library.AuditEntry {
	f.t.Helper()
	es, err := f.db.Audit(f.ctx, library.AuditFilter{Action: action})
	if err != nil {
		f.t.Fatal(err)
	}
	return es
}
