package library

import (
	"fmt"
	"strconv"
	"strings"
)

// Kinds of PolicyChange.
const (
	ChangeAdded   = "added"   // a row only the new version has
	ChangeRemoved = "removed" // a row only the old version has
	ChangeChanged = "changed" // a row both have, with other values
	ChangePolicy  = "policy"  // the policy-wide settings
)

// FieldChange is one field that differs between two versions.
type FieldChange struct {
	Field    string // Go name, as in RuleProblem.Field
	Old, New string
}

// RuleChange is one difference between two versions of the policy: a
// row added, removed or changed (rows are paired by key, so moving a row
// is no change), or the policy-wide settings changed (Kind ChangePolicy).
type RuleChange struct {
	Kind string
	Key  RuleKey
	// OldRow and NewRow are the row's indices in the old and the new
	// version; -1 where it is absent (and for ChangePolicy).
	OldRow, NewRow int
	Fields         []FieldChange
}

// String writes the change for people reading the audit trail:
// "changed child × dvd × *: LoanDays 7 → 14, MaxFee 600 → 800".
func (c RuleChange) String() string {
	var b strings.Builder
	b.WriteString(c.Kind)
	if c.Kind != ChangePolicy {
		b.WriteString(" " + c.Key.String())
	}
	for i, f := range c.Fields {
		if i == 0 {
			b.WriteString(": ")
		} else {
			b.WriteString(", ")
		}
		switch c.Kind {
		case ChangeAdded:
			fmt.Fprintf(&b, "%s %s", f.Field, f.New)
		case ChangeRemoved:
			fmt.Fprintf(&b, "%s %s", f.Field, f.Old)
		default:
			fmt.Fprintf(&b, "%s %s → %s", f.Field, f.Old, f.New)
		}
	}
	return b.String()
}

// DiffText writes a diff one change a line, "no changes" if there are
// none, for the audit trail's detail.
func DiffText(cs []RuleChange) string {
	if len(cs) == 0 {
		return "no changes"
	}
	lines := make([]string, len(cs))
	for i, c := range cs {
		lines[i] = c.String()
	}
	return strings.Join(lines, "\n")
}

// ruleValues returns the values of a row's settings (all but its key),
// in a fixed order.
func ruleValues(r LoanRule) []FieldChange {
	fs := make([]FieldChange, 0, len(ruleNumbers)+1)
	for _, f := range ruleNumbers {
		fs = append(fs, FieldChange{Field: f.name, New: strconv.FormatInt(f.get(r), 10)})
	}
	return append(fs, FieldChange{Field: "HoldsAllowed", New: strconv.FormatBool(r.HoldsAllowed)})
}

func policyValues(p Policy) []FieldChange {
	fs := make([]FieldChange, 0, len(policyNumbers)+1)
	for _, f := range policyNumbers {
		fs = append(fs, FieldChange{Field: f.name, New: strconv.FormatInt(f.get(p), 10)})
	}
	return append(fs, FieldChange{Field: "AutoRenew", New: strconv.FormatBool(p.AutoRenew)})
}

// changedFields pairs two value lists of the same fields and keeps those
// that differ.
func changedFields(a, b []FieldChange) []FieldChange {
	var out []FieldChange
	for i := range a {
		if a[i].New != b[i].New {
			out = append(out, FieldChange{Field: a[i].Field, Old: a[i].New, New: b[i].New})
		}
	}
	return out
}

// DiffPolicies returns what changed from old to new: the policy-wide
// settings first, then the rows in the order of new, then the rows
// removed in the order of from. Rows with the same key (which Validate
// refuses, but an old version may hold) pair up in their order.
func DiffPolicies(from, to Policy) []RuleChange {
	var out []RuleChange
	if fs := changedFields(policyValues(from), policyValues(to)); len(fs) > 0 {
		out = append(out, RuleChange{Kind: ChangePolicy, OldRow: -1, NewRow: -1, Fields: fs})
	}
	olds := map[RuleKey][]int{}
	for i, r := range from.Rules {
		olds[r.Key()] = append(olds[r.Key()], i)
	}
	paired := make([]bool, len(from.Rules))
	for j, r := range to.Rules {
		k := r.Key()
		if len(olds[k]) == 0 {
			out = append(out, RuleChange{Kind: ChangeAdded, Key: k, OldRow: -1, NewRow: j, Fields: ruleValues(r)})
			continue
		}
		i := olds[k][0]
		olds[k] = olds[k][1:]
		paired[i] = true
		if fs := changedFields(ruleValues(from.Rules[i]), ruleValues(r)); len(fs) > 0 {
			out = append(out, RuleChange{Kind: ChangeChanged, Key: k, OldRow: i, NewRow: j, Fields: fs})
		}
	}
	for i, r := range from.Rules {
		if !paired[i] {
			fs := ruleValues(r)
			for n := range fs {
				fs[n].Old, fs[n].New = fs[n].New, ""
			}
			out = append(out, RuleChange{Kind: ChangeRemoved, Key: r.Key(), OldRow: i, NewRow: -1, Fields: fs})
		}
	}
	return out
}
