package marc

import (
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/kirjasto/kirjasto/internal/library"
)

func TestValidISBN(t *testing.T) {
	for _, tc := range []struct {
		s    string
		want bool
	}{
		{"951-0-18435-7", true},
		{"951-0-18435-8", false},
		{"9510184357", true},
		{"0-306-40615-2", true},
		{"030640615X", false},
		{"080442957X", true},
		{"978-951-1-31712-5", false},
		{"9780306406157", true},
		{"978-0-306-40615-7", true},
		{"9780306406158", false},
		{"97803064061X7", false},
		{"0306406152 (sid.)", false},
		{"", false},
	} {
		if got := ValidISBN(tc.s); got != tc.want {
			t.Errorf("ValidISBN(%q) = %v, want %v", tc.s, got, tc.want)
		}
	}
	for _, tc := range []struct {
		s    string
		want bool
	}{
		{"0317-8471", true}, {"0317-8472", false}, {"2049-3630", true}, {"1050-124X", true}, {"1050-1241", false}, {"12345", false},
	} {
		if got := ValidISSN(tc.s); got != tc.want {
			t.Errorf("ValidISSN(%q) = %v, want %v", tc.s, got, tc.want)
		}
	}
}

// fullForm fills every field of the form.
func fullForm() library.RecordForm {
	return library.RecordForm{
		Title: "Tuntematon sotilas", Subtitle: "romaani",
		Authors:       []library.Contributor{{Name: "Linna, Väinö", Role: "author"}, {Name: "Kuvaaja, Kalle", Role: "illustrator"}},
		OriginalTitle: "Okänd soldat", Edition: "3. painos", Place: "Helsinki", Publisher: "WSOY", Year: 2004,
		Extent: "476 sivua", Material: library.Book, Language: "fin", Audience: library.AudienceAdult,
		ISBNs: []string{"9780306406157", "080442957X"}, ISSNs: []string{"0317-8471"},
		Series: "Suomalaisia klassikoita", SeriesNumber: "12",
		YKL: []string{"84.2"}, UDK: []string{"894.541"},
		Subjects: []string{"sota -- jatkosota", "sotilaat"}, Keywords: []string{"talvisota"}, Genres: []string{"sotaromaanit"},
		Summary: "Romaani jatkosodasta.", Notes: []string{"Ensimmäinen painos 1954"},
	}
}

func TestFormRoundTrip(t *testing.T) {
	f := fullForm()
	r, ps := ApplyForm(nil, f)
	if len(ps) > 0 {
		t.Fatalf("ApplyForm: %v", ps)
	}
	if diff := cmp.Diff(f, FormOf(r)); diff != "" {
		t.Errorf("form → MARC → form (-in +out):\n%s\n%s", diff, r)
	}
	// Through ISO 2709 and back, as the store keeps it.
	b, err := Marshal(r)
	if err != nil {
		t.Fatal(err)
	}
	back, err := Unmarshal(b)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(f, FormOf(back)); diff != "" {
		t.Errorf("after ISO 2709 (-in +out):\n%s", diff)
	}
	// The domain record says the same.
	rec, _, err := ToLibrary(back)
	if err != nil {
		t.Fatal(err)
	}
	if rec.Title != "Tuntematon sotilas" || rec.Year != 2004 || rec.Publisher != "WSOY" || rec.Language != "fin" ||
		rec.Material != library.Book || len(rec.ISBNs) != 2 || rec.Series != "Suomalaisia klassikoita" {
		t.Errorf("ToLibrary = %+v", rec)
	}

	// Every material survives the trip, with and without an audience.
	for _, m := range library.Materials {
		g := f
		g.Material = m
		r, ps := ApplyForm(nil, g)
		if len(ps) > 0 {
			t.Errorf("material %s: %v", m, ps)
			continue
		}
		if diff := cmp.Diff(g, FormOf(r)); diff != "" {
			t.Errorf("material %s (-in +out):\n%s", m, diff)
		}
	}
}

// An edit rewrites only what changed: the rest of the MARC record, the
// subject heading's link and the local field included, stays as it was.
func TestApplyFormKeepsWhatItDoesNotShow(t *testing.T) {
	base, ps := ApplyForm(nil, fullForm())
	if len(ps) > 0 {
		t.Fatal(ps)
	}
	for i, f := range base.Fields {
		if f.Tag == "650" {
			base.Fields[i].Subfields = append(base.Fields[i].Subfields, Subfield{'0', "http://www.yso.fi/onto/yso/p1"})
		}
	}
	base.AddData("590", ' ', ' ', "a", "Paikallinen huomautus")
	f := FormOf(base)
	f.Title = "Tuntematon sotilas (uusi)"
	f.Year = 2005
	r, ps := ApplyForm(base, f)
	if len(ps) > 0 {
		t.Fatal(ps)
	}
	if diff := cmp.Diff(f, FormOf(r)); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	if got := r.Subfield("650", '0'); got != "http://www.yso.fi/onto/yso/p1" {
		t.Errorf("650 $0 = %q, want it kept", got)
	}
	if got := r.Subfield("590", 'a'); got != "Paikallinen huomautus" {
		t.Errorf("590 $a = %q, want it kept", got)
	}
	if got := r.Control("008")[7:11]; got != "2005" {
		t.Errorf("008/07-10 = %q", got)
	}
}

func TestCheckForm(t *testing.T) {
	f := fullForm()
	f.Title = " "
	f.ISBNs = []string{"9780306406157", " ", "978-0-306-40615-8"}
	f.ISSNs = []string{"0317-8472"}
	f.Authors = append(f.Authors, library.Contributor{Name: "X", Role: "juggler"})
	f.Year = 20045
	f.Language = "finnish"
	f.Material = "scroll"
	var got []string
	for _, p := range CheckForm(f) {
		got = append(got, p.Field+" "+p.Key)
		if p.Field == "isbns" && p.Index != 2 {
			t.Errorf("ISBN problem at index %d, want 2 (the entry as sent)", p.Index)
		}
	}
	want := []string{
		"title catalogue.problem.title_required", "authors catalogue.problem.role_unknown",
		"year catalogue.problem.year_invalid", "material catalogue.problem.material_unknown",
		"language catalogue.problem.language_invalid", "isbns catalogue.problem.isbn_invalid",
		"issns catalogue.problem.issn_invalid",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("problems (-want +got):\n%s", diff)
	}
}

func TestFromEdited(t *testing.T) {
	base, _ := ApplyForm(nil, fullForm())
	base.SetControl("001", "123")
	leader, fields := Edited(base)

	// Editor → record → ISO 2709 → editor gives the same fields.
	r, ps := FromEdited(leader, fields)
	if len(ps) > 0 {
		t.Fatal(ps)
	}
	b, err := Marshal(r)
	if err != nil {
		t.Fatal(err)
	}
	back, err := Unmarshal(b)
	if err != nil {
		t.Fatal(err)
	}
	_, got := Edited(back)
	if diff := cmp.Diff(fields, got); diff != "" {
		t.Errorf("fields after ISO 2709 (-in +out):\n%s", diff)
	}

	bad := slices.Clone(fields)
	bad = append(bad,
		library.MARCField{Tag: "24", Ind1: "1", Subfields: []library.MARCSubfield{{Code: "a", Value: "x"}}},
		library.MARCField{Tag: "245", Ind1: "10", Ind2: "0", Subfields: []library.MARCSubfield{{Code: "A", Value: "x"}, {Code: "b", Value: " "}}},
		library.MARCField{Tag: "100", Ind1: "1", Subfields: []library.MARCSubfield{{Code: "a", Value: "Toinen"}}},
		library.MARCField{Tag: "005", Value: "x", Ind1: "1"},
		library.MARCField{Tag: "500"},
	)
	n := len(fields)
	_, ps = FromEdited("00000zz  a2200000 i 4500x", bad)
	_, ps2 := FromEdited("00000nzm a2200000 i 4500", bad)
	ps = append(ps, ps2...)
	var keys []string
	for _, p := range ps {
		keys = append(keys, p.Key)
	}
	want := []library.Problem{
		{Field: "leader", Index: -1, Subfield: -1, Position: -1, Key: "catalogue.problem.leader_length"},
		{Field: "fields", Index: n, Subfield: -1, Position: -1, Key: "catalogue.problem.tag_invalid"},
		{Field: "fields", Index: n + 1, Subfield: -1, Position: 1, Key: "catalogue.problem.indicator_invalid"},
		{Field: "fields", Index: n + 1, Subfield: 0, Position: -1, Key: "catalogue.problem.subfield_code_invalid"},
		{Field: "fields", Index: n + 1, Subfield: 1, Position: -1, Key: "catalogue.problem.subfield_empty"},
		{Field: "fields", Index: n + 1, Subfield: -1, Position: -1, Key: "catalogue.problem.field_not_repeatable"},
		{Field: "fields", Index: n + 2, Subfield: -1, Position: -1, Key: "catalogue.problem.one_main_entry"},
		{Field: "fields", Index: n + 3, Subfield: -1, Position: -1, Key: "catalogue.problem.control_field_order"},
		{Field: "fields", Index: n + 3, Subfield: -1, Position: -1, Key: "catalogue.problem.control_field_indicators"},
		{Field: "fields", Index: n + 4, Subfield: -1, Position: -1, Key: "catalogue.problem.no_subfields"},
	}
	wantFirst := len(want)
	// The second leader: leader/06 'z' is no bibliographic type; /07 'm' fine.
	want = append(want, library.Problem{Field: "leader", Index: -1, Subfield: -1, Position: 6, Key: "catalogue.problem.leader_position"})
	want = append(want, want[1:wantFirst]...)
	if diff := cmp.Diff(want, ps, cmpIgnoreMessage); diff != "" {
		t.Errorf("problems (-want +got):\n%s", diff)
	}

	// No 245 at all.
	var no245 []library.MARCField
	for _, f := range fields {
		if f.Tag != "245" {
			no245 = append(no245, f)
		}
	}
	if _, ps := FromEdited(leader, no245); len(ps) != 1 || ps[0].Key != "catalogue.problem.title_field_required" {
		t.Errorf("without 245: %v", ps)
	}
}

var cmpIgnoreMessage = cmp.FilterPath(func(p cmp.Path) bool { return p.Last().String() == ".Message" }, cmp.Ignore())

// The form of every real record in ../shared/marc saves back without
// changing a byte (nothing is rewritten when nothing changed), and a new
// title changes only the 245 and what the form says, reading back as
// entered.
func TestFormOnSharedRecords(t *testing.T) {
	dir := shared(t, ".")
	files, err := filepath.Glob(filepath.Join(dir, "*", "*"))
	if err != nil {
		t.Fatal(err)
	}
	n, edited := 0, 0
	refused := map[string]int{}
	for _, p := range files {
		if strings.HasSuffix(p, ".txt") || strings.HasSuffix(p, ".md") {
			continue
		}
		for i, r := range readAll(t, p).recs {
			if !isBibliographic(r.Leader) {
				continue
			}
			n++
			f := FormOf(r)
			same, ps := ApplyForm(r, f)
			if len(ps) > 0 {
				// Real records carry bad ISBNs and the like; the form
				// reports them, and only then refuses.
				for _, pr := range ps {
					refused[pr.Key]++
					if pr.Key == "catalogue.problem.form_not_kept" {
						t.Errorf("%s record %d: %v", filepath.Base(p), i+1, ps)
					}
				}
				continue
			}
			if diff := cmp.Diff(r, same); diff != "" {
				t.Errorf("%s record %d: unchanged form changed the record:\n%s", filepath.Base(p), i+1, diff)
				continue
			}
			if f.Title == "" {
				continue
			}
			f.Title = "Uusi nimeke"
			f.Notes = append(f.Notes, "Luetteloitu uudelleen")
			out, ps := ApplyForm(r, f)
			if len(ps) > 0 {
				t.Errorf("%s record %d: %v", filepath.Base(p), i+1, ps)
				continue
			}
			if diff := cmp.Diff(NormalizeForm(f), FormOf(out)); diff != "" {
				t.Errorf("%s record %d: edited form reads back differently (-want +got):\n%s", filepath.Base(p), i+1, diff)
			}
			edited++
		}
	}
	t.Logf("%d bibliographic records, %d edited; problems that refused the others: %v", n, edited, refused)
	if edited == 0 {
		t.Error("no record edited")
	}
}

// A wrong check digit the record already has does not stop an edit; a
// new one does.
func TestApplyFormOldISBN(t *testing.T) {
	base, ps := ApplyForm(nil, fullForm())
	if len(ps) > 0 {
		t.Fatal(ps)
	}
	base.AddData("020", ' ', ' ', "a", "9780306406158")
	f := FormOf(base)
	if !slices.Contains(f.ISBNs, "9780306406158") {
		t.Fatalf("form ISBNs %v", f.ISBNs)
	}
	f.Title = "Uusi"
	if _, ps := ApplyForm(base, f); len(ps) > 0 {
		t.Errorf("edit of a record with an old bad ISBN: %v", ps)
	}
	f.ISBNs = append(f.ISBNs, "9780306406159")
	_, ps = ApplyForm(base, f)
	if len(ps) != 1 || ps[0].Key != "catalogue.problem.isbn_invalid" || ps[0].Index != len(f.ISBNs)-1 {
		t.Errorf("new bad ISBN: %v", ps)
	}
}
