package main

import (
	"strconv"
	"strings"
	"testing"
)

// testStats: Oodi's branch manager (Helsinki's desk account, branch staff
// at Oodi) finds the statistics from the administration's index and sees
// Oodi's figures only: the same as the consortium administrator sees when
// choosing Oodi, less than Helsinki's, with no wider scope to choose and
// a refusal when asking for one by address. The charts are images with a
// title, each beside its table.
func (env *browserEnv) testStats(t *testing.T) {
	manager := env.staffTab(t, env.staffNamed(t, "helsinki-staff"))
	manager.open("/admin?lang=en")
	manager.click(`main a[href="/admin/stats"]`)
	if got := eval[string](manager, `(document.querySelector('input[name=scope]')||{}).value||""`); got != "helsinki/hki-oodi" {
		t.Errorf("the manager's scope is %q, want Oodi's alone", got)
	}
	if n := eval[int](manager, `document.querySelectorAll('select#scope').length`); n != 0 {
		t.Errorf("the manager is offered a choice of scope")
	}
	// A year, chosen in the form as a keyboard user would fill it.
	manager.setValue("#period", "year")
	manager.click(`form.stats-form button[type=submit]`)
	loans := func(tb *tab) int {
		t.Helper()
		s := tb.text(`#summary tbody tr:first-child td`)
		n, err := strconv.Atoi(s)
		if err != nil {
			t.Fatalf("the summary's loans on %s: %q", tb.location(), s)
		}
		return n
	}
	oodi := loans(manager)
	if oodi == 0 {
		t.Fatalf("Oodi lent nothing in the demo's year: %s", manager.text("main"))
	}
	if n := eval[int](manager, `document.querySelectorAll('svg[role=img] title, svg[role=img] desc').length`); n < 4 {
		t.Errorf("%d titles and descriptions in the charts, want two each", n)
	}
	year := eval[string](manager, `document.querySelector('#year').value`)

	admin := env.staffTab(t, env.admin(t))
	admin.open("/admin/stats?lang=en&period=year&year=" + year + "&scope=helsinki/hki-oodi")
	if got := loans(admin); got != oodi {
		t.Errorf("the administrator sees %d loans at Oodi, the manager %d", got, oodi)
	}
	admin.open("/admin/stats?lang=en&period=year&year=" + year + "&scope=helsinki")
	if got := loans(admin); got <= oodi {
		t.Errorf("Helsinki lent %d, Oodi %d: the city should lend more than one branch", got, oodi)
	}

	manager.open("/admin/stats?lang=en&scope=helsinki")
	if want := env.i18n.T("en", "error.staff_other_library", nil); !strings.Contains(manager.text("main"), want) {
		t.Errorf("asking for Helsinki's figures: %q, want the refusal %q", manager.text("main"), want)
	}
}
