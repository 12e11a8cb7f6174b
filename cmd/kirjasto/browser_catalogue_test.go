package main

// cataloguePages lists the cataloguing pages of the record with id, and
// of its first copy, found on admin's tab (the consortium
// administrator's, who catalogues records and every library's copies).
func (env *browserEnv) cataloguePages(admin *tab, id string) []string {
	rec := "/catalogue/records/" + id
	admin.open(rec + "/items")
	item := admin.firstLink(`main a[href^="/catalogue/items/"]`)
	return []string{"/catalogue", "/catalogue?find=kissa", "/catalogue/new", "/catalogue/new/marc",
		rec, rec + "/marc", rec + "/items", item, rec + "/delete",
		"/catalogue/batch", "/catalogue/merge", "/catalogue/merge?keep=" + id + "&drop=1"}
}
