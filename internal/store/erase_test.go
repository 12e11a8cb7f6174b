package store_test

import (
	"context"
	"testing"
	"time"

	"github.com/kirjasto/kirjasto/internal/demo"
	"github.com/kirjasto/kirjasto/internal/library"
	"github.com/kirjasto/kirjasto/internal/store"
	"github.com/kirjasto/kirjasto/internal/store/storetest"
)

// TestErase: after Erase a demo database is empty, its schema is intact,
// and the same demo can be built into it again.
func TestErase(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		now := time.Date(2026, 12, 6, 10, 0, 0, 0, time.UTC)
		build := func() {
			t.Helper()
			if _, err := demo.Build(ctx, db, demo.Options{Seed: 3, Records: 1000, Now: now}); err != nil {
				t.Fatal(err)
			}
			patrons, _, err := demo.BuildPatrons(ctx, db, 3)
			if err != nil {
				t.Fatal(err)
			}
			ps := make([]library.Patron, len(patrons))
			for i, p := range patrons {
				ps[i] = p.Patron
			}
			if _, err := demo.BuildCirculation(ctx, db, ps, now); err != nil {
				t.Fatal(err)
			}
			if err := db.PutSetting(ctx, "demo.seed", uint64(3)); err != nil {
				t.Fatal(err)
			}
		}
		build()
		if err := db.Erase(ctx); err != nil {
			t.Fatal(err)
		}
		if n, err := db.CountRecords(ctx); err != nil || n != 0 {
			t.Errorf("after Erase: %d records, %v", n, err)
		}
		var seed uint64
		if err := db.Setting(ctx, "demo.seed", &seed); library.ErrorCode(err) != library.ENOTFOUND {
			t.Errorf("after Erase the setting is still there: %v", err)
		}
		// Cards and usernames are unique: building again fails if any
		// patron or staff member was left behind.
		build()
		if n, err := db.CountRecords(ctx); err != nil || n != 1000 {
			t.Errorf("built again: %d records, %v; want 1000", n, err)
		}
	})
}
