package demo

import (
	"context"
	"fmt"
	"time"

	"github.com/kirjasto/kirjasto/internal/library"
)

// Options says what demo catalogue Build makes.
type Options struct {
	Seed    uint64
	Records int
	// Now is the moment the demo is built for: loans fall due around it,
	// and the opening hours cover its year and the next. Zero means now.
	Now time.Time
	// Progress, when set, is called after every batch.
	Progress func(done, total int)
}

// Summary counts what Build stored.
type Summary struct {
	Libraries int
	Branches  int
	Records   int
	Items     int
	Loans     int // items on loan
}

// batchSize is the number of records per UpsertRecords call: large enough
// that a transaction's overhead does not dominate, small enough to keep
// memory flat.
const batchSize = 1000

// Build stores the demo consortium and catalogue in st. Records are
// matched by SourceID, so building again with the same options updates
// rather than duplicates.
func Build(ctx context.Context, st library.Store, opts Options) (Summary, error) {
	now := opts.Now
	if now.IsZero() {
		now = time.Now()
	}
	c := Consortium(now.In(library.Helsinki).Year())
	if err := st.PutConsortium(ctx, c); err != nil {
		return Summary{}, fmt.Errorf("demo: store consortium: %w", err)
	}
	sum := Summary{Libraries: len(c.Libraries), Branches: len(c.Branches)}
	batch := make([]library.RecordWithItems, 0, batchSize)
	flush := func() error {
		if len(batch) == 0 {
			return nil
		}
		if _, err := st.UpsertRecords(ctx, batch); err != nil {
			return fmt.Errorf("demo: store records %d–%d: %w", sum.Records+1, sum.Records+len(batch), err)
		}
		sum.Records += len(batch)
		// A new slice rather than batch[:0]: the store may keep what it was given.
		batch = make([]library.RecordWithItems, 0, batchSize)
		if opts.Progress != nil {
			opts.Progress(sum.Records, opts.Records)
		}
		return nil
	}
	for r := range Records(opts.Seed, opts.Records, c, now) {
		if err := ctx.Err(); err != nil {
			return sum, err
		}
		sum.Items += len(r.Items)
		for _, it := range r.Items {
			if it.Status == library.OnLoan {
				sum.Loans++
			}
		}
		batch = append(batch, r)
		if len(batch) == batchSize {
			if err := flush(); err != nil {
				return sum, err
			}
		}
	}
	if err := flush(); err != nil {
		return sum, err
	}
	return sum, nil
}
