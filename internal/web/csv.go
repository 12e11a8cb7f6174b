package web

import "strings"

// CSVCell keeps a title from being read as a formula by a spreadsheet
// (CSV injection): one that starts with = + - @ gets a leading quote.
func CSVCell(v string) string {
	if v != "" && strings.ContainsRune("=+-@\t\r", rune(v[0])) {
		return "'" + v
	}
	return v
}
