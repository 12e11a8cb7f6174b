package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"

	"github.com/blevesearch/bleve/v2"
	bq "github.com/blevesearch/bleve/v2/search/query"
)

// query is one line of queries.jsonl (see benchQuery in cmd/kirjasto).
type query struct {
	Kind    string              `json:"kind"`
	Text    string              `json:"text"`
	Words   []string            `json:"words"`
	Phrase  bool                `json:"phrase"`
	Prefix  string              `json:"prefix"`
	Filters map[string][]string `json:"filters"`
	Facets  []string            `json:"facets"`
}

func readQueries(dir string) ([]query, error) {
	f, err := os.Open(filepath.Join(dir, "queries.jsonl"))
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var qs []query
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		var q query
		if err := json.Unmarshal(sc.Bytes(), &q); err != nil {
			return nil, fmt.Errorf("queries line %d: %w", len(qs)+1, err)
		}
		qs = append(qs, q)
	}
	if len(qs) == 0 && sc.Err() == nil {
		return nil, fmt.Errorf("no queries in %s", f.Name())
	}
	return qs, sc.Err()
}

// pageSize and facetSize match Kirjasto: 20 hits a page, and the top
// values of every facet (Kirjasto shows at most 20 of the long ones).
const (
	pageSize  = 20
	facetSize = 20
)

// search runs q as Kirjasto does: every word must match in some field
// (_all), or the phrase in one field; values of one filter are ORed and
// filters ANDed; the facets of q are counted over all hits. Autocomplete
// has no counterpart in Bleve, so it is a prefix query on titles, the
// nearest thing an application would do, with no facets.
func search(ctx context.Context, idx bleve.Index, q query) (int, error) {
	var must []bq.Query
	switch {
	case q.Prefix != "":
		pq := bleve.NewPrefixQuery(q.Prefix)
		pq.SetField("title")
		req := bleve.NewSearchRequestOptions(pq, 10, 0, false)
		res, err := idx.SearchInContext(ctx, req)
		if err != nil {
			return 0, err
		}
		return len(res.Hits), nil
	case q.Phrase:
		var any []bq.Query
		for _, f := range phraseFields {
			pq := bleve.NewPhraseQuery(q.Words, f)
			any = append(any, pq)
		}
		must = append(must, bleve.NewDisjunctionQuery(any...))
	default:
		for _, w := range q.Words {
			tq := bleve.NewTermQuery(w)
			tq.SetField("_all")
			must = append(must, tq)
		}
	}
	for name, values := range q.Filters {
		field, ok := facetField[name]
		if !ok {
			return 0, fmt.Errorf("unknown facet %q", name)
		}
		var any []bq.Query
		for _, v := range values {
			tq := bleve.NewTermQuery(v)
			tq.SetField(field)
			any = append(any, tq)
		}
		must = append(must, bleve.NewDisjunctionQuery(any...))
	}
	req := bleve.NewSearchRequestOptions(bleve.NewConjunctionQuery(must...), pageSize, 0, false)
	for _, name := range q.Facets {
		field, ok := facetField[name]
		if !ok {
			return 0, fmt.Errorf("unknown facet %q", name)
		}
		req.AddFacet(name, bleve.NewFacetRequest(field, facetSize))
	}
	res, err := idx.SearchInContext(ctx, req)
	if err != nil {
		return 0, err
	}
	return int(res.Total), nil
}
