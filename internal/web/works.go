package web

import (
	"cmp"
	"context"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/kirjasto/kirjasto/internal/library"
)

// Works. The result page groups the editions and formats of one work (one
// title by one author, as the search index keys them) into one hit that
// lists the work's formats with their availability, as Finna and Aspen
// do; /works/{id} lists the editions by format. The page groups by
// default; the API, whose clients page through records, groups when asked
// (?group=works). Totals say both numbers ("12 works, 18 editions"),
// pages count works, and facet counts count editions, which is what the
// filters select.

// Values of the group parameter.
const (
	paramGroup    = "group"
	groupWorks    = "works"
	groupEditions = "editions"
)

// maxWorkEditions is how many editions a work page lists: a work with
// hundreds (a scripture, a classic) shows the newest of each format.
const maxWorkEditions = 200

// maxHitEditions is how many editions of a work a result page fetches to
// sum up its formats' availability: two database reads each, for every
// hit. A format only editions beyond them have is not listed; its work
// page lists it.
const maxHitEditions = 50

// parseGroup returns whether a search groups by work. Pages group unless
// told not to; the API, for the clients it had before works, does not.
func parseGroup(s string, api bool) (bool, error) {
	switch s {
	case "":
		return !api, nil
	case groupWorks:
		return true, nil
	case groupEditions:
		return false, nil
	}
	return false, invalid("error.bad_group", "group %q", s)
}

// workHit is what a grouped hit adds to its best edition: the work's
// editions among the hits, their years and their formats.
type workHit struct {
	ID       string       `json:"id"`
	URL      string       `json:"url"`
	Editions []int64      `json:"editions"` // best first
	YearFrom int          `json:"year_from,omitempty"`
	YearTo   int          `json:"year_to,omitempty"`
	Formats  []formatView `json:"formats"`
}

// formatView is one format of a work with its availability now.
type formatView struct {
	Material string `json:"material"`
	Label    string `json:"label"`
	Editions int    `json:"editions"`
	// Status is "online" (an e-resource), "here" (on the shelf in a city
	// or branch the search filters on), "shelf" (on the shelf somewhere),
	// "on_loan" (every copy on loan), "unavailable" (copies, none on the
	// shelf, not all on loan) or "none" (no copies).
	Status    string `json:"status"`
	Libraries int    `json:"libraries"` // branches with a copy on the shelf
	Text      string `json:"text"`
}

// groupOption is one choice of the grouping control: a link, so that it
// works without JavaScript and stays in the URL.
type groupOption struct {
	Label, URL string
	Selected   bool
}

// groupOptions returns the grouping control of a result page.
func (s *Server) groupOptions(r *http.Request, lang string, grouped bool) []groupOption {
	var opts []groupOption
	for _, g := range []string{groupWorks, groupEditions} {
		v := r.URL.Query()
		v.Set(paramGroup, g)
		v.Del(paramPage)
		opts = append(opts, groupOption{
			Label: s.i18n.T(lang, "works.group."+g, nil), URL: "/search?" + v.Encode(),
			Selected: grouped == (g == groupWorks),
		})
	}
	return opts
}

// totalText says how many works and editions a grouped search found.
func (s *Server) totalText(lang string, res library.SearchResult) string {
	works := "works.count"
	if res.WorksApproximate {
		works = "works.count_approx"
	}
	return s.i18n.N(lang, works, res.Works, nil) + ", " + s.i18n.N(lang, "works.editions", res.Total, nil)
}

// edition is a record with its copies.
type edition struct {
	rec   library.Record
	items []library.Item
}

// editions loads records with their items in the order given, skipping
// those deleted since the index saw them.
func (s *Server) editions(ctx context.Context, ids []int64) ([]edition, error) {
	var eds []edition
	for _, id := range ids {
		rec, err := s.store.Record(ctx, id)
		if library.ErrorCode(err) == library.ENOTFOUND {
			continue
		}
		if err != nil {
			return nil, err
		}
		items, err := s.store.Items(ctx, id)
		if err != nil {
			return nil, err
		}
		eds = append(eds, edition{rec, items})
	}
	return eds, nil
}

// workHit returns the result-list entry of a work: its best edition, as
// an ungrouped list shows it, with the work's formats and their
// availability. ok is false if every edition is gone.
func (s *Server) workHit(ctx context.Context, lang string, h library.SearchHit, places placeFilter) (hv hitView, ok bool, err error) {
	n := min(len(h.Editions), maxHitEditions)
	eds, err := s.editions(ctx, h.Editions[:n])
	if err != nil || len(eds) == 0 {
		return hitView{}, false, err
	}
	hv = s.hitView(lang, eds[0].rec, eds[0].items)
	wh := &workHit{ID: h.WorkID, URL: "/works/" + url.PathEscape(h.WorkID), Formats: []formatView{}}
	byMaterial := map[library.Material][]edition{}
	for _, ed := range eds {
		wh.Editions = append(wh.Editions, ed.rec.ID)
		if y := ed.rec.Year; y > 0 {
			if wh.YearFrom == 0 || y < wh.YearFrom {
				wh.YearFrom = y
			}
			wh.YearTo = max(wh.YearTo, y)
		}
		byMaterial[ed.rec.Material] = append(byMaterial[ed.rec.Material], ed)
	}
	wh.Editions = append(wh.Editions, h.Editions[n:]...)
	for _, m := range materialOrder(byMaterial) {
		wh.Formats = append(wh.Formats, s.formatAvailability(lang, m, byMaterial[m], places))
	}
	hv.Work = wh
	return hv, true, nil
}

// materialOrder returns the materials of a map in the catalogue's order
// (books first), unknown ones last by name.
func materialOrder[V any](m map[library.Material]V) []library.Material {
	var out []library.Material
	for mat := range m {
		out = append(out, mat)
	}
	rank := func(x library.Material) int {
		if i := slices.Index(library.Materials, x); i >= 0 {
			return i
		}
		return len(library.Materials)
	}
	slices.SortFunc(out, func(a, b library.Material) int {
		if d := rank(a) - rank(b); d != 0 {
			return d
		}
		return strings.Compare(string(a), string(b))
	})
	return out
}

// placeFilter is the cities and branches a search asks to have a copy on
// the shelf in, with their names, so that a work hit can say where.
type placeFilter struct {
	cities   map[string]bool
	branches map[string]bool
	cityOf   map[string]string // branch → city
	names    names
}

func (s *Server) placeFilter(ctx context.Context, filters map[string][]string, n names) (placeFilter, error) {
	pf := placeFilter{cities: map[string]bool{}, branches: map[string]bool{}, cityOf: map[string]string{}, names: n}
	for _, c := range filters[library.FacetAvailableCity] {
		pf.cities[c] = true
	}
	for _, b := range filters[library.FacetAvailableBranch] {
		pf.branches[b] = true
	}
	_, brs, err := s.consortium(ctx)
	if err != nil {
		return pf, err
	}
	for _, b := range brs {
		pf.cityOf[b.ID] = b.LibraryID
	}
	return pf, nil
}

// chosen returns the names of the chosen places where an item is, if any.
func (pf placeFilter) chosen(branch string) []string {
	var out []string
	if pf.branches[branch] {
		out = append(out, pf.names.branches[branch])
	}
	if c := pf.cityOf[branch]; pf.cities[c] {
		out = append(out, pf.names.cities[c])
	}
	return out
}

// formatAvailability sums up the availability of a work's editions in
// one format.
func (s *Server) formatAvailability(lang string, m library.Material, eds []edition, places placeFilter) formatView {
	fv := formatView{Material: string(m), Label: s.materialName(lang, m), Editions: len(eds)}
	if m.Electronic() {
		fv.Status, fv.Text = "online", s.i18n.T(lang, "avail.online", nil)
		return fv
	}
	copies, onLoan := 0, 0
	shelves := map[string]bool{}
	var here []string
	for _, ed := range eds {
		for _, it := range ed.items {
			copies++
			if it.Status == library.OnLoan {
				onLoan++
			}
			if it.AvailableHere() {
				shelves[it.Branch] = true
				for _, name := range places.chosen(it.Branch) {
					if !slices.Contains(here, name) {
						here = append(here, name)
					}
				}
			}
		}
	}
	fv.Libraries = len(shelves)
	switch {
	case len(here) > 0:
		slices.Sort(here)
		fv.Status = "here"
		fv.Text = s.i18n.T(lang, "works.avail.here", map[string]any{"Places": strings.Join(here, ", ")})
	case fv.Libraries > 0:
		fv.Status, fv.Text = "shelf", s.i18n.N(lang, "avail.summary", fv.Libraries, nil)
	case copies > 0 && onLoan == copies:
		fv.Status, fv.Text = "on_loan", s.i18n.T(lang, "works.avail.on_loan", nil)
	case copies > 0:
		fv.Status, fv.Text = "unavailable", s.i18n.T(lang, "avail.none", nil)
	default:
		fv.Status, fv.Text = "none", s.i18n.T(lang, "works.avail.no_copies", nil)
	}
	return fv
}

// workPage is the page of one work: its editions by format.
type workPage struct {
	ID       string       `json:"id"`
	Title    string       `json:"title"`
	Authors  []string     `json:"authors"`
	Editions int          `json:"editions"`
	Shown    int          `json:"shown"` // Editions, or maxWorkEditions of them
	YearFrom int          `json:"year_from,omitempty"`
	YearTo   int          `json:"year_to,omitempty"`
	Formats  []workFormat `json:"formats"`
}

// workFormat is the editions of a work in one format, newest first.
type workFormat struct {
	Material string        `json:"material"`
	Label    string        `json:"label"`
	Editions []editionView `json:"editions"`
}

// editionView is one edition on a work page.
type editionView struct {
	ID            int64       `json:"id"`
	Title         string      `json:"title"`
	Subtitle      string      `json:"subtitle,omitempty"`
	Year          int         `json:"year,omitempty"`
	Language      string      `json:"language"`
	LanguageLabel string      `json:"language_label"`
	Publisher     string      `json:"publisher,omitempty"`
	Summary       summary     `json:"summary"`
	Availability  []cityAvail `json:"availability"`
}

func (s *Server) workRoutes(mux *http.ServeMux) {
	mux.Handle("GET /works/{id}", s.wrap(s.serveWork, false))
	mux.Handle("GET /api/v1/works/{id}", s.wrap(s.apiWork, true))
}

func (s *Server) serveWork(w http.ResponseWriter, r *http.Request) error {
	wp, err := s.workPage(r.Context(), s.lang(r), r.PathValue("id"))
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "work", wp.Title, wp)
	return nil
}

func (s *Server) apiWork(w http.ResponseWriter, r *http.Request) error {
	wp, err := s.workPage(r.Context(), s.lang(r), r.PathValue("id"))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, wp)
	return nil
}

// workEditions returns the record IDs of a work's editions. A work ID is
// SearchHit.WorkID: the index's key of the work, or "r" and the record
// ID for a record that is a work of its own.
func (s *Server) workEditions(ctx context.Context, id string) ([]int64, error) {
	notFound := library.Errorf(library.ENOTFOUND, "work %q", id)
	notFound.Key = "error.work_not_found"
	if rest, ok := strings.CutPrefix(id, "r"); ok {
		rid, err := strconv.ParseInt(rest, 10, 64)
		if err != nil || rid <= 0 || s.works == nil || s.works.WorkOf(ctx, rid) != id {
			return nil, notFound
		}
		return []int64{rid}, nil
	}
	if s.works == nil {
		return nil, notFound
	}
	ids := s.works.Editions(ctx, id)
	if len(ids) == 0 {
		return nil, notFound
	}
	return ids, nil
}

func (s *Server) workPage(ctx context.Context, lang, id string) (*workPage, error) {
	ids, err := s.workEditions(ctx, id)
	if err != nil {
		return nil, err
	}
	eds, err := s.editions(ctx, ids)
	if err != nil {
		return nil, err
	}
	if len(eds) == 0 {
		e := library.Errorf(library.ENOTFOUND, "work %q: every edition deleted", id)
		e.Key = "error.work_not_found"
		return nil, e
	}
	libs, branches, err := s.consortium(ctx)
	if err != nil {
		return nil, err
	}
	wp := &workPage{ID: id, Editions: len(eds), Authors: []string{}, Formats: []workFormat{}}
	byMaterial := map[library.Material][]edition{}
	for _, ed := range eds {
		if y := ed.rec.Year; y > 0 {
			if wp.YearFrom == 0 || y < wp.YearFrom {
				wp.YearFrom = y
			}
			wp.YearTo = max(wp.YearTo, y)
		}
		byMaterial[ed.rec.Material] = append(byMaterial[ed.rec.Material], ed)
	}
	for _, m := range materialOrder(byMaterial) {
		list := byMaterial[m]
		slices.SortFunc(list, func(a, b edition) int {
			return cmp.Or(cmp.Compare(b.rec.Year, a.rec.Year), cmp.Compare(b.rec.ID, a.rec.ID))
		})
		wf := workFormat{Material: string(m), Label: s.materialName(lang, m), Editions: []editionView{}}
		for _, ed := range list {
			if wp.Shown == maxWorkEditions {
				break
			}
			wp.Shown++
			wf.Editions = append(wf.Editions, editionView{
				ID: ed.rec.ID, Title: ed.rec.Title, Subtitle: ed.rec.Subtitle, Year: ed.rec.Year,
				Language: ed.rec.Language, LanguageLabel: s.languageName(lang, ed.rec.Language),
				Publisher: ed.rec.Publisher, Summary: s.summarize(lang, ed.rec, ed.items),
				Availability: s.availability(lang, ed.items, libs, branches),
			})
		}
		if len(wf.Editions) > 0 {
			wp.Formats = append(wp.Formats, wf)
		}
	}
	// The work is named as its newest edition in the first format names it.
	first := wp.Formats[0].Editions[0].ID
	for _, ed := range eds {
		if ed.rec.ID == first {
			wp.Title = ed.rec.Title
			for _, c := range ed.rec.Authors {
				wp.Authors = append(wp.Authors, c.Name)
			}
		}
	}
	return wp, nil
}

// workRef is the work of a record, on the record page.
type workRef struct {
	ID       string `json:"id"`
	URL      string `json:"url"`
	Editions int    `json:"editions"`
}

// workOf returns the work of a record for the link from its page to "all
// editions and formats", or nil if the record is its work's only edition.
func (s *Server) workOf(ctx context.Context, recordID int64) *workRef {
	if s.works == nil {
		return nil
	}
	id := s.works.WorkOf(ctx, recordID)
	if id == "" || strings.HasPrefix(id, "r") {
		return nil
	}
	n := len(s.works.Editions(ctx, id))
	if n < 2 {
		return nil
	}
	return &workRef{ID: id, URL: "/works/" + url.PathEscape(id), Editions: n}
}
