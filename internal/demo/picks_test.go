package demo

import (
	"context"
	"testing"

	"github.com/kirjasto/kirjasto/internal/library"
	"github.com/kirjasto/kirjasto/internal/store"
	"github.com/kirjasto/kirjasto/internal/store/storetest"
)

// TestBuildPicks stores the demo's picks on a small catalogue: a dozen,
// one scheduled and one a draft, each with records that match it, in
// Finnish, Swedish and English at least.
func TestBuildPicks(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		if _, err := Build(ctx, db, Options{Seed: 1, Records: 3000, Now: testNow}); err != nil {
			t.Fatal(err)
		}
		n, err := BuildPicks(ctx, db, library.Staff{Role: library.RoleAdmin}, testNow)
		if err != nil {
			t.Fatal(err)
		}
		all, total, err := db.Picks(ctx, library.PickFilter{Limit: 100})
		if err != nil {
			t.Fatal(err)
		}
		_, public, err := db.Picks(ctx, library.PickFilter{PublicAt: testNow})
		if err != nil {
			t.Fatal(err)
		}
		if n != 12 || total != 12 || public != 10 {
			t.Errorf("%d picks built, %d stored, %d public; want 12, 12 and 10", n, total, public)
		}
		for _, p := range all {
			if len(p.Records) == 0 {
				t.Errorf("%q has no records", p.Title["fi"])
			}
			for _, l := range []string{"fi", "sv", "en"} {
				if p.Title[l] == "" {
					t.Errorf("%q has no title in %s", p.Title["fi"], l)
				}
			}
			for _, pr := range p.Records {
				rec, err := db.Record(ctx, pr.RecordID)
				if err != nil {
					t.Fatal(err)
				}
				if p.Title["en"] == "New vinyl at the music library" && rec.Material != library.Vinyl {
					t.Errorf("the vinyl pick has a %s: %q", rec.Material, rec.Title)
				}
			}
		}
	})
}
