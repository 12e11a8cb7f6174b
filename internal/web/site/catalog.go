package site

import (
	"cmp"
	"context"
	"net/http"
	"net/url"
	"slices"
	"strconv"

	"github.com/kirjasto/kirjasto/internal/library"
	"github.com/kirjasto/kirjasto/internal/web"
)

// searchPage is a page of search results, for the page and the API alike.
type searchPage struct {
	Query  string       `json:"query"`
	Sort   library.Sort `json:"sort"`
	Total  int          `json:"total"`
	Page   int          `json:"page"`
	Pages  int          `json:"pages"`
	Hits   []hitView    `json:"hits"`
	Facets []facetView  `json:"facets"`
	// DidYouMean is a query with more hits, offered when this one found
	// few or none; DidYouMeanURL runs it.
	DidYouMean    string `json:"did_you_mean,omitempty"`
	DidYouMeanURL string `json:"-"`
	// Group is "works" when hits are works (works.go), with Works of them
	// among the Total records, or "editions"; Pages count hits.
	Group            string        `json:"group"`
	Works            int           `json:"works,omitempty"`
	WorksApproximate bool          `json:"works_approximate,omitempty"`
	TotalText        string        `json:"-"`
	Groups           []groupOption `json:"-"`

	Selected []facetValueView `json:"-"` // filters in force, each with a link that removes it
	Sorts    []sortOption     `json:"-"`
	Hidden   []hiddenParam    `json:"-"` // filters the sort form must keep
	PrevURL  string           `json:"-"`
	NextURL  string           `json:"-"`
	ClearURL string           `json:"-"`

	// Events are the first events the query finds in the calendar, of
	// EventTotal, shown beside the records on the first page.
	Events     []web.EventCard `json:"-"`
	EventTotal int             `json:"-"`
	EventsURL  string          `json:"-"`
}

// hitView is one record in a result list.
type hitView struct {
	ID            int64     `json:"id"`
	Title         string    `json:"title"`
	Subtitle      string    `json:"subtitle,omitempty"`
	Authors       []string  `json:"authors"`
	Year          int       `json:"year,omitempty"`
	Material      string    `json:"material"`
	MaterialLabel string    `json:"material_label"`
	Language      string    `json:"language"`
	LanguageLabel string    `json:"language_label"`
	Availability  summary   `json:"availability"`
	Cover         web.Cover `json:"cover"`
	Work          *workHit  `json:"work,omitempty"` // when grouped by work
}

// summary is how available a record is now, in short (the core's, which
// the librarians' picks show too).
type summary = web.Availability

type facetView struct {
	Name   string           `json:"name"`
	Label  string           `json:"label"`
	Values []facetValueView `json:"values"`
	// Approximate: the counts are estimated from a sample of a very
	// large result, and the page says so.
	Approximate bool `json:"approximate,omitempty"`
}

type facetValueView struct {
	Value    string       `json:"value"`
	Label    web.LangText `json:"label"`
	Count    int          `json:"count"`
	Selected bool         `json:"selected"`
	Facet    string       `json:"-"` // the facet's translated name, for the selected list
	URL      string       `json:"-"` // adds the filter, or removes it if selected
}

type sortOption struct {
	Value, Label string
	Selected     bool
}

type hiddenParam struct{ Name, Value string }

// maxFacetValues is how many values of one facet a page lists.
const maxFacetValues = 12

func (s *server) serveSearch(w http.ResponseWriter, r *http.Request) error {
	sp, err := s.searchPage(r)
	if err != nil {
		return err
	}
	lang := s.Lang(r)
	title := s.I18n().T(lang, "search.title", nil)
	if sp.Query != "" {
		title = s.I18n().T(lang, "search.title_query", map[string]any{"Query": sp.Query})
	}
	if sp.Page == 1 && sp.Query != "" {
		if err := s.searchEvents(r.Context(), lang, sp); err != nil {
			return err
		}
	}
	s.Render(w, r, http.StatusOK, "search", title, sp)
	return nil
}

// searchEventCount is how many events the search results show.
const searchEventCount = 3

// searchEvents finds the query's words in the events to come, so that
// one search box finds books and events.
func (s *server) searchEvents(ctx context.Context, lang string, sp *searchPage) error {
	ev, ok := s.Store().(library.Events)
	if !ok {
		return nil
	}
	page, err := ev.UpcomingEvents(ctx, library.EventFilter{Text: sp.Query, Limit: searchEventCount}, s.Now())
	if err != nil {
		return err
	}
	sp.EventTotal, sp.EventsURL = page.Total, "/events?"+url.Values{"q": {sp.Query}}.Encode()
	sp.Events, err = s.EventCards(ctx, lang, page.Events)
	return err
}

// searchPage runs the search a request asks for and prepares its page.
func (s *server) searchPage(r *http.Request) (*searchPage, error) {
	ctx, lang := r.Context(), s.Lang(r)
	v := r.URL.Query()
	page, err := web.ParsePage(v.Get(web.ParamPage))
	if err != nil {
		return nil, err
	}
	sort, err := web.ParseSort(v.Get(web.ParamSort))
	if err != nil {
		return nil, err
	}
	grouped, err := parseGroup(v.Get(web.ParamGroup), web.IsAPI(r))
	if err != nil {
		return nil, err
	}
	q := library.SearchQuery{
		Text:    v.Get(web.ParamQuery),
		Lang:    lang,
		Filters: web.Filters(v),
		Sort:    sort,
		Offset:  (page - 1) * s.PageSize(),
		Limit:   s.PageSize(),

		GroupWorks: grouped,
	}
	res, err := s.Search().Search(ctx, q)
	if err != nil {
		return nil, err
	}
	sp := &searchPage{Query: q.Text, Sort: sort, Total: res.Total, Page: page, DidYouMean: res.DidYouMean}
	if sp.DidYouMean != "" {
		sp.DidYouMeanURL = "/search?" + url.Values{web.ParamQuery: {sp.DidYouMean}}.Encode()
	}
	sp.Group, sp.Groups = groupEditions, s.groupOptions(r, lang, grouped)
	sp.TotalText = s.I18n().N(lang, "search.total", res.Total, nil)
	count := res.Total
	if grouped {
		sp.Group, sp.Works, sp.WorksApproximate = groupWorks, res.Works, res.WorksApproximate
		sp.TotalText = s.totalText(lang, res)
		count = res.Works
	}
	sp.Pages = (count + s.PageSize() - 1) / s.PageSize()
	if page > 1 && (page > sp.Pages || len(res.Hits) == 0) {
		// Beyond the last page: say so and link back to the first page,
		// rather than show an empty page that looks like no results.
		e := library.Errorf(library.ENOTFOUND, "page %d of %d", page, sp.Pages)
		e.Key = "error.page_past_end"
		return nil, e
	}
	names, err := s.names(ctx, lang)
	if err != nil {
		return nil, err
	}
	places, err := s.placeFilter(ctx, q.Filters, names)
	if err != nil {
		return nil, err
	}
	loaded, err := s.hitEditions(ctx, res.Hits, grouped)
	if err != nil {
		return nil, err
	}
	sp.Hits = []hitView{}
	for _, h := range res.Hits {
		var hv hitView
		ok := true
		if grouped {
			hv, ok = s.workHit(lang, h, loaded, places)
		} else {
			var ed edition
			ed, ok = loaded[h.ID] // not there: deleted since the index saw it
			hv = s.hitView(lang, ed)
		}
		if ok {
			sp.Hits = append(sp.Hits, hv)
		}
	}
	sp.Facets = []facetView{}
	shown := map[[2]string]bool{} // selected facet values listed so far
	for _, f := range res.Facets {
		if !slices.Contains(library.Facets, f.Name) {
			continue // the year facet filters, but a page of years helps nobody browse
		}
		fv := facetView{Name: f.Name, Label: s.I18n().T(lang, "facet."+f.Name, nil), Values: []facetValueView{}, Approximate: f.Approximate}
		for _, val := range f.Values {
			if len(fv.Values) >= maxFacetValues && !val.Selected {
				continue
			}
			vv := facetValueView{
				Value: val.Value, Label: s.facetLabel(lang, names, f.Name, val.Value),
				Count: val.Count, Selected: val.Selected, Facet: fv.Label,
				URL: toggleURL(r, f.Name, val.Value),
			}
			fv.Values = append(fv.Values, vv)
			if vv.Selected {
				sp.Selected = append(sp.Selected, vv)
				shown[[2]string{f.Name, val.Value}] = true
			}
		}
		if len(fv.Values) > 0 {
			sp.Facets = append(sp.Facets, fv)
		}
	}
	// A filter that matches nothing may be missing from the facets, yet
	// the user must still see it and be able to remove it.
	for _, name := range web.FacetNames {
		for _, val := range q.Filters[name] {
			if !shown[[2]string{name, val}] {
				sp.Selected = append(sp.Selected, facetValueView{
					Value: val, Label: s.facetLabel(lang, names, name, val), Selected: true,
					Facet: s.I18n().T(lang, "facet."+name, nil), URL: toggleURL(r, name, val),
				})
			}
		}
	}
	for _, o := range []library.Sort{library.SortRelevance, library.SortNewest, library.SortTitle} {
		sp.Sorts = append(sp.Sorts, sortOption{string(o), s.I18n().T(lang, "sort."+string(o), nil), o == sort})
	}
	for name, vals := range q.Filters {
		for _, val := range vals {
			sp.Hidden = append(sp.Hidden, hiddenParam{name, val})
		}
	}
	if v.Has(web.ParamGroup) {
		sp.Hidden = append(sp.Hidden, hiddenParam{web.ParamGroup, sp.Group})
	}
	slices.SortFunc(sp.Hidden, func(a, b hiddenParam) int {
		if a.Name != b.Name {
			return cmp.Compare(a.Name, b.Name)
		}
		return cmp.Compare(a.Value, b.Value)
	})
	if page > 1 {
		sp.PrevURL = pageURL(r, page-1)
	}
	if page < sp.Pages {
		sp.NextURL = pageURL(r, page+1)
	}
	if len(sp.Selected) > 0 {
		cv := url.Values{}
		for _, k := range []string{web.ParamQuery, web.ParamSort, web.ParamLang} {
			if x := v.Get(k); x != "" {
				cv.Set(k, x)
			}
		}
		sp.ClearURL = "/search?" + cv.Encode()
	}
	return sp, nil
}

// hitView returns the result-list entry of a record with its items or
// e-availability: only the page's hits are fetched (hitEditions).
func (s *server) hitView(lang string, ed edition) hitView {
	rec := ed.rec
	hv := hitView{
		ID: rec.ID, Title: rec.Title, Subtitle: rec.Subtitle, Authors: []string{}, Year: rec.Year,
		Material: string(rec.Material), MaterialLabel: s.materialName(lang, rec.Material),
		Language: rec.Language, LanguageLabel: s.languageName(lang, rec.Language),
		Cover: s.Cover(lang, rec, web.CoverInList),
	}
	for _, c := range rec.Authors {
		hv.Authors = append(hv.Authors, c.Name)
	}
	hv.Availability = s.summarize(lang, ed)
	return hv
}

// summarize sums up where a record can be had: an e-title with licences
// by its licences and queue (web.Server.EAvailabilitySummary), anything
// else by its copies (web.Server.Availability).
func (s *server) summarize(lang string, ed edition) summary {
	if ed.ea != nil && ed.rec.Material.Electronic() {
		return s.EAvailabilitySummary(lang, ed.rec.ID, *ed.ea)
	}
	return s.Availability(lang, ed.rec, ed.items)
}

// hasWebLink reports whether the record has a link a page can offer.
func hasWebLink(rec library.Record) bool { return web.HasWebLink(rec) }

type names struct{ cities, branches map[string]web.LangText }

func (s *server) names(ctx context.Context, lang string) (names, error) {
	n := names{map[string]web.LangText{}, map[string]web.LangText{}}
	libs, brs, err := s.Consortium(ctx)
	if err != nil {
		return n, err
	}
	for _, l := range libs {
		n.cities[l.ID] = web.TextIn(l.Name, lang)
	}
	for _, b := range brs {
		n.branches[b.ID] = web.TextIn(b.Name, lang)
	}
	return n, nil
}

// facetLabel returns the name a facet value shows to people: translated
// codes, names for city and branch IDs, and the value itself for names
// and subjects, which are already words (in a language nobody said).
func (s *server) facetLabel(lang string, n names, facet, value string) web.LangText {
	var id string
	switch facet {
	case library.FacetMaterial:
		return web.LangText{Text: s.materialName(lang, library.Material(value)), Lang: lang}
	case library.FacetLanguage:
		return web.LangText{Text: s.languageName(lang, value), Lang: lang}
	case library.FacetAudience:
		id = "audience." + value
	case library.FacetFormatKind:
		id = "format_kind." + value
	case library.FacetOnline:
		id = "esearch.online." + value
	case library.FacetDecade:
		return web.LangText{Text: s.I18n().T(lang, "decade.label", map[string]any{"Decade": value}), Lang: lang}
	case library.FacetAvailableCity:
		if name := n.cities[value]; name.Text != "" {
			return name
		}
	case library.FacetAvailableBranch:
		if name := n.branches[value]; name.Text != "" {
			return name
		}
	}
	if id != "" && s.I18n().Has(lang, id) {
		return web.LangText{Text: s.I18n().T(lang, id, nil), Lang: lang}
	}
	return web.LangText{Text: value}
}

func (s *server) materialName(lang string, m library.Material) string {
	if s.I18n().Has(lang, "material."+string(m)) {
		return s.I18n().T(lang, "material."+string(m), nil)
	}
	return s.I18n().T(lang, "material.other", nil)
}

func (s *server) languageName(lang, code string) string {
	if s.I18n().Has(lang, "lang."+code) {
		return s.I18n().T(lang, "lang."+code, nil)
	}
	return code // an ISO 639-2 code is better than nothing, and rare
}

// toggleURL returns the current search with a facet value added, or
// removed if it is selected, back on the first page.
func toggleURL(r *http.Request, facet, value string) string {
	v := r.URL.Query()
	vals := v[facet]
	if i := slices.Index(vals, value); i >= 0 {
		v[facet] = slices.Delete(slices.Clone(vals), i, i+1)
	} else {
		v[facet] = append(slices.Clone(vals), value)
	}
	v.Del(web.ParamPage)
	return "/search?" + v.Encode()
}

func pageURL(r *http.Request, page int) string {
	v := r.URL.Query()
	if page == 1 {
		v.Del(web.ParamPage)
	} else {
		v.Set(web.ParamPage, strconv.Itoa(page))
	}
	return "/search?" + v.Encode()
}
