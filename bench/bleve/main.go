// Command bleve is the Bleve v2 side of `kirjasto bench search`: it indexes
// the corpus that command exports (corpus.jsonl) with Bleve v2, replays
// the same query mix (queries.jsonl) with the same facets from the same
// number of clients, and prints its results as one JSON object on stdout,
// in the form kirjasto bench search reads.
//
// It is a module of its own so that Kirjasto does not depend on Bleve, and
// it does not import Kirjasto: the files are the whole interface.
//
//	cd bench/bleve && go build . && ./bleve -dir /tmp/export -clients 4 -duration 20s
package main

import (
	"context"
	"flag"
	"log"
	"os"
	"os/signal"
	"time"
)

func main() {
	var (
		dir      = flag.String("dir", "", "directory with corpus.jsonl and queries.jsonl from kirjasto bench search --export")
		index    = flag.String("index", "", "directory for the scorch index (default: a temporary one, removed at the end)")
		clients  = flag.Int("clients", 4, "concurrent clients replaying the query mix")
		duration = flag.Duration("duration", 20*time.Second, "how long to replay the mix (unless -queries)")
		queries  = flag.Int("queries", 0, "replay this many queries instead of for -duration")
		batch    = flag.Int("batch", 1000, "documents per indexing batch")
	)
	flag.Parse()
	log.SetPrefix("bleve bench: ")
	log.SetFlags(0)
	if *dir == "" {
		log.Fatal("-dir is required")
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	if err := run(ctx, *dir, *index, *clients, *duration, *queries, *batch); err != nil {
		log.Fatal(err)
	}
}

func run(ctx context.Context, dir, indexDir string, clients int, d time.Duration, limit, batch int) error {
	if indexDir == "" {
		tmp, err := os.MkdirTemp("", "bleve-bench-")
		if err != nil {
			return err
		}
		defer os.RemoveAll(tmp)
		indexDir = tmp + "/index.bleve"
	}
	start := time.Now()
	idx, n, err := build(ctx, dir, indexDir, batch)
	if err != nil {
		return err
	}
	defer idx.Close()
	buildTook := time.Since(start)
	log.Printf("indexed %d documents in %.1f s", n, buildTook.Seconds())
	qs, err := readQueries(dir)
	if err != nil {
		return err
	}
	do := func(ctx context.Context, q query) (int, error) { return search(ctx, idx, q) }
	// An untimed pass warms caches, as in kirjasto bench search.
	if _, _, err := runLoad(ctx, 1, 0, min(len(qs), 100), qs, do); err != nil {
		return err
	}
	all, elapsed, err := runLoad(ctx, clients, d, limit, qs, do)
	if err != nil {
		return err
	}
	heap, rss, peak := memory()
	r := engineResult{Engine: "bleve " + bleveVersion(), Records: n, BuildSeconds: buildTook.Seconds(),
		HeapBytes: heap, RSSBytes: rss, PeakRSSBytes: peak, Clients: clients, Seconds: elapsed.Seconds()}
	r.Kinds, r.Total = summarise(all, elapsed)
	return printJSON(r)
}
