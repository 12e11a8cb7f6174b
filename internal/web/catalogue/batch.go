package catalogue

import (
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/kirjasto/kirjasto/internal/library"
	"github.com/kirjasto/kirjasto/internal/web"
)

// Batch changes: a list of barcodes (typed, pasted or scanned, one a
// line) and what to set on each: a status, a home branch, a shelf
// location or the call number's classification. "Preview" runs the batch
// as a dry run and shows each barcode's outcome; "Apply" runs it and
// answers with a page to GET that counts the outcomes.

// outcomeView is what a batch did, or would do, to one barcode.
type outcomeView struct {
	Barcode, Outcome, Label, Reason string
}

// batchPage is the data of the batch page.
type batchPage struct {
	Form    *itemForm
	Preview []outcomeView
	Counts  []outcomeView // after applying: Label and the count in Reason
	Alert   string
}

var batchOutcomes = []string{library.BatchChanged, library.BatchUnchanged, library.BatchNotFound, library.BatchRefused}

// serveBatch shows the batch form, and after a batch was applied, what it did.
func (s *server) serveBatch(w http.ResponseWriter, r *http.Request, st library.Staff) error {
	if err := library.Permit(st, library.ActCatalogue, st.Reach()); err != nil {
		return err
	}
	bp, err := s.batchPage(r, st, map[string]string{})
	if err != nil {
		return err
	}
	q := r.URL.Query()
	if q.Has("applied") {
		for _, o := range batchOutcomes {
			n, _ := strconv.Atoi(q.Get(o))
			bp.Counts = append(bp.Counts, outcomeView{Outcome: o, Label: s.Tr(r, "catalogue.batch."+o), Reason: strconv.Itoa(n)})
		}
	}
	s.Render(w, r, http.StatusOK, "catalogue_batch", s.Tr(r, "cataloguing.batch.title"), bp)
	return nil
}

func (s *server) batchPage(r *http.Request, st library.Staff, values map[string]string) (*batchPage, error) {
	f := &itemForm{Action: "/catalogue/batch", Values: values, Errors: map[string]string{}}
	if err := s.fillItemForm(r.Context(), s.Lang(r), st, f); err != nil {
		return nil, err
	}
	f.Statuses = s.statusOptions(s.Lang(r), values["status"], true)
	return &batchPage{Form: f}, nil
}

// postBatch previews a batch or applies it. Applying answers with a
// redirect to the outcome; a preview changes nothing and is shown at once
// (previewBatch), so that the form stays filled in for "Apply".
func (s *server) postBatch(w http.ResponseWriter, r *http.Request, st library.Staff) error {
	if err := library.Permit(st, library.ActCatalogue, st.Reach()); err != nil {
		return err
	}
	values := map[string]string{}
	for _, k := range []string{"barcodes", "status", "branch", "shelf", "prefix"} {
		values[k] = r.PostFormValue(k)
	}
	b := library.ItemBatch{Barcodes: barcodesOf(values["barcodes"]), Status: library.ItemStatus(values["status"]),
		HomeBranch: values["branch"], Shelf: strings.TrimSpace(values["shelf"]), CallNumberPrefix: strings.TrimSpace(values["prefix"])}
	dry := r.PostFormValue("action") != "apply"
	outcomes, err := s.runBatch(r, st, b, dry)
	if err != nil {
		return s.batchRefused(w, r, st, values, err)
	}
	if dry {
		return s.previewBatch(w, r, st, values, outcomes)
	}
	q := url.Values{"applied": {"1"}}
	for _, o := range batchOutcomes {
		n := 0
		for _, out := range outcomes {
			if out.Outcome == o {
				n++
			}
		}
		q.Set(o, strconv.Itoa(n))
	}
	http.Redirect(w, r, "/catalogue/batch?"+q.Encode(), http.StatusSeeOther)
	return nil
}

// barcodesOf returns the barcodes of a text area, each once: one a line,
// or several on a line separated by spaces, as a scanner or a paste gives
// them.
func barcodesOf(text string) []string {
	var out []string
	for _, b := range strings.Fields(text) {
		if !slices.Contains(out, b) {
			out = append(out, b)
		}
	}
	return out
}

// runBatch runs the batch for the copies st may keep; the others are
// refused with the reason, and not given to the store.
func (s *server) runBatch(r *http.Request, st library.Staff, b library.ItemBatch, dry bool) ([]library.BatchOutcome, error) {
	ctx := r.Context()
	if b.HomeBranch != "" {
		if err := s.mayEditItemAt(ctx, st, b.HomeBranch); err != nil {
			return nil, err
		}
	}
	c, err := s.cataloguing()
	if err != nil {
		return nil, err
	}
	refused := map[string]library.BatchOutcome{}
	var allowed []string
	for _, bc := range b.Barcodes {
		it, err := s.Store().Item(ctx, bc)
		if err == nil {
			if perr := s.mayEditItemAt(ctx, st, it.HomeBranch); perr != nil {
				refused[bc] = library.BatchOutcome{Barcode: bc, Outcome: library.BatchRefused, Key: library.ErrorKey(perr), Item: it}
				continue
			}
		} else if library.ErrorCode(err) != library.ENOTFOUND {
			return nil, err
		}
		allowed = append(allowed, bc)
	}
	var done []library.BatchOutcome
	if len(allowed) > 0 || len(b.Barcodes) == 0 {
		b2 := b
		b2.Barcodes = allowed
		if done, err = c.BatchItems(ctx, st, b2, dry); err != nil {
			return nil, err
		}
	}
	// In the order typed.
	byBarcode := map[string]library.BatchOutcome{}
	for _, o := range done {
		byBarcode[o.Barcode] = o
	}
	var out []library.BatchOutcome
	for _, bc := range b.Barcodes {
		if o, ok := refused[bc]; ok {
			out = append(out, o)
		} else if o, ok := byBarcode[bc]; ok {
			out = append(out, o)
		}
	}
	return out, nil
}

// previewBatch shows what the batch would do, barcode by barcode, with the
// form as it was filled in.
func (s *server) previewBatch(w http.ResponseWriter, r *http.Request, st library.Staff, values map[string]string, outcomes []library.BatchOutcome) error {
	bp, err := s.batchPage(r, st, values)
	if err != nil {
		return err
	}
	lang := s.Lang(r)
	for _, o := range outcomes {
		ov := outcomeView{Barcode: o.Barcode, Outcome: o.Outcome, Label: s.I18n().T(lang, "catalogue.batch."+o.Outcome, nil)}
		if o.Key != "" {
			ov.Reason = s.I18n().T(lang, o.Key, nil)
		}
		bp.Preview = append(bp.Preview, ov)
	}
	s.Render(w, r, http.StatusOK, "catalogue_batch", s.Tr(r, "cataloguing.batch.title"), bp)
	return nil
}

// batchRefused shows the form again with why the batch as a whole was
// refused, beside the field it is about.
func (s *server) batchRefused(w http.ResponseWriter, r *http.Request, st library.Staff, values map[string]string, err error) error {
	code := library.ErrorCode(err)
	if code != library.EINVALID && code != library.EFORBIDDEN {
		return err
	}
	bp, perr := s.batchPage(r, st, values)
	if perr != nil {
		return perr
	}
	msg := s.ErrorText(s.Lang(r), err)
	switch library.ErrorKey(err) {
	case "error.catalogue_batch_empty", "error.catalogue_batch_too_large":
		bp.Form.Errors["barcodes"] = msg
	case "error.catalogue_call_number_prefix":
		bp.Form.Errors["prefix"] = msg
	case "error.catalogue_status_not_allowed":
		bp.Form.Errors["status"] = msg
	case "error.catalogue_branch_unknown", "error.staff_other_library":
		bp.Form.Errors["branch"] = msg
	default:
		bp.Alert = msg
	}
	s.Render(w, r, web.HTTPStatus(code), "catalogue_batch", s.Tr(r, "cataloguing.batch.title"), bp)
	return nil
}
