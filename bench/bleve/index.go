package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"log"
	"os"
	"path/filepath"
	"strconv"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/custom"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/keyword"
	"github.com/blevesearch/bleve/v2/analysis/token/lowercase"
	"github.com/blevesearch/bleve/v2/analysis/tokenizer/unicode"
	"github.com/blevesearch/bleve/v2/mapping"
)

// doc is one line of corpus.jsonl (see benchDoc in cmd/kirjasto).
type doc struct {
	ID              int64    `json:"id"`
	Title           string   `json:"title"`
	Subtitle        string   `json:"subtitle"`
	Authors         []string `json:"authors"`
	Subjects        []string `json:"subjects"`
	Genres          []string `json:"genres"`
	Series          string   `json:"series"`
	Text            []string `json:"text"`
	Identifiers     []string `json:"identifiers"`
	Language        string   `json:"language"`
	Year            string   `json:"year"`
	Decade          string   `json:"decade"`
	Material        string   `json:"material"`
	Audience        string   `json:"audience"`
	FormatKind      string   `json:"format_kind"`
	Popularity      int      `json:"popularity"`
	AvailableCity   []string `json:"available_city"`
	AvailableBranch []string `json:"available_branch"`
}

// Text fields are searched through _all; phraseFields are the ones a
// phrase is looked for in.
var (
	textFields   = []string{"title", "subtitle", "authors", "subjects", "genres", "series", "text", "identifiers"}
	phraseFields = []string{"title", "subtitle", "authors", "subjects", "series"}
)

// facetField maps Kirjasto's facet names to the keyword fields that hold
// their values. Author, subject and genre are text for searching and a
// keyword copy for counting, as in any Bleve application with facets.
var facetField = map[string]string{
	"material": "material", "language": "language", "decade": "decade", "year": "year",
	"audience": "audience", "format_kind": "format_kind",
	"available_city": "available_city", "available_branch": "available_branch",
	"author": "author_kw", "subject": "subject_kw", "genre": "genre_kw",
}

// analyzerName is the text analyzer: Unicode words, lower-cased. Neither
// stop words nor stemming, since the corpus mixes Finnish, Swedish,
// English and Russian and the English defaults would drop "the", one of
// the broad query words; Kirjasto stems per language, which finds more.
const analyzerName = "kirjasto"

func newMapping() (*mapping.IndexMappingImpl, error) {
	im := bleve.NewIndexMapping()
	if err := im.AddCustomAnalyzer(analyzerName, map[string]any{
		"type":          custom.Name,
		"tokenizer":     unicode.Name,
		"token_filters": []string{lowercase.Name},
	}); err != nil {
		return nil, err
	}
	im.DefaultAnalyzer = analyzerName
	dm := bleve.NewDocumentStaticMapping()
	for _, f := range textFields {
		fm := bleve.NewTextFieldMapping()
		fm.Analyzer = analyzerName
		fm.Store = false
		fm.DocValues = false
		fm.IncludeTermVectors = true // phrases need positions
		dm.AddFieldMappingsAt(f, fm)
	}
	for _, f := range facetField {
		fm := bleve.NewKeywordFieldMapping()
		fm.Analyzer = keyword.Name
		fm.Store = false
		fm.IncludeInAll = false
		fm.IncludeTermVectors = false
		fm.DocValues = true // facets are counted from doc values
		dm.AddFieldMappingsAt(f, fm)
	}
	pm := bleve.NewNumericFieldMapping()
	pm.Store, pm.IncludeInAll = false, false
	dm.AddFieldMappingsAt("popularity", pm)
	im.DefaultMapping = dm
	return im, nil
}

// fields returns what Bleve indexes of d.
func (d doc) fields() map[string]any {
	return map[string]any{
		"title": d.Title, "subtitle": d.Subtitle, "authors": d.Authors, "subjects": d.Subjects,
		"genres": d.Genres, "series": d.Series, "text": d.Text, "identifiers": d.Identifiers,
		"material": d.Material, "language": d.Language, "decade": d.Decade, "year": d.Year,
		"audience": d.Audience, "format_kind": d.FormatKind,
		"available_city": d.AvailableCity, "available_branch": d.AvailableBranch,
		"author_kw": d.Authors, "subject_kw": d.Subjects, "genre_kw": d.Genres,
		"popularity": float64(d.Popularity),
	}
}

// build indexes corpus.jsonl into a new scorch index at path in batches,
// then waits until scorch has persisted and merged everything, so that
// the queries run on the index in its steady state, not during merges.
func build(ctx context.Context, dir, path string, batchSize int) (bleve.Index, int, error) {
	im, err := newMapping()
	if err != nil {
		return nil, 0, err
	}
	idx, err := bleve.New(path, im)
	if err != nil {
		return nil, 0, err
	}
	f, err := os.Open(filepath.Join(dir, "corpus.jsonl"))
	if err != nil {
		idx.Close()
		return nil, 0, err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<24)
	b := idx.NewBatch()
	n := 0
	start := time.Now()
	for sc.Scan() {
		if err := ctx.Err(); err != nil {
			idx.Close()
			return nil, 0, err
		}
		var d doc
		if err := json.Unmarshal(sc.Bytes(), &d); err != nil {
			idx.Close()
			return nil, 0, fmt.Errorf("corpus line %d: %w", n+1, err)
		}
		if err := b.Index(strconv.FormatInt(d.ID, 10), d.fields()); err != nil {
			idx.Close()
			return nil, 0, err
		}
		n++
		if b.Size() >= batchSize {
			if err := idx.Batch(b); err != nil {
				idx.Close()
				return nil, 0, err
			}
			b.Reset()
		}
		if n%100_000 == 0 {
			log.Printf("indexed %d in %.0f s", n, time.Since(start).Seconds())
		}
	}
	if err := sc.Err(); err != nil {
		idx.Close()
		return nil, 0, err
	}
	if err := idx.Batch(b); err != nil {
		idx.Close()
		return nil, 0, err
	}
	log.Printf("batches done after %.1f s; waiting for scorch to persist and merge", time.Since(start).Seconds())
	for busy(idx) && ctx.Err() == nil {
		time.Sleep(100 * time.Millisecond)
	}
	return idx, n, nil
}

// busy reports whether scorch's background persister or merger still
// has work.
func busy(idx bleve.Index) bool {
	m, _ := idx.StatsMap()["index"].(map[string]any)
	active, ok := m["index_bgthreads_active"].(bool)
	return ok && active
}
