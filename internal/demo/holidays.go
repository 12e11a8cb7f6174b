package demo

import (
	"time"

	"github.com/kirjasto/kirjasto/internal/library"
)

// holiday is a day on which Helmet libraries close or shorten their hours.
type holiday struct {
	date library.Date
	// closeAt is 0 when the branch is closed all day; otherwise every
	// period of the day ends at closeAt at the latest (an eve).
	closeAt library.Clock
	note    library.Text
}

// Easter returns the date of Easter Sunday in the Gregorian calendar, by
// the anonymous algorithm (Meeus/Jones/Butcher).
func Easter(year int) library.Date {
	a := year % 19
	b, c := year/100, year%100
	d, e := b/4, b%4
	f := (b + 8) / 25
	g := (b - f + 1) / 3
	h := (19*a + b - d - g + 15) % 30
	i, k := c/4, c%4
	l := (32 + 2*e + 2*i - h - k) % 7
	m := (a + 11*h + 22*l) / 451
	month := (h + l - 7*m + 114) / 31
	day := (h+l-7*m+114)%31 + 1
	return library.Date{Year: year, Month: time.Month(month), Day: day}
}

// weekdayBetween returns the first date on weekday wd from (year, month,
// day) on: Finnish movable holidays are defined as "the Saturday between
// 20 and 26 June" and so on.
func weekdayBetween(year int, month time.Month, day int, wd time.Weekday) library.Date {
	d := library.Date{Year: year, Month: month, Day: day}
	for d.Weekday() != wd {
		d = d.AddDays(1)
	}
	return d
}

func text(fi, sv, en string) library.Text {
	return library.Text{"fi": fi, "sv": sv, "en": en}
}

// holidays returns the Finnish public holidays and holiday eves of a year
// on which libraries close or close early, in date order.
func holidays(year int) []holiday {
	easter := Easter(year)
	date := func(m time.Month, d int) library.Date { return library.Date{Year: year, Month: m, Day: d} }
	closed := func(d library.Date, fi, sv, en string) holiday { return holiday{date: d, note: text(fi, sv, en)} }
	eve := func(d library.Date, at int, fi, sv, en string) holiday {
		return holiday{date: d, closeAt: library.NewClock(at, 0), note: text(fi, sv, en)}
	}
	midsummerEve := weekdayBetween(year, time.June, 19, time.Friday)
	return []holiday{
		closed(date(time.January, 1), "Uudenvuodenpäivä", "Nyårsdagen", "New Year's Day"),
		closed(date(time.January, 6), "Loppiainen", "Trettondagen", "Epiphany"),
		closed(easter.AddDays(-2), "Pitkäperjantai", "Långfredagen", "Good Friday"),
		eve(easter.AddDays(-1), 16, "Pääsiäislauantai", "Påskafton", "Holy Saturday"),
		closed(easter, "Pääsiäispäivä", "Påskdagen", "Easter Sunday"),
		closed(easter.AddDays(1), "2. pääsiäispäivä", "Annandag påsk", "Easter Monday"),
		eve(date(time.April, 30), 18, "Vappuaatto", "Valborgsmässoafton", "May Day Eve"),
		closed(date(time.May, 1), "Vappu", "Första maj", "May Day"),
		closed(easter.AddDays(39), "Helatorstai", "Kristi himmelsfärdsdag", "Ascension Day"),
		closed(easter.AddDays(49), "Helluntaipäivä", "Pingstdagen", "Whit Sunday"),
		closed(midsummerEve, "Juhannusaatto", "Midsommarafton", "Midsummer Eve"),
		closed(midsummerEve.AddDays(1), "Juhannuspäivä", "Midsommardagen", "Midsummer Day"),
		closed(weekdayBetween(year, time.October, 31, time.Saturday), "Pyhäinpäivä", "Alla helgons dag", "All Saints' Day"),
		closed(date(time.December, 6), "Itsenäisyyspäivä", "Självständighetsdagen", "Independence Day"),
		closed(date(time.December, 24), "Jouluaatto", "Julafton", "Christmas Eve"),
		closed(date(time.December, 25), "Joulupäivä", "Juldagen", "Christmas Day"),
		closed(date(time.December, 26), "Tapaninpäivä", "Annandag jul", "St Stephen's Day"),
		eve(date(time.December, 31), 16, "Uudenvuodenaatto", "Nyårsafton", "New Year's Eve"),
	}
}

// holidayDay returns the hours of a branch on a holiday, given its usual
// hours on that weekday.
func holidayDay(h holiday, usual library.Day) library.Day {
	day := library.Day{Note: h.note}
	if h.closeAt == 0 {
		return day
	}
	day.Staffed = clip(usual.Staffed, h.closeAt)
	day.SelfService = clip(usual.SelfService, h.closeAt)
	return day
}

// clip cuts periods short at end, dropping those that would start after it.
func clip(ps []library.Period, end library.Clock) []library.Period {
	var out []library.Period
	for _, p := range ps {
		if p.Open >= end {
			continue
		}
		p.Close = min(p.Close, end)
		out = append(out, p)
	}
	return out
}
