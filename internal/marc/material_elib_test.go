package marc

import (
	"testing"

	"github.com/kirjasto/kirjasto/internal/library"
)

// TestEMaterial: a spoken-word recording or a serial is an e-audiobook
// or an e-magazine when its 007 says remote (cr), its 008/23 form of item
// online (o) or its carrier an online resource (338 $b cr); without
// them it stays on a disc or on paper.
func TestEMaterial(t *testing.T) {
	rec := func(leader, f007, f008 string, carrier string) *Record {
		r := &Record{Leader: Leader([]byte("00000n" + leader + " a2200000 a 4500"))}
		r.AddControl("001", "x")
		if f007 != "" {
			r.AddControl("007", f007)
		}
		if f008 != "" {
			r.AddControl("008", f008)
		}
		r.AddData("245", '0', '0', "a", "Nimeke")
		if carrier != "" {
			r.AddData("338", ' ', ' ', "b", carrier)
		}
		return r
	}
	online := "220101s2022    fi      o           und d" // 008/23 o
	print := "220101s2022    fi                  und d"
	for _, c := range []struct {
		name string
		rec  *Record
		want library.Material
	}{
		{"audiobook online by 007", rec("im", "cr", "", ""), library.EAudioBook},
		{"audiobook online by 008", rec("im", "", online, ""), library.EAudioBook},
		{"audiobook online by carrier", rec("im", "", "", "cr"), library.EAudioBook},
		{"audiobook on a disc", rec("im", "sd f", print, "sd"), library.AudioBook},
		{"serial online", rec("as", "cr", online, ""), library.EMagazine},
		{"serial on paper", rec("as", "", print, "nc"), library.Magazine},
		{"e-book", rec("am", "cr", online, ""), library.EBook},
	} {
		if got := material(c.rec); got != c.want {
			t.Errorf("%s: %q, want %q", c.name, got, c.want)
		}
	}
}
