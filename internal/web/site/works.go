package site

import (
	"context"
	"net/http"
	"net/url"
	"slices"
	"strings"

	"github.com/kirjasto/kirjasto/internal/library"
	"github.com/kirjasto/kirjasto/internal/web"
)

// Works. The result page groups the editions and formats of one work (one
// title by one author, as the search index keys them) into one hit that
// lists the work's formats with their availability, as Finna and Aspen
// do; /works/{id} lists the editions by format (work.go). The page groups by
// default; the API, whose clients page through records, groups when asked
// (?group=works). Totals say both numbers ("12 works, 18 editions"),
// pages count works, and facet counts count editions, which is what the
// filters select.

// Values of the group parameter (web.ParamGroup).
const (
	groupWorks    = "works"
	groupEditions = "editions"
)

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
	return false, web.Invalid("error.bad_group", "group %q", s)
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
	// Status is "online" (an e-resource an edition links to, or an
	// e-title to borrow or download now), "e_waiting" (an e-title whose
	// licences are all lent: reserve it), "here" (on the shelf in a city
	// or branch the search filters on), "shelf" (on the shelf somewhere),
	// "on_loan" (every copy on loan), "unavailable" (copies, none on the
	// shelf, not all on loan) or "none" (no copies).
	Status    string `json:"status"`
	Libraries int    `json:"libraries"` // branches with a copy on the shelf
	Text      string `json:"text"`
	// ELib is the page to borrow, reserve or download an e-title of the
	// format (web.Availability.ELib).
	ELib string `json:"elib,omitempty"`
}

// groupOption is one choice of the grouping control: a link, so that it
// works without JavaScript and stays in the URL.
type groupOption struct {
	Label, URL string
	Selected   bool
}

// groupOptions returns the grouping control of a result page.
func (s *server) groupOptions(r *http.Request, lang string, grouped bool) []groupOption {
	var opts []groupOption
	for _, g := range []string{groupWorks, groupEditions} {
		v := r.URL.Query()
		v.Set(web.ParamGroup, g)
		v.Del(web.ParamPage)
		opts = append(opts, groupOption{
			Label: s.I18n().T(lang, "works.group."+g, nil), URL: "/search?" + v.Encode(),
			Selected: grouped == (g == groupWorks),
		})
	}
	return opts
}

// totalText says how many works and editions a grouped search found.
func (s *server) totalText(lang string, res library.SearchResult) string {
	works := "works.count"
	if res.WorksApproximate {
		works = "works.count_approx"
	}
	return s.I18n().T(lang, "works.total", map[string]any{
		"Works":    s.I18n().N(lang, works, res.Works, nil),
		"Editions": s.I18n().N(lang, "works.editions", res.Total, nil),
	})
}

// edition is a record with its copies, or with its e-availability when
// it is an e-title with licences.
type edition struct {
	rec   library.Record
	items []library.Item
	ea    *library.EAvailability // nil: no licences (print, or an e-resource that only links)
}

// editions loads records with their items in the order given, skipping
// those deleted since the index saw them, and the e-availability of the
// e-titles among them in one query.
func (s *server) editions(ctx context.Context, ids []int64) ([]edition, error) {
	var eds []edition
	var recs []library.Record
	for _, id := range ids {
		rec, err := s.Store().Record(ctx, id)
		if library.ErrorCode(err) == library.ENOTFOUND {
			continue
		}
		if err != nil {
			return nil, err
		}
		items, err := s.Store().Items(ctx, id)
		if err != nil {
			return nil, err
		}
		eds = append(eds, edition{rec: rec, items: items})
		recs = append(recs, rec)
	}
	av, err := s.EAvailabilities(ctx, recs)
	if err != nil {
		return nil, err
	}
	for i := range eds {
		if a, ok := av[eds[i].rec.ID]; ok {
			eds[i].ea = &a
		}
	}
	return eds, nil
}

// editionsOf picks the editions of ids out of those loaded, in order.
func editionsOf(loaded map[int64]edition, ids []int64) []edition {
	var eds []edition
	for _, id := range ids {
		if ed, ok := loaded[id]; ok {
			eds = append(eds, ed)
		}
	}
	return eds
}

// workHit returns the result-list entry of a work: its best edition, as
// an ungrouped list shows it, with the work's formats and their
// availability. ok is false if every edition is gone.
//
// loaded holds the page's editions (hitEditions), read at once.
func (s *server) workHit(lang string, h library.SearchHit, loaded map[int64]edition, places placeFilter) (hv hitView, ok bool) {
	n := min(len(h.Editions), maxHitEditions)
	eds := editionsOf(loaded, h.Editions[:n])
	if len(eds) == 0 {
		return hitView{}, false
	}
	hv = s.hitView(lang, eds[0])
	// A work shows its best edition's cover, or another edition's
	// picture where the best has only a drawing.
	for _, ed := range eds[1:] {
		if hv.Cover.Picture() {
			break
		}
		if c := s.Cover(lang, ed.rec, web.CoverInList); c.Picture() {
			hv.Cover = c
		}
	}
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
	return hv, true
}

// hitEditions returns the records a page of hits shows, with their copies
// and e-availability, read at once: each hit, or with works the first
// maxHitEditions editions of each.
func (s *server) hitEditions(ctx context.Context, hits []library.SearchHit, grouped bool) (map[int64]edition, error) {
	var ids []int64
	for _, h := range hits {
		if grouped {
			ids = append(ids, h.Editions[:min(len(h.Editions), maxHitEditions)]...)
		} else {
			ids = append(ids, h.ID)
		}
	}
	eds, err := s.editions(ctx, ids)
	if err != nil {
		return nil, err
	}
	m := make(map[int64]edition, len(eds))
	for _, ed := range eds {
		m[ed.rec.ID] = ed
	}
	return m, nil
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

func (s *server) placeFilter(ctx context.Context, filters map[string][]string, n names) (placeFilter, error) {
	pf := placeFilter{cities: map[string]bool{}, branches: map[string]bool{}, cityOf: map[string]string{}, names: n}
	for _, c := range filters[library.FacetAvailableCity] {
		pf.cities[c] = true
	}
	for _, b := range filters[library.FacetAvailableBranch] {
		pf.branches[b] = true
	}
	_, brs, err := s.Consortium(ctx)
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
		out = append(out, pf.names.branches[branch].Text)
	}
	if c := pf.cityOf[branch]; pf.cities[c] {
		out = append(out, pf.names.cities[c].Text)
	}
	return out
}

// formatAvailability sums up the availability of a work's editions in
// one format.
func (s *server) formatAvailability(lang string, m library.Material, eds []edition, places placeFilter) formatView {
	fv := formatView{Material: string(m), Label: s.materialName(lang, m), Editions: len(eds)}
	if m.Electronic() {
		if sum, ok := s.eFormat(lang, eds); ok {
			fv.Status, fv.Text, fv.ELib = "e_waiting", sum.Text, sum.ELib
			if sum.Online {
				fv.Status = "online"
			}
			return fv
		}
	}
	if m.Electronic() && slices.ContainsFunc(eds, func(ed edition) bool { return hasWebLink(ed.rec) }) {
		// Online only where an edition's record links to it (catalog.go's
		// summarize); otherwise the format is counted like any other.
		fv.Status, fv.Text = "online", s.I18n().T(lang, "avail.online", nil)
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
		fv.Text = s.I18n().T(lang, "works.avail.here", map[string]any{"Places": strings.Join(here, ", ")})
	case fv.Libraries > 0:
		fv.Status, fv.Text = "shelf", s.I18n().N(lang, "avail.summary", fv.Libraries, nil)
	case copies > 0 && onLoan == copies:
		fv.Status, fv.Text = "on_loan", s.I18n().T(lang, "works.avail.on_loan", nil)
	case copies > 0:
		fv.Status, fv.Text = "unavailable", s.I18n().T(lang, "avail.none", nil)
	default:
		fv.Status, fv.Text = "none", s.I18n().T(lang, "works.avail.no_copies", nil)
	}
	return fv
}

// eFormat sums up the e-titles among a format's editions: the first
// that can be had now, else the first with licences; ok is false when
// none has licences.
func (s *server) eFormat(lang string, eds []edition) (sum summary, ok bool) {
	for _, ed := range eds {
		if ed.ea == nil {
			continue
		}
		if !ok || !sum.Online && ed.ea.OnlineNow() {
			sum, ok = s.EAvailabilitySummary(lang, ed.rec.ID, *ed.ea), true
		}
	}
	return sum, ok
}
