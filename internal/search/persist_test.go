package search

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"testing"

	"github.com/RoaringBitmap/roaring/v2"
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
		{Text: c.words["fin"][6] + "lla", Lang: "fi"}, // a form corpusMorphology knows
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
	ix.lastPos = library.FeedPos{Tx: 99, Seq: 4242}
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
	if loaded.FeedPos() != (library.FeedPos{Tx: 99, Seq: 4242}) || loaded.Len() != ix.Len() {
		t.Errorf("after Load: feed position %v, Len %d; want {99 4242}, %d", loaded.FeedPos(), loaded.Len(), ix.Len())
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
	body := bodyStart(ix)

	tests := map[string][]byte{
		"empty":       nil,
		"garbage":     []byte("this is not an index at all, not even close"),
		"truncated":   good[:len(good)/2],
		"header only": good[:body],
		"no analyser": good[:len(magic)+4],
		"long analyser name": corrupt(func(b []byte) []byte {
			binary.BigEndian.PutUint32(b[len(magic)+4:], 1<<20)
			return b
		}),
		"other analyser": corrupt(func(b []byte) []byte {
			b[len(magic)+8] ^= 0x20 // "Snowball"
			return b
		}),
		"version": corrupt(func(b []byte) []byte {
			binary.BigEndian.PutUint32(b[len(magic):], formatVersion+1)
			return b
		}),
		"flipped byte": corrupt(func(b []byte) []byte { b[len(b)/2] ^= 0x40; return b }),
		"long length": corrupt(func(b []byte) []byte {
			binary.LittleEndian.PutUint64(b[body:], 1<<62)
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

// TestLoadSections damages each section of a saved index in turn, in its
// length, its content and its checksum, and cuts the file inside it: each
// must fail the Load and leave the index as it was.
func TestLoadSections(t *testing.T) {
	ix := New(Config{Branches: testBranches})
	for _, d := range newCorpus(6, 200).docs(100) {
		ix.Put(d)
	}
	var buf bytes.Buffer
	if err := ix.Save(&buf); err != nil {
		t.Fatal(err)
	}
	good := buf.Bytes()
	type damage struct {
		name string
		data []byte
	}
	var damages []damage
	flip := func(i int) []byte {
		b := bytes.Clone(good)
		b[i] ^= 0x10
		return b
	}
	sections := 0
	for off := bodyStart(ix); off < len(good); sections++ {
		n := int(binary.LittleEndian.Uint64(good[off:]))
		end := off + 8 + n + 4
		if n < 0 || end > len(good) {
			t.Fatalf("section %d at %d: length %d beyond the file's %d bytes", sections, off, n, len(good))
		}
		name := func(what string) string { return fmt.Sprintf("section %d %s", sections, what) }
		damages = append(damages,
			damage{name("length"), flip(off)},
			damage{name("checksum"), flip(end - 1)},
			damage{name("cut at start"), good[:off]},
			damage{name("cut before checksum"), good[:end-4]})
		if n > 0 {
			damages = append(damages, damage{name("content"), flip(off + 8 + n/2)})
		}
		off = end
	}
	if sections < 20 {
		t.Fatalf("%d sections, want one per array", sections)
	}
	for _, d := range damages {
		target := New(Config{Branches: testBranches})
		target.Put(DocFrom(library.Record{ID: 1, Title: "Kept"}, nil))
		if err := target.Load(bytes.NewReader(d.data)); err == nil {
			t.Errorf("%s: Load succeeded, want an error", d.name)
		}
		if target.Len() != 1 {
			t.Errorf("%s: after a failed Load, Len() = %d, want the old index's 1", d.name, target.Len())
		}
	}
}

// bodyStart returns where the body of a file ix saves starts: after the
// magic, the version and the analyser's name.
func bodyStart(ix *Index) int { return len(magic) + 8 + len(ix.analyserName()) }

// TestLoadValidates feeds Load bodies that have a right checksum but
// inconsistent content, as a bug in Save or a hand-made file could.
func TestLoadValidates(t *testing.T) {
	ix := New(Config{Branches: testBranches})
	for _, d := range newCorpus(5, 200).docs(50) {
		ix.Put(d)
	}
	addTerm := func(c *core, t uint32) {
		ts, _ := decodeTerms(nil, c.terms.get(0))
		c.terms.set(0, appendTerms(nil, append(ts, t)))
	}
	tests := map[string]func(c *core){
		"short column":      func(c *core) { c.years = c.years[:3] },
		"duplicate record":  func(c *core) { c.ids[1] = c.ids[0] },
		"term out of range": func(c *core) { addTerm(c, fSubject<<fieldShift|uint32(len(c.strs))) },
		"field out of range": func(c *core) {
			addTerm(c, numFields<<fieldShift)
		},
		"bad term list":            func(c *core) { c.terms.set(0, []byte{0xff}) },
		"facet value out of range": func(c *core) { c.single[xMaterial][0] = 999 },
		"multi value out of range": func(c *core) { c.multi.set(0, append(c.multi.get(0), xMaterial<<fieldShift)) },
		"bitmap beyond docs": func(c *core) {
			c.facets[xMaterial].docs[0] = posting{bm: roaring.BitmapOf(1_000_000)}
		},
		"array beyond docs":   func(c *core) { c.postings[0] = posting{arr: []uint32{1_000_000}} },
		"unsorted array":      func(c *core) { c.postings[0] = posting{arr: []uint32{3, 2}} },
		"posting reference":   func(c *core) { c.post[fTitle][0] = uint32(len(c.postings) + 5) },
		"branch out of range": func(c *core) { c.avail.set(0, append(c.avail.get(0), xBranch<<fieldShift|999)) },
		"dictionary reference": func(c *core) {
			c.dict.update(c.strs, true)
			c.dict.sorted[1] = uint32(len(c.strs))
		},
		"title length": func(c *core) { c.mainLens[0] = 60000 },
	}
	for name, mutate := range tests {
		t.Run(name, func(t *testing.T) {
			c, _, err := decodeBody(encodeBody(t, ix.x))
			if err != nil {
				t.Fatalf("decoding a good body: %v", err)
			}
			mutate(c)
			body := encodeBody(t, c)
			if _, _, err := decodeBody(body); err == nil {
				t.Error("decodeCore succeeded, want an error")
			}
			for cut := range len(body) / 97 {
				decodeBody(body[:cut*97]) // must not panic
			}
		})
	}
}

// encodeBody returns the body Save writes for c.
func encodeBody(t *testing.T, c *core) []byte {
	t.Helper()
	var b bytes.Buffer
	e := &enc{w: &b}
	c.encode(e, library.FeedPos{})
	if e.err != nil {
		t.Fatal(e.err)
	}
	return b.Bytes()
}

func decodeBody(body []byte) (*core, library.FeedPos, error) {
	return decodeCore(bytes.NewReader(body), uint64(len(body)))
}

// failWriter fails once it has taken n bytes.
type failWriter struct{ n int }

func (w *failWriter) Write(p []byte) (int, error) {
	if len(p) > w.n {
		k := w.n
		w.n = 0
		return k, errors.New("disk full")
	}
	w.n -= len(p)
	return len(p), nil
}

// TestSaveWriteError checks that Save, which writes as it encodes,
// reports a failing writer wherever it fails.
func TestSaveWriteError(t *testing.T) {
	ix := New(Config{Branches: testBranches})
	for _, d := range newCorpus(4, 100).docs(500) {
		ix.Put(d)
	}
	var buf bytes.Buffer
	if err := ix.Save(&buf); err != nil {
		t.Fatal(err)
	}
	for _, n := range []int{0, 10, 100, 5000, buf.Len() / 2, buf.Len() - 1} {
		if err := ix.Save(&failWriter{n: n}); err == nil {
			t.Errorf("Save to a writer failing after %d of %d bytes: no error", n, buf.Len())
		}
	}
	if err := ix.Save(&failWriter{n: buf.Len()}); err != nil {
		t.Errorf("Save to a writer taking exactly %d bytes: %v", buf.Len(), err)
	}
}
