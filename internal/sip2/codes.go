package sip2

import "strings"

// Tristate is a Y/N/U field, such as magnetic media or desensitize.
type Tristate byte

// The values of a Tristate. The zero Tristate is written as Unknown.
const (
	Yes     Tristate = 'Y'
	No      Tristate = 'N'
	Unknown Tristate = 'U'
)

// Language is the three-digit language code of patron messages.
type Language int

// Language codes from the specification's table. Those the consortium's
// kiosks use are named; the others are the numbers of that table.
const (
	LanguageUnknown Language = 0
	LanguageEnglish Language = 1
	LanguageSwedish Language = 6
	LanguageFinnish Language = 7
	LanguageRussian Language = 15
)

// CirculationStatus is the two-digit status of an item in message 18.
type CirculationStatus int

// Circulation statuses 01–13 of the specification.
const (
	CircOther                CirculationStatus = 1
	CircOnOrder              CirculationStatus = 2
	CircAvailable            CirculationStatus = 3
	CircCharged              CirculationStatus = 4
	CircChargedNotRecalled   CirculationStatus = 5 // not to be recalled until the earliest recall date
	CircInProcess            CirculationStatus = 6
	CircRecalled             CirculationStatus = 7
	CircWaitingOnHoldShelf   CirculationStatus = 8
	CircWaitingToBeReshelved CirculationStatus = 9
	CircInTransit            CirculationStatus = 10
	CircClaimedReturned      CirculationStatus = 11
	CircLost                 CirculationStatus = 12
	CircMissing              CirculationStatus = 13
)

// SecurityMarker is the two-digit kind of security tag of an item.
type SecurityMarker int

// Security markers of the specification.
const (
	SecurityOther       SecurityMarker = 0
	SecurityNone        SecurityMarker = 1
	SecurityTattleTape  SecurityMarker = 2
	SecurityWhisperTape SecurityMarker = 3
)

// FeeType is the two-digit kind of a fee.
type FeeType int

// Fee types of the specification.
const (
	FeeOther          FeeType = 1 // other or unknown
	FeeAdministrative FeeType = 2
	FeeDamage         FeeType = 3
	FeeOverdue        FeeType = 4
	FeeProcessing     FeeType = 5
	FeeRental         FeeType = 6
	FeeReplacement    FeeType = 7
	FeeComputerAccess FeeType = 8
	FeeHold           FeeType = 9
)

// PaymentType is the two-digit means of payment in message 37.
type PaymentType int

// Payment types of the specification.
const (
	PaymentCash       PaymentType = 0
	PaymentVISA       PaymentType = 1
	PaymentCreditCard PaymentType = 2
)

// HoldMode is the action of a Hold message.
type HoldMode byte

// Hold modes of the specification.
const (
	HoldAdd    HoldMode = '+'
	HoldDelete HoldMode = '-'
	HoldChange HoldMode = '*'
)

// PatronStatus is the 14-character patron status: each position, when
// true, denies or warns of something. Index it with the Patron constants.
type PatronStatus [14]bool

// Positions in a PatronStatus, in the specification's order.
const (
	PatronChargeDenied = iota
	PatronRenewalDenied
	PatronRecallDenied
	PatronHoldDenied
	PatronCardLost
	PatronTooManyCharged
	PatronTooManyOverdue
	PatronTooManyRenewals
	PatronTooManyClaimedReturned
	PatronTooManyLost
	PatronExcessiveFines
	PatronExcessiveFees
	PatronRecallOverdue
	PatronTooManyBilled
)

// String returns the wire form: 'Y' for true, a blank for false.
func (p PatronStatus) String() string {
	var b strings.Builder
	for _, v := range p {
		if v {
			b.WriteByte('Y')
		} else {
			b.WriteByte(' ')
		}
	}
	return b.String()
}

// ItemList is the list of items a Patron Information request asks for in
// its summary field. The specification allows at most one.
type ItemList int

// Item lists in the order of the summary field.
const (
	NoItems ItemList = iota
	HoldItems
	OverdueItems
	ChargedItems
	FineItems
	RecallItems
	UnavailableHoldItems
)

const summaryLen = 10

// summary returns the 10-character summary field with one 'Y'.
func (l ItemList) summary() string {
	b := []byte(strings.Repeat(" ", summaryLen))
	if l > NoItems && l <= UnavailableHoldItems {
		b[l-1] = 'Y'
	}
	return string(b)
}

// parseSummary returns the first list asked for. A kiosk asking for more
// than one (the specification forbids it) gets the first; positions 7–10
// are undefined and ignored.
func parseSummary(s string) ItemList {
	for i := range int(UnavailableHoldItems) {
		if s[i] == 'Y' || s[i] == 'y' {
			return ItemList(i + 1)
		}
	}
	return NoItems
}

// SupportedMessages is the BX field of ACS Status: which messages the
// server supports. Index it with the Supports constants.
type SupportedMessages [16]bool

// Positions in SupportedMessages, in the specification's order.
const (
	SupportsPatronStatus = iota
	SupportsCheckout
	SupportsCheckin
	SupportsBlockPatron
	SupportsStatus // SC/ACS status
	SupportsResend // request SC/ACS resend
	SupportsLogin
	SupportsPatronInformation
	SupportsEndPatronSession
	SupportsFeePaid
	SupportsItemInformation
	SupportsItemStatusUpdate
	SupportsPatronEnable
	SupportsHold
	SupportsRenew
	SupportsRenewAll
)

// String returns the wire form, 16 Y/N characters.
func (s SupportedMessages) String() string {
	var b strings.Builder
	for _, v := range s {
		b.WriteString(yn(v))
	}
	return b.String()
}
