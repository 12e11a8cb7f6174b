package admin

import (
	"context"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/kirjasto/kirjasto/internal/library"
	"github.com/kirjasto/kirjasto/internal/web"
)

// The audit trail: who did what, to whom, for which library, newest
// first. It names patrons, so it needs ActAudit; a library administrator
// reads their own library's entries only (the filter is forced).

// auditPageSize is the entries on one page.
const auditPageSize = 50

// auditRow is one entry as the page shows it.
type auditRow struct {
	library.AuditEntry
	When        string
	Who, Target string
	ActionName  string
	Patron      string // the patron's card number and name
	LibraryName web.LangText
}

// auditPage is the audit trail's page.
type auditPage struct {
	Rows      []auditRow
	Staff     []option // the filter of who acted
	Actions   []option
	Libraries []option // empty when the library is forced
	Older     string   // the next page's URL, if any
}

// serveAudit shows the audit trail, filtered by who acted, patron (card
// number), item barcode, action, library and dates.
func (s *server) serveAudit(w http.ResponseWriter, r *http.Request, st library.Staff) error {
	if err := library.Permit(st, library.ActAudit, st.Reach()); err != nil {
		return err
	}
	trail, ok := s.Store().(library.AuditTrail)
	if !ok {
		return library.Errorf(library.EINTERNAL, "the store keeps no audit trail")
	}
	sa, err := s.staffAccounts()
	if err != nil {
		return err
	}
	ctx, lang, q := r.Context(), s.Lang(r), r.URL.Query()
	v := map[string]string{}
	for _, k := range []string{"staff", "card", "barcode", "action", "library", "from", "to"} {
		v[k] = strings.TrimSpace(q.Get(k))
	}
	form := &web.Form{Action: "/admin/audit", Values: v, Staff: true}
	f := library.AuditFilter{ItemBarcode: v["barcode"], Action: v["action"], Library: v["library"], Limit: auditPageSize}
	wide := library.Permit(st, library.ActAudit, library.ConsortiumScope) == nil
	if !wide {
		f.Library = st.Library
	}
	if v["staff"] != "" {
		if f.StaffID, err = strconv.ParseInt(v["staff"], 10, 64); err != nil {
			form.Fail("staff", s.Tr(r, "error.staff_not_found"))
		}
	}
	if v["card"] != "" {
		p, err := s.Patrons().PatronByCard(ctx, v["card"])
		switch {
		case library.ErrorCode(err) == library.ENOTFOUND:
			form.Fail("card", s.Tr(r, "audit.error.card"))
		case err != nil:
			return err
		default:
			f.PatronID = p.ID
		}
	}
	for _, k := range []string{"from", "to"} {
		if v[k] == "" {
			continue
		}
		d, err := time.ParseInLocation(time.DateOnly, v[k], library.Helsinki)
		if err != nil {
			form.Fail(k, s.Tr(r, "audit.error.date"))
			continue
		}
		if k == "from" {
			f.From = d
		} else {
			f.To = d.AddDate(0, 0, 1) // the end date is the last day shown
		}
	}
	if b := q.Get("before"); b != "" {
		if f.Before, err = strconv.ParseInt(b, 10, 64); err != nil || f.Before <= 0 {
			return web.Invalid("error.bad_form", "before=%q", b)
		}
	}
	p := &auditPage{}
	if err := s.auditChoices(ctx, r, st, wide, f, p); err != nil {
		return err
	}
	form.Data = p
	status := http.StatusOK
	if form.Errors == nil {
		entries, err := trail.Audit(ctx, f)
		if library.ErrorKey(err) == "error.audit_dates" {
			form.Fail("to", s.Tr(r, "error.audit_dates"))
		} else if err != nil {
			return err
		}
		if p.Rows, err = s.auditRows(ctx, lang, sa, entries); err != nil {
			return err
		}
		if len(entries) == auditPageSize {
			older := url.Values{}
			for k, val := range v {
				if val != "" {
					older.Set(k, val)
				}
			}
			older.Set("before", strconv.FormatInt(entries[len(entries)-1].ID, 10))
			p.Older = "/admin/audit?" + older.Encode()
		}
	}
	if form.Errors != nil {
		status = http.StatusBadRequest
	}
	s.Render(w, r, status, "admin_audit", s.Tr(r, "audit.title"), form)
	return nil
}

// auditChoices fills the filters' choices: the staff of the libraries st
// reads, the actions the catalogues name, the libraries.
func (s *server) auditChoices(ctx context.Context, r *http.Request, st library.Staff, wide bool, f library.AuditFilter, p *auditPage) error {
	sa, err := s.staffAccounts()
	if err != nil {
		return err
	}
	lang := s.Lang(r)
	sf := library.StaffFilter{}
	if !wide {
		sf.Library = st.Library
	}
	list, err := sa.ListStaff(ctx, sf)
	if err != nil {
		return err
	}
	for _, a := range list {
		p.Staff = append(p.Staff, option{Value: strconv.FormatInt(a.ID, 10), Label: web.LangText{Text: a.Name + " (" + a.Username + ")"}, Selected: a.ID == f.StaffID})
	}
	for _, code := range library.AuditActions {
		p.Actions = append(p.Actions, option{Value: code, Label: web.LangText{Text: s.actionName(lang, code)}, Selected: code == f.Action})
	}
	slices.SortFunc(p.Actions, func(a, b option) int { return web.CompareNames(a.Label.Text, b.Label.Text) })
	if wide {
		libs, _, err := s.Consortium(ctx)
		if err != nil {
			return err
		}
		for _, l := range libs {
			p.Libraries = append(p.Libraries, option{Value: l.ID, Label: web.TextIn(l.Name, lang), Selected: l.ID == f.Library})
		}
	}
	return nil
}

// auditRows words entries for the page: names for the staff and patrons
// they name, each looked up once.
func (s *server) auditRows(ctx context.Context, lang string, sa library.StaffAccounts, entries []library.AuditEntry) ([]auditRow, error) {
	libs, _, err := s.Consortium(ctx)
	if err != nil {
		return nil, err
	}
	libNames := map[string]web.LangText{}
	for _, l := range libs {
		libNames[l.ID] = web.TextIn(l.Name, lang)
	}
	staff := map[int64]string{0: s.I18n().T(lang, "audit.system", nil)}
	who := func(id int64) (string, error) {
		if n, ok := staff[id]; ok {
			return n, nil
		}
		a, err := sa.StaffAccount(ctx, id)
		if library.ErrorCode(err) == library.ENOTFOUND {
			staff[id] = "#" + strconv.FormatInt(id, 10)
			return staff[id], nil
		}
		if err != nil {
			return "", err
		}
		staff[id] = a.Name + " (" + a.Username + ")"
		return staff[id], nil
	}
	patrons := map[int64]string{}
	var rows []auditRow
	for _, e := range entries {
		row := auditRow{AuditEntry: e, LibraryName: libNames[e.Library],
			When: s.FormatTime(lang, e.At) + " " + e.At.In(library.Helsinki).Format("15:04:05")}
		if row.Who, err = who(e.StaffID); err != nil {
			return nil, err
		}
		if e.TargetStaffID != 0 {
			if row.Target, err = who(e.TargetStaffID); err != nil {
				return nil, err
			}
		}
		if e.PatronID != 0 {
			name, ok := patrons[e.PatronID]
			if !ok {
				p, err := s.Patrons().Patron(ctx, e.PatronID)
				switch {
				case library.ErrorCode(err) == library.ENOTFOUND:
					name = "#" + strconv.FormatInt(e.PatronID, 10)
				case err != nil:
					return nil, err
				default:
					name = p.CardNumber + " " + p.Name
				}
				patrons[e.PatronID] = name
			}
			row.Patron = name
		}
		row.ActionName = s.actionName(lang, e.Action)
		rows = append(rows, row)
	}
	return rows, nil
}

// actionName words an audit code in lang; a code the catalogues do not
// name (an area's newer code) is shown as it is.
func (s *server) actionName(lang, code string) string {
	if id := "audit.action." + code; s.I18n().Has(lang, id) {
		return s.I18n().T(lang, id, nil)
	}
	return code
}
