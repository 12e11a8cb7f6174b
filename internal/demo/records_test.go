package demo

import (
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/kirjasto/kirjasto/internal/library"
)

var testNow = time.Date(2026, time.November, 23, 10, 0, 0, 0, time.UTC)

func collect(seed uint64, n int) []library.RecordWithItems {
	return slices.Collect(Records(seed, n, Consortium(2026), testNow))
}

func TestRecordsDeterministic(t *testing.T) {
	a := collect(42, 1000)
	if diff := cmp.Diff(a, collect(42, 1000)); diff != "" {
		t.Fatalf("same seed, different records (-first +second):\n%s", diff)
	}
	// Record i depends only on the seed and i, so a longer catalogue
	// starts with the shorter one.
	if diff := cmp.Diff(a, collect(42, 3000)[:1000]); diff != "" {
		t.Fatalf("catalogue of 3000 does not start with that of 1000 (-1000 +3000):\n%s", diff)
	}
	b := collect(43, 1000)
	same := 0
	for i := len(classicRecords); i < 1000; i++ {
		if cmp.Equal(a[i], b[i]) {
			same++
		}
	}
	if same > 0 {
		t.Errorf("seeds 42 and 43 share %d generated records", same)
	}
}

func TestRecordsStop(t *testing.T) {
	n := 0
	for range Records(1, 100, Consortium(2026), testNow) {
		n++
		if n == 10 {
			break
		}
	}
	if n != 10 {
		t.Errorf("got %d records after break at 10", n)
	}
}

func validISBN13(s string) bool {
	if len(s) != 13 {
		return false
	}
	sum := 0
	for i, c := range s {
		if c < '0' || c > '9' {
			return false
		}
		w := 1
		if i%2 == 1 {
			w = 3
		}
		sum += int(c-'0') * w
	}
	return sum%10 == 0
}

func validISSN(s string) bool {
	if len(s) != 9 || s[4] != '-' {
		return false
	}
	digits := s[:4] + s[5:]
	sum := 0
	for i, c := range digits {
		v := int(c - '0')
		if c == 'X' && i == 7 {
			v = 10
		} else if c < '0' || c > '9' {
			return false
		}
		sum += v * (8 - i)
	}
	return sum%11 == 0
}

func TestCheckDigits(t *testing.T) {
	tests := []struct {
		s    string
		want bool
	}{
		{"9789510396230", true},
		{"9789510396231", false},
		{"0317-8471", true},
		{"0317-8472", false},
		{"2434-561X", true},
	}
	for _, tt := range tests {
		got := validISSN(tt.s)
		if len(tt.s) == 13 {
			got = validISBN13(tt.s)
		}
		if got != tt.want {
			t.Errorf("valid(%q) = %v, want %v", tt.s, got, tt.want)
		}
	}
}

func TestRecordsDistribution(t *testing.T) {
	const n = 20000
	c := Consortium(2026)
	branches := map[string]bool{}
	for _, b := range c.Branches {
		branches[b.ID] = true
	}
	langs := map[string]int{}
	mats := map[library.Material]int{}
	aud := map[string]int{}
	status := map[library.ItemStatus]int{}
	barcodes := map[string]bool{}
	sources := map[string]bool{}
	var items, recent, summaries, overdue int
	var pops []int
	var titles strings.Builder
	barcodeRE := regexp.MustCompile(`^K\d{9}$`)
	for r := range Records(7, n, c, testNow) {
		rec := r.Record
		langs[rec.Language]++
		pops = append(pops, rec.Popularity)
		mats[rec.Material]++
		aud[rec.Audience]++
		if rec.Year > 2000 {
			recent++
		}
		if rec.Summary != "" {
			summaries++
		}
		if sources[rec.SourceID] {
			t.Errorf("duplicate SourceID %s", rec.SourceID)
		}
		sources[rec.SourceID] = true
		titles.WriteString(strings.ToLower(rec.Title + " " + rec.Subtitle + "\n"))
		if rec.Title == "" || rec.Year < 1600 || rec.Year > testNow.Year() {
			t.Errorf("%s: title %q, year %d", rec.SourceID, rec.Title, rec.Year)
		}
		if rec.Material != library.Magazine && rec.Material != library.Instrument && len(rec.Authors) == 0 {
			t.Errorf("%s: no authors", rec.SourceID)
		}
		for _, isbn := range rec.ISBNs {
			if !validISBN13(isbn) {
				t.Errorf("%s: bad ISBN %s", rec.SourceID, isbn)
			}
		}
		for _, issn := range rec.ISSNs {
			if !validISSN(issn) {
				t.Errorf("%s: bad ISSN %s", rec.SourceID, issn)
			}
		}
		if rec.Material == library.Magazine && len(rec.ISSNs) != 1 {
			t.Errorf("%s: magazine without ISSN", rec.SourceID)
		}
		switch k := len(r.Items); {
		case rec.Material == library.EBook && k != 0:
			t.Errorf("%s: e-book with %d items", rec.SourceID, k)
		case rec.Material != library.EBook && (k < 1 || k > 10):
			t.Errorf("%s: %d items, want 1–10", rec.SourceID, k)
		}
		items += len(r.Items)
		for _, it := range r.Items {
			if barcodes[it.Barcode] || !barcodeRE.MatchString(it.Barcode) {
				t.Errorf("barcode %q duplicate or malformed", it.Barcode)
			}
			barcodes[it.Barcode] = true
			if !branches[it.HomeBranch] || !branches[it.Branch] {
				t.Errorf("%s: unknown branch %s/%s", it.Barcode, it.HomeBranch, it.Branch)
			}
			if it.CallNumber == "" || it.Shelf == "" || it.Collection == "" {
				t.Errorf("%s: call number %q, shelf %q, collection %q", it.Barcode, it.CallNumber, it.Shelf, it.Collection)
			}
			status[it.Status]++
			if (it.Status == library.OnLoan) != !it.DueAt.IsZero() {
				t.Errorf("%s: status %s with due %v", it.Barcode, it.Status, it.DueAt)
			}
			if it.Status == library.OnLoan && it.DueAt.Before(testNow) {
				overdue++
			}
		}
	}
	t.Logf("languages %v\nmaterials %v\naudiences %v\nstatuses %v\nitems %d, after 2000 %d, summaries %d, overdue %d",
		langs, mats, aud, status, items, recent, summaries, overdue)
	share := func(k int) float64 { return float64(k) / n }
	within := func(what string, got, lo, hi float64) {
		t.Helper()
		if got < lo || got > hi {
			t.Errorf("%s = %.3f, want %.2f–%.2f", what, got, lo, hi)
		}
	}
	within("Finnish", share(langs["fin"]), 0.55, 0.65)
	within("Swedish", share(langs["swe"]), 0.10, 0.14)
	within("English", share(langs["eng"]), 0.15, 0.21)
	within("Russian", share(langs["rus"]), 0.03, 0.05)
	for _, code := range []string{"est", "ger", "fre", "spa", "ara", "som"} {
		within("language "+code, share(langs[code]), 0.002, 0.02)
	}
	within("books", share(mats[library.Book]), 0.60, 0.70)
	within("e-books", share(mats[library.EBook]), 0.06, 0.10)
	within("audiobooks", share(mats[library.AudioBook]), 0.045, 0.075)
	within("DVDs", share(mats[library.DVD]), 0.035, 0.065)
	within("board games", share(mats[library.BoardGame]), 0.005, 0.02)
	within("adult", share(aud[library.AudienceAdult]), 0.65, 0.75)
	within("children", share(aud[library.AudienceChildren]), 0.18, 0.26)
	within("youth", share(aud[library.AudienceYouth]), 0.05, 0.11)
	within("published after 2000", share(recent), 0.6, 0.9)
	within("with a summary", share(summaries), 0.3, 0.7)
	within("items per record", float64(items)/n, 1.8, 4)
	within("on loan", float64(status[library.OnLoan])/float64(items), 0.2, 0.3)
	within("overdue of loans", float64(overdue)/float64(status[library.OnLoan]), 0.05, 0.35)
	for _, s := range library.ItemStatuses {
		if status[s] == 0 {
			t.Errorf("no item is %s", s)
		}
	}
	// Popularity is skewed: a few titles borrowed a lot, most a little.
	slices.Sort(pops)
	total, top := 0, 0
	for i, p := range pops {
		total += p
		if i >= n-n/100 {
			top += p
		}
	}
	t.Logf("top 1 %% of records hold %.2f of popularity; median %d, max %d", float64(top)/float64(total), pops[n/2], pops[n-1])
	within("popularity share of the top 1 %", float64(top)/float64(total), 0.2, 0.8)
	within("median popularity", float64(pops[n/2]), 2, 20)
	// Stemmers have work to do only if titles inflect.
	all := titles.String()
	for _, w := range []string{"kissa ", "kissan ", "kissat ", "kissoja ", "bok", "boken", "böcker", "böckerna",
		"library", "libraries", "книга", "книги"} {
		if !strings.Contains(all, w) {
			t.Errorf("no title contains %q", w)
		}
	}
	// Russian accusatives ("Про кошку") are rarer: any of the commonest.
	if !strings.Contains(all, "книгу") && !strings.Contains(all, "кошку") && !strings.Contains(all, "собаку") {
		t.Error("no title has a Russian accusative")
	}
}

func TestAuthorsSkewed(t *testing.T) {
	books := map[string]int{}
	for r := range Records(3, 20000, Consortium(2026), testNow) {
		if r.Record.Language == "fin" && len(r.Record.Authors) > 0 {
			books[r.Record.Authors[0].Name]++
		}
	}
	most := 0
	for _, k := range books {
		most = max(most, k)
	}
	if most < 100 || len(books) < 300 {
		t.Errorf("%d Finnish authors, the most prolific with %d records; want a long tail and a few prolific", len(books), most)
	}
}
