package demo

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"time"

	"github.com/kirjasto/kirjasto/internal/library"
)

// StatsStore is what BuildStats needs: the consortium's branches, the
// records for the top titles, and a way to write aggregate rows.
type StatsStore interface {
	Consortium(ctx context.Context) (library.Consortium, error)
	Record(ctx context.Context, id int64) (library.Record, error)
	InsertStatsRows(ctx context.Context, table, cols string, rows [][]any) error
	SummariseStats(ctx context.Context, from, to library.Date) error
}

// StatsOptions say how much history BuildStats makes.
type StatsOptions struct {
	Seed uint64
	Now  time.Time // the history ends the day before
	Days int       // how many days back; 366 when 0
	// LoansPerYear is the consortium's checkouts and renewals a year:
	// Helmet's is about 20 million.
	LoansPerYear int64
	// Fine writes every day and splits each branch-day's loans into
	// many more rows (by
	// owning library, age group and channel), about as many as a real
	// roll-up of Helmet's volume writes: for the benchmarks. The demo's
	// coarse rows are enough for its pages and take seconds to write.
	Fine bool
}

// StatsSummary counts the rows written.
type StatsSummary struct {
	Days int
	Rows int
}

// Shares of a branch's loans by material, and of checkouts and renewals
// by channel, near a Finnish public library's.
var (
	statsMaterials = []struct {
		m     library.Material
		share float64
	}{{library.Book, .68}, {library.Magazine, .08}, {library.DVD, .08}, {library.AudioBook, .06}, {library.CD, .05}, {library.BoardGame, .05}}
	checkoutChannels = []struct {
		c     string
		share float64
	}{{"kiosk", .78}, {"desk", .22}}
	renewChannels = []struct {
		c     string
		share float64
	}{{"web", .7}, {"system", .2}, {"desk", .1}}
	statsAges = []string{"0-6", "7-12", "13-17", "18-29", "30-64", "65+"}
)

// BuildStats writes a history of statistics straight into the roll-up's
// tables (circulation, visitors, collection, services, active patrons,
// registrations, top titles) and marks its days rolled up, so that the
// dashboards have a year to show and a year before it to compare with,
// without a year of circulation to roll up. The numbers follow the week
// (quiet Sundays) and the year (a quiet July).
func BuildStats(ctx context.Context, db StatsStore, o StatsOptions) (StatsSummary, error) {
	c, err := db.Consortium(ctx)
	if err != nil {
		return StatsSummary{}, err
	}
	if o.Days == 0 {
		o.Days = 366
	}
	rnd := rand.New(rand.NewPCG(o.Seed, 18))
	var branches []library.Branch
	for _, b := range c.Branches {
		if b.ClosedAt.IsZero() {
			branches = append(branches, b)
		}
	}
	if len(branches) == 0 {
		return StatsSummary{}, fmt.Errorf("statistics history: no open branches")
	}
	var libs []string
	for _, l := range c.Libraries {
		libs = append(libs, l.ID)
	}
	weight := make([]float64, len(branches))
	var total float64
	for i := range branches {
		weight[i] = 0.3 + 1.7*rnd.Float64()
		total += weight[i]
	}
	perDay := float64(o.LoansPerYear) / 365
	var records []library.Record
	for id := int64(1); id <= 400 && len(records) < 120; id++ {
		if r, err := db.Record(ctx, id); err == nil && !slices.Contains(library.EMaterials, r.Material) {
			records = append(records, r)
		}
	}
	end := library.DateOf(o.Now.In(library.Helsinki)).AddDays(-1)
	start := end.AddDays(1 - o.Days)
	w := newStatsWriter(ctx, db)
	for d := start; !end.Before(d); d = d.AddDays(1) {
		f := dayFactor(d)
		// Coarse history puts a week's circulation on its Wednesday (and
		// the last day's on the last day): a seventh of the rows, and the
		// weeks and months add up the same.
		if !o.Fine && d.Weekday() != time.Wednesday && d != end {
			f = 0
		} else if !o.Fine && d != end {
			f = 0
			for k := -3; k <= 3; k++ {
				f += dayFactor(d.AddDays(k))
			}
		}
		for i, b := range branches {
			loans := perDay * f * weight[i] / total
			if f > 0 {
				w.branchDay(rnd, d, b, libs, loans, o.Fine)
			}
			if d.Weekday() == time.Monday || d == end {
				w.collection(rnd, d, b, perDay*weight[i]/total)
			}
		}
		w.libraryDay(rnd, d, libs, perDay*dayFactor(d))
		w.add("stats_days", "day, rolled_at", d.String(), o.Now.UTC())
		if d.Day == 1 || d == start {
			w.add("stats_months", "month, rolled_at", d.String()[:7], o.Now.UTC())
			w.month(rnd, d, libs, perDay, records)
		}
		if err := w.flush(false); err != nil {
			return StatsSummary{}, err
		}
	}
	if err := w.flush(true); err != nil {
		return StatsSummary{}, err
	}
	// The pages read the summaries the roll-up keeps beside the rows.
	if err := db.SummariseStats(ctx, start, end); err != nil {
		return StatsSummary{}, fmt.Errorf("statistics history: %w", err)
	}
	return StatsSummary{Days: o.Days, Rows: w.rows}, nil
}

// dayFactor is how busy a day is against the year's mean.
func dayFactor(d library.Date) float64 {
	f := []float64{0.45, 1.15, 1.15, 1.1, 1.1, 1.05, 0.8}[d.Weekday()]
	switch d.Month {
	case time.July:
		f *= 0.7
	case time.June, time.August:
		f *= 0.9
	case time.December:
		f *= 0.85
	}
	return f
}

// statsWriter gathers rows by table and writes them in large batches.
type statsWriter struct {
	ctx  context.Context
	db   StatsStore
	cols map[string]string
	rows int
	buf  map[string][][]any
}

func newStatsWriter(ctx context.Context, db StatsStore) *statsWriter {
	return &statsWriter{ctx: ctx, db: db, cols: map[string]string{}, buf: map[string][][]any{}}
}

func (w *statsWriter) add(table, cols string, row ...any) {
	w.cols[table] = cols
	w.buf[table] = append(w.buf[table], row)
}

// flush writes what is gathered: all of it when all, else the tables
// holding many rows.
func (w *statsWriter) flush(all bool) error {
	for table, rows := range w.buf {
		if !all && len(rows) < 20000 {
			continue
		}
		if err := w.db.InsertStatsRows(w.ctx, table, w.cols[table], rows); err != nil {
			return fmt.Errorf("statistics history: %w", err)
		}
		w.rows += len(rows)
		delete(w.buf, table)
	}
	return nil
}

const circCols = "day, action, library, branch, owner_library, patron_library, patron_category, age_group, material, channel, n"

// branchDay is a branch's circulation and visitors of a day.
func (w *statsWriter) branchDay(rnd *rand.Rand, d library.Date, b library.Branch, libs []string, loans float64, fine bool) {
	day, lib := d.String(), b.LibraryID
	other := libs[rnd.IntN(len(libs))]
	// Cells that meet (the same owner or age group drawn twice) add up,
	// as the roll-up's would.
	type key struct{ action, owner, age, material, channel string }
	var order []key
	cells := map[key]float64{}
	cell := func(action, owner, age string, m library.Material, channel string, n float64) {
		k := key{action, owner, age, string(m), channel}
		if _, ok := cells[k]; !ok {
			order = append(order, k)
		}
		cells[k] += n
	}
	defer func() {
		for _, k := range order {
			if n := int64(math.Round(cells[k])); n > 0 {
				w.add("stats_circulation", circCols, day, k.action, lib, b.ID, k.owner, lib, library.CategoryAdult, k.age, k.material, k.channel, n)
			}
		}
	}()
	age := func() string { return statsAges[rnd.IntN(len(statsAges))] }
	for _, m := range statsMaterials {
		checkouts, renewals := loans*0.6*m.share, loans*0.4*m.share
		for _, ch := range checkoutChannels {
			n := checkouts * ch.share
			switch {
			case fine:
				for _, a := range statsAges[1:5] {
					cell("checkout", lib, a, m.m, ch.c, n*0.85/4)
					cell("checkout", other, a, m.m, ch.c, n*0.15/4)
				}
			case m.m == library.Book:
				cell("checkout", lib, age(), m.m, ch.c, n*0.85)
				cell("checkout", other, age(), m.m, ch.c, n*0.15)
			default:
				cell("checkout", lib, age(), m.m, ch.c, n)
			}
		}
		if fine {
			for _, ch := range renewChannels {
				cell("renew", lib, age(), m.m, ch.c, renewals*ch.share)
			}
			cell("checkin", lib, "", m.m, "kiosk", checkouts*0.98)
			continue
		}
		// Coarse: a day's renewals of a material through one channel,
		// chosen by the channels' shares; the returns in one row.
		ch, x := renewChannels[0].c, rnd.Float64()
		for _, c := range renewChannels {
			if x < c.share {
				ch = c.c
				break
			}
			x -= c.share
		}
		cell("renew", lib, age(), m.m, ch, renewals)
	}
	if !fine {
		cell("checkin", lib, "", library.Book, "kiosk", loans*0.58)
	}
	cell("hold_placed", "", age(), library.Book, "web", loans*0.1)
	cell("hold_filled", "", "", library.Book, "system", loans*0.09)
	cell("hold_collected", "", age(), library.Book, "desk", loans*0.08)
	cell("hold_not_collected", "", "", library.Book, "system", loans*0.01)
	if v := int64(loans * 1.4); v > 0 && !b.Hours.Weekly[d.Weekday()].Closed() {
		w.add("stats_visitors", "day, branch, visitors", day, b.ID, v)
	}
	// The services a branch counts: events, their participants,
	// bookings and no-shows.
	if n := rnd.IntN(3); n > 0 {
		w.add("stats_services", "day, library, branch, measure, n, seconds", day, lib, b.ID, "events", n, 0)
		w.add("stats_services", "day, library, branch, measure, n, seconds", day, lib, b.ID, "event_participants", n*(5+rnd.IntN(25)), 0)
	}
	if n := int(loans / 60); n > 0 {
		w.add("stats_services", "day, library, branch, measure, n, seconds", day, lib, b.ID, "bookings", n, 0)
		w.add("stats_services", "day, library, branch, measure, n, seconds", day, lib, b.ID, "booking_no_shows", n/10, 0)
	}
}

// collection is a branch's collection on a day, by material, and the
// copies added and withdrawn since the last such row.
func (w *statsWriter) collection(rnd *rand.Rand, d library.Date, b library.Branch, loans float64) {
	size := loans * 80 // a copy goes out about four times a year
	for _, m := range statsMaterials {
		items := int64(size * m.share)
		added := int64(float64(items) * 0.02 * rnd.Float64())
		w.add("stats_collection", "day, branch, library, material, items, added, withdrawn",
			d.String(), b.ID, b.LibraryID, string(m.m), items, added, int64(float64(added)*0.9))
	}
}

// libraryDay is a day's registrations and the services answered for a
// whole library: questions and chats with their response times.
func (w *statsWriter) libraryDay(rnd *rand.Rand, d library.Date, libs []string, loans float64) {
	for _, lib := range libs {
		share := loans / float64(len(libs))
		for _, a := range statsAges {
			if n := int64(share / 2000 * rnd.Float64()); n > 0 {
				w.add("stats_registrations", "day, library, category, age_group, n", d.String(), lib, library.CategoryAdult, a, n)
			}
		}
		q := 1 + rnd.IntN(8)
		w.add("stats_services", "day, library, branch, measure, n, seconds", d.String(), lib, "", "questions", q, 0)
		w.add("stats_services", "day, library, branch, measure, n, seconds", d.String(), lib, "", "questions_answered", q, q*(3600+rnd.IntN(20*3600)))
		c := 2 + rnd.IntN(10)
		w.add("stats_services", "day, library, branch, measure, n, seconds", d.String(), lib, "", "chats", c, 0)
		w.add("stats_services", "day, library, branch, measure, n, seconds", d.String(), lib, "", "chats_taken", c-1, (c-1)*(30+rnd.IntN(300)))
	}
}

// month is a month's active patrons and most borrowed titles.
func (w *statsWriter) month(rnd *rand.Rand, d library.Date, libs []string, perDay float64, records []library.Record) {
	month := d.String()[:7]
	monthLoans := perDay * 30
	var all int64
	for _, lib := range libs {
		n := int64(monthLoans / float64(len(libs)) / 6)
		all += n
		w.add("stats_active", "month, library, through_day, patrons", month, lib, d.String(), n)
		loans := int64(monthLoans / float64(len(libs)) / 3000)
		for i, r := range sampleRecords(rnd, records, 30) {
			if n := loans / int64(i+1); n > 0 {
				w.add("stats_top_titles", "month, library, material, record_id, loans", month, lib, string(r.Material), r.ID, n)
			}
		}
	}
	w.add("stats_active", "month, library, through_day, patrons", month, "", d.String(), all*9/10)
}

// sampleRecords picks up to n different records.
func sampleRecords(rnd *rand.Rand, rs []library.Record, n int) []library.Record {
	out := make([]library.Record, 0, n)
	for _, i := range rnd.Perm(len(rs))[:min(n, len(rs))] {
		out = append(out, rs[i])
	}
	return out
}
