package web

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
