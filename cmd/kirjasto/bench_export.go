package main

import (
	"bufio"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strconv"

	"github.com/kirjasto/kirjasto/internal/library"
	"github.com/kirjasto/kirjasto/internal/search"
)

// benchDoc is one record of the exported corpus (corpus.jsonl): the text
// fields of a search.Doc and its facet values as Kirjasto computes them,
// so another engine indexes the same content and counts the same facets.
type benchDoc struct {
	ID              int64    `json:"id"`
	Title           string   `json:"title"`
	Subtitle        string   `json:"subtitle,omitempty"`
	Authors         []string `json:"authors,omitempty"`
	Subjects        []string `json:"subjects,omitempty"`
	Genres          []string `json:"genres,omitempty"`
	Series          string   `json:"series,omitempty"`
	Text            []string `json:"text,omitempty"`
	Identifiers     []string `json:"identifiers,omitempty"`
	Language        string   `json:"language"`
	Year            string   `json:"year,omitempty"`
	Decade          string   `json:"decade,omitempty"`
	Material        string   `json:"material"`
	Audience        string   `json:"audience,omitempty"`
	FormatKind      string   `json:"format_kind,omitempty"`
	Popularity      int      `json:"popularity"`
	AvailableCity   []string `json:"available_city,omitempty"`
	AvailableBranch []string `json:"available_branch,omitempty"`
}

// exporter writes corpus.jsonl as the records are indexed, and
// queries.jsonl at the end.
type exporter struct {
	dir string
	f   *os.File
	bw  *bufio.Writer
	enc *json.Encoder
}

func newExporter(dir string) (*exporter, error) {
	if err := os.MkdirAll(dir, 0o750); err != nil {
		return nil, err
	}
	f, err := os.Create(filepath.Join(dir, "corpus.jsonl"))
	if err != nil {
		return nil, err
	}
	bw := bufio.NewWriterSize(f, 1<<20)
	return &exporter{dir: dir, f: f, bw: bw, enc: json.NewEncoder(bw)}, nil
}

func (e *exporter) doc(d search.Doc, cities map[string]string) error {
	bd := benchDoc{
		ID: d.ID, Title: d.Title, Subtitle: d.Subtitle, Authors: d.Authors, Subjects: d.Subjects,
		Genres: d.Genres, Series: d.Series, Text: d.Text, Identifiers: d.Identifiers,
		Language: d.Language, Material: d.Material, Audience: d.Audience, Popularity: d.Popularity,
		AvailableBranch: d.Available,
	}
	if d.Year > 0 {
		bd.Year, bd.Decade = strconv.Itoa(d.Year), strconv.Itoa(d.Year/10*10)
	}
	if d.Material != "" {
		bd.FormatKind = library.FormatPhysical
		if d.Material == string(library.EBook) {
			bd.FormatKind = library.FormatElectronic
		}
	}
	for _, b := range d.Available {
		if c := cities[b]; c != "" && !slices.Contains(bd.AvailableCity, c) {
			bd.AvailableCity = append(bd.AvailableCity, c)
		}
	}
	return e.enc.Encode(bd)
}

// close finishes the corpus and writes the queries.
func (e *exporter) close(qs []benchQuery) error {
	if err := e.bw.Flush(); err != nil {
		e.f.Close()
		return err
	}
	if err := e.f.Close(); err != nil {
		return err
	}
	f, err := os.Create(filepath.Join(e.dir, "queries.jsonl"))
	if err != nil {
		return err
	}
	bw := bufio.NewWriter(f)
	enc := json.NewEncoder(bw)
	for _, q := range qs {
		if err := enc.Encode(q); err != nil {
			f.Close()
			return err
		}
	}
	if err := bw.Flush(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
