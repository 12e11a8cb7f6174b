package store_test

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/kirjasto/kirjasto/internal/library"
	"github.com/kirjasto/kirjasto/internal/store"
	"github.com/kirjasto/kirjasto/internal/store/storetest"
)

// mergeTables are counted around a merge: every row of either account
// must end with the kept one.
var mergeTables = []string{"loans", "holds", "fees", "payments", "notices", "reading_history", "lists", "ratings", "saved_searches"}

// counts returns, per table, the rows of each patron.
func counts(t *testing.T, db *store.DB, ids ...int64) map[string][]int {
	t.Helper()
	out := map[string][]int{}
	for _, table := range mergeTables {
		for _, id := range ids {
			out[table] = append(out[table], count(t, db, `SELECT count(*) FROM `+table+` WHERE patron_id = $1`, id))
		}
	}
	for _, id := range ids {
		out["wards"] = append(out["wards"], count(t, db, `SELECT count(*) FROM patrons WHERE guardian_id = $1`, id))
		out["patron_cards"] = append(out["patron_cards"], count(t, db, `SELECT count(*) FROM patron_cards WHERE patron_id = $1`, id))
	}
	return out
}

// busyPatron gives p loans (one open, one returned, remembered in the
// reading history), a hold, a fee, a payment, a message, a list with a
// record, ratings, a saved search, a ward, an API token and an old card.
func (f *regFixture) busyPatron(p library.Patron, tag string, ratedAlso int64) {
	f.t.Helper()
	ctx := context.Background()
	db := f.db
	must := func(err error) {
		f.t.Helper()
		if err != nil {
			f.t.Fatal(err)
		}
	}
	must(db.SetHistoryOptIn(ctx, p.ID, true, false))
	onLoan := f.title(library.Book, copyAt{tag + "L1", "esp-sello", false})
	returned := f.title(library.Book, copyAt{tag + "L2", "esp-sello", false})
	held := f.title(library.Book, copyAt{tag + "H1", "hki-oodi", false})
	_, err := db.Checkout(ctx, p.ID, tag+"L1", at("esp-sello"), circNow)
	must(err)
	_, err = db.Checkout(ctx, p.ID, tag+"L2", at("esp-sello"), circNow)
	must(err)
	_, err = db.Checkin(ctx, tag+"L2", at("esp-sello"), circNow.Add(time.Hour))
	must(err)
	_, err = db.Checkout(ctx, f.register(adult("Lainaaja", tag)).Patron.ID, tag+"H1", at("hki-oodi"), circNow)
	must(err)
	_, err = db.PlaceHold(ctx, library.Hold{PatronID: p.ID, RecordID: held, PickupBranch: "esp-sello"}, at(""), circNow)
	must(err)
	must(store.ExecForTest(db, `INSERT INTO fees (patron_id, kind, amount, created) VALUES ($1, 'overdue', 150, $2)`, p.ID, circNow))
	must(store.ExecForTest(db, `INSERT INTO payments (patron_id, amount, method, status, created) VALUES ($1, 300, 'desk', 'paid', $2)`, p.ID, circNow))
	must(store.ExecForTest(db, `INSERT INTO notices (patron_id, kind, channel, created) VALUES ($1, 'hold_ready', 'account', $2)`, p.ID, circNow))
	l, err := db.CreateList(ctx, p.ID, "Lista "+tag)
	must(err)
	must(db.AddToList(ctx, p.ID, l.ID, onLoan))
	must(db.Rate(ctx, p.ID, returned, 4))
	must(db.Rate(ctx, p.ID, ratedAlso, 3))
	_, err = db.SaveSearch(ctx, library.SavedSearch{PatronID: p.ID, Name: "Haku " + tag, Query: library.SearchQuery{Text: tag}, Alert: library.AlertNone}, circNow)
	must(err)
	kid := adult("Lapsi", tag)
	kid.BirthDate, kid.GuardianID = library.Date{Year: 2019, Month: 1, Day: 1}, p.ID
	f.register(kid)
	_, err = db.NewAPIToken(ctx, p.ID, "app", circNow)
	must(err)
	_, err = db.ReplaceCard(ctx, f.staff, p.ID, "", library.CardReplaced, circNow)
	must(err)
}

func TestMergePatrons(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		f := newRegFixture(t, db)
		ctx := context.Background()
		keep := f.register(adult("Tupla", "Tuula")).Patron
		r := adult("Tupla", "Tuula")
		r.ConfirmDuplicates = true
		drop := f.register(r).Patron
		shared := f.title(library.Book, copyAt{"SH1", "esp-sello", false})
		f.busyPatron(keep, "K", shared)
		f.busyPatron(drop, "D", shared)
		if err := db.BlockPatron(ctx, f.staff, drop.ID, "Maksamaton", circNow); err != nil {
			t.Fatal(err)
		}
		drop, _ = db.Patron(ctx, drop.ID)
		before := counts(t, db, keep.ID, drop.ID)
		listRecords := count(t, db, `SELECT count(*) FROM list_records`)

		res, err := db.MergePatrons(ctx, f.staff, keep.ID, drop.ID, circNow)
		if err != nil {
			t.Fatal(err)
		}
		after := counts(t, db, keep.ID, drop.ID)
		for table, b := range before {
			want := b[0] + b[1]
			switch table {
			case "ratings":
				want-- // both rated the shared record: one rating stays
			case "patron_cards":
				want++ // the merged account's card
			}
			if after[table][0] != want || after[table][1] != 0 {
				t.Errorf("%s: kept %d, merged %d after; want %d and 0 (before %v)", table, after[table][0], after[table][1], want, b)
			}
		}
		if got := count(t, db, `SELECT count(*) FROM list_records`); got != listRecords {
			t.Errorf("list records %d, want %d", got, listRecords)
		}
		if res.Kept.ID != keep.ID || res.Moved["loans"] != before["loans"][1] || res.Moved["wards"] != 1 {
			t.Errorf("result %+v", res)
		}
		if res.Kept.BlockReason != "Maksamaton" {
			t.Errorf("the merged account's block was dropped: %+v", res.Kept)
		}
		gone, err := db.Patron(ctx, drop.ID)
		if err != nil || gone.ClosedAt.IsZero() || gone.MergedInto != keep.ID || gone.Name != "" {
			t.Errorf("merged account %+v, %v", gone, err)
		}
		// The merged account's card is recognised and leads to the kept one.
		_, err = db.PatronByCard(ctx, drop.CardNumber)
		wantKey(t, err, "error.card_replaced")
		found, _ := db.FindPatrons(ctx, library.PatronQuery{Text: drop.CardNumber})
		if len(found) != 1 || found[0].Patron.ID != keep.ID || found[0].Via != "old_card" {
			t.Errorf("find by merged card: %+v", found)
		}
		if n := count(t, db, `SELECT count(*) FROM api_tokens WHERE patron_id = $1`, drop.ID); n != 0 {
			t.Errorf("%d API tokens of the merged account", n)
		}
		// Merging it again finds nothing to merge.
		_, err = db.MergePatrons(ctx, f.staff, keep.ID, drop.ID, circNow)
		if library.ErrorCode(err) != library.ENOTFOUND {
			t.Errorf("merge again: %v", err)
		}
	})
}

func TestMergePatronsRefused(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		f := newRegFixture(t, db)
		ctx := context.Background()
		pair := func(name string) (library.Patron, library.Patron) {
			r := adult("Pari", name)
			a := f.register(r).Patron
			r.ConfirmDuplicates = true
			return a, f.register(r).Patron
		}
		merge := func(a, b library.Patron) error {
			_, err := db.MergePatrons(ctx, f.staff, a.ID, b.ID, circNow)
			return err
		}
		a, _ := pair("Sama")
		if err := merge(a, a); library.ErrorCode(err) != library.EINVALID {
			t.Errorf("merge into itself: %v", err)
		}

		// Both hold the same title.
		a, b := pair("Varaus")
		rec := f.title(library.Book, copyAt{"V1", "hki-oodi", false})
		if _, err := db.Checkout(ctx, f.register(adult("Muu", "Mikko")).Patron.ID, "V1", at("hki-oodi"), circNow); err != nil {
			t.Fatal(err)
		}
		for _, p := range []library.Patron{a, b} {
			if _, err := db.PlaceHold(ctx, library.Hold{PatronID: p.ID, RecordID: rec, PickupBranch: "hki-oodi"}, at(""), circNow); err != nil {
				t.Fatal(err)
			}
		}
		before := counts(t, db, a.ID, b.ID)
		wantKey(t, merge(a, b), "error.merge_conflict")
		if after := counts(t, db, a.ID, b.ID); fmt.Sprint(after) != fmt.Sprint(before) {
			t.Errorf("a refused merge changed rows: %v to %v", before, after)
		}

		// Two different strong identities.
		a, b = pair("Vahva")
		for i, p := range []library.Patron{a, b} {
			id := library.StrongIdentity{SubjectHash: fmt.Sprintf("h%d", i), FamilyName: "Pari", GivenNames: "Vahva"}
			if err := db.ConfirmIdentity(ctx, p.ID, id, circNow); err != nil {
				t.Fatal(err)
			}
		}
		wantKey(t, merge(a, b), "error.merge_conflict")

		// One is the other's guardian.
		g := f.register(adult("Huoltaja", "Heikki")).Patron
		kid := adult("Huollettava", "Hanna")
		kid.BirthDate, kid.GuardianID = library.Date{Year: 2018, Month: 1, Day: 1}, g.ID
		c := f.register(kid).Patron
		wantKey(t, merge(g, c), "error.merge_conflict")

		// A closed account.
		a, b = pair("Suljettu")
		if err := db.CloseAccountByStaff(ctx, f.staff, b.ID, circNow); err != nil {
			t.Fatal(err)
		}
		if err := merge(a, b); library.ErrorCode(err) != library.ENOTFOUND {
			t.Errorf("merge a closed account: %v", err)
		}
	})
}

// TestMergePatronsConcurrent merges pairs both ways round at once: one
// merge of each pair wins, the other finds the account gone, and no row
// is lost.
func TestMergePatronsConcurrent(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		f := newRegFixture(t, db)
		ctx := context.Background()
		const pairs = 4
		var ids [pairs][2]int64
		var before [pairs]map[string][]int
		for i := range pairs {
			r := adult("Samanaikainen", fmt.Sprint(i))
			r.ConfirmDuplicates = true
			a, b := f.register(r).Patron, f.register(r).Patron
			f.busyPatron(a, fmt.Sprintf("A%d", i), f.title(library.Book))
			f.busyPatron(b, fmt.Sprintf("B%d", i), f.title(library.Book))
			ids[i] = [2]int64{a.ID, b.ID}
			before[i] = counts(t, db, a.ID, b.ID)
		}
		var wg sync.WaitGroup
		var errs [pairs][2]error
		for i := range pairs {
			for j := range 2 {
				wg.Go(func() {
					_, errs[i][j] = db.MergePatrons(ctx, f.staff, ids[i][j], ids[i][1-j], circNow)
				})
			}
		}
		wg.Wait()
		for i := range pairs {
			won := -1
			for j := range 2 {
				switch library.ErrorCode(errs[i][j]) {
				case "":
					if won >= 0 {
						t.Fatalf("pair %d: both merges succeeded", i)
					}
					won = j
				case library.ENOTFOUND:
				default:
					t.Fatalf("pair %d: %v", i, errs[i][j])
				}
			}
			if won < 0 {
				t.Fatalf("pair %d: neither merge succeeded: %v", i, errs[i])
			}
			kept, merged := ids[i][won], ids[i][1-won]
			after := counts(t, db, kept, merged)
			for table, b := range before[i] {
				want := b[0] + b[1]
				if table == "patron_cards" {
					want++
				}
				if after[table][0] != want || after[table][1] != 0 {
					t.Errorf("pair %d, %s: %v after, want %d and 0", i, table, after[table], want)
				}
			}
		}
	})
}
