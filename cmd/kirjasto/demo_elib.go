package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"time"

	"github.com/kirjasto/kirjasto/internal/demo"
	"github.com/kirjasto/kirjasto/internal/library"
	"github.com/kirjasto/kirjasto/internal/odl"
	"github.com/kirjasto/kirjasto/internal/odl/odltest"
	"github.com/kirjasto/kirjasto/internal/store"
)

// demoDistributorID is the demo distributor's ID in its licences.
const demoDistributorID = "demo"

// demoDistributorTitles is how many e-titles the demo's distributor
// offers: e-books, e-audiobooks and e-magazine issues (a record per
// issue) under a mix of licence models, some open access.
const demoDistributorTitles = 3000

// demoETitles is how many e-titles the demo catalogue holds beside its
// --records print records: the distributor's and the open-access books
// Kirjasto keeps itself.
const demoETitles = demoDistributorTitles + demo.OpenBookCount

// demoELibKey is the setting that remembers where the demo distributor
// listened when its catalogue was imported, and the day its licence
// dates count from.
const demoELibKey = "demo.elib"

type demoELib struct {
	Addr  string    `json:"addr"` // host:port
	Start time.Time `json:"start"`
}

// startDemoDistributor serves the distributor double (odltest) on a
// listener of its own on the loopback, as a distributor is a server of
// its own, and returns the client the web server lends through. The
// first start imports its catalogue (the consortium's feed, then each
// member library's own) through the same import as kirjasto elib import,
// and the open-access books; later starts find them in the database.
// The double is generated again at every start from the seed and the
// remembered day, so it offers the same licences; it listens on its old
// port when it can, and when not, the stored links follow it to the new
// one. The double keeps its loans in memory, so e-loans made before a
// restart are no longer known to it.
func startDemoDistributor(ctx context.Context, db *store.DB, seed uint64, out io.Writer) (*odl.Client, error) {
	var state demoELib
	imported := true
	if err := db.Setting(ctx, demoELibKey, &state); library.ErrorCode(err) == library.ENOTFOUND {
		imported = false
		state.Start = time.Now().UTC().Truncate(24 * time.Hour)
	} else if err != nil {
		return nil, err
	}
	ln, err := listenDemoDistributor(state.Addr)
	if err != nil {
		return nil, err
	}
	libs := demoLibraries(time.Now())
	hs := &http.Server{Handler: odltest.New(odltest.Options{Seed: int64(seed), N: demoDistributorTitles, Start: state.Start,
		Libraries: libs}), ReadHeaderTimeout: 10 * time.Second}
	go hs.Serve(ln)
	go func() {
		<-ctx.Done()
		hs.Close()
	}()
	c := &odl.Client{Distributor: demoDistributorID, Timeout: 10 * time.Second}
	addr, base := ln.Addr().String(), "http://"+ln.Addr().String()
	began := time.Now()
	switch {
	case !imported:
		if err := importDemoELibrary(ctx, db, c, base, libs, seed); err != nil {
			hs.Close()
			return nil, fmt.Errorf("demo e-library: %w", err)
		}
		fmt.Fprintf(out, "Demo e-library catalogued in %s: %d e-titles from the distributor (for %d member libraries also their own licences), %d open-access EPUB books\n",
			time.Since(began).Round(time.Millisecond), demoDistributorTitles, len(libs), demo.OpenBookCount)
	case addr != state.Addr:
		if _, err := db.MoveDistributor(ctx, demoDistributorID, "http://"+state.Addr, base); err != nil {
			hs.Close()
			return nil, err
		}
	}
	if !imported || addr != state.Addr {
		state.Addr = addr
		if err := db.PutSetting(ctx, demoELibKey, state); err != nil {
			hs.Close()
			return nil, err
		}
	}
	fmt.Fprintf(out, "Demo e-book distributor (ODL) serves %s%s\n", base, odltest.FeedPath)
	return c, nil
}

// listenDemoDistributor listens on the loopback at addr when it is free,
// else on a port of the system's choice.
func listenDemoDistributor(addr string) (net.Listener, error) {
	if addr != "" {
		if ln, err := net.Listen("tcp", addr); err == nil {
			return ln, nil
		}
	}
	return net.Listen("tcp", "127.0.0.1:0")
}

// importDemoELibrary catalogues the distributor's feeds, batch by batch,
// and writes the open-access books; a consortium administrator buys them.
func importDemoELibrary(ctx context.Context, db *store.DB, c *odl.Client, base string, libs []string, seed uint64) error {
	admins, err := db.ListStaff(ctx, library.StaffFilter{Role: library.RoleAdmin, State: library.StaffActive})
	if err != nil {
		return err
	}
	if len(admins) == 0 {
		return errors.New("no administrator to buy the licences")
	}
	now := time.Now()
	// The feeds' problems are none of a demo visitor's business; the
	// tests of the double read them.
	if err := runElibImport(ctx, db, c, base+odltest.FeedPath, "", now, io.Discard, io.Discard); err != nil {
		return err
	}
	for _, lib := range libs {
		if err := runElibImport(ctx, db, c, base+odltest.LibraryFeedPath(lib), lib, now, io.Discard, io.Discard); err != nil {
			return fmt.Errorf("%s's licences: %w", lib, err)
		}
	}
	_, err = demo.BuildOpenBooks(ctx, db, admins[0], seed, now)
	return err
}
