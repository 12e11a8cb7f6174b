package web

import (
	"context"
	"slices"
)

// Branches as pages offer them: grouped by member library, named in the
// page's language.

// BranchNames returns every branch's name in lang by ID.
func (s *Server) BranchNames(ctx context.Context, lang string) (map[string]string, error) {
	texts, err := s.BranchTexts(ctx, lang)
	names := make(map[string]string, len(texts))
	for id, t := range texts {
		names[id] = t.Text
	}
	return names, err
}

// BranchTexts returns every branch's name in lang by ID, each marked with
// the language it is in.
func (s *Server) BranchTexts(ctx context.Context, lang string) (map[string]LangText, error) {
	_, branches, err := s.Consortium(ctx)
	if err != nil {
		return nil, err
	}
	names := make(map[string]LangText, len(branches))
	for _, b := range branches {
		names[b.ID] = TextIn(b.Name, lang)
	}
	return names, nil
}

// BranchGroup is one member library's branches, for a select's optgroup.
type BranchGroup struct {
	Name     LangText       `json:"name"`
	Branches []BranchOption `json:"branches"`
}

// BranchOption is one branch of a BranchGroup, for a select.
type BranchOption struct {
	ID       string   `json:"id"`
	Name     LangText `json:"name"`
	Selected bool     `json:"-"`
}

// BranchGroups returns all branches grouped by member library, each group
// sorted by name in lang, with selected marked: a pickup branch may be in
// any city, so the select offers them all, but not those closed for good,
// which take no holds.
func (s *Server) BranchGroups(ctx context.Context, lang, selected string) ([]BranchGroup, error) {
	libs, branches, err := s.Consortium(ctx)
	if err != nil {
		return nil, err
	}
	var groups []BranchGroup
	for _, l := range libs {
		g := BranchGroup{Name: TextIn(l.Name, lang)}
		for _, b := range branches {
			if b.LibraryID == l.ID && !b.Closed() {
				g.Branches = append(g.Branches, BranchOption{ID: b.ID, Name: TextIn(b.Name, lang), Selected: b.ID == selected})
			}
		}
		slices.SortFunc(g.Branches, func(a, b BranchOption) int { return CompareNames(a.Name.Text, b.Name.Text) })
		if len(g.Branches) > 0 {
			groups = append(groups, g)
		}
	}
	return groups, nil
}
