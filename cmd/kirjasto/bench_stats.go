package main

import (
	"fmt"
	"io"
	"slices"
	"text/tabwriter"
	"time"
)

// benchKindResult is the outcome of one kind of query in a load run. The
// Bleve runner (bench/bleve) writes the same JSON, so that both engines
// can be printed side by side.
type benchKindResult struct {
	Kind     string  `json:"kind"`
	Count    int     `json:"count"`
	PerSec   float64 `json:"per_sec"`
	P50      float64 `json:"p50_ms"`
	P95      float64 `json:"p95_ms"`
	P99      float64 `json:"p99_ms"`
	Max      float64 `json:"max_ms"`
	MeanHits float64 `json:"mean_hits"`
}

// benchEngineResult is one engine's whole run.
type benchEngineResult struct {
	Engine       string            `json:"engine"`
	Records      int               `json:"records"`
	BuildSeconds float64           `json:"build_seconds"`
	HeapBytes    uint64            `json:"heap_bytes"`
	RSSBytes     uint64            `json:"rss_bytes"`
	PeakRSSBytes uint64            `json:"peak_rss_bytes"`
	Clients      int               `json:"clients"`
	Seconds      float64           `json:"seconds"`
	Kinds        []benchKindResult `json:"kinds"`
	Total        benchKindResult   `json:"total"`
}

// latencies collects every latency of one kind; percentiles are read
// from the sorted list, so they are exact rather than bucketed.
type latencies struct {
	d    []time.Duration
	hits int
}

func (l *latencies) add(d time.Duration, hits int) {
	l.d = append(l.d, d)
	l.hits += hits
}

func (l *latencies) merge(o *latencies) {
	l.d = append(l.d, o.d...)
	l.hits += o.hits
}

// result sorts the latencies and summarises them over a run of elapsed.
func (l *latencies) result(kind string, elapsed time.Duration) benchKindResult {
	slices.Sort(l.d)
	r := benchKindResult{Kind: kind, Count: len(l.d)}
	if len(l.d) == 0 {
		return r
	}
	pct := func(p float64) float64 {
		i := int(p*float64(len(l.d))+0.5) - 1
		i = max(0, min(i, len(l.d)-1))
		return ms(l.d[i])
	}
	r.PerSec = float64(len(l.d)) / elapsed.Seconds()
	r.P50, r.P95, r.P99 = pct(0.50), pct(0.95), pct(0.99)
	r.Max = ms(l.d[len(l.d)-1])
	r.MeanHits = float64(l.hits) / float64(len(l.d))
	return r
}

func ms(d time.Duration) float64 { return float64(d.Nanoseconds()) / 1e6 }

// printKinds prints one engine's table.
func printKinds(w io.Writer, r benchEngineResult) {
	fmt.Fprintf(w, "\n%s: %d records, %d clients, %.1f s\n", r.Engine, r.Records, r.Clients, r.Seconds)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "kind\tcount\tper s\tp50 ms\tp95 ms\tp99 ms\tmax ms\tmean hits\t")
	for _, k := range append(slices.Clone(r.Kinds), r.Total) {
		fmt.Fprintf(tw, "%s\t%d\t%.0f\t%.3f\t%.3f\t%.3f\t%.1f\t%.0f\t\n", k.Kind, k.Count, k.PerSec, k.P50, k.P95, k.P99, k.Max, k.MeanHits)
	}
	tw.Flush()
}

// printRatio prints, per kind, how many times slower Bleve is than
// Kirjasto at the median and the 99th percentile, and in throughput.
func printRatio(w io.Writer, k, b benchEngineResult) {
	fmt.Fprintf(w, "\nBleve / Kirjasto (same queries, same facets; >1 means Kirjasto is faster)\n")
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "kind\tp50 ×\tp99 ×\tthroughput ×\t")
	ratio := func(a, b float64) string {
		if b == 0 {
			return "-"
		}
		return fmt.Sprintf("%.1f", a/b)
	}
	for _, kk := range append(slices.Clone(k.Kinds), k.Total) {
		i := slices.IndexFunc(append(slices.Clone(b.Kinds), b.Total), func(x benchKindResult) bool { return x.Kind == kk.Kind })
		if i < 0 {
			continue
		}
		bk := append(slices.Clone(b.Kinds), b.Total)[i]
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t\n", kk.Kind, ratio(bk.P50, kk.P50), ratio(bk.P99, kk.P99), ratio(kk.PerSec, bk.PerSec))
	}
	fmt.Fprintf(tw, "build\t%s\t\t\t\n", ratio(b.BuildSeconds, k.BuildSeconds))
	tw.Flush()
}
