package site

import (
	"context"
	"net/http"
	"time"

	"github.com/kirjasto/kirjasto/internal/library"
	"github.com/kirjasto/kirjasto/internal/web"
	"github.com/kirjasto/kirjasto/internal/web/picks"
)

// The home page: the search (in every page's header), today's hours of
// the resident's own library, the events to come, the librarians' picks,
// the news, and the cities. Its library is the one chosen here
// (kept in a cookie), else a signed-in patron's pickup branch.

// homeBranchCookie keeps the library chosen on the home page.
const homeBranchCookie = "home_branch"

// homeEventCount and homePickCount are how many of each the page shows.
const (
	homeEventCount = 6
	homePickCount  = 4
)

type homeCity struct {
	ID   string
	Name web.LangText
}

// homeBranch is the resident's library today.
type homeBranch struct {
	ID    string
	Name  web.LangText
	Open  openStatus
	Today dayView
}

type homePage struct {
	Branch   *homeBranch // nil until a library is chosen
	Branches []web.BranchGroup
	Events   []web.EventCard
	Picks    picks.Cards
	News     []newsLink
	Cities   []homeCity
	Demo     []web.DemoAccountView
}

func (s *server) serveHome(w http.ResponseWriter, r *http.Request) error {
	ctx, lang := r.Context(), s.Lang(r)
	libs, branches, err := s.Consortium(ctx)
	if err != nil {
		return err
	}
	home := &homePage{}
	chosen := s.homeBranch(w, r, branches)
	now := s.Now()
	newsLibs := []string{""} // the consortium's news, and the library's
	picksLib := ""           // every library's picks, or the library's and the consortium's
	for _, b := range branches {
		if b.ID == chosen {
			today := library.DateOf(now.In(library.Helsinki))
			home.Branch = &homeBranch{ID: b.ID, Name: web.TextIn(b.Name, lang), Open: s.openStatus(lang, b.Hours, now),
				Today: s.dayView(lang, b.Hours, today, today)}
			newsLibs, picksLib = append(newsLibs, b.LibraryID), b.LibraryID
		}
	}
	if home.Branches, err = s.BranchGroups(ctx, lang, chosen); err != nil {
		return err
	}
	if home.Events, err = s.homeEvents(ctx, lang, now); err != nil {
		return err
	}
	if home.Picks, err = picks.ForHome(ctx, s.Server, picksLib, lang, homePickCount); err != nil {
		return err
	}
	if home.News, err = s.latestNews(ctx, lang, newsLibs...); err != nil {
		return err
	}
	for _, l := range libs {
		home.Cities = append(home.Cities, homeCity{l.ID, web.TextIn(l.Name, lang)})
	}
	home.Demo = web.DemoAccountViews(s.DemoAccounts(), branches, lang)
	s.Render(w, r, http.StatusOK, "home", s.I18n().T(lang, "home.title", nil), home)
	return nil
}

// homeBranch returns the branch the page is for: one chosen now
// (?branch=, remembered for a year), one chosen before, or a signed-in
// patron's pickup branch; "" when none.
func (s *server) homeBranch(w http.ResponseWriter, r *http.Request, branches []library.Branch) string {
	known := func(id string) bool {
		for _, b := range branches {
			if b.ID == id && !b.Closed() {
				return true
			}
		}
		return false
	}
	if id := r.URL.Query().Get("branch"); known(id) {
		http.SetCookie(w, &http.Cookie{Name: homeBranchCookie, Value: id, Path: "/", MaxAge: 365 * 24 * 3600,
			HttpOnly: true, Secure: r.TLS != nil, SameSite: http.SameSiteLaxMode})
		return id
	}
	if c, err := r.Cookie(homeBranchCookie); err == nil && known(c.Value) {
		return c.Value
	}
	if p, ok := s.CurrentPatron(r); ok && known(p.PickupBranch) {
		return p.PickupBranch
	}
	return ""
}

// homeEvents are the consortium's next events.
func (s *server) homeEvents(ctx context.Context, lang string, now time.Time) ([]web.EventCard, error) {
	ev, ok := s.Store().(library.Events)
	if !ok {
		return nil, nil
	}
	page, err := ev.UpcomingEvents(ctx, library.EventFilter{Limit: homeEventCount}, now)
	if err != nil {
		return nil, err
	}
	return s.EventCards(ctx, lang, page.Events)
}
