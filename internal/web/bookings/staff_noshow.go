package bookings

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/kirjasto/kirjasto/internal/library"
	"github.com/kirjasto/kirjasto/internal/web"
)

// The no-show rule (/admin/bookings/no-shows): "three no-shows in 90 days
// block new bookings for 30 days", set for the consortium and for each
// member library, an administrator's task as the loan rules are
// (ActRules at the library, or the consortium).

// consortiumValue stands for the consortium in the form's library field.
const consortiumValue = "consortium"

// ruleForm is one library's (or the consortium's) rule in the page.
type ruleForm struct {
	Library string // its ID, or consortiumValue
	Name    web.LangText
	Count   string
	Window  string
	Block   string
	Error   string
}

type noShowPage struct {
	Rules []ruleForm
	Done  string
}

// ruleScopes are the libraries whose rule st may set, the consortium
// ("") first when they may set its.
func (s *server) ruleScopes(r *http.Request, st library.Staff) ([]string, map[string]web.LangText, error) {
	libs, _, err := s.Consortium(r.Context())
	if err != nil {
		return nil, nil, err
	}
	lang := s.Lang(r)
	names := map[string]web.LangText{"": {Text: s.Tr(r, "bookings_staff.noshow.consortium")}}
	var out []string
	if library.Permit(st, library.ActRules, library.ConsortiumScope) == nil {
		out = append(out, "")
	}
	for _, l := range libs {
		if library.Permit(st, library.ActRules, library.LibraryScope(l.ID)) == nil {
			out = append(out, l.ID)
			names[l.ID] = web.TextIn(l.Name, lang)
		}
	}
	return out, names, nil
}

func (s *server) serveNoShows(w http.ResponseWriter, r *http.Request, st library.Staff) error {
	if err := library.Permit(st, library.ActRules, st.Reach()); err != nil {
		return err
	}
	p, err := s.noShowPage(r, st, "", ruleForm{})
	if err != nil {
		return err
	}
	p.Done = s.doneText(r)
	web.NoStore(w)
	s.Render(w, r, http.StatusOK, "bookings_admin_noshow", s.Tr(r, "bookings_staff.noshow.title"), p)
	return nil
}

// noShowPage reads the rules in force; failed, when given, replaces the
// rule of its library with what was typed and the refusal.
func (s *server) noShowPage(r *http.Request, st library.Staff, failedLib string, failed ruleForm) (*noShowPage, error) {
	bk, err := s.bookings()
	if err != nil {
		return nil, err
	}
	ids, names, err := s.ruleScopes(r, st)
	if err != nil {
		return nil, err
	}
	p := &noShowPage{}
	for _, id := range ids {
		value := id
		if value == "" {
			value = consortiumValue
		}
		if failed.Error != "" && value == failedLib {
			failed.Name = names[id]
			p.Rules = append(p.Rules, failed)
			continue
		}
		rule, err := bk.NoShowRule(r.Context(), id)
		if err != nil {
			return nil, err
		}
		p.Rules = append(p.Rules, ruleForm{Library: value, Name: names[id], Count: strconv.Itoa(rule.Count),
			Window: strconv.Itoa(rule.WindowDays), Block: strconv.Itoa(rule.BlockDays)})
	}
	return p, nil
}

func (s *server) postNoShows(w http.ResponseWriter, r *http.Request, st library.Staff) error {
	lib := r.PostFormValue("library")
	id := lib
	scope := library.LibraryScope(lib)
	if lib == consortiumValue {
		id, scope = "", library.ConsortiumScope
	}
	if lib == "" {
		scope = st.Reach()
	}
	if err := library.Permit(st, library.ActRules, scope); err != nil {
		return err
	}
	bk, err := s.bookings()
	if err != nil {
		return err
	}
	f := func(name string) string { return strings.TrimSpace(r.PostFormValue(name)) }
	form := ruleForm{Library: lib, Count: f("count"), Window: f("window_days"), Block: f("block_days")}
	var rule *library.NoShowRule
	if lib == "" {
		err = &library.Error{Code: library.EINVALID, Key: "error.library_not_found", Message: "no library chosen"}
	} else if r.PostFormValue("remove") == "" {
		rule = &library.NoShowRule{}
		nums := []*int{&rule.Count, &rule.WindowDays, &rule.BlockDays}
		for i, v := range []string{form.Count, form.Window, form.Block} {
			if *nums[i], err = strconv.Atoi(v); err != nil {
				err = formErr("error.booking_no_show_rule", "count: "+v)
				break
			}
		}
	}
	if err == nil {
		err = bk.SetNoShowRule(r.Context(), id, rule, st, s.Now())
	}
	if err != nil {
		code := library.ErrorCode(err)
		if code != library.EINVALID && code != library.ENOTFOUND {
			return err
		}
		form.Error = s.ErrorText(s.Lang(r), err)
		p, perr := s.noShowPage(r, st, lib, form)
		if perr != nil {
			return perr
		}
		web.NoStore(w)
		s.Render(w, r, web.HTTPStatus(code), "bookings_admin_noshow", s.Tr(r, "bookings_staff.noshow.title"), p)
		return nil
	}
	redirect(w, r, "/admin/bookings/no-shows", "rule_saved", 0)
	return nil
}
