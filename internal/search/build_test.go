package search

import (
	"context"
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/kirjasto/kirjasto/internal/library"
)

// TestBuild checks that Build, which analyses on every CPU, makes the
// index Put makes one document at a time, with Snowball alone and with
// base forms and compound parts, and that a failed scan leaves the index
// as it was.
func TestBuild(t *testing.T) {
	t.Run("snowball", func(t *testing.T) { testBuild(t, nil) })
	t.Run("morphology", func(t *testing.T) { testBuild(t, corpusMorphology{}) })
}

func testBuild(t *testing.T, m Morphology) {
	c := newCorpus(9, 500)
	docs := c.docs(2000)
	put := New(Config{Branches: testBranches, NoResultCache: true, Finnish: m})
	for _, d := range docs {
		put.Put(d)
	}
	built := New(Config{Branches: testBranches, NoResultCache: true, Finnish: m})
	scan := func(put func(Doc) error) error {
		for _, d := range docs {
			if err := put(d); err != nil {
				return err
			}
		}
		return nil
	}
	var progress int
	if err := built.Build(context.Background(), library.FeedPos{Tx: 7, Seq: 42}, scan, func(done int) { progress = done }); err != nil {
		t.Fatal(err)
	}
	if progress != len(docs) || built.FeedPos() != (library.FeedPos{Tx: 7, Seq: 42}) {
		t.Errorf("progress %d, feed position %v; want %d, {7 42}", progress, built.FeedPos(), len(docs))
	}
	for _, q := range []library.SearchQuery{
		{},
		{Text: c.words["fin"][0]},
		{Text: c.words["fin"][50] + " " + c.words["fin"][3], Sort: library.SortNewest},
		{Filters: map[string][]string{library.FacetAvailableCity: {"vantaa"}}, Sort: library.SortTitle},
		{Text: c.words["fin"][4] + "ssa " + c.words["fin"][30] + "n"},
	} {
		want, err := put.Search(context.Background(), q)
		if err != nil {
			t.Fatal(err)
		}
		got, err := built.Search(context.Background(), q)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("%+v: -Put +Build:\n%s", q, diff)
		}
	}

	boom := errors.New("boom")
	err := built.Build(context.Background(), library.FeedPos{Tx: 7, Seq: 43}, func(put func(Doc) error) error {
		put(docs[0])
		return boom
	}, nil)
	if !errors.Is(err, boom) || built.Len() != len(docs) || built.FeedPos() != (library.FeedPos{Tx: 7, Seq: 42}) {
		t.Errorf("failed build: err %v, %d documents, feed position %v; want boom and the old index", err, built.Len(), built.FeedPos())
	}
}
