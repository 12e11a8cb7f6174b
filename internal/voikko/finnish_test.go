package voikko

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

// Outputs of Voikko's transducer for real words, read without the
// dictionary.
var outputTests = []struct {
	word, out string
	want      []Analysis
}{
	{"sodan", "[Ln][Xp]sota[X]sod[Sg][Ny]an", []Analysis{{Base: "sota", Class: "nimisana"}}},
	{"kirjastokortin", "[Ln][Xp]kirjasto[X]kirjasto[Sn][Ny][Bh][Bc][Ln][Xp]kortti[X]kort[Sg][Ny]in",
		[]Analysis{{Base: "kirjastokortti", Parts: []string{"kirjasto", "kortti"}, Class: "nimisana"}}},
	{"lastenkirja", "[Ln][Xp]lapsi[X]la[Sg][Nm]sten[Bh][Bc][Ln][Xp]kirja[X]kirj[Sn][Ny]a",
		[]Analysis{{Base: "lastenkirja", Parts: []string{"lapsi", "kirja"}, Class: "nimisana"}}},
	{"Helsingissä", "[Lep][Xp]Helsinki[X]helsingi[Sine][Ny]ssä", []Analysis{{Base: "helsinki", Class: "paikannimi"}}},
	{"luen", "[Lt][Xp]lukea[X]lue[Tt][Ap][P1][Ny][Ef]n", []Analysis{{Base: "lukea", Class: "teonsana"}}},
	{"talossammekin", "[Ln][Ica][Xp]talo[X]talo[Sine][Ny]ssa[O1m]mme[Fkin][Ef]kin", []Analysis{{Base: "talo", Class: "nimisana"}}},
	{"kalastaja", "[Lt][Xp]kalastaa[X]kalasta[Ln][Xj]ja[X][Sn][Ny]ja", []Analysis{{Base: "kalastaja", Class: "nimisana"}}},
	{"helsinkiläisille", "[Lep][Xp]Helsinki[X]helsinki[Ll][Dg]läi[Xj]nen[X]s[Sall][Nm]ille",
		[]Analysis{{Base: "helsinkiläinen", Class: "laatusana"}}},
	{"paremmin", "[Ll][Xp]hyvä[X]pare[Sin][Nm][Cc]mmin", []Analysis{{Base: "hyvä", Class: "laatusana"}}},
	{"EU:n", "[La][Xr]jj[X][Xp]EU[X]eu[Sg][Ny]:n", []Analysis{{Base: "eu", Class: "lyhenne"}}},
	{"kahdeksantoista", "[Lu][Xp]kahdeksan[X]kahdeks[Sg][Ny]an[Bc]toista[Xp][X]",
		[]Analysis{{Base: "kahdeksantoista", Class: "lukusana"}}},
	{"1900-luvulla", "[Lu]1900-[Bc][Ln][Xp]luku[X]luvu[Sade][Ny]lla",
		[]Analysis{{Base: "1900-luku", Parts: []string{"1900", "luku"}, Class: "nimisana"}}},
	{"Isolla-Britannialla", "[Lnl][De][Xp]iso[X]iso[Sade][Ny]lla-[Bc][Lep][Xp]Britannia[X]britannia[Sade][Ny]lla",
		[]Analysis{{Base: "iso-britannia", Parts: []string{"iso", "britannia"}, Class: "paikannimi"}}},
	{"Pohjois-Amerikassa", "[Lnl][De][Xp]pohjoinen[X]pohjois-[Bc][Lep][Xp]Amerikka[X]amerika[Sine][Ny]ssa",
		[]Analysis{{Base: "pohjois-amerikka", Parts: []string{"pohjoinen", "amerikka"}, Class: "paikannimi"}}},
	{"kirja-arvostelu", "[Ln][Xp]kirja[X]kirj[Sn][Ny]a-[Bh][Bc][Lt][Xp]arvostaa[X]arvostel[Xj]la[X][Ln][Xj]u[X]u[Sn][Ny]",
		[]Analysis{{Base: "kirja-arvostelu", Parts: []string{"kirja", "arvostelu"}, Class: "nimisana"}}},
	{"luettu", "[Lt][Xp]lukea[X]lue[Ll][Rt]t[Xj]tu[X]tu[Sn][Ny]", []Analysis{{Base: "luettu", Class: "laatusana"}}},
	{"nopeasti", "[Ll][Xp]nopea[X]nopea[Ssti]sti", []Analysis{{Base: "nopea", Class: "laatusana"}}},
	{"aikakauslehti", "[Lp]aika[Bm]kaus[Bh][Bc][Ln][Xp]lehti[X]leht[Sn][Ny]i",
		[]Analysis{{Base: "aikakauslehti", Parts: []string{"aikakaus", "lehti"}, Class: "nimisana"}}},
	// Parts meeting at the same vowel need a hyphen, others may not have one.
	{"kirjaarvostelu", "[Ln][Xp]kirja[X]kirj[Sn][Ny]a[Bh][Bc][Lt][Xp]arvostaa[X]arvostel[Xj]la[X][Ln][Xj]u[X]u[Sn][Ny]", nil},
	{"kirja-kauppa", "[Ln][Xp]kirja[X]kirj[Sn][Ny]a-[Bh][Bc][Ln][Xp]kauppa[X]kaupp[Sn][Ny]a", nil},
	{"etelä-suomen", "[Ln][De][Xp]etelä[X]etel[Sn][Ny]ä-[Bh][Bc][Ln][Xp]suomi[X]suom[Sg][Ny]en", nil},
}

func TestParseOutput(t *testing.T) {
	for _, tt := range outputTests {
		if diff := cmp.Diff(tt.want, appendAnalyses(nil, tt.out)); diff != "" {
			t.Errorf("%s: %s (-want +got):\n%s", tt.word, tt.out, diff)
		}
	}
}

func FuzzParseOutput(f *testing.F) {
	for _, tt := range outputTests {
		f.Add(tt.out)
	}
	f.Add("[")
	f.Add("[Xp]")
	f.Add("[Lu][Bc]")
	f.Fuzz(func(t *testing.T, out string) {
		for _, an := range appendAnalyses(nil, out) {
			if an.Base == "" {
				t.Errorf("%q: an analysis without a base form", out)
			}
		}
	})
}
