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
var ItemStatuses = []ItemStatus{Available, OnLoan, InTransit, OnHoldShelf, Missing, InRepair}

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
	Status     ItemStatus
	DueAt      time.Time // set while on loan
	Updated    time.Time
}

// AvailableHere reports whether the item can be taken off the shelf of its
// current branch now.
func (it Item) AvailableHere() bool { return it.Status == Available }
