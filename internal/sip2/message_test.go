package sip2

import (
	"errors"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

func TestChecksum(t *testing.T) {
	// The checksum covers everything up to and including "AZ". The expected
	// values were computed independently (a one-line Python sum), and
	// "9900302.00AY1AZFCA5" is the SC Status example published in SIP2
	// server documentation.
	tests := []struct {
		name, in, want string
	}{
		{"SC status, published", "9900302.00AY1AZ", "FCA5"},
		{"SC status, sequence 0", "9900302.00AY0AZ", "FCA6"},
		{"request ACS resend", "97AZ", "FEF5"},
		{"request SC resend", "96AZ", "FEF6"},
		{"login", "9300CNkiosk|COpass|CPbranch|AY1AZ", "F45E"},
		{"empty", "", "0000"},
		// The checkin sample of the 3M specification claims AZEB80, but its
		// bytes do not sum to that with any number of blanks in the dates:
		// the sample was evidently edited after its checksum was computed
		// (its date "19980821 085721" is also not 18 characters). This is
		// what the bytes, as quoted, give.
		{"spec checkin sample", "09N19980821 085721                              APCertification Terminal Location|AOCertification Institute ID|AB1565921879|ACterminal password|AY1AZ", "D437"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Checksum([]byte(tt.in)); got != tt.want {
				t.Errorf("Checksum(%q) = %s, want %s", tt.in, got, tt.want)
			}
		})
	}
}

func TestSpecCheckinSample(t *testing.T) {
	// The specification's sample fails our checksum check (see
	// TestChecksum) and, being 3 characters short in its dates, its layout
	// too; with error detection off it is still rejected for the date.
	const sample = "09N19980821 085721                              APCertification Terminal Location|AOCertification Institute ID|AB1565921879|ACterminal password|AY1AZEB80\r"
	if _, _, err := (Codec{ErrorDetection: true}).Parse([]byte(sample)); !errors.Is(err, ErrChecksum) {
		t.Errorf("with error detection: err = %v, want ErrChecksum", err)
	}
	if _, _, err := (Codec{}).Parse([]byte(sample)); !errors.Is(err, ErrMalformed) {
		t.Errorf("without error detection: err = %v, want ErrMalformed", err)
	}
}

func TestParseMessage(t *testing.T) {
	tests := []struct {
		name    string
		ed      bool
		in      string
		want    Message
		wantSeq int
	}{
		{
			name: "login with checksum",
			ed:   true,
			in:   "9300CNkiosk|COpass|CPbranch|AY1AZF45E\r",
			want: Message{Code: "93", Fixed: []string{"0", "0"},
				Fields: []Field{{"CN", "kiosk"}, {"CO", "pass"}, {"CP", "branch"}}},
			wantSeq: 1,
		},
		{
			name: "lowercase checksum, CRLF",
			ed:   true,
			in:   "9300CNkiosk|COpass|CPbranch|AY1AZf45e\r\n",
			want: Message{Code: "93", Fixed: []string{"0", "0"},
				Fields: []Field{{"CN", "kiosk"}, {"CO", "pass"}, {"CP", "branch"}}},
			wantSeq: 1,
		},
		{
			name: "no trailing bar, LF, no error detection",
			in:   "9300CNkiosk|COpass|CPbranch\n",
			want: Message{Code: "93", Fixed: []string{"0", "0"},
				Fields: []Field{{"CN", "kiosk"}, {"CO", "pass"}, {"CP", "branch"}}},
			wantSeq: -1,
		},
		{
			name: "trailer ignored without error detection",
			in:   "9300CNkiosk|COpass|AY7AZ0000",
			want: Message{Code: "93", Fixed: []string{"0", "0"},
				Fields: []Field{{"CN", "kiosk"}, {"CO", "pass"}}},
			wantSeq: 7,
		},
		{
			name: "repeats and unknown identifiers kept in order",
			in:   "9300CNkiosk|XXfoo|CNagain||COpass|",
			want: Message{Code: "93", Fixed: []string{"0", "0"},
				Fields: []Field{{"CN", "kiosk"}, {"XX", "foo"}, {"CN", "again"}, {"CO", "pass"}}},
			wantSeq: -1,
		},
		{
			name:    "resend has checksum but no sequence number",
			ed:      true,
			in:      "97AZFEF5\r",
			want:    Message{Code: "97"},
			wantSeq: -1,
		},
		{
			name:    "SC status",
			ed:      true,
			in:      "9900302.00AY1AZFCA5\r",
			want:    Message{Code: "99", Fixed: []string{"0", "030", "2.00"}},
			wantSeq: 1,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, seq, err := Codec{ErrorDetection: tt.ed}.ParseMessage([]byte(tt.in))
			if err != nil {
				t.Fatalf("ParseMessage(%q): %v", tt.in, err)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("ParseMessage(%q) mismatch (-want +got):\n%s", tt.in, diff)
			}
			if seq != tt.wantSeq {
				t.Errorf("seq = %d, want %d", seq, tt.wantSeq)
			}
		})
	}
}

func TestParseMalformed(t *testing.T) {
	tests := []struct {
		name string
		ed   bool
		in   string
		want error
	}{
		{"empty", false, "", ErrMalformed},
		{"too short", false, "9", ErrMalformed},
		{"bad command code", false, "X300CNa|", ErrMalformed},
		{"unknown command", false, "42foo", ErrUnknownCommand},
		{"missing fixed field", false, "11YN20240315    101500", ErrMalformed},
		{"bad date", false, "3520241315    104500AOx|AAy|", ErrMalformed},
		{"date 30 February", false, "3520240230    104500AOx|AAy|", ErrMalformed},
		{"letters in date", false, "35202403XX    104500AOx|AAy|", ErrMalformed},
		{"bad Y/N flag", false, "11XN20240315    101500                  AOa|", ErrMalformed},
		{"bad number", false, "99012x2.00", ErrMalformed},
		{"bad checksum", true, "9300CNkiosk|COpass|CPbranch|AY1AZF45F", ErrChecksum},
		{"missing checksum", true, "9300CNkiosk|COpass|CPbranch|", ErrChecksum},
		{"line break inside", false, "9300CNki\rosk|", ErrMalformed},
		{"one-character field", false, "9300CNkiosk|C|", ErrMalformed},
		{"garbage", false, "\x00\xff\xfe garbage", ErrMalformed},
		{"binary after code", true, "93\x00\x01\x02", ErrChecksum},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, err := Codec{ErrorDetection: tt.ed}.Parse([]byte(tt.in))
			if !errors.Is(err, tt.want) {
				t.Fatalf("Parse(%q) error = %v, want %v", tt.in, err, tt.want)
			}
			var pe *ParseError
			if !errors.As(err, &pe) {
				t.Errorf("Parse(%q) error is %T, want *ParseError", tt.in, err)
			}
		})
	}
}

func TestEncodeMessage(t *testing.T) {
	tests := []struct {
		name string
		ed   bool
		seq  int
		in   Message
		want string
	}{
		{
			name: "login, fields put in spec order",
			ed:   true, seq: 1,
			in: Message{Code: "93", Fixed: []string{"0", "0"},
				Fields: []Field{{"CP", "branch"}, {"CO", "pass"}, {"CN", "kiosk"}}},
			want: "9300CNkiosk|COpass|CPbranch|AY1AZF45E\r",
		},
		{
			name: "resend never carries a sequence number",
			ed:   true, seq: 3,
			in:   Message{Code: "97"},
			want: "97AZFEF5\r",
		},
		{
			name: "no error detection",
			in:   Message{Code: "99", Fixed: []string{"0", "030", "2.00"}},
			want: "9900302.00\r",
		},
		{
			name: "bar and line breaks in a title are replaced",
			in: Message{Code: "20", Fixed: []string{"1", "20240315    101500"},
				Fields: []Field{{"AJ", "Tuntematon | sotilas\r\nosa 1"}, {"AB", "1"}}},
			want: "20120240315    101500AB1|AJTuntematon / sotilas  osa 1|\r",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Codec{ErrorDetection: tt.ed}.EncodeMessage(tt.in, tt.seq)
			if err != nil {
				t.Fatal(err)
			}
			if string(got) != tt.want {
				t.Errorf("EncodeMessage = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestEncodeMessageInvalid(t *testing.T) {
	tests := []struct {
		name string
		in   Message
		seq  int
	}{
		{"unknown code", Message{Code: "42"}, 0},
		{"wrong fixed count", Message{Code: "93", Fixed: []string{"0"}}, 0},
		{"wrong fixed width", Message{Code: "93", Fixed: []string{"0", "00"}}, 0},
		{"bad identifier", Message{Code: "93", Fixed: []string{"0", "0"}, Fields: []Field{{"C|", "x"}}}, 0},
		{"long identifier", Message{Code: "93", Fixed: []string{"0", "0"}, Fields: []Field{{"CNX", "x"}}}, 0},
		{"two-digit sequence", Message{Code: "93", Fixed: []string{"0", "0"}}, 10},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got, err := (Codec{ErrorDetection: true}).EncodeMessage(tt.in, tt.seq); err == nil {
				t.Errorf("EncodeMessage = %q, want an error", got)
			}
		})
	}
}

func TestDate(t *testing.T) {
	hel := helsinki(t)
	tests := []struct {
		name string
		in   string
		want time.Time
	}{
		{"local", "20240315    101500", time.Date(2024, 3, 15, 10, 15, 0, 0, hel)},
		{"UTC", "20240315   Z081500", time.Date(2024, 3, 15, 8, 15, 0, 0, time.UTC)},
		{"zone name read as local", "20240315EET 101500", time.Date(2024, 3, 15, 10, 15, 0, 0, hel)},
		{"blank", "                  ", time.Time{}},
		{"all zeros", "00000000    000000", time.Time{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseDate(tt.in, hel)
			if err != nil {
				t.Fatal(err)
			}
			if !got.Equal(tt.want) || got.Location() != tt.want.Location() {
				t.Errorf("ParseDate(%q) = %v, want %v", tt.in, got, tt.want)
			}
		})
	}
	if got, want := FormatDate(time.Date(2024, 3, 15, 10, 15, 0, 0, hel)), "20240315    101500"; got != want {
		t.Errorf("FormatDate(local) = %q, want %q", got, want)
	}
	if got, want := FormatDate(time.Date(2024, 3, 15, 8, 15, 0, 0, time.UTC)), "20240315   Z081500"; got != want {
		t.Errorf("FormatDate(UTC) = %q, want %q", got, want)
	}
}

func helsinki(t testing.TB) *time.Location {
	loc, err := time.LoadLocation("Europe/Helsinki")
	if err != nil {
		t.Fatal(err)
	}
	return loc
}
