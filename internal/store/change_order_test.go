package store_test

import (
	"context"
	"database/sql"
	"math/rand/v2"
	"sync"
	"testing"
	"time"

	"github.com/kirjasto/kirjasto/internal/library"
	"github.com/kirjasto/kirjasto/internal/store"
	"github.com/kirjasto/kirjasto/internal/store/storetest"
)

// feedFollower reads the change feed as the search index does, counting
// how often it sees each entry.
type feedFollower struct {
	db   *store.DB
	pos  library.FeedPos
	seen map[int64]int // by seq
}

func (f *feedFollower) read(t *testing.T) {
	t.Helper()
	for {
		cs, err := f.db.ChangesSince(context.Background(), f.pos, 3)
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range cs {
			f.seen[c.Seq]++
		}
		if len(cs) == 0 {
			return
		}
		f.pos = cs[len(cs)-1].Pos()
	}
}

// rawPostgres opens a second pool on db's database and schema, for
// transactions the test holds open.
func rawPostgres(t *testing.T, db *store.DB) *sql.DB {
	t.Helper()
	raw, err := sql.Open("pgx", db.DSN())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { raw.Close() })
	return raw
}

func appendRaw(t *testing.T, tx *sql.Tx, record int64) int64 {
	t.Helper()
	var seq int64
	err := tx.QueryRow(`INSERT INTO change_log (record_id, at) VALUES ($1, now()) RETURNING seq`, record).Scan(&seq)
	if err != nil {
		t.Fatal(err)
	}
	return seq
}

// TestChangeFeedOutOfOrder holds a writer's transaction open while a later
// one commits: the later entry has the higher seq but commits first. A
// follower that read "seq > cursor" would pass the first entry by and never
// see it; the feed must hand it over once it commits, and each entry once.
func TestChangeFeedOutOfOrder(t *testing.T) {
	db := storetest.Open(t, "postgres")
	ctx := context.Background()
	raw := rawPostgres(t, db)
	f := &feedFollower{db: db, pos: feedMark(t, db), seen: map[int64]int{}}
	var naive int64 // the old reading: seq > naive
	if err := raw.QueryRow(`SELECT COALESCE(MAX(seq), 0) FROM change_log`).Scan(&naive); err != nil {
		t.Fatal(err)
	}
	naiveSeen := map[int64]bool{}
	readNaive := func() {
		rows, err := raw.Query(`SELECT seq FROM change_log WHERE seq > $1 ORDER BY seq`, naive)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		for rows.Next() {
			rows.Scan(&naive)
			naiveSeen[naive] = true
		}
	}

	slow, err := raw.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer slow.Rollback()
	first := appendRaw(t, slow, 1)
	fast, err := raw.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	second := appendRaw(t, fast, 2)
	if err := fast.Commit(); err != nil {
		t.Fatal(err)
	}
	if second <= first {
		t.Fatalf("seq %d after %d: the test needs the later entry to have the higher seq", second, first)
	}
	f.read(t)
	readNaive()
	if f.seen[first] != 0 {
		t.Errorf("the follower saw entry %d of a transaction still open", first)
	}
	if err := slow.Commit(); err != nil {
		t.Fatal(err)
	}
	if err := db.WaitFeed(ctx); err != nil {
		t.Fatal(err)
	}
	f.read(t)
	readNaive()
	for _, seq := range []int64{first, second} {
		if f.seen[seq] != 1 {
			t.Errorf("the follower saw entry %d %d times, want once", seq, f.seen[seq])
		}
	}
	// The scene is the one the old reading got wrong: without the lock
	// that kept seq in commit order, it misses the slow entry for good.
	if naiveSeen[first] || !naiveSeen[second] {
		t.Errorf("the naive reading saw %v; the test should make it miss %d", naiveSeen, first)
	}
}

// TestChangeFeedConcurrentWriters has writers commit and roll back
// entries in random order, holding their transactions open for random
// times, while a follower reads: at the end it has seen every committed
// entry exactly once and no rolled-back one.
func TestChangeFeedConcurrentWriters(t *testing.T) {
	db := storetest.Open(t, "postgres")
	ctx := context.Background()
	raw := rawPostgres(t, db)
	raw.SetMaxOpenConns(12)
	f := &feedFollower{db: db, pos: feedMark(t, db), seen: map[int64]int{}}
	var (
		mu         sync.Mutex
		committed  = map[int64]bool{}
		rolledBack = map[int64]bool{}
		writers    sync.WaitGroup
	)
	for w := range 8 {
		writers.Go(func() {
			r := rand.New(rand.NewPCG(uint64(w), 19))
			for i := range 25 {
				tx, err := raw.BeginTx(ctx, nil)
				if err != nil {
					t.Error(err)
					return
				}
				var seqs []int64
				for range 1 + r.IntN(3) {
					var seq int64
					if err := tx.QueryRow(`INSERT INTO change_log (record_id, at) VALUES ($1, now()) RETURNING seq`, w*1000+i).Scan(&seq); err != nil {
						t.Error(err)
						tx.Rollback()
						return
					}
					seqs = append(seqs, seq)
					time.Sleep(time.Duration(r.IntN(4000)) * time.Microsecond)
				}
				keep := r.IntN(5) != 0
				if keep {
					err = tx.Commit()
				} else {
					err = tx.Rollback()
				}
				if err != nil {
					t.Error(err)
					return
				}
				mu.Lock()
				for _, s := range seqs {
					if keep {
						committed[s] = true
					} else {
						rolledBack[s] = true
					}
				}
				mu.Unlock()
			}
		})
	}
	done := make(chan struct{})
	go func() { writers.Wait(); close(done) }()
	for reading := true; reading; {
		select {
		case <-done:
			reading = false
		case <-time.After(time.Millisecond):
		}
		f.read(t)
	}
	if err := db.WaitFeed(ctx); err != nil {
		t.Fatal(err)
	}
	f.read(t)
	if len(committed) == 0 || len(rolledBack) == 0 {
		t.Fatalf("%d committed, %d rolled back: the test needs both", len(committed), len(rolledBack))
	}
	for seq := range committed {
		if f.seen[seq] != 1 {
			t.Errorf("committed entry %d seen %d times, want once", seq, f.seen[seq])
		}
	}
	for seq, n := range f.seen {
		if !committed[seq] {
			t.Errorf("entry %d seen %d times but never committed", seq, n)
		}
	}
}
