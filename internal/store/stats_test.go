package store_test

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/kirjasto/kirjasto/internal/library"
	"github.com/kirjasto/kirjasto/internal/store"
	"github.com/kirjasto/kirjasto/internal/store/storetest"
)

// statsTables are the statistics tables; none may name a patron.
var statsTables = []string{"stats_months", "stats_days", "stats_circulation", "stats_active", "stats_registrations",
	"stats_collection", "stats_services", "stats_top_titles", "stats_visitors", "stats_elib", "stats_elib_borrowers", "stats_circulation_days", "stats_circulation_months",
	"stats_circulation_dims", "stats_services_months", "stats_collection_months", "stats_visitors_months"}

// statsActivity generates a known day of circulation at several branches
// of three libraries, and one loan the next day, and returns the day.
func statsActivity(t *testing.T, db *store.DB) (library.Date, map[string]int64) {
	t.Helper()
	ctx := context.Background()
	f := newCircFixture(t, db)
	f.title(library.Book, copyAt{barcode: "a1", home: "esp-sello"}, copyAt{barcode: "a2", home: "esp-sello"},
		copyAt{barcode: "a3", home: "hki-oodi"})
	b := f.title(library.AudioBook, copyAt{barcode: "b1", home: "van-tikkurila"})
	var many []copyAt
	for i := range 5 {
		many = append(many, copyAt{barcode: fmt.Sprintf("d%d", i), home: "esp-sello"})
	}
	f.title(library.Book, many...)
	newPatron := func(name string, birth library.Date) library.Patron {
		p := f.patron(name, library.CategoryAdult, false)
		if birth != (library.Date{}) {
			if err := store.ExecForTest(db, `UPDATE patrons SET birth_date = $1 WHERE id = $2`, birth.String(), p.ID); err != nil {
				t.Fatal(err)
			}
		}
		return p
	}
	p1 := newPatron("Aino", library.Date{Year: 1990, Month: 5, Day: 1}) // 36: 30-64
	p2 := newPatron("Eino", library.Date{Year: 2018, Month: 1, Day: 1}) // 8: 7-12
	p3 := newPatron("Tyyne", library.Date{})
	desk := func(b string) library.Actor { return library.Actor{StaffID: 1, Branch: b} }
	kiosk := func(p library.Patron) library.Actor {
		return library.Actor{Kiosk: "k1", PatronID: p.ID, Branch: "esp-sello"}
	}
	web := func(p library.Patron) library.Actor { return library.Actor{PatronID: p.ID} }
	at := func(m int) time.Time { return circNow.Add(time.Duration(m) * time.Minute) }
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	_, err := db.Checkout(ctx, p1.ID, "a1", desk("hki-oodi"), at(1))
	must(err)
	_, err = db.Checkout(ctx, p2.ID, "a2", kiosk(p2), at(2))
	must(err)
	for i := range 5 {
		_, err = db.Checkout(ctx, p2.ID, fmt.Sprintf("d%d", i), kiosk(p2), at(3+i))
		must(err)
	}
	_, err = db.Renew(ctx, p1.ID, "a1", web(p1), at(10))
	must(err)
	_, err = db.Checkin(ctx, "a2", desk("esp-sello"), at(11))
	must(err)
	_, err = db.Checkout(ctx, p3.ID, "b1", desk("van-tikkurila"), at(12))
	must(err)
	_, err = db.PlaceHold(ctx, library.Hold{PatronID: p2.ID, RecordID: b, PickupBranch: "van-myyrmaki"}, web(p2), at(13))
	must(err)
	// The next day: not part of the day rolled up.
	_, err = db.Checkout(ctx, p2.ID, "a3", desk("hki-oodi"), circNow.AddDate(0, 0, 1))
	must(err)
	return today(circNow), map[string]int64{
		"checkout|hki-oodi|espoo|vantaa|desk|book":            1,
		"checkout|esp-sello|espoo|vantaa|kiosk|book":          6,
		"renew|hki-oodi|espoo|vantaa|web|book":                1,
		"checkin|esp-sello|espoo||desk|book":                  1,
		"checkout|van-tikkurila|vantaa|vantaa|desk|audiobook": 1,
		"hold_placed|van-myyrmaki||vantaa|web|audiobook":      1,
	}
}

var statsBy = []string{"action", "branch", "owner_library", "patron_library", "channel", "material"}

// circulationCells reads the day's circulation broken down by statsBy.
func circulationCells(t *testing.T, db *store.DB, d library.Date) map[string]int64 {
	t.Helper()
	cells, err := db.CirculationStats(context.Background(), store.StatsQuery{From: d, To: d, By: statsBy})
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]int64{}
	for _, c := range cells {
		got[strings.Join(c.Key, "|")] = c.N
	}
	return got
}

func TestRollUpStatsCountsTheDay(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		d, want := statsActivity(t, db)
		if err := db.RollUpStats(ctx, d); err != nil {
			t.Fatal(err)
		}
		if got := circulationCells(t, db, d); !maps.Equal(got, want) {
			t.Fatalf("roll-up:\n got %v\nwant %v", got, want)
		}
		// Again, and after the next day: the same.
		if err := db.RollUpStats(ctx, d); err != nil {
			t.Fatal(err)
		}
		if err := db.RollUpStats(ctx, d.AddDays(1)); err != nil {
			t.Fatal(err)
		}
		if got := circulationCells(t, db, d); !maps.Equal(got, want) {
			t.Fatalf("second roll-up:\n got %v\nwant %v", got, want)
		}
		next := circulationCells(t, db, d.AddDays(1))
		if want := map[string]int64{"checkout|hki-oodi|helsinki|vantaa|desk|book": 1}; !maps.Equal(next, want) {
			t.Fatalf("next day: got %v, want %v", next, want)
		}

		// The cross-city flow: Espoo's copies lent in Helsinki.
		flow, err := db.CirculationStats(ctx, store.StatsQuery{From: d, To: d, Actions: []string{"checkout"},
			By: []string{"library", "owner_library"}})
		if err != nil {
			t.Fatal(err)
		}
		if !slices.ContainsFunc(flow, func(c store.StatsCell) bool {
			return slices.Equal(c.Key, []string{"helsinki", "espoo"}) && c.N == 1
		}) {
			t.Errorf("flow %v: no Espoo copy lent in Helsinki", flow)
		}

		// Age groups: the 7-12s borrowed six at the kiosk and show; the
		// one 30-64 loan is suppressed; the checkout by a patron with no
		// birth date is "unknown", and suppressed too.
		ages, err := db.CirculationStats(ctx, store.StatsQuery{From: d, To: d, Actions: []string{"checkout"},
			By: []string{"age_group"}})
		if err != nil {
			t.Fatal(err)
		}
		gotAges := map[string]string{}
		for _, c := range ages {
			gotAges[c.Key[0]] = fmt.Sprint(c.N, c.Suppressed)
		}
		if want := map[string]string{"7-12": "6 false", "30-64": "0 true", store.AgeUnknown: "0 true"}; !maps.Equal(gotAges, want) {
			t.Errorf("age groups: got %v, want %v", gotAges, want)
		}

		active, err := db.ActivePatrons(ctx, d.String()[:7])
		if err != nil {
			t.Fatal(err)
		}
		if want := map[string]int64{"": 3, "espoo": 1, "helsinki": 2, "vantaa": 1}; !maps.Equal(active, want) {
			t.Errorf("active patrons: got %v, want %v", active, want)
		}
		// Rolling up the earlier day again leaves the later count alone.
		if err := db.RollUpStats(ctx, d); err != nil {
			t.Fatal(err)
		}
		if again, _ := db.ActivePatrons(ctx, d.String()[:7]); !maps.Equal(again, active) {
			t.Errorf("active patrons after re-running the earlier day: %v, want %v", again, active)
		}

		coll, err := db.CollectionStats(ctx, d)
		if err != nil {
			t.Fatal(err)
		}
		wantColl := []store.CollectionStat{
			{Branch: "esp-sello", Library: "espoo", Material: "book", Items: 7},
			{Branch: "hki-oodi", Library: "helsinki", Material: "book", Items: 1},
			{Branch: "van-tikkurila", Library: "vantaa", Material: "audiobook", Items: 1},
		}
		if !slices.Equal(coll, wantColl) {
			t.Errorf("collection:\n got %+v\nwant %+v", coll, wantColl)
		}
		// Idle since the day after: a2, returned, on Sello's shelf; the
		// copies on loan are not idle.
		idle, err := db.IdleItems(ctx, d.AddDays(2))
		if err != nil {
			t.Fatal(err)
		}
		if want := []store.CollectionStat{{Branch: "esp-sello", Library: "espoo", Material: "book", Items: 1}}; !slices.Equal(idle, want) {
			t.Errorf("idle items: got %+v, want %+v", idle, want)
		}

		top, err := db.TopTitles(ctx, d.String()[:7], "espoo", 10)
		if err != nil {
			t.Fatal(err)
		}
		if len(top) != 2 || top[0].Loans != 5 || top[1].Loans != 1 || top[0].Material != "book" {
			t.Errorf("top titles in Espoo: %+v", top)
		}
	})
}

// TestStatsHoldNoPatron checks the schema: no statistics table has a
// column that could hold a patron's ID.
func TestStatsHoldNoPatron(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		for _, table := range statsTables {
			cols, err := store.ColumnsForTest(db, table)
			if err != nil {
				t.Fatal(err)
			}
			for _, c := range cols {
				if c == "patron_id" || c == "patron" || c == "borrower" || strings.HasSuffix(c, "_id") && c != "record_id" {
					t.Errorf("%s has column %s", table, c)
				}
			}
		}
	})
}

// TestRollUpStatsSweep rolls up every finished day once, concurrently on
// two "nodes", and the result is as rolled up alone.
func TestRollUpStatsSweep(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		d, want := statsActivity(t, db)
		now := d.AddDays(2).In(library.Helsinki, 60)
		errs := make(chan error, 2)
		for range 2 {
			go func() {
				_, err := db.RollUpStatsSweep(ctx, now)
				errs <- err
			}()
		}
		for range 2 {
			if err := <-errs; err != nil {
				t.Fatal(err)
			}
		}
		if got := circulationCells(t, db, d); !maps.Equal(got, want) {
			t.Fatalf("after the sweeps:\n got %v\nwant %v", got, want)
		}
		n, err := db.RollUpStatsSweep(ctx, now)
		if err != nil || n != 0 {
			t.Errorf("third sweep rolled up %d days (%v), want none", n, err)
		}
		// Two days of one month rolled up again at once, as two nodes
		// might: they share the month's top titles, and take turns.
		top, err := db.TopTitles(ctx, d.String()[:7], "", 50)
		if err != nil {
			t.Fatal(err)
		}
		errs = make(chan error, 20)
		for i := range 20 {
			go func() { errs <- db.RollUpStats(ctx, d.AddDays(i%2)) }()
		}
		for range 20 {
			if err := <-errs; err != nil {
				t.Fatal(err)
			}
		}
		if got := circulationCells(t, db, d); !maps.Equal(got, want) {
			t.Fatalf("after concurrent roll-ups:\n got %v\nwant %v", got, want)
		}
		if again, err := db.TopTitles(ctx, d.String()[:7], "", 50); err != nil || !slices.Equal(again, top) {
			t.Errorf("top titles after concurrent roll-ups: %v (%v), want %v", again, err, top)
		}
	})
}

func TestImportVisitors(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		newCircFixture(t, db)
		_, problems := store.ParseVisitors(strings.NewReader("päivä;kävijät\n2026-11-23;120\n24.11.2026;x\n2026-13-01;5\n2026-11-25\n"), "esp-sello")
		want := []string{`line 3: count "x" is not a whole number of 0 or more`,
			`line 4: date "2026-13-01" is not YYYY-MM-DD or D.M.YYYY`, "line 5: 1 fields, want 2 (date,count)"}
		if !slices.Equal(problems, want) {
			t.Errorf("problems:\n got %q\nwant %q", problems, want)
		}
		counts, problems := store.ParseVisitors(strings.NewReader("branch,date,count\nesp-sello,2026-11-23,120\nhki-oodi,24.11.2026,3000\nnowhere,2026-11-23,1\n"), "")
		if problems != nil {
			t.Fatal(problems)
		}
		problems, err := db.ImportVisitors(ctx, counts)
		if err != nil {
			t.Fatal(err)
		}
		if want := []string{`line 4: no branch "nowhere"`}; !slices.Equal(problems, want) {
			t.Errorf("import problems %q, want %q", problems, want)
		}
		if got, _ := db.Visitors(ctx, library.Date{Year: 2026, Month: 11, Day: 1}, library.Date{Year: 2026, Month: 11, Day: 30}); len(got) != 0 {
			t.Errorf("a refused import stored %v", got)
		}
		// Importing twice replaces the counts.
		for range 2 {
			if problems, err := db.ImportVisitors(ctx, counts[:2]); err != nil || problems != nil {
				t.Fatal(problems, err)
			}
		}
		got, err := db.Visitors(ctx, library.Date{Year: 2026, Month: 11, Day: 1}, library.Date{Year: 2026, Month: 11, Day: 30})
		if err != nil {
			t.Fatal(err)
		}
		wantVisitors := map[string]int64{"esp-sello": 120, "hki-oodi": 3000}
		if !maps.Equal(got, wantVisitors) {
			t.Errorf("visitors of the month (the months' summary) %v, want %v", got, wantVisitors)
		}
		days, err := db.Visitors(ctx, library.Date{Year: 2026, Month: 11, Day: 23}, library.Date{Year: 2026, Month: 11, Day: 24})
		if err != nil || !maps.Equal(days, wantVisitors) {
			t.Errorf("visitors of the days %v, %v; want %v", days, err, wantVisitors)
		}
	})
}

// TestRollUpServices counts questions and their response times, and
// chats and their waits.
func TestRollUpServices(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		f := newChatFixture(t, db)
		p := f.patron("Virtanen, Aino", library.CategoryAdult, false)
		for i := range 2 {
			q, err := db.Ask(f.ctx, library.Question{Library: "helsinki", Topic: library.QTopicOther, Text: "Kysymys",
				Sender: library.Sender{PatronID: p.ID}}, circNow)
			if err != nil {
				t.Fatal(err)
			}
			// Answered after one and after three hours.
			if _, err := db.AnswerQuestion(f.ctx, f.helsinki, q.ID, "Vastaus", circNow.Add(time.Duration(1+2*i)*time.Hour)); err != nil {
				t.Fatal(err)
			}
		}
		taken, _ := f.open("Olga", "client-1", "Hei")
		f.open("Ivan", "client-2", "Hei")
		if _, err := db.TakeChat(f.ctx, f.helsinki, taken.ID, circNow.Add(90*time.Second)); err != nil {
			t.Fatal(err)
		}
		d := today(circNow)
		if err := db.RollUpStats(f.ctx, d); err != nil {
			t.Fatal(err)
		}
		got, err := db.ServiceStats(f.ctx, d, d)
		if err != nil {
			t.Fatal(err)
		}
		want := []store.ServiceStat{
			{Library: "helsinki", Measure: store.MeasureChats, N: 2},
			{Library: "helsinki", Measure: store.MeasureChatsTaken, N: 1, Seconds: 90},
			{Library: "helsinki", Measure: store.MeasureQuestions, N: 2},
			{Library: "helsinki", Measure: store.MeasureQuestionsAnswered, N: 2, Seconds: 4 * 3600},
		}
		if !slices.Equal(got, want) {
			t.Errorf("services:\n got %+v\nwant %+v", got, want)
		}
		// Over the whole month, from the months' summary (0039), after
		// the day is rolled up again: the same, not twice.
		if err := db.RollUpStats(f.ctx, d); err != nil {
			t.Fatal(err)
		}
		first := library.Date{Year: d.Year, Month: d.Month, Day: 1}
		month, err := db.ServiceStats(f.ctx, first, library.DateOf(time.Date(d.Year, d.Month+1, 0, 12, 0, 0, 0, time.UTC)))
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(month, want) {
			t.Errorf("services of the month:\n got %+v\nwant %+v", month, want)
		}
	})
}

// TestRollUpRegistrations counts the day's new cards by age group and
// suppresses a group of fewer than five.
func TestRollUpRegistrations(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		newCircFixture(t, db)
		for i, born := range []int{1950, 1951, 1952, 1953, 1954, 1990} {
			_, err := db.CreatePatron(ctx, library.Patron{CardNumber: fmt.Sprintf("3000%08d", i), Name: "Uusi", Category: library.CategoryAdult,
				HomeLibrary: "espoo", Lang: "fi", NoticeChannel: library.ChannelEmail, Email: fmt.Sprintf("u%d@example.fi", i),
				BirthDate: library.Date{Year: born, Month: 3, Day: 1}, Created: circNow}, "")
			if err != nil {
				t.Fatal(err)
			}
		}
		d := today(circNow)
		if err := db.RollUpStats(ctx, d); err != nil {
			t.Fatal(err)
		}
		got, err := db.RegistrationStats(ctx, d, d)
		if err != nil {
			t.Fatal(err)
		}
		want := []store.StatsCell{{Key: []string{"espoo", "30-64"}, Suppressed: true}, {Key: []string{"espoo", "65+"}, N: 5}}
		if !slices.EqualFunc(got, want, func(a, b store.StatsCell) bool {
			return slices.Equal(a.Key, b.Key) && a.N == b.N && a.Suppressed == b.Suppressed
		}) {
			t.Errorf("registrations: got %+v, want %+v", got, want)
		}
	})
}
