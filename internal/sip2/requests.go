package sip2

import "time"

// This file has the messages a kiosk (the SC) sends. Field comments give
// the wire identifier of each variable field.

// Login is message 93, the kiosk's login with its own account.
type Login struct {
	UIDAlgorithm byte   // '0': user ID not encrypted
	PWDAlgorithm byte   // '0': password not encrypted
	UserID       string // CN
	Password     string // CO
	Location     string // CP, optional
	Extra        []Field
}

// SCStatus is message 99, the kiosk's status report, sent after login and
// from then on as a keep-alive.
type SCStatus struct {
	Status          byte // '0' ok, '1' printer out of paper, '2' about to shut down
	MaxPrintWidth   int
	ProtocolVersion string // "2.00"
	Extra           []Field
}

// PatronStatusRequest is message 23.
type PatronStatusRequest struct {
	Language         Language
	TransactionDate  time.Time
	InstitutionID    string // AO
	PatronID         string // AA
	TerminalPassword string // AC
	PatronPassword   string // AD
	Extra            []Field
}

// PatronInformationRequest is message 63. Summary selects the one item list
// to return; Start and End (BP, BQ) page through it, counting from 1.
type PatronInformationRequest struct {
	Language         Language
	TransactionDate  time.Time
	Summary          ItemList
	InstitutionID    string // AO
	PatronID         string // AA
	TerminalPassword string // AC, optional
	PatronPassword   string // AD, optional
	StartItem        string // BP, optional
	EndItem          string // BQ, optional
	Extra            []Field
}

// Checkout is message 11.
type Checkout struct {
	SCRenewalPolicy  bool // the kiosk may renew an item the patron already has
	NoBlock          bool // done offline; the server must accept it
	TransactionDate  time.Time
	NBDueDate        time.Time // due date given offline; zero if none
	InstitutionID    string    // AO
	PatronID         string    // AA
	ItemID           string    // AB
	TerminalPassword string    // AC
	ItemProperties   string    // CH, optional
	PatronPassword   string    // AD, optional
	FeeAcknowledged  bool      // BO, optional
	Cancel           bool      // BI, optional: undo a checkout the kiosk could not finish
	Extra            []Field
}

// Checkin is message 09.
type Checkin struct {
	NoBlock          bool
	TransactionDate  time.Time
	ReturnDate       time.Time
	CurrentLocation  string // AP
	InstitutionID    string // AO
	ItemID           string // AB
	TerminalPassword string // AC
	ItemProperties   string // CH, optional
	Cancel           bool   // BI, optional
	Extra            []Field
}

// ItemInformationRequest is message 17.
type ItemInformationRequest struct {
	TransactionDate  time.Time
	InstitutionID    string // AO
	ItemID           string // AB
	TerminalPassword string // AC, optional
	Extra            []Field
}

// ItemStatusUpdate is message 19, which sets an item's properties. It is
// not in the task's list but is part of SIP2 2.00 and costs nothing here.
type ItemStatusUpdate struct {
	TransactionDate  time.Time
	InstitutionID    string // AO
	ItemID           string // AB
	TerminalPassword string // AC, optional
	ItemProperties   string // CH
	Extra            []Field
}

// Renew is message 29.
type Renew struct {
	ThirdPartyAllowed bool
	NoBlock           bool
	TransactionDate   time.Time
	NBDueDate         time.Time
	InstitutionID     string // AO
	PatronID          string // AA
	PatronPassword    string // AD, optional
	ItemID            string // AB, optional
	TitleID           string // AJ, optional
	TerminalPassword  string // AC, optional
	ItemProperties    string // CH, optional
	FeeAcknowledged   bool   // BO, optional
	Extra             []Field
}

// RenewAll is message 65.
type RenewAll struct {
	TransactionDate  time.Time
	InstitutionID    string // AO
	PatronID         string // AA
	PatronPassword   string // AD, optional
	TerminalPassword string // AC, optional
	FeeAcknowledged  bool   // BO, optional
	Extra            []Field
}

// FeePaid is message 37.
type FeePaid struct {
	TransactionDate  time.Time
	FeeType          FeeType
	PaymentType      PaymentType
	Currency         string // ISO 4217, "EUR"
	FeeAmount        string // BV, as sent: "2.50"
	InstitutionID    string // AO
	PatronID         string // AA
	TerminalPassword string // AC, optional
	PatronPassword   string // AD, optional
	FeeID            string // CG, optional
	TransactionID    string // BK, optional
	Extra            []Field
}

// EndPatronSession is message 35.
type EndPatronSession struct {
	TransactionDate  time.Time
	InstitutionID    string // AO
	PatronID         string // AA
	TerminalPassword string // AC, optional
	PatronPassword   string // AD, optional
	Extra            []Field
}

// BlockPatron is message 01, sent when a kiosk keeps a card.
type BlockPatron struct {
	CardRetained       bool
	TransactionDate    time.Time
	InstitutionID      string // AO
	BlockedCardMessage string // AL
	PatronID           string // AA
	TerminalPassword   string // AC
	Extra              []Field
}

// PatronEnable is message 25.
type PatronEnable struct {
	TransactionDate  time.Time
	InstitutionID    string // AO
	PatronID         string // AA
	TerminalPassword string // AC, optional
	PatronPassword   string // AD, optional
	Extra            []Field
}

// Hold is message 15.
type Hold struct {
	Mode             HoldMode
	TransactionDate  time.Time
	ExpirationDate   time.Time // BW, optional
	PickupLocation   string    // BS, optional
	HoldType         string    // BY, optional: 1 other, 2 any copy, 3 this copy, 4 any copy at a branch
	InstitutionID    string    // AO
	PatronID         string    // AA
	PatronPassword   string    // AD, optional
	ItemID           string    // AB, optional
	TitleID          string    // AJ, optional
	TerminalPassword string    // AC, optional
	FeeAcknowledged  bool      // BO, optional
	Extra            []Field
}

// RequestACSResend is message 97: the kiosk got a response with a bad
// checksum and asks for it again.
type RequestACSResend struct {
	Extra []Field
}
