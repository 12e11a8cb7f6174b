package events

import (
	"html/template"
	"net/http"
	"net/url"
	"slices"
	"strconv"

	"github.com/kirjasto/kirjasto/internal/library"
	"github.com/kirjasto/kirjasto/internal/web"
)

// The calendar: /events with its filters, every one a form control that
// works without JavaScript and a query parameter that the feed
// (/events.ics) and the API (/api/v1/events) read the same way.

// Query parameters of the calendar, the feed and the API.
const (
	paramLibrary  = "library"
	paramBranch   = "branch"
	paramFrom     = "from"
	paramTo       = "to"
	paramAudience = "audience"
	paramCategory = "category"
	paramLanguage = "language"
	paramFree     = "free"
)

// filterParams are the parameters that filter; the feed's and the
// pages' links keep them.
var filterParams = []string{paramLibrary, paramBranch, paramFrom, paramTo, paramAudience, paramCategory,
	paramLanguage, web.ParamQuery, paramFree}

// listPerPage is the number of events on a page of /events.
const listPerPage = 20

// filterError is a filter the reader got wrong, with its field.
type filterError struct {
	field string
	err   error
}

// readFilter reads the filters of a query. A bad value is an error
// (EINVALID) at its field.
func (s *server) readFilter(r *http.Request) (library.EventFilter, *filterError) {
	q := r.URL.Query()
	var f library.EventFilter
	libs, branches, err := s.Consortium(r.Context())
	if err != nil {
		return f, &filterError{"", err}
	}
	if f.Library = q.Get(paramLibrary); f.Library != "" &&
		!slices.ContainsFunc(libs, func(l library.Library) bool { return l.ID == f.Library }) {
		return f, &filterError{paramLibrary, web.Invalid("events_public.error.library", "library %q", f.Library)}
	}
	if f.Branch = q.Get(paramBranch); f.Branch != "" &&
		!slices.ContainsFunc(branches, func(b library.Branch) bool { return b.ID == f.Branch }) {
		return f, &filterError{paramBranch, web.Invalid("events_public.error.branch", "branch %q", f.Branch)}
	}
	for _, d := range []struct {
		name string
		to   *library.Date
	}{{paramFrom, &f.From}, {paramTo, &f.To}} {
		if v := q.Get(d.name); v != "" {
			if *d.to, err = library.ParseDate(v); err != nil {
				return f, &filterError{d.name, web.Invalid("events_public.error.date", "%s %q", d.name, v)}
			}
		}
	}
	if f.From != (library.Date{}) && f.To != (library.Date{}) && f.To.Before(f.From) {
		return f, &filterError{paramTo, web.Invalid("error.event_filter_dates", "to before from")}
	}
	for _, c := range []struct {
		name  string
		known []string
		to    *[]string
	}{{paramAudience, library.EventAudiences, &f.Audiences}, {paramCategory, library.EventCategories, &f.Categories}} {
		for _, v := range q[c.name] {
			if v == "" {
				continue
			}
			if !slices.Contains(c.known, v) {
				return f, &filterError{c.name, web.Invalid("error.event_filter", "%s %q", c.name, v)}
			}
			*c.to = append(*c.to, v)
		}
	}
	for _, v := range q[paramLanguage] {
		if v == "" {
			continue
		}
		if !validLanguageCode(v) {
			return f, &filterError{paramLanguage, web.Invalid("error.event_filter", "language %q", v)}
		}
		f.Languages = append(f.Languages, v)
	}
	f.Text = q.Get(web.ParamQuery)
	f.FreeOnly = q.Get(paramFree) != ""
	return f, nil
}

// validLanguageCode accepts a two- or three-letter ISO 639 code.
func validLanguageCode(s string) bool {
	if len(s) < 2 || len(s) > 3 {
		return false
	}
	for _, r := range s {
		if r < 'a' || r > 'z' {
			return false
		}
	}
	return true
}

// filterQuery is the request's filters alone, as a query.
func filterQuery(r *http.Request) url.Values {
	q := r.URL.Query()
	out := url.Values{}
	for _, p := range filterParams {
		for _, v := range q[p] {
			if v != "" {
				out.Add(p, v)
			}
		}
	}
	return out
}

// option is a choice of a select or a checkbox of the filters.
type option struct {
	Value    string
	Label    web.LangText
	Selected bool
}

// dayGroup is the events of one day of the calendar.
type dayGroup struct {
	Day    string
	Events []eventView
}

// listPage is /events.
type listPage struct {
	Days       []dayGroup
	Total      int
	Libraries  []option
	Branches   []web.BranchGroup
	Audiences  []option
	Categories []option
	Languages  []option
	Values     map[string]string // the text fields as typed
	Free       bool
	Filtered   bool   // some filter is set
	Error      string // a bad filter's message
	ErrorField string
	Page       int
	Pages      int
	PrevURL    string
	NextURL    string
	FeedURL    string       // the feed of these filters, as a path
	FeedFull   string       // the feed's whole address, for copying into a calendar app
	WebcalURL  template.URL // webcal:, which html/template would otherwise refuse
}

func (s *server) serveList(w http.ResponseWriter, r *http.Request) error {
	lang := s.Lang(r)
	page, err := web.ParsePage(r.URL.Query().Get(web.ParamPage))
	if err != nil {
		return err
	}
	lp, err := s.listForm(r)
	if err != nil {
		return err
	}
	status := http.StatusOK
	f, ferr := s.readFilter(r)
	if ferr != nil {
		if ferr.field == "" || library.ErrorCode(ferr.err) != library.EINVALID {
			return ferr.err
		}
		status = http.StatusBadRequest
		lp.Error, lp.ErrorField = s.ErrorMessage(lang, library.ErrorKey(ferr.err), ferr.err), ferr.field
	} else {
		ev, err := s.events()
		if err != nil {
			return err
		}
		f.Limit, f.Offset = listPerPage, (page-1)*listPerPage
		res, err := ev.UpcomingEvents(r.Context(), f, s.Now())
		if err != nil {
			return err
		}
		lp.Total, lp.Page = res.Total, page
		lp.Pages = max(1, (res.Total+listPerPage-1)/listPerPage)
		if page > lp.Pages {
			return web.Invalid("error.page_past_end", "page %d of %d", page, lp.Pages)
		}
		if lp.Days, err = s.days(r, res.Events, f); err != nil {
			return err
		}
		if page > 1 {
			lp.PrevURL = listPageURL(r, page-1)
		}
		if page < lp.Pages {
			lp.NextURL = listPageURL(r, page+1)
		}
	}
	fq := filterQuery(r)
	lp.Filtered = len(fq) > 0
	lp.FeedURL = (&url.URL{Path: "/events.ics", RawQuery: fq.Encode()}).String()
	host := r.Host
	lp.FeedFull = "https://" + host + lp.FeedURL
	if !s.Secure(r) {
		lp.FeedFull = "http://" + host + lp.FeedURL
	}
	lp.WebcalURL = template.URL("webcal://" + host + lp.FeedURL) // the host and an encoded query: nothing to run
	s.Render(w, r, status, "events_list", s.Tr(r, "events_public.title"), lp)
	return nil
}

// listForm is the calendar's filter form, with the request's choices.
func (s *server) listForm(r *http.Request) (*listPage, error) {
	lang := s.Lang(r)
	q := r.URL.Query()
	libs, _, err := s.Consortium(r.Context())
	if err != nil {
		return nil, err
	}
	lp := &listPage{Values: map[string]string{}, Free: q.Get(paramFree) != ""}
	for _, p := range []string{paramFrom, paramTo, web.ParamQuery} {
		lp.Values[p] = q.Get(p)
	}
	for _, l := range libs {
		if !l.Closed() {
			lp.Libraries = append(lp.Libraries, option{Value: l.ID, Label: web.TextIn(l.Name, lang), Selected: l.ID == q.Get(paramLibrary)})
		}
	}
	if lp.Branches, err = s.BranchGroups(r.Context(), lang, q.Get(paramBranch)); err != nil {
		return nil, err
	}
	for _, a := range library.EventAudiences {
		lp.Audiences = append(lp.Audiences, option{Value: a, Label: web.LangText{Text: s.I18n().T(lang, "events_staff.audience."+a, nil)},
			Selected: slices.Contains(q[paramAudience], a)})
	}
	for _, c := range library.EventCategories {
		lp.Categories = append(lp.Categories, option{Value: c, Label: web.LangText{Text: s.I18n().T(lang, "events_staff.category."+c, nil)},
			Selected: slices.Contains(q[paramCategory], c)})
	}
	for _, l := range library.Languages {
		lp.Languages = append(lp.Languages, option{Value: l, Label: web.LangText{Text: s.languageName(lang, l)},
			Selected: slices.Contains(q[paramLanguage], l)})
	}
	return lp, nil
}

// days groups a page of events by the Helsinki day each starts on; an
// event that started before the first day shown (an exhibition that is
// on) is listed on that first day.
func (s *server) days(r *http.Request, events []library.Event, f library.EventFilter) ([]dayGroup, error) {
	lang := s.Lang(r)
	first := library.LocalDate(s.Now())
	if f.From != (library.Date{}) {
		first = f.From
	}
	var out []dayGroup
	for _, e := range events {
		v, err := s.view(r.Context(), e, lang, false)
		if err != nil {
			return nil, err
		}
		d := library.LocalDate(e.Start)
		if d.Before(first) {
			d = first
		}
		day := s.FormatDate(lang, d)
		if len(out) == 0 || out[len(out)-1].Day != day {
			out = append(out, dayGroup{Day: day})
		}
		g := &out[len(out)-1]
		g.Events = append(g.Events, v)
	}
	return out, nil
}

func listPageURL(r *http.Request, page int) string {
	v := r.URL.Query()
	v.Del(web.ParamPage)
	if page > 1 {
		v.Set(web.ParamPage, strconv.Itoa(page))
	}
	return (&url.URL{Path: "/events", RawQuery: v.Encode()}).String()
}
