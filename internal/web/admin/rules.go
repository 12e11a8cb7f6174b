package admin

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/kirjasto/kirjasto/internal/library"
	"github.com/kirjasto/kirjasto/internal/web"
)

// The loan rules and fees (issue 12, point 4): the versions of the
// circulation policy with what each changed, an editor for a new version,
// withdrawing a version that has yet to take effect, and "which rule
// wins". Whoever may do library.ActRules reads the page; a consortium
// administrator changes everything, a library administrator only the rows
// of their own library (the store refuses the rest, and the editor shows
// other rows read-only). The editor's form is in rules_form.go.

// rules returns the store's loan rules.
func (s *server) rules() (library.Rules, error) {
	for _, src := range []any{s.Circulation(), s.Store()} {
		if r, ok := src.(library.Rules); ok {
			return r, nil
		}
	}
	return nil, errors.New("admin: the store keeps no loan rules")
}

// permitRules asks whether st may read and change rules at all, within
// the reach of their role.
func permitRules(st library.Staff) error {
	return library.Permit(st, library.ActRules, st.Reach())
}

// Version states, for the list of versions.
const (
	stateInForce   = "in_force"
	stateFuture    = "future"
	statePast      = "past"
	stateWithdrawn = "withdrawn"
)

// rulesPage is the data of the overview.
type rulesPage struct {
	Revision int64
	Today    string
	Columns  []string // the names of a row's values
	InForce  versionView
	// Versions are newest first.
	Versions []versionView
	Done     string // what the last form did
	Explain  explainForm
}

// versionView is one version as the page lists it.
type versionView struct {
	ID        int64
	State     string
	StateText string
	Effective string
	SavedBy   string
	SavedAt   string
	Withdrawn string // who withdrew it and when, if it was
	Pending   bool   // may still be replaced or withdrawn
	Defaults  bool   // no version was saved: the built-in defaults
	Standing  bool   // the standing policy, set by the system (the demo, a migration)
	Changes   []changeView
	Rules     []ruleView // for the version in force
	Settings  []fieldValue
}

// changeView is one difference from the version before.
type changeView struct {
	Kind   string // library.ChangeAdded ...
	Text   string // "Added: Child × DVD × any library"
	Fields []fieldChange
}

type fieldChange struct{ Name, Old, New string }

type fieldValue struct{ Name, Value string }

// ruleView is one row of a version, in words.
type ruleView struct {
	N                           int
	Category, Material, Library string
	Values                      []string // in ruleFields' order, then holds
}

// serveRules shows the rules in force, the versions and what each
// changed, and the "which rule wins" form.
func (s *server) serveRules(w http.ResponseWriter, r *http.Request, st library.Staff) error {
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
	who := s.staffNames(ctx, lang)
	p := &rulesPage{Revision: vs.Revision, Today: s.FormatDate(lang, library.DateOf(now.In(library.Helsinki)))}
	for _, f := range ruleFields {
		p.Columns = append(p.Columns, s.fieldName(lang, f.name))
	}
	p.Columns = append(p.Columns, s.fieldName(lang, "HoldsAllowed"))
	cur, ok := vs.InForce(now)
	if !ok {
		cur.Policy = library.DefaultPolicy()
		cur.From = time.Time{}
	}
	p.InForce = s.versionView(lang, cur, ok, now, cur.ID, who)
	p.InForce.Rules = s.ruleViews(lang, cur.Policy, names)
	p.InForce.Settings = s.settingsView(lang, cur.Policy)
	for i := len(vs.Versions) - 1; i >= 0; i-- {
		v := vs.Versions[i]
		vv := s.versionView(lang, v, true, now, cur.ID, who)
		// A version changes what was in force when it took effect, without
		// itself: the version before it, in time.
		// Those withdrawn since never took effect, so are not it.
		prev, had := library.PolicyVersions{Versions: vs.Versions[:i]}.InForce(v.From)
		if !had {
			prev.Policy = library.DefaultPolicy()
		}
		vv.Changes = s.changeViews(lang, library.DiffPolicies(prev.Policy, v.Policy), names)
		p.Versions = append(p.Versions, vv)
	}
	switch q := r.URL.Query(); {
	case q.Get("saved") != "":
		p.Done = s.Tr(r, "admin_rules.saved")
	case q.Get("withdrawn") != "":
		p.Done = s.Tr(r, "admin_rules.withdrawn_done")
	}
	p.Explain, err = s.explainForm(ctx, lang, url.Values{}, names, now)
	if err != nil {
		return err
	}
	web.NoStore(w)
	s.Render(w, r, http.StatusOK, "admin_rules", s.Tr(r, "admin_rules.title"), p)
	return nil
}

// versionView describes a version; saved is false for the defaults that
// apply when no version was ever saved.
func (s *server) versionView(lang string, v library.PolicyVersion, saved bool, now time.Time, current int64, who func(int64) string) versionView {
	tr := func(id string) string { return s.I18n().T(lang, id, nil) }
	vv := versionView{ID: v.ID, Pending: v.Pending(now), Defaults: !saved, Standing: saved && v.CreatedBy == 0}
	switch {
	case !v.Withdrawn.IsZero():
		vv.State = stateWithdrawn
		vv.Withdrawn = s.I18n().T(lang, "admin_rules.withdrawn_by", map[string]any{"Name": who(v.WithdrawnBy), "When": s.when(lang, v.Withdrawn)})
	case v.From.After(now):
		vv.State = stateFuture
	default:
		vv.State = statePast
		if v.ID == current {
			vv.State = stateInForce
		}
	}
	vv.StateText = tr("admin_rules.state." + vv.State)
	if !saved {
		vv.Effective = tr("admin_rules.defaults")
		return vv
	}
	vv.Effective = s.FormatDate(lang, v.Effective)
	vv.SavedBy = who(v.CreatedBy)
	vv.SavedAt = s.when(lang, v.Created)
	return vv
}

// when writes an instant as its date and time of day in Helsinki.
func (s *server) when(lang string, t time.Time) string {
	h := t.In(library.Helsinki)
	return s.FormatTime(lang, t) + " " + s.FormatClock(lang, library.NewClock(h.Hour(), h.Minute()))
}

// staffNames returns a function naming the staff member of an id, looked
// up once each: "the system" for 0.
func (s *server) staffNames(ctx context.Context, lang string) func(int64) string {
	seen := map[int64]string{}
	return func(id int64) string {
		if id == 0 {
			return s.I18n().T(lang, "admin_rules.system", nil)
		}
		if n, ok := seen[id]; ok {
			return n
		}
		n := "#" + strconv.FormatInt(id, 10)
		if st, err := s.Patrons().Staff(ctx, id); err == nil {
			n = st.Name
		}
		seen[id] = n
		return n
	}
}

// changeViews words a diff.
func (s *server) changeViews(lang string, cs []library.RuleChange, names codeNames) []changeView {
	out := make([]changeView, 0, len(cs))
	for _, c := range cs {
		cv := changeView{Kind: c.Kind}
		if c.Kind == library.ChangePolicy {
			cv.Text = s.I18n().T(lang, "admin_rules.change.policy", nil)
		} else {
			cv.Text = s.I18n().T(lang, "admin_rules.change."+c.Kind, map[string]any{"Rule": names.key(c.Key)})
		}
		for _, f := range c.Fields {
			cv.Fields = append(cv.Fields, fieldChange{Name: s.fieldLabel(lang, f.Field, c.Kind == library.ChangePolicy),
				Old: s.fieldText(lang, f.Field, f.Old), New: s.fieldText(lang, f.Field, f.New)})
		}
		out = append(out, cv)
	}
	return out
}

// ruleViews words the rows of a policy.
func (s *server) ruleViews(lang string, p library.Policy, names codeNames) []ruleView {
	out := make([]ruleView, 0, len(p.Rules))
	for i, r := range p.Rules {
		rv := ruleView{N: i + 1, Category: names.category(r.Category), Material: names.material(r.Material), Library: names.library(r.Library)}
		for _, f := range ruleFields {
			rv.Values = append(rv.Values, s.amount(lang, f.numField, f.get(r)))
		}
		rv.Values = append(rv.Values, s.yesNo(lang, r.HoldsAllowed))
		out = append(out, rv)
	}
	return out
}

func (s *server) settingsView(lang string, p library.Policy) []fieldValue {
	var out []fieldValue
	for _, f := range policyFields {
		out = append(out, fieldValue{s.fieldLabel(lang, f.name, true), s.amount(lang, f.numField, f.get(p))})
	}
	return append(out, fieldValue{s.fieldName(lang, "AutoRenew"), s.yesNo(lang, p.AutoRenew)})
}

// serveRulesWithdraw withdraws a version that has yet to take effect.
func (s *server) serveRulesWithdraw(w http.ResponseWriter, r *http.Request, st library.Staff) error {
	if err := permitRules(st); err != nil {
		return err
	}
	rules, err := s.rules()
	if err != nil {
		return err
	}
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		e := library.Errorf(library.ENOTFOUND, "policy version %q", r.PathValue("id"))
		e.Key = "error.rules_version_not_found"
		return e
	}
	rev, err := strconv.ParseInt(r.PostFormValue("revision"), 10, 64)
	if err != nil {
		return web.Invalid("error.bad_form", "revision %q", r.PostFormValue("revision"))
	}
	if err := rules.WithdrawPolicy(r.Context(), id, rev, st, s.Now()); err != nil {
		return err
	}
	http.Redirect(w, r, "/admin/rules?withdrawn="+strconv.FormatInt(id, 10), http.StatusSeeOther)
	return nil
}

// explainForm is the "which rule wins" form and, once asked, its answer.
type explainForm struct {
	Category, Home, Material, Library, Date string
	Categories, Materials, Libraries, Homes []choice
	Errors                                  map[string]string
	Asked                                   bool
	Version                                 string // which version answered
	Winner                                  string // the winning row in words, or that none matches
	Hole                                    bool
	Rows                                    []explainRow
}

type explainRow struct {
	N       int
	Rule    string
	Wins    bool
	Verdict string
}

// serveRulesExplain answers which row wins for a patron and an item.
func (s *server) serveRulesExplain(w http.ResponseWriter, r *http.Request, st library.Staff) error {
	if err := permitRules(st); err != nil {
		return err
	}
	ctx, lang, now := r.Context(), s.Lang(r), s.Now()
	names, err := s.codeNames(ctx, lang)
	if err != nil {
		return err
	}
	f, err := s.explainForm(ctx, lang, r.URL.Query(), names, now)
	if err != nil {
		return err
	}
	status := http.StatusOK
	if len(f.Errors) > 0 {
		status = http.StatusBadRequest
	}
	s.Render(w, r, status, "admin_rules_explain", s.Tr(r, "admin_rules.explain.title"), &f)
	return nil
}

// explainForm reads the question from q and, when it was asked (q has a
// material), answers it.
func (s *server) explainForm(ctx context.Context, lang string, q url.Values, names codeNames, now time.Time) (explainForm, error) {
	today := library.DateOf(now.In(library.Helsinki))
	f := explainForm{Category: q.Get("category"), Home: q.Get("home"), Material: q.Get("material"),
		Library: q.Get("library"), Date: q.Get("date")}
	if f.Category == "" {
		f.Category = library.CategoryAdult
	}
	if f.Date == "" {
		f.Date = today.String()
	}
	f.Categories = names.categoryOptions(f.Category, false)
	f.Materials = names.materialOptions(f.Material, false)
	f.Libraries = names.libraryOptions(f.Library, "")
	f.Homes = names.libraryOptions(f.Home, "")
	if !q.Has("material") {
		return f, nil
	}
	fail := func(field, key string) {
		if f.Errors == nil {
			f.Errors = map[string]string{}
		}
		f.Errors[field] = s.I18n().T(lang, key, nil)
	}
	if !slices.Contains(names.codes.Categories, f.Category) {
		fail("category", "admin_rules.error.choose")
	}
	if !slices.Contains(names.codes.Materials, library.Material(f.Material)) {
		fail("material", "admin_rules.error.choose")
	}
	if f.Library != "" && !slices.Contains(names.codes.Libraries, f.Library) {
		fail("library", "admin_rules.error.choose")
	}
	if f.Home != "" && !slices.Contains(names.codes.Libraries, f.Home) {
		fail("home", "admin_rules.error.choose")
	}
	d, err := library.ParseDate(f.Date)
	if err != nil {
		fail("date", "admin_rules.error.date")
	}
	if len(f.Errors) > 0 {
		return f, nil
	}
	rules, err := s.rules()
	if err != nil {
		return f, err
	}
	at := d.In(library.Helsinki, library.NewClock(12, 0))
	if d == today {
		at = now
	}
	e, err := rules.ExplainRule(ctx, library.RuleQuery{Category: f.Category, HomeLibrary: f.Home,
		Material: library.Material(f.Material), Library: f.Library, At: at})
	if err != nil {
		return f, err
	}
	f.Asked = true
	if e.Version.ID == 0 {
		f.Version = s.I18n().T(lang, "admin_rules.defaults", nil)
	} else {
		f.Version = s.I18n().T(lang, "admin_rules.explain.version", map[string]any{"Date": s.FormatDate(lang, e.Version.Effective)})
	}
	if e.Winner < 0 {
		f.Hole = true
		f.Winner = s.I18n().T(lang, "admin_rules.explain.hole", nil)
	} else {
		f.Winner = s.I18n().T(lang, "admin_rules.explain.winner", map[string]any{"Row": e.Winner + 1, "Rule": names.key(e.Rule.Key())})
	}
	for _, v := range e.Rows {
		row := explainRow{N: v.Row + 1, Rule: names.key(v.Rule.Key()), Wins: v.Verdict == library.RuleWins,
			Verdict: s.I18n().T(lang, v.Key, v.Params)}
		for _, m := range v.Mismatch {
			row.Verdict += " " + s.I18n().T(lang, "admin_rules.explain.mismatch."+strings.ToLower(m), nil)
		}
		f.Rows = append(f.Rows, row)
	}
	return f, nil
}

// codeNames names the codes a policy's rows use, in one language.
type codeNames struct {
	s     *server
	lang  string
	codes library.PolicyCodes
	libs  map[string]string
}

func (s *server) codeNames(ctx context.Context, lang string) (codeNames, error) {
	rules, err := s.rules()
	if err != nil {
		return codeNames{}, err
	}
	codes, err := rules.PolicyCodes(ctx)
	if err != nil {
		return codeNames{}, err
	}
	n := codeNames{s: s, lang: lang, codes: codes, libs: map[string]string{}}
	libs, err := s.Store().Libraries(ctx)
	if err != nil {
		return codeNames{}, fmt.Errorf("libraries: %w", err)
	}
	for _, l := range libs {
		n.libs[l.ID] = web.TextIn(l.Name, lang).Text
	}
	return n, nil
}

func (n codeNames) t(id string) string { return n.s.I18n().T(n.lang, id, nil) }

func (n codeNames) category(c string) string {
	switch {
	case c == "":
		return n.t("admin_rules.any_category")
	case n.s.I18n().Has(n.lang, "admin_rules.category."+c):
		return n.t("admin_rules.category." + c)
	}
	return c // imported from another system: its code is its name
}

func (n codeNames) material(m library.Material) string {
	if m == "" {
		return n.t("admin_rules.any_material")
	}
	if n.s.I18n().Has(n.lang, "material."+string(m)) {
		return n.t("material." + string(m))
	}
	return string(m)
}

func (n codeNames) library(l string) string {
	if l == "" {
		return n.t("admin_rules.any_library")
	}
	if name, ok := n.libs[l]; ok && name != "" {
		return name
	}
	return l
}

// key words a row's key: "Child × DVD × any library".
func (n codeNames) key(k library.RuleKey) string {
	return n.category(k.Category) + " × " + n.material(k.Material) + " × " + n.library(k.Library)
}

// choice is one option of a select, named in words.
type choice struct {
	Value, Label string
	Selected     bool
}

func (n codeNames) categoryOptions(sel string, withAny bool) []choice {
	var out []choice
	if withAny {
		out = append(out, choice{"", n.category(""), sel == ""})
	}
	for _, c := range n.codes.Categories {
		out = append(out, choice{c, n.category(c), sel == c})
	}
	return out
}

func (n codeNames) materialOptions(sel string, withAny bool) []choice {
	var out []choice
	if withAny {
		out = append(out, choice{"", n.material(""), sel == ""})
	}
	for _, m := range n.codes.Materials {
		out = append(out, choice{string(m), n.material(m), sel == string(m)})
	}
	return out
}

// libraryOptions lists "any" and the libraries, or only the library
// only when it is not "" (a library administrator's new rows).
func (n codeNames) libraryOptions(sel, only string) []choice {
	if only != "" {
		return []choice{{only, n.library(only), true}}
	}
	out := []choice{{"", n.library(""), sel == ""}}
	for _, l := range n.codes.Libraries {
		out = append(out, choice{l, n.library(l), sel == l})
	}
	return out
}
