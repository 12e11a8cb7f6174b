package sip2

import (
	"bytes"
	"testing"

	"github.com/kirjasto/kirjasto/internal/store/storetest"
)

// FuzzServe sends the server arbitrary messages from a logged-in kiosk,
// on SQLite. Whatever comes in, the server answers each line with exactly
// one well-formed message, never panics or hangs up, and still answers
// SC Status afterwards.
func FuzzServe(f *testing.F) {
	fx := newFixture(f, storetest.Open(f, "sqlite"), Config{})
	for _, b := range bodies(f) {
		for _, ed := range []bool{false, true} {
			wire, err := Codec{ErrorDetection: ed, Location: helsinki(f)}.Encode(b, 3)
			if err != nil {
				f.Fatal(err)
			}
			f.Add(wire)
		}
	}
	for _, s := range []string{
		"2300120241115    101500AOkirjasto|AA" + ainoCard + "|AC|AD" + ainoPIN + "|",
		"11YN20241115    101500                  AOkirjasto|AA" + ainoCard + "|ABS1|AC|AD" + ainoPIN + "|",
		"09N20241115    10150020241115    101500APesp-sello|AOkirjasto|ABS1|AC|",
		"6300120241115    101500     Y    AOkirjasto|AA" + ainoCard + "|AD" + ainoPIN + "|BP1|BQ2|",
		"15+20241115    101500AOkirjasto|AA" + erikCard + "|AD" + erikPIN + "|ABM1|BY3|",
		"3720241115    1015000400EUR|BV1.00|AOkirjasto|AA" + ainoCard + "|",
		"0120241115    101500AOkirjasto|ALx|AA" + erikCard + "|AC|",
		"97", "96", "94", "9300CNroaming|COkiosk-secret|CPhki-oodi|", "99", "",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		// One line: the stream's framing is ReadLine's business, tested
		// in conn_test.go; here each line is a message.
		line := bytes.Map(func(r rune) rune {
			if r == '\r' || r == '\n' {
				return ' '
			}
			return r
		}, data)
		if len(line) == 0 || len(line) > 2000 {
			return
		}
		c := fx.dial(t, true)
		c.login("sello-1", "esp-sello")
		got := c.sendRaw(string(line) + "\r")
		codec := Codec{ErrorDetection: hasChecksum([]byte(got[:len(got)-1])), Location: helsinki(t)}
		if _, _, err := codec.Parse([]byte(got)); err != nil {
			t.Fatalf("%q answered %q, which does not parse: %v", line, got, err)
		}
		if st, err := c.try(&SCStatus{ProtocolVersion: "2.00"}); err != nil {
			t.Fatalf("after %q: %v", line, err)
		} else if _, ok := st.(*ACSStatus); !ok {
			t.Fatalf("after %q: SC Status answered %T", line, st)
		}
	})
}
