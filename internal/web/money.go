package web

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
)

// Amounts of money in forms: typed in euros, kept in cents. The loan
// rules' editor (web/admin) and the e-library's budgets (web/elibstaff)
// read and fill their fields with these.

// decimalComma reports whether lang writes amounts with a decimal comma,
// as its catalogue's money format does.
func (s *Server) decimalComma(lang string) bool { return strings.Contains(s.Money(lang, 150), "1,50") }

// EurosField writes cents as the number an amount field holds: "2,50" or
// "2.50".
func (s *Server) EurosField(lang string, cents int64) string {
	sign := ""
	if cents < 0 {
		sign, cents = "-", -cents
	}
	sep := "."
	if s.decimalComma(lang) {
		sep = ","
	}
	return fmt.Sprintf("%s%d%s%02d", sign, cents/100, sep, cents%100)
}

var eurosRE = regexp.MustCompile(`^(-?)(\d{1,7})(?:[.,](\d{1,2}))?$`)

// ParseEuros reads an amount typed in euros, with a decimal comma or
// point ("2", "2,5", "2.50", "€ 2,50"), as cents. A minus sign is read,
// so that validation says what is wrong with a negative amount.
func ParseEuros(s string) (int64, bool) {
	s = strings.NewReplacer("€", "", " ", "", "\u00a0", "", "\u202f", "").Replace(strings.TrimSpace(s))
	m := eurosRE.FindStringSubmatch(s)
	if m == nil {
		return 0, false
	}
	e, _ := strconv.ParseInt(m[2], 10, 64)
	c := int64(0)
	if m[3] != "" {
		c, _ = strconv.ParseInt(m[3], 10, 64)
		if len(m[3]) == 1 {
			c *= 10
		}
	}
	v := e*100 + c
	if m[1] == "-" {
		v = -v
	}
	return v, true
}
