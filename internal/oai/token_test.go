package oai

import (
	"testing"
	"time"
)

// FuzzToken checks that a token reads back as the state it was made from,
// and that no string makes parseToken panic.
func FuzzToken(f *testing.F) {
	f.Add("oai_dc", "library:espoo", int64(0), int64(1796270908834676), int64(42), 100)
	f.Add("marc21", "", int64(1700000000000000), int64(1796270908834676), int64(0), 0)
	f.Fuzz(func(t *testing.T, prefix, set string, from, until, after int64, cursor int) {
		if _, perr := parseToken(prefix + set); perr == nil && checkFormat(prefix) != nil {
			t.Fatalf("parseToken(%q) accepted garbage", prefix+set)
		}
		if checkFormat(prefix) != nil || from < 0 || until <= 0 || after < 0 || cursor < 0 || (cursor == 0 && after != 0) {
			return
		}
		for _, r := range set {
			if r == '\n' {
				return
			}
		}
		tok := token{prefix: prefix, set: set, until: time.UnixMicro(until).UTC(), after: after, cursor: cursor}
		if from != 0 {
			tok.from = time.UnixMicro(from).UTC()
		}
		got, perr := parseToken(tok.String())
		if perr != nil {
			t.Fatalf("parseToken(%v): %v", tok, perr)
		}
		if got != tok {
			t.Fatalf("token %+v read back as %+v", tok, got)
		}
	})
}
