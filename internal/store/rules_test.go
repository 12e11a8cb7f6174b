package store_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/kirjasto/kirjasto/internal/library"
	"github.com/kirjasto/kirjasto/internal/store"
	"github.com/kirjasto/kirjasto/internal/store/storetest"
)

// helsinki returns an instant in Helsinki, in UTC as the store keeps it.
func helsinki(y int, m time.Month, d, h, min, s int) time.Time {
	return time.Date(y, m, d, h, min, s, 0, library.Helsinki).UTC()
}

// rulesAdmin creates a consortium administrator.
func rulesAdmin(t *testing.T, db *store.DB, name, role, lib string) library.Staff {
	t.Helper()
	s, err := db.CreateStaff(context.Background(), library.Staff{Username: name, Name: name, Role: role, Library: lib}, "correct horse battery")
	if err != nil {
		t.Fatal(err)
	}
	s.Library = lib
	return s
}

// longerDVDs is the default policy with DVDs lent for two weeks.
func longerDVDs() library.Policy {
	p := library.DefaultPolicy()
	for i, r := range p.Rules {
		if r.Material == library.DVD {
			p.Rules[i].LoanDays = 14
		}
	}
	return p
}

func revision(t *testing.T, db *store.DB) int64 {
	t.Helper()
	vs, err := db.PolicyVersions(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return vs.Revision
}

// TestPolicyVersionTakesEffectOnItsDay saves in November the rules of New
// Year and checks out and renews on each side of the boundary.
func TestPolicyVersionTakesEffectOnItsDay(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := newCircFixture(t, db)
		admin := rulesAdmin(t, db, "admin", library.RoleAdmin, "")
		f.title(library.DVD, copyAt{"D1", "van-tikkurila", false}, copyAt{"D2", "van-tikkurila", false},
			copyAt{"D3", "van-tikkurila", false}, copyAt{"D4", "van-tikkurila", false})
		p := f.patron("Aino", library.CategoryAdult, false)
		newYear := library.Date{Year: 2027, Month: time.January, Day: 1}

		v, err := db.SavePolicy(ctx, library.PolicyChange{Policy: longerDVDs(), Effective: newYear}, admin, circNow)
		if err != nil {
			t.Fatal(err)
		}
		if want := helsinki(2027, 1, 1, 0, 0, 0); !v.From.Equal(want) || v.CreatedBy != admin.ID || !v.Pending(circNow) {
			t.Errorf("saved version %+v, want from %s by %d, pending", v, want, admin.ID)
		}

		// The store's own clock: Policy follows it.
		db.SetClock(func() time.Time { return helsinki(2026, 12, 31, 23, 59, 59) })
		if pol, err := db.Policy(ctx); err != nil || dvdDays(pol) != 7 {
			t.Errorf("Policy on New Year's Eve: DVDs %d days (err %v), want 7", dvdDays(pol), err)
		}
		db.SetClock(func() time.Time { return helsinki(2027, 1, 1, 0, 0, 0) })
		if pol, err := db.Policy(ctx); err != nil || dvdDays(pol) != 14 {
			t.Errorf("Policy on New Year's Day: DVDs %d days (err %v), want 14", dvdDays(pol), err)
		}

		tests := []struct {
			barcode string
			at      time.Time
			due     time.Time
		}{
			{"D1", helsinki(2026, 12, 31, 23, 59, 59), helsinki(2027, 1, 7, 23, 59, 59)},
			{"D2", helsinki(2027, 1, 1, 0, 0, 0), helsinki(2027, 1, 15, 23, 59, 59)},
		}
		for _, tt := range tests {
			l, err := db.Checkout(ctx, p.ID, tt.barcode, at("van-tikkurila"), tt.at)
			if err != nil {
				t.Fatal(err)
			}
			if !l.DueAt.Equal(tt.due) {
				t.Errorf("checkout at %s: due %s, want %s", tt.at, l.DueAt, tt.due)
			}
		}

		// Renewals of loans made in December, one each side of midnight.
		for _, bc := range []string{"D3", "D4"} {
			if _, err := db.Checkout(ctx, p.ID, bc, at("van-tikkurila"), helsinki(2026, 12, 28, 12, 0, 0)); err != nil {
				t.Fatal(err)
			}
		}
		renewals := []struct {
			barcode string
			at      time.Time
			due     time.Time
		}{
			{"D3", helsinki(2026, 12, 31, 12, 0, 0), helsinki(2027, 1, 7, 23, 59, 59)},
			{"D4", helsinki(2027, 1, 1, 12, 0, 0), helsinki(2027, 1, 15, 23, 59, 59)},
		}
		for _, tt := range renewals {
			l, err := db.Renew(ctx, p.ID, tt.barcode, at("van-tikkurila"), tt.at)
			if err != nil {
				t.Fatal(err)
			}
			if !l.DueAt.Equal(tt.due) {
				t.Errorf("renewal at %s: due %s, want %s", tt.at, l.DueAt, tt.due)
			}
		}

		// The explanation follows the date too.
		for _, tt := range []struct {
			at   time.Time
			days int
			id   int64
		}{{helsinki(2026, 12, 31, 12, 0, 0), 7, 0}, {helsinki(2027, 1, 2, 12, 0, 0), 14, v.ID}} {
			e, err := db.ExplainRule(ctx, library.RuleQuery{Category: library.CategoryAdult, HomeLibrary: "vantaa",
				Material: library.DVD, Library: "vantaa", At: tt.at})
			if err != nil {
				t.Fatal(err)
			}
			if e.Version.ID != tt.id || e.Rule.LoanDays != tt.days || e.Rows[e.Winner].Verdict != library.RuleWins {
				t.Errorf("explain at %s: version %d, %d days; want version %d, %d days", tt.at, e.Version.ID, e.Rule.LoanDays, tt.id, tt.days)
			}
		}
	})
}

func dvdDays(p library.Policy) int {
	r, _ := p.Rule(library.CategoryAdult, library.DVD, "vantaa")
	return r.LoanDays
}

// TestSavePolicyRefusals checks that bad saves are refused with their
// keys and leave the versions as they were.
func TestSavePolicyRefusals(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		newCircFixture(t, db)
		admin := rulesAdmin(t, db, "admin", library.RoleAdmin, "")
		espoo := rulesAdmin(t, db, "espoo-admin", library.RoleLibraryAdmin, "espoo")
		jan := library.Date{Year: 2027, Month: time.January, Day: 1}

		future, err := db.SavePolicy(ctx, library.PolicyChange{Policy: longerDVDs(), Effective: jan}, admin, circNow)
		if err != nil {
			t.Fatal(err)
		}
		rev := revision(t, db)

		holey := library.DefaultPolicy()
		holey.Rules = holey.Rules[1:] // no catch-all
		vantaaRow := library.DefaultPolicy()
		vantaaRow.Rules = append(vantaaRow.Rules, library.LoanRule{Library: "vantaa", LoanDays: 21})
		espooRow := library.DefaultPolicy()
		espooRow.Rules = append(espooRow.Rules, library.LoanRule{Library: "espoo", LoanDays: 21})

		tests := []struct {
			name string
			save func() error
			code string
			key  string
		}{
			{"effective yesterday", func() error {
				_, err := db.SavePolicy(ctx, library.PolicyChange{Policy: library.DefaultPolicy(),
					Effective: library.Date{Year: 2026, Month: time.November, Day: 22}, Revision: rev}, admin, circNow)
				return err
			}, library.EINVALID, "error.rules_effective_past"},
			{"a hole in the matrix", func() error {
				_, err := db.SavePolicy(ctx, library.PolicyChange{Policy: holey, Effective: jan, Revision: rev}, admin, circNow)
				return err
			}, library.EINVALID, "error.rules_invalid"},
			{"an old revision", func() error {
				_, err := db.SavePolicy(ctx, library.PolicyChange{Policy: library.DefaultPolicy(), Effective: jan, Revision: rev - 1}, admin, circNow)
				return err
			}, library.ECONFLICT, "error.rules_changed_meanwhile"},
			{"replacing a version in force", func() error {
				_, err := db.SavePolicy(ctx, library.PolicyChange{Policy: library.DefaultPolicy(),
					Effective: library.Date{Year: 2027, Month: time.February, Day: 1}, Replaces: future.ID, Revision: rev}, admin, helsinki(2027, 1, 2, 12, 0, 0))
				return err
			}, library.ECONFLICT, "error.rules_version_in_force"},
			{"replacing a version that is not there", func() error {
				_, err := db.SavePolicy(ctx, library.PolicyChange{Policy: library.DefaultPolicy(), Effective: jan,
					Replaces: future.ID + 100, Revision: rev}, admin, circNow)
				return err
			}, library.ENOTFOUND, "error.rules_version_not_found"},
			{"withdrawing a version in force", func() error {
				return db.WithdrawPolicy(ctx, future.ID, rev, admin, helsinki(2027, 1, 1, 0, 0, 0))
			}, library.ECONFLICT, "error.rules_version_in_force"},
			{"a library administrator changing another library's rows", func() error {
				_, err := db.SavePolicy(ctx, library.PolicyChange{Policy: vantaaRow, Effective: jan, Replaces: future.ID, Revision: rev}, espoo, circNow)
				return err
			}, library.EFORBIDDEN, "error.rules_other_library"},
			{"a library administrator withdrawing the consortium's version", func() error {
				return db.WithdrawPolicy(ctx, future.ID, rev, espoo, circNow)
			}, library.EFORBIDDEN, "error.rules_other_library"},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				before, err := db.PolicyVersions(ctx)
				if err != nil {
					t.Fatal(err)
				}
				err = tt.save()
				if library.ErrorCode(err) != tt.code || library.ErrorKey(err) != tt.key {
					t.Fatalf("error %v: code %s key %s, want %s %s", err, library.ErrorCode(err), library.ErrorKey(err), tt.code, tt.key)
				}
				after, err := db.PolicyVersions(ctx)
				if err != nil {
					t.Fatal(err)
				}
				if diff := cmp.Diff(before, after); diff != "" {
					t.Errorf("a refused change changed the versions (-before +after):\n%s", diff)
				}
			})
		}

		t.Run("the problems reach the page", func(t *testing.T) {
			_, err := db.SavePolicy(ctx, library.PolicyChange{Policy: holey, Effective: jan, Revision: rev}, admin, circNow)
			var pe *library.PolicyError
			if !errors.As(err, &pe) || len(pe.Problems) == 0 || pe.Problems[0].Key != "rules.problem.uncovered" {
				t.Fatalf("error %v carries no uncovered problems", err)
			}
			// A patron category that only patrons have must be covered too.
			ps, err := db.CheckPolicy(ctx, library.Policy{Rules: []library.LoanRule{{Category: library.CategoryAdult, LoanDays: 28}}, PickupDays: 7})
			if err != nil {
				t.Fatal(err)
			}
			if len(ps) != 2*len(library.Materials)*3 { // child and staff × every material × three libraries
				t.Errorf("CheckPolicy found %d problems, want %d: %v", len(ps), 2*len(library.Materials)*3, ps)
			}
		})

		t.Run("a library administrator changes their own rows", func(t *testing.T) {
			v, err := db.SavePolicy(ctx, library.PolicyChange{Policy: espooRow, Effective: jan, Replaces: future.ID, Revision: rev}, espoo, circNow)
			// espooRow leaves out the DVD change of the version it
			// replaces: the base of a replacement is what is in force
			// without it (the defaults), so only the Espoo row is new.
			if err != nil {
				t.Fatal(err)
			}
			if err := db.WithdrawPolicy(ctx, v.ID, rev+1, espoo, circNow); err != nil {
				t.Fatal(err)
			}
			vs, err := db.PolicyVersions(ctx)
			if err != nil {
				t.Fatal(err)
			}
			for _, x := range vs.Versions {
				if x.Withdrawn.IsZero() {
					t.Errorf("version %d still stands", x.ID)
				}
			}
			if err := db.WithdrawPolicy(ctx, v.ID, rev+2, admin, circNow); library.ErrorKey(err) != "error.rules_version_withdrawn" {
				t.Errorf("withdrawing twice: %v", err)
			}
		})
	})
}

// TestReplaceAndWithdrawPolicy replaces a pending version with one for a
// later day and withdraws that one: each time the rules in force follow.
func TestReplaceAndWithdrawPolicy(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		newCircFixture(t, db)
		admin := rulesAdmin(t, db, "admin", library.RoleAdmin, "")
		v1, err := db.SavePolicy(ctx, library.PolicyChange{Policy: longerDVDs(),
			Effective: library.Date{Year: 2027, Month: time.January, Day: 1}}, admin, circNow)
		if err != nil {
			t.Fatal(err)
		}
		v2, err := db.SavePolicy(ctx, library.PolicyChange{Policy: longerDVDs(),
			Effective: library.Date{Year: 2027, Month: time.February, Day: 1}, Replaces: v1.ID, Revision: 1}, admin, circNow)
		if err != nil {
			t.Fatal(err)
		}
		if v2.Replaces != v1.ID {
			t.Errorf("v2 replaces %d, want %d", v2.Replaces, v1.ID)
		}
		inForce := func(at time.Time) int64 {
			t.Helper()
			v, err := db.PolicyAt(ctx, at)
			if err != nil {
				t.Fatal(err)
			}
			return v.ID
		}
		if got := inForce(helsinki(2027, 1, 15, 12, 0, 0)); got != 0 {
			t.Errorf("mid-January: version %d in force, want the defaults", got)
		}
		if got := inForce(helsinki(2027, 2, 1, 0, 0, 0)); got != v2.ID {
			t.Errorf("February: version %d in force, want %d", got, v2.ID)
		}
		if err := db.WithdrawPolicy(ctx, v2.ID, 2, admin, circNow); err != nil {
			t.Fatal(err)
		}
		if got := inForce(helsinki(2027, 3, 1, 0, 0, 0)); got != 0 {
			t.Errorf("after withdrawal: version %d in force, want the defaults", got)
		}
		vs, err := db.PolicyVersions(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if vs.Revision != 3 || len(vs.Versions) != 2 || vs.Versions[0].WithdrawnBy != admin.ID || vs.Versions[1].Withdrawn.IsZero() {
			t.Errorf("versions %+v", vs)
		}

		// A version for today takes effect when saved, after the events
		// earlier in the day.
		morning, noon := helsinki(2026, 11, 23, 9, 0, 0), helsinki(2026, 11, 23, 12, 0, 0)
		v3, err := db.SavePolicy(ctx, library.PolicyChange{Policy: longerDVDs(),
			Effective: library.Date{Year: 2026, Month: time.November, Day: 23}, Revision: 3}, admin, noon)
		if err != nil {
			t.Fatal(err)
		}
		if got := inForce(morning); got != 0 {
			t.Errorf("this morning: version %d, want the defaults", got)
		}
		if got := inForce(noon); got != v3.ID {
			t.Errorf("at noon: version %d, want %d", got, v3.ID)
		}
	})
}

// TestSavePolicyConcurrently has administrators save from one revision
// at once: one wins, the others are told to reload, and after they do
// every version is saved whole.
func TestSavePolicyConcurrently(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		newCircFixture(t, db)
		const n = 4
		admins := make([]library.Staff, n)
		for i := range admins {
			admins[i] = rulesAdmin(t, db, fmt.Sprintf("admin%d", i), library.RoleAdmin, "")
		}
		// Each administrator's policy is told apart by its book loan days,
		// set in every row, so that a version mixing two would show.
		policyOf := func(i int) library.Policy {
			p := library.DefaultPolicy()
			for r := range p.Rules {
				p.Rules[r].LoanDays = 10 + i
			}
			p.MaxHolds = 10 + i
			return p
		}
		save := func(i int, rev int64) (library.PolicyVersion, error) {
			return db.SavePolicy(ctx, library.PolicyChange{Policy: policyOf(i),
				Effective: library.Date{Year: 2027, Month: time.January, Day: 1}, Revision: rev}, admins[i], circNow)
		}

		var wg sync.WaitGroup
		errs := make([]error, n)
		start := make(chan struct{})
		for i := range n {
			wg.Go(func() {
				<-start
				_, errs[i] = save(i, 0)
			})
		}
		close(start)
		wg.Wait()
		won := -1
		for i, err := range errs {
			switch {
			case err == nil && won < 0:
				won = i
			case err == nil:
				t.Errorf("administrators %d and %d both saved from revision 0", won, i)
			case library.ErrorKey(err) != "error.rules_changed_meanwhile":
				t.Errorf("administrator %d: %v", i, err)
			}
		}
		if won < 0 {
			t.Fatal("nobody saved")
		}

		// The others reload and save again, all at once, until they get through.
		for i := range n {
			if i == won {
				continue
			}
			wg.Go(func() {
				for range 50 {
					vs, err := db.PolicyVersions(ctx)
					if err != nil {
						errs[i] = err
						return
					}
					_, errs[i] = save(i, vs.Revision)
					if library.ErrorKey(errs[i]) != "error.rules_changed_meanwhile" {
						return
					}
				}
			})
		}
		wg.Wait()
		for i, err := range errs {
			if i != won && err != nil {
				t.Errorf("administrator %d after reloading: %v", i, err)
			}
		}
		vs, err := db.PolicyVersions(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if vs.Revision != n || len(vs.Versions) != n {
			t.Fatalf("revision %d with %d versions, want %d and %d", vs.Revision, len(vs.Versions), n, n)
		}
		seen := map[int64]bool{}
		for _, v := range vs.Versions {
			i := v.Policy.MaxHolds - 10
			if i < 0 || i >= n || v.CreatedBy != admins[i].ID {
				t.Fatalf("version %d by %d is nobody's: %+v", v.ID, v.CreatedBy, v.Policy)
			}
			if diff := cmp.Diff(policyOf(i), v.Policy); diff != "" {
				t.Errorf("version %d is not administrator %d's whole policy (-want +got):\n%s", v.ID, i, diff)
			}
			seen[v.CreatedBy] = true
		}
		if len(seen) != n {
			t.Errorf("versions of %d administrators, want %d", len(seen), n)
		}
	})
}

// TestPolicyMigration runs migration 0015 on a database holding the
// single policy setting of earlier versions.
func TestPolicyMigration(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		// Back to the schema before 0015, with a policy of its time.
		for _, q := range []string{
			`DROP TABLE policy_versions`,
			`DELETE FROM schema_migrations WHERE version = 15`,
			`DELETE FROM settings WHERE key = 'circulation.policy.revision'`,
		} {
			if err := store.ExecSQL(ctx, db, q); err != nil {
				t.Fatal(err)
			}
		}
		old := library.DefaultPolicy()
		old.Rules = old.Rules[:3]
		old.Rules[1].LoanDays, old.MaxHolds = 3, 12
		if err := db.PutSetting(ctx, "circulation.policy", old); err != nil {
			t.Fatal(err)
		}
		if err := db.Migrate(ctx); err != nil {
			t.Fatal(err)
		}

		vs, err := db.PolicyVersions(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if vs.Revision != 1 || len(vs.Versions) != 1 {
			t.Fatalf("after migrating: revision %d, %d versions; want 1 and 1", vs.Revision, len(vs.Versions))
		}
		if diff := cmp.Diff(old, vs.Versions[0].Policy); diff != "" {
			t.Errorf("migrated policy mismatch (-want +got):\n%s", diff)
		}
		// In force for every loan ever made, and now.
		for _, at := range []time.Time{helsinki(2001, 1, 1, 0, 0, 0), circNow} {
			v, err := db.PolicyAt(ctx, at)
			if err != nil || v.ID != vs.Versions[0].ID {
				t.Errorf("in force at %s: version %d (%v), want %d", at, v.ID, err, vs.Versions[0].ID)
			}
		}
		var gone library.Policy
		if err := db.Setting(ctx, "circulation.policy", &gone); library.ErrorCode(err) != library.ENOTFOUND {
			t.Errorf("the old setting is still there: %v", err)
		}
	})
}

// TestPolicyWithoutVersions keeps the defaults of a database whose
// consortium never set its rules, and SetPolicy puts its rules in force
// at every moment, as before versions, until a dated version's day.
func TestPolicyWithoutVersions(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		pol, err := db.Policy(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(library.DefaultPolicy(), pol); diff != "" {
			t.Errorf("no versions: policy mismatch (-want +got):\n%s", diff)
		}
		if err := db.SetPolicy(ctx, longerDVDs()); err != nil {
			t.Fatal(err)
		}
		if pol, err := db.Policy(ctx); err != nil || dvdDays(pol) != 14 {
			t.Errorf("after SetPolicy: DVDs %d days (%v), want 14", dvdDays(pol), err)
		}
		if got := revision(t, db); got != 1 {
			t.Errorf("revision %d after SetPolicy, want 1", got)
		}
		if e, err := db.ExplainRule(ctx, library.RuleQuery{Category: library.CategoryAdult, Material: library.DVD}); err != nil || e.Rule.LoanDays != 14 {
			t.Errorf("ExplainRule now: %d days (%v), want 14", e.Rule.LoanDays, err)
		}
		if v, err := db.PolicyAt(ctx, helsinki(2010, 1, 1, 0, 0, 0)); err != nil || dvdDays(v.Policy) != 14 {
			t.Errorf("SetPolicy's rules in 2010: DVDs %d days (%v), want 14", dvdDays(v.Policy), err)
		}
		admin := rulesAdmin(t, db, "admin", library.RoleAdmin, "")
		if _, err := db.SavePolicy(ctx, library.PolicyChange{Policy: library.DefaultPolicy(),
			Effective: library.Date{Year: 2027, Month: time.January, Day: 1}, Revision: 1}, admin, circNow); err != nil {
			t.Fatal(err)
		}
		if err := db.SetPolicy(ctx, longerDVDs()); err != nil { // a second standing policy replaces the first
			t.Fatal(err)
		}
		for _, tt := range []struct {
			at   time.Time
			days int
		}{{circNow, 14}, {helsinki(2027, 1, 1, 0, 0, 0), 7}} {
			if v, err := db.PolicyAt(ctx, tt.at); err != nil || dvdDays(v.Policy) != tt.days {
				t.Errorf("at %s: DVDs %d days (%v), want %d", tt.at, dvdDays(v.Policy), err, tt.days)
			}
		}
	})
}
