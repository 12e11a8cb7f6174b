package demo

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/kirjasto/kirjasto/internal/library"
)

// CirculationStore is what BuildCirculation needs: the catalogue, the
// circulation methods and the hold expiry sweep.
type CirculationStore interface {
	library.Store
	library.Circulation
	ExpireHolds(ctx context.Context, now time.Time) (int, error)
}

// CirculationSummary counts what BuildCirculation made.
type CirculationSummary struct {
	Loans   int // open loans
	Overdue int // of them, past their due date
	Holds   map[string]int
	Fees    int
}

// copyRef is a copy on a shelf and where its title's copies are.
type copyRef struct {
	record  int64
	barcode string
	branch  string
	holdAt  map[string]bool // branches where the title has copies
}

// BuildCirculation gives the demo patrons a past: loans (some overdue),
// holds in every state (waiting, frozen, in transit, ready on a hold
// shelf, expired), fees, and reading history for those who opted in. It
// goes through the real circulation methods with the clock moved back, so
// everything it makes is something the program itself could have made:
// due dates follow the rules and the branches' hours, copies on the hold
// shelves have shelf codes and notices. It expects the demo catalogue and
// fresh patrons; run it once.
func BuildCirculation(ctx context.Context, st CirculationStore, patrons []library.Patron, now time.Time) (CirculationSummary, error) {
	sum := CirculationSummary{Holds: make(map[string]int)}
	// A blocked card can neither borrow nor reserve, so it gets no past
	// made through those methods: its block is what the demo shows.
	patrons = slices.DeleteFunc(slices.Clone(patrons), func(p library.Patron) bool { return p.BlockReason != "" })
	if len(patrons) == 0 {
		return sum, nil
	}
	branches, err := st.Branches(ctx)
	if err != nil {
		return sum, fmt.Errorf("demo circulation: %w", err)
	}
	pool, err := shelfCopies(ctx, st, 8*len(patrons))
	if err != nil {
		return sum, fmt.Errorf("demo circulation: %w", err)
	}
	take := func() (copyRef, error) {
		if len(pool) == 0 {
			return copyRef{}, errors.New("demo circulation: not enough copies on the shelves; build a larger catalogue")
		}
		c := pool[0]
		pool = pool[1:]
		return c, nil
	}
	days := func(n int) time.Time { return now.AddDate(0, 0, n) }
	staff := func(branch string) library.Actor { return library.Actor{StaffID: 0, Branch: branch} }
	self := func(p library.Patron) library.Actor { return library.Actor{PatronID: p.ID} }

	// Everything happens in time order, as the sweeps and the targeting
	// depend on it. Per patron: c[0] borrowed 60 days ago and returned 20
	// days late; c[1] borrowed 40 days ago and overdue now; c[2] borrowed
	// 10 days ago; c[3] a hold that expired on the hold shelf; c[4] a hold
	// ready now; c[5] a hold in transit.
	cs := make([][]copyRef, len(patrons))
	for i := range patrons {
		for range 6 {
			c, err := take()
			if err != nil {
				return sum, err
			}
			cs[i] = append(cs[i], c)
		}
	}
	step := func(what string, p library.Patron, err error) error {
		if err != nil {
			return fmt.Errorf("demo circulation: %s for %s: %w", what, p.CardNumber, err)
		}
		return nil
	}
	for i, p := range patrons {
		if err := step("old loan", p, checkout(ctx, st, p, cs[i][0], days(-60))); err != nil {
			return sum, err
		}
		if err := step("overdue loan", p, checkout(ctx, st, p, cs[i][1], days(-40))); err != nil {
			return sum, err
		}
	}
	for i, p := range patrons {
		if _, err := st.Checkin(ctx, cs[i][0].barcode, staff(cs[i][0].branch), days(-20)); err != nil {
			return sum, step("late return", p, err)
		}
		c := cs[i][3]
		h, err := st.PlaceHold(ctx, library.Hold{PatronID: p.ID, RecordID: c.record, PickupBranch: c.branch}, self(p), days(-21))
		if err != nil {
			return sum, step("hold to expire", p, err)
		}
		if err := pickCopy(ctx, st, h, days(-20)); err != nil {
			return sum, step("pick hold to expire", p, err)
		}
	}
	if _, err := st.ExpireHolds(ctx, days(-10)); err != nil {
		return sum, fmt.Errorf("demo circulation: %w", err)
	}
	sum.Holds[library.HoldExpired] = len(patrons)
	for i, p := range patrons {
		if err := step("recent loan", p, checkout(ctx, st, p, cs[i][2], days(-10))); err != nil {
			return sum, err
		}
	}
	for i, p := range patrons {
		// Ready: picked up where the copy is.
		c := cs[i][4]
		h, err := st.PlaceHold(ctx, library.Hold{PatronID: p.ID, RecordID: c.record, PickupBranch: c.branch}, self(p), days(-3))
		if err != nil {
			return sum, step("hold", p, err)
		}
		if err := pickCopy(ctx, st, h, days(-3)); err != nil {
			return sum, step("pick hold", p, err)
		}
		// In transit: picked up at a branch without a copy of the title.
		c = cs[i][5]
		pickup := ""
		for k := range branches {
			b := branches[(i+k*7)%len(branches)]
			if !c.holdAt[b.ID] {
				pickup = b.ID
				break
			}
		}
		if pickup != "" {
			h, err = st.PlaceHold(ctx, library.Hold{PatronID: p.ID, RecordID: c.record, PickupBranch: pickup}, self(p), days(-2))
			if err != nil {
				return sum, step("hold in transit", p, err)
			}
			if err := pickCopy(ctx, st, h, days(-1)); err != nil {
				return sum, step("pick hold in transit", p, err)
			}
		}
		// Waiting, and frozen: copies another patron has on loan.
		other := patrons[(i+1)%len(patrons)]
		if other.ID == p.ID {
			continue
		}
		for k, frozen := range []bool{false, true} {
			// A hold on that very copy: the title may have others on shelves.
			it, err := st.Item(ctx, cs[(i+1)%len(patrons)][1+k].barcode)
			if err != nil {
				return sum, step("waiting hold", p, err)
			}
			h, err := st.PlaceHold(ctx, library.Hold{PatronID: p.ID, ItemID: it.ID, PickupBranch: cs[i][4].branch}, self(p), days(-1))
			if err != nil {
				if library.ErrorCode(err) == library.EINTERNAL {
					return sum, step("waiting hold", p, err)
				}
				continue // e.g. a copy of the title came free meanwhile
			}
			if frozen && h.Status == library.HoldWaiting && h.ItemBarcode == "" {
				until := library.DateOf(now.In(library.Helsinki)).AddDays(30)
				if err := st.FreezeHold(ctx, p.ID, h.ID, until, days(-1)); err != nil {
					return sum, step("freeze hold", p, err)
				}
			}
		}
	}
	for _, p := range patrons {
		ls, err := st.Loans(ctx, p.ID)
		if err != nil {
			return sum, fmt.Errorf("demo circulation: %w", err)
		}
		for _, l := range ls {
			sum.Loans++
			if l.Overdue(now) {
				sum.Overdue++
			}
		}
		hs, err := st.Holds(ctx, p.ID)
		if err != nil {
			return sum, fmt.Errorf("demo circulation: %w", err)
		}
		for _, h := range hs {
			status := h.Status
			if status == library.HoldWaiting && h.FrozenUntil != (library.Date{}) {
				status = "frozen"
			}
			sum.Holds[status]++
		}
		fs, err := st.Fees(ctx, p.ID)
		if err != nil {
			return sum, fmt.Errorf("demo circulation: %w", err)
		}
		sum.Fees += len(fs)
	}
	return sum, nil
}

// checkout lends a copy at the branch where it is.
func checkout(ctx context.Context, st CirculationStore, p library.Patron, c copyRef, at time.Time) error {
	_, err := st.Checkout(ctx, p.ID, c.barcode, library.Actor{Branch: c.branch}, at)
	return err
}

// pickCopy checks in, where it lies, the copy a hold was given, as staff do
// with a pick list.
func pickCopy(ctx context.Context, st CirculationStore, h library.Hold, at time.Time) error {
	if h.ItemBarcode == "" {
		return fmt.Errorf("hold %d got no copy", h.ID)
	}
	it, err := st.Item(ctx, h.ItemBarcode)
	if err != nil {
		return err
	}
	_, err = st.Checkin(ctx, it.Barcode, library.Actor{Branch: it.Branch}, at)
	return err
}

// errEnough stops a scan early.
var errEnough = errors.New("enough")

// shelfCopies returns up to n copies on shelves, one per title, of
// printed books, from titles with every copy on a shelf, so that holds
// on them are filled by the copy chosen and by nothing else.
func shelfCopies(ctx context.Context, st library.Store, n int) ([]copyRef, error) {
	var out []copyRef
	err := st.ScanRecords(ctx, 0, func(r library.Record, items []library.Item) error {
		if r.Material != library.Book || len(items) == 0 {
			return nil
		}
		c := copyRef{record: r.ID, holdAt: make(map[string]bool)}
		for _, it := range items {
			// A branch closed for renovation lends nothing, and a loan
			// from it would fall due when it reopens, months later.
			if it.Status != library.Available || renovated(it.Branch) {
				return nil
			}
			c.holdAt[it.Branch] = true
		}
		c.barcode, c.branch = items[0].Barcode, items[0].Branch
		out = append(out, c)
		if len(out) == n {
			return errEnough
		}
		return nil
	})
	if err != nil && !errors.Is(err, errEnough) {
		return nil, err
	}
	return out, nil
}
