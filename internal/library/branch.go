package library

import (
	"context"
	"fmt"
	"math"
	"net/mail"
	"regexp"
	"strings"
	"time"
)

// Consortium is the set of member libraries that share one collection.
type Consortium struct {
	Name      Text
	Libraries []Library
	Branches  []Branch
}

// Library is a member library of the consortium: one city's library
// organisation, such as Espoo's or Vantaa's.
type Library struct {
	ID          string // short stable code, e.g. "espoo"; immutable
	Name        Text   // "Espoon kaupunginkirjasto", ...; Finnish required
	Description Text
	// ClosedAt is when the library left the consortium (zero while it is a
	// member). Its rows stay, for the loans, fees and statistics that name it.
	ClosedAt time.Time
	// Version counts the library's changes; an update must name the
	// version it was made from (optimistic locking, see UpdateLibrary).
	Version int64
}

// Closed reports whether the library has left the consortium.
func (l Library) Closed() bool { return !l.ClosedAt.IsZero() }

// Branch is one library building (or a mobile library) that lends,
// receives returns and holds reservations for pickup.
type Branch struct {
	ID            string // short stable code, e.g. "esp-sello"; immutable
	LibraryID     string // owning member library; immutable
	Name          Text   // Finnish required
	Description   Text
	Address       Address
	Lat, Lon      float64 // WGS 84; both zero when unknown
	Phone         string
	Email         string
	Services      []string // service codes, e.g. "music-studio", "3d-printer"; names are in the message catalogues under "service.<code>"
	Accessibility Text
	// Hours is the weekly schedule and, for reading, the exceptions
	// expanded to one entry per date (see HoursException for the ranges
	// staff edit).
	Hours Hours
	// ClosedAt is when the branch closed for good (zero while open). A
	// closed branch lends nothing and takes no holds for pickup, but stays
	// in old loans, holds and statistics.
	ClosedAt time.Time
	// Photo is the content hash of the branch's photo, "" when it has
	// none: pages put it in the photo's URL so that a new photo is a new
	// URL and the old one may be cached for ever.
	Photo string
	// Version counts the changes of the branch's details and weekly
	// hours; an update must name the version it was made from.
	Version int64
}

// Closed reports whether the branch has closed for good.
func (b Branch) Closed() bool { return !b.ClosedAt.IsZero() }

// Address is a postal address of a branch.
type Address struct {
	Street     string
	PostalCode string
	City       Text
}

// Service codes a branch can offer. Each has a name in the message
// catalogues under "service." + code.
var Services = []string{
	"music-studio", "3d-printer", "sewing-machine", "recording-studio",
	"gaming", "computers", "scanner", "meeting-rooms", "cafe",
	"makerspace", "instrument-lending", "digital-support", "kids-corner",
}

// Limits of what a library or branch may hold.
const (
	maxIDLen   = 40
	maxNameLen = 200
	maxTextLen = 5000
)

var idPattern = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)

// ValidateID checks a library's or branch's ID: 2 to 40 lowercase ASCII
// letters and digits in groups joined by single hyphens ("esp-sello"),
// because it appears in URLs, iCal UIDs, SIP2 location codes and files.
func ValidateID(id string) error {
	if len(id) < 2 || len(id) > maxIDLen || !idPattern.MatchString(id) {
		return fieldErr("id", "error.branch_id", "bad ID %q: use 2–40 lowercase letters, digits and single hyphens", id)
	}
	return nil
}

// Validate checks a library's fields, and normalises its texts (trims
// them and drops empty ones).
func (l *Library) Validate() error {
	if err := ValidateID(l.ID); err != nil {
		return err
	}
	var err error
	if l.Name, err = validText("name", l.Name, maxNameLen, true); err != nil {
		return err
	}
	l.Description, err = validText("description", l.Description, maxTextLen, false)
	return err
}

// Validate checks a branch's fields, its weekly hours included, and
// normalises its texts. The exceptions in b.Hours are not checked here:
// they are edited as HoursException ranges.
func (b *Branch) Validate() error {
	if err := ValidateID(b.ID); err != nil {
		return err
	}
	if err := ValidateID(b.LibraryID); err != nil {
		return fieldErr("library", "error.branch_library", "bad library ID %q", b.LibraryID)
	}
	var err error
	if b.Name, err = validText("name", b.Name, maxNameLen, true); err != nil {
		return err
	}
	if b.Description, err = validText("description", b.Description, maxTextLen, false); err != nil {
		return err
	}
	if b.Accessibility, err = validText("accessibility", b.Accessibility, maxTextLen, false); err != nil {
		return err
	}
	if b.Address.City, err = validText("address.city", b.Address.City, maxNameLen, false); err != nil {
		return err
	}
	b.Address.Street = strings.TrimSpace(b.Address.Street)
	b.Address.PostalCode = strings.TrimSpace(b.Address.PostalCode)
	if len(b.Address.Street) > maxNameLen {
		return fieldErr("address.street", "error.branch_street", "street address longer than %d bytes", maxNameLen)
	}
	if pc := b.Address.PostalCode; pc != "" && !postalCode.MatchString(pc) {
		return fieldErr("address.postal_code", "error.branch_postal_code", "bad postal code %q: want five digits", pc)
	}
	if err := validCoordinates(b.Lat, b.Lon); err != nil {
		return err
	}
	b.Phone = strings.TrimSpace(b.Phone)
	if b.Phone != "" && !phonePattern.MatchString(b.Phone) {
		return fieldErr("phone", "error.branch_phone", "bad phone number %q", b.Phone)
	}
	b.Email = strings.TrimSpace(b.Email)
	if b.Email != "" {
		a, err := mail.ParseAddress(b.Email)
		_, domain, _ := strings.Cut(b.Email, "@")
		if err != nil || a.Address != b.Email || a.Name != "" || !strings.Contains(strings.Trim(domain, "."), ".") {
			return fieldErr("email", "error.branch_email", "bad email address %q", b.Email)
		}
	}
	seen := map[string]bool{}
	for _, s := range b.Services {
		if !knownService(s) {
			return fieldErr("services", "error.branch_service", "unknown service %q", s)
		}
		if seen[s] {
			return fieldErr("services", "error.branch_service", "service %q listed twice", s)
		}
		seen[s] = true
	}
	return b.Hours.ValidateWeekly()
}

var (
	postalCode   = regexp.MustCompile(`^[0-9]{5}$`)
	phonePattern = regexp.MustCompile(`^\+?[0-9][0-9 ()-]{3,28}[0-9]$`)
)

func knownService(s string) bool {
	for _, k := range Services {
		if k == s {
			return true
		}
	}
	return false
}

// validCoordinates accepts WGS 84 latitude and longitude, or both zero
// for a branch whose place is not given (a mobile library).
func validCoordinates(lat, lon float64) error {
	if math.IsNaN(lat) || math.IsNaN(lon) || lat < -90 || lat > 90 || lon < -180 || lon > 180 {
		return fieldErr("lat", "error.branch_coordinates", "bad coordinates %v, %v", lat, lon)
	}
	return nil
}

// fieldErr returns an EINVALID error whose message starts with the field
// it is about, so that a form or an import can point at it.
func fieldErr(field, key, format string, args ...any) *Error {
	msg := fmt.Sprintf(format, args...)
	if !strings.HasPrefix(msg, field) {
		msg = field + ": " + msg
	}
	return &Error{Code: EINVALID, Key: key, Message: msg}
}

// BranchPending counts what ties a branch to the holds of patrons, which
// closing it must settle first (see CloseBranch).
type BranchPending struct {
	HoldShelf int // copies on its hold shelf, waiting for their patrons
	Transit   int // copies on their way to it, for a hold or home
	Waiting   int // holds to be picked up there that have no copy yet
	// Items counts the copies whose home the branch is. They do not stop
	// it closing, but a copy returned elsewhere still travels home, so
	// they should be moved to another home branch first.
	Items int
}

// BranchClosing is what closing a branch did.
type BranchClosing struct {
	Branch       Branch
	MovedHolds   int // waiting holds whose pickup moved to another branch
	MovedPatrons int // patrons whose preferred pickup branch moved
}

// Photo is a branch's photo as stored: re-encoded as JPEG in two sizes,
// PhotoFull and PhotoThumb.
type Photo struct {
	BranchID string
	Variant  string // PhotoFull or PhotoThumb
	Width    int
	Height   int
	Size     int    // bytes
	Hash     string // hex SHA-256 of Bytes: the ETag
	Updated  time.Time
	Bytes    []byte
}

// The sizes a branch photo is kept in.
const (
	PhotoFull  = "full"  // at most 1600 px wide, for the branch's page
	PhotoThumb = "thumb" // 400 px wide, for lists and maps
)

// ContentType is the media type of every stored photo.
func (Photo) ContentType() string { return "image/jpeg" }

// BranchImport is a consortium's libraries and branches brought in from
// a file (kirjasto branches import): created or updated by ID.
type BranchImport struct {
	Libraries []Library
	Branches  []Branch // each with its weekly hours
	// Exceptions replace the exceptions of the branches they are listed
	// for (an empty list removes them all); a branch not in the map keeps
	// the exceptions it has.
	Exceptions map[string][]HoursException
}

// BranchImportResult counts what an import did.
type BranchImportResult struct {
	LibrariesCreated, LibrariesUpdated int
	BranchesCreated, BranchesUpdated   int
	Exceptions                         int // exceptions written
}

// ImportError says which library or branch of an import an error is
// about, so that the importer can point at its place in the file.
type ImportError struct {
	Library string
	Branch  string // "" when the error is about the library
	Err     error
}

func (e *ImportError) Error() string {
	if e.Branch != "" {
		return fmt.Sprintf("branch %s: %v", e.Branch, e.Err)
	}
	return fmt.Sprintf("library %s: %v", e.Library, e.Err)
}

func (e *ImportError) Unwrap() error { return e.Err }

// BranchAdmin creates, edits and closes member libraries and branches,
// their hours, exceptions and photos. Every method writes in one
// transaction and raises the consortium version (ConsortiumVersion) in
// it. Permission is the caller's to ask (Permit with ActConsortium for
// libraries, ActBranches for a library's branches); by is recorded in the
// audit trail. Updates name the Version they were made from and fail with
// ECONFLICT when another change came first.
type BranchAdmin interface {
	// ConsortiumVersion changes whenever anything below changes: a cache
	// of libraries and branches is current while it reads the same.
	ConsortiumVersion(ctx context.Context) (int64, error)

	Library(ctx context.Context, id string) (Library, error)
	CreateLibrary(ctx context.Context, l Library, by Staff, now time.Time) (Library, error)
	UpdateLibrary(ctx context.Context, l Library, by Staff, now time.Time) (Library, error)
	CloseLibrary(ctx context.Context, id string, by Staff, now time.Time) (Library, error)
	ReopenLibrary(ctx context.Context, id string, by Staff, now time.Time) (Library, error)

	CreateBranch(ctx context.Context, b Branch, by Staff, now time.Time) (Branch, error)
	UpdateBranch(ctx context.Context, b Branch, by Staff, now time.Time) (Branch, error)
	BranchPending(ctx context.Context, id string) (BranchPending, error)
	CloseBranch(ctx context.Context, id, moveHoldsTo string, by Staff, now time.Time) (BranchClosing, error)
	ReopenBranch(ctx context.Context, id string, by Staff, now time.Time) (Branch, error)

	SetWeeklyHours(ctx context.Context, branchID string, week [7]Day, version int64, by Staff, now time.Time) (Branch, error)
	Exceptions(ctx context.Context, branchID string, from, to Date) ([]HoursException, error)
	AddException(ctx context.Context, e HoursException, by Staff, now time.Time) (HoursException, error)
	UpdateException(ctx context.Context, e HoursException, by Staff, now time.Time) (HoursException, error)
	DeleteException(ctx context.Context, branchID string, id int64, by Staff, now time.Time) error
	BranchCalendar(ctx context.Context, branchID string, year int) (Calendar, error)
	AdoptHolidays(ctx context.Context, libraryID string, hs []Holiday, eveClose Clock, by Staff, now time.Time) (HolidayAdoption, error)

	SetBranchPhoto(ctx context.Context, branchID string, data []byte, by Staff, now time.Time) (Photo, error)
	BranchPhoto(ctx context.Context, branchID, variant string) (Photo, error)
	DeleteBranchPhoto(ctx context.Context, branchID string, by Staff, now time.Time) error

	ImportBranches(ctx context.Context, imp BranchImport, by Staff, now time.Time) (BranchImportResult, error)
}
