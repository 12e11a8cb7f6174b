package search

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/kirjasto/kirjasto/internal/library"
)

// indexOf returns an index of records given as (language, title) pairs,
// with IDs from 1 in order.
func indexOf(t *testing.T, recs ...library.Record) *Index {
	t.Helper()
	ix := New(Config{Branches: testBranches})
	for i, r := range recs {
		if r.ID == 0 {
			r.ID = int64(i + 1)
		}
		ix.Put(DocFrom(r, nil))
	}
	return ix
}

// ids runs q and returns the IDs of all hits in order, paging through them.
func ids(t *testing.T, ix *Index, q library.SearchQuery) []int64 {
	t.Helper()
	var out []int64
	q.Limit = MaxLimit
	for q.Offset = 0; ; q.Offset += MaxLimit {
		res, err := ix.Search(context.Background(), q)
		if err != nil {
			t.Fatalf("Search(%+v): %v", q, err)
		}
		for _, h := range res.Hits {
			out = append(out, h.ID)
		}
		if q.Offset+MaxLimit >= res.Total {
			if len(out) != res.Total {
				t.Fatalf("Search(%+v): %d hits, total %d", q, len(out), res.Total)
			}
			return out
		}
	}
}

func sorted(s []int64) []int64 { s = slices.Clone(s); slices.Sort(s); return s }

func TestStemming(t *testing.T) {
	ix := indexOf(t,
		library.Record{Language: "fin", Title: "Kissat ja koirat"},
		library.Record{Language: "fin", Title: "Kissan päivä"},
		library.Record{Language: "swe", Title: "Böcker om katter"},
		library.Record{Language: "eng", Title: "Public libraries of Finland"},
		library.Record{Language: "rus", Title: "Книга о кошках"},
		library.Record{Language: "fin", Title: "Pöytä ja tuoli"},
		library.Record{Language: "eng", Title: "The kiss"},
		library.Record{Language: "fre", Title: "Les Misérables"},
	)
	tests := []struct {
		lang, query string
		want        []int64
	}{
		{"fi", "kissa", []int64{1, 2}},
		{"en", "kissa", []int64{1, 2}}, // the hint does not narrow the stemmers
		{"fi", "kissat koira", []int64{1}},
		{"sv", "böckerna", []int64{3}},
		{"sv", "katt", []int64{3}},
		{"en", "library", []int64{4}},
		{"fi", "LIBRARIES", []int64{4}},
		{"ru", "книги", []int64{5}},
		{"ru", "кошки", []int64{5}},
		{"fi", "pöytä", []int64{6}},
		{"fi", "poyta", []int64{6}},      // typed without ö
		{"fi", "pöydät", nil},            // the Finnish stemmer does not undo consonant gradation
		{"en", "kiss", []int64{1, 2, 7}}, // the Finnish stem of "kiss" is that of "kissa"; TestRanking puts 7 first
		{"fr", "miserables", []int64{8}},
		{"fr", "misérable", []int64{8}},
	}
	for _, tt := range tests {
		t.Run(tt.lang+"/"+tt.query, func(t *testing.T) {
			got := sorted(ids(t, ix, library.SearchQuery{Text: tt.query, Lang: tt.lang}))
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("-want +got:\n%s", diff)
			}
		})
	}
}

func TestFields(t *testing.T) {
	ix := indexOf(t,
		library.Record{Language: "fin", Title: "Talvisota", Authors: []library.Contributor{{Name: "Kivi, Aleksis"}}, ISBNs: []string{"9789510123456"}},
		library.Record{Language: "fin", Title: "Kivi ja sota", Subjects: []string{"talvisota"}, ISSNs: []string{"0355-1989"}},
		library.Record{Language: "fin", Title: "Muistelmat", Notes: []string{"ISBN 951-0-12345-X (nid.)"}},
	)
	tests := []struct {
		query string
		want  []int64
	}{
		{"kivi", []int64{1, 2}},
		{"author:kivi", []int64{1}},
		{"title:kivi", []int64{2}},
		{"subject:talvisota", []int64{2}},
		{`title:"talvisota"`, []int64{1}},
		{"isbn:978-951-0-12345-6", []int64{1}},
		{"978-951-0-12345-6", []int64{1}},
		{"9789510123456", []int64{1}},
		{"951-0-12345-X", []int64{3}},
		{"9510123455", []int64{1}}, // the ISBN-10 of book 1
		{"951012345x", []int64{3}}, // in a note
		{"isbn:0355-1989", []int64{2}},
		{"03551989", []int64{2}},
		{"unknown:kivi", nil}, // not a field, so the words "unknown" and "kivi"
	}
	for _, tt := range tests {
		t.Run(tt.query, func(t *testing.T) {
			got := sorted(ids(t, ix, library.SearchQuery{Text: tt.query}))
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("-want +got:\n%s", diff)
			}
		})
	}
}

func TestRanking(t *testing.T) {
	ix := indexOf(t,
		library.Record{Language: "fin", Title: "Matkalla", Subjects: []string{"Seitsemän veljestä"}},
		library.Record{Language: "fin", Title: "Seitsemän veljestä ja muut tarinat"},
		library.Record{Language: "fin", Title: "Seitsemän veljestä", Subtitle: "romaani", Authors: []library.Contributor{{Name: "Kivi, Aleksis"}}},
		library.Record{Language: "fin", Title: "Metsässä", Summary: "Seitsemän veljestä metsässä."},
		library.Record{Language: "fin", Title: "Kirja", Authors: []library.Contributor{{Name: "Veljestä, Seitsemän"}}},
	)
	got := ids(t, ix, library.SearchQuery{Text: "seitsemän veljestä"})
	want := []int64{3, 2, 5, 1, 4} // exact title, title, author, subject, summary
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("order -want +got:\n%s", diff)
	}

	// A word as typed beats a word that only shares a stem with it in some
	// language, other things equal.
	ix = indexOf(t,
		library.Record{Language: "fin", Title: "Kissat"},
		library.Record{Language: "eng", Title: "Kiss"},
	)
	got = ids(t, ix, library.SearchQuery{Text: "kiss", Lang: "en"})
	if diff := cmp.Diff([]int64{2, 1}, got); diff != "" {
		t.Errorf("surface form vs stem: -want +got:\n%s", diff)
	}
}

func TestSortAndPaging(t *testing.T) {
	ix := indexOf(t,
		library.Record{Language: "fin", Title: "Östermalm", Year: 2001},
		library.Record{Language: "fin", Title: "Aapinen", Year: 1990},
		library.Record{Language: "fin", Title: "zeta", Year: 2020},
		library.Record{Language: "fin", Title: "Älä", Year: 1985},
		library.Record{Language: "fin", Title: "Ålandsbok", Year: 2001},
		library.Record{Language: "fin", Title: "Émile", Year: 0},
	)
	for _, tt := range []struct {
		sort library.Sort
		want []int64
	}{
		{library.SortTitle, []int64{2, 6, 3, 5, 4, 1}},
		{library.SortNewest, []int64{3, 1, 5, 2, 4, 6}},
	} {
		if diff := cmp.Diff(tt.want, ids(t, ix, library.SearchQuery{Sort: tt.sort})); diff != "" {
			t.Errorf("sort %s: -want +got:\n%s", tt.sort, diff)
		}
		var paged []int64
		for off := 0; off < 6; off += 4 {
			res, err := ix.Search(context.Background(), library.SearchQuery{Sort: tt.sort, Offset: off, Limit: 4})
			if err != nil {
				t.Fatal(err)
			}
			for _, h := range res.Hits {
				paged = append(paged, h.ID)
			}
		}
		if diff := cmp.Diff(tt.want, paged); diff != "" {
			t.Errorf("sort %s, pages of 4: -want +got:\n%s", tt.sort, diff)
		}
	}

	all, err := ix.Search(context.Background(), library.SearchQuery{})
	if err != nil {
		t.Fatal(err)
	}
	beyond, err := ix.Search(context.Background(), library.SearchQuery{Offset: 100})
	if err != nil {
		t.Fatal(err)
	}
	if len(beyond.Hits) != 0 || beyond.Total != 6 {
		t.Errorf("offset beyond the end: %d hits, total %d; want 0 and 6", len(beyond.Hits), beyond.Total)
	}
	if diff := cmp.Diff(all.Facets, beyond.Facets); diff != "" {
		t.Errorf("offset beyond the end changed the facets: -want +got:\n%s", diff)
	}
}

func TestBadQueries(t *testing.T) {
	ix := New(Config{Branches: testBranches})
	for _, d := range newCorpus(1, 300).docs(300) {
		ix.Put(d)
	}
	queries := []string{
		``, `"`, `"""`, `"unbalanced`, `a"b"c"`, `:`, `title:`, `title:"`, `::::`, `-`, `*`, `OR`, `AND OR NOT`,
		`(((`, `)`, `-kissa`, `kissa*`, `year:1990..2000`, "\x00\x01\x1b[31m", "\xff\xfe\xfd", `\`, `%s%d`,
		strings.Repeat("kissa ", 2000), strings.Repeat("ä", 10000), strings.Repeat(`"`, 10000),
		strings.Repeat("title:", 3000), "🙂 🐈", "e\u0301mile", "\u200b\u200d",
	}
	for _, q := range queries {
		for _, s := range []library.Sort{"", library.SortTitle, library.SortNewest, "bogus"} {
			res, err := ix.Search(context.Background(), library.SearchQuery{Text: q, Sort: s, Limit: -5, Offset: -1})
			if err != nil {
				t.Errorf("Search(%.40q, %q): %v", q, s, err)
			}
			if len(res.Hits) > DefaultLimit {
				t.Errorf("Search(%.40q, %q): %d hits, want at most %d", q, s, len(res.Hits), DefaultLimit)
			}
		}
	}
}

func TestUnknownFacetFilter(t *testing.T) {
	ix := indexOf(t, library.Record{Title: "x"})
	_, err := ix.Search(context.Background(), library.SearchQuery{Filters: map[string][]string{"colour": {"red"}}})
	if library.ErrorCode(err) != library.EINVALID {
		t.Errorf("filter on an unknown facet: error %v, want code %s", err, library.EINVALID)
	}
}

func TestPutRemove(t *testing.T) {
	ix := indexOf(t,
		library.Record{Language: "fin", Title: "Kissa"},
		library.Record{Language: "fin", Title: "Koira"},
	)
	ix.Put(DocFrom(library.Record{ID: 1, Language: "fin", Title: "Hevonen"}, nil))
	ix.Remove(2)
	ix.Remove(99)
	ix.Put(DocFrom(library.Record{ID: 3, Language: "fin", Title: "Kissa ja koira"}, nil))
	for q, want := range map[string][]int64{"kissa": {3}, "koira": {3}, "hevonen": {1}, "": {1, 3}} {
		if diff := cmp.Diff(want, sorted(ids(t, ix, library.SearchQuery{Text: q}))); diff != "" {
			t.Errorf("%q: -want +got:\n%s", q, diff)
		}
	}
	if ix.Len() != 2 {
		t.Errorf("Len() = %d, want 2", ix.Len())
	}
}

// TestConcurrent runs searches while documents change, for the race
// detector, and checks that each update is visible to the next search.
func TestConcurrent(t *testing.T) {
	c := newCorpus(2, 500)
	docs := c.docs(1000)
	// With morphology, whose cache the searches and Puts share.
	ix := New(Config{Branches: testBranches, Finnish: corpusMorphology{}})
	for _, d := range docs {
		ix.Put(d)
	}
	ctx := context.Background()
	done := make(chan struct{})
	errs := make(chan error, 4)
	for w := range 4 {
		go func() {
			for i := 0; ; i++ {
				select {
				case <-done:
					errs <- nil
					return
				default:
				}
				q := sampleQueries(c)[(w+i)%len(sampleQueries(c))]
				if _, err := ix.Search(ctx, q); err != nil {
					errs <- err
					return
				}
			}
		}()
	}
	for i, d := range docs[:300] {
		d.Available = nil
		if i%3 == 0 {
			d.Title = "Päivitetty"
		}
		ix.Put(d)
		if i%50 == 0 {
			ix.Remove(d.ID)
			ix.Put(d)
		}
		if len(docs[i].Available) == 0 {
			continue
		}
		res, err := ix.Search(ctx, library.SearchQuery{Text: "author:" + d.Authors[0], Filters: map[string][]string{library.FacetAvailableBranch: docs[i].Available}})
		if err != nil {
			t.Fatal(err)
		}
		if slices.ContainsFunc(res.Hits, func(h library.SearchHit) bool { return h.ID == d.ID }) {
			t.Fatalf("doc %d still available right after an update that took its copies", d.ID)
		}
	}
	close(done)
	for range 4 {
		if err := <-errs; err != nil {
			t.Error(err)
		}
	}
}

func TestLists(t *testing.T) {
	var l lists[uint32]
	want := map[uint32][]uint32{}
	for d := range uint32(100) {
		l.grow()
		want[d] = nil
	}
	// Lists grow, shrink and empty in turn, often enough to compact.
	for i := range 200_000 {
		d := uint32(i*7) % 100
		vs := make([]uint32, (i*13)%9)
		for j := range vs {
			vs[j] = uint32(i + j)
		}
		l.set(d, vs)
		if len(vs) == 0 {
			vs = nil
		}
		want[d] = vs
	}
	for d, vs := range want {
		got := l.get(d)
		if len(got) == 0 {
			got = nil
		}
		if diff := cmp.Diff(vs, got); diff != "" {
			t.Errorf("list %d: -want +got:\n%s", d, diff)
		}
	}
	if l.garbage > len(l.vals)/2+1<<16 {
		t.Errorf("garbage %d of %d values: not compacted", l.garbage, len(l.vals))
	}
}
