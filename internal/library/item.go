package library

import "time"

// ItemStatus is where an item is in its life; its name for people is in
// the catalogues under "status." + the value.
type ItemStatus string

// The statuses of an item.
const (
	Available   ItemStatus = "available"
	OnLoan      ItemStatus = "on_loan"
	InTransit   ItemStatus = "in_transit"
	OnHoldShelf ItemStatus = "on_hold_shelf"
	Missing     ItemStatus = "missing"
	InRepair    ItemStatus = "in_repair"
)

// ItemStatuses lists every status.
var ItemStatuses = []ItemStatus{Available, OnLoan, InTransit, OnHoldShelf, Missing, InRepair, Lost, Damaged, Withdrawn}

// Item is one physical copy of a record.
type Item struct {
	ID         int64
	RecordID   int64
	Barcode    string // unique across the consortium
	HomeBranch string // owning branch
	Branch     string // where it is now (or is heading, when in transit)
	CallNumber string // classification and shelf mark, e.g. "84.2 WAL"
	Shelf      string // shelf location in the branch, e.g. "Aikuisten kirjat"
	Collection string // e.g. "adult", "children", "floating"
	Price      int64  // replacement price in cents; 0 when not known
	Status     ItemStatus
	DueAt      time.Time // set while on loan
	Updated    time.Time
}

// AvailableHere reports whether the item can be taken off the shelf of its
// current branch now.
func (it Item) AvailableHere() bool { return it.Status == Available }

// Statuses cataloguers set on an item; the circulation statuses (on loan,
// in transit, on the hold shelf) are set by circulation only.
const (
	Lost      ItemStatus = "lost"
	Damaged   ItemStatus = "damaged"
	Withdrawn ItemStatus = "withdrawn"
)

// CatalogueStatuses are the statuses the cataloguing pages offer.
var CatalogueStatuses = []ItemStatus{Available, Lost, Damaged, Missing, InRepair, Withdrawn}

// Circulating reports whether s belongs to circulation: an item in it is
// in a patron's hands or on its way to one, and cataloguing may not
// change its status, withdraw it or delete it.
func (s ItemStatus) Circulating() bool {
	return s == OnLoan || s == InTransit || s == OnHoldShelf
}

// ItemBatch is a change to many items at once, named by barcode. Empty
// fields are left as they are.
type ItemBatch struct {
	Barcodes []string
	Status   ItemStatus // one of CatalogueStatuses
	// HomeBranch moves the items' ownership to a branch; an item on the
	// shelf (not in circulation) moves there too.
	HomeBranch string
	Shelf      string
	// CallNumberPrefix replaces the classification, the call number's
	// first word: "84.2 WAL" with prefix "84.21" becomes "84.21 WAL".
	CallNumberPrefix string
}

// Batch outcomes, one per barcode.
const (
	BatchChanged   = "changed"
	BatchUnchanged = "unchanged" // already as asked
	BatchNotFound  = "not_found"
	BatchRefused   = "refused"
)

// BatchOutcome is what a batch did, or in a dry run would do, to one
// barcode. Key names the reason of a refusal for people.
type BatchOutcome struct {
	Barcode string
	Outcome string // BatchChanged, BatchUnchanged, BatchNotFound, BatchRefused
	Key     string
	Item    Item // the item after the change (before it, when refused)
}

// BlockedError refuses to change, withdraw or delete items, or to delete
// their record, because circulation has them: it names the barcodes, so
// that the page can say which copies are on loan or held. It unwraps to
// its ECONFLICT *Error, whose Key says why and whose Count is
// len(Barcodes).
type BlockedError struct {
	Barcodes []string
	Err      *Error
}

func (e *BlockedError) Error() string { return e.Err.Error() }

// Unwrap gives the *Error, for ErrorCode and ErrorKey.
func (e *BlockedError) Unwrap() error { return e.Err }
