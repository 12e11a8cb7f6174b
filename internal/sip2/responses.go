package sip2

import "time"

// This file has the messages the server (the ACS) sends. ScreenMessage (AF)
// and PrintLine (AG) may repeat, one line each.

// LoginResponse is message 94.
type LoginResponse struct {
	OK    bool
	Extra []Field
}

// ACSStatus is message 98, the answer to SC Status.
type ACSStatus struct {
	OnlineStatus     bool
	CheckinOK        bool
	CheckoutOK       bool
	ACSRenewalPolicy bool
	StatusUpdateOK   bool
	OfflineOK        bool
	TimeoutPeriod    int // tenths of a second; 0 none, 999 unknown
	RetriesAllowed   int // 999 unknown
	DateTimeSync     time.Time
	ProtocolVersion  string            // "2.00"
	InstitutionID    string            // AO
	LibraryName      string            // AM, optional
	Supported        SupportedMessages // BX
	TerminalLocation string            // AN, optional
	ScreenMessage    []string          // AF
	PrintLine        []string          // AG
	Extra            []Field
}

// PatronStatusResponse is message 24.
type PatronStatusResponse struct {
	Status          PatronStatus
	Language        Language
	TransactionDate time.Time
	InstitutionID   string   // AO
	PatronID        string   // AA
	PersonalName    string   // AE
	ValidPatron     bool     // BL
	ValidPassword   bool     // CQ
	Currency        string   // BH, optional
	FeeAmount       string   // BV, optional
	ScreenMessage   []string // AF
	PrintLine       []string // AG
	Extra           []Field
}

// PatronInformationResponse is message 64. Only the list the request's
// summary asked for is normally filled.
type PatronInformationResponse struct {
	Status                PatronStatus
	Language              Language
	TransactionDate       time.Time
	HoldItemsCount        int
	OverdueItemsCount     int
	ChargedItemsCount     int
	FineItemsCount        int
	RecallItemsCount      int
	UnavailableHoldsCount int
	InstitutionID         string   // AO
	PatronID              string   // AA
	PersonalName          string   // AE
	HoldItemsLimit        int      // BZ, optional: 0 is left out
	OverdueItemsLimit     int      // CA, optional: 0 is left out
	ChargedItemsLimit     int      // CB, optional: 0 is left out
	ValidPatron           bool     // BL
	ValidPassword         bool     // CQ
	Currency              string   // BH, optional
	FeeAmount             string   // BV, optional
	FeeLimit              string   // CC, optional
	HoldItems             []string // AS
	OverdueItems          []string // AT
	ChargedItems          []string // AU
	FineItems             []string // AV
	RecallItems           []string // BU
	UnavailableHoldItems  []string // CD
	HomeAddress           string   // BD, optional
	Email                 string   // BE, optional
	HomePhone             string   // BF, optional
	ScreenMessage         []string // AF
	PrintLine             []string // AG
	Extra                 []Field
}

// CheckoutResponse is message 12.
type CheckoutResponse struct {
	OK              bool
	RenewalOK       bool
	MagneticMedia   Tristate
	Desensitize     Tristate
	TransactionDate time.Time
	InstitutionID   string   // AO
	PatronID        string   // AA
	ItemID          string   // AB
	TitleID         string   // AJ
	DueDate         string   // AH: free text, printed on the receipt as is
	FeeType         string   // BT, optional, two digits
	SecurityInhibit bool     // CI, optional
	Currency        string   // BH, optional
	FeeAmount       string   // BV, optional
	MediaType       string   // CK, optional, three digits
	ItemProperties  string   // CH, optional
	TransactionID   string   // BK, optional
	ScreenMessage   []string // AF
	PrintLine       []string // AG
	Extra           []Field
}

// CheckinResponse is message 10.
type CheckinResponse struct {
	OK                bool
	Resensitize       bool
	MagneticMedia     Tristate
	Alert             bool
	TransactionDate   time.Time
	InstitutionID     string   // AO
	ItemID            string   // AB
	PermanentLocation string   // AQ
	TitleID           string   // AJ, optional
	SortBin           string   // CL, optional
	PatronID          string   // AA, optional
	MediaType         string   // CK, optional
	ItemProperties    string   // CH, optional
	ScreenMessage     []string // AF
	PrintLine         []string // AG
	Extra             []Field
}

// ItemInformationResponse is message 18.
type ItemInformationResponse struct {
	CirculationStatus CirculationStatus
	SecurityMarker    SecurityMarker
	FeeType           FeeType
	TransactionDate   time.Time
	HoldQueueLength   string    // CF, optional
	DueDate           string    // AH, optional, free text
	RecallDate        time.Time // CJ, optional
	HoldPickupDate    time.Time // CM, optional
	ItemID            string    // AB
	TitleID           string    // AJ
	Owner             string    // BG, optional
	Currency          string    // BH, optional
	FeeAmount         string    // BV, optional
	MediaType         string    // CK, optional
	PermanentLocation string    // AQ, optional
	CurrentLocation   string    // AP, optional
	ItemProperties    string    // CH, optional
	ScreenMessage     []string  // AF
	PrintLine         []string  // AG
	Extra             []Field
}

// ItemStatusUpdateResponse is message 20.
type ItemStatusUpdateResponse struct {
	PropertiesOK    bool
	TransactionDate time.Time
	ItemID          string   // AB
	TitleID         string   // AJ, optional
	ItemProperties  string   // CH, optional
	ScreenMessage   []string // AF
	PrintLine       []string // AG
	Extra           []Field
}

// RenewResponse is message 30; its fields are those of CheckoutResponse.
type RenewResponse CheckoutResponse

// RenewAllResponse is message 66.
type RenewAllResponse struct {
	OK              bool
	RenewedCount    int
	UnrenewedCount  int
	TransactionDate time.Time
	InstitutionID   string   // AO
	RenewedItems    []string // BM
	UnrenewedItems  []string // BN
	ScreenMessage   []string // AF
	PrintLine       []string // AG
	Extra           []Field
}

// FeePaidResponse is message 38.
type FeePaidResponse struct {
	PaymentAccepted bool
	TransactionDate time.Time
	InstitutionID   string   // AO
	PatronID        string   // AA
	TransactionID   string   // BK, optional
	ScreenMessage   []string // AF
	PrintLine       []string // AG
	Extra           []Field
}

// EndSessionResponse is message 36.
type EndSessionResponse struct {
	EndSession      bool
	TransactionDate time.Time
	InstitutionID   string   // AO
	PatronID        string   // AA
	ScreenMessage   []string // AF
	PrintLine       []string // AG
	Extra           []Field
}

// PatronEnableResponse is message 26.
type PatronEnableResponse struct {
	Status          PatronStatus
	Language        Language
	TransactionDate time.Time
	InstitutionID   string   // AO
	PatronID        string   // AA
	PersonalName    string   // AE
	ValidPatron     bool     // BL
	ValidPassword   bool     // CQ
	ScreenMessage   []string // AF
	PrintLine       []string // AG
	Extra           []Field
}

// HoldResponse is message 16.
type HoldResponse struct {
	OK              bool
	Available       bool
	TransactionDate time.Time
	ExpirationDate  time.Time // BW, optional
	QueuePosition   string    // BR, optional
	PickupLocation  string    // BS, optional
	InstitutionID   string    // AO
	PatronID        string    // AA
	ItemID          string    // AB, optional
	TitleID         string    // AJ, optional
	ScreenMessage   []string  // AF
	PrintLine       []string  // AG
	Extra           []Field
}

// RequestSCResend is message 96: the server got a message with a bad
// checksum and asks the kiosk to send it again.
type RequestSCResend struct {
	Extra []Field
}
