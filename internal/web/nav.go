package web

import "strings"

// navLink is one link of a sub-navigation.
type navLink struct {
	URL, Label string
	// Current is "page" on the page the link leads to, "true" on a page
	// below it (a list of the lists), and "" elsewhere: aria-current's values.
	Current string
}

// accountPages are the pages of My Account, in the order of its
// navigation, with their names' message ids. Every account page shows the
// same navigation (templates/partials.html), so that each page is where
// the patron left it.
var accountPages = []struct{ path, label string }{
	{"/account", "account.nav.overview"},
	{"/account/card", "card.nav"},
	{"/account/loans", "account.nav.loans"},
	{"/account/holds", "account.nav.holds"},
	{"/account/elib", "elib_web.account.title"},
	{"/account/bookings", "bookings_public.nav"},
	{"/account/events", "events_account.nav"},
	{"/account/lists", "lists.nav"},
	{"/account/searches", "saved.nav"},
	{"/account/fees", "account.nav.fees"},
	{"/account/messages", "account.nav.messages"},
	{"/account/asked", "ask_web.asked.title"},
	{"/account/profile", "account.nav.profile"},
	{"/account/pin", "account.nav.pin"},
	{"/account/history", "privacy.history.title"},
	{"/account/privacy", "privacy.title"},
	{"/account/children", "privacy.children.title"},
	{"/account/apps", "api.apps.title"},
}

// AccountNav returns My Account's navigation with the current page marked.
func (p *page) AccountNav() []navLink {
	links := make([]navLink, 0, len(accountPages))
	for _, ap := range accountPages {
		l := navLink{URL: ap.path, Label: p.s.I18n().T(p.Lang, ap.label, nil)}
		switch {
		case p.Path == ap.path:
			l.Current = "page"
		case ap.path != "/account" && strings.HasPrefix(p.Path, ap.path+"/"):
			l.Current = "true"
		}
		links = append(links, l)
	}
	return links
}

// menuLink is a link an area adds to the site's main menu.
type menuLink struct{ path, label string }

// AddMenuLink adds a link to path, named by the message label, to the
// main menu of every page, after the core's own links. An area adds it
// from its Routes, while New assembles the site, so that the menu links
// only to pages the site has.
func (s *Server) AddMenuLink(path, label string) { s.menu = append(s.menu, menuLink{path, label}) }

// MenuLinks returns the links the areas added to the main menu, the one
// of the current page or a page below it marked.
func (p *page) MenuLinks() []navLink {
	var links []navLink
	for _, m := range p.s.menu {
		l := navLink{URL: m.path, Label: p.s.I18n().T(p.Lang, m.label, nil)}
		switch {
		case p.Path == m.path:
			l.Current = "page"
		case strings.HasPrefix(p.Path, m.path+"/"):
			l.Current = "true"
		}
		links = append(links, l)
	}
	return links
}
