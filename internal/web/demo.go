package web

import "github.com/kirjasto/kirjasto/internal/library"

// DemoAccount is a demo library card or staff login. A demo shows them on
// its home page, because a demo nobody can sign in to shows only half of
// the library.
type DemoAccount struct {
	Name   string
	Login  string // card number, or staff username
	Secret string // PIN, or password
	Staff  bool
	Branch string // the staff member's branch, or the patron's pickup branch
}

// DemoAccountView is a demo account as the home page lists it: with the
// name of its branch, not the branch's code.
type DemoAccountView struct {
	DemoAccount
	BranchName LangText
}

// DemoAccountViews returns the demo accounts as the home page shows them,
// with their branches' names in lang.
func DemoAccountViews(accounts []DemoAccount, branches []library.Branch, lang string) []DemoAccountView {
	var out []DemoAccountView
	for _, a := range accounts {
		v := DemoAccountView{DemoAccount: a, BranchName: LangText{Text: a.Branch}}
		for _, b := range branches {
			if b.ID == a.Branch {
				v.BranchName = TextIn(b.Name, lang)
			}
		}
		out = append(out, v)
	}
	return out
}
