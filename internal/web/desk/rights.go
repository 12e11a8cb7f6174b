package desk

import (
	"context"
	"net/http"

	"github.com/kirjasto/kirjasto/internal/library"
	"github.com/kirjasto/kirjasto/internal/web"
)

// Staff rights on the staff pages. What a staff member may do is decided
// by library.Permit alone; the handlers here only say which action they
// are about to take and where, and ask it first.

// deskBranch returns the branch a desk page acts for, once st may do act
// there: the one the request names, else the staff member's own, else the
// first they may act for. Naming a branch they may not act for is refused
// (403) with the reason, rather than quietly showing another branch.
func (s *server) deskBranch(ctx context.Context, r *http.Request, st library.Staff, act library.Action) (string, error) {
	_, branches, err := s.Consortium(ctx)
	if err != nil {
		return "", err
	}
	if want := r.FormValue("branch"); want != "" {
		for _, b := range branches {
			if b.ID != want {
				continue
			}
			if err := library.Permit(st, act, library.BranchScope(b.LibraryID, b.ID)); err != nil {
				return "", err
			}
			return want, nil
		}
		return "", web.Invalid("error.pickup_branch", "no branch %q", want)
	}
	allowed := permittedBranches(st, act, branches)
	if allowed[st.Branch] {
		return st.Branch, nil
	}
	for _, b := range branches {
		if allowed[b.ID] {
			return b.ID, nil
		}
	}
	if len(branches) == 0 {
		return "", library.Errorf(library.ENOTFOUND, "no branches")
	}
	// None at all: the refusal says why.
	return "", library.Permit(st, act, library.BranchScope(branches[0].LibraryID, branches[0].ID))
}

// permittedBranches returns the branches st may do act at.
func permittedBranches(st library.Staff, act library.Action, branches []library.Branch) map[string]bool {
	ok := make(map[string]bool)
	for _, b := range branches {
		if library.Permit(st, act, library.BranchScope(b.LibraryID, b.ID)) == nil {
			ok[b.ID] = true
		}
	}
	return ok
}

// staffBranchGroups is the branch switcher of a desk page: only the
// branches st may do act at, by library.
func (s *server) staffBranchGroups(ctx context.Context, lang string, st library.Staff, act library.Action, selected string) ([]web.BranchGroup, error) {
	_, branches, err := s.Consortium(ctx)
	if err != nil {
		return nil, err
	}
	allowed := permittedBranches(st, act, branches)
	groups, err := s.BranchGroups(ctx, lang, selected)
	if err != nil {
		return nil, err
	}
	var out []web.BranchGroup
	for _, g := range groups {
		var keep []web.BranchOption
		for _, b := range g.Branches {
			if allowed[b.ID] {
				keep = append(keep, b)
			}
		}
		if len(keep) > 0 {
			g.Branches = keep
			out = append(out, g)
		}
	}
	return out, nil
}
