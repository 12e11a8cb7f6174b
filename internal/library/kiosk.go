package library

import (
	"context"
	"time"
)

// Kiosk is a self-service machine's account: a self-checkout or a return
// machine that logs in over SIP2 and lends and takes back items at a
// branch in the name of the patrons using it.
type Kiosk struct {
	ID    int64
	Login string // the SIP2 login (CN), unique
	Name  string // for staff: "Sello, self-checkout by the entrance"
	// Branch is where the kiosk stands. Empty means it may stand anywhere:
	// it names its branch in the location code (CP) of each login, which
	// suits a demo or a kiosk on the move, never a fixed machine.
	Branch  string
	Created time.Time
}

// Kiosks keeps kiosk accounts and what only kiosks do to patrons. The
// password is hashed by the implementation, like staff passwords.
type Kiosks interface {
	CreateKiosk(ctx context.Context, k Kiosk, password string) (Kiosk, error)
	// AuthenticateKiosk checks a login and password, with the same failure
	// counting and lockout as staff sign-ins: every failure is EUNAUTHORIZED.
	AuthenticateKiosk(ctx context.Context, login, password string, now time.Time) (Kiosk, error)
	// DisableKiosk stops a kiosk account from logging in.
	DisableKiosk(ctx context.Context, login string, now time.Time) error
	// BlockCard blocks a patron's card because a kiosk kept it or was told
	// to block it (SIP2 Block Patron). A block already set stays as it is.
	BlockCard(ctx context.Context, patronID int64, reason string, by Actor, now time.Time) error
	// EnableCard lifts a block that a kiosk set and returns the patron. A
	// block staff set is for staff to lift: it stays, and the patron is
	// returned with it.
	EnableCard(ctx context.Context, patronID int64, by Actor, now time.Time) (Patron, error)
}
