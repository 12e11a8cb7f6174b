package demo

import (
	"slices"
	"testing"

	"github.com/kirjasto/kirjasto/internal/library"
)

// TestInstruments: the demo lends a ukulele, a guitar, a keyboard and a
// djembe home from each branch with instrument lending, as items.
func TestInstruments(t *testing.T) {
	var titles []string
	for r := range Records(7, 200, Consortium(2026), testNow) {
		if r.Record.Material != library.Instrument {
			continue
		}
		titles = append(titles, r.Record.Title)
		var homes []string
		for _, it := range r.Items {
			homes = append(homes, it.HomeBranch)
		}
		slices.Sort(homes)
		if !slices.Equal(homes, []string{"esp-sello", "hki-kallio", "hki-oodi"}) {
			t.Errorf("%s at %v, want one at each of Sello, Kallio and Oodi", r.Record.Title, homes)
		}
	}
	if len(titles) != 4 {
		t.Errorf("instruments %v, want four", titles)
	}
}
