package search

import (
	"math/rand/v2"
	"slices"
	"testing"
)

// TestValidTerms checks validTerms against the terms it is given: encodings
// of sorted terms, some out of range, some cut short.
func TestValidTerms(t *testing.T) {
	const n = 1000
	inRange := func(ts []uint32) bool {
		for _, v := range ts {
			if v>>fieldShift >= numFields || v&idMask >= n {
				return false
			}
		}
		return true
	}
	r := rand.New(rand.NewPCG(1, 2))
	valid := 0
	for range 2000 {
		ts := make([]uint32, r.IntN(6))
		for i := range ts {
			ts[i] = uint32(r.IntN(numFields+1))<<fieldShift | uint32(r.IntN(n+n/50))
		}
		slices.Sort(ts)
		b := appendTerms(nil, ts)
		if got, want := validTerms(b, n), inRange(ts); got != want {
			t.Errorf("validTerms(%v) = %v, want %v", ts, got, want)
		}
		if len(b) >= 2 && b[len(b)-2] >= 0x80 && validTerms(b[:len(b)-1], n) {
			t.Errorf("validTerms(%x) of a cut varint = true", b[:len(b)-1])
		}
		if inRange(ts) {
			valid++
		}
	}
	if valid < 100 || valid > 1900 {
		t.Fatalf("%d of 2000 lists in range: the test checks too little", valid)
	}
	for _, b := range [][]byte{
		{0x80},                         // a varint cut short
		{0xff, 0xff, 0xff, 0xff, 0x7f}, // beyond 32 bits
		{0x01, 0xff, 0xff, 0xff, 0xff, 0x0f},
	} {
		if validTerms(b, n) {
			t.Errorf("validTerms(%x) = true", b)
		}
	}
}
