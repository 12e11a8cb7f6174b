package search

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"runtime"
	"sync"
	"testing"
	"time"

	"github.com/RoaringBitmap/roaring/v2"
	snowball "github.com/blevesearch/snowballstem"

	"github.com/kirjasto/kirjasto/internal/library"
)

// Benchmarks run on the synthetic corpus at 100,000 documents, and also at
// 1,000,000 when KIRJASTO_BENCH_LARGE=1 (about 4 GB of memory and a few
// minutes to generate):
//
//	go test -run '^$' -bench . -benchmem ./internal/search
//	KIRJASTO_BENCH_LARGE=1 go test -run '^$' -bench . -benchmem -timeout 60m ./internal/search

func benchSizes() []int {
	if os.Getenv("KIRJASTO_BENCH_LARGE") == "1" {
		return []int{100_000, 1_000_000}
	}
	return []int{100_000}
}

type benchCorpus struct {
	c    *corpus
	docs []Doc
	ix   *Index
}

var (
	benchMu      sync.Mutex
	benchCorpora = map[int]*benchCorpus{}
)

// benchIndex returns the index of n synthetic documents, built once.
func benchIndex(b *testing.B, n int) *benchCorpus {
	benchMu.Lock()
	defer benchMu.Unlock()
	if bc, ok := benchCorpora[n]; ok {
		return bc
	}
	c := newCorpus(42, 50_000)
	bc := &benchCorpus{c: c, docs: c.docs(n), ix: New(Config{Branches: testBranches, NoResultCache: true})}
	// Every other e-title can be borrowed now (the online facet).
	k := 0
	for i := range bc.docs {
		if library.Material(bc.docs[i].Material).Electronic() {
			bc.docs[i].Online = k%2 == 0
			k++
		}
	}
	for _, d := range bc.docs {
		bc.ix.Put(d)
	}
	benchCorpora[n] = bc
	return bc
}

func BenchmarkBuild(b *testing.B) {
	for _, n := range benchSizes() {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			docs := benchIndex(b, n).docs
			var ix *Index
			var before, after runtime.MemStats
			for b.Loop() {
				ix = nil
				runtime.GC()
				runtime.ReadMemStats(&before)
				ix = New(Config{Branches: testBranches})
				for _, d := range docs {
					ix.Put(d)
				}
			}
			runtime.GC()
			runtime.ReadMemStats(&after)
			b.ReportMetric(float64(int64(after.HeapAlloc)-int64(before.HeapAlloc))/float64(n), "heapB/doc")
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*n), "ns/doc")
			runtime.KeepAlive(ix)
		})
	}
}

func BenchmarkSearch(b *testing.B) {
	for _, n := range benchSizes() {
		bc := benchIndex(b, n)
		fin := bc.c.words["fin"]
		queries := []struct {
			name string
			q    library.SearchQuery
		}{
			{"selective", library.SearchQuery{Text: fin[300] + " " + fin[20], Lang: "fi"}},
			{"selective_filtered", library.SearchQuery{Text: fin[300], Lang: "fi", Filters: map[string][]string{
				library.FacetAvailableCity: {"espoo"}, library.FacetMaterial: {"book"}}}},
			{"broad", library.SearchQuery{Text: fin[0], Lang: "fi"}},
			{"broad_newest", library.SearchQuery{Text: fin[0], Lang: "fi", Sort: library.SortNewest}},
			{"empty", library.SearchQuery{}},
			{"empty_filtered", library.SearchQuery{Filters: map[string][]string{
				library.FacetAvailableBranch: {"hel-03", "hel-04"}, library.FacetLanguage: {"fin", "swe"}}}},
			{"empty_title_page_50", library.SearchQuery{Sort: library.SortTitle, Offset: 1000}},
			{"broad_online", library.SearchQuery{Text: fin[0], Lang: "fi", Filters: map[string][]string{
				library.FacetOnline: {library.OnlineNow}}}},
		}
		for _, tt := range queries {
			b.Run(fmt.Sprintf("%d/%s", n, tt.name), func(b *testing.B) {
				ctx := context.Background()
				var total int
				for b.Loop() {
					res, err := bc.ix.Search(ctx, tt.q)
					if err != nil {
						b.Fatal(err)
					}
					total = res.Total
				}
				b.ReportMetric(float64(total), "hits")
			})
		}
	}
}

// BenchmarkCirculation is one circulation event: a document put again
// with one copy less on the shelf.
func BenchmarkCirculation(b *testing.B) {
	bc := benchIndex(b, benchSizes()[0])
	i := 0
	for b.Loop() {
		d := bc.docs[i%len(bc.docs)]
		if len(d.Available) > 0 {
			d.Available = d.Available[1:]
		}
		bc.ix.Put(d)
		bc.ix.Put(bc.docs[i%len(bc.docs)])
		i++
	}
}

// BenchmarkFacetCount compares the two ways to count a facet over a broad
// result: intersecting it with each value's bitmap, and walking the hits'
// per-document columns. It decides smallFacet.
func BenchmarkFacetCount(b *testing.B) {
	bc := benchIndex(b, benchSizes()[0])
	c := bc.ix.x
	id := c.termIDs[bc.c.words["fin"][0]]
	hits := roaring.FastOr(c.posting(fTitle, id), c.posting(fText, id))
	b.Logf("%d hits; %d materials, %d authors", hits.GetCardinality(), len(c.facets[xMaterial].strs), len(c.facets[xAuthor].strs))
	for _, x := range []int{xMaterial, xGenre, xAuthor} {
		name := facetNames[x]
		b.Run(name+"/bitmaps", func(b *testing.B) {
			for b.Loop() {
				for i := range c.facets[x].docs {
					_ = c.facets[x].docs[i].andCardinality(hits)
				}
			}
		})
		b.Run(name+"/columns", func(b *testing.B) {
			counts := make([]uint32, len(c.facets[x].strs)+1)
			for b.Loop() {
				if x < numSingle {
					col := c.single[x]
					hits.Iterate(func(n uint32) bool { counts[col[n]]++; return true })
				} else {
					c.walkMulti(hits, []int{x}, 1)
				}
			}
		})
	}
}

// BenchmarkSaveLoad measures a restart: saving and loading the index.
func BenchmarkSaveLoad(b *testing.B) {
	bc := benchIndex(b, benchSizes()[0])
	var buf bytes.Buffer
	if err := bc.ix.Save(&buf); err != nil {
		b.Fatal(err)
	}
	b.Run("save", func(b *testing.B) {
		for b.Loop() {
			if err := bc.ix.Save(io.Discard); err != nil { // as to a file, not a growing buffer
				b.Fatal(err)
			}
		}
		b.ReportMetric(float64(buf.Len())/float64(bc.ix.Len()), "fileB/doc")
	})
	b.Run("load", func(b *testing.B) {
		for b.Loop() {
			if err := New(Config{Branches: testBranches}).Load(bytes.NewReader(buf.Bytes())); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// memStore is a library.Store of records in memory, for BenchmarkRebuild:
// only what Rebuild calls is implemented.
type memStore struct {
	library.Store
	c *corpus
	n int
}

func (s memStore) LastChange(context.Context) (library.FeedPos, error) { return library.FeedPos{}, nil }

func (s memStore) ScanRecords(ctx context.Context, after int64, fn func(library.Record, []library.Item) error) error {
	for id := after + 1; id <= int64(s.n); id++ {
		rec, items := s.c.record(id)
		if err := fn(rec, items); err != nil {
			return err
		}
	}
	return nil
}

// BenchmarkRebuild measures a full rebuild, records generated on the fly
// as a store would read them (generating is about a tenth of the time),
// and the heap the index keeps: "N" with Snowball alone, "N/voikko" with
// Voikko's Finnish morphology. The corpus's made-up words are mostly
// unknown to Voikko, which is the costliest case for it: every distinct
// word is analysed, and few analyses are shared.
func BenchmarkRebuild(b *testing.B) {
	for _, n := range benchSizes() {
		for _, name := range []string{"", "/voikko"} {
			b.Run(fmt.Sprint(n)+name, func(b *testing.B) {
				cfg := Config{Branches: testBranches}
				if name != "" {
					cfg.Finnish = finnishMorphology(b)
				}
				var ix *Index
				var before, after runtime.MemStats
				for b.Loop() {
					ix = nil
					runtime.GC()
					runtime.ReadMemStats(&before)
					ix = New(cfg)
					if err := ix.Rebuild(context.Background(), memStore{c: newCorpus(42, 50_000), n: n}, nil); err != nil {
						b.Fatal(err)
					}
				}
				runtime.GC()
				runtime.ReadMemStats(&after)
				b.ReportMetric(float64(int64(after.HeapAlloc)-int64(before.HeapAlloc))/float64(n), "heapB/doc")
				b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*n), "ns/doc")
				runtime.KeepAlive(ix)
			})
		}
	}
}

// BenchmarkQueryAnalysis measures what analysing a query word costs: its
// variants (stems, key, base forms and parts) with Voikko's morphology,
// the first time (uncached) and again (cached), and with Snowball alone.
func BenchmarkQueryAnalysis(b *testing.B) {
	words := []string{"sodassa", "kirjastokortin", "helsingissä", "tuntemattoman", "kissoja", "harry", "xyzzyq"}
	env := snowball.NewEnv("")
	for _, tt := range []struct {
		name  string
		morph func() *morphology
	}{
		{"snowball", func() *morphology { return nil }},
		{"voikko/uncached", func() *morphology { return newMorphology(finnishMorphology(b)) }},
		{"voikko/cached", func() *morphology { return newMorphology(finnishMorphology(b)) }},
	} {
		b.Run(tt.name, func(b *testing.B) {
			// The thread's CPU time, which a shared machine disturbs
			// less than the time (see BenchmarkSavedIndex).
			runtime.LockOSThread()
			defer runtime.UnlockOSThread()
			mo := tt.morph()
			var cpu time.Duration
			for b.Loop() {
				if tt.name == "voikko/uncached" {
					mo = tt.morph()
				}
				start := threadCPU()
				for _, w := range words {
					wordVariants(env, mo, w, anyField, "fi")
				}
				cpu += threadCPU() - start
			}
			b.ReportMetric(float64(cpu.Nanoseconds())/float64(b.N*len(words)), "cpu-ns/word")
		})
	}
}
