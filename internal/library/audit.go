package library

import (
	"context"
	"time"
)

// AuditEntry is one staff action in the audit trail: who did what, to
// whom or to which item or record, for which library. The trail names
// patrons, so only staff with ActAudit read it (at the entry's library).
// Detail is a short human note; it never holds a secret (no PIN, no
// password, no reset link, no TOTP secret or code).
//
// What to audit: the administrative acts that change accounts, rights,
// patrons' registrations and blocks, PINs and cards, fee waivers, the
// catalogue, branches and rules. Not routine circulation (a checkout, a
// check-in, a renewal): an entry naming both the patron and the item
// would make the trail a reading history, which only the patron may
// choose to keep; circulation_events records those without the patron.
//
// The circulation_events table is a different thing: an anonymous trail
// for statistics that outlives patrons. This one is for accountability,
// and is kept for AuditRetention.
type AuditEntry struct {
	ID            int64
	At            time.Time
	StaffID       int64  // who acted; 0 for the system (kirjasto init, imports)
	Action        string // a short code, "area.verb": see the Audit* constants
	TargetStaffID int64  // the staff account a staff change is about; 0 if none
	PatronID      int64  // 0 if none
	ItemBarcode   string
	RecordID      int64
	Library       string // the member library the action was for; "" for the consortium
	Detail        string
}

// AuditRetention is how long the audit trail keeps an entry: long enough
// to answer a complaint or an auditor about last year's actions, short
// enough that the trail is no second patron register.
const AuditRetention = 2 * 365 * 24 * time.Hour

// Audit codes of staff account changes. Other areas name their own codes
// beside their code, in the same "area.verb" shape (e.g. "patron.block",
// "item.withdraw").
const (
	AuditStaffCreated     = "staff.created"
	AuditStaffChanged     = "staff.changed"      // name or default branch
	AuditStaffRoleChanged = "staff.role_changed" // role or library
	AuditStaffDisabled    = "staff.disabled"
	AuditStaffEnabled     = "staff.enabled"
	AuditStaffPassword    = "staff.password_reset"
	AuditTOTPEnrolled     = "staff.totp_enrolled"
	AuditTOTPRemoved      = "staff.totp_removed"
	AuditRecoveryCodeUsed = "staff.recovery_code_used"
)

// Audit codes of member libraries, branches and their hours. Library is
// the member library; Detail names the branch.
const (
	AuditLibraryCreate     = "library.create"
	AuditLibraryUpdate     = "library.update"
	AuditLibraryClose      = "library.close"
	AuditLibraryReopen     = "library.reopen"
	AuditBranchCreate      = "branch.create"
	AuditBranchUpdate      = "branch.update"
	AuditBranchClose       = "branch.close"
	AuditBranchReopen      = "branch.reopen"
	AuditBranchHours       = "branch.hours" // the weekly schedule
	AuditExceptionAdd      = "branch.exception_add"
	AuditExceptionUpdate   = "branch.exception_update"
	AuditExceptionDelete   = "branch.exception_delete"
	AuditHolidaysAdopt     = "branch.holidays_adopt"
	AuditBranchPhoto       = "branch.photo"
	AuditBranchPhotoDelete = "branch.photo_delete"
	AuditBranchImport      = "branch.import" // a whole import file, one entry
)

// Audit codes of the loan and fee rules. Detail is the change, row by row
// (DiffText).
const (
	AuditRulesSave     = "rules.save"
	AuditRulesWithdraw = "rules.withdraw"
)

// Audit codes of patrons' accounts. PatronID is the account, Library its
// home library. No entry names an item a patron borrowed.
const (
	AuditPatronRegister = "patron.register"
	AuditPatronUpdate   = "patron.update"
	AuditPatronConfirm  = "patron.confirm" // a provisional account, after an ID was seen
	AuditPINIssue       = "patron.pin_issue"
	AuditPINReset       = "patron.pin_reset" // a first sign-in code instead of the PIN
	AuditCardReplace    = "patron.card_replace"
	AuditPatronBlock    = "patron.block"
	AuditPatronUnblock  = "patron.unblock"
	AuditPatronMerge    = "patron.merge" // PatronID the account kept
	AuditPatronClose    = "patron.close"
	AuditCardRange      = "card_range.set"
)

// Audit codes of the catalogue. RecordID is the record; an item's entry
// names its barcode and its home library too.
const (
	AuditRecordCreate   = "record.create"
	AuditRecordEdit     = "record.edit"      // through the form
	AuditRecordEditMARC = "record.edit_marc" // through the MARC editor
	AuditRecordMerge    = "record.merge"     // RecordID the record kept
	AuditRecordDelete   = "record.delete"
	AuditItemCreate     = "item.create"
	AuditItemEdit       = "item.edit"
	AuditItemWithdraw   = "item.withdraw"
	AuditItemDelete     = "item.delete"
	AuditItemBatch      = "item.batch" // one entry for the batch; Detail lists the barcodes
)

// Audit codes of events. Library is the event's library; Detail names
// the event (its ID and Finnish title) or the series. Sign-ups and
// attendance are not audited: who goes to which event is the residents'
// own business, and a trail of it would outlive the sign-ups.
const (
	AuditEventCreate  = "event.create"
	AuditEventUpdate  = "event.update"
	AuditEventPublish = "event.publish"
	AuditEventCancel  = "event.cancel"
	AuditEventDelete  = "event.delete" // a draft never published
	AuditEventImage   = "event.image"  // its image set or removed
	AuditSeriesCreate = "event.series_create"
	AuditSeriesUpdate = "event.series_update"
	AuditSeriesCancel = "event.series_cancel"
)

// Audit codes of bookable resources and bookings. Library is the
// resource's library; Detail names the resource (ID, Finnish name,
// branch) and, for a booking, its ID and start; PatronID the resident a
// staff action on a booking is about. Residents' own bookings and
// cancellations, and check-ins, are not audited: they are routine, and
// the bookings keep them.
const (
	AuditResourceCreate      = "resource.create"
	AuditResourceUpdate      = "resource.update"
	AuditResourceWithdraw    = "resource.withdraw" // its future bookings cancelled
	AuditResourceRestore     = "resource.restore"
	AuditResourcePhoto       = "resource.photo"
	AuditResourcePhotoDelete = "resource.photo_delete"
	AuditBookingDesk         = "booking.desk" // booked on a resident's or guest's behalf
	AuditBookingApprove      = "booking.approve"
	AuditBookingDecline      = "booking.decline"
	AuditBookingCancel       = "booking.cancel" // by staff
	AuditBookingNoShow       = "booking.no_show"
	AuditBookingBlock        = "booking.block" // one entry for a whole series
	AuditBookingBlockDelete  = "booking.block_delete"
	AuditBookingHours        = "booking.hours" // bookings settled after a change of hours
	AuditNoShowRule          = "booking.no_show_rule"
)

// AuditTOTPRequired is the operator's switch that requires a second
// factor of administrators.
const AuditTOTPRequired = "consortium.totp_required"

// AuditActions lists every audit code, for the audit page's filter and
// for the tests that check each is written and named in every language.
var AuditActions = []string{
	AuditStaffCreated, AuditStaffChanged, AuditStaffRoleChanged, AuditStaffDisabled, AuditStaffEnabled,
	AuditStaffPassword, AuditTOTPEnrolled, AuditTOTPRemoved, AuditRecoveryCodeUsed, AuditTOTPRequired,
	AuditLibraryCreate, AuditLibraryUpdate, AuditLibraryClose, AuditLibraryReopen,
	AuditBranchCreate, AuditBranchUpdate, AuditBranchClose, AuditBranchReopen, AuditBranchHours,
	AuditExceptionAdd, AuditExceptionUpdate, AuditExceptionDelete, AuditHolidaysAdopt,
	AuditBranchPhoto, AuditBranchPhotoDelete, AuditBranchImport,
	AuditRulesSave, AuditRulesWithdraw,
	AuditPatronRegister, AuditPatronUpdate, AuditPatronConfirm, AuditPINIssue, AuditPINReset,
	AuditCardReplace, AuditPatronBlock, AuditPatronUnblock, AuditPatronMerge, AuditPatronClose, AuditCardRange,
	AuditRecordCreate, AuditRecordEdit, AuditRecordEditMARC, AuditRecordMerge, AuditRecordDelete,
	AuditItemCreate, AuditItemEdit, AuditItemWithdraw, AuditItemDelete, AuditItemBatch,
	AuditEventCreate, AuditEventUpdate, AuditEventPublish, AuditEventCancel, AuditEventDelete, AuditEventImage,
	AuditSeriesCreate, AuditSeriesUpdate, AuditSeriesCancel,
	AuditResourceCreate, AuditResourceUpdate, AuditResourceWithdraw, AuditResourceRestore,
	AuditResourcePhoto, AuditResourcePhotoDelete, AuditBookingDesk, AuditBookingApprove, AuditBookingDecline,
	AuditBookingCancel, AuditBookingNoShow, AuditBookingBlock, AuditBookingBlockDelete, AuditBookingHours,
	AuditNoShowRule,

	AuditNewsCreate, AuditNewsUpdate, AuditNewsPublish, AuditNewsUnpublish, AuditNewsDelete,
	AuditPageCreate, AuditPageUpdate, AuditPagePublish, AuditPageUnpublish, AuditPageDelete,
	AuditPickCreate, AuditPickUpdate, AuditPickPublish, AuditPickUnpublish, AuditPickDelete,

	AuditQuestionAssign, AuditQuestionAnswer, AuditQuestionClose,
	AuditFeedbackAssign, AuditFeedbackAnswer, AuditFeedbackClose, AuditFeedbackPublish,
	AuditSuggestionAccept, AuditSuggestionDecline, AuditSuggestionOwned, AuditSuggestionRecord, AuditAskInbox,

	AuditChatTake, AuditChatHandOver, AuditChatEnd, AuditChatEndAbuse, AuditChatHours,
	AuditChatAnswerSave, AuditChatAnswerDelete,

	AuditELicences, AuditELimits, AuditEBudget,
}

// AuditFilter selects audit entries, newest first. Zero fields do not
// filter. From and To bound At as [From, To). Paging: pass the ID of the
// last entry of one page as Before to get the next.
type AuditFilter struct {
	StaffID       int64
	TargetStaffID int64
	PatronID      int64
	ItemBarcode   string
	RecordID      int64
	Action        string
	Library       string
	From, To      time.Time
	Before        int64
	Limit         int // 50 when 0; at most 500
}

// AuditTrail reads the audit trail. Callers check Permit(st, ActAudit,
// LibraryScope(f.Library)) first; a library administrator's filter names
// their library.
type AuditTrail interface {
	Audit(ctx context.Context, f AuditFilter) ([]AuditEntry, error)
}
