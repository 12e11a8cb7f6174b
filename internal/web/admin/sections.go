package admin

import "github.com/kirjasto/kirjasto/internal/library"

// section is one part of the administration, as the index lists it.
type section struct {
	Path  string         // its page
	Title string         // message id of its name
	Text  string         // message id of what it is for
	Act   library.Action // what a staff member must be permitted to see it
}

// sections are the administration's parts, in the order a new consortium
// meets them: libraries and branches, staff, loan rules, patrons'
// registration, cataloguing. A page joins the index with a line here
// when its handler is registered (area.go).
var sections = []section{}

// permitted returns the sections of list that library.Permit lets st do,
// within the reach of their role.
func permitted(st library.Staff, list []section) []section {
	var out []section
	for _, sec := range list {
		if library.Permit(st, sec.Act, st.Reach()) == nil {
			out = append(out, sec)
		}
	}
	return out
}
