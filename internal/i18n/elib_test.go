package i18n

import (
	"strings"
	"testing"

	"github.com/kirjasto/kirjasto/internal/library"
)

// TestELibNames: every code of the e-library has a name in every
// language, and its notices a subject, a body and a name on the staff's
// outbox, which fill in the title and an offer's end.
func TestELibNames(t *testing.T) {
	b := newBundle(t)
	var ids []string
	for _, m := range library.LicenceModels {
		ids = append(ids, "elib.model."+m)
	}
	for _, s := range library.LicenceStatuses {
		ids = append(ids, "elib.licence.status."+s)
	}
	for _, s := range library.EHoldStatuses {
		ids = append(ids, "elib.hold.status."+s)
	}
	for _, w := range []string{library.BudgetRefuse, library.BudgetWait} {
		ids = append(ids, "elib.budget."+w)
	}
	for _, m := range library.EMaterials {
		ids = append(ids, "material."+string(m))
	}
	for _, k := range library.ELibNotices {
		ids = append(ids, "notice."+k+".subject", "notice."+k+".body", "notice.kind."+k)
	}
	ids = append(ids, "staff.action."+string(library.ActELibrary))
	params := map[string]any{"title": "Seitsemän veljestä", "date": "3.12.2026", "time": "14.30"}
	for _, lang := range b.Languages() {
		for _, id := range ids {
			if !b.Has(lang, id) {
				t.Errorf("%s: no message %q", lang, id)
			}
		}
		for _, k := range library.ELibNotices {
			for _, part := range []string{"subject", "body"} {
				got := b.T(lang, "notice."+k+"."+part, params)
				if strings.Contains(got, "{{") || strings.Contains(got, "<no value>") || !strings.Contains(got, "Seitsemän veljestä") {
					t.Errorf("%s: notice %s %s: %q", lang, k, part, got)
				}
			}
		}
		if got := b.T(lang, "notice.elib_offered.body", params); !strings.Contains(got, "3.12.2026") || !strings.Contains(got, "14.30") {
			t.Errorf("%s: the offer does not say when its window ends: %q", lang, got)
		}
		if got := b.T(lang, "error.elib_loan_limit", map[string]any{"Count": 5}); !strings.Contains(got, "5") {
			t.Errorf("%s: the loan limit does not say the limit: %q", lang, got)
		}
	}
}
