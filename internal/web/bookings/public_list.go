package bookings

import (
	"context"
	"net/http"
	"net/url"
	"slices"

	"github.com/kirjasto/kirjasto/internal/library"
	"github.com/kirjasto/kirjasto/internal/web"
)

// What can be booked (/bookings, and GET /api/v1/resources): every
// active resource, by city, branch and kind, each with when it is next
// free.

// kindGroups are the kinds a resident picks from: the two studios are
// one choice, and so are instruments and equipment, as residents look
// for "a studio" or "a machine", not for the library's categories.
var kindGroups = []struct {
	ID    string
	Kinds []string
}{
	{"room", []string{library.KindRoom}},
	{"studio", []string{library.KindRehearsalStudio, library.KindRecordingStudio}},
	{"equipment", []string{library.KindInstrument, library.KindEquipment}},
	{"digital-help", []string{library.KindDigitalHelp}},
}

// listFilter is what the list is filtered by; "" is no filter.
type listFilter struct {
	City, Branch, Kind string
}

// readListFilter reads the filters of the list and of the API: an
// unknown city, branch or kind is the user's mistake (400).
func (s *server) readListFilter(ctx context.Context, q url.Values) (listFilter, error) {
	f := listFilter{City: q.Get("city"), Branch: q.Get("branch"), Kind: q.Get("kind")}
	libs, branches, err := s.Consortium(ctx)
	if err != nil {
		return f, err
	}
	if f.City != "" && !slices.ContainsFunc(libs, func(l library.Library) bool { return l.ID == f.City }) {
		return f, web.Invalid("error.invalid", "unknown city %q", f.City)
	}
	if f.Branch != "" && !slices.ContainsFunc(branches, func(b library.Branch) bool { return b.ID == f.Branch }) {
		return f, web.Invalid("error.invalid", "unknown branch %q", f.Branch)
	}
	if f.Kind != "" && kindsOf(f.Kind) == nil {
		return f, web.Invalid("error.invalid", "unknown kind %q", f.Kind)
	}
	return f, nil
}

// kindsOf returns the resource kinds a filter's kind stands for: a group,
// or one kind by its own name.
func kindsOf(kind string) []string {
	for _, g := range kindGroups {
		if g.ID == kind {
			return g.Kinds
		}
	}
	if slices.Contains(library.ResourceKinds, kind) {
		return []string{kind}
	}
	return nil
}

// listResources returns the resources f selects, in lang, each with its
// next free time, ordered by branch name and then by resource name.
func (s *server) listResources(ctx context.Context, lang string, f listFilter) ([]resourceView, error) {
	bs, err := s.bookings()
	if err != nil {
		return nil, err
	}
	rs, err := bs.Resources(ctx, library.ResourceFilter{BranchID: f.Branch, LibraryID: f.City})
	if err != nil {
		return nil, err
	}
	names, err := s.BranchTexts(ctx, lang)
	if err != nil {
		return nil, err
	}
	kinds := kindsOf(f.Kind)
	now := s.Now()
	var branches []string
	out := []resourceView{}
	for _, r := range rs {
		if !r.Active() || kinds != nil && !slices.Contains(kinds, r.Kind) {
			continue
		}
		out = append(out, s.resourceView(lang, r, names))
		if !slices.Contains(branches, r.BranchID) {
			branches = append(branches, r.BranchID)
		}
	}
	// One read of each branch's hours and bookings answers all of its
	// resources' next free times.
	next := map[int64]*slotView{}
	for _, b := range branches {
		nf, err := bs.NextFreeTimes(ctx, b, now)
		if err != nil {
			return nil, err
		}
		for _, n := range nf {
			if n.Found {
				v := s.slotView(lang, n.Resource.ID, n.Slot)
				next[n.Resource.ID] = &v
			}
		}
	}
	for i := range out {
		out[i].Next = next[out[i].ID]
	}
	slices.SortStableFunc(out, func(a, b resourceView) int {
		if c := web.CompareNames(a.Branch.Text, b.Branch.Text); c != 0 {
			return c
		}
		return web.CompareNames(a.Name.Text, b.Name.Text)
	})
	return out, nil
}

// option is one choice of a filter's select.
type option struct {
	Value    string
	Name     web.LangText
	Selected bool
}

// branchGroup is the resources of one branch on the list.
type branchGroup struct {
	ID        string
	Name      web.LangText
	Resources []resourceView
}

// listPage is the data of /bookings.
type listPage struct {
	Cities, Branches, Kinds []option
	Groups                  []branchGroup
	Filtered                bool
}

func (s *server) serveList(w http.ResponseWriter, r *http.Request) error {
	ctx, lang := r.Context(), s.Lang(r)
	f, err := s.readListFilter(ctx, r.URL.Query())
	if err != nil {
		return err
	}
	rs, err := s.listResources(ctx, lang, f)
	if err != nil {
		return err
	}
	libs, branches, err := s.Consortium(ctx)
	if err != nil {
		return err
	}
	lp := &listPage{Filtered: f != listFilter{}}
	for _, l := range libs {
		lp.Cities = append(lp.Cities, option{l.ID, web.TextIn(l.Name, lang), l.ID == f.City})
	}
	for _, b := range branches {
		if !b.Closed() && (f.City == "" || b.LibraryID == f.City) {
			lp.Branches = append(lp.Branches, option{b.ID, web.TextIn(b.Name, lang), b.ID == f.Branch})
		}
	}
	slices.SortFunc(lp.Branches, func(a, b option) int { return web.CompareNames(a.Name.Text, b.Name.Text) })
	for _, g := range kindGroups {
		lp.Kinds = append(lp.Kinds, option{g.ID, web.LangText{Text: s.Tr(r, "bookings_public.kind."+g.ID), Lang: lang}, g.ID == f.Kind})
	}
	for _, rv := range rs {
		if n := len(lp.Groups); n == 0 || lp.Groups[n-1].ID != rv.BranchID {
			lp.Groups = append(lp.Groups, branchGroup{ID: rv.BranchID, Name: rv.Branch})
		}
		g := &lp.Groups[len(lp.Groups)-1]
		g.Resources = append(g.Resources, rv)
	}
	s.Render(w, r, http.StatusOK, "bookings_list", s.Tr(r, "bookings_public.list.title"), lp)
	return nil
}
