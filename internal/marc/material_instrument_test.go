package marc

import (
	"testing"

	"github.com/kirjasto/kirjasto/internal/library"
)

// TestInstrumentMaterial: a three-dimensional object (leader/06 r) is an
// instrument when 008/33 says realia or its extent, carrier, genre or
// subject names one; a game stays a game, and a toy is other.
func TestInstrumentMaterial(t *testing.T) {
	object := func(f008 string, fields ...[2]string) *Record {
		r := &Record{Leader: Leader([]byte("00000nrm a2200000 a 4500"))}
		r.AddControl("001", "x")
		if f008 != "" {
			r.AddControl("008", f008)
		}
		r.AddData("245", '0', '0', "a", "Esine")
		for _, f := range fields {
			r.AddData(f[0], ' ', '7', "a", f[1])
		}
		return r
	}
	realia := "220101s2022    fi            |   r|und d" // 008/33 r
	game := "220101s2022    fi            |   g|und d"   // 008/33 g
	toy := "220101s2022    fi            |   w|und d"    // 008/33 w
	for _, c := range []struct {
		name string
		rec  *Record
		want library.Material
	}{
		{"extent names an instrument", object(realia, [2]string{"300", "1 soitin"}), library.Instrument},
		{"genre soittimet", object("", [2]string{"655", "soittimet"}), library.Instrument},
		{"English subject", object(realia, [2]string{"650", "Musical instruments"}), library.Instrument},
		{"Swedish genre", object(realia, [2]string{"655", "musikinstrument"}), library.Instrument},
		{"realia", object(realia, [2]string{"300", "1 esine"}), library.Instrument},
		{"a toy", object(toy, [2]string{"300", "1 esine"}), library.OtherMedium},
		{"nothing said", object(""), library.OtherMedium},
		{"a game", object(game, [2]string{"300", "1 peli"}), library.BoardGame},
	} {
		if got := material(c.rec); got != c.want {
			t.Errorf("%s: %q, want %q", c.name, got, c.want)
		}
	}
}
