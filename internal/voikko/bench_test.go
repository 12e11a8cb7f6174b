package voikko

import (
	"strings"
	"testing"
)

// benchWords is a mix like a catalogue's Finnish titles and queries:
// inflected nouns and verbs, compounds, names, short function words and
// words Voikko does not know (English and Swedish titles, typing errors).
var benchWords = strings.Fields(`
sodan kirjastokortin Helsingissä luen kirjoitti talossammekin lastenkirjoja
ja on se että ei hän oli kun mutta myös kirja kirjat tarina elämä maailman
sotahistoria Suomen historia kaupunginkirjasto Tuntematon sotilas Seitsemän veljestä
Kalevala Väinämöinen Muumipeikko taikurin hattu vuoden talvisodan jatkosodan
keittokirja ruokaohjeita lapsille nuorille aikuisille opas matkaopas Lontoo Pariisi
rakkaus kuolema yö päivä aamu ilta kesän talven syksyn kevään
romaani runoja novelleja elokuva musiikki laulut kappaleet soitto pianon
tietokone ohjelmointi kehittäjille verkkosivut tekoäly koneoppiminen
the harry potter and of bibliotek och kirjstokortti xyzzy qwerty
rautatieasemalla lentokentälle Pohjois-Suomessa Isolla-Britannialla 1900-luvulla
kirjoittanut luettu kauniin parhaat nopeasti hevosten kädessäni ihmisiä
`)

func BenchmarkAnalyze(b *testing.B) {
	a := analyzer(b)
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		a.Analyze(benchWords[i%len(benchWords)])
		i++
	}
}

func BenchmarkLemmas(b *testing.B) {
	a := analyzer(b)
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		a.Lemmas(benchWords[i%len(benchWords)])
		i++
	}
}

func BenchmarkAnalyzeParallel(b *testing.B) {
	a := analyzer(b)
	b.ReportAllocs()
	b.RunParallel(func(pb *testing.PB) {
		i := 0
		for pb.Next() {
			a.Analyze(benchWords[i%len(benchWords)])
			i++
		}
	})
}

func BenchmarkOpen(b *testing.B) {
	analyzer(b)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Open(DefaultPath); err != nil {
			b.Fatal(err)
		}
	}
}
