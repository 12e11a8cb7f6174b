package store_test

import (
	"context"
	"errors"
	"slices"
	"strconv"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/kirjasto/kirjasto/internal/library"
	"github.com/kirjasto/kirjasto/internal/marc"
	"github.com/kirjasto/kirjasto/internal/store"
	"github.com/kirjasto/kirjasto/internal/store/storetest"
)

var cataloguer = library.Staff{ID: 7, Username: "cat", Role: library.RoleCataloguer}

func catalogueForm(title string) library.RecordForm {
	return library.RecordForm{
		Title: title, Subtitle: "romaani", Authors: []library.Contributor{{Name: "Linna, Väinö", Role: "author"}},
		Place: "Helsinki", Publisher: "WSOY", Year: 2004, Extent: "476 sivua", Material: library.Book,
		Language: "fin", Audience: library.AudienceAdult, ISBNs: []string{"9780306406157"},
		YKL: []string{"84.2"}, Subjects: []string{"sota"}, Summary: "Romaani sodasta.", Notes: []string{"Uusintapainos"},
	}
}

// problemKeys returns the keys of a *library.ProblemsError, failing if err
// is not one or does not read as EINVALID.
func problemKeys(t *testing.T, err error) []string {
	t.Helper()
	var pe *library.ProblemsError
	if !errors.As(err, &pe) {
		t.Fatalf("error %v is not a ProblemsError", err)
	}
	if library.ErrorCode(err) != library.EINVALID || library.ErrorKey(err) != "error.catalogue_record_invalid" {
		t.Errorf("error %v: code %s key %s", err, library.ErrorCode(err), library.ErrorKey(err))
	}
	var keys []string
	for _, p := range pe.Problems {
		keys = append(keys, p.Key)
	}
	return keys
}

func TestCatalogueRecordForm(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		upsert(t, db, makeRecords("imp", 1, 0)) // an imported record first: IDs go on from it
		form := catalogueForm("Tuntematon sotilas")
		cr, err := db.CreateRecord(ctx, cataloguer, form)
		if err != nil {
			t.Fatal(err)
		}
		id := cr.Record.ID
		if id < 2 {
			t.Errorf("new record ID %d, want after the imported one", id)
		}
		if diff := cmp.Diff(form, cr.Form); diff != "" {
			t.Errorf("form after create (-sent +stored):\n%s", diff)
		}
		m := marc.Of(cr.Record, nil)
		if m.Control("001") != strconv.FormatInt(id, 10) || m.Control("003") != "Kirjasto" || len(m.Control("005")) != 16 {
			t.Errorf("control fields 001 %q 003 %q 005 %q", m.Control("001"), m.Control("003"), m.Control("005"))
		}
		rec, err := db.Record(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		if rec.SourceID != "Kirjasto "+strconv.FormatInt(id, 10) || rec.Title != "Tuntematon sotilas" || rec.Year != 2004 ||
			rec.Publisher != "WSOY" || rec.MainAuthor() != "Linna, Väinö" || len(rec.MARC) == 0 {
			t.Errorf("stored record = %+v", rec)
		}
		got, err := db.CatalogueRecord(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(cr, got); diff != "" {
			t.Errorf("CatalogueRecord differs from what CreateRecord returned (-create +read):\n%s", diff)
		}

		// An edit with the version read succeeds and moves it on.
		form.Title = "Tuntematon sotilas (juhlapainos)"
		form.ISBNs = append(form.ISBNs, "0-306-40615-2")
		edited, err := db.UpdateRecordForm(ctx, cataloguer, id, cr.Version, form)
		if err != nil {
			t.Fatal(err)
		}
		if edited.Version != cr.Version+1 || edited.Form.Title != form.Title || !slices.Equal(edited.Form.ISBNs, []string{"9780306406157", "0306406152"}) {
			t.Errorf("after edit: version %d, form %+v", edited.Version, edited.Form)
		}
		// A save of the old version is someone else's stale edit.
		_, err = db.UpdateRecordForm(ctx, cataloguer, id, cr.Version, catalogueForm("Vanha"))
		wantKey(t, err, "error.catalogue_record_changed")
		if library.ErrorCode(err) != library.ECONFLICT {
			t.Errorf("stale save: code %s", library.ErrorCode(err))
		}

		// A bad form: problems placed, nothing saved.
		bad := form
		bad.Title = ""
		bad.ISBNs = []string{"9780306406158"}
		_, err = db.UpdateRecordForm(ctx, cataloguer, id, edited.Version, bad)
		if diff := cmp.Diff([]string{"catalogue.problem.title_required", "catalogue.problem.isbn_invalid"}, problemKeys(t, err)); diff != "" {
			t.Errorf("problems (-want +got):\n%s", diff)
		}
		after, err := db.CatalogueRecord(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		if after.Version != edited.Version || after.Form.Title != form.Title {
			t.Errorf("a refused save changed the record: version %d, title %q", after.Version, after.Form.Title)
		}

		_, err = db.UpdateRecordForm(ctx, cataloguer, 9999, 1, form)
		wantKey(t, err, "error.catalogue_record_not_found")

		// An import of the record moves the version on too: an edit
		// begun before it would overwrite what it brought.
		imported := after.Record
		imported.Title = "Tuonut tuonti"
		upsert(t, db, []library.RecordWithItems{{Record: imported}})
		_, err = db.UpdateRecordForm(ctx, cataloguer, id, after.Version, form)
		wantKey(t, err, "error.catalogue_record_changed")
	})
}

func TestCatalogueRecordMARC(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		cr, err := db.CreateRecord(ctx, cataloguer, catalogueForm("Seitsemän veljestä"))
		if err != nil {
			t.Fatal(err)
		}
		// The MARC editor adds a local field and a second 650 with a link.
		fields := append(slices.Clone(cr.Fields),
			library.MARCField{Tag: "590", Ind1: " ", Ind2: " ", Subfields: []library.MARCSubfield{{Code: "a", Value: "Lahjoitus"}}},
			library.MARCField{Tag: "650", Ind1: " ", Ind2: "7", Subfields: []library.MARCSubfield{
				{Code: "a", Value: "veljekset"}, {Code: "2", Value: "yso/fin"}, {Code: "0", Value: "http://www.yso.fi/onto/yso/p1"}}},
		)
		saved, err := db.UpdateRecordMARC(ctx, cataloguer, cr.Record.ID, cr.Version, cr.Leader, fields)
		if err != nil {
			t.Fatal(err)
		}
		// Stored as sent, but for the new 005; exported the same.
		stamp := func(fs []library.MARCField) []library.MARCField {
			out := slices.Clone(fs)
			for i := range out {
				if out[i].Tag == "005" {
					out[i].Value = "-"
				}
			}
			return out
		}
		if diff := cmp.Diff(stamp(fields), stamp(saved.Fields)); diff != "" {
			t.Errorf("fields after save (-sent +stored):\n%s", diff)
		}
		rec, err := db.Record(ctx, cr.Record.ID)
		if err != nil {
			t.Fatal(err)
		}
		b, err := marc.Marshal(marc.Of(rec, nil))
		if err != nil {
			t.Fatal(err)
		}
		exported, err := marc.Unmarshal(b)
		if err != nil {
			t.Fatal(err)
		}
		leader, exportedFields := marc.Edited(exported)
		if diff := cmp.Diff(saved.Fields, exportedFields); diff != "" || leader != saved.Leader {
			t.Errorf("exported record differs (-saved +exported):\n%s\nleader %q, saved %q", diff, leader, saved.Leader)
		}
		if !slices.Contains(rec.Subjects, "veljekset") {
			t.Errorf("subjects %v: the 650 from the editor is not searchable", rec.Subjects)
		}

		// The form shows the edit, and a form save keeps the editor's fields.
		form := saved.Form
		form.Summary = "Uusi tiivistelmä."
		viaForm, err := db.UpdateRecordForm(ctx, cataloguer, cr.Record.ID, saved.Version, form)
		if err != nil {
			t.Fatal(err)
		}
		m := marc.Of(viaForm.Record, nil)
		if m.Subfield("590", 'a') != "Lahjoitus" || len(m.FieldsOf("650")) != 2 {
			t.Errorf("the form save lost the editor's fields:\n%s", m)
		}

		// Invalid fields: every problem placed, nothing saved.
		bad := slices.Clone(viaForm.Fields)
		bad = append(bad, library.MARCField{Tag: "2-5", Ind1: " ", Ind2: " ", Subfields: []library.MARCSubfield{{Code: "a", Value: "x"}}})
		for i := range bad {
			switch bad[i].Tag {
			case "001":
				bad[i].Value = "other"
			case "245":
				bad[i].Ind1 = "10"
			}
		}
		bad = append(bad, bad[slices.IndexFunc(bad, func(f library.MARCField) bool { return f.Tag == "245" })])
		_, err = db.UpdateRecordMARC(ctx, cataloguer, cr.Record.ID, viaForm.Version, viaForm.Leader[:20], bad)
		want := []string{"catalogue.problem.leader_length", "catalogue.problem.indicator_invalid",
			"catalogue.problem.tag_invalid", "catalogue.problem.indicator_invalid", "catalogue.problem.field_not_repeatable"}
		if diff := cmp.Diff(want, problemKeys(t, err)); diff != "" {
			t.Errorf("problems (-want +got):\n%s", diff)
		}
		// The control number stays.
		changed := slices.Clone(viaForm.Fields)
		changed[slices.IndexFunc(changed, func(f library.MARCField) bool { return f.Tag == "001" })].Value = "other"
		_, err = db.UpdateRecordMARC(ctx, cataloguer, cr.Record.ID, viaForm.Version, viaForm.Leader, changed)
		if diff := cmp.Diff([]string{"catalogue.problem.control_number_fixed"}, problemKeys(t, err)); diff != "" {
			t.Errorf("problems (-want +got):\n%s", diff)
		}

		// A record from the editor with a control number of its own keeps
		// it as its identity; a second one with it is refused.
		copyFields := slices.Clone(viaForm.Fields)
		copyFields[slices.IndexFunc(copyFields, func(f library.MARCField) bool { return f.Tag == "001" })].Value = "987654"
		copyFields[slices.IndexFunc(copyFields, func(f library.MARCField) bool { return f.Tag == "003" })].Value = "FI-MELINDA"
		copied, err := db.CreateRecordMARC(ctx, cataloguer, viaForm.Leader, copyFields)
		if err != nil {
			t.Fatal(err)
		}
		if copied.Record.SourceID != "FI-MELINDA 987654" {
			t.Errorf("copied record's identity %q", copied.Record.SourceID)
		}
		_, err = db.CreateRecordMARC(ctx, cataloguer, viaForm.Leader, copyFields)
		wantKey(t, err, "error.catalogue_record_exists")
	})
}

// Two cataloguers save the record they both opened: one wins, the other
// is told someone else changed it.
func TestCatalogueConcurrentEdit(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		cr, err := db.CreateRecord(ctx, cataloguer, catalogueForm("Alku"))
		if err != nil {
			t.Fatal(err)
		}
		const n = 4
		errs := make([]error, n)
		var wg sync.WaitGroup
		start := make(chan struct{})
		for i := range n {
			wg.Go(func() {
				<-start
				_, errs[i] = db.UpdateRecordForm(ctx, cataloguer, cr.Record.ID, cr.Version, catalogueForm("Versio "+strconv.Itoa(i)))
			})
		}
		close(start)
		wg.Wait()
		won := 0
		for _, err := range errs {
			switch {
			case err == nil:
				won++
			case library.ErrorKey(err) != "error.catalogue_record_changed":
				t.Errorf("loser's error %v", err)
			}
		}
		if won != 1 {
			t.Errorf("%d saves of one version succeeded, want 1", won)
		}
		got, err := db.CatalogueRecord(ctx, cr.Record.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.Version != cr.Version+1 {
			t.Errorf("version %d, want %d", got.Version, cr.Version+1)
		}
	})
}
