package search

import (
	"bytes"
	"context"
	"encoding/binary"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/kirjasto/kirjasto/internal/library"
)

// sampleQueries exercise text, fields, filters, sorts and paging.
func sampleQueries(c *corpus) []library.SearchQuery {
	return []library.SearchQuery{
		{},
		{Text: c.words["fin"][0]},
		{Text: c.words["fin"][3] + " " + c.words["fin"][5], Sort: library.SortNewest},
		{Text: c.words["swe"][1], Lang: "sv", Sort: library.SortTitle, Offset: 20},
		{Text: "author:" + c.authors[0]},
		{Filters: map[string][]string{library.FacetAvailableCity: {"vantaa"}, library.FacetMaterial: {"book", "dvd"}}},
		{Text: c.words["rus"][2], Filters: map[string][]string{library.FacetLanguage: {"rus"}}},
	}
}

func search(t *testing.T, ix *Index, qs []library.SearchQuery) []library.SearchResult {
	t.Helper()
	var out []library.SearchResult
	for _, q := range qs {
		res, err := ix.Search(context.Background(), q)
		if err != nil {
			t.Fatalf("Search(%+v): %v", q, err)
		}
		out = append(out, res)
	}
	return out
}

func TestSaveLoad(t *testing.T) {
	c := newCorpus(3, 1000)
	ix := New(Config{Branches: testBranches})
	for _, d := range c.docs(2000) {
		ix.Put(d)
	}
	ix.Remove(17) // leave a free doc number behind
	ix.lastSeq = 4242
	var buf bytes.Buffer
	if err := ix.Save(&buf); err != nil {
		t.Fatal(err)
	}
	saved := buf.Bytes()

	loaded := New(Config{Branches: testBranches})
	if err := loaded.Load(bytes.NewReader(saved)); err != nil {
		t.Fatal(err)
	}
	qs := sampleQueries(c)
	if diff := cmp.Diff(search(t, ix, qs), search(t, loaded, qs)); diff != "" {
		t.Errorf("results after Load -before +after:\n%s", diff)
	}
	if loaded.LastSeq() != 4242 || loaded.Len() != ix.Len() {
		t.Errorf("after Load: LastSeq %d, Len %d; want 4242, %d", loaded.LastSeq(), loaded.Len(), ix.Len())
	}

	// A loaded index takes updates like a built one.
	d := DocFrom(library.Record{ID: 5, Title: "Zyxxy", Language: "fin"}, nil)
	for _, x := range []*Index{ix, loaded} {
		x.Put(d)
		x.Put(DocFrom(library.Record{ID: 100000, Title: "Zyxxy kaksi", Language: "fin"}, nil))
		x.Remove(6)
	}
	qs = append(qs, library.SearchQuery{Text: "zyxxy"})
	if diff := cmp.Diff(search(t, ix, qs), search(t, loaded, qs)); diff != "" {
		t.Errorf("results after updates -built +loaded:\n%s", diff)
	}
}

func TestLoadBad(t *testing.T) {
	ix := New(Config{Branches: testBranches})
	for _, d := range newCorpus(5, 200).docs(100) {
		ix.Put(d)
	}
	var buf bytes.Buffer
	if err := ix.Save(&buf); err != nil {
		t.Fatal(err)
	}
	good := buf.Bytes()
	corrupt := func(f func(b []byte) []byte) []byte { return f(bytes.Clone(good)) }

	tests := map[string][]byte{
		"empty":       nil,
		"garbage":     []byte("this is not an index at all, not even close"),
		"truncated":   good[:len(good)/2],
		"header only": good[:len(magic)+12],
		"version": corrupt(func(b []byte) []byte {
			binary.BigEndian.PutUint32(b[len(magic):], formatVersion+1)
			return b
		}),
		"flipped byte": corrupt(func(b []byte) []byte { b[len(b)/2] ^= 0x40; return b }),
		"long length": corrupt(func(b []byte) []byte {
			binary.BigEndian.PutUint64(b[len(magic)+4:], 1<<62)
			return b
		}),
		"trailing data": append(bytes.Clone(good), 0),
	}
	for name, data := range tests {
		t.Run(name, func(t *testing.T) {
			target := New(Config{Branches: testBranches})
			target.Put(DocFrom(library.Record{ID: 1, Title: "Kept"}, nil))
			if err := target.Load(bytes.NewReader(data)); err == nil {
				t.Fatal("Load succeeded, want an error")
			}
			if target.Len() != 1 {
				t.Errorf("after a failed Load, Len() = %d, want the old index's 1", target.Len())
			}
		})
	}
}

// TestLoadValidates feeds Load files that have a right checksum but
// inconsistent content, as a bug in Save or a hand-made file could.
func TestLoadValidates(t *testing.T) {
	ix := New(Config{Branches: testBranches})
	for _, d := range newCorpus(5, 200).docs(50) {
		ix.Put(d)
	}
	tests := map[string]func(s *snapshot){
		"short column":      func(s *snapshot) { s.Years = s.Years[:3] },
		"duplicate record":  func(s *snapshot) { s.IDs[1] = s.IDs[0] },
		"term out of range": func(s *snapshot) { s.Terms[0] = append(s.Terms[0], uint32(len(s.Strs))) },
		"field out of range": func(s *snapshot) {
			s.Terms[0] = append(s.Terms[0], numFields<<fieldShift)
		},
		"facet value out of range": func(s *snapshot) { s.Single[xMaterial][0] = 999 },
		"multi value out of range": func(s *snapshot) { s.Multi[0] = append(s.Multi[0], xMaterial<<fieldShift) },
		"bitmap beyond docs": func(s *snapshot) {
			other := New(Config{})
			for i := range 100 {
				other.Put(DocFrom(library.Record{ID: int64(i + 1), Material: "book"}, nil))
			}
			b, _ := other.x.facets[xMaterial].docs[0].ToBytes()
			s.Facets[xMaterial].Docs[0] = b
		},
		"branch out of range": func(s *snapshot) { s.Avail[0] = append(s.Avail[0], xBranch<<fieldShift|999) },
		"bad bitmap":          func(s *snapshot) { s.Post[fTitle][0] = []byte{1, 2, 3} },
		"title length":        func(s *snapshot) { s.MainLens[0] = 60000 },
	}
	for name, mutate := range tests {
		t.Run(name, func(t *testing.T) {
			s, err := ix.x.snapshot(0)
			if err != nil {
				t.Fatal(err)
			}
			clone := *s // the slices mutated below are replaced or cloned first
			clone.IDs = append([]int64(nil), s.IDs...)
			clone.Terms = append([][]uint32(nil), s.Terms...)
			clone.Multi = append([][]uint32(nil), s.Multi...)
			clone.Avail = append([][]uint32(nil), s.Avail...)
			clone.Single[xMaterial] = append([]uint32(nil), s.Single[xMaterial]...)
			clone.MainLens = append([]uint16(nil), s.MainLens...)
			clone.Post[fTitle] = append([][]byte(nil), s.Post[fTitle]...)
			clone.Facets[xMaterial].Docs = append([][]byte(nil), s.Facets[xMaterial].Docs...)
			mutate(&clone)
			if _, err := fromSnapshot(&clone); err == nil {
				t.Error("fromSnapshot succeeded, want an error")
			}
		})
	}
}
