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

// pickFixture is a consortium with five records in the catalogue.
func pickFixture(t *testing.T, db *store.DB) []int64 {
	t.Helper()
	ctx := context.Background()
	mustDo(t, db.PutConsortium(ctx, circConsortium()))
	res, err := db.UpsertRecords(ctx, makeRecords("pick", 5, 1))
	mustDo(t, err)
	var ids []int64
	for _, r := range res {
		ids = append(ids, r.ID)
	}
	return ids
}

func pick(lib, branch, title string, recs ...int64) library.Pick {
	p := library.Pick{Library: lib, Branch: branch, Title: library.Text{"fi": title, "sv": title + " (sv)"},
		Text: library.Text{"fi": "Syksyn *parhaat*."}, Publication: library.Publication{Status: library.StatusDraft}}
	for _, id := range recs {
		p.Records = append(p.Records, library.PickRecord{RecordID: id})
	}
	return p
}

func pickTitles(ps []library.Pick) []string {
	var out []string
	for _, p := range ps {
		out = append(out, p.Title["fi"])
	}
	return out
}

// TestPickLifecycle creates a pick, adds, reorders and removes records,
// publishes it on a schedule and deletes it, and checks the public lists
// of a library (its own and the consortium's) at each moment.
func TestPickLifecycle(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		recs := pickFixture(t, db)
		ed := rulesAdmin(t, db, "editor", library.RoleAdmin, "")
		hour := func(h int) time.Time { return circNow.Add(time.Duration(h) * time.Hour) }

		p, err := db.CreatePick(ctx, pick("espoo", "esp-sello", "Sello suosittelee", recs[0], recs[1]), ed, hour(-5))
		mustDo(t, err)
		if p.Version != 1 || p.CreatedBy != ed.ID || p.Scope() != library.BranchScope("espoo", "esp-sello") {
			t.Errorf("created %+v", p)
		}
		// Add two, move the last to the top, note one, remove another.
		p.Records = append(p.Records, library.PickRecord{RecordID: recs[2]}, library.PickRecord{RecordID: recs[3], Note: library.Text{"fi": "Paras!"}})
		p.Records = append([]library.PickRecord{p.Records[3]}, p.Records[:3]...)
		p.Records = append(p.Records[:2], p.Records[3:]...) // recs[1] goes
		p, err = db.UpdatePick(ctx, p, ed, hour(-4))
		mustDo(t, err)
		if diff := cmp.Diff([]int64{recs[3], recs[0], recs[2]}, p.RecordIDs()); diff != "" {
			t.Errorf("records (-want +got):\n%s", diff)
		}
		if p.Records[0].Note["fi"] != "Paras!" || p.Version != 2 {
			t.Errorf("after the edit: %+v", p)
		}

		// A stale version is refused, and nothing of it is saved.
		stale := p
		stale.Version = 1
		stale.Title = library.Text{"fi": "Vanha"}
		stale.Records = nil
		if _, err := db.UpdatePick(ctx, stale, ed, hour(-3)); library.ErrorKey(err) != "error.content_changed" {
			t.Errorf("stale update: %v, want error.content_changed", err)
		}
		if got, err := db.Pick(ctx, p.ID); err != nil || got.Title["fi"] != "Sello suosittelee" || len(got.Records) != 3 {
			t.Errorf("after the stale update: %+v, %v", got, err)
		}

		// An unknown record, too many records, no title: refused at the field.
		for name, bad := range map[string]func(*library.Pick){
			"unknown record": func(q *library.Pick) { q.Records = append(q.Records, library.PickRecord{RecordID: 999999}) },
			"no title":       func(q *library.Pick) { q.Title = library.Text{"sv": "Bara svenska"} },
			"twice":          func(q *library.Pick) { q.Records = append(q.Records, q.Records[0]) },
			"too many": func(q *library.Pick) {
				for i := range library.MaxPickRecords + 1 {
					q.Records = append(q.Records, library.PickRecord{RecordID: int64(1000 + i)})
				}
			},
		} {
			q := p
			q.Records = append([]library.PickRecord(nil), p.Records...)
			bad(&q)
			if _, err := db.UpdatePick(ctx, q, ed, hour(-3)); library.ErrorCode(err) != library.EINVALID {
				t.Errorf("%s: %v, want EINVALID", name, err)
			}
		}
		if got, _ := db.Pick(ctx, p.ID); got.Version != p.Version {
			t.Errorf("refused updates changed the pick to version %d", got.Version)
		}

		_, err = db.CreatePick(ctx, pick("", "", "Konsortion valinta", recs[4]), ed, hour(-3))
		mustDo(t, err)
		_, err = db.CreatePick(ctx, pick("helsinki", "", "Helsingin valinta", recs[4]), ed, hour(-3))
		mustDo(t, err)
		for _, q := range []string{"Konsortion valinta", "Helsingin valinta"} {
			ps, _, err := db.Picks(ctx, library.PickFilter{})
			mustDo(t, err)
			for _, x := range ps {
				if x.Title["fi"] == q {
					_, err := db.PublishPick(ctx, x.ID, hour(-2), ed, hour(-2))
					mustDo(t, err)
				}
			}
		}
		// Scheduled an hour from now: not public until then.
		_, err = db.PublishPick(ctx, p.ID, hour(1), ed, circNow)
		mustDo(t, err)
		public := func(at time.Time, libs ...string) []string {
			ps, total, err := db.Picks(ctx, library.PickFilter{Libraries: libs, PublicAt: at})
			mustDo(t, err)
			if total != len(ps) {
				t.Errorf("total %d for %d picks", total, len(ps))
			}
			return pickTitles(ps)
		}
		if diff := cmp.Diff([]string{"Konsortion valinta"}, public(circNow, "", "espoo")); diff != "" {
			t.Errorf("Espoo's now (-want +got):\n%s", diff)
		}
		if diff := cmp.Diff([]string{"Sello suosittelee", "Konsortion valinta"}, public(hour(2), "", "espoo")); diff != "" {
			t.Errorf("Espoo's in two hours (-want +got):\n%s", diff)
		}
		if diff := cmp.Diff([]string{"Sello suosittelee", "Helsingin valinta", "Konsortion valinta"}, public(hour(2))); diff != "" {
			t.Errorf("all in two hours (-want +got):\n%s", diff)
		}
		// Iso Omena's page leaves out Sello's pick; Sello's keeps it.
		branchPage := func(branch string) []string {
			ps, _, err := db.Picks(ctx, library.PickFilter{Libraries: []string{"", "espoo"}, Branch: branch, PublicAt: hour(2)})
			mustDo(t, err)
			return pickTitles(ps)
		}
		if diff := cmp.Diff([]string{"Konsortion valinta"}, branchPage("esp-iso-omena")); diff != "" {
			t.Errorf("Iso Omena's page (-want +got):\n%s", diff)
		}
		if diff := cmp.Diff([]string{"Sello suosittelee", "Konsortion valinta"}, branchPage("esp-sello")); diff != "" {
			t.Errorf("Sello's page (-want +got):\n%s", diff)
		}
		if all, _, _ := db.Picks(ctx, library.PickFilter{Libraries: []string{"espoo"}}); len(all) != 1 {
			t.Errorf("staff's list of Espoo: %v", pickTitles(all))
		}

		// A record deleted from the catalogue leaves the pick whole.
		admin := library.Staff{ID: ed.ID, Role: library.RoleAdmin}
		mustDo(t, db.DeleteCatalogueRecord(ctx, admin, recs[0], true))
		got, err := db.Pick(ctx, p.ID)
		mustDo(t, err)
		if diff := cmp.Diff([]int64{recs[3], recs[2]}, got.RecordIDs()); diff != "" {
			t.Errorf("after the record's deletion (-want +got):\n%s", diff)
		}
		got.Title["en"] = "Sello recommends"
		if _, err := db.UpdatePick(ctx, got, ed, circNow); err != nil {
			t.Errorf("update after the record's deletion: %v", err)
		}

		_, err = db.UnpublishPick(ctx, p.ID, ed, circNow)
		mustDo(t, err)
		if diff := cmp.Diff([]string{"Konsortion valinta"}, public(hour(2), "", "espoo")); diff != "" {
			t.Errorf("after unpublishing (-want +got):\n%s", diff)
		}
		mustDo(t, db.DeletePick(ctx, p.ID, ed, circNow))
		if _, err := db.Pick(ctx, p.ID); library.ErrorKey(err) != "error.pick_not_found" {
			t.Errorf("deleted pick: %v", err)
		}
	})
}

// TestPickRecordMerged: merging a record into another moves the picks'
// entries to the record kept, in place; a pick that lists both keeps one.
func TestPickRecordMerged(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		recs := pickFixture(t, db)
		ed := rulesAdmin(t, db, "editor", library.RoleAdmin, "")
		p, err := db.CreatePick(ctx, pick("", "", "Valinta", recs[0], recs[1], recs[3]), ed, circNow)
		mustDo(t, err)
		_, err = db.MergeRecords(ctx, ed, recs[2], recs[1])
		mustDo(t, err)
		_, err = db.MergeRecords(ctx, ed, recs[2], recs[3])
		mustDo(t, err)
		got, err := db.Pick(ctx, p.ID)
		mustDo(t, err)
		if diff := cmp.Diff([]int64{recs[0], recs[2]}, got.RecordIDs()); diff != "" {
			t.Errorf("after the merges (-want +got):\n%s", diff)
		}
	})
}

// TestPickPermits: the store asks Permit itself. Espoo's content role
// cannot touch Helsinki's pick nor write the consortium's; a
// consortium-level content account can do both; a branch staff member
// writes none.
func TestPickPermits(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		recs := pickFixture(t, db)
		espoo := rulesAdmin(t, db, "espoo-editor", library.RoleContent, "espoo")
		consortium := rulesAdmin(t, db, "editor", library.RoleContent, "")
		desk := rulesAdmin(t, db, "desk", library.RoleBranchStaff, "helsinki")

		hki, err := db.CreatePick(ctx, pick("helsinki", "hki-oodi", "Oodin valinta", recs[0]), consortium, circNow)
		mustDo(t, err)
		forbidden := func(what string, err error) {
			t.Helper()
			if library.ErrorCode(err) != library.EFORBIDDEN {
				t.Errorf("%s: %v, want EFORBIDDEN", what, err)
			}
		}
		_, err = db.CreatePick(ctx, pick("helsinki", "", "Espoon yritys", recs[0]), espoo, circNow)
		forbidden("Espoo creates Helsinki's", err)
		_, err = db.CreatePick(ctx, pick("", "", "Espoon yritys", recs[0]), espoo, circNow)
		forbidden("Espoo creates the consortium's", err)
		edit := hki
		edit.Library, edit.Branch = "espoo", "" // the stored library counts, not the one sent
		_, err = db.UpdatePick(ctx, edit, espoo, circNow)
		forbidden("Espoo edits Helsinki's", err)
		_, err = db.PublishPick(ctx, hki.ID, time.Time{}, espoo, circNow)
		forbidden("Espoo publishes Helsinki's", err)
		forbidden("Espoo deletes Helsinki's", db.DeletePick(ctx, hki.ID, espoo, circNow))
		_, err = db.CreatePick(ctx, pick("helsinki", "", "Tiskin yritys", recs[0]), desk, circNow)
		forbidden("branch staff create", err)
		if got, err := db.Pick(ctx, hki.ID); err != nil || got.Version != 1 || got.Library != "helsinki" {
			t.Errorf("Helsinki's pick after the refusals: %+v, %v", got, err)
		}

		own, err := db.CreatePick(ctx, pick("espoo", "esp-sello", "Sellon valinta", recs[1]), espoo, circNow)
		mustDo(t, err)
		_, err = db.PublishPick(ctx, own.ID, time.Time{}, espoo, circNow)
		mustDo(t, err)
		cons, err := db.CreatePick(ctx, pick("", "", "Konsortion valinta", recs[2]), consortium, circNow)
		mustDo(t, err)
		_, err = db.PublishPick(ctx, cons.ID, time.Time{}, consortium, circNow)
		mustDo(t, err)
		mustDo(t, db.DeletePick(ctx, hki.ID, consortium, circNow))

		// A branch of another library, a library that does not exist.
		if _, err := db.CreatePick(ctx, pick("espoo", "hki-oodi", "Väärä", recs[0]), consortium, circNow); library.ErrorKey(err) != "error.pick_branch" {
			t.Errorf("branch of another library: %v", err)
		}
		if _, err := db.CreatePick(ctx, pick("turku", "", "Väärä", recs[0]), consortium, circNow); library.ErrorKey(err) != "error.content_library" {
			t.Errorf("unknown library: %v", err)
		}
	})
}

// TestPicksAudited: each change writes one audit entry with the acting
// staff member and the pick's library.
func TestPicksAudited(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		recs := pickFixture(t, db)
		ed := rulesAdmin(t, db, "espoo-editor", library.RoleContent, "espoo")
		var p library.Pick
		var err error
		for _, s := range []struct {
			action string
			do     func() error
		}{
			{library.AuditPickCreate, func() error {
				p, err = db.CreatePick(ctx, pick("espoo", "", "Valinta", recs[0]), ed, circNow)
				return err
			}},
			{library.AuditPickUpdate, func() error {
				p.Records = append(p.Records, library.PickRecord{RecordID: recs[1]})
				p, err = db.UpdatePick(ctx, p, ed, circNow)
				return err
			}},
			{library.AuditPickPublish, func() error { _, err = db.PublishPick(ctx, p.ID, time.Time{}, ed, circNow); return err }},
			{library.AuditPickUnpublish, func() error { _, err = db.UnpublishPick(ctx, p.ID, ed, circNow); return err }},
			{library.AuditPickDelete, func() error { return db.DeletePick(ctx, p.ID, ed, circNow) }},
		} {
			before := lastAuditID(t, db)
			if err := s.do(); err != nil {
				t.Fatalf("%s: %v", s.action, err)
			}
			var fresh []library.AuditEntry
			for _, e := range auditRows(t, db, library.AuditFilter{Limit: 10}) {
				if e.ID > before {
					fresh = append(fresh, e)
				}
			}
			if len(fresh) != 1 || fresh[0].Action != s.action || fresh[0].StaffID != ed.ID || fresh[0].Library != "espoo" {
				t.Errorf("%s wrote %+v, want one entry of the action by %d for espoo", s.action, fresh, ed.ID)
			}
		}
	})
}

// TestPickConcurrentEdits: editors saving the same version at once get
// one save and conflicts, never a server error, on both databases.
func TestPickConcurrentEdits(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		recs := pickFixture(t, db)
		ed := rulesAdmin(t, db, "editor", library.RoleAdmin, "")
		p, err := db.CreatePick(ctx, pick("espoo", "", "Alku", recs[0]), ed, circNow)
		mustDo(t, err)
		var wg sync.WaitGroup
		errs := make([]error, 8)
		for i := range errs {
			wg.Go(func() {
				edit := p
				edit.Records = []library.PickRecord{{RecordID: recs[i%len(recs)]}, {RecordID: recs[(i+1)%len(recs)]}}
				_, errs[i] = db.UpdatePick(ctx, edit, ed, circNow)
			})
		}
		wg.Wait()
		saved := 0
		for i, err := range errs {
			switch {
			case err == nil:
				saved++
			case library.ErrorKey(err) != "error.content_changed":
				t.Errorf("edit %d: %v, want a conflict", i, err)
			}
		}
		got, err := db.Pick(ctx, p.ID)
		mustDo(t, err)
		if saved != 1 || got.Version != 2 || len(got.Records) != 2 {
			t.Errorf("%d edits saved; the pick is at version %d with %d records", saved, got.Version, len(got.Records))
		}
	})
}
