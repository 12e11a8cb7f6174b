package sip2

import (
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"
)

// The layouts below are written from the specification (3M Standard
// Interchange Protocol, version 2.00), message by message, and not from this package's schemas: they
// are what the encoder is checked against.

// specFixed is one fixed-length field: its name, width and what it may
// hold.
type specFixed struct {
	name  string
	width int
	class string // a regular expression for the field's characters
}

// Classes of fixed fields.
const (
	cYN     = `[YN]`
	cOK     = `[01]`
	cYNU    = `[YNU]`
	cDigits = `[0-9]+`
	cDate   = `[0-9]{8}[ A-Z0-9]{4}[0-9]{6}`
	cAny    = `.*`
	cStatus = `[Y ]+`
)

func fx(name string, width int, class string) specFixed { return specFixed{name, width, class} }

var (
	txDate    = fx("transaction date", 18, cDate)
	language  = fx("language", 3, cDigits)
	patStatus = fx("patron status", 14, cStatus)
)

// specVarWidths are the variable-field identifiers whose values the
// specification gives a fixed length.
var specVarWidths = map[string]int{
	"BH": 3,  // currency type
	"BI": 1,  // cancel
	"BL": 1,  // valid patron
	"BO": 1,  // fee acknowledged
	"BT": 2,  // fee type
	"BW": 18, // expiration date
	"BX": 16, // supported messages
	"BY": 1,  // hold type
	"BZ": 4,  // hold items limit
	"CA": 4,  // overdue items limit
	"CB": 4,  // charged items limit
	"CI": 1,  // security inhibit
	"CJ": 18, // recall date
	"CK": 3,  // media type
	"CM": 18, // hold pickup date
	"CQ": 1,  // valid patron password
}

// specRepeats are the fields that may occur more than once.
var specRepeats = map[string]bool{"AF": true, "AG": true, "AS": true, "AT": true, "AU": true, "AV": true,
	"BU": true, "CD": true, "BM": true, "BN": true}

// specMessages is every message of SIP2 2.00: its fixed fields and its
// variable fields in the specification's order.
var specMessages = map[string]struct {
	fixed []specFixed
	vars  string // identifiers, space-separated
}{
	// Requests from the kiosk (SC).
	"93": {[]specFixed{fx("UID algorithm", 1, cAny), fx("PWD algorithm", 1, cAny)}, "CN CO CP"},
	"99": {[]specFixed{fx("status code", 1, `[012]`), fx("max print width", 3, cDigits), fx("protocol version", 4, cAny)}, ""},
	"97": {nil, ""},
	"23": {[]specFixed{language, txDate}, "AO AA AC AD"},
	"63": {[]specFixed{language, txDate, fx("summary", 10, `[Y ]+`)}, "AO AA AC AD BP BQ"},
	"11": {[]specFixed{fx("SC renewal policy", 1, cYN), fx("no block", 1, cYN), txDate, fx("nb due date", 18, cDate)},
		"AO AA AB AC CH AD BO BI"},
	"09": {[]specFixed{fx("no block", 1, cYN), txDate, fx("return date", 18, cDate)}, "AP AO AB AC CH BI"},
	"01": {[]specFixed{fx("card retained", 1, cYN), txDate}, "AO AL AA AC"},
	"35": {[]specFixed{txDate}, "AO AA AC AD"},
	"37": {[]specFixed{txDate, fx("fee type", 2, cDigits), fx("payment type", 2, cDigits), fx("currency type", 3, cAny)},
		"BV AO AA AC AD CG BK"},
	"17": {[]specFixed{txDate}, "AO AB AC"},
	"19": {[]specFixed{txDate}, "AO AB AC CH"},
	"25": {[]specFixed{txDate}, "AO AA AC AD"},
	"15": {[]specFixed{fx("hold mode", 1, cAny), txDate}, "BW BS BY AO AA AD AB AJ AC BO"},
	"29": {[]specFixed{fx("third party allowed", 1, cYN), fx("no block", 1, cYN), txDate, fx("nb due date", 18, cDate)},
		"AO AA AD AB AJ AC CH BO"},
	"65": {[]specFixed{txDate}, "AO AA AD AC BO"},

	// Responses from the server (ACS).
	"94": {[]specFixed{fx("ok", 1, cOK)}, ""},
	"98": {[]specFixed{fx("on-line status", 1, cYN), fx("checkin ok", 1, cYN), fx("checkout ok", 1, cYN),
		fx("ACS renewal policy", 1, cYN), fx("status update ok", 1, cYN), fx("off-line ok", 1, cYN),
		fx("timeout period", 3, cDigits), fx("retries allowed", 3, cDigits), fx("date/time sync", 18, cDate),
		fx("protocol version", 4, cAny)}, "AO AM BX AN AF AG"},
	"96": {nil, ""},
	"24": {[]specFixed{patStatus, language, txDate}, "AO AA AE BL CQ BH BV AF AG"},
	"64": {[]specFixed{patStatus, language, txDate, fx("hold items count", 4, cDigits),
		fx("overdue items count", 4, cDigits), fx("charged items count", 4, cDigits), fx("fine items count", 4, cDigits),
		fx("recall items count", 4, cDigits), fx("unavailable holds count", 4, cDigits)},
		"AO AA AE BZ CA CB BL CQ BH BV CC AS AT AU AV BU CD BD BE BF AF AG"},
	"12": {[]specFixed{fx("ok", 1, cOK), fx("renewal ok", 1, cYN), fx("magnetic media", 1, cYNU), fx("desensitize", 1, cYNU), txDate},
		"AO AA AB AJ AH BT CI BH BV CK CH BK AF AG"},
	"10": {[]specFixed{fx("ok", 1, cOK), fx("resensitize", 1, cYN), fx("magnetic media", 1, cYNU), fx("alert", 1, cYN), txDate},
		"AO AB AQ AJ CL AA CK CH AF AG"},
	"18": {[]specFixed{fx("circulation status", 2, cDigits), fx("security marker", 2, cDigits), fx("fee type", 2, cDigits), txDate},
		"CF AH CJ CM AB AJ BG BH BV CK AQ AP CH AF AG"},
	"20": {[]specFixed{fx("item properties ok", 1, cOK), txDate}, "AB AJ CH AF AG"},
	"30": {[]specFixed{fx("ok", 1, cOK), fx("renewal ok", 1, cYN), fx("magnetic media", 1, cYNU), fx("desensitize", 1, cYNU), txDate},
		"AO AA AB AJ AH BT CI BH BV CK CH BK AF AG"},
	"66": {[]specFixed{fx("ok", 1, cOK), fx("renewed count", 4, cDigits), fx("unrenewed count", 4, cDigits), txDate},
		"AO BM BN AF AG"},
	"38": {[]specFixed{fx("payment accepted", 1, cYN), txDate}, "AO AA BK AF AG"},
	"36": {[]specFixed{fx("end session", 1, cYN), txDate}, "AO AA AF AG"},
	"26": {[]specFixed{patStatus, language, txDate}, "AO AA AE BL CQ AF AG"},
	"16": {[]specFixed{fx("ok", 1, cOK), fx("available", 1, cYN), txDate}, "BW BR BS AO AA AB AJ AF AG"},
}

// filled returns a message of the code with every field set, so that
// every field the message has is written.
func filled(t *testing.T, code string) Body {
	b := registry[code]()
	v := reflect.ValueOf(b).Elem()
	for i := range v.NumField() {
		f, name := v.Field(i), v.Type().Field(i).Name
		switch {
		case name == "Extra":
		case f.Type() == reflect.TypeFor[time.Time]():
			f.Set(reflect.ValueOf(testNow))
		case f.Kind() == reflect.String:
			f.SetString("12")
		case f.Kind() == reflect.Int:
			f.SetInt(7)
		case f.Kind() == reflect.Uint8:
			f.SetUint('0')
		case f.Kind() == reflect.Bool:
			f.SetBool(true)
		case f.Kind() == reflect.Array && f.Type().Elem().Kind() == reflect.Bool:
			for j := range f.Len() {
				f.Index(j).SetBool(true)
			}
		case f.Kind() == reflect.Slice && f.Type().Elem().Kind() == reflect.String:
			f.Set(reflect.ValueOf([]string{"first", "second"}))
		default:
			t.Fatalf("%T.%s: no test value for %s", b, name, f.Type())
		}
	}
	return b
}

// TestSpecLayouts encodes every message with every field set and reads
// the bytes by the specification's layout: the fixed fields' widths and
// characters, the variable fields' identifiers and order, and the lengths
// of the variable fields the specification fixes.
func TestSpecLayouts(t *testing.T) {
	for code := range registry {
		if _, ok := specMessages[code]; !ok {
			t.Errorf("message %s is not in the specification's list", code)
		}
	}
	for code, spec := range specMessages {
		t.Run(code, func(t *testing.T) {
			if registry[code] == nil {
				t.Fatalf("message %s is not implemented", code)
			}
			b := filled(t, code)
			wire, err := Codec{Location: time.UTC}.Encode(b, -1)
			if err != nil {
				t.Fatal(err)
			}
			line := strings.TrimSuffix(string(wire), "\r")
			if line[:2] != code {
				t.Fatalf("%q: code %q", line, line[:2])
			}
			pos := 2
			for _, f := range spec.fixed {
				if pos+f.width > len(line) {
					t.Fatalf("%q: ends before %s", line, f.name)
				}
				v := line[pos : pos+f.width]
				if !regexp.MustCompile(`^(` + f.class + `)$`).MatchString(v) {
					t.Errorf("%q: %s is %q, want %d characters of %s", line, f.name, v, f.width, f.class)
				}
				pos += f.width
			}
			rest := line[pos:]
			if rest != "" && !strings.HasSuffix(rest, "|") {
				t.Errorf("%q: the variable fields after the fixed ones, %q, do not end in |", line, rest)
			}
			var ids []string
			for part := range strings.SplitSeq(strings.TrimSuffix(rest, "|"), "|") {
				if part == "" {
					continue
				}
				id, v := part[:2], part[2:]
				if w, ok := specVarWidths[id]; ok && len(v) != w {
					t.Errorf("%q: %s is %q, want %d characters", line, id, v, w)
				}
				if n := len(ids); n > 0 && ids[n-1] == id {
					if !specRepeats[id] {
						t.Errorf("%q: %s repeats", line, id)
					}
					continue
				}
				ids = append(ids, id)
			}
			want := strings.Fields(spec.vars)
			if !slices.Equal(ids, want) {
				t.Errorf("%q: variable fields %q, want %q", line, ids, want)
			}
		})
	}
}
