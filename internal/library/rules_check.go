package library

import (
	"fmt"
	"slices"
	"strings"
)

// MaxLoanDays is the longest loan period a rule may give: a year. A
// longer one is a typing slip (280 for 28), not a policy.
const MaxLoanDays = 365

// MaxPickupDays bounds how long a ready hold may wait on the shelf.
const MaxPickupDays = 60

// PolicyCodes are the codes a policy's rows may name, and the
// combinations the matrix must cover.
type PolicyCodes struct {
	Categories []string
	Materials  []Material
	Libraries  []string
}

// RuleProblem is one thing wrong with a policy, placed so that a page can
// mark the field: Row is the index in Policy.Rules (-1 for a policy-wide
// field or the matrix as a whole), Field the field's Go name ("LoanDays",
// "BlockThreshold"; "" for the whole row or matrix), and Key the message
// id with its Params. Row numbers in Params are 1-based, as people count.
type RuleProblem struct {
	Row    int
	Field  string
	Key    string
	Params map[string]any
}

func (p RuleProblem) String() string {
	return fmt.Sprintf("row %d %s: %s %v", p.Row, p.Field, p.Key, p.Params)
}

// PolicyError is the error of a policy refused for its problems. It
// unwraps to a *Error (EINVALID, or EFORBIDDEN for rows out of a library
// administrator's reach) whose Count is the number of problems, so the
// usual error handling shows a summary; a page that can mark fields takes
// Problems with errors.As.
type PolicyError struct {
	Problems []RuleProblem
	err      *Error
}

func (e *PolicyError) Error() string { return e.err.Error() }
func (e *PolicyError) Unwrap() error { return e.err }

// problemsError returns nil for no problems, else a *PolicyError.
func problemsError(code, key, what string, ps []RuleProblem) error {
	if len(ps) == 0 {
		return nil
	}
	msgs := make([]string, len(ps))
	for i, p := range ps {
		msgs[i] = p.String()
	}
	return &PolicyError{Problems: ps, err: &Error{Code: code, Key: key, Count: len(ps),
		Message: fmt.Sprintf("%s: %d problems: %s", what, len(ps), strings.Join(msgs, "; "))}}
}

// ruleField is one number of a row, named as the page names its input.
type ruleField struct {
	name string
	get  func(LoanRule) int64
}

var ruleNumbers = []ruleField{
	{"LoanDays", func(r LoanRule) int64 { return int64(r.LoanDays) }},
	{"MaxRenewals", func(r LoanRule) int64 { return int64(r.MaxRenewals) }},
	{"MaxLoans", func(r LoanRule) int64 { return int64(r.MaxLoans) }},
	{"FeePerDay", func(r LoanRule) int64 { return r.FeePerDay }},
	{"MaxFee", func(r LoanRule) int64 { return r.MaxFee }},
	{"ReplacementFee", func(r LoanRule) int64 { return r.ReplacementFee }},
	{"ProcessingFee", func(r LoanRule) int64 { return r.ProcessingFee }},
}

// policyField is one policy-wide setting.
type policyField struct {
	name string
	get  func(Policy) int64
}

var policyNumbers = []policyField{
	{"BlockThreshold", func(p Policy) int64 { return p.BlockThreshold }},
	{"NoShowFee", func(p Policy) int64 { return p.NoShowFee }},
	{"PickupDays", func(p Policy) int64 { return int64(p.PickupDays) }},
	{"MaxHolds", func(p Policy) int64 { return int64(p.MaxHolds) }},
	{"MaxLoans", func(p Policy) int64 { return int64(p.MaxLoans) }},
}

// Validate returns everything wrong with p, given the codes its rows may
// name; none means it may be saved. It checks numbers (none negative,
// loan periods within MaxLoanDays with 0 for "not lent", a fee cap not
// below the fee of one day), codes, rows with the same key, and that
// every category × material × library of codes is matched by some row.
func (p Policy) Validate(codes PolicyCodes) []RuleProblem {
	var ps []RuleProblem
	add := func(row int, field, key string, params map[string]any) {
		ps = append(ps, RuleProblem{Row: row, Field: field, Key: key, Params: params})
	}
	for _, f := range policyNumbers {
		if v := f.get(p); v < 0 {
			add(-1, f.name, "rules.problem.negative", map[string]any{"Value": v})
		}
	}
	if p.PickupDays == 0 || p.PickupDays > MaxPickupDays {
		add(-1, "PickupDays", "rules.problem.pickup_days_range", map[string]any{"Value": p.PickupDays, "Max": MaxPickupDays})
	}
	if len(p.Rules) == 0 {
		add(-1, "", "rules.problem.no_rules", nil)
	}
	known := func(list []string, code string) bool { return code == "" || slices.Contains(list, code) }
	first := map[RuleKey]int{}
	for i, r := range p.Rules {
		if !known(codes.Categories, r.Category) {
			add(i, "Category", "rules.problem.unknown_category", map[string]any{"Code": r.Category})
		}
		if r.Material != "" && !slices.Contains(codes.Materials, r.Material) {
			add(i, "Material", "rules.problem.unknown_material", map[string]any{"Code": string(r.Material)})
		}
		if !known(codes.Libraries, r.Library) {
			add(i, "Library", "rules.problem.unknown_library", map[string]any{"Code": r.Library})
		}
		for _, f := range ruleNumbers {
			if v := f.get(r); v < 0 {
				add(i, f.name, "rules.problem.negative", map[string]any{"Value": v})
			}
		}
		if r.LoanDays > MaxLoanDays {
			add(i, "LoanDays", "rules.problem.loan_days_range", map[string]any{"Value": r.LoanDays, "Max": MaxLoanDays})
		}
		if r.MaxFee > 0 && r.MaxFee < r.FeePerDay {
			add(i, "MaxFee", "rules.problem.cap_below_day", map[string]any{"Value": r.MaxFee, "FeePerDay": r.FeePerDay})
		}
		if j, dup := first[r.Key()]; dup {
			add(i, "", "rules.problem.duplicate", map[string]any{"Other": j + 1})
		} else {
			first[r.Key()] = i
		}
	}
	for _, k := range p.Uncovered(codes) {
		add(-1, "", "rules.problem.uncovered", map[string]any{
			"Category": k.Category, "Material": string(k.Material), "Library": k.Library})
	}
	return ps
}

// Uncovered returns the combinations of codes that no row of p matches:
// holes in the matrix, where circulation would have no rule to follow.
// With no libraries in codes, rows naming a library cover nothing.
func (p Policy) Uncovered(codes PolicyCodes) []RuleKey {
	libs := codes.Libraries
	if len(libs) == 0 {
		libs = []string{""}
	}
	var out []RuleKey
	for _, c := range codes.Categories {
		for _, m := range codes.Materials {
			for _, l := range libs {
				if p.winner(c, m, l) < 0 {
					out = append(out, RuleKey{c, m, l})
				}
			}
		}
	}
	return out
}

// ValidationError returns nil if p is valid for codes, else a
// *PolicyError (EINVALID) listing the problems.
func (p Policy) ValidationError(codes PolicyCodes) error {
	return problemsError(EINVALID, "error.rules_invalid", "invalid circulation policy", p.Validate(codes))
}

// RuleKey is what a row of the matrix matches on; "" matches any.
type RuleKey struct {
	Category string
	Material Material
	Library  string
}

// Key returns the row's key.
func (r LoanRule) Key() RuleKey { return RuleKey{r.Category, r.Material, r.Library} }

// String writes the key as "child × dvd × *", * for any.
func (k RuleKey) String() string {
	star := func(s string) string {
		if s == "" {
			return "*"
		}
		return s
	}
	return star(k.Category) + " × " + star(string(k.Material)) + " × " + star(k.Library)
}

// LibraryEditProblems returns what next changes of base that an
// administrator of library lib may not: a library administrator edits the
// rows naming their own library (adds, changes or removes them) and
// nothing else, neither other rows nor the policy-wide settings, which
// are the consortium's. Rows are compared by key, not by position, so
// reordering is no change.
func LibraryEditProblems(base, next Policy, lib string) []RuleProblem {
	var ps []RuleProblem
	for _, f := range policyNumbers {
		if f.get(base) != f.get(next) {
			ps = append(ps, RuleProblem{Row: -1, Field: f.name, Key: "rules.problem.consortium_field"})
		}
	}
	if base.AutoRenew != next.AutoRenew {
		ps = append(ps, RuleProblem{Row: -1, Field: "AutoRenew", Key: "rules.problem.consortium_field"})
	}
	for _, c := range DiffPolicies(base, next) {
		if c.Kind == ChangePolicy || c.Key.Library == lib && lib != "" {
			continue
		}
		params := map[string]any{"Category": c.Key.Category, "Material": string(c.Key.Material), "Library": c.Key.Library}
		ps = append(ps, RuleProblem{Row: c.NewRow, Field: "Library", Key: "rules.problem.other_library", Params: params})
	}
	return ps
}

// LibraryEditError returns nil if next changes only what an
// administrator of lib may change, else a *PolicyError (EFORBIDDEN).
func LibraryEditError(base, next Policy, lib string) error {
	return problemsError(EFORBIDDEN, "error.rules_other_library", "rules out of the library's reach "+lib,
		LibraryEditProblems(base, next, lib))
}
