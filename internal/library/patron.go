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
	BlockedBy     int64  // the staff member who set BlockReason; 0 if none
	BlockedAt     time.Time
	StaffNote     string // seen by staff only
	BirthDate     Date   // zero when not known (accounts from before registration asked)
	// Provisional accounts were made online and not yet confirmed at the
	// desk with an ID or by strong identification: they may reserve up
	// to MaxProvisionalHolds titles and use e-content, but not borrow
	// physical items.
	Provisional bool
	ConfirmedAt time.Time // when the account was confirmed; zero while provisional or made before confirmation existed
	// StronglyIdentified is true when an OpenID Connect provider has
	// vouched for the holder; the store keeps only a hash of the
	// provider's subject, never a national identity number.
	StronglyIdentified bool
	MergedInto         int64 // the account this closed one was merged into; 0 if none
	Created            time.Time
	ClosedAt           time.Time // zero while the account is open
}

// ChildAge is the age under which a patron is a child: a child's account
// is registered at the desk and needs a guardian's account linked to it
// (the guardian answers for the loans) and cannot be opened online. The
// age counts on the day of registration, in Helsinki.
const ChildAge = 15

// MaxProvisionalHolds is how many open holds a provisional account may
// have until it is confirmed.
const MaxProvisionalHolds = 3

// Registration is what the desk (or the patron, online) gives to open an
// account.
type Registration struct {
	FamilyName string
	GivenNames string
	// BirthDate decides the category when Category is "": under ChildAge
	// is CategoryChild. One of BirthDate and Category is required.
	BirthDate   Date
	Category    string
	Street      string
	PostalCode  string
	City        string
	Email       string
	Phone       string
	Lang        string // one of i18n.Languages
	HomeLibrary string // member library ID
	// Branch is where the account is opened: its address goes on the PIN
	// letter. "" takes the home library's first branch.
	Branch     string
	GuardianID int64 // required for a child
	// CardNumber is a scanned card; "" hands out the next number of the
	// home library's card range.
	CardNumber string
	// PIN says how the first PIN is set: PINLetter, PINFirstSignIn or
	// PINNone.
	PIN string
	// ConfirmDuplicates must be true to save when PossibleDuplicates
	// finds accounts with the same name and birth date.
	ConfirmDuplicates bool
}

// How a registration sets the first PIN.
const (
	PINLetter      = "letter"        // a random PIN, printed once on a PIN letter
	PINFirstSignIn = "first_sign_in" // a one-time code; the patron chooses the PIN at first sign-in
	PINNone        = "none"          // no PIN yet: set later at the desk or by reset
)

// PINLetterData is what a printed PIN letter needs. The PIN is in it only
// the one time it is issued; the store keeps its hash.
type PINLetterData struct {
	PatronName  string
	CardNumber  string
	PIN         string
	Lang        string // the patron's language, for the letter's text
	LibraryName Text   // the home library
	BranchName  Text   // where the letter is handed out
	Address     Address
	Issued      time.Time
}

// FirstSignInCode lets a patron choose their PIN at first sign-in. It is
// given once, on paper or by the desk, and works until Expires.
type FirstSignInCode struct {
	CardNumber string
	Code       string
	Expires    time.Time
}

// Registered is a new account with its first PIN's letter or code (at
// most one of them, by Registration.PIN).
type Registered struct {
	Patron    Patron
	Letter    *PINLetterData
	FirstCode *FirstSignInCode
}

// CardRange is a member library's block of card numbers, handed out in
// order at registration and card replacement: Prefix, then the sequence
// number zero-padded, then a Luhn check digit when CheckDigit is set, in
// Length characters in all.
type CardRange struct {
	Library    string
	Prefix     string
	Length     int
	Next       int64 // the next number to hand out
	Last       int64 // the last number of the range
	CheckDigit bool
}

// Card statuses of retired card numbers: kept so that an old card is
// recognised ("card reported lost") instead of being unknown.
const (
	CardLost     = "lost"     // reported lost or stolen and replaced
	CardReplaced = "replaced" // replaced for another reason (worn out, damaged)
	CardMerged   = "merged"   // the card of a duplicate account merged into this one
)

// OldCard is a retired card number of a patron.
type OldCard struct {
	CardNumber string
	PatronID   int64
	Status     string
	RetiredAt  time.Time
	RetiredBy  int64 // staff ID; 0 for the system
}

// PatronMatch is a patron found by a search, with how it matched: "name",
// "card", "old_card", "email" or "phone".
type PatronMatch struct {
	Patron Patron
	Via    string
}

// PatronQuery is a staff search for patrons. Text is a name (prefixes of
// the family and given names, in any order, case and accents ignored), a
// card number (current or old), an e-mail address or a phone number
// (digits compared); Field ("name", "card", "email", "phone") forces
// one reading, "" guesses from the text.
type PatronQuery struct {
	Text          string
	Field         string
	Limit         int  // at most 100; 0 means 20
	IncludeClosed bool // closed accounts are left out unless asked for
}

// StrongIdentity is what a strong identification provider vouches for,
// reduced to what the library keeps: a keyed hash of the stable subject
// (never the national identity number itself), the name and birth date.
type StrongIdentity struct {
	SubjectHash string
	FamilyName  string
	GivenNames  string
	BirthDate   Date
}

// PatronMerge tells what a merge moved to the kept account, by table.
type PatronMerge struct {
	Kept  Patron
	Moved map[string]int
}

// Staff roles (see permission.go for what each may do where).
const (
	RoleAdmin        = "admin"         // consortium administrator: everything, everywhere
	RoleLibraryAdmin = "library_admin" // one member library: its branches, staff, rules, content
	RoleBranchStaff  = "branch_staff"  // the desk at the branches of their library
	RoleCataloguer   = "cataloguer"    // records and items of the shared collection
	RoleStatistics   = "statistics"    // reads statistics, changes nothing
	RoleContent      = "content"       // events, news, pages and picks of their library
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

// PatronDesk is what the desk and self-registration do with accounts.
// Methods that staff call take the acting staff member, for the audit
// trail; whether they may act (ActPatrons, their library) is decided by
// Permit before the call. Bad input is EINVALID with a Key naming the
// field's message, a clash ECONFLICT; nothing is half-saved.
type PatronDesk interface {
	// PossibleDuplicates lists open accounts with the same name (case and
	// accents ignored) and birth date, for the desk to show before saving.
	PossibleDuplicates(ctx context.Context, familyName, givenNames string, birth Date) ([]Patron, error)
	// RegisterPatron opens an account at the desk, with its PIN letter or
	// first sign-in code as r.PIN asks.
	RegisterPatron(ctx context.Context, by Staff, r Registration, now time.Time) (Registered, error)
	// UpdateRegistration corrects an account's registration details.
	UpdateRegistration(ctx context.Context, by Staff, patronID int64, r Registration, now time.Time) (Patron, error)
	// SelfRegister opens an account online: provisional, or confirmed at
	// once when id (a strong identification) is given.
	SelfRegister(ctx context.Context, r Registration, pin string, id *StrongIdentity, now time.Time) (Patron, error)
	// ConfirmPatron confirms a provisional account after seeing an ID.
	ConfirmPatron(ctx context.Context, by Staff, patronID int64, now time.Time) error
	// ConfirmIdentity records a strong identification for an account.
	ConfirmIdentity(ctx context.Context, patronID int64, id StrongIdentity, now time.Time) error

	// IssuePIN sets a random PIN and returns its letter, once.
	IssuePIN(ctx context.Context, by Staff, patronID int64, branch string, now time.Time) (PINLetterData, error)
	// RequireNewPIN voids the PIN; the patron chooses a new one with the
	// returned code (ChoosePIN).
	RequireNewPIN(ctx context.Context, by Staff, patronID int64, now time.Time) (FirstSignInCode, error)
	// ChoosePIN is the first sign-in with a one-time code.
	ChoosePIN(ctx context.Context, card, code, newPIN string, now time.Time) (Patron, error)

	// SetCardRange sets a member library's card number range.
	SetCardRange(ctx context.Context, by Staff, r CardRange) error
	CardRanges(ctx context.Context) ([]CardRange, error)
	// ReplaceCard gives a new card (scanned, or "" for the next of the
	// range) and keeps the old number retired with status.
	ReplaceCard(ctx context.Context, by Staff, patronID int64, scanned, status string, now time.Time) (Patron, error)
	// OldCard returns a retired card number and its account.
	OldCard(ctx context.Context, card string) (OldCard, Patron, error)
	OldCards(ctx context.Context, patronID int64) ([]OldCard, error)

	BlockPatron(ctx context.Context, by Staff, patronID int64, reason string, now time.Time) error
	UnblockPatron(ctx context.Context, by Staff, patronID int64, now time.Time) error
	// FindPatrons searches by name, card (current or old), e-mail or phone.
	FindPatrons(ctx context.Context, q PatronQuery) ([]PatronMatch, error)
	// MergePatrons moves everything of drop to keep and closes drop.
	MergePatrons(ctx context.Context, by Staff, keepID, dropID int64, now time.Time) (PatronMerge, error)
	// CloseAccountByStaff closes and anonymises an account by the
	// privacy rules.
	CloseAccountByStaff(ctx context.Context, by Staff, patronID int64, now time.Time) error
}
