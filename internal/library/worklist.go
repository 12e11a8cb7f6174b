package library

import (
	"context"
	"time"
)

// PickItem is a copy on a branch's shelf that a hold has been given: staff
// fetch it from the shelf and check it in at the desk, and the check-in
// sends it where the hold wants it (onto the hold shelf here, or into
// transit), as Koha and Helmet do. Picking is a check-in, not a state of
// its own, so a copy someone borrows off the shelf before it is picked
// simply goes to the patron and the hold is given another copy.
type PickItem struct {
	HoldID       int64
	Barcode      string
	Title        string
	CallNumber   string
	Shelf        string
	PickupBranch string
	PlacedAt     time.Time
}

// ShelfHold is a hold on a branch's hold shelf: ready for the patron, or
// expired or cancelled there and to be taken off the shelf.
type ShelfHold struct {
	HoldID       int64
	Status       string // HoldReady, HoldExpired or HoldCancelled
	ShelfCode    string
	CardLast4    string // the last digits of the card, as printed on the slip
	Barcode      string
	Title        string
	ReadyAt      time.Time
	PickupBy     Date
	ExpiresToday bool // the last day to collect it is today
	Expired      bool // past its last day, waiting for the sweep (or expired by it)
	// ItemStatus and ItemBranch say where the copy goes once an expired
	// or cancelled hold has released it.
	ItemStatus ItemStatus
	ItemBranch string
}

// Transit is a copy travelling between branches.
type Transit struct {
	Barcode string
	Title   string
	From    string
	To      string
	HoldID  int64 // the hold it travels for; 0 when it goes home
	Since   time.Time
}

// WorkLists are the circulation desk's lists of things to do.
type WorkLists interface {
	// PickList returns copies on the branch's shelves that holds wait for.
	PickList(ctx context.Context, branch string) ([]PickItem, error)
	// HoldShelf returns the branch's hold shelf: ready holds, those
	// expiring today and those expired or cancelled there recently.
	HoldShelf(ctx context.Context, branch string, now time.Time) ([]ShelfHold, error)
	// Transits returns copies in transit from the branch (out) and to it (in).
	Transits(ctx context.Context, branch string) (out, in []Transit, err error)
}
