package elibstaff

import (
	"encoding/csv"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/kirjasto/kirjasto/internal/library"
	"github.com/kirjasto/kirjasto/internal/web"
)

// Each library's e-statistics (/admin/elib/stats): a month's loans,
// holds, distinct borrowers and cost-per-circulation spending per title,
// the month's total and the months before it, from the daily roll-up
// (docs/statistics.md); the table as CSV at /admin/elib/stats.csv. A
// library's own staff see their library; consortium-level readers choose
// one or all.

// statsPage is /admin/elib/stats.
type statsPage struct {
	Libraries []option // empty: the staff member reads their own library only
	Library   web.LangText
	Months    []option
	Month     string
	Titles    []titleRow
	Total     monthRow
	Trend     []monthRow
	CSVURL    string
}

type titleRow struct {
	Title     string
	URL       string
	Loans     int64
	Holds     int64
	Borrowers string
	Cost      string
}

type monthRow struct {
	Month     string
	Loans     int64
	Holds     int64
	Borrowers string
	Cost      string
}

// statsMonths is how many months back the month choice reaches.
const statsMonths = 24

// statsQuery reads the page's library and month and asks Permit.
func (s *server) statsQuery(r *http.Request, st library.Staff) (library.EStatsQuery, bool, error) {
	q := r.URL.Query()
	all := library.Permit(st, library.ActStatistics, library.ConsortiumScope) == nil
	lib := st.Reach().Library
	if all {
		lib = q.Get("library")
	} else if v := q.Get("library"); v != "" {
		lib = v
	}
	if err := library.Permit(st, library.ActStatistics, scopeOf(lib)); err != nil {
		return library.EStatsQuery{}, all, err
	}
	month := q.Get("month")
	if month == "" {
		month = s.Now().In(library.Helsinki).Format("2006-01")
	}
	if _, err := time.Parse("2006-01", month); err != nil {
		return library.EStatsQuery{}, all, web.Invalid("error.elib_stats_month", "e-statistics: month %q", month)
	}
	return library.EStatsQuery{Library: lib, Month: month}, all, nil
}

func (s *server) serveStats(w http.ResponseWriter, r *http.Request, st library.Staff) error {
	q, all, err := s.statsQuery(r, st)
	if err != nil {
		return err
	}
	_, es, err := s.stores()
	if err != nil {
		return err
	}
	ctx, lang := r.Context(), s.Lang(r)
	libs, _, err := s.Consortium(ctx)
	if err != nil {
		return err
	}
	if q.Library != "" && !known(libs, q.Library) {
		return &library.Error{Code: library.ENOTFOUND, Key: "error.library_not_found", Message: "library " + q.Library}
	}
	rep, err := es.EStats(ctx, q)
	if err != nil {
		return err
	}
	pg := &statsPage{Library: s.libraryName(libs, q.Library, lang), Month: q.Month}
	if q.Library == "" {
		pg.Library = web.LangText{Text: s.Tr(r, "elibstaff.stats.all"), Lang: lang}
	}
	if all {
		pg.Libraries = []option{{Value: "", Label: s.Tr(r, "elibstaff.stats.all"), Selected: q.Library == ""}}
		for _, l := range libs {
			pg.Libraries = append(pg.Libraries, option{Value: l.ID, Label: web.TextIn(l.Name, lang).Text, Selected: l.ID == q.Library})
		}
	}
	now := s.Now().In(library.Helsinki)
	first := time.Date(now.Year(), now.Month(), 1, 12, 0, 0, 0, library.Helsinki)
	for i := range statsMonths {
		m := first.AddDate(0, -i, 0).Format("2006-01")
		pg.Months = append(pg.Months, option{Value: m, Label: m, Selected: m == q.Month})
	}
	if !selected(pg.Months) { // a month further back, typed into the address
		pg.Months = append([]option{{Value: q.Month, Label: q.Month, Selected: true}}, pg.Months...)
	}
	for _, t := range rep.Titles {
		pg.Titles = append(pg.Titles, titleRow{Title: t.Title, URL: web.RecordURL(t.RecordID), Loans: t.Loans, Holds: t.Holds,
			Borrowers: s.people(lang, t.Borrowers, t.Suppressed), Cost: s.Money(lang, t.Cost)})
	}
	pg.Total = s.monthRow(lang, rep.Total)
	for _, m := range rep.Months {
		pg.Trend = append(pg.Trend, s.monthRow(lang, m))
	}
	v := url.Values{"month": {q.Month}}
	if q.Library != "" {
		v.Set("library", q.Library)
	}
	pg.CSVURL = "/admin/elib/stats.csv?" + v.Encode()
	web.NoStore(w)
	s.Render(w, r, http.StatusOK, "elibstaff_stats", s.Tr(r, "elibstaff.stats.title"), pg)
	return nil
}

func known(libs []library.Library, id string) bool {
	for _, l := range libs {
		if l.ID == id {
			return true
		}
	}
	return false
}

func selected(os []option) bool {
	for _, o := range os {
		if o.Selected {
			return true
		}
	}
	return false
}

// people writes a count of people, or that it is too small to show.
func (s *server) people(lang string, n int64, suppressed bool) string {
	if suppressed {
		return s.I18n().T(lang, "elibstaff.stats.suppressed", map[string]any{"Min": 5})
	}
	return strconv.FormatInt(n, 10)
}

func (s *server) monthRow(lang string, m library.EMonthStats) monthRow {
	return monthRow{Month: m.Month, Loans: m.Loans, Holds: m.Holds, Borrowers: s.people(lang, m.Borrowers, m.Suppressed),
		Cost: s.Money(lang, m.Cost)}
}

// serveStatsCSV is the page's table per title as a spreadsheet: UTF-8
// with a byte order mark (for Excel), headers in the user's language,
// the cost in euros with a decimal point, and a suppressed count empty.
func (s *server) serveStatsCSV(w http.ResponseWriter, r *http.Request, st library.Staff) error {
	q, _, err := s.statsQuery(r, st)
	if err != nil {
		return err
	}
	_, es, err := s.stores()
	if err != nil {
		return err
	}
	rep, err := es.EStats(r.Context(), q)
	if err != nil {
		return err
	}
	lang := s.Lang(r)
	name := "e-statistics-" + q.Month
	if q.Library != "" {
		name += "-" + q.Library
	}
	h := w.Header()
	h.Set("Content-Type", "text/csv; charset=utf-8")
	h.Set("Content-Disposition", `attachment; filename="`+url.PathEscape(name)+`.csv"`)
	web.NoStore(w)
	w.WriteHeader(http.StatusOK)
	w.Write([]byte("\uFEFF"))
	cw := csv.NewWriter(w)
	cw.UseCRLF = true
	head := []string{}
	for _, k := range []string{"title", "record", "loans", "holds", "borrowers", "cost"} {
		head = append(head, s.I18n().T(lang, "elibstaff.stats.col."+k, nil))
	}
	cw.Write(head)
	for _, t := range rep.Titles {
		borrowers := strconv.FormatInt(t.Borrowers, 10)
		if t.Suppressed {
			borrowers = ""
		}
		cw.Write([]string{web.CSVCell(t.Title), strconv.FormatInt(t.RecordID, 10), strconv.FormatInt(t.Loans, 10),
			strconv.FormatInt(t.Holds, 10), borrowers, fmt.Sprintf("%d.%02d", t.Cost/100, t.Cost%100)})
	}
	cw.Flush()
	return cw.Error()
}
