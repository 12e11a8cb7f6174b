package stats

import (
	"context"
	"net/http"
	"strings"

	"github.com/kirjasto/kirjasto/internal/library"
	"github.com/kirjasto/kirjasto/internal/web"
)

// A page's scope is its ?scope=: "all" for the consortium, a library's ID,
// or "library/branch"; without one, the widest the staff member may see.
// Asking for a scope beyond one's own is 403, as library.Permit says.

// scopeOption is one choice of the scope's list.
type scopeOption struct {
	Value string
	Label web.LangText
	Depth int // 0 consortium, 1 library, 2 branch: for the list's indent
}

// scopeValue is s as the ?scope= parameter writes it.
func scopeValue(s library.Scope) string {
	switch {
	case s.Branch != "":
		return s.Library + "/" + s.Branch
	case s.Library != "":
		return s.Library
	}
	return "all"
}

// chosenScope reads ?scope= and asks library.Permit whether st may see it.
func (s *server) chosenScope(r *http.Request, st library.Staff) (library.Scope, error) {
	v := r.URL.Query().Get("scope")
	sc := st.ReachFor(library.ActStatistics)
	if v != "" {
		var err error
		if sc, err = s.parseScope(r.Context(), v); err != nil {
			return sc, err
		}
	}
	return sc, library.Permit(st, library.ActStatistics, sc)
}

func (s *server) parseScope(ctx context.Context, v string) (library.Scope, error) {
	if v == "all" {
		return library.ConsortiumScope, nil
	}
	libs, branches, err := s.Consortium(ctx)
	if err != nil {
		return library.Scope{}, err
	}
	lib, br, _ := strings.Cut(v, "/")
	for _, l := range libs {
		if l.ID != lib {
			continue
		}
		if br == "" {
			return library.LibraryScope(lib), nil
		}
		for _, b := range branches {
			if b.ID == br && b.LibraryID == lib {
				return library.BranchScope(lib, br), nil
			}
		}
	}
	return library.Scope{}, web.Invalid("stats_web.error.scope", "no statistics scope %q", v)
}

// scopeOptions lists every scope st may see, the consortium first, each
// library followed by its branches.
func (s *server) scopeOptions(ctx context.Context, lang string, st library.Staff) ([]scopeOption, error) {
	libs, branches, err := s.Consortium(ctx)
	if err != nil {
		return nil, err
	}
	var out []scopeOption
	if library.Permit(st, library.ActStatistics, library.ConsortiumScope) == nil {
		out = append(out, scopeOption{Value: "all", Label: web.LangText{Text: s.I18n().T(lang, "stats_web.scope.all", nil), Lang: lang}})
	}
	for _, l := range libs {
		if library.Permit(st, library.ActStatistics, library.LibraryScope(l.ID)) == nil {
			out = append(out, scopeOption{Value: l.ID, Label: web.TextIn(l.Name, lang), Depth: 1})
		}
		for _, b := range branches {
			if b.LibraryID == l.ID && library.Permit(st, library.ActStatistics, library.BranchScope(l.ID, b.ID)) == nil {
				out = append(out, scopeOption{Value: l.ID + "/" + b.ID, Label: web.TextIn(b.Name, lang), Depth: 2})
			}
		}
	}
	return out, nil
}

// scopeName is the scope's name in lang.
func (s *server) scopeName(ctx context.Context, lang string, sc library.Scope) string {
	if sc == library.ConsortiumScope {
		return s.I18n().T(lang, "stats_web.scope.all", nil)
	}
	libs, branches, err := s.Consortium(ctx)
	if err != nil {
		return scopeValue(sc)
	}
	if sc.Branch != "" {
		for _, b := range branches {
			if b.ID == sc.Branch {
				return web.TextIn(b.Name, lang).Text
			}
		}
	}
	for _, l := range libs {
		if l.ID == sc.Library {
			return web.TextIn(l.Name, lang).Text
		}
	}
	return scopeValue(sc)
}

// inScope reports whether a row of a library and branch lies in sc.
func inScope(sc library.Scope, lib, branch string) bool {
	return (sc.Library == "" || sc.Library == lib) && (sc.Branch == "" || sc.Branch == branch)
}
