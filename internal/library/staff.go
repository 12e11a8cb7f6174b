package library

import (
	"context"
	"time"
)

// MinStaffPassword is the shortest staff password: staff accounts reach
// every patron's details, so a PIN-length secret will not do.
const MinStaffPassword = 12

// StaffFilter selects staff accounts. Zero fields do not filter.
type StaffFilter struct {
	Library string
	Role    string
	State   string // "" every account, StaffActive or StaffDisabled
}

// Staff account states for StaffFilter.
const (
	StaffActive   = "active"
	StaffDisabled = "disabled"
)

// TOTPEnrolment is a second factor being set up: the secret to type in
// and the otpauth:// URL to show as a QR code. It becomes active only
// when confirmed with a first code.
type TOTPEnrolment struct {
	Secret string
	URL    string
}

// StaffAccounts manages staff accounts and their second factor. Every
// method that changes an account takes the staff member making the
// change (by), checks MayGrant or MayManage, and writes the audit trail
// in the same transaction as the change. The system itself (kirjasto
// init, the demo) acts as SystemStaff.
type StaffAccounts interface {
	ListStaff(ctx context.Context, f StaffFilter) ([]Staff, error)
	// StaffAccount returns an account, disabled or not.
	StaffAccount(ctx context.Context, id int64) (Staff, error)
	AddStaff(ctx context.Context, by Staff, s Staff, password string, now time.Time) (Staff, error)
	// UpdateStaff changes the name, role, library and default branch of
	// s.ID.
	UpdateStaff(ctx context.Context, by Staff, s Staff, now time.Time) (Staff, error)
	// DisableStaff stops an account from signing in and ends its
	// sessions at once; EnableStaff lets it sign in again.
	DisableStaff(ctx context.Context, by Staff, id int64, now time.Time) error
	EnableStaff(ctx context.Context, by Staff, id int64, now time.Time) error
	// SetStaffPassword gives an account a new password and ends its
	// sessions.
	SetStaffPassword(ctx context.Context, by Staff, id int64, password string, now time.Time) error
	// ChangeStaffPassword lets staff change their own password, the old
	// one checked like a sign-in.
	ChangeStaffPassword(ctx context.Context, id int64, oldPassword, newPassword string, now time.Time) error

	// BeginTOTP starts enrolling staffID's second factor; ConfirmTOTP
	// makes it active with a first code and returns the recovery codes,
	// the only time they are seen.
	BeginTOTP(ctx context.Context, staffID int64, issuer string, now time.Time) (TOTPEnrolment, error)
	ConfirmTOTP(ctx context.Context, staffID int64, code string, now time.Time) ([]string, error)
	// VerifyTOTP checks a sign-in's code (or a recovery code), counted
	// toward the account's lockout.
	VerifyTOTP(ctx context.Context, staffID int64, code string, now time.Time) error
	RemoveTOTP(ctx context.Context, by Staff, staffID int64, now time.Time) error
	RecoveryCodesLeft(ctx context.Context, staffID int64) (int, error)
	// TOTPRequired and SetTOTPRequired are the operator's setting
	// "administrators must use TOTP" (ActConsortium to change it).
	TOTPRequired(ctx context.Context) (bool, error)
	SetTOTPRequired(ctx context.Context, by Staff, on bool, now time.Time) error
	// MustEnrolTOTP reports whether st must set up a second factor before
	// doing anything else: the operator requires it of administrators,
	// and st is one without it.
	MustEnrolTOTP(ctx context.Context, st Staff) (bool, error)
}

// IsAdministrator reports whether role administers something (the
// consortium or a member library): the accounts the operator's "TOTP for
// administrators" setting binds.
func IsAdministrator(role string) bool {
	return role == RoleAdmin || role == RoleLibraryAdmin
}

// SystemStaff is the system acting on its own (kirjasto init, the demo,
// imports): a consortium administrator of no account, recorded in the
// audit trail as staff 0.
var SystemStaff = Staff{Role: RoleAdmin, Name: "system"}
