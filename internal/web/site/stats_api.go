package site

import (
	"errors"
	"net/http"
	"slices"
	"strconv"
	"time"

	"github.com/kirjasto/kirjasto/internal/library"
	"github.com/kirjasto/kirjasto/internal/web"
)

// GET /api/v1/stats: the open data of issue 18 (point 5), aggregates only
// (docs/statistics.md): loans per library and month over a period, and a
// month's most borrowed titles per library and material.

// statsView is the answer.
type statsView struct {
	From      string         `json:"from"`
	To        string         `json:"to"`
	Loans     []monthlyLoans `json:"loans"`
	TopMonth  string         `json:"top_month"`
	TopTitles []topTitleView `json:"top_titles"`
}

type monthlyLoans struct {
	Month     string `json:"month"`
	Library   string `json:"library"`
	Checkouts int64  `json:"checkouts"`
	Renewals  int64  `json:"renewals"`
}

type topTitleView struct {
	Library  string `json:"library"`
	Material string `json:"material"`
	RecordID int64  `json:"record_id"`
	Loans    int64  `json:"loans"`
}

// The most borrowed titles a library and material show by default, and
// at most (what the roll-up keeps).
const (
	topTitlesDefault = 10
	topTitlesMax     = 50
)

func (s *server) apiStats(w http.ResponseWriter, r *http.Request) error {
	st, ok := s.Store().(library.Statistics)
	if !ok {
		return errors.New("stats: the store keeps no statistics")
	}
	q := r.URL.Query()
	lib := q.Get("library")
	if lib != "" {
		libs, _, err := s.Consortium(r.Context())
		if err != nil {
			return err
		}
		if !slices.ContainsFunc(libs, func(l library.Library) bool { return l.ID == lib }) {
			return web.Invalid("stats_api.error.library", "library %q", lib)
		}
	}
	now := library.DateOf(s.Now().In(library.Helsinki))
	to, err := monthParam(q.Get("to"), now.String()[:7])
	if err != nil {
		return err
	}
	toDate, _ := library.ParseDate(to + "-01")
	from, err := monthParam(q.Get("from"), time.Date(toDate.Year, toDate.Month-11, 1, 0, 0, 0, 0, time.UTC).Format("2006-01"))
	if err != nil {
		return err
	}
	if from > to {
		return web.Invalid("stats_api.error.range", "from %s after to %s", from, to)
	}
	month, err := monthParam(q.Get("month"), to)
	if err != nil {
		return err
	}
	limit := topTitlesDefault
	if v := q.Get("limit"); v != "" {
		if limit, err = strconv.Atoi(v); err != nil || limit < 1 || limit > topTitlesMax {
			return web.Invalid("stats_api.error.limit", "limit %q", v)
		}
	}
	loans, err := st.MonthlyLoans(r.Context(), lib, from, to)
	if err != nil {
		return err
	}
	top, err := st.TopTitles(r.Context(), month, lib, limit)
	if err != nil {
		return err
	}
	v := statsView{From: from, To: to, TopMonth: month, Loans: []monthlyLoans{}, TopTitles: []topTitleView{}}
	for _, m := range loans {
		v.Loans = append(v.Loans, monthlyLoans(m))
	}
	for _, t := range top {
		v.TopTitles = append(v.TopTitles, topTitleView{Library: t.Library, Material: t.Material, RecordID: t.RecordID, Loans: t.Loans})
	}
	web.WriteJSON(w, http.StatusOK, v)
	return nil
}

// monthParam reads a month as YYYY-MM, or returns def for "".
func monthParam(v, def string) (string, error) {
	if v == "" {
		return def, nil
	}
	if _, err := time.Parse("2006-01", v); err != nil {
		return "", web.Invalid("stats_api.error.month", "month %q", v)
	}
	return v, nil
}
