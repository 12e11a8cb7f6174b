package library

import "time"

// Holiday is a Finnish public holiday, or an eve on which libraries
// commonly close early, on its date in one year.
type Holiday struct {
	Code string // stable across years, e.g. "christmas-day"
	Date Date
	Name Text // in every language of Languages
	// Eve marks a day on which libraries commonly close early rather
	// than close: adopting it shortens the day's hours (see
	// AdoptHolidays in the store), and a page offers it unticked.
	Eve bool
}

// Easter returns the date of Easter Sunday in the Gregorian calendar, by
// the anonymous Gregorian algorithm (Meeus/Jones/Butcher).
func Easter(year int) Date {
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
	return Date{Year: year, Month: time.Month(month), Day: day}
}

// weekdayFrom returns the first date on weekday wd from d on: Finnish
// movable holidays are defined as "the Saturday between 20 and 26 June".
func weekdayFrom(d Date, wd time.Weekday) Date {
	for d.Weekday() != wd {
		d = d.AddDays(1)
	}
	return d
}

// Holidays returns the Finnish public holidays of a year (the days of
// the Act on holidays and the days Finland keeps free, such as Christmas
// Eve and Midsummer Eve) and the eves on which libraries commonly close
// early, in date order.
func Holidays(year int) []Holiday {
	date := func(m time.Month, d int) Date { return Date{Year: year, Month: m, Day: d} }
	easter := Easter(year)
	hs := []Holiday{
		{Code: "new-years-day", Date: date(time.January, 1)},
		{Code: "epiphany", Date: date(time.January, 6)},
		{Code: "maundy-thursday", Date: easter.AddDays(-3), Eve: true},
		{Code: "good-friday", Date: easter.AddDays(-2)},
		{Code: "easter-sunday", Date: easter},
		{Code: "easter-monday", Date: easter.AddDays(1)},
		{Code: "may-day-eve", Date: date(time.April, 30), Eve: true},
		{Code: "may-day", Date: date(time.May, 1)},
		{Code: "ascension-day", Date: easter.AddDays(39)},
		{Code: "whit-sunday", Date: easter.AddDays(49)},
		{Code: "midsummer-eve", Date: weekdayFrom(date(time.June, 19), time.Friday)},
		{Code: "midsummer-day", Date: weekdayFrom(date(time.June, 20), time.Saturday)},
		{Code: "all-saints-day", Date: weekdayFrom(date(time.October, 31), time.Saturday)},
		{Code: "independence-day", Date: date(time.December, 6)},
		{Code: "christmas-eve", Date: date(time.December, 24)},
		{Code: "christmas-day", Date: date(time.December, 25)},
		{Code: "boxing-day", Date: date(time.December, 26)},
		{Code: "new-years-eve", Date: date(time.December, 31), Eve: true},
	}
	for i := range hs {
		hs[i].Name = holidayNames[hs[i].Code]
	}
	// Maundy Thursday and May Day Eve are listed where they fall; the
	// movable feasts can reorder nothing else, but sort to be sure.
	sortHolidays(hs)
	return hs
}

func sortHolidays(hs []Holiday) {
	for i := 1; i < len(hs); i++ {
		for j := i; j > 0 && hs[j].Date.Before(hs[j-1].Date); j-- {
			hs[j], hs[j-1] = hs[j-1], hs[j]
		}
	}
}

// HolidayName returns the name of the holiday with code in every
// language, or nil for an unknown code.
func HolidayName(code string) Text { return holidayNames[code] }

// holidayNames are the holidays' names. They are data stored with the
// exceptions they become (an exception's reason), not page texts, so they
// live here rather than in the message catalogues.
var holidayNames = map[string]Text{
	"new-years-day": {"fi": "Uudenvuodenpäivä", "sv": "Nyårsdagen", "en": "New Year's Day",
		"ru": "Новый год", "et": "Uusaasta", "so": "Maalinta Sannadka Cusub", "ar": "رأس السنة الميلادية"},
	"epiphany": {"fi": "Loppiainen", "sv": "Trettondagen", "en": "Epiphany",
		"ru": "Богоявление", "et": "Kolmekuningapäev", "so": "Maalinta Epiphany", "ar": "عيد الغطاس"},
	"maundy-thursday": {"fi": "Kiirastorstai", "sv": "Skärtorsdagen", "en": "Maundy Thursday",
		"ru": "Великий четверг", "et": "Suur neljapäev", "so": "Khamiista Quduuska", "ar": "خميس العهد"},
	"good-friday": {"fi": "Pitkäperjantai", "sv": "Långfredagen", "en": "Good Friday",
		"ru": "Страстная пятница", "et": "Suur reede", "so": "Jimcaha Wanaagsan", "ar": "الجمعة العظيمة"},
	"easter-sunday": {"fi": "Pääsiäispäivä", "sv": "Påskdagen", "en": "Easter Sunday",
		"ru": "Пасха", "et": "Ülestõusmispühade 1. püha", "so": "Maalinta Easter", "ar": "عيد الفصح"},
	"easter-monday": {"fi": "2. pääsiäispäivä", "sv": "Annandag påsk", "en": "Easter Monday",
		"ru": "Пасхальный понедельник", "et": "Ülestõusmispühade 2. püha", "so": "Isniinta Easter", "ar": "اثنين الفصح"},
	"may-day-eve": {"fi": "Vapunaatto", "sv": "Valborgsmässoafton", "en": "May Day Eve",
		"ru": "Канун Первомая", "et": "Volbriõhtu", "so": "Habeenka 1da Maajo", "ar": "عشية عيد العمال"},
	"may-day": {"fi": "Vappu", "sv": "Första maj", "en": "May Day",
		"ru": "Первое мая", "et": "Kevadpüha", "so": "1da Maajo", "ar": "عيد العمال"},
	"ascension-day": {"fi": "Helatorstai", "sv": "Kristi himmelsfärdsdag", "en": "Ascension Day",
		"ru": "Вознесение", "et": "Taevaminemispüha", "so": "Maalinta Kor-u-qaadista", "ar": "عيد الصعود"},
	"whit-sunday": {"fi": "Helluntaipäivä", "sv": "Pingstdagen", "en": "Whit Sunday",
		"ru": "Троица", "et": "Nelipühade 1. püha", "so": "Maalinta Bentakoosti", "ar": "عيد العنصرة"},
	"midsummer-eve": {"fi": "Juhannusaatto", "sv": "Midsommarafton", "en": "Midsummer Eve",
		"ru": "Канун Иванова дня", "et": "Jaaniõhtu", "so": "Habeenka Midsummer", "ar": "عشية منتصف الصيف"},
	"midsummer-day": {"fi": "Juhannuspäivä", "sv": "Midsommardagen", "en": "Midsummer Day",
		"ru": "Иванов день", "et": "Jaanipäev", "so": "Maalinta Midsummer", "ar": "يوم منتصف الصيف"},
	"all-saints-day": {"fi": "Pyhäinpäivä", "sv": "Alla helgons dag", "en": "All Saints' Day",
		"ru": "День всех святых", "et": "Pühakutepäev", "so": "Maalinta Awliyada", "ar": "عيد جميع القديسين"},
	"independence-day": {"fi": "Itsenäisyyspäivä", "sv": "Självständighetsdagen", "en": "Independence Day",
		"ru": "День независимости", "et": "Iseseisvuspäev", "so": "Maalinta Xorriyadda", "ar": "عيد الاستقلال"},
	"christmas-eve": {"fi": "Jouluaatto", "sv": "Julafton", "en": "Christmas Eve",
		"ru": "Сочельник", "et": "Jõululaupäev", "so": "Habeenka Kirismaska", "ar": "ليلة عيد الميلاد"},
	"christmas-day": {"fi": "Joulupäivä", "sv": "Juldagen", "en": "Christmas Day",
		"ru": "Рождество", "et": "Esimene jõulupüha", "so": "Maalinta Kirismaska", "ar": "عيد الميلاد"},
	"boxing-day": {"fi": "Tapaninpäivä", "sv": "Annandag jul", "en": "Boxing Day",
		"ru": "День святого Стефана", "et": "Teine jõulupüha", "so": "Maalinta Stephen", "ar": "يوم القديس إسطفانوس"},
	"new-years-eve": {"fi": "Uudenvuodenaatto", "sv": "Nyårsafton", "en": "New Year's Eve",
		"ru": "Канун Нового года", "et": "Vana-aasta õhtu", "so": "Habeenka Sannadka Cusub", "ar": "ليلة رأس السنة"},
}

// EveDay returns the hours of an eve: usual cut to end at closeAt, so
// that a branch open 9–20 on the day before Christmas opens 9–14 rather
// than not at all.
func EveDay(usual Day, closeAt Clock) Day {
	cut := func(ps []Period) []Period {
		var out []Period
		for _, p := range ps {
			if p.Open >= closeAt {
				continue
			}
			p.Close = min(p.Close, closeAt)
			out = append(out, p)
		}
		return out
	}
	return Day{Staffed: cut(usual.Staffed), SelfService: cut(usual.SelfService)}
}

// HolidayAdoption is what adopting holidays as exceptions did, branch by
// branch: the exceptions added, and the dates skipped because the branch
// already had an exception on them (which is kept as it is).
type HolidayAdoption struct {
	Added   []AdoptedHoliday
	Skipped []AdoptedHoliday
}

// AdoptedHoliday is one holiday at one branch: the exception made for it,
// or (when skipped) the exception already there.
type AdoptedHoliday struct {
	BranchID    string
	Code        string
	Date        Date
	ExceptionID int64
}
