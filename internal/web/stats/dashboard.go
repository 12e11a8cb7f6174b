package stats

import (
	"context"
	"net/http"
	"net/url"
	"sort"
	"sync"
	"time"

	"github.com/kirjasto/kirjasto/internal/library"
)

// dashboardPage is /admin/stats.
type dashboardPage struct {
	Scope     string
	ScopeName string
	Scopes    []scopeOption
	Period    period
	From, To  string // the period and the year before, in words
	PrevFrom  string
	PrevTo    string
	Kinds     []string
	Tables    []*table
	Export    string // the page's query, for the export links
	National  bool   // the staff member may read a library's national report
}

// actions are the circulation counts the summary compares, in order.
var actions = []string{"checkout", "renew", "checkin", "hold_placed", "hold_filled", "hold_collected", "hold_not_collected", "hold_cancelled"}

func (s *server) serveDashboard(w http.ResponseWriter, r *http.Request, st library.Staff) error {
	sc, err := s.chosenScope(r, st)
	if err != nil {
		return err
	}
	p, err := parsePeriod(r.URL.Query(), s.Today())
	if err != nil {
		return err
	}
	ctx, lang := r.Context(), s.Lang(r)
	tables, err := s.dashboardTables(ctx, lang, sc, p)
	if err != nil {
		return err
	}
	if done, err := s.export(w, r, "kirjasto-stats-"+p.From.String()+"-"+p.To.String(), tables); done || err != nil {
		return err
	}
	scopes, err := s.scopeOptions(ctx, lang, st)
	if err != nil {
		return err
	}
	pf, pt := p.previous()
	d := &dashboardPage{Scope: scopeValue(sc), ScopeName: s.scopeName(ctx, lang, sc), Scopes: scopes, Period: p,
		From: s.FormatDate(lang, p.From), To: s.FormatDate(lang, p.To), PrevFrom: s.FormatDate(lang, pf), PrevTo: s.FormatDate(lang, pt),
		Kinds: []string{"month", "quarter", "year", "custom"}, Tables: tables, Export: exportQuery(r.URL.Query()),
		National: st.ReachFor(library.ActStatistics).Branch == ""}
	s.Render(w, r, http.StatusOK, "stats_dashboard", s.Tr(r, "stats_web.title")+": "+d.ScopeName, d)
	return nil
}

// exportQuery is the page's query without its export's own parameters.
func exportQuery(q url.Values) string {
	q = cloneValues(q)
	q.Del("format")
	q.Del("table")
	return q.Encode()
}

func cloneValues(q url.Values) url.Values {
	out := url.Values{}
	for k, v := range q {
		out[k] = append([]string(nil), v...)
	}
	return out
}

// figures is a period's circulation in a scope, from one query by day and
// action.
type figures struct {
	total map[string]int64                  // by action
	days  map[library.Date]map[string]int64 // by day and action
}

func (s *server) circulation(ctx context.Context, db library.StaffStatistics, sc library.Scope, from, to library.Date) (figures, error) {
	f := figures{total: map[string]int64{}, days: map[library.Date]map[string]int64{}}
	cells, err := db.CirculationStats(ctx, library.StatsQuery{From: from, To: to, Library: sc.Library, Branch: sc.Branch, By: []string{"day", "action"}})
	if err != nil {
		return f, err
	}
	for _, c := range cells {
		d, err := library.ParseDate(c.Key[0])
		if err != nil {
			continue
		}
		if f.days[d] == nil {
			f.days[d] = map[string]int64{}
		}
		f.days[d][c.Key[1]] += c.N
		f.total[c.Key[1]] += c.N
	}
	return f, nil
}

// loans is checkouts and renewals, the national statistics' "loans".
func loans(m map[string]int64) int64 { return m["checkout"] + m["renew"] }

func (s *server) dashboardTables(ctx context.Context, lang string, sc library.Scope, p period) ([]*table, error) {
	db, err := s.stats()
	if err != nil {
		return nil, err
	}
	t := func(key string) string { return s.I18n().T(lang, key, nil) }
	libs, branches, err := s.Consortium(ctx)
	if err != nil {
		return nil, err
	}
	libName := func(id string) string {
		for _, l := range libs {
			if l.ID == id {
				return textIn(l.Name, lang)
			}
		}
		if id == "" {
			return t("stats_web.unknown")
		}
		return id
	}
	series := []string{t("stats_web.col.period"), t("stats_web.col.year_before")}
	one := func(f func() (*table, error)) func() ([]*table, error) {
		return func() ([]*table, error) {
			tb, err := f()
			return []*table{tb}, err
		}
	}
	parts := []func() ([]*table, error){
		func() ([]*table, error) { return s.summaryAndTrends(ctx, db, lang, sc, p, branches, series) },
		one(func() (*table, error) { return s.materials(ctx, db, lang, sc, p, series) }),
		one(func() (*table, error) { return s.selfService(ctx, db, lang, sc, p) }),
		one(func() (*table, error) { return s.flow(ctx, db, lang, sc, p, libs, libName) }),
	}
	if sc.Branch == "" {
		parts = append(parts,
			one(func() (*table, error) { return s.topTitles(ctx, db, lang, sc, p) }),
			func() ([]*table, error) { return s.patrons(ctx, db, lang, sc, p, libName) })
	}
	parts = append(parts,
		one(func() (*table, error) { return s.breakdown(ctx, db, lang, sc, p, "age_group", "stats_web.table.ages") }),
		one(func() (*table, error) {
			return s.breakdown(ctx, db, lang, sc, p, "patron_category", "stats_web.table.categories")
		}),
		one(func() (*table, error) { return s.collection(ctx, db, lang, sc, p) }),
		one(func() (*table, error) { return s.services(ctx, db, lang, sc, p) }))
	return concurrently(parts)
}

// concurrently runs the parts at once (each reads the database, and the
// waits for one another's queries are the page's time on PostgreSQL)
// and returns their tables in the parts' order, or the first error.
func concurrently(parts []func() ([]*table, error)) ([]*table, error) {
	out := make([][]*table, len(parts))
	errs := make([]error, len(parts))
	var wg sync.WaitGroup
	for i, f := range parts {
		wg.Go(func() { out[i], errs[i] = f() })
	}
	wg.Wait()
	var tables []*table
	for i := range parts {
		if errs[i] != nil {
			return nil, errs[i]
		}
		tables = append(tables, out[i]...)
	}
	return tables, nil
}

// summaryAndTrends is the summary (this period against the same dates a
// year before) and the loans by month and by week.
func (s *server) summaryAndTrends(ctx context.Context, db library.StaffStatistics, lang string, sc library.Scope, p period,
	branches []library.Branch, series []string) ([]*table, error) {
	t := func(key string) string { return s.I18n().T(lang, key, nil) }
	pf, pt := p.previous()
	now, err := s.circulation(ctx, db, sc, p.From, p.To)
	if err != nil {
		return nil, err
	}
	before, err := s.circulation(ctx, db, sc, pf, pt)
	if err != nil {
		return nil, err
	}
	branchLib := map[string]string{}
	for _, b := range branches {
		branchLib[b.ID] = b.LibraryID
	}
	heads := []string{t("stats_web.col.measure"), t("stats_web.col.period"), t("stats_web.col.year_before"), t("stats_web.col.change")}
	summary := &table{ID: "summary", Caption: t("stats_web.table.summary"), Head: heads}
	compare := func(label string, a, b int64) {
		summary.Rows = append(summary.Rows, row{Head: label, Cells: []cell{count(a), count(b), change(a, b)}})
	}
	compare(t("stats_web.measure.loans"), loans(now.total), loans(before.total))
	for _, a := range actions {
		compare(actionName(s, lang, a), now.total[a], before.total[a])
	}
	visNow, err := db.Visitors(ctx, p.From, p.To)
	if err != nil {
		return nil, err
	}
	visBefore, err := db.Visitors(ctx, pf, pt)
	if err != nil {
		return nil, err
	}
	compare(t("stats_web.measure.visitors"), sumBranches(visNow, sc, branchLib), sumBranches(visBefore, sc, branchLib))
	summary.Chart = &chart{ID: "chart-summary", Title: summary.Caption, Desc: t("stats_web.chart.compare_desc"), Series: series,
		Bars: barsOf(&table{Rows: summary.Rows[:4]}, 0, 1)}
	return []*table{summary, s.trend(lang, "monthly", p, now, before, series), s.trend(lang, "weekly", p, now, before, series)}, nil
}

func sumBranches(m map[string]int64, sc library.Scope, branchLib map[string]string) int64 {
	var n int64
	for b, v := range m {
		if inScope(sc, branchLib[b], b) {
			n += v
		}
	}
	return n
}

// trend is the loans by month or by ISO week, each against the same
// month or week a year before.
func (s *server) trend(lang, by string, p period, now, before figures, series []string) *table {
	t := func(key string) string { return s.I18n().T(lang, key, nil) }
	key := func(d library.Date) string {
		if by == "monthly" {
			return d.String()[:7]
		}
		y, w := time.Date(d.Year, d.Month, d.Day, 12, 0, 0, 0, time.UTC).ISOWeek()
		return isoWeek(y, w)
	}
	// The year before's key of a bucket: the same month or week number.
	prevKey := func(k string) string {
		y := k[:4]
		py := []byte(y)
		n := 0
		for _, c := range py {
			n = n*10 + int(c-'0')
		}
		return itoa4(n-1) + k[4:]
	}
	cur, prev := map[string]int64{}, map[string]int64{}
	var keys []string
	for d := p.From; !p.To.Before(d); d = d.AddDays(1) {
		k := key(d)
		if _, ok := cur[k]; !ok {
			keys = append(keys, k)
			cur[k] = 0
		}
		cur[k] += loans(now.days[d])
	}
	for d, m := range before.days {
		prev[key(d)] += loans(m)
	}
	tb := &table{ID: by, Caption: t("stats_web.table." + by),
		Head: []string{t("stats_web.col." + by), t("stats_web.col.period"), t("stats_web.col.year_before"), t("stats_web.col.change")}}
	for _, k := range keys {
		tb.Rows = append(tb.Rows, row{Head: k, Cells: []cell{count(cur[k]), count(prev[prevKey(k)]), change(cur[k], prev[prevKey(k)])}})
	}
	tb.Chart = &chart{ID: "chart-" + by, Title: tb.Caption, Desc: t("stats_web.chart.trend_desc"), Series: series, Bars: barsOf(tb, 0, 1)}
	return tb
}

func isoWeek(y, w int) string {
	return itoa4(y) + "-W" + string(rune('0'+w/10)) + string(rune('0'+w%10))
}

func itoa4(n int) string {
	b := []byte{byte('0' + n/1000%10), byte('0' + n/100%10), byte('0' + n/10%10), byte('0' + n%10)}
	return string(b)
}

// actionName is a circulation action's name in lang.
func actionName(s *server, lang, a string) string {
	key := "stats_web.action." + a
	if s.I18n().Has(lang, key) {
		return s.I18n().T(lang, key, nil)
	}
	return a
}

// sortedKeys returns m's keys in order.
func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
