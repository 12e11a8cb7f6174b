package cover

import (
	"fmt"
	"net/url"
	"strconv"
	"strings"

	"github.com/kirjasto/kirjasto/internal/library"
	"github.com/kirjasto/kirjasto/internal/marc"
)

// Service is a cover service: an address in which {isbn} stands for a
// book's ISBN-13 and {isbn10} for its ISBN-10, such as
// https://covers.openlibrary.org/b/isbn/{isbn}-M.jpg?default=false (whose
// default=false answers 404 for a book it has no cover of, rather than a
// blank picture that would hide the drawn cover beneath).
type Service struct {
	template string
	origin   string
}

// Placeholders of a Service's template.
const (
	placeISBN   = "{isbn}"
	placeISBN10 = "{isbn10}"
)

// NewService checks a cover service's template: an http or https address
// with {isbn} or {isbn10} in it, and no other braces.
func NewService(template string) (*Service, error) {
	if !strings.Contains(template, placeISBN) && !strings.Contains(template, placeISBN10) {
		return nil, fmt.Errorf("cover service %q: the address has no {isbn} or {isbn10} to put the book's ISBN in", template)
	}
	sample := strings.NewReplacer(placeISBN, "9789510096336", placeISBN10, "951009633X").Replace(template)
	if strings.ContainsAny(sample, "{}") {
		return nil, fmt.Errorf("cover service %q: only {isbn} and {isbn10} may stand in braces", template)
	}
	u, err := url.Parse(sample)
	if err != nil || !library.WebURL(sample) {
		return nil, fmt.Errorf("cover service %q: not an http or https address with a host", template)
	}
	return &Service{template: template, origin: u.Scheme + "://" + u.Host}, nil
}

// Origin returns the service's scheme and host, for the site's content
// security policy, which must let its pictures in.
func (s *Service) Origin() string { return s.origin }

// URL returns the address of the cover of the first of isbns that the
// template can name: a valid ISBN, and for {isbn10} one that has an
// ISBN-10 (a 979 ISBN has none); "" when none can.
func (s *Service) URL(isbns []string) string {
	for _, isbn := range isbns {
		i13, ok := ISBN13(isbn)
		if !ok {
			continue
		}
		i10 := ""
		if strings.Contains(s.template, placeISBN10) {
			if i10, ok = ISBN10(i13); !ok {
				continue
			}
		}
		return strings.NewReplacer(placeISBN, i13, placeISBN10, i10).Replace(s.template)
	}
	return ""
}

// ISBN13 returns the ISBN-13 of an ISBN-10 or ISBN-13 (hyphens and
// spaces allowed) whose check digit is right.
func ISBN13(isbn string) (string, bool) {
	if !marc.ValidISBN(isbn) {
		return "", false
	}
	n := strings.ToUpper(strings.NewReplacer("-", "", " ", "").Replace(isbn))
	if len(n) == 13 {
		return n, true
	}
	s := "978" + n[:9]
	sum := 0
	for i := range 12 {
		d := int(s[i] - '0')
		if i%2 == 1 {
			d *= 3
		}
		sum += d
	}
	return s + strconv.Itoa((10-sum%10)%10), true
}

// ISBN10 returns the ISBN-10 of an ISBN-13 that starts 978; the others
// have none.
func ISBN10(isbn13 string) (string, bool) {
	if len(isbn13) != 13 || !strings.HasPrefix(isbn13, "978") || !marc.ValidISBN(isbn13) {
		return "", false
	}
	s := isbn13[3:12]
	sum := 0
	for i := range 9 {
		sum += int(s[i]-'0') * (10 - i)
	}
	switch c := (11 - sum%11) % 11; c {
	case 10:
		return s + "X", true
	default:
		return s + strconv.Itoa(c), true
	}
}
