package web

import (
	"golang.org/x/text/collate"
	"golang.org/x/text/language"
)

// CompareNames compares names the way a Finnish reader sorts them (å, ä and ö
// after z). A Collator is not safe for concurrent use, so each call makes
// its own; the lists sorted are short.
func CompareNames(a, b string) int {
	return collate.New(language.Finnish).CompareString(a, b)
}
