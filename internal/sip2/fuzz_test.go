package sip2

import (
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// FuzzParse checks that Parse never panics and that whatever it accepts
// survives a round trip: Parse(Encode(Parse(x))) == Parse(x), for both the
// typed and the generic form. Crashers found are kept in testdata/fuzz.
func FuzzParse(f *testing.F) {
	hel := helsinki(f)
	for _, b := range bodies(f) {
		for _, ed := range []bool{false, true} {
			wire, err := Codec{ErrorDetection: ed, Location: hel}.Encode(b, 7)
			if err != nil {
				f.Fatal(err)
			}
			f.Add(wire, ed)
		}
	}
	for _, s := range []string{
		"9300CNkiosk|COpass|CPbranch|AY1AZF45E\r",
		"9300CNkiosk|COpass|CPbranch\n",
		"9900302.00AY1AZFCA5\r",
		"11YN20240315    101500                  AOHelmet|AA2000123456|AB3000987654|ACkiosk1|BON|AY2AZEA02\r",
		"6300120240315    101500  Y       AOHelmet|AA2000123456|AC|AD1234|BP1|BQ5|AY3AZED3F\r",
		"97AZFEF5\r",
		"3520240315    104500AOHelmet|AA|XYz|AA2000123456|",
	} {
		f.Add([]byte(s), true)
		f.Add([]byte(s), false)
	}

	f.Fuzz(func(t *testing.T, data []byte, ed bool) {
		c := Codec{ErrorDetection: ed, Location: hel}

		m, seq, err := c.ParseMessage(data)
		if err == nil {
			wire, err := c.EncodeMessage(m, seq)
			if err != nil {
				t.Fatalf("EncodeMessage(ParseMessage(%q)): %v", data, err)
			}
			m2, _, err := c.ParseMessage(wire)
			if err != nil {
				t.Fatalf("ParseMessage(%q), encoded from %q: %v", wire, data, err)
			}
			// Encoding puts the fields in the specification's order.
			lay, _ := layoutOf(m.Code)
			slices.SortStableFunc(m.Fields, func(x, y Field) int { return lay.rank(x.ID) - lay.rank(y.ID) })
			if diff := cmp.Diff(m, m2); diff != "" {
				t.Fatalf("generic round trip of %q via %q (-first +second):\n%s", data, wire, diff)
			}
		}

		b, seq, err := c.Parse(data)
		if err != nil {
			return
		}
		wire, err := c.Encode(b, seq)
		if err != nil {
			t.Fatalf("Encode(Parse(%q)): %v", data, err)
		}
		b2, seq2, err := c.Parse(wire)
		if err != nil {
			t.Fatalf("Parse(%q), encoded from %q: %v", wire, data, err)
		}
		if diff := cmp.Diff(b, b2); diff != "" {
			t.Fatalf("round trip of %q via %q (-first +second):\n%s", data, wire, diff)
		}
		if ed && b.Code() != "96" && b.Code() != "97" && seq2 != seq {
			t.Fatalf("round trip of %q via %q: seq %d, then %d", data, wire, seq, seq2)
		}
	})
}
