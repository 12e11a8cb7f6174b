package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/kirjasto/kirjasto/internal/demo"
	"github.com/kirjasto/kirjasto/internal/library"
	"github.com/kirjasto/kirjasto/internal/search"
	"github.com/kirjasto/kirjasto/internal/store"
)

// benchOptions are the flags of kirjasto bench search.
type benchOptions struct {
	records      int
	seed         uint64
	clients      int
	duration     time.Duration
	queries      int
	perKind      int
	bleve        string
	export       string
	fromDB       string
	cache        bool
	profile      string
	loadProfile  string
	buildProfile string
	keepIndex    string
	loadOnly     string
}

func newBenchCmd(cfg *config) *cobra.Command {
	bench := &cobra.Command{
		Use:   "bench",
		Short: "Measure Kirjasto's parts at scale",
	}
	var o benchOptions
	cmd := &cobra.Command{
		Use:   "search",
		Short: "Build the catalogue index from generated records, replay a query mix, and compare with Bleve v2",
		Long: `search generates --records demo records, indexes them, saves and reloads the
index, and replays a mix of selective, broad, phrase, facet-heavy,
availability-filtered, all-facet and autocomplete queries from --clients
goroutines. It prints build time, restart time, memory, and per kind of
query the throughput and the 50th, 95th and 99th percentile latency.

Unless --bleve is off, the same records and queries are written to files
(--export, or a temporary directory) and the Bleve v2 runner in
bench/bleve, a module of its own, indexes and runs them with the same
facets; both tables and the ratio per kind are printed.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return benchSearch(cmd.Context(), cfg, cmd.OutOrStdout(), o)
		},
	}
	f := cmd.Flags()
	f.IntVar(&o.records, "records", 100_000, "records to generate and index")
	f.Uint64Var(&o.seed, "seed", 1, "seed of the generated records and of the query mix")
	f.IntVar(&o.clients, "clients", 4, "concurrent clients replaying the query mix")
	f.DurationVar(&o.duration, "duration", 20*time.Second, "how long each engine replays the mix (unless --queries)")
	f.IntVar(&o.queries, "queries", 0, "replay this many queries instead of for --duration")
	f.IntVar(&o.perKind, "per-kind", 200, "distinct queries of each kind in the mix")
	f.StringVar(&o.bleve, "bleve", "off", `Bleve v2 runner: "auto" (build bench/bleve with go), a path to a built one, or "off"`)
	f.StringVar(&o.export, "export", "", "write the corpus and the queries as JSON lines to this directory")
	f.BoolVar(&o.cache, "result-cache", true, "keep broad results until the index changes, as serve does (false measures every search)")
	f.StringVar(&o.profile, "cpuprofile", "", "write a CPU profile of Kirjasto's query load to this file (go tool pprof)")
	f.StringVar(&o.loadProfile, "load-cpuprofile", "", "write a CPU profile of the restart (Load) to this file")
	f.StringVar(&o.buildProfile, "build-cpuprofile", "", "write a CPU profile of the build, generating included, to this file")
	f.StringVar(&o.keepIndex, "keep-index", "", "save the built index to this file and keep it (for profiling with go test, see internal/search)")
	f.StringVar(&o.loadOnly, "load-only", "", "only load this saved index, as a server starting cold does, and print the time and memory it took")
	f.StringVar(&o.fromDB, "from-db", "", "also time a full Rebuild from this database (e.g. one kirjasto demo built)")
	finnishFlags(cmd, &cfg.finnish)
	bench.AddCommand(cmd, newBenchFinnishCmd(cfg), newBenchPagesCmd(), newBenchChatCmd(), newBenchLoadCmd())
	return bench
}

func benchSearch(ctx context.Context, cfg *config, w io.Writer, o benchOptions) error {
	if o.loadOnly != "" {
		return benchLoad(ctx, cfg, w, o)
	}
	if o.records <= 0 || o.clients <= 0 || o.perKind <= 0 {
		return fmt.Errorf("--records, --clients and --per-kind must be positive")
	}
	tmp, err := os.MkdirTemp("", "kirjasto-bench-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	exportDir := o.export
	if exportDir == "" && o.bleve != "off" {
		exportDir = tmp
	}
	fmt.Fprintf(w, "kirjasto bench search: %d records, seed %d, %d clients, GOMAXPROCS %d, %d CPUs, %s, result cache %v, load average %s\n",
		o.records, o.seed, o.clients, runtime.GOMAXPROCS(0), runtime.NumCPU(), runtime.Version(), o.cache, loadAverage())
	cfg.finnish.load(cfg.logger)
	fmt.Fprintln(w, cfg.finnish.describe())

	now := time.Date(2026, 1, 1, 12, 0, 0, 0, time.UTC) // fixed, so the corpus depends on the seed only
	cons := demo.Consortium(now.Year())
	cities := search.BranchCities(cons.Branches)
	newIndex := func() *search.Index {
		return search.New(cfg.finnish.searchConfig(search.Config{Branches: cities, Logger: cfg.logger, NoResultCache: !o.cache}, cfg.logger))
	}

	var ex *exporter
	if exportDir != "" {
		if ex, err = newExporter(exportDir); err != nil {
			return err
		}
	}
	ix := newIndex()
	vocab := newVocabulary(o.records, 5000)
	stopBuild, err := startProfile(o.buildProfile)
	if err != nil {
		return err
	}
	start := time.Now()
	var generating time.Duration // generating, DocFrom and exporting, in the scanning goroutine
	err = ix.Build(ctx, library.FeedPos{}, func(put func(search.Doc) error) error {
		i := 0
		t := time.Now()
		for rw := range demo.Records(o.seed, o.records, cons, now) {
			i++
			rw.Record.ID = int64(i)
			d := search.DocFrom(rw.Record, rw.Items)
			vocab.add(d, cities)
			if ex != nil {
				if err := ex.doc(d, cities); err != nil {
					return err
				}
			}
			generating += time.Since(t)
			if err := put(d); err != nil {
				return err
			}
			t = time.Now()
		}
		return nil
	}, func(done int) {
		if done%(max(o.records/10, 1)) < 256 { // progress comes a batch at a time
			cfg.logger.Info("bench: indexing", "done", done, "took", time.Since(start).Round(time.Millisecond))
		}
	})
	build := time.Since(start)
	stopBuild()
	if err != nil {
		return err
	}
	heap, rss, peak := memory()
	fmt.Fprintf(w, "build: %d records in %.1f s (%.0f records/s, generating and exporting included: %.1f s of the scanning goroutine; analysis on %d CPUs)\n",
		ix.Len(), build.Seconds(), float64(ix.Len())/build.Seconds(), generating.Seconds(), runtime.GOMAXPROCS(0))
	fmt.Fprintf(w, "memory after build: heap %s, RSS %s, peak RSS %s\n", mib(heap), mib(rss), mib(peak))

	// Restart: save, drop the index, load it into a new one, as serve does.
	path := filepath.Join(tmp, "search.idx")
	if o.keepIndex != "" {
		path = o.keepIndex
	}
	saveTook, size, err := timeSave(ix, path)
	if err != nil {
		return err
	}
	// The suggester being built holds the built index: wait for it, or
	// the restart's peak would include both indexes.
	if err := waitSuggester(ctx, ix); err != nil {
		return err
	}
	ix = nil
	runtime.GC()
	ix = newIndex()
	stopLoad, err := startProfile(o.loadProfile)
	if err != nil {
		return err
	}
	t := time.Now()
	err = loadFile(ix, path)
	loadTook := time.Since(t)
	stopLoad()
	if err != nil {
		return err
	}
	if o.keepIndex == "" {
		os.Remove(path)
	}
	heap, rss, peak = memory()
	fmt.Fprintf(w, "persist: save %.1f s (%s on disk, %d bytes per record); restart: load %.1f s\n",
		saveTook.Seconds(), mib(uint64(size)), size/int64(ix.Len()), loadTook.Seconds())
	fmt.Fprintf(w, "memory after restart: heap %s, RSS %s, peak RSS %s\n", mib(heap), mib(rss), mib(peak))
	// The queries are timed against a server that has finished starting:
	// the suggester's background build would otherwise take a core from
	// the first seconds of the load, and autocomplete would find nothing.
	if err := waitSuggester(ctx, ix); err != nil {
		return err
	}
	fmt.Fprintf(w, "suggester ready %.1f s after the start of the restart\n", time.Since(t).Seconds())
	if o.fromDB != "" {
		if err := benchRebuild(ctx, cfg, w, o.fromDB); err != nil {
			return err
		}
	}

	qs := vocab.queries(o.seed, o.perKind)
	if ex != nil {
		if err := ex.close(qs); err != nil {
			return err
		}
		fmt.Fprintf(w, "exported corpus and %d queries to %s\n", len(qs), exportDir)
	}
	do := func(ctx context.Context, q benchQuery) (int, error) {
		if q.Kind == kindAutocomplete {
			return len(ix.Suggest(ctx, q.Prefix, "fi", 10)), nil
		}
		res, err := ix.Search(ctx, library.SearchQuery{Text: q.Text, Lang: "fi", Filters: q.Filters, Limit: search.DefaultLimit})
		return res.Total, err
	}
	// An untimed pass warms caches and pools, as a running server would be.
	if _, _, err := runLoad(ctx, 1, 0, min(len(qs), warmUp), qs, do); err != nil {
		return err
	}
	stop, err := startProfile(o.profile)
	if err != nil {
		return err
	}
	all, elapsed, err := runLoad(ctx, o.clients, o.duration, o.queries, qs, do)
	stop()
	if err != nil {
		return err
	}
	heap, rss, peak = memory()
	k := benchEngineResult{Engine: "kirjasto", Records: ix.Len(), BuildSeconds: build.Seconds(),
		HeapBytes: heap, RSSBytes: rss, PeakRSSBytes: peak, Clients: o.clients, Seconds: elapsed.Seconds()}
	k.Kinds, k.Total = summarise(all, elapsed)
	printKinds(w, k)
	fmt.Fprintf(w, "memory after the load: heap %s, RSS %s, peak RSS %s; load average %s\n", mib(heap), mib(rss), mib(peak), loadAverage())
	if o.bleve == "off" {
		return nil
	}

	// Free Kirjasto's index, so that Bleve has the machine to itself.
	ix = nil
	runtime.GC()
	bin, err := bleveBinary(ctx, o.bleve, tmp)
	if err != nil {
		return err
	}
	b, err := runBleve(ctx, bin, exportDir, o.clients, o.duration, o.queries)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "\n%s build: %d records in %.1f s; memory after the load: heap %s, RSS %s, peak RSS %s\n",
		b.Engine, b.Records, b.BuildSeconds, mib(b.HeapBytes), mib(b.RSSBytes), mib(b.PeakRSSBytes))
	printKinds(w, b)
	printRatio(w, k, b)
	fmt.Fprintf(w, "load average %s\n", loadAverage())
	return nil
}

// benchLoad loads a saved index in this fresh process and reports the
// time and the memory it took. The restart in benchSearch follows a build
// in the same process, whose heap and peak it inherits; a server starts
// cold, with nothing but the file.
func benchLoad(ctx context.Context, cfg *config, w io.Writer, o benchOptions) error {
	fmt.Fprintf(w, "kirjasto bench search --load-only %s: GOMAXPROCS %d, %d CPUs, %s, load average %s\n",
		o.loadOnly, runtime.GOMAXPROCS(0), runtime.NumCPU(), runtime.Version(), loadAverage())
	fi, err := os.Stat(o.loadOnly)
	if err != nil {
		return err
	}
	ix := search.New(cfg.finnish.searchConfig(search.Config{Logger: cfg.logger}, cfg.logger))
	stop, err := startProfile(o.loadProfile)
	if err != nil {
		return err
	}
	t, cpu := time.Now(), cpuTime()
	err = loadFile(ix, o.loadOnly)
	took, cpu := time.Since(t), cpuTime()-cpu
	stop()
	if err != nil {
		return err
	}
	heap, rss, peak := memory()
	fmt.Fprintf(w, "load: %d records in %.1f s, %.1f s of CPU (%s on disk); memory after load: heap %s, RSS %s, peak RSS %s\n",
		ix.Len(), took.Seconds(), cpu.Seconds(), mib(uint64(fi.Size())), mib(heap), mib(rss), mib(peak))
	// Load starts building the suggester in the background, and a server
	// holds both for a while: wait for it, so the peak includes it.
	if err := waitSuggester(ctx, ix); err != nil {
		return err
	}
	heap, rss, peak = memory()
	fmt.Fprintf(w, "suggester ready %.1f s after the start of Load; memory: heap %s, RSS %s, peak RSS %s; load average %s\n",
		time.Since(t).Seconds(), mib(heap), mib(rss), mib(peak), loadAverage())
	runtime.KeepAlive(ix) // else the collector in memory() frees it
	return nil
}

// waitSuggester waits until the suggester that Build and Load start in
// the background is ready, seen by its first suggestion.
func waitSuggester(ctx context.Context, ix *search.Index) error {
	for deadline := time.Now().Add(2 * time.Minute); len(ix.Suggest(ctx, "a", "fi", 1)) == 0; {
		if time.Now().After(deadline) {
			return fmt.Errorf("no suggestion for %q after two minutes", "a")
		}
		time.Sleep(50 * time.Millisecond)
	}
	return nil
}

// benchRebuild times a full Rebuild from the database at dsn.
func benchRebuild(ctx context.Context, cfg *config, w io.Writer, dsn string) error {
	db, err := store.Open(ctx, dsn, cfg.logger)
	if err != nil {
		return err
	}
	defer db.Close()
	branches, err := db.Branches(ctx)
	if err != nil {
		return err
	}
	ix := search.New(cfg.finnish.searchConfig(search.Config{Branches: search.BranchCities(branches), Logger: cfg.logger}, cfg.logger))
	t := time.Now()
	if err := ix.Rebuild(ctx, db, nil); err != nil {
		return fmt.Errorf("rebuild from %s: %w", dsn, err)
	}
	took := time.Since(t)
	fmt.Fprintf(w, "rebuild from %s: %d records in %.1f s (%.0f records/s)\n", dsn, ix.Len(), took.Seconds(), float64(ix.Len())/took.Seconds())
	return nil
}

func timeSave(ix *search.Index, path string) (time.Duration, int64, error) {
	f, err := os.Create(path)
	if err != nil {
		return 0, 0, err
	}
	t := time.Now()
	if err := ix.Save(f); err != nil {
		f.Close()
		return 0, 0, fmt.Errorf("save index: %w", err)
	}
	if err := f.Close(); err != nil {
		return 0, 0, err
	}
	took := time.Since(t)
	fi, err := os.Stat(path)
	if err != nil {
		return 0, 0, err
	}
	return took, fi.Size(), nil
}

func loadFile(ix *search.Index, path string) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	if err := ix.Load(f); err != nil {
		return fmt.Errorf("load index: %w", err)
	}
	return nil
}

// startProfile starts a CPU profile into path, unless path is "", and
// returns the function that stops it.
func startProfile(path string) (stop func(), err error) {
	if path == "" {
		return func() {}, nil
	}
	f, err := os.Create(path)
	if err != nil {
		return nil, err
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		f.Close()
		return nil, err
	}
	return func() {
		pprof.StopCPUProfile()
		f.Close()
	}, nil
}

func mib(b uint64) string { return fmt.Sprintf("%.0f MiB", float64(b)/(1<<20)) }

// loadAverage returns the 1, 5 and 15 minute load averages, since the
// figures of a shared machine mean little without them.
func loadAverage() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "unknown"
	}
	f := strings.Fields(string(b))
	if len(f) < 3 {
		return "unknown"
	}
	return strings.Join(f[:3], " ")
}
