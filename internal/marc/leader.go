package marc

import "strings"

// leaderRule says which values a leader position may hold and what an
// invalid one becomes. Positions that MARC 21 defines for bibliographic
// records get its values there; elsewhere, and for the other kinds of
// record, the schema's pattern decides.
type leaderRule struct {
	bib   string // MARC 21 bibliographic values; "" when only the class applies
	class string // the schema's class (digitBlank, alnumBlank), else the values allowed
	def   byte
}

const (
	digitBlank = "digit-blank"
	alnumBlank = "alnum-blank"
)

var leaderRules = [24]leaderRule{
	0: {"", digitBlank, '0'}, 1: {"", digitBlank, '0'}, 2: {"", digitBlank, '0'}, 3: {"", digitBlank, '0'}, 4: {"", digitBlank, '0'},
	// Record status, all formats' values: "n" (new) claims least.
	5: {"", "acdnopsx", 'n'},
	// Type of record, all formats' values: bibliographic, authority (z),
	// holdings (u v x y), classification (w), community information (q).
	// Nothing tells a record without one; "a" (language material) is
	// what most records are, and what the schema's slot needs.
	6:  {"", "acdefgijkmoprtzuvxywq", 'a'},
	7:  {"abcdims", alnumBlank, 'm'},
	8:  {" a", alnumBlank, ' '},
	9:  {"", " a", 'a'},
	10: {"", "2", '2'}, 11: {"", "2", '2'},
	12: {"", digitBlank, '0'}, 13: {"", digitBlank, '0'}, 14: {"", digitBlank, '0'}, 15: {"", digitBlank, '0'}, 16: {"", digitBlank, '0'},
	17: {"", alnumBlank, 'u'},
	18: {" acinu", alnumBlank, 'u'},
	19: {" abc", alnumBlank, ' '},
	20: {"", "4", '4'}, 21: {"", "5", '5'}, 22: {"", "0", '0'}, 23: {"", "0", '0'},
}

// isBibliographic reports whether leader/06 is a bibliographic type.
func isBibliographic(l Leader) bool { return strings.IndexByte("acdefgijkmoprt", l[6]) >= 0 }

func (rule leaderRule) allows(c byte, bib bool) bool {
	if bib && rule.bib != "" {
		return strings.IndexByte(rule.bib, c) >= 0
	}
	digit := c >= '0' && c <= '9'
	letter := c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
	switch rule.class {
	case digitBlank:
		return digit || c == ' '
	case alnumBlank:
		return digit || letter || c == ' '
	}
	return strings.IndexByte(rule.class, c) >= 0
}

func leaderValid(l Leader) bool {
	bib := isBibliographic(l)
	for i, rule := range leaderRules {
		if !rule.allows(l[i], bib) {
			return false
		}
	}
	return true
}

// fixLeader gives every leader position that holds a value MARC 21 does not
// define its default: junk in real files often overwrites the leader, and
// its positions have few values.
func fixLeader(rec *Record, note func(format string, args ...any)) {
	l := &rec.Leader
	if !leaderRules[6].allows(l[6], false) {
		note("leader/06 %q set to %q", l[6], leaderRules[6].def)
		l[6] = leaderRules[6].def
	}
	bib := isBibliographic(*l)
	for i, rule := range leaderRules {
		if !rule.allows(l[i], bib) {
			note("leader/%02d %q set to %q", i, l[i], rule.def)
			l[i] = rule.def
		}
	}
}
