package store_test

import (
	"context"
	"testing"
	"time"

	"github.com/kirjasto/kirjasto/internal/store/storetest"
)

// TestTrimChangesRunningTransaction: on PostgreSQL an entry of a
// transaction still running stays, however old its time, until the xmin
// horizon passes it: no follower could have read it yet.
func TestTrimChangesRunningTransaction(t *testing.T) {
	db := storetest.Open(t, "postgres")
	ctx := context.Background()
	raw := rawPostgres(t, db)
	slow, err := raw.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer slow.Rollback()
	var seq int64
	err = slow.QueryRow(`INSERT INTO change_log (record_id, at) VALUES (1, now() - interval '30 days') RETURNING seq`).Scan(&seq)
	if err != nil {
		t.Fatal(err)
	}
	count := func() int {
		var n int
		if err := raw.QueryRow(`SELECT count(*) FROM change_log WHERE seq = $1`, seq).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	if n, err := db.TrimChanges(ctx, time.Now(), 24*time.Hour); err != nil || n != 0 {
		t.Errorf("with the old entry's transaction running, trimmed %d, %v; want 0", n, err)
	}
	if err := slow.Commit(); err != nil {
		t.Fatal(err)
	}
	if count() != 1 {
		t.Fatalf("the entry of the transaction that was running was trimmed")
	}
	if err := db.WaitFeed(ctx); err != nil {
		t.Fatal(err)
	}
	if n, err := db.TrimChanges(ctx, time.Now(), 24*time.Hour); err != nil || n != 1 {
		t.Errorf("once it committed, trimmed %d, %v; want 1", n, err)
	}
	if count() != 0 {
		t.Errorf("the old entry is still there")
	}
}
