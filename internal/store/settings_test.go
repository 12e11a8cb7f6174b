package store_test

import (
	"context"
	"testing"

	"github.com/kirjasto/kirjasto/internal/library"
	"github.com/kirjasto/kirjasto/internal/store"
	"github.com/kirjasto/kirjasto/internal/store/storetest"
)

func TestSettings(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		var seed uint64
		if err := db.Setting(ctx, "demo.seed", &seed); library.ErrorCode(err) != library.ENOTFOUND {
			t.Fatalf("unset setting: error %v, want ENOTFOUND", err)
		}
		for _, v := range []uint64{7, 18446744073709551615} {
			if err := db.PutSetting(ctx, "demo.seed", v); err != nil {
				t.Fatal(err)
			}
			if err := db.Setting(ctx, "demo.seed", &seed); err != nil || seed != v {
				t.Fatalf("Setting = %d, %v; want %d", seed, err, v)
			}
		}
	})
}
