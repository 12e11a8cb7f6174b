package elibstaff

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/kirjasto/kirjasto/internal/library"
	"github.com/kirjasto/kirjasto/internal/web"
)

// Each library's e-lending rules (/admin/elib/rules): its patrons'
// limits (e-loans, e-holds, loan days) and its monthly budget for
// cost-per-circulation loans with what happens when it is spent, beside
// this month's spending. Each form posts one library's values and comes
// back (303) to the page; a refusal shows the page again with the
// message at the field and what was typed.

// libRules is one library's forms ("" the consortium's limits, which
// apply where a library set none).
type libRules struct {
	ID, Anchor string
	Name       web.LangText
	Loans      string
	Holds      string
	LoanDays   string
	// Budget: member libraries only.
	HasBudget bool
	Monthly   string
	WhenOut   []option
	Spent     string
	Left      string
	Unset     bool // no budget set: cost-per-circulation loans are not capped
	Errors    map[string]string
	Alert     string
}

// rulesPage is /admin/elib/rules.
type rulesPage struct {
	Done  string
	Month string
	Libs  []libRules
}

// scopeOf is where setting lib's rules acts: "" is the consortium's.
func scopeOf(lib string) library.Scope {
	if lib == "" {
		return library.ConsortiumScope
	}
	return library.LibraryScope(lib)
}

func (s *server) serveRules(w http.ResponseWriter, r *http.Request, st library.Staff) error {
	if err := library.Permit(st, library.ActELibrary, st.Reach()); err != nil {
		return err
	}
	pg, err := s.rulesPage(r, st)
	if err != nil {
		return err
	}
	if d := r.URL.Query().Get("done"); d == "limits" || d == "budget" {
		pg.Done = s.Tr(r, "elibstaff.done."+d)
	}
	web.NoStore(w)
	s.Render(w, r, http.StatusOK, "elibstaff_rules", s.Tr(r, "elibstaff.rules.title"), pg)
	return nil
}

// rulesPage reads the forms of the libraries st may set.
func (s *server) rulesPage(r *http.Request, st library.Staff) (*rulesPage, error) {
	el, _, err := s.stores()
	if err != nil {
		return nil, err
	}
	ctx, lang, now := r.Context(), s.Lang(r), s.Now()
	libs, _, err := s.Consortium(ctx)
	if err != nil {
		return nil, err
	}
	var ids []string
	if library.Permit(st, library.ActELibrary, library.ConsortiumScope) == nil {
		ids = append(ids, "")
	}
	for _, l := range libs {
		if !l.Closed() && library.Permit(st, library.ActELibrary, library.LibraryScope(l.ID)) == nil {
			ids = append(ids, l.ID)
		}
	}
	budgets, err := el.EBudgets(ctx, ids, now)
	if err != nil {
		return nil, err
	}
	pg := &rulesPage{Month: now.In(library.Helsinki).Format("2006-01")}
	for _, id := range ids {
		lim, err := el.ELimits(ctx, id)
		if err != nil {
			return nil, err
		}
		lr := libRules{ID: id, Anchor: "lib-" + id, Name: s.libraryName(libs, id, lang), Loans: strconv.Itoa(lim.Loans),
			Holds: strconv.Itoa(lim.Holds), LoanDays: strconv.Itoa(lim.LoanDays), HasBudget: id != "", Errors: map[string]string{}}
		if id == "" {
			lr.Anchor = "lib-consortium"
		}
		if lr.HasBudget {
			b := library.EBudget{Library: id, WhenOut: library.BudgetRefuse}
			lr.Unset = true
			for _, x := range budgets {
				if x.Library == id {
					b, lr.Unset = x, x.WhenOut == ""
				}
			}
			if !lr.Unset {
				lr.Monthly = s.EurosField(lang, int64(b.Monthly))
				lr.Left = s.Money(lang, int64(max(0, b.Monthly-b.Spent)))
			}
			lr.Spent = s.Money(lang, int64(b.Spent))
			lr.WhenOut = s.whenOut(lang, b.WhenOut)
		}
		pg.Libs = append(pg.Libs, lr)
	}
	return pg, nil
}

func (s *server) whenOut(lang, selected string) []option {
	var out []option
	for _, v := range []string{library.BudgetRefuse, library.BudgetWait} {
		out = append(out, option{Value: v, Label: s.I18n().T(lang, "elib.budget."+v, nil), Selected: v == selected})
	}
	return out
}

// postLimits sets a library's e-lending limits.
func (s *server) postLimits(w http.ResponseWriter, r *http.Request, st library.Staff) error {
	lib := r.PostFormValue("library")
	if err := library.Permit(st, library.ActELibrary, scopeOf(lib)); err != nil {
		return err
	}
	el, _, err := s.stores()
	if err != nil {
		return err
	}
	errs := map[string]string{}
	num := func(field string) int {
		n, err := strconv.Atoi(strings.TrimSpace(r.PostFormValue(field)))
		if err != nil {
			errs[field] = s.Tr(r, "elibstaff.error.number")
		}
		return n
	}
	l := library.ELimits{Loans: num("loans"), Holds: num("holds"), LoanDays: num("loan_days")}
	if len(errs) == 0 {
		err = el.SetELimits(r.Context(), st, lib, l)
		if err == nil {
			http.Redirect(w, r, "/admin/elib/rules?done=limits#"+anchor(lib), http.StatusSeeOther)
			return nil
		}
		if library.ErrorCode(err) != library.EINVALID {
			return err
		}
	}
	return s.refuse(w, r, st, lib, err, errs, func(lr *libRules) {
		lr.Loans, lr.Holds, lr.LoanDays = r.PostFormValue("loans"), r.PostFormValue("holds"), r.PostFormValue("loan_days")
	})
}

// postBudget sets a member library's monthly budget.
func (s *server) postBudget(w http.ResponseWriter, r *http.Request, st library.Staff) error {
	lib := r.PostFormValue("library")
	if err := library.Permit(st, library.ActELibrary, scopeOf(lib)); err != nil {
		return err
	}
	el, _, err := s.stores()
	if err != nil {
		return err
	}
	errs := map[string]string{}
	cents, ok := web.ParseEuros(r.PostFormValue("monthly"))
	if !ok || cents > 1<<31-1 {
		errs["monthly"] = s.Tr(r, "elibstaff.error.euros")
	} else if cents < 0 {
		errs["monthly"] = s.Tr(r, "elibstaff.error.negative")
	}
	whenOut := r.PostFormValue("when_out")
	if whenOut != library.BudgetRefuse && whenOut != library.BudgetWait {
		errs["when_out"] = s.Tr(r, "elibstaff.error.when_out")
	}
	if len(errs) == 0 {
		err = el.SetEBudget(r.Context(), st, library.EBudget{Library: lib, Monthly: int(cents), WhenOut: whenOut})
		if err == nil {
			http.Redirect(w, r, "/admin/elib/rules?done=budget#"+anchor(lib), http.StatusSeeOther)
			return nil
		}
		if library.ErrorCode(err) != library.EINVALID {
			return err
		}
	}
	return s.refuse(w, r, st, lib, err, errs, func(lr *libRules) {
		lr.Monthly = r.PostFormValue("monthly")
		lr.WhenOut = s.whenOut(s.Lang(r), whenOut)
	})
}

func anchor(lib string) string {
	if lib == "" {
		return "lib-consortium"
	}
	return "lib-" + lib
}

// refuse shows the rules again with the refusal at the posted library's
// form, keeping what was typed; a library the page does not show (a
// budget for the consortium) is refused as the error itself.
func (s *server) refuse(w http.ResponseWriter, r *http.Request, st library.Staff, lib string, err error, errs map[string]string, typed func(*libRules)) error {
	pg, perr := s.rulesPage(r, st)
	if perr != nil {
		return perr
	}
	shown := false
	for i := range pg.Libs {
		lr := &pg.Libs[i]
		if lr.ID != lib || (len(errs) == 0 && err == nil) {
			continue
		}
		shown = true
		typed(lr)
		lr.Errors = errs
		if err != nil {
			lr.Alert = s.ErrorMessage(s.Lang(r), library.ErrorKey(err), err)
		} else {
			lr.Alert = s.Tr(r, "elibstaff.error.form")
		}
	}
	if !shown {
		if err == nil {
			err = web.Invalid("elibstaff.error.form", "e-library rules of %q: %v", lib, errs)
		}
		return err
	}
	web.NoStore(w)
	s.Render(w, r, http.StatusBadRequest, "elibstaff_rules", s.Tr(r, "elibstaff.rules.title"), pg)
	return nil
}
