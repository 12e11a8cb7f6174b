package picks

import (
	"context"
	"html/template"
	"slices"
	"time"
	"unicode/utf8"

	"github.com/kirjasto/kirjasto/internal/library"
	"github.com/kirjasto/kirjasto/internal/markdown"
	"github.com/kirjasto/kirjasto/internal/web"
)

// The views of picks, in one language, that the pages, the API, the feed
// and the cards of other pages share. A text missing in the reader's
// language is shown in Finnish (or another language it has), marked as
// such, as the content pages do.

// Card is a pick in a list (the home page's and a library's cards, /picks,
// the API's list): its title, place and beginning, in one language.
type Card struct {
	ID        int64        `json:"id"`
	Library   string       `json:"library"` // "" for the consortium's
	Branch    string       `json:"branch"`  // "" for a whole library's
	PlaceName web.LangText `json:"place_name"`
	Title     web.LangText `json:"title"`
	Summary   web.LangText `json:"summary"` // the text's beginning, plain
	Lang      string       `json:"lang"`    // the language shown
	Languages []string     `json:"languages"`
	Published time.Time    `json:"published"`
	Count     int          `json:"record_count"`
	URL       string       `json:"url"`
	Date      string       `json:"-"`
	Note      string       `json:"-"` // says the text is in another language
	// Records are the first few records, for the cards.
	Records []RecordCard `json:"-"`
}

// pickView is a whole pick with its records.
type pickView struct {
	Card
	TextHTML template.HTML `json:"text_html,omitempty"`
	Records  []RecordCard  `json:"records"`
}

// RecordCard is a record of a pick with its availability now.
type RecordCard struct {
	ID            int64            `json:"id"`
	Title         string           `json:"title"`
	Language      string           `json:"-"` // MARC, for the title's lang
	Authors       []string         `json:"authors"`
	Year          int              `json:"year,omitempty"`
	Material      string           `json:"material"`
	MaterialLabel string           `json:"material_label"`
	URL           string           `json:"url"`
	Cover         web.Cover        `json:"cover"`
	Note          web.LangText     `json:"note,omitzero"`
	Availability  web.Availability `json:"availability"`
	OnShelf       []Shelf          `json:"on_shelf"`
	// ELibURL is an e-title's e-lending page (/elib/{id}), where its
	// availability in words leads; "" for print.
	ELibURL string `json:"elib_url,omitempty"`
}

// Shelf is a branch with copies of a record on its shelf now.
type Shelf struct {
	Branch string       `json:"branch"`
	Name   web.LangText `json:"name"`
	Copies int          `json:"copies"`
}

// names are the consortium's libraries and branches, read once per page.
type names struct {
	libs     []library.Library
	branches []library.Branch
}

func readNames(ctx context.Context, s *web.Server) (names, error) {
	libs, branches, err := s.Consortium(ctx)
	return names{libs, branches}, err
}

// place names a pick's branch, library, or the consortium.
func (n names) place(s *web.Server, p library.Pick, lang string) web.LangText {
	switch {
	case p.Library == "":
		return web.LangText{Text: s.I18n().T(lang, "content.consortium", nil), Lang: lang}
	case p.Branch != "":
		return n.branch(p.Branch, lang)
	}
	for _, l := range n.libs {
		if l.ID == p.Library {
			return web.TextIn(l.Name, lang)
		}
	}
	return web.LangText{Text: p.Library}
}

func (n names) branch(id, lang string) web.LangText {
	for _, b := range n.branches {
		if b.ID == id {
			return web.TextIn(b.Name, lang)
		}
	}
	return web.LangText{Text: id}
}

func (n names) knownLibrary(id string) bool {
	for _, l := range n.libs {
		if l.ID == id {
			return true
		}
	}
	return false
}

// summaryLen is how much of a pick's text stands for its summary.
const summaryLen = 200

func summarize(s *web.Server, p library.Pick, n names, lang string) Card {
	_, in := p.Title.Lookup(lang)
	v := Card{
		ID: p.ID, Library: p.Library, Branch: p.Branch, PlaceName: n.place(s, p, lang),
		Title: web.LangText{Text: p.Title[in], Lang: in}, Lang: in, Languages: p.Languages(),
		Summary:   web.LangText{Text: clip(markdown.Text(p.Text[in]), summaryLen), Lang: in},
		Published: p.PublishAt, Count: len(p.Records), URL: pickURL(p.ID), Date: s.FormatTime(lang, p.PublishAt),
	}
	if v.Languages == nil {
		v.Languages = []string{}
	}
	if in != lang && in != "" {
		v.Note = s.I18n().T(lang, "content.missing."+in, nil)
	}
	return v
}

// records returns the views of recs with their availability now, an
// e-title's by its licences (read for all of them at once); a record the
// catalogue lost meanwhile is left out, never an error.
func records(ctx context.Context, s *web.Server, recs []library.PickRecord, n names, lang string) ([]RecordCard, error) {
	out := []RecordCard{}
	var found []library.Record
	for _, pr := range recs {
		rec, err := s.Store().Record(ctx, pr.RecordID)
		if library.ErrorCode(err) == library.ENOTFOUND {
			continue
		}
		if err != nil {
			return nil, err
		}
		items, err := s.Store().Items(ctx, rec.ID)
		if err != nil {
			return nil, err
		}
		out = append(out, recordCard(s, rec, items, pr.Note, n, lang))
		found = append(found, rec)
	}
	av, err := s.EAvailabilities(ctx, found)
	if err != nil {
		return nil, err
	}
	for i := range out {
		if a, ok := av[out[i].ID]; ok {
			out[i].Availability = s.EAvailabilitySummary(lang, out[i].ID, a)
		}
	}
	return out, eAvailability(ctx, s, out, lang)
}

// eAvailability says the e-titles' availability in words ("Licences
// free: 2 of 5", the queue) and links their e-lending pages, as the
// record's page does: an e-title has licences, not copies on a shelf.
func eAvailability(ctx context.Context, s *web.Server, cards []RecordCard, lang string) error {
	el, ok := s.Store().(library.ELibrary)
	if !ok {
		return nil
	}
	var ids []int64
	for _, c := range cards {
		if slices.Contains(library.EMaterials, library.Material(c.Material)) {
			ids = append(ids, c.ID)
		}
	}
	if len(ids) == 0 {
		return nil
	}
	now := s.Now()
	av, err := el.EAvailability(ctx, ids, now)
	if err != nil {
		return err
	}
	for i, c := range cards {
		a, ok := av[c.ID]
		if !ok {
			continue
		}
		cards[i].Availability = web.Availability{Online: a.Open || a.Unlimited || a.Free > 0, Text: s.EAvailabilityText(lang, a, now)}
		cards[i].ELibURL = "/elib/" + itoa(c.ID)
	}
	return nil
}

func recordCard(s *web.Server, rec library.Record, items []library.Item, note library.Text, n names, lang string) RecordCard {
	rv := RecordCard{
		ID: rec.ID, Title: rec.Title, Language: rec.Language, Authors: []string{}, Year: rec.Year,
		Material: string(rec.Material), MaterialLabel: materialName(s, lang, rec.Material),
		URL: "/records/" + itoa(rec.ID), Cover: s.Cover(lang, rec, web.CoverInList),
		Note: web.TextIn(note, lang), Availability: s.Availability(lang, rec, items), OnShelf: []Shelf{},
	}
	for _, c := range rec.Authors {
		rv.Authors = append(rv.Authors, c.Name)
	}
	// Where copies are on the shelf, in the consortium's order of branches.
	count := map[string]int{}
	for _, it := range items {
		if it.AvailableHere() {
			count[it.Branch]++
		}
	}
	for _, b := range n.branches {
		if c := count[b.ID]; c > 0 {
			rv.OnShelf = append(rv.OnShelf, Shelf{Branch: b.ID, Name: web.TextIn(b.Name, lang), Copies: c})
			delete(count, b.ID)
		}
	}
	for id, c := range count { // a branch the consortium no longer lists
		rv.OnShelf = append(rv.OnShelf, Shelf{Branch: id, Name: web.LangText{Text: id}, Copies: c})
	}
	return rv
}

func materialName(s *web.Server, lang string, m library.Material) string {
	if s.I18n().Has(lang, "material."+string(m)) {
		return s.I18n().T(lang, "material."+string(m), nil)
	}
	return s.I18n().T(lang, "material.other", nil)
}

// wholeView is a pick with its records and its text rendered.
func wholeView(ctx context.Context, s *web.Server, p library.Pick, n names, lang string) (pickView, error) {
	v := pickView{Card: summarize(s, p, n, lang)}
	v.TextHTML = markdown.Render(p.Text[v.Lang])
	var err error
	v.Records, err = records(ctx, s, p.Records, n, lang)
	return v, err
}

// clip shortens s to at most n characters, at a word, with an ellipsis.
func clip(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)[:n]
	for i := len(r) - 1; i > n/2; i-- {
		if r[i] == ' ' {
			r = r[:i]
			break
		}
	}
	return string(r) + "…"
}
