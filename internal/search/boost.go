package search

import "math"

// Static boosts: how a document's popularity and age scale its score,
// whatever the query.

// popTable holds popularity factors of the commonest loan counts: a
// logarithm per hit was a tenth of a broad query's ranking.
var popTable = func() (t [1024]float64) {
	for i := range t {
		t[i] = 1 + popularityBoost*math.Log1p(float64(i))
	}
	return t
}()

// popularity returns the ranking factor of a record with pop loans.
func popularity(pop uint32) float64 {
	if int(pop) < len(popTable) {
		return popTable[pop]
	}
	return 1 + popularityBoost*math.Log1p(float64(pop))
}

// recency returns the ranking factor of a record published in year y.
func recency(y uint16) float64 {
	if y > 1900 {
		return 1 + recencyBoost*min(float64(y-1900)/130, 1)
	}
	return 1
}

// A document's cap is a byte that bounds its popularity times recency
// from above, so that ranking can pass over a hit that cannot reach the
// top by reading one byte of it rather than its loans and year, which
// are 6 bytes in two other arrays: at three million records that is the
// difference between 3 MB and 18 MB read from memory for a broad query.
// Cap c stands for 2^(c/254), a step of 0.3%; the factor of a record with
// a million loans is 1.8, so the last cap, which stands for no bound at
// all, is a formality.
var capFactor = func() (t [256]float64) {
	for c := range t {
		t[c] = math.Exp2(float64(c) / 254)
	}
	t[255] = math.Inf(1)
	return t
}()

// capOf returns the cap of a document with pop loans published in year y.
func capOf(pop uint32, y uint16) uint8 {
	f := popularity(pop) * recency(y)
	c := int(math.Ceil(math.Log2(f) * 254))
	for c < 255 && capFactor[c] < f { // Log2 and Exp2 round
		c++
	}
	return uint8(min(max(c, 0), 255))
}
