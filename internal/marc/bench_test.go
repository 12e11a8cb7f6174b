package marc

import (
	"bytes"
	"io"
	"os"
	"testing"
)

// BenchmarkReadConvert reads pride-and-prejudice-fixed.mrc (383 records,
// MARC-8 and UTF-8) and maps every record to the domain, reporting
// records per second.
func BenchmarkReadConvert(b *testing.B) {
	data, err := os.ReadFile(shared(b, "marc4j/pride-and-prejudice-fixed.mrc"))
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(data)))
	n := 0
	for b.Loop() {
		r := NewReader(bytes.NewReader(data))
		for {
			rec, err := r.Next()
			if err == io.EOF {
				break
			}
			if err != nil {
				b.Fatal(err)
			}
			ToLibrary(rec) // a few records lack an identity; that is part of the work

			n++
		}
	}
	b.ReportMetric(float64(n)/b.Elapsed().Seconds(), "records/s")
}

// BenchmarkDecodeMARC8 converts the 1,515 lines of pymarc's MARC-8 test
// file, mostly CJK.
func BenchmarkDecodeMARC8(b *testing.B) {
	data, err := os.ReadFile(shared(b, "pymarc/test_marc8.txt"))
	if err != nil {
		b.Fatal(err)
	}
	lines := bytes.Split(data, []byte("\n"))
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		for _, l := range lines {
			DecodeMARC8(l)
		}
	}
}
