package marc

import "strings"

// ValidISBN reports whether s, written with or without hyphens and
// spaces, is an ISBN-10 or ISBN-13 whose check digit is right: a mistyped
// digit in a form is caught before it reaches the catalogue, where it would
// match no other library's copy.
func ValidISBN(s string) bool {
	n := isbnChars(s)
	if !onlyISBNChars(s) {
		return false
	}
	switch len(n) {
	case 10:
		sum := 0
		for i := 0; i < 10; i++ {
			d := int(n[i] - '0')
			if n[i] == 'X' {
				if i != 9 {
					return false
				}
				d = 10
			}
			sum += d * (10 - i)
		}
		return sum%11 == 0
	case 13:
		if strings.Contains(n, "X") {
			return false
		}
		sum := 0
		for i := 0; i < 13; i++ {
			d := int(n[i] - '0')
			if i%2 == 1 {
				d *= 3
			}
			sum += d
		}
		return sum%10 == 0
	}
	return false
}

// ValidISSN reports whether s is an ISSN ("1234-567X") whose check digit is
// right.
func ValidISSN(s string) bool {
	n := isbnChars(s)
	if len(n) != 8 || !onlyISBNChars(s) || strings.Contains(n[:7], "X") {
		return false
	}
	sum := 0
	for i := 0; i < 8; i++ {
		d := int(n[i] - '0')
		if n[i] == 'X' {
			d = 10
		}
		sum += d * (8 - i)
	}
	return sum%11 == 0
}

// onlyISBNChars reports whether s has nothing but digits, X, hyphens and
// spaces: "951-0-12345-6 (sid.)" belongs in 020 $a $q, not in a form's ISBN.
func onlyISBNChars(s string) bool {
	return strings.Trim(s, "0123456789xX- ") == ""
}
