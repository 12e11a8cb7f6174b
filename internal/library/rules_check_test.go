package library

import (
	"errors"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// testCodes are two categories, two materials and two libraries.
var testCodes = PolicyCodes{
	Categories: []string{CategoryAdult, CategoryChild},
	Materials:  []Material{Book, DVD},
	Libraries:  []string{"espoo", "vantaa"},
}

// validPolicy covers testCodes with a catch-all and two specific rows.
func validPolicy() Policy {
	return Policy{
		Rules: []LoanRule{
			{LoanDays: 28, MaxRenewals: 5, MaxLoans: 50, HoldsAllowed: true, FeePerDay: 20, MaxFee: 600},
			{Material: DVD, LoanDays: 7, MaxRenewals: 2, MaxLoans: 10, FeePerDay: 100, MaxFee: 600},
			{Category: CategoryChild, Library: "vantaa", LoanDays: 28},
		},
		BlockThreshold: 1000, NoShowFee: 100, PickupDays: 7, MaxHolds: 30, MaxLoans: 100,
	}
}

func TestValidate(t *testing.T) {
	tests := []struct {
		name   string
		change func(p *Policy)
		want   []RuleProblem
	}{
		{"valid", func(p *Policy) {}, nil},
		{"loan days 0 means not lent: valid", func(p *Policy) { p.Rules[1].LoanDays = 0 }, nil},
		{"no cap (0) is valid", func(p *Policy) { p.Rules[0].MaxFee = 0 }, nil},
		{"negative row field", func(p *Policy) { p.Rules[1].MaxRenewals = -1 }, []RuleProblem{
			{Row: 1, Field: "MaxRenewals", Key: "rules.problem.negative", Params: map[string]any{"Value": int64(-1)}}}},
		{"negative lost fee", func(p *Policy) { p.Rules[0].ProcessingFee = -5 }, []RuleProblem{
			{Row: 0, Field: "ProcessingFee", Key: "rules.problem.negative", Params: map[string]any{"Value": int64(-5)}}}},
		{"negative policy field", func(p *Policy) { p.BlockThreshold = -100 }, []RuleProblem{
			{Row: -1, Field: "BlockThreshold", Key: "rules.problem.negative", Params: map[string]any{"Value": int64(-100)}}}},
		{"loan days out of range", func(p *Policy) { p.Rules[0].LoanDays = 280 * 2 }, []RuleProblem{
			{Row: 0, Field: "LoanDays", Key: "rules.problem.loan_days_range", Params: map[string]any{"Value": 560, "Max": MaxLoanDays}}}},
		{"negative loan days", func(p *Policy) { p.Rules[2].LoanDays = -7 }, []RuleProblem{
			{Row: 2, Field: "LoanDays", Key: "rules.problem.negative", Params: map[string]any{"Value": int64(-7)}}}},
		{"pickup days zero", func(p *Policy) { p.PickupDays = 0 }, []RuleProblem{
			{Row: -1, Field: "PickupDays", Key: "rules.problem.pickup_days_range", Params: map[string]any{"Value": 0, "Max": MaxPickupDays}}}},
		{"cap below a day's fee", func(p *Policy) { p.Rules[1].MaxFee = 50 }, []RuleProblem{
			{Row: 1, Field: "MaxFee", Key: "rules.problem.cap_below_day", Params: map[string]any{"Value": int64(50), "FeePerDay": int64(100)}}}},
		{"unknown category", func(p *Policy) { p.Rules[2].Category = "visitor" }, []RuleProblem{
			{Row: 2, Field: "Category", Key: "rules.problem.unknown_category", Params: map[string]any{"Code": "visitor"}}}},
		{"unknown material", func(p *Policy) { p.Rules[1].Material = "laserdisc" }, []RuleProblem{
			{Row: 1, Field: "Material", Key: "rules.problem.unknown_material", Params: map[string]any{"Code": "laserdisc"}}}},
		{"unknown library", func(p *Policy) { p.Rules[2].Library = "turku" }, []RuleProblem{
			{Row: 2, Field: "Library", Key: "rules.problem.unknown_library", Params: map[string]any{"Code": "turku"}}}},
		{"duplicate row", func(p *Policy) {
			p.Rules = append(p.Rules, LoanRule{Material: DVD, LoanDays: 14})
		}, []RuleProblem{{Row: 3, Key: "rules.problem.duplicate", Params: map[string]any{"Other": 2}}}},
		{"hole: no catch-all, adults' books in Espoo and Vantaa uncovered", func(p *Policy) {
			p.Rules[0].Category = CategoryChild // now children only
		}, []RuleProblem{
			{Row: -1, Key: "rules.problem.uncovered", Params: map[string]any{"Category": CategoryAdult, "Material": "book", "Library": "espoo"}},
			{Row: -1, Key: "rules.problem.uncovered", Params: map[string]any{"Category": CategoryAdult, "Material": "book", "Library": "vantaa"}},
		}},
		{"explicit coverage without a catch-all is no hole", func(p *Policy) {
			p.Rules[0].Category = CategoryChild
			p.Rules = append(p.Rules, LoanRule{Category: CategoryAdult, Material: Book, LoanDays: 28})
		}, nil},
		{"no rules", func(p *Policy) { p.Rules = nil }, []RuleProblem{
			{Row: -1, Key: "rules.problem.no_rules"},
			{Row: -1, Key: "rules.problem.uncovered", Params: map[string]any{"Category": CategoryAdult, "Material": "book", "Library": "espoo"}},
			{Row: -1, Key: "rules.problem.uncovered", Params: map[string]any{"Category": CategoryAdult, "Material": "book", "Library": "vantaa"}},
			{Row: -1, Key: "rules.problem.uncovered", Params: map[string]any{"Category": CategoryAdult, "Material": "dvd", "Library": "espoo"}},
			{Row: -1, Key: "rules.problem.uncovered", Params: map[string]any{"Category": CategoryAdult, "Material": "dvd", "Library": "vantaa"}},
			{Row: -1, Key: "rules.problem.uncovered", Params: map[string]any{"Category": CategoryChild, "Material": "book", "Library": "espoo"}},
			{Row: -1, Key: "rules.problem.uncovered", Params: map[string]any{"Category": CategoryChild, "Material": "book", "Library": "vantaa"}},
			{Row: -1, Key: "rules.problem.uncovered", Params: map[string]any{"Category": CategoryChild, "Material": "dvd", "Library": "espoo"}},
			{Row: -1, Key: "rules.problem.uncovered", Params: map[string]any{"Category": CategoryChild, "Material": "dvd", "Library": "vantaa"}},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := validPolicy()
			tt.change(&p)
			got := p.Validate(testCodes)
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("Validate mismatch (-want +got):\n%s", diff)
			}
			err := p.ValidationError(testCodes)
			if (err != nil) != (len(tt.want) > 0) {
				t.Fatalf("ValidationError = %v, want an error: %v", err, len(tt.want) > 0)
			}
			if err == nil {
				return
			}
			var pe *PolicyError
			if !errors.As(err, &pe) || len(pe.Problems) != len(tt.want) {
				t.Errorf("ValidationError %v does not carry the %d problems", err, len(tt.want))
			}
			if ErrorCode(err) != EINVALID || ErrorKey(err) != "error.rules_invalid" || ErrorCount(err) != len(tt.want) {
				t.Errorf("ValidationError: code %s key %s count %d", ErrorCode(err), ErrorKey(err), ErrorCount(err))
			}
		})
	}
}

func TestDefaultPolicyIsValid(t *testing.T) {
	codes := PolicyCodes{Categories: PatronCategories, Materials: Materials, Libraries: []string{"espoo", "helsinki"}}
	if ps := DefaultPolicy().Validate(codes); len(ps) > 0 {
		t.Errorf("DefaultPolicy has problems: %v", ps)
	}
}

func TestExplain(t *testing.T) {
	p := validPolicy()
	p.Rules = append(p.Rules, LoanRule{Category: CategoryChild, Material: DVD, LoanDays: 7})
	at := time.Date(2027, 1, 1, 12, 0, 0, 0, Helsinki)
	tests := []struct {
		name   string
		q      RuleQuery
		winner int
		rows   []RuleVerdict
	}{
		{"adult dvd: the material row beats the catch-all", RuleQuery{Category: CategoryAdult, Material: DVD, Library: "espoo", At: at}, 1,
			[]RuleVerdict{
				{Row: 0, Verdict: RuleLessSpecific, Key: "rules.explain.less_specific", Params: map[string]any{"Winner": 2}},
				{Row: 1, Verdict: RuleWins, Key: "rules.explain.wins"},
				{Row: 2, Verdict: RuleNotMatching, Mismatch: []string{"Category", "Library"}, Key: "rules.explain.not_matching"},
				{Row: 3, Verdict: RuleNotMatching, Mismatch: []string{"Category"}, Key: "rules.explain.not_matching"},
			}},
		{"child in Vantaa: category and library beat category and material? no, two fields each: category+material wins", RuleQuery{Category: CategoryChild, HomeLibrary: "espoo", Material: DVD, Library: "vantaa", At: at}, 3,
			[]RuleVerdict{
				{Row: 0, Verdict: RuleLessSpecific, Key: "rules.explain.less_specific", Params: map[string]any{"Winner": 4}},
				{Row: 1, Verdict: RuleLessSpecific, Key: "rules.explain.less_specific", Params: map[string]any{"Winner": 4}},
				{Row: 2, Verdict: RuleLessSpecific, Key: "rules.explain.less_specific", Params: map[string]any{"Winner": 4}},
				{Row: 3, Verdict: RuleWins, Key: "rules.explain.wins"},
			}},
		{"child book in Vantaa", RuleQuery{Category: CategoryChild, Material: Book, Library: "vantaa", At: at}, 2,
			[]RuleVerdict{
				{Row: 0, Verdict: RuleLessSpecific, Key: "rules.explain.less_specific", Params: map[string]any{"Winner": 3}},
				{Row: 1, Verdict: RuleNotMatching, Mismatch: []string{"Material"}, Key: "rules.explain.not_matching"},
				{Row: 2, Verdict: RuleWins, Key: "rules.explain.wins"},
				{Row: 3, Verdict: RuleNotMatching, Mismatch: []string{"Material"}, Key: "rules.explain.not_matching"},
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := p.Explain(tt.q)
			if e.Winner != tt.winner {
				t.Fatalf("winner %d, want %d", e.Winner, tt.winner)
			}
			if r, _ := p.Rule(tt.q.Category, tt.q.Material, tt.q.Library); r != e.Rule {
				t.Errorf("Explain's rule %+v is not Rule's %+v", e.Rule, r)
			}
			for i := range tt.rows {
				tt.rows[i].Rule = p.Rules[i]
			}
			if diff := cmp.Diff(tt.rows, e.Rows); diff != "" {
				t.Errorf("rows mismatch (-want +got):\n%s", diff)
			}
		})
	}

	t.Run("tie: the first of two equal rows wins", func(t *testing.T) {
		p := Policy{Rules: []LoanRule{{Material: DVD, LoanDays: 7}, {Material: DVD, LoanDays: 14}}}
		e := p.Explain(RuleQuery{Category: CategoryAdult, Material: DVD})
		if e.Winner != 0 || e.Rows[1].Verdict != RuleTie {
			t.Errorf("winner %d, second row %s", e.Winner, e.Rows[1].Verdict)
		}
	})
	t.Run("hole: no winner", func(t *testing.T) {
		p := Policy{Rules: []LoanRule{{Material: DVD, LoanDays: 7}}}
		e := p.Explain(RuleQuery{Category: CategoryAdult, Material: Book})
		if e.Winner != -1 || e.Rows[0].Verdict != RuleNotMatching {
			t.Errorf("winner %d, row %+v", e.Winner, e.Rows[0])
		}
	})
}

func TestDiffPolicies(t *testing.T) {
	old := validPolicy()
	next := validPolicy()
	next.NoShowFee = 200
	next.Rules[1].LoanDays, next.Rules[1].MaxFee = 14, 800
	next.Rules = append(next.Rules[:2], LoanRule{Library: "espoo", LoanDays: 21}) // row 2 removed, one added
	// Reordering is no change.
	next.Rules[0], next.Rules[1] = next.Rules[1], next.Rules[0]

	got := DiffPolicies(old, next)
	want := []RuleChange{
		{Kind: ChangePolicy, OldRow: -1, NewRow: -1, Fields: []FieldChange{{"NoShowFee", "100", "200"}}},
		{Kind: ChangeChanged, Key: RuleKey{Material: DVD}, OldRow: 1, NewRow: 0,
			Fields: []FieldChange{{"LoanDays", "7", "14"}, {"MaxFee", "600", "800"}}},
		{Kind: ChangeAdded, Key: RuleKey{Library: "espoo"}, OldRow: -1, NewRow: 2, Fields: ruleValues(LoanRule{LoanDays: 21})},
		{Kind: ChangeRemoved, Key: RuleKey{Category: CategoryChild, Library: "vantaa"}, OldRow: 2, NewRow: -1},
	}
	want[3].Fields = ruleValues(old.Rules[2])
	for i := range want[3].Fields {
		want[3].Fields[i].Old, want[3].Fields[i].New = want[3].Fields[i].New, ""
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("DiffPolicies mismatch (-want +got):\n%s", diff)
	}
	text := DiffText(got)
	for _, line := range []string{
		"policy: NoShowFee 100 → 200",
		"changed * × dvd × *: LoanDays 7 → 14, MaxFee 600 → 800",
		"added * × * × espoo: LoanDays 21,",
		"removed child × * × vantaa: LoanDays 28,",
	} {
		if !contains(text, line) {
			t.Errorf("DiffText lacks %q:\n%s", line, text)
		}
	}
	if got := DiffText(DiffPolicies(old, old)); got != "no changes" {
		t.Errorf("DiffText of no change = %q", got)
	}
}

func contains(s, sub string) bool {
	for i := 0; i+len(sub) <= len(s); i++ {
		if s[i:i+len(sub)] == sub {
			return true
		}
	}
	return false
}

func TestLibraryEditProblems(t *testing.T) {
	base := validPolicy()
	base.Rules = append(base.Rules, LoanRule{Library: "espoo", LoanDays: 21})
	tests := []struct {
		name   string
		change func(p *Policy)
		want   []RuleProblem
	}{
		{"own row changed", func(p *Policy) { p.Rules[3].LoanDays = 14 }, nil},
		{"own row added and removed", func(p *Policy) {
			p.Rules[3] = LoanRule{Library: "espoo", Material: DVD, LoanDays: 3}
		}, nil},
		{"reordered", func(p *Policy) { p.Rules[0], p.Rules[3] = p.Rules[3], p.Rules[0] }, nil},
		{"another library's row", func(p *Policy) { p.Rules[2].LoanDays = 7 }, []RuleProblem{
			{Row: 2, Field: "Library", Key: "rules.problem.other_library", Params: map[string]any{"Category": CategoryChild, "Material": "", "Library": "vantaa"}}}},
		{"a consortium-wide row", func(p *Policy) { p.Rules[0].FeePerDay = 0 }, []RuleProblem{
			{Row: 0, Field: "Library", Key: "rules.problem.other_library", Params: map[string]any{"Category": "", "Material": "", "Library": ""}}}},
		{"removing another's row", func(p *Policy) { p.Rules = append(p.Rules[:2], p.Rules[3]) }, []RuleProblem{
			{Row: -1, Field: "Library", Key: "rules.problem.other_library", Params: map[string]any{"Category": CategoryChild, "Material": "", "Library": "vantaa"}}}},
		{"policy-wide settings", func(p *Policy) { p.MaxHolds, p.AutoRenew = 5, true }, []RuleProblem{
			{Row: -1, Field: "MaxHolds", Key: "rules.problem.consortium_field"},
			{Row: -1, Field: "AutoRenew", Key: "rules.problem.consortium_field"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			next := base
			next.Rules = append([]LoanRule(nil), base.Rules...)
			tt.change(&next)
			if diff := cmp.Diff(tt.want, LibraryEditProblems(base, next, "espoo")); diff != "" {
				t.Errorf("mismatch (-want +got):\n%s", diff)
			}
			err := LibraryEditError(base, next, "espoo")
			if (err == nil) != (tt.want == nil) || err != nil && ErrorCode(err) != EFORBIDDEN {
				t.Errorf("LibraryEditError = %v", err)
			}
		})
	}
	t.Run("no library reaches nothing", func(t *testing.T) {
		next := base
		next.Rules = append([]LoanRule(nil), base.Rules...)
		next.Rules = append(next.Rules, LoanRule{Material: Book, LoanDays: 1})
		if LibraryEditError(base, next, "") == nil {
			t.Error("a staff member of no library changed a consortium row")
		}
	})
}

func TestLostFee(t *testing.T) {
	r := LoanRule{ReplacementFee: 2500, ProcessingFee: 500}
	for _, tt := range []struct {
		price, repl, proc int64
	}{{0, 2500, 500}, {3990, 3990, 500}, {-1, 2500, 500}} {
		if repl, proc := r.LostFee(tt.price); repl != tt.repl || proc != tt.proc {
			t.Errorf("LostFee(%d) = %d + %d, want %d + %d", tt.price, repl, proc, tt.repl, tt.proc)
		}
	}
}

func TestPolicyVersionsInForce(t *testing.T) {
	day := func(d int) time.Time { return time.Date(2026, 12, d, 0, 0, 0, 0, Helsinki) }
	vs := PolicyVersions{Versions: []PolicyVersion{
		{ID: 1, From: day(1)},
		{ID: 2, From: day(10)},
		{ID: 3, From: day(10)}, // saved later for the same moment: wins
		{ID: 4, From: day(20), Withdrawn: day(5)},
	}}
	for _, tt := range []struct {
		at   time.Time
		want int64
	}{{day(1).Add(-time.Second), 0}, {day(1), 1}, {day(10).Add(-time.Second), 1}, {day(10), 3}, {day(25), 3}} {
		v, ok := vs.InForce(tt.at)
		if v.ID != tt.want || ok != (tt.want != 0) {
			t.Errorf("InForce(%s) = %d, %v; want %d", tt.at, v.ID, ok, tt.want)
		}
	}
	// A version for today takes effect when saved, not at midnight.
	saved := time.Date(2026, 12, 6, 13, 0, 0, 0, Helsinki)
	if got := PolicyFrom(Date{2026, 12, 6}, saved); !got.Equal(saved) {
		t.Errorf("PolicyFrom today = %s", got)
	}
	if got := PolicyFrom(Date{2027, 1, 1}, saved); !got.Equal(time.Date(2027, 1, 1, 0, 0, 0, 0, Helsinki)) {
		t.Errorf("PolicyFrom New Year = %s", got)
	}
}
