package library

import (
	"context"
	"time"
)

// Patron categories decide, with the material type and the owning
// library, which loan rule applies.
const (
	CategoryAdult = "adult"
	CategoryChild = "child" // under 15: a guardian may manage the card
	CategoryStaff = "staff"
)

// Notice channels: how a patron wants to hear from the library. Every
// notice is also kept in the account's messages.
const (
	ChannelEmail   = "email"
	ChannelSMS     = "sms"
	ChannelAccount = "account" // in-account messages only
)

// Patron is a library card holder.
type Patron struct {
	ID            int64
	CardNumber    string // unique; printed on the card and shown as a barcode
	Name          string // "Virtanen, Aino"
	Email         string
	Phone         string
	Street        string
	PostalCode    string
	City          string
	Lang          string // preferred language for pages and notices: fi, sv, en, ru ...
	NoticeChannel string
	PickupBranch  string // preferred pickup branch for holds; "" = ask
	Category      string
	HomeLibrary   string // member library that issued the card
	GuardianID    int64  // the guardian who manages this (child's) card; 0 if none
	HistoryOptIn  bool   // reading history is kept only when the patron asks
	BlockReason   string // a manual block set by staff; "" = none
	StaffNote     string // seen by staff only
	Created       time.Time
	ClosedAt      time.Time // zero while the account is open
}

// Staff roles (see permission.go for what each may do where).
const (
	RoleAdmin        = "admin"         // consortium administrator: everything, everywhere
	RoleLibraryAdmin = "library_admin" // one member library: its branches, staff, rules, content
	RoleBranchStaff  = "branch_staff"  // the desk at the branches of their library
	RoleCataloguer   = "cataloguer"    // records and items of the shared collection
	RoleStatistics   = "statistics"    // reads statistics, changes nothing
)

// Staff is a library worker who signs in to the desk and staff pages.
type Staff struct {
	ID       int64
	Username string
	Name     string
	Role     string
	Branch   string // the branch they work at by default
	// Library is the member library the account works for, which
	// bounds its rights (see Permit): the library the account names, else
	// the library of Branch. The store resolves it; "" for a
	// consortium-level account.
	Library    string
	Created    time.Time
	DisabledAt time.Time // zero while the account may sign in
	TOTP       bool      // a second factor is enrolled: sign-in asks for a code
}

// Session is a signed-in browser or app. The token is given to the client
// once; the store keeps only its hash.
type Session struct {
	Token     string
	PatronID  int64 // one of PatronID and StaffID is set
	StaffID   int64
	Created   time.Time
	ExpiresAt time.Time
}

// Patrons keeps card holders, staff accounts and their sessions.
// PINs and passwords are hashed by the implementation; callers pass them
// in the clear and never get them back.
type Patrons interface {
	CreatePatron(ctx context.Context, p Patron, pin string) (Patron, error)
	Patron(ctx context.Context, id int64) (Patron, error)
	PatronByCard(ctx context.Context, card string) (Patron, error)
	// UpdatePatron changes contact details and preferences (not the card,
	// the category or staff fields).
	UpdatePatron(ctx context.Context, p Patron) error
	// Authenticate checks a card number and PIN. Attempts are counted per
	// card before the PIN is checked; after too many failures the card is
	// locked for a while. Every failure, whether the card exists or not,
	// is the same EUNAUTHORIZED error; a locked card is EFORBIDDEN with
	// Key "error.card_locked" and Count the minutes left; an attempt while
	// others fill the limit is EFORBIDDEN "error.signin_busy".
	Authenticate(ctx context.Context, card, pin string, now time.Time) (Patron, error)
	// ChangePIN sets a new PIN after checking the old one as Authenticate
	// does, and ends every session and API token of the patron.
	ChangePIN(ctx context.Context, patronID int64, oldPIN, newPIN string, now time.Time) error

	CreateStaff(ctx context.Context, s Staff, password string) (Staff, error)
	// Staff returns an enabled staff account by ID.
	Staff(ctx context.Context, id int64) (Staff, error)
	AuthenticateStaff(ctx context.Context, username, password string, now time.Time) (Staff, error)

	// NewSession starts a session for a patron or a staff member.
	NewSession(ctx context.Context, s Session) (Session, error)
	// SessionByToken returns a live session, or EUNAUTHORIZED.
	SessionByToken(ctx context.Context, token string, now time.Time) (Session, error)
	EndSession(ctx context.Context, token string) error
	// EndAllSessions signs a patron out everywhere: every session and
	// every API token.
	EndAllSessions(ctx context.Context, patronID int64) error
}
