package catalogue

import (
	"context"
	"errors"
	"fmt"
	"math"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/kirjasto/kirjasto/internal/library"
	"github.com/kirjasto/kirjasto/internal/web"
)

// A record's copies: the table, adding one, editing, withdrawing and
// deleting. A copy belongs to its home branch's library, and only staff
// who may catalogue there keep it; what circulation has (on loan, held,
// in transit) is refused with the reason.

// itemView is one copy in the table.
type itemView struct {
	Barcode, Branch, HomeBranch, Shelf, CallNumber, Price, Status string
	Editable                                                      bool
}

// itemForm is the add or edit form of a copy.
type itemForm struct {
	Action   string
	Values   map[string]string
	Errors   map[string]string
	Branches []web.BranchGroup
	Statuses []option
	Updated  string // the copy as read, for the check of concurrent edits
}

// itemsPage is the data of a record's copies.
type itemsPage struct {
	Tabs  tabs
	Title string
	Items []itemView
	Add   *itemForm // nil when the staff member may add copies nowhere
	Alert string
	Done  string
}

// itemPage is the data of one copy's page.
type itemPage struct {
	Tabs    tabs
	Title   string
	Barcode string
	Status  string
	Form    *itemForm
	Alert   string
}

// serveItems shows a record's copies and the form to add one.
func (s *server) serveItems(w http.ResponseWriter, r *http.Request, st library.Staff) error {
	ip, err := s.itemsPage(r, st, nil)
	if err != nil {
		return err
	}
	q := r.URL.Query()
	lang := s.Lang(r)
	for _, done := range []string{"added", "saved", "withdrawn", "deleted"} {
		if b := q.Get(done); b != "" {
			ip.Done = s.I18n().T(lang, "cataloguing.items."+done, map[string]any{"Barcode": b})
		}
	}
	s.Render(w, r, http.StatusOK, "catalogue_items", ip.Title, ip)
	return nil
}

// itemsPage reads a record's copies; add is the add form as typed, or nil
// for an empty one.
func (s *server) itemsPage(r *http.Request, st library.Staff, add *itemForm) (*itemsPage, error) {
	if err := mayEditRecords(st); err != nil {
		return nil, err
	}
	id, err := recordID(r)
	if err != nil {
		return nil, err
	}
	ctx := r.Context()
	rec, err := s.Store().Record(ctx, id)
	if err != nil {
		return nil, err
	}
	items, err := s.Store().Items(ctx, id)
	if err != nil {
		return nil, err
	}
	lang := s.Lang(r)
	names, err := s.BranchNames(ctx, lang)
	if err != nil {
		return nil, err
	}
	ip := &itemsPage{Tabs: tabs{ID: id, Current: "items"},
		Title: s.I18n().T(lang, "cataloguing.items.title", map[string]any{"Title": rec.Title})}
	for _, it := range items {
		ip.Items = append(ip.Items, itemView{Barcode: it.Barcode, Branch: nameOr(names, it.Branch), HomeBranch: nameOr(names, it.HomeBranch),
			Shelf: it.Shelf, CallNumber: it.CallNumber, Price: priceText(it.Price), Status: s.I18n().T(lang, "status."+string(it.Status), nil),
			Editable: s.mayEditItemAt(ctx, st, it.HomeBranch) == nil})
	}
	if add == nil {
		add = &itemForm{Values: map[string]string{"status": string(library.Available), "branch": st.Branch}}
	}
	add.Action = recordPath(id) + "/items"
	if err := s.fillItemForm(ctx, lang, st, add); err != nil {
		return nil, err
	}
	if len(add.Branches) > 0 {
		ip.Add = add
	}
	return ip, nil
}

func nameOr(names map[string]string, id string) string {
	if n := names[id]; n != "" {
		return n
	}
	return id
}

// fillItemForm adds the branches the staff member may keep copies at and
// the statuses cataloguing sets.
func (s *server) fillItemForm(ctx context.Context, lang string, st library.Staff, f *itemForm) error {
	groups, err := s.BranchGroups(ctx, lang, f.Values["branch"])
	if err != nil {
		return err
	}
	for _, g := range groups {
		var bs []web.BranchOption
		for _, b := range g.Branches {
			if s.mayEditItemAt(ctx, st, b.ID) == nil {
				bs = append(bs, b)
			}
		}
		if len(bs) > 0 {
			g.Branches = bs
			f.Branches = append(f.Branches, g)
		}
	}
	f.Statuses = s.statusOptions(lang, f.Values["status"], false)
	return nil
}

// statusOptions are the statuses cataloguing sets; blank adds "leave as
// it is" first, for batches. A copy in circulation keeps its own status,
// which is offered too.
func (s *server) statusOptions(lang, sel string, blank bool) []option {
	var out []option
	if blank {
		out = append(out, option{Value: "", Label: s.I18n().T(lang, "cataloguing.batch.keep", nil), Selected: sel == ""})
	}
	found := false
	for _, st := range library.CatalogueStatuses {
		out = append(out, option{Value: string(st), Label: s.I18n().T(lang, "status."+string(st), nil), Selected: string(st) == sel})
		found = found || string(st) == sel
	}
	if !found && sel != "" {
		out = append(out, option{Value: sel, Label: s.I18n().T(lang, "status."+sel, nil), Selected: true})
	}
	return out
}

// priceText writes cents as euros with a decimal comma: 1250 is "12,50".
func priceText(cents int64) string {
	if cents == 0 {
		return ""
	}
	return fmt.Sprintf("%d,%02d", cents/100, cents%100)
}

// parsePrice reads euros ("12,50", "12.5", "12") as cents.
func parsePrice(s string) (int64, error) {
	s = strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(s), "€"))
	if s == "" {
		return 0, nil
	}
	f, err := strconv.ParseFloat(strings.Replace(s, ",", ".", 1), 64)
	if err != nil || f < 0 || f > 1e7 || math.IsNaN(f) {
		return 0, web.Invalid("error.catalogue_price_invalid", "price %q", s)
	}
	return int64(math.Round(f * 100)), nil
}

// readItem reads the copy's fields from the form.
func readItem(r *http.Request) (library.Item, map[string]string, error) {
	v := r.PostFormValue
	values := map[string]string{}
	for _, k := range []string{"barcode", "branch", "shelf", "call_number", "collection", "price", "status"} {
		values[k] = v(k)
	}
	it := library.Item{Barcode: strings.TrimSpace(v("barcode")), HomeBranch: v("branch"), Shelf: strings.TrimSpace(v("shelf")),
		CallNumber: strings.TrimSpace(v("call_number")), Collection: strings.TrimSpace(v("collection")),
		Status: library.ItemStatus(v("status"))}
	price, err := parsePrice(v("price"))
	it.Price = price
	return it, values, err
}

// fieldOf names the form field an item error is about.
func fieldOf(err error) string {
	switch library.ErrorKey(err) {
	case "error.catalogue_barcode_in_use", "error.catalogue_barcode_invalid":
		return "barcode"
	case "error.catalogue_branch_unknown", "error.staff_other_library", "error.staff_role":
		return "branch"
	case "error.catalogue_status_not_allowed":
		return "status"
	case "error.catalogue_price_invalid":
		return "price"
	}
	return ""
}

// addItem adds a copy to the record; a copy refused is shown again with
// the reason beside its field.
func (s *server) addItem(w http.ResponseWriter, r *http.Request, st library.Staff) error {
	if err := mayEditRecords(st); err != nil {
		return err
	}
	id, err := recordID(r)
	if err != nil {
		return err
	}
	c, err := s.cataloguing()
	if err != nil {
		return err
	}
	it, values, err := readItem(r)
	it.RecordID = id
	if err == nil {
		err = s.mayEditItemAt(r.Context(), st, it.HomeBranch)
	}
	if err == nil {
		if _, err = c.AddItem(r.Context(), st, it); err == nil {
			http.Redirect(w, r, recordPath(id)+"/items?added="+url.QueryEscape(it.Barcode), http.StatusSeeOther)
			return nil
		}
	}
	return s.itemRefused(w, r, st, err, &itemForm{Values: values}, func(f *itemForm) error {
		ip, perr := s.itemsPage(r, st, f)
		if perr != nil {
			return perr
		}
		if ip.Add == nil {
			return err // no branch to add at: the refusal itself
		}
		s.Render(w, r, web.HTTPStatus(library.ErrorCode(err)), "catalogue_items", ip.Title, ip)
		return nil
	})
}

// itemRefused shows a refused copy's form again through show, with the
// message beside its field, or returns an error that is no user's to fix.
func (s *server) itemRefused(w http.ResponseWriter, r *http.Request, st library.Staff, err error, f *itemForm, show func(*itemForm) error) error {
	code := library.ErrorCode(err)
	if code != library.EINVALID && code != library.ECONFLICT && code != library.EFORBIDDEN && code != library.ENOTFOUND {
		return err
	}
	f.Errors = map[string]string{}
	msg := s.ErrorText(s.Lang(r), err)
	if field := fieldOf(err); field != "" {
		f.Errors[field] = msg
	} else {
		f.Errors[""] = msg
	}
	return show(f)
}

// editableItem reads the copy in the path once st may keep it.
func (s *server) editableItem(r *http.Request, st library.Staff) (library.Item, error) {
	it, err := s.Store().Item(r.Context(), r.PathValue("barcode"))
	if err != nil {
		return it, err
	}
	return it, s.mayEditItemAt(r.Context(), st, it.HomeBranch)
}

// serveItem shows a copy's form, with withdrawing and deleting.
func (s *server) serveItem(w http.ResponseWriter, r *http.Request, st library.Staff) error {
	it, err := s.editableItem(r, st)
	if err != nil {
		return err
	}
	f := &itemForm{Values: map[string]string{"barcode": it.Barcode, "branch": it.HomeBranch, "shelf": it.Shelf,
		"call_number": it.CallNumber, "collection": it.Collection, "price": priceText(it.Price), "status": string(it.Status)},
		Updated: it.Updated.Format(time.RFC3339Nano)}
	return s.renderItem(w, r, st, http.StatusOK, it, f, "")
}

// renderItem renders a copy's page.
func (s *server) renderItem(w http.ResponseWriter, r *http.Request, st library.Staff, status int, it library.Item, f *itemForm, alert string) error {
	lang := s.Lang(r)
	f.Action = "/catalogue/items/" + url.PathEscape(it.Barcode)
	if err := s.fillItemForm(r.Context(), lang, st, f); err != nil {
		return err
	}
	title := ""
	if rec, err := s.Store().Record(r.Context(), it.RecordID); err == nil {
		title = rec.Title
	}
	ip := &itemPage{Tabs: tabs{ID: it.RecordID, Current: "items"}, Title: title, Barcode: it.Barcode,
		Status: s.I18n().T(lang, "status."+string(it.Status), nil), Form: f, Alert: alert}
	if msg := f.Errors[""]; msg != "" {
		ip.Alert = msg
	}
	s.Render(w, r, status, "catalogue_item", s.I18n().T(lang, "cataloguing.item.title", map[string]any{"Barcode": it.Barcode}), ip)
	return nil
}

// saveItem saves a copy's description and status.
func (s *server) saveItem(w http.ResponseWriter, r *http.Request, st library.Staff) error {
	cur, err := s.editableItem(r, st)
	if err != nil {
		return err
	}
	c, err := s.cataloguing()
	if err != nil {
		return err
	}
	it, values, err := readItem(r)
	it.ID, it.RecordID, it.Branch = cur.ID, cur.RecordID, ""
	if it.HomeBranch != cur.HomeBranch {
		it.Branch = it.HomeBranch // moved to another branch: on the shelf there
	}
	upd := r.PostFormValue("updated")
	if t, perr := time.Parse(time.RFC3339Nano, upd); perr == nil {
		it.Updated = t
	}
	if err == nil {
		err = s.mayEditItemAt(r.Context(), st, it.HomeBranch)
	}
	if err == nil {
		if _, err = c.UpdateItem(r.Context(), st, it); err == nil {
			http.Redirect(w, r, recordPath(cur.RecordID)+"/items?saved="+url.QueryEscape(it.Barcode), http.StatusSeeOther)
			return nil
		}
	}
	return s.itemRefused(w, r, st, err, &itemForm{Values: values, Updated: upd}, func(f *itemForm) error {
		return s.renderItem(w, r, st, web.HTTPStatus(library.ErrorCode(err)), cur, f, "")
	})
}

// withdrawItem marks a copy withdrawn; deleteItem deletes it. Both are
// refused while circulation has the copy, with the reason.
func (s *server) withdrawItem(w http.ResponseWriter, r *http.Request, st library.Staff) error {
	cur, done, err := s.endItem(w, r, st, func(c library.Cataloguing, barcode string) error {
		_, err := c.WithdrawItem(r.Context(), st, barcode)
		return err
	})
	if done {
		http.Redirect(w, r, recordPath(cur.RecordID)+"/items?withdrawn="+url.QueryEscape(cur.Barcode), http.StatusSeeOther)
	}
	return err
}

func (s *server) deleteItem(w http.ResponseWriter, r *http.Request, st library.Staff) error {
	cur, done, err := s.endItem(w, r, st, func(c library.Cataloguing, barcode string) error {
		return c.DeleteItem(r.Context(), st, barcode)
	})
	if done {
		http.Redirect(w, r, recordPath(cur.RecordID)+"/items?deleted="+url.QueryEscape(cur.Barcode), http.StatusSeeOther)
	}
	return err
}

// endItem withdraws or deletes the copy in the path through do, and
// reports whether it did; a refusal is shown on the copy's page.
func (s *server) endItem(w http.ResponseWriter, r *http.Request, st library.Staff, do func(library.Cataloguing, string) error) (library.Item, bool, error) {
	cur, err := s.editableItem(r, st)
	if err != nil {
		return cur, false, err
	}
	c, err := s.cataloguing()
	if err != nil {
		return cur, false, err
	}
	err = do(c, cur.Barcode)
	if err == nil {
		return cur, true, nil
	}
	var be *library.BlockedError
	if !errors.As(err, &be) && library.ErrorCode(err) != library.ECONFLICT {
		return cur, false, err
	}
	f := &itemForm{Values: map[string]string{"barcode": cur.Barcode, "branch": cur.HomeBranch, "shelf": cur.Shelf,
		"call_number": cur.CallNumber, "collection": cur.Collection, "price": priceText(cur.Price), "status": string(cur.Status)},
		Updated: cur.Updated.Format(time.RFC3339Nano)}
	return cur, false, s.renderItem(w, r, st, http.StatusConflict, cur, f, s.ErrorText(s.Lang(r), err))
}
