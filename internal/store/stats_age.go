package store

import "github.com/kirjasto/kirjasto/internal/library"

// The age groups statistics break patrons down by. A birth date is only
// ever turned into one of these; statistics never hold the date itself.
const (
	AgeUnknown = "unknown"
)

// AgeGroups lists the age groups in order, unknown last.
var AgeGroups = []string{"0-6", "7-12", "13-17", "18-29", "30-64", "65+", AgeUnknown}

// ageGroup is the age group of someone born on birth ('YYYY-MM-DD' or ”)
// on day; AgeUnknown when the birth date is not known.
func ageGroup(birth string, on library.Date) string {
	b, err := library.ParseDate(birth)
	if birth == "" || err != nil {
		return AgeUnknown
	}
	age := on.Year - b.Year
	if on.Month < b.Month || on.Month == b.Month && on.Day < b.Day {
		age--
	}
	switch {
	case age < 0:
		return AgeUnknown
	case age <= 6:
		return "0-6"
	case age <= 12:
		return "7-12"
	case age <= 17:
		return "13-17"
	case age <= 29:
		return "18-29"
	case age <= 64:
		return "30-64"
	}
	return "65+"
}

// patronAgeGroup is the age group logged with a circulation event: ”
// when the event concerns no patron (a return, a fee).
func patronAgeGroup(p patronRow, on library.Date) string {
	if p.ID == 0 {
		return ""
	}
	return ageGroup(p.BirthDate, on)
}
