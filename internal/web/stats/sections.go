package stats

import (
	"context"
	"strconv"
	"time"

	"github.com/kirjasto/kirjasto/internal/library"
)

// The dashboard's tables after the summary and the trends, one function
// each.

// materialName is a material's name in lang.
func (s *server) materialName(lang, m string) string {
	if m == "" {
		return s.I18n().T(lang, "stats_web.unknown", nil)
	}
	key := "material." + m
	if s.I18n().Has(lang, key) {
		return s.I18n().T(lang, key, nil)
	}
	return m
}

// materials is the loans by material against the year before.
func (s *server) materials(ctx context.Context, db library.StaffStatistics, lang string, sc library.Scope, p period, series []string) (*table, error) {
	t := func(key string) string { return s.I18n().T(lang, key, nil) }
	pf, pt := p.previous()
	q := library.StatsQuery{From: p.From, To: p.To, Library: sc.Library, Branch: sc.Branch, Actions: []string{"checkout", "renew"}, By: []string{"material"}}
	cur, err := db.CirculationStats(ctx, q)
	if err != nil {
		return nil, err
	}
	q.From, q.To = pf, pt
	prev, err := db.CirculationStats(ctx, q)
	if err != nil {
		return nil, err
	}
	now, before := map[string]int64{}, map[string]int64{}
	for _, c := range cur {
		now[c.Key[0]] += c.N
	}
	for _, c := range prev {
		before[c.Key[0]] += c.N
	}
	for k := range before {
		if _, ok := now[k]; !ok {
			now[k] = 0
		}
	}
	tb := &table{ID: "materials", Caption: t("stats_web.table.materials"),
		Head: []string{t("stats_web.col.material"), t("stats_web.col.period"), t("stats_web.col.year_before"), t("stats_web.col.change")}}
	for _, m := range sortedKeys(now) {
		tb.Rows = append(tb.Rows, row{Head: s.materialName(lang, m), Cells: []cell{count(now[m]), count(before[m]), change(now[m], before[m])}})
	}
	tb.Chart = &chart{ID: "chart-materials", Title: tb.Caption, Desc: t("stats_web.chart.compare_desc"), Series: series, Bars: barsOf(tb, 0, 1)}
	return tb, nil
}

// selfService is the checkouts by channel: kiosk, desk, web.
func (s *server) selfService(ctx context.Context, db library.StaffStatistics, lang string, sc library.Scope, p period) (*table, error) {
	t := func(key string) string { return s.I18n().T(lang, key, nil) }
	cells, err := db.CirculationStats(ctx, library.StatsQuery{From: p.From, To: p.To, Library: sc.Library, Branch: sc.Branch,
		Actions: []string{"checkout", "renew"}, By: []string{"channel"}})
	if err != nil {
		return nil, err
	}
	var total int64
	for _, c := range cells {
		total += c.N
	}
	tb := &table{ID: "channels", Caption: t("stats_web.table.channels"), Note: t("stats_web.note.channels"),
		Head: []string{t("stats_web.col.channel"), t("stats_web.col.loans"), t("stats_web.col.share")}}
	for _, c := range cells {
		tb.Rows = append(tb.Rows, row{Head: actionName(s, lang, "channel_"+c.Key[0]), Cells: []cell{count(c.N), percent(c.N, total)}})
	}
	tb.Chart = &chart{ID: "chart-channels", Title: tb.Caption, Desc: t("stats_web.chart.share_desc"), Series: []string{t("stats_web.col.share")}, Bars: barsOf(tb, 1)}
	return tb, nil
}

// flow is the cross-city flow: checkouts by lending library (rows) and
// owning library (columns).
func (s *server) flow(ctx context.Context, db library.StaffStatistics, lang string, sc library.Scope, p period, libs []library.Library, libName func(string) string) (*table, error) {
	t := func(key string) string { return s.I18n().T(lang, key, nil) }
	cells, err := db.CirculationStats(ctx, library.StatsQuery{From: p.From, To: p.To, Library: sc.Library, Branch: sc.Branch,
		Actions: []string{"checkout"}, By: []string{"library", "owner_library"}})
	if err != nil {
		return nil, err
	}
	n := map[[2]string]int64{}
	lenders := map[string]bool{}
	for _, c := range cells {
		n[[2]string{c.Key[0], c.Key[1]}] += c.N
		lenders[c.Key[0]] = true
	}
	tb := &table{ID: "flow", Caption: t("stats_web.table.flow"), Note: t("stats_web.note.flow"),
		Head: []string{t("stats_web.col.lender_owner")}}
	for _, l := range libs {
		tb.Head = append(tb.Head, libName(l.ID))
	}
	tb.Head = append(tb.Head, t("stats_web.col.other_cities"))
	for _, l := range libs {
		if !lenders[l.ID] && !inScope(sc, l.ID, sc.Branch) {
			continue
		}
		r := row{Head: libName(l.ID)}
		var total, own int64
		for _, o := range libs {
			v := n[[2]string{l.ID, o.ID}]
			r.Cells = append(r.Cells, count(v))
			total += v
			if o.ID == l.ID {
				own = v
			}
		}
		r.Cells = append(r.Cells, percent(total-own, total))
		tb.Rows = append(tb.Rows, r)
	}
	return tb, nil
}

// topTitles is the period's most borrowed titles, linked to their
// records.
func (s *server) topTitles(ctx context.Context, db library.StaffStatistics, lang string, sc library.Scope, p period) (*table, error) {
	t := func(key string) string { return s.I18n().T(lang, key, nil) }
	months := p.months()
	top, err := db.TopTitlesPeriod(ctx, months[0], months[len(months)-1], sc.Library, 20)
	if err != nil {
		return nil, err
	}
	ids := make([]int64, len(top))
	for i, tt := range top {
		ids[i] = tt.RecordID
	}
	titles := s.Titles(ctx, ids)
	tb := &table{ID: "top", Caption: t("stats_web.table.top"), Note: t("stats_web.note.top"),
		Head: []string{t("stats_web.col.title"), t("stats_web.col.material"), t("stats_web.col.loans")}}
	for _, tt := range top {
		title := titles[tt.RecordID]
		if title == "" {
			title = "#" + strconv.FormatInt(tt.RecordID, 10)
		}
		tb.Rows = append(tb.Rows, row{Head: title, Href: "/records/" + strconv.FormatInt(tt.RecordID, 10),
			Cells: []cell{{Text: s.materialName(lang, tt.Material)}, count(tt.Loans)}})
	}
	return tb, nil
}

// patrons is the active patrons by month and the new registrations by
// age group (suppressed below five people).
func (s *server) patrons(ctx context.Context, db library.StaffStatistics, lang string, sc library.Scope, p period, libName func(string) string) ([]*table, error) {
	t := func(key string) string { return s.I18n().T(lang, key, nil) }
	active := &table{ID: "active", Caption: t("stats_web.table.active"), Note: t("stats_web.note.active"),
		Head: []string{t("stats_web.col.monthly"), t("stats_web.col.patrons")}}
	for _, m := range p.months() {
		a, err := db.ActivePatrons(ctx, m)
		if err != nil {
			return nil, err
		}
		active.Rows = append(active.Rows, row{Head: m, Cells: []cell{count(a[sc.Library])}})
	}
	active.Chart = &chart{ID: "chart-active", Title: active.Caption, Desc: t("stats_web.chart.trend_desc"),
		Series: []string{t("stats_web.col.patrons")}, Bars: barsOf(active, 0)}
	regs, err := db.RegistrationStats(ctx, p.From, p.To)
	if err != nil {
		return nil, err
	}
	reg := &table{ID: "registrations", Caption: t("stats_web.table.registrations"), Note: t("stats_web.note.suppressed"),
		Head: []string{t("stats_web.col.library"), t("stats_web.col.age_group"), t("stats_web.col.patrons")}}
	for _, c := range regs {
		if !inScope(sc, c.Key[0], "") {
			continue
		}
		reg.Rows = append(reg.Rows, row{Head: libName(c.Key[0]), Cells: []cell{{Text: s.ageName(lang, c.Key[1])}, s.suppressed(lang, c)}})
	}
	return []*table{active, reg}, nil
}

// ageName is an age group's name.
func (s *server) ageName(lang, g string) string {
	if g == "" || g == "unknown" {
		return s.I18n().T(lang, "stats_web.unknown", nil)
	}
	return g
}

// suppressed is a cell's figure, or a word saying it is hidden.
func (s *server) suppressed(lang string, c library.StatsCell) cell {
	if c.Suppressed {
		return cell{Text: s.I18n().T(lang, "stats_web.suppressed", nil)}
	}
	return count(c.N)
}

// breakdown is the loans by one of the personal breakdowns.
func (s *server) breakdown(ctx context.Context, db library.StaffStatistics, lang string, sc library.Scope, p period, by, caption string) (*table, error) {
	t := func(key string) string { return s.I18n().T(lang, key, nil) }
	cells, err := db.CirculationStats(ctx, library.StatsQuery{From: p.From, To: p.To, Library: sc.Library, Branch: sc.Branch,
		Actions: []string{"checkout", "renew"}, By: []string{by}})
	if err != nil {
		return nil, err
	}
	tb := &table{ID: by, Caption: t(caption), Note: t("stats_web.note.suppressed"),
		Head: []string{t("stats_web.col." + by), t("stats_web.col.loans")}}
	for _, c := range cells {
		name := c.Key[0]
		if by == "age_group" {
			name = s.ageName(lang, name)
		} else if name == "" {
			name = t("stats_web.unknown")
		}
		tb.Rows = append(tb.Rows, row{Head: name, Cells: []cell{s.suppressed(lang, c)}})
	}
	return tb, nil
}

// idleYears is how long a copy unlent counts as idle.
const idleYears = 2

// collection is the collection by material: its size at the end of the
// period, the copies added and withdrawn, the loans per copy (turnover)
// and the copies not lent in two years.
func (s *server) collection(ctx context.Context, db library.StaffStatistics, lang string, sc library.Scope, p period) (*table, error) {
	t := func(key string) string { return s.I18n().T(lang, key, nil) }
	coll, err := db.CollectionPeriod(ctx, p.From, p.To)
	if err != nil {
		return nil, err
	}
	since := library.DateOf(time.Date(p.To.Year-idleYears, p.To.Month, p.To.Day, 12, 0, 0, 0, time.UTC))
	idle, err := db.IdleItems(ctx, since)
	if err != nil {
		return nil, err
	}
	lent, err := db.CirculationStats(ctx, library.StatsQuery{From: p.From, To: p.To, Library: sc.Library, Branch: sc.Branch,
		Actions: []string{"checkout"}, By: []string{"material"}})
	if err != nil {
		return nil, err
	}
	type sums struct{ items, added, withdrawn, idle, loans int64 }
	by := map[string]*sums{}
	get := func(m string) *sums {
		if by[m] == nil {
			by[m] = &sums{}
		}
		return by[m]
	}
	for _, c := range coll {
		if inScope(sc, c.Library, c.Branch) {
			g := get(c.Material)
			g.items += c.Items
			g.added += c.Added
			g.withdrawn += c.Withdrawn
		}
	}
	for _, c := range idle {
		if inScope(sc, c.Library, c.Branch) {
			get(c.Material).idle += c.Items
		}
	}
	for _, c := range lent {
		get(c.Key[0]).loans += c.N
	}
	tb := &table{ID: "collection", Caption: t("stats_web.table.collection"), Note: t("stats_web.note.collection"),
		Head: []string{t("stats_web.col.material"), t("stats_web.col.items"), t("stats_web.col.added"), t("stats_web.col.withdrawn"),
			t("stats_web.col.checkouts"), t("stats_web.col.turnover"), t("stats_web.col.idle")}}
	for _, m := range sortedKeys(by) {
		g := by[m]
		tb.Rows = append(tb.Rows, row{Head: s.materialName(lang, m),
			Cells: []cell{count(g.items), count(g.added), count(g.withdrawn), count(g.loans), ratio(g.loans, g.items), count(g.idle)}})
	}
	return tb, nil
}

// services is the other services' measures: how many, and the mean wait
// or response time where the measure has one.
func (s *server) services(ctx context.Context, db library.StaffStatistics, lang string, sc library.Scope, p period) (*table, error) {
	t := func(key string) string { return s.I18n().T(lang, key, nil) }
	pf, pt := p.previous()
	cur, err := db.ServiceStatsIn(ctx, p.From, p.To, sc)
	if err != nil {
		return nil, err
	}
	prev, err := db.ServiceStatsIn(ctx, pf, pt, sc)
	if err != nil {
		return nil, err
	}
	type sums struct{ n, seconds, before int64 }
	by := map[string]*sums{}
	get := func(m string) *sums {
		if by[m] == nil {
			by[m] = &sums{}
		}
		return by[m]
	}
	for _, c := range cur {
		if inScope(sc, c.Library, c.Branch) {
			g := get(c.Measure)
			g.n += c.N
			g.seconds += c.Seconds
		}
	}
	for _, c := range prev {
		if inScope(sc, c.Library, c.Branch) {
			get(c.Measure).before += c.N
		}
	}
	tb := &table{ID: "services", Caption: t("stats_web.table.services"), Note: t("stats_web.note.services"),
		Head: []string{t("stats_web.col.measure"), t("stats_web.col.period"), t("stats_web.col.year_before"), t("stats_web.col.change"), t("stats_web.col.mean_hours")}}
	for _, m := range sortedKeys(by) {
		g := by[m]
		mean := cell{Text: "–"}
		if g.seconds > 0 && g.n > 0 {
			mean = ratio(g.seconds, g.n*3600)
		}
		tb.Rows = append(tb.Rows, row{Head: actionName(s, lang, "measure_"+m), Cells: []cell{count(g.n), count(g.before), change(g.n, g.before), mean}})
	}
	return tb, nil
}
