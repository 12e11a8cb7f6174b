package library

import "time"

// RuleQuery asks which rule applies to a patron and an item at a moment.
type RuleQuery struct {
	Category    string // the patron's category
	HomeLibrary string // the patron's home library, shown; rows match the item's library
	Material    Material
	Library     string    // the member library owning the item
	At          time.Time // the moment of the checkout or renewal
}

// Verdicts of RuleVerdict.
const (
	RuleWins         = "wins"
	RuleLessSpecific = "less_specific" // matches, but the winner names more, or weightier, fields
	RuleTie          = "tie"           // matches as specifically as the winner, which comes first
	RuleNotMatching  = "not_matching"  // names a category, material or library the query has not
)

// RuleVerdict is what became of one row.
type RuleVerdict struct {
	Row     int
	Rule    LoanRule
	Verdict string
	// Mismatch names the fields that do not match, for RuleNotMatching:
	// "Category", "Material", "Library".
	Mismatch []string
	// Key and Params say it in words: "rules.explain.wins" ...
	Key    string
	Params map[string]any
}

// RuleExplanation says which row of a version wins for a query, and why
// each other row did not.
type RuleExplanation struct {
	Query   RuleQuery
	Version PolicyVersion // the version in force at Query.At
	// Winner is the index of the winning row, -1 if none matches (a hole
	// in the matrix: the item is lent by no rule).
	Winner int
	Rule   LoanRule
	Rows   []RuleVerdict // every row, in the policy's order
}

// Explain tells which row of p wins for q and what became of the others.
// It follows Rule exactly: the same scores pick the same row.
func (p Policy) Explain(q RuleQuery) RuleExplanation {
	e := RuleExplanation{Query: q, Winner: p.winner(q.Category, q.Material, q.Library)}
	var winScore int
	if e.Winner >= 0 {
		e.Rule = p.Rules[e.Winner]
		winScore, _ = e.Rule.specificity(q.Category, q.Material, q.Library)
	}
	for i, r := range p.Rules {
		v := RuleVerdict{Row: i, Rule: r}
		score, ok := r.specificity(q.Category, q.Material, q.Library)
		switch {
		case i == e.Winner:
			v.Verdict, v.Key = RuleWins, "rules.explain.wins"
		case !ok:
			v.Verdict, v.Key = RuleNotMatching, "rules.explain.not_matching"
			if r.Category != "" && r.Category != q.Category {
				v.Mismatch = append(v.Mismatch, "Category")
			}
			if r.Material != "" && r.Material != q.Material {
				v.Mismatch = append(v.Mismatch, "Material")
			}
			if r.Library != "" && r.Library != q.Library {
				v.Mismatch = append(v.Mismatch, "Library")
			}
		case score == winScore:
			v.Verdict, v.Key = RuleTie, "rules.explain.tie"
			v.Params = map[string]any{"Winner": e.Winner + 1}
		default:
			v.Verdict, v.Key = RuleLessSpecific, "rules.explain.less_specific"
			v.Params = map[string]any{"Winner": e.Winner + 1}
		}
		e.Rows = append(e.Rows, v)
	}
	return e
}
