package stats

import (
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/kirjasto/kirjasto/internal/library"
	"github.com/kirjasto/kirjasto/internal/web"
)

// A period is what ?period= chooses: a month (?month=YYYY-MM, the last
// whole month by default), a quarter (?quarter=YYYY-Qn), a year
// (?year=YYYY) or custom dates (?from= and ?to=, inclusive). It is always
// compared with the same dates a year before.
type period struct {
	Kind     string // month, quarter, year, custom
	From, To library.Date
	Month    string // the form's values, as chosen
	Quarter  string
	Year     string
}

// maxPeriodDays bounds a custom period: two years and a day, enough for
// any comparison a page draws by week.
const maxPeriodDays = 731

// previous is the same dates a year before.
func (p period) previous() (from, to library.Date) {
	back := func(d library.Date) library.Date {
		return library.DateOf(time.Date(d.Year-1, d.Month, d.Day, 12, 0, 0, 0, time.UTC))
	}
	return back(p.From), back(p.To)
}

// months lists the months ('YYYY-MM') the period touches.
func (p period) months() []string {
	var out []string
	for m := time.Date(p.From.Year, p.From.Month, 1, 0, 0, 0, 0, time.UTC); !m.After(time.Date(p.To.Year, p.To.Month, 1, 0, 0, 0, 0, time.UTC)); m = m.AddDate(0, 1, 0) {
		out = append(out, m.Format("2006-01"))
	}
	return out
}

func parsePeriod(q url.Values, today library.Date) (period, error) {
	lastMonth := time.Date(today.Year, today.Month-1, 1, 0, 0, 0, 0, time.UTC)
	p := period{Kind: q.Get("period"), Month: q.Get("month"), Quarter: q.Get("quarter"), Year: q.Get("year")}
	if p.Kind == "" {
		p.Kind = "month"
	}
	if p.Month == "" {
		p.Month = lastMonth.Format("2006-01")
	}
	if p.Year == "" {
		p.Year = strconv.Itoa(lastMonth.Year())
	}
	if p.Quarter == "" {
		p.Quarter = p.Year + "-Q" + strconv.Itoa((int(lastMonth.Month())+2)/3)
	}
	bad := func() (period, error) {
		return p, web.Invalid("stats_web.error.period", "bad statistics period %v", q)
	}
	monthRange := func(y int, m time.Month, n int) {
		first := time.Date(y, m, 1, 12, 0, 0, 0, time.UTC)
		p.From, p.To = library.DateOf(first), library.DateOf(first.AddDate(0, n, -1))
	}
	switch p.Kind {
	case "month":
		t, err := time.Parse("2006-01", p.Month)
		if err != nil || t.Year() < 1900 || t.Year() > 9998 {
			return bad()
		}
		monthRange(t.Year(), t.Month(), 1)
	case "quarter":
		y, qn, ok := strings.Cut(p.Quarter, "-Q")
		yn, err1 := strconv.Atoi(y)
		n, err2 := strconv.Atoi(qn)
		if !ok || err1 != nil || err2 != nil || n < 1 || n > 4 || yn < 1900 || yn > 9998 {
			return bad()
		}
		monthRange(yn, time.Month(3*n-2), 3)
	case "year":
		y, err := strconv.Atoi(p.Year)
		if err != nil || y < 1900 || y > 9998 {
			return bad()
		}
		monthRange(y, time.January, 12)
	case "custom":
		from, err1 := library.ParseDate(q.Get("from"))
		to, err2 := library.ParseDate(q.Get("to"))
		if err1 != nil || err2 != nil || from.Year < 1900 || to.Year > 9998 {
			return bad()
		}
		if to.Before(from) || from.AddDays(maxPeriodDays).Before(to) {
			return p, web.Invalid("stats_web.error.range", "statistics period %s..%s", from, to)
		}
		p.From, p.To = from, to
	default:
		return bad()
	}
	return p, nil
}

func webInvalidYear(v string) error {
	return web.Invalid("stats_web.error.year", "statistics year %q", v)
}
