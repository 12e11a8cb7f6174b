package admin

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/kirjasto/kirjasto/internal/library"
	"github.com/kirjasto/kirjasto/internal/web"
)

// The editor of a new version of the rules: the matrix as a table with a
// row of fields for each rule, a few empty rows to add rules, a checkbox
// to remove one, the policy-wide settings and the day the version takes
// effect from. Amounts are typed in euros, with a decimal comma or point.

// numField is a number of a rule or of the policy, as the editor names
// it: its Go name (RuleProblem.Field), the message id of its label, and
// whether it is an amount of money (typed in euros, kept in cents).
type numField struct {
	name, id string
	money    bool
}

type ruleNum struct {
	numField
	get func(library.LoanRule) int64
	set func(*library.LoanRule, int64)
}

type policyNum struct {
	numField
	get func(library.Policy) int64
	set func(*library.Policy, int64)
}

var ruleFields = []ruleNum{
	{numField{"LoanDays", "loan_days", false}, func(r library.LoanRule) int64 { return int64(r.LoanDays) }, func(r *library.LoanRule, v int64) { r.LoanDays = int(v) }},
	{numField{"MaxRenewals", "max_renewals", false}, func(r library.LoanRule) int64 { return int64(r.MaxRenewals) }, func(r *library.LoanRule, v int64) { r.MaxRenewals = int(v) }},
	{numField{"MaxLoans", "max_loans", false}, func(r library.LoanRule) int64 { return int64(r.MaxLoans) }, func(r *library.LoanRule, v int64) { r.MaxLoans = int(v) }},
	{numField{"FeePerDay", "fee_per_day", true}, func(r library.LoanRule) int64 { return r.FeePerDay }, func(r *library.LoanRule, v int64) { r.FeePerDay = v }},
	{numField{"MaxFee", "max_fee", true}, func(r library.LoanRule) int64 { return r.MaxFee }, func(r *library.LoanRule, v int64) { r.MaxFee = v }},
	{numField{"ReplacementFee", "replacement_fee", true}, func(r library.LoanRule) int64 { return r.ReplacementFee }, func(r *library.LoanRule, v int64) { r.ReplacementFee = v }},
	{numField{"ProcessingFee", "processing_fee", true}, func(r library.LoanRule) int64 { return r.ProcessingFee }, func(r *library.LoanRule, v int64) { r.ProcessingFee = v }},
}

var policyFields = []policyNum{
	{numField{"BlockThreshold", "block_threshold", true}, func(p library.Policy) int64 { return p.BlockThreshold }, func(p *library.Policy, v int64) { p.BlockThreshold = v }},
	{numField{"NoShowFee", "no_show_fee", true}, func(p library.Policy) int64 { return p.NoShowFee }, func(p *library.Policy, v int64) { p.NoShowFee = v }},
	{numField{"PickupDays", "pickup_days", false}, func(p library.Policy) int64 { return int64(p.PickupDays) }, func(p *library.Policy, v int64) { p.PickupDays = int(v) }},
	{numField{"MaxHolds", "max_holds", false}, func(p library.Policy) int64 { return int64(p.MaxHolds) }, func(p *library.Policy, v int64) { p.MaxHolds = int(v) }},
	{numField{"MaxLoans", "policy_max_loans", false}, func(p library.Policy) int64 { return int64(p.MaxLoans) }, func(p *library.Policy, v int64) { p.MaxLoans = int(v) }},
}

// fieldIDs are the message ids of the fields' names, by Go name; a
// rule's MaxLoans and the policy's are told apart where it matters.
var fieldIDs = map[string]string{
	"Category": "category", "Material": "material", "Library": "library",
	"HoldsAllowed": "holds_allowed", "AutoRenew": "auto_renew",
	"BlockThreshold": "block_threshold", "NoShowFee": "no_show_fee", "PickupDays": "pickup_days", "MaxHolds": "max_holds",
}

func init() {
	for _, f := range ruleFields {
		fieldIDs[f.name] = f.id
	}
}

func isMoney(field string) bool {
	for _, f := range ruleFields {
		if f.name == field {
			return f.money
		}
	}
	for _, f := range policyFields {
		if f.name == field {
			return f.money
		}
	}
	return false
}

func (s *server) fieldName(lang, field string) string {
	return s.fieldLabel(lang, field, false)
}

// fieldLabel names a field of a row, or of the policy-wide settings when
// policy is set: both have a MaxLoans.
func (s *server) fieldLabel(lang, field string, policy bool) string {
	if policy && field == "MaxLoans" {
		return s.I18n().T(lang, "admin_rules.field.policy_max_loans", nil)
	}
	if id, ok := fieldIDs[field]; ok {
		return s.I18n().T(lang, "admin_rules.field."+id, nil)
	}
	return field
}

// fieldText words a value of a diff: amounts as money, yes or no.
func (s *server) fieldText(lang, field, v string) string {
	switch {
	case v == "":
		return ""
	case v == "true" || v == "false":
		return s.yesNo(lang, v == "true")
	case isMoney(field):
		if n, err := strconv.ParseInt(v, 10, 64); err == nil {
			return s.Money(lang, n)
		}
	}
	return v
}

func (s *server) amount(lang string, f numField, v int64) string {
	if f.money {
		return s.Money(lang, v)
	}
	return strconv.FormatInt(v, 10)
}

func (s *server) yesNo(lang string, b bool) string {
	if b {
		return s.I18n().T(lang, "admin_rules.yes", nil)
	}
	return s.I18n().T(lang, "admin_rules.no", nil)
}

var intRE = regexp.MustCompile(`^-?\d{1,7}$`)

func parseInt(s string) (int64, bool) {
	s = strings.TrimSpace(s)
	if !intRE.MatchString(s) {
		return 0, false
	}
	v, err := strconv.ParseInt(s, 10, 64)
	return v, err == nil
}

// editorPage is the data of the editor.
type editorPage struct {
	Revision   int64
	Replaces   int64
	Effective  string // 2006-01-02
	MinDate    string
	Consortium bool   // may change every row and the policy-wide settings
	Library    string // a library administrator's library, named
	Columns    []string
	Rows       []rowView
	Settings   []cell
	Alert      string
	Problems   []string   // problems of no one field
	Holes      []holeView // the matrix's holes, grouped
	Checked    bool       // a check found nothing wrong
	Errors     map[string]string
}

// holeView is the holes of one category and material: the libraries
// whose items of them no row covers.
type holeView struct {
	Key   string
	Where []string
}

// rowView is one row of the matrix in the editor.
type rowView struct {
	N        int
	ID       string
	ReadOnly bool
	Blank    bool // an empty row for adding a rule
	Cells    []cell
	Remove   bool
}

// cell is one field of the editor.
type cell struct {
	Name, ID, Label string
	Kind            string // "select", "number", "money", "check"
	Value           string
	Text            string // a read-only field's value in words
	Checked         bool
	Options         []choice
	Error           string
}

// blankRows is how many empty rows the editor offers for new rules.
const blankRows = 3

// maxRows bounds the rows a form may send.
const maxRows = 400

// rowCells builds the fields of a row from its values.
func (s *server) rowCells(lang string, names codeNames, id string, r library.LoanRule, only string) []cell {
	label := func(f string) string { return s.fieldName(lang, f) }
	cs := []cell{
		{Name: id + ".Category", Kind: "select", Label: label("Category"), Value: r.Category, Text: names.category(r.Category), Options: names.categoryOptions(r.Category, true)},
		{Name: id + ".Material", Kind: "select", Label: label("Material"), Value: string(r.Material), Text: names.material(r.Material), Options: names.materialOptions(string(r.Material), true)},
		{Name: id + ".Library", Kind: "select", Label: label("Library"), Value: r.Library, Text: names.library(r.Library), Options: names.libraryOptions(r.Library, only)},
	}
	for _, f := range ruleFields {
		c := cell{Name: id + "." + f.name, Kind: "number", Label: label(f.name), Value: strconv.FormatInt(f.get(r), 10)}
		c.Text = c.Value
		if f.money {
			c.Kind, c.Value, c.Text = "money", s.EurosField(lang, f.get(r)), s.Money(lang, f.get(r))
		}
		cs = append(cs, c)
	}
	cs = append(cs, cell{Name: id + ".HoldsAllowed", Kind: "check", Label: label("HoldsAllowed"), Value: "1", Checked: r.HoldsAllowed, Text: s.yesNo(lang, r.HoldsAllowed)})
	for i := range cs {
		cs[i].ID = strings.ReplaceAll(cs[i].Name, ".", "-")
	}
	return cs
}

func (s *server) settingCells(lang string, p library.Policy) []cell {
	var cs []cell
	for _, f := range policyFields {
		c := cell{Name: f.name, ID: f.name, Kind: "number", Label: s.I18n().T(lang, "admin_rules.field."+f.id, nil), Value: strconv.FormatInt(f.get(p), 10)}
		c.Text = c.Value
		if f.money {
			c.Kind, c.Value, c.Text = "money", s.EurosField(lang, f.get(p)), s.Money(lang, f.get(p))
		}
		cs = append(cs, c)
	}
	return append(cs, cell{Name: "AutoRenew", ID: "AutoRenew", Kind: "check", Label: s.fieldName(lang, "AutoRenew"), Value: "1", Checked: p.AutoRenew, Text: s.yesNo(lang, p.AutoRenew)})
}

// newEditor returns the editor of p, for st, with the rows as views.
func (s *server) newEditor(lang string, names codeNames, st library.Staff, p library.Policy) *editorPage {
	ed := &editorPage{Consortium: consortiumWide(st, library.ActRules)}
	if !ed.Consortium {
		ed.Library = names.library(st.Library)
	}
	ed.Columns = []string{s.fieldName(lang, "Category"), s.fieldName(lang, "Material"), s.fieldName(lang, "Library")}
	for _, f := range ruleFields {
		ed.Columns = append(ed.Columns, s.fieldName(lang, f.name))
	}
	ed.Columns = append(ed.Columns, s.fieldName(lang, "HoldsAllowed"))
	for _, r := range p.Rules {
		ed.addRow(s, lang, names, st, r, false)
	}
	ed.addBlanks(s, lang, names, st)
	ed.Settings = s.settingCells(lang, p)
	return ed
}

func (ed *editorPage) addRow(s *server, lang string, names codeNames, st library.Staff, r library.LoanRule, blank bool) *rowView {
	id := "r" + strconv.Itoa(len(ed.Rows))
	only := ""
	if !ed.Consortium {
		only = st.Library
	}
	rv := rowView{N: len(ed.Rows) + 1, ID: id, Blank: blank, ReadOnly: !ed.Consortium && r.Library != st.Library && !blank}
	rv.Cells = s.rowCells(lang, names, id, r, cond(rv.ReadOnly, "", only))
	if blank {
		for i := range rv.Cells {
			if rv.Cells[i].Kind == "number" || rv.Cells[i].Kind == "money" {
				rv.Cells[i].Value = ""
			}
		}
	}
	ed.Rows = append(ed.Rows, rv)
	return &ed.Rows[len(ed.Rows)-1]
}

func (ed *editorPage) addBlanks(s *server, lang string, names codeNames, st library.Staff) {
	for range blankRows {
		ed.addRow(s, lang, names, st, library.LoanRule{Library: cond(ed.Consortium, "", st.Library)}, true)
	}
}

func cond[T any](c bool, a, b T) T {
	if c {
		return a
	}
	return b
}

// serveRulesEdit shows the editor of a new version: the rules in force,
// or those of the pending version it replaces (?replace=ID).
func (s *server) serveRulesEdit(w http.ResponseWriter, r *http.Request, st library.Staff) error {
	if err := permitRules(st); err != nil {
		return err
	}
	rules, err := s.rules()
	if err != nil {
		return err
	}
	ctx, lang, now := r.Context(), s.Lang(r), s.Now()
	vs, err := rules.PolicyVersions(ctx)
	if err != nil {
		return err
	}
	names, err := s.codeNames(ctx, lang)
	if err != nil {
		return err
	}
	today := library.DateOf(now.In(library.Helsinki))
	base, ok := vs.InForce(now)
	if !ok {
		base.Policy = library.DefaultPolicy()
	}
	effective := today.AddDays(1)
	var replaces int64
	if q := r.URL.Query().Get("replace"); q != "" {
		id, _ := strconv.ParseInt(q, 10, 64)
		i := slices.IndexFunc(vs.Versions, func(v library.PolicyVersion) bool { return v.ID == id })
		if i < 0 {
			e := library.Errorf(library.ENOTFOUND, "policy version %q", q)
			e.Key = "error.rules_version_not_found"
			return e
		}
		v := vs.Versions[i]
		if !v.Pending(now) {
			key := cond(v.Withdrawn.IsZero(), "error.rules_version_in_force", "error.rules_version_withdrawn")
			return &library.Error{Code: library.ECONFLICT, Key: key, Message: fmt.Sprintf("policy version %d is not pending", id)}
		}
		base, effective, replaces = v, v.Effective, v.ID
	}
	ed := s.newEditor(lang, names, st, base.Policy)
	ed.Revision, ed.Replaces = vs.Revision, replaces
	ed.Effective, ed.MinDate = effective.String(), today.String()
	s.renderEditor(w, r, http.StatusOK, ed)
	return nil
}

func (s *server) renderEditor(w http.ResponseWriter, r *http.Request, status int, ed *editorPage) {
	web.NoStore(w)
	s.Render(w, r, status, "admin_rules_edit", s.Tr(r, "admin_rules.edit.title"), ed)
}

// readEditor reads the editor's form back into its page and the policy
// it holds. rowOf maps each rule of the policy to its row of the page.
// bad is set when a field could not be read (its error is at the field).
func (s *server) readEditor(r *http.Request, lang string, names codeNames, st library.Staff) (ed *editorPage, p library.Policy, rowOf []int, bad bool) {
	form := r.PostForm
	ed = s.newEditor(lang, names, st, library.Policy{})
	ed.Rows, ed.Settings = nil, nil
	ed.Effective = form.Get("effective")
	ed.Revision, _ = strconv.ParseInt(form.Get("revision"), 10, 64)
	ed.Replaces, _ = strconv.ParseInt(form.Get("replaces"), 10, 64)
	n, _ := strconv.Atoi(form.Get("rows"))
	n = min(max(n, 0), maxRows)
	for i := range n {
		id := "r" + strconv.Itoa(i)
		var rule library.LoanRule
		rule.Category, rule.Material, rule.Library = form.Get(id+".Category"), library.Material(form.Get(id+".Material")), form.Get(id+".Library")
		rule.HoldsAllowed = form.Get(id+".HoldsAllowed") != ""
		blank := rule.Category == "" && rule.Material == "" && (rule.Library == "" || !ed.Consortium && rule.Library == st.Library) && !rule.HoldsAllowed
		typed := map[string]string{}
		for _, f := range ruleFields {
			typed[f.name] = strings.TrimSpace(form.Get(id + "." + f.name))
			blank = blank && typed[f.name] == ""
		}
		if blank {
			continue
		}
		rv := ed.addRow(s, lang, names, st, rule, false)
		rv.Remove = form.Get(id+".remove") != ""
		for ci := range rv.Cells {
			c := &rv.Cells[ci]
			if c.Kind != "number" && c.Kind != "money" {
				continue
			}
			field := strings.TrimPrefix(c.Name, rv.ID+".")
			c.Value = typed[field]
			var v int64
			ok := true
			switch {
			case c.Value == "":
				v = 0
			case c.Kind == "money":
				v, ok = web.ParseEuros(c.Value)
			default:
				v, ok = parseInt(c.Value)
			}
			if !ok {
				c.Error = s.I18n().T(lang, cond(c.Kind == "money", "admin_rules.error.money", "admin_rules.error.number"), nil)
				bad = true
				continue
			}
			for _, f := range ruleFields {
				if f.name == field {
					f.set(&rule, v)
				}
			}
		}
		if !rv.Remove {
			p.Rules = append(p.Rules, rule)
			rowOf = append(rowOf, len(ed.Rows)-1)
		}
	}
	ed.addBlanks(s, lang, names, st)
	ed.Settings = s.settingCells(lang, library.Policy{})
	for i, f := range policyFields {
		c := &ed.Settings[i]
		c.Value = strings.TrimSpace(form.Get(f.name))
		var v int64
		ok := true
		switch {
		case c.Value == "":
		case f.money:
			v, ok = web.ParseEuros(c.Value)
		default:
			v, ok = parseInt(c.Value)
		}
		if !ok {
			c.Error = s.I18n().T(lang, cond(f.money, "admin_rules.error.money", "admin_rules.error.number"), nil)
			bad = true
			continue
		}
		f.set(&p, v)
		c.Text = s.amount(lang, f.numField, v)
	}
	p.AutoRenew = form.Get("AutoRenew") != ""
	auto := &ed.Settings[len(ed.Settings)-1]
	auto.Checked, auto.Text = p.AutoRenew, s.yesNo(lang, p.AutoRenew)
	return ed, p, rowOf, bad
}

// serveRulesPost checks or saves the editor's version. A check changes
// nothing and answers with the editor and what it found; a save that
// succeeds answers 303 to the list of versions; a refused one shows the
// editor again with the user's input and every problem at its field.
func (s *server) serveRulesPost(w http.ResponseWriter, r *http.Request, st library.Staff) error {
	if err := permitRules(st); err != nil {
		return err
	}
	rules, err := s.rules()
	if err != nil {
		return err
	}
	ctx, lang, now := r.Context(), s.Lang(r), s.Now()
	names, err := s.codeNames(ctx, lang)
	if err != nil {
		return err
	}
	today := library.DateOf(now.In(library.Helsinki))
	ed, p, rowOf, bad := s.readEditor(r, lang, names, st)
	ed.MinDate = today.String()
	effective, err := library.ParseDate(ed.Effective)
	switch {
	case err != nil:
		ed.fail("effective", s.I18n().T(lang, "admin_rules.error.date", nil))
		bad = true
	case effective.Before(today):
		ed.fail("effective", s.I18n().T(lang, "error.rules_effective_past", nil))
		bad = true
	}
	if bad {
		ed.Alert = s.I18n().T(lang, "admin_rules.error.fields", nil)
		s.renderEditor(w, r, http.StatusBadRequest, ed)
		return nil
	}
	if r.PostForm.Get("action") != "save" {
		return s.checkEditor(w, r, st, rules, ed, p, rowOf, names, effective)
	}
	v, err := rules.SavePolicy(ctx, library.PolicyChange{Policy: p, Effective: effective, Replaces: ed.Replaces, Revision: ed.Revision}, st, now)
	var pe *library.PolicyError
	switch {
	case err == nil:
		http.Redirect(w, r, "/admin/rules?saved="+strconv.FormatInt(v.ID, 10)+"#versions", http.StatusSeeOther)
		return nil
	case errors.As(err, &pe):
		s.markProblems(lang, ed, pe.Problems, rowOf, names)
		ed.Alert = s.ErrorMessage(lang, library.ErrorKey(err), err)
		s.renderEditor(w, r, web.HTTPStatus(library.ErrorCode(err)), ed)
		return nil
	case library.ErrorKey(err) == "error.rules_changed_meanwhile":
		// Keep what the user typed, and let them save it over the other
		// change once they have seen it: the revision becomes the current.
		vs, verr := rules.PolicyVersions(ctx)
		if verr != nil {
			return verr
		}
		ed.Revision = vs.Revision
		ed.Alert = s.I18n().T(lang, "admin_rules.stale", nil)
		s.renderEditor(w, r, http.StatusConflict, ed)
		return nil
	case library.ErrorKey(err) == "error.rules_effective_past":
		ed.fail("effective", s.ErrorMessage(lang, library.ErrorKey(err), err))
		s.renderEditor(w, r, http.StatusBadRequest, ed)
		return nil
	case library.ErrorCode(err) == library.ECONFLICT:
		ed.Alert = s.ErrorMessage(lang, library.ErrorKey(err), err)
		s.renderEditor(w, r, http.StatusConflict, ed)
		return nil
	}
	return err
}

// checkEditor answers "Check": the problems saving would find, marked at
// their fields, or that there are none. It saves nothing, so its answer
// is a page, not a redirect.
func (s *server) checkEditor(w http.ResponseWriter, r *http.Request, st library.Staff, rules library.Rules,
	ed *editorPage, p library.Policy, rowOf []int, names codeNames, effective library.Date) error {
	ctx, lang := r.Context(), s.Lang(r)
	problems, err := rules.CheckPolicy(ctx, p)
	if err != nil {
		return err
	}
	status := http.StatusOK
	if len(problems) > 0 {
		status = http.StatusBadRequest
		ed.Alert = s.I18n().N(lang, "error.rules_invalid", len(problems), map[string]any{"Count": len(problems)})
	}
	if !consortiumWide(st, library.ActRules) {
		base, err := s.editBase(ctx, rules, ed.Replaces, effective)
		if err != nil {
			return err
		}
		if refused := library.LibraryEditProblems(base, p, st.Library); len(refused) > 0 {
			problems = append(problems, refused...)
			if status == http.StatusOK {
				status = http.StatusForbidden
				ed.Alert = s.I18n().N(lang, "error.rules_other_library", len(refused), map[string]any{"Count": len(refused)})
			}
		}
	}
	s.markProblems(lang, ed, problems, rowOf, names)
	ed.Checked = len(problems) == 0
	s.renderEditor(w, r, status, ed)
	return nil
}

// editBase returns what a version from effective changes, as SavePolicy
// compares it: the version that would be in force then without the one
// it replaces.
func (s *server) editBase(ctx context.Context, rules library.Rules, replaces int64, effective library.Date) (library.Policy, error) {
	vs, err := rules.PolicyVersions(ctx)
	if err != nil {
		return library.Policy{}, err
	}
	vs.Versions = slices.DeleteFunc(vs.Versions, func(v library.PolicyVersion) bool { return v.ID == replaces })
	v, ok := vs.InForce(library.PolicyFrom(effective, s.Now()))
	if !ok {
		return library.DefaultPolicy(), nil
	}
	return v.Policy, nil
}

func (ed *editorPage) fail(field, msg string) {
	if ed.Errors == nil {
		ed.Errors = map[string]string{}
	}
	ed.Errors[field] = msg
}

// markProblems puts each problem at its field: a row's at the row's field
// (a problem of the whole row at its category), a policy-wide setting's
// at the setting, the matrix's holes in a list grouped by category and
// material, and the rest above the form.
func (s *server) markProblems(lang string, ed *editorPage, ps []library.RuleProblem, rowOf []int, names codeNames) {
	type hole struct{ category, material string }
	var holeOrder []hole
	holes := map[hole][]string{}
	for _, p := range ps {
		params := map[string]any{}
		for k, v := range p.Params {
			params[k] = v
		}
		if c, ok := p.Params["Category"].(string); ok {
			params["Category"] = names.category(c)
		}
		if m, ok := p.Params["Material"].(string); ok {
			params["Material"] = names.material(library.Material(m))
		}
		if l, ok := p.Params["Library"].(string); ok {
			params["Library"] = names.library(l)
		}
		if o, ok := p.Params["Other"].(int); ok && o-1 < len(rowOf) && o >= 1 {
			params["Other"] = rowOf[o-1] + 1
		}
		msg := s.I18n().T(lang, p.Key, params)
		if p.Key == "rules.problem.uncovered" {
			h := hole{p.Params["Category"].(string), p.Params["Material"].(string)}
			if _, seen := holes[h]; !seen {
				holeOrder = append(holeOrder, h)
			}
			holes[h] = append(holes[h], p.Params["Library"].(string))
			continue
		}
		if p.Row >= 0 && p.Row < len(rowOf) {
			rv := &ed.Rows[rowOf[p.Row]]
			field := cond(p.Field == "", "Category", p.Field)
			if c := rv.cell(field); c != nil && !rv.ReadOnly {
				c.Error = joinMsg(c.Error, msg)
				continue
			}
			msg = s.I18n().T(lang, "admin_rules.problem_at_row", map[string]any{"Row": rowOf[p.Row] + 1, "Problem": msg})
		} else if p.Row < 0 && p.Field != "" {
			if i := slices.IndexFunc(ed.Settings, func(c cell) bool { return c.Name == p.Field }); i >= 0 && ed.Consortium {
				ed.Settings[i].Error = joinMsg(ed.Settings[i].Error, msg)
				continue
			}
			msg = s.fieldLabel(lang, p.Field, true) + ": " + msg
		}
		ed.Problems = append(ed.Problems, msg)
	}
	for _, h := range holeOrder {
		hv := holeView{Key: names.category(h.category) + " × " + names.material(library.Material(h.material))}
		if libs := holes[h]; len(names.codes.Libraries) == 0 || len(libs) == len(names.codes.Libraries) {
			hv.Where = []string{s.I18n().T(lang, "admin_rules.holes.every_library", nil)}
		} else {
			for _, l := range libs {
				hv.Where = append(hv.Where, names.library(l))
			}
		}
		ed.Holes = append(ed.Holes, hv)
	}
}

func joinMsg(a, b string) string {
	if a == "" {
		return b
	}
	return a + " " + b
}

// cell returns the row's field of a Go name.
func (rv *rowView) cell(field string) *cell {
	for i := range rv.Cells {
		if strings.HasSuffix(rv.Cells[i].Name, "."+field) {
			return &rv.Cells[i]
		}
	}
	return nil
}
