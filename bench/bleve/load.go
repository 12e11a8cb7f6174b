package main

import (
	"context"
	"encoding/json"
	"os"
	"runtime"
	"runtime/debug"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// kindResult and engineResult are the JSON that kirjasto bench search
// reads (benchKindResult and benchEngineResult there); keep them in step.
type kindResult struct {
	Kind     string  `json:"kind"`
	Count    int     `json:"count"`
	PerSec   float64 `json:"per_sec"`
	P50      float64 `json:"p50_ms"`
	P95      float64 `json:"p95_ms"`
	P99      float64 `json:"p99_ms"`
	Max      float64 `json:"max_ms"`
	MeanHits float64 `json:"mean_hits"`
}

type engineResult struct {
	Engine       string       `json:"engine"`
	Records      int          `json:"records"`
	BuildSeconds float64      `json:"build_seconds"`
	HeapBytes    uint64       `json:"heap_bytes"`
	RSSBytes     uint64       `json:"rss_bytes"`
	PeakRSSBytes uint64       `json:"peak_rss_bytes"`
	Clients      int          `json:"clients"`
	Seconds      float64      `json:"seconds"`
	Kinds        []kindResult `json:"kinds"`
	Total        kindResult   `json:"total"`
}

// kinds orders the table as kirjasto bench search does.
var kinds = []string{"selective", "broad", "phrase", "facet_heavy", "available", "all_facets", "autocomplete"}

type latencies struct {
	d    []time.Duration
	hits int
}

func (l *latencies) merge(o *latencies) {
	l.d = append(l.d, o.d...)
	l.hits += o.hits
}

func (l *latencies) result(kind string, elapsed time.Duration) kindResult {
	slices.Sort(l.d)
	r := kindResult{Kind: kind, Count: len(l.d)}
	if len(l.d) == 0 {
		return r
	}
	pct := func(p float64) float64 {
		i := max(0, min(int(p*float64(len(l.d))+0.5)-1, len(l.d)-1))
		return ms(l.d[i])
	}
	r.PerSec = float64(len(l.d)) / elapsed.Seconds()
	r.P50, r.P95, r.P99 = pct(0.50), pct(0.95), pct(0.99)
	r.Max = ms(l.d[len(l.d)-1])
	r.MeanHits = float64(l.hits) / float64(len(l.d))
	return r
}

func ms(d time.Duration) float64 { return float64(d.Nanoseconds()) / 1e6 }

// runLoad replays qs from clients goroutines until d has passed or, when
// limit > 0, limit queries have run; client i starts at query i and steps
// by clients, as in kirjasto bench search.
func runLoad(ctx context.Context, clients int, d time.Duration, limit int, qs []query,
	do func(context.Context, query) (int, error)) (map[string]*latencies, time.Duration, error) {
	var (
		wg      sync.WaitGroup
		started atomic.Int64
		mu      sync.Mutex
		all     = map[string]*latencies{}
		first   error
	)
	deadline := time.Now().Add(d)
	begin := time.Now()
	for c := range clients {
		wg.Go(func() {
			mine := map[string]*latencies{}
			for j := c; ; j += clients {
				if ctx.Err() != nil || (limit > 0 && started.Add(1) > int64(limit)) || (limit <= 0 && time.Now().After(deadline)) {
					break
				}
				q := qs[j%len(qs)]
				t := time.Now()
				hits, err := do(ctx, q)
				el := time.Since(t)
				if err != nil {
					mu.Lock()
					if first == nil {
						first = err
					}
					mu.Unlock()
					break
				}
				if mine[q.Kind] == nil {
					mine[q.Kind] = &latencies{}
				}
				mine[q.Kind].d = append(mine[q.Kind].d, el)
				mine[q.Kind].hits += hits
			}
			mu.Lock()
			defer mu.Unlock()
			for k, l := range mine {
				if all[k] == nil {
					all[k] = &latencies{}
				}
				all[k].merge(l)
			}
		})
	}
	wg.Wait()
	return all, time.Since(begin), first
}

func summarise(all map[string]*latencies, elapsed time.Duration) ([]kindResult, kindResult) {
	var out []kindResult
	total := &latencies{}
	for _, k := range kinds {
		if l := all[k]; l != nil {
			total.merge(l)
			out = append(out, l.result(k, elapsed))
		}
	}
	return out, total.result("total", elapsed)
}

// memory returns the live heap after a collection, and the resident set
// and its peak from /proc (0 where there is none). Scorch also keeps the
// index in mmapped files, which count in RSS once touched.
func memory() (heap, rss, peak uint64) {
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return ms.HeapAlloc, 0, 0
	}
	field := func(name string) uint64 {
		for line := range strings.Lines(string(b)) {
			if v, ok := strings.CutPrefix(line, name+":"); ok {
				kb, _ := strconv.ParseUint(strings.TrimSuffix(strings.TrimSpace(v), " kB"), 10, 64)
				return kb * 1024
			}
		}
		return 0
	}
	return ms.HeapAlloc, field("VmRSS"), field("VmHWM")
}

func bleveVersion() string {
	if bi, ok := debug.ReadBuildInfo(); ok {
		for _, m := range bi.Deps {
			if m.Path == "github.com/blevesearch/bleve/v2" {
				return m.Version
			}
		}
	}
	return "v2"
}

func printJSON(r engineResult) error {
	enc := json.NewEncoder(os.Stdout)
	enc.SetIndent("", "  ")
	return enc.Encode(r)
}
