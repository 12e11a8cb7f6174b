package webtest

import (
	"context"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/kirjasto/kirjasto/internal/library"
	"github.com/kirjasto/kirjasto/internal/odl"
	"github.com/kirjasto/kirjasto/internal/odl/odltest"
	"github.com/kirjasto/kirjasto/internal/store"
	"github.com/kirjasto/kirjasto/internal/store/storetest"
	"github.com/kirjasto/kirjasto/internal/web"
)

// ELibDistributor is the distributor ID of the double in ELibEnv.
const ELibDistributor = "testdist"

// ELibEnv is CircEnv whose server lends e-books from a running
// distributor double (odltest) through a real ODL client, so that
// checkouts and returns go over HTTP as in production.
type ELibEnv struct {
	*CircEnv
	Distributor *odltest.Server
	// DistributorHTTP is the double's listener; closing it makes the
	// distributor unreachable.
	DistributorHTTP *httptest.Server
	Client          *odl.Client
	Feed            *odl.Feed
	Admin           library.Staff // a consortium administrator, to import licences and set limits
	used            map[string]bool
}

// ForEachELibEnv runs fn on a fresh ELibEnv on each test database.
func ForEachELibEnv(t *testing.T, fn func(t *testing.T, e *ELibEnv)) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		fn(t, NewELibEnv(t, db))
	})
}

// NewELibEnv starts the distributor double on its own listener, reads
// its feed and serves the site with the double's client.
func NewELibEnv(t *testing.T, db *store.DB) *ELibEnv {
	t.Helper()
	e := &ELibEnv{CircEnv: NewCircEnv(t, db), used: map[string]bool{}}
	e.Distributor = odltest.New(odltest.Options{Seed: 17, N: 120, Start: Now.UTC().Truncate(24 * time.Hour),
		Now: func() time.Time { return Now }})
	ts := httptest.NewServer(e.Distributor)
	t.Cleanup(ts.Close)
	e.DistributorHTTP = ts
	e.Client = &odl.Client{Distributor: ELibDistributor, Timeout: 10 * time.Second}
	var err error
	e.Feed, err = e.Client.ReadFeed(context.Background(), ts.URL+odltest.FeedPath)
	if err != nil {
		t.Fatal(err)
	}
	srv, err := NewServer(web.Config{Store: db, Search: e.Index, I18n: e.Bundle, Now: func() time.Time { return Now },
		PageSize: 10, Patrons: db, Circulation: db, Broker: e.Broker,
		Distributors: map[string]*odl.Client{ELibDistributor: e.Client}})
	if err != nil {
		t.Fatal(err)
	}
	e.Srv = srv
	e.Admin, err = db.CreateStaff(context.Background(), library.Staff{Username: "elibadmin", Name: "E-library admin",
		Role: library.RoleAdmin, Branch: "hki-oodi"}, "a long enough password")
	if err != nil {
		t.Fatal(err)
	}
	return e
}

// ETitle catalogues the first publication of the double's feed not
// taken yet that has a licence matching ok, with that licence alone,
// and returns the record's ID.
func (e *ELibEnv) ETitle(t *testing.T, ok func(library.Licence) bool) int64 {
	t.Helper()
	ctx := context.Background()
	for _, p := range e.Feed.Publications {
		if e.used[p.Identifier] {
			continue
		}
		for _, l := range p.Licences {
			if !ok(l) || !l.Lendable(Now) {
				continue
			}
			e.used[p.Identifier] = true
			res, err := e.DB.UpsertRecords(ctx, []library.RecordWithItems{{Record: p.Record}})
			if err != nil {
				t.Fatal(err)
			}
			l.RecordID = res[0].ID
			if _, err := e.DB.UpsertLicences(ctx, e.Admin, []library.Licence{l}, Now); err != nil {
				t.Fatal(err)
			}
			return l.RecordID
		}
	}
	t.Fatal("the double's feed has no title left with such a licence")
	return 0
}

// OneCopy matches a licence lent to one reader at a time, for long.
func OneCopy(l library.Licence) bool {
	return l.Model == library.ModelODL && l.Concurrency == 1 && l.CheckoutsTotal == 0 &&
		(l.Expires.IsZero() || l.Expires.After(Now.AddDate(0, 3, 0)))
}
