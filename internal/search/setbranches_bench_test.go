package search

import (
	"fmt"
	"maps"
	"testing"
)

// BenchmarkSetBranches measures what a change to the branches costs the
// index: "added" adds a branch no copy is at yet, the usual change;
// "moved" switches between the map of staleBranches and
// testBranches (a new branch, kau-00, and esp-00 moved between cities:
// 1 in 30 of the copies on the shelf), which is the time searches wait;
// "same" is the poll that finds the map unchanged; "check" is the
// comparison of postings every change and every Load pays when no
// document needs mending.
func BenchmarkSetBranches(b *testing.B) {
	for _, n := range benchSizes() {
		bc := benchIndex(b, n)
		ix := bc.ix
		stale := staleBranches()
		added := maps.Clone(testBranches)
		added["kir-00"] = "kirkkonummi"
		b.Run(fmt.Sprintf("n=%d/added", n), func(b *testing.B) {
			i := 0
			for b.Loop() {
				if i%2 == 0 {
					ix.SetBranches(added)
				} else {
					ix.SetBranches(testBranches)
				}
				i++
			}
			ix.SetBranches(testBranches)
		})
		b.Run(fmt.Sprintf("n=%d/moved", n), func(b *testing.B) {
			i := 0
			for b.Loop() {
				if i%2 == 0 {
					ix.SetBranches(stale)
				} else {
					ix.SetBranches(testBranches)
				}
				i++
			}
			ix.SetBranches(testBranches) // as the other benchmarks expect
			mended := len(availableAt(bc.docs, "kau-00")) + len(availableAt(bc.docs, "esp-00"))
			b.ReportMetric(float64(mended), "docs/op")
		})
		b.Run(fmt.Sprintf("n=%d/same", n), func(b *testing.B) {
			for b.Loop() {
				ix.SetBranches(testBranches)
			}
		})
		b.Run(fmt.Sprintf("n=%d/check", n), func(b *testing.B) {
			for b.Loop() {
				ix.mu.Lock()
				ix.x.recity(testBranches)
				ix.mu.Unlock()
			}
		})
	}
}
