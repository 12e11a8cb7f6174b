package main

import (
	"testing"

	"github.com/kirjasto/kirjasto/internal/library"
)

// cataloguerTab returns a tab signed in as the demo's consortium
// administrator, who catalogues records and every library's copies.
func (env *browserEnv) cataloguerTab(t *testing.T) *tab {
	t.Helper()
	for _, s := range env.staff {
		if s.Role == library.RoleAdmin {
			return env.staffTab(t, s)
		}
	}
	t.Fatal("no administrator among the demo's staff")
	return nil
}

// cataloguePages lists the cataloguing pages of the record with id, and
// of its first copy.
func (env *browserEnv) cataloguePages(t *testing.T, id string) []string {
	rec := "/catalogue/records/" + id
	tb := env.cataloguerTab(t)
	tb.open(rec + "/items")
	item := tb.firstLink(`main a[href^="/catalogue/items/"]`)
	return []string{"/catalogue", "/catalogue?find=kissa", "/catalogue/new", "/catalogue/new/marc",
		rec, rec + "/marc", rec + "/items", item, rec + "/delete",
		"/catalogue/batch", "/catalogue/merge", "/catalogue/merge?keep=" + id + "&drop=1"}
}
