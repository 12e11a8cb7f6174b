package main

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"time"

	"github.com/kirjasto/kirjasto/internal/library"
	"github.com/kirjasto/kirjasto/internal/odl"
	"github.com/kirjasto/kirjasto/internal/odl/odltest"
	"github.com/kirjasto/kirjasto/internal/store"
)

// demoDistributorID is the demo distributor's ID in its licences.
const demoDistributorID = "demo"

// startDemoDistributor serves the distributor double (odltest) on a
// listener of its own on the loopback, as a distributor is a server of
// its own, and catalogues its e-titles with their licences: again at
// every start, because the licences' links name the listener's port,
// which changes. The double keeps its loans in memory, so e-loans made
// before a restart are no longer known to it. It returns the client the
// web server lends through.
// demoETitles is how many e-titles the demo's distributor offers; the
// demo catalogue holds them beside its --records print records.
const demoETitles = 60

func startDemoDistributor(ctx context.Context, db *store.DB, seed uint64) (*odl.Client, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	hs := &http.Server{Handler: odltest.New(odltest.Options{Seed: int64(seed), N: demoETitles}), ReadHeaderTimeout: 10 * time.Second}
	go hs.Serve(ln)
	go func() {
		<-ctx.Done()
		hs.Close()
	}()
	c := &odl.Client{Distributor: demoDistributorID, Timeout: 10 * time.Second}
	feed, err := c.ReadFeed(ctx, "http://"+ln.Addr().String()+odltest.FeedPath)
	if err != nil {
		return nil, err
	}
	admins, err := db.ListStaff(ctx, library.StaffFilter{Role: library.RoleAdmin, State: library.StaffActive})
	if err != nil {
		return nil, err
	}
	if len(admins) == 0 {
		return nil, fmt.Errorf("demo distributor: no administrator to import licences")
	}
	var ls []library.Licence
	for _, p := range feed.Publications {
		res, err := db.UpsertRecords(ctx, []library.RecordWithItems{{Record: p.Record}})
		if err != nil {
			return nil, err
		}
		for _, l := range p.Licences {
			l.RecordID = res[0].ID
			if l.Check() == nil {
				ls = append(ls, l)
			}
		}
	}
	if _, err := db.UpsertLicences(ctx, admins[0], ls, time.Now()); err != nil {
		return nil, err
	}
	fmt.Printf("Demo e-book distributor (ODL) serves http://%s%s: %d e-titles, %d licences\n",
		ln.Addr(), odltest.FeedPath, len(feed.Publications), len(ls))
	return c, nil
}
