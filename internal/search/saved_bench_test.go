package search

import (
	"cmp"
	"context"
	"os"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"

	"golang.org/x/sys/unix"

	"github.com/kirjasto/kirjasto/internal/library"
)

// BenchmarkSavedIndex runs the kinds of query of `kirjasto bench search`
// on an index that command saved, one at a time, so that each can be
// profiled at full scale without building it again:
//
//	kirjasto bench search --records 3000000 --keep-index /tmp/3m.idx
//	KIRJASTO_BENCH_INDEX=/tmp/3m.idx go test -run '^$' -bench SavedIndex -cpuprofile cpu.out ./internal/search
//
// The queries come from the index: its commonest title words, a phrase
// from a title, and filters on facet values it has.
func BenchmarkSavedIndex(b *testing.B) {
	path := os.Getenv("KIRJASTO_BENCH_INDEX")
	if path == "" {
		b.Skip("KIRJASTO_BENCH_INDEX is not set")
	}
	f, err := os.Open(path)
	if err != nil {
		b.Fatal(err)
	}
	ix := New(Config{NoResultCache: true})
	err = ix.Load(f)
	f.Close()
	if err != nil {
		b.Fatal(err)
	}
	c := ix.x
	words := commonTitleWords(c, 200)
	top := func(x int) string { return commonValue(c, x) }
	// A document with the third commonest word gives the filters of the
	// facet-heavy query, and its title a phrase, so that both find it.
	d := c.posting(fTitle, c.termIDs[words[2]]).Minimum()
	value := func(x int) string { return c.facets[x].strs[c.single[x][d]-1] }
	phrase := strings.Join(strings.Fields(c.titleKeys[d])[:2], " ")
	queries := []struct {
		name string
		q    library.SearchQuery
	}{
		{"broad", library.SearchQuery{Text: words[0]}},
		{"broad_5th", library.SearchQuery{Text: words[4]}},
		{"two_words", library.SearchQuery{Text: words[150] + " " + words[199]}},
		{"phrase", library.SearchQuery{Text: `"` + phrase + `"`}},
		{"facet_heavy", library.SearchQuery{Text: words[2], Filters: map[string][]string{
			library.FacetMaterial: {value(xMaterial)}, library.FacetLanguage: {value(xLanguage)}, library.FacetDecade: {value(xDecade)}}}},
		{"available_city", library.SearchQuery{Text: words[3], Filters: map[string][]string{library.FacetAvailableCity: {top(xCity)}}}},
		{"available_branch", library.SearchQuery{Text: words[3], Filters: map[string][]string{library.FacetAvailableBranch: {top(xBranch)}}}},
		{"empty", library.SearchQuery{}},
	}
	for _, tt := range queries {
		tt.q.Lang = "fi"
		b.Run(tt.name, func(b *testing.B) {
			// The searching thread's CPU time is reported beside the
			// time: on a shared machine it says more (the memory the
			// search waits for is in both).
			runtime.LockOSThread()
			defer runtime.UnlockOSThread()
			ctx := context.Background()
			var total int
			cpu := threadCPU()
			for b.Loop() {
				res, err := ix.Search(ctx, tt.q)
				if err != nil {
					b.Fatal(err)
				}
				total = res.Total
			}
			b.ReportMetric(float64(threadCPU()-cpu)/1e6/float64(b.N), "cpu-ms/op")
			b.ReportMetric(float64(total), "hits")
		})
	}
}

// threadCPU returns the CPU time of the calling thread.
func threadCPU() time.Duration {
	var ts unix.Timespec
	if err := unix.ClockGettime(unix.CLOCK_THREAD_CPUTIME_ID, &ts); err != nil {
		return 0
	}
	return time.Duration(ts.Nano())
}

// commonTitleWords returns the n words (not stems or keys) in the most
// titles, most first.
func commonTitleWords(c *core, n int) []string {
	type word struct {
		s    string
		docs int
	}
	var ws []word
	for id, slot := range c.post[fTitle] {
		if slot == 0 || strings.Contains(c.strs[id], ":") {
			continue
		}
		ws = append(ws, word{c.strs[id], c.postings[slot-1].size()})
	}
	slices.SortFunc(ws, func(a, b word) int { return cmp.Compare(b.docs, a.docs) })
	out := make([]string, 0, n)
	for _, w := range ws[:min(n, len(ws))] {
		out = append(out, w.s)
	}
	return out
}

// commonValue returns the value of facet x with the most documents.
func commonValue(c *core, x int) string {
	best, size := "", -1
	for id := range c.facets[x].docs {
		if s := c.facets[x].docs[id].size(); s > size {
			best, size = c.facets[x].strs[id], s
		}
	}
	return best
}
