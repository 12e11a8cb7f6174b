package main

import (
	"strconv"
	"testing"
)

// patronDeskPages are the desk's patron pages as the staff tab of the
// browser tests (Helsinki's branch staff) sees them, for a patron of
// Helsinki. The card ranges' page is an administrator's and the PIN
// letter the answer to a POST; the package's own tests cover both.
func (env *browserEnv) patronDeskPages(t *testing.T) []string {
	for _, p := range env.patrons {
		if p.HomeLibrary == "helsinki" {
			page := "/desk/patrons/" + strconv.FormatInt(p.ID, 10)
			return []string{"/desk/patrons", "/desk/patrons?q=" + p.CardNumber, "/desk/patrons/new",
				page, page + "/edit", page + "/merge"}
		}
	}
	t.Fatal("no patron of Helsinki among the demo patrons")
	return nil
}
