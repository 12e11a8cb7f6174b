package voikko

import (
	"runtime"
	"strings"
	"testing"
	"time"

	"golang.org/x/sys/unix"
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

// BenchmarkAnalyze also reports the benchmarking thread's CPU time per
// word (cpu-ns/op), which a busy shared machine disturbs less than the
// wall-clock time.
func BenchmarkAnalyze(b *testing.B) {
	a := analyzer(b)
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	b.ReportAllocs()
	cpu := threadCPU()
	i := 0
	for b.Loop() {
		a.Analyze(benchWords[i%len(benchWords)])
		i++
	}
	b.ReportMetric(float64(threadCPU()-cpu)/float64(b.N), "cpu-ns/op")
}

func BenchmarkLemmas(b *testing.B) {
	a := analyzer(b)
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	b.ReportAllocs()
	cpu := threadCPU()
	i := 0
	for b.Loop() {
		a.Lemmas(benchWords[i%len(benchWords)])
		i++
	}
	b.ReportMetric(float64(threadCPU()-cpu)/float64(b.N), "cpu-ns/op")
}

// threadCPU returns the CPU time the calling thread has used.
func threadCPU() time.Duration {
	var ts unix.Timespec
	if err := unix.ClockGettime(unix.CLOCK_THREAD_CPUTIME_ID, &ts); err != nil {
		return 0
	}
	return time.Duration(ts.Nano())
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
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	b.ReportAllocs()
	cpu := threadCPU()
	for b.Loop() {
		if _, err := Open(DefaultPath); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(threadCPU()-cpu)/float64(b.N), "cpu-ns/op")
}
