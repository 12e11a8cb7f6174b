package library

import (
	"context"
	"slices"
	"strings"
	"time"
	"unicode"
)

// Purchase suggestions: a signed-in patron asks their library to buy a
// title. Staff see them grouped by edition with how many asked, and
// accept (to be ordered), decline with a reason, or mark the title owned
// already; each change is a notice to everyone in the group. When an
// accepted title's record arrives in the catalogue, matched by ISBN or
// named by staff, each person who suggested it gets a hold, in the order
// they suggested it, and is told. Staff need ActAsk at the library the
// suggestion is for.

// Suggestion states; their names are in the catalogues under
// "suggestion.status." + state.
const (
	SuggestionNew       = "new"
	SuggestionAccepted  = "accepted"  // to be ordered
	SuggestionDeclined  = "declined"  // with a reason
	SuggestionOwned     = "owned"     // the catalogue has it already (RecordID)
	SuggestionFulfilled = "fulfilled" // it arrived; a hold was placed if one could be
)

// SuggestionStatuses lists the states in their order.
var SuggestionStatuses = []string{SuggestionNew, SuggestionAccepted, SuggestionDeclined, SuggestionOwned, SuggestionFulfilled}

// SuggestionsPerYear is how many suggestions one patron may make in a
// calendar year (Helsinki time): enough for an eager reader, few enough
// that the list stays a list of wishes rather than a catalogue.
const SuggestionsPerYear = 10

// Limits of a suggestion's texts, in characters.
const (
	MaxSuggestionTitle  = 300
	MaxSuggestionAuthor = 200
	MaxSuggestionWhy    = 1000
)

// PurchaseSuggestion is one patron's purchase suggestion.
type PurchaseSuggestion struct {
	ID       int64
	PatronID int64  // 0 once the patron's account was closed
	Library  string // the member library asked to buy it; "" is the patron's home library
	Title    string
	Author   string
	// ISBN is as the patron gave it; the store checks its check digit
	// and keeps it as an ISBN-13 ("" when none was given).
	ISBN     string
	Material Material
	Language string // a MARC language code (RecordLanguages), "" if not said
	Why      string
	// PickupBranch is where the hold goes when the title arrives; ""
	// takes the patron's preferred pickup branch.
	PickupBranch string
	Status       string
	Reason       string // why it was declined
	RecordID     int64  // the record it is owned as, or arrived as
	HoldID       int64  // the hold placed when it arrived; 0 if none could be
	Key          string // the edition it is grouped under (EditionKey); read only
	Created      time.Time
	Decided      time.Time // accepted, declined or marked owned
	Fulfilled    time.Time
}

// Validate checks and trims a new suggestion, but for the ISBN's check
// digit, which the store checks (with internal/marc's ValidISBN).
func (s *PurchaseSuggestion) Validate() error {
	if s.PatronID == 0 {
		return &Error{Code: EUNAUTHORIZED, Key: "error.suggestion_sign_in", Message: "a suggestion needs a signed-in patron"}
	}
	if s.Library != "" {
		if err := ValidateID(s.Library); err != nil {
			return fieldErr("library", "error.ask_library", "bad library %q", s.Library)
		}
	}
	var err error
	if s.Title, err = askText("title", s.Title, MaxSuggestionTitle, "error.suggestion_title", "error.suggestion_too_long"); err != nil {
		return err
	}
	for _, f := range []struct {
		name string
		s    *string
		max  int
	}{{"author", &s.Author, MaxSuggestionAuthor}, {"why", &s.Why, MaxSuggestionWhy}} {
		if strings.TrimSpace(*f.s) == "" {
			*f.s = ""
			continue
		}
		if *f.s, err = askText(f.name, *f.s, f.max, "error.suggestion_title", "error.suggestion_too_long"); err != nil {
			return err
		}
	}
	s.ISBN = strings.TrimSpace(s.ISBN)
	if s.Material == "" {
		s.Material = Book
	}
	if !slices.Contains(Materials, s.Material) {
		return fieldErr("material", "error.suggestion_material", "unknown material %q", s.Material)
	}
	if s.Language != "" && !slices.Contains(RecordLanguages, s.Language) {
		return fieldErr("language", "error.suggestion_language", "unknown language %q", s.Language)
	}
	return nil
}

// Scope is where staff act on the suggestion.
func (s PurchaseSuggestion) Scope() Scope { return LibraryScope(s.Library) }

// EditionKey is what makes two suggestions the same edition: its
// ISBN-13, else its title and author in lower case with only their
// letters and digits, so that "Tove Jansson: Muumipeikko" and "tove
// jansson, muumipeikko" meet.
func EditionKey(isbn13, title, author string) string {
	if isbn13 != "" {
		return "isbn:" + isbn13
	}
	return "title:" + foldWords(title) + "/" + foldWords(author)
}

func foldWords(s string) string {
	f := strings.FieldsFunc(strings.ToLower(s), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
	return strings.Join(f, " ")
}

// SuggestionGroup is the suggestions of one edition to one library.
type SuggestionGroup struct {
	Library string
	Key     string // EditionKey
	// Title, Author, ISBN, Material and Language are the first
	// suggestion's.
	Title, Author, ISBN string
	Material            Material
	Language            string
	Count               int       // how many people asked
	First, Last         time.Time // the first and the latest suggestion
	Suggestions         []PurchaseSuggestion
}

// SuggestionFilter selects groups of suggestions for staff.
type SuggestionFilter struct {
	Libraries []string // nil: every library
	// Statuses to include; nil includes new and accepted.
	Statuses []string
	// Key, when not "", selects the one edition (EditionKey): a group's
	// page reads its own suggestions, not its library's every one.
	Key string
}

// PurchaseSuggestions keeps purchase suggestions. Staff methods act on a whole
// group (a library's suggestions of one edition) and ask Permit(by,
// ActAsk, LibraryScope(lib)) themselves. Each returns how many
// suggestions it changed; each changed one is a notice to its patron.
type PurchaseSuggestions interface {
	// Suggest saves a patron's suggestion. More than SuggestionsPerYear
	// in the calendar year is EFORBIDDEN (error.suggestion_limit); an ISBN
	// whose check digit is wrong is EINVALID (error.suggestion_isbn).
	Suggest(ctx context.Context, s PurchaseSuggestion, now time.Time) (PurchaseSuggestion, error)
	// PurchaseSuggestion returns one (ENOTFOUND, error.suggestion_not_found).
	PurchaseSuggestion(ctx context.Context, id int64) (PurchaseSuggestion, error)
	// PatronSuggestions returns a patron's own suggestions, newest first.
	PatronSuggestions(ctx context.Context, patronID int64) ([]PurchaseSuggestion, error)
	// SuggestionGroups returns the groups f selects, the most asked first.
	SuggestionGroups(ctx context.Context, f SuggestionFilter) ([]SuggestionGroup, error)
	// AcceptSuggestions accepts a group's new suggestions: to be ordered.
	AcceptSuggestions(ctx context.Context, by Staff, lib, key string, now time.Time) (int, error)
	// DeclineSuggestions declines a group's new and accepted suggestions
	// with a reason the patrons are told (required).
	DeclineSuggestions(ctx context.Context, by Staff, lib, key, reason string, now time.Time) (int, error)
	// MarkSuggestionsOwned tells a group's new and accepted suggestions
	// that the catalogue has the title already, as recordID.
	MarkSuggestionsOwned(ctx context.Context, by Staff, lib, key string, recordID int64, now time.Time) (int, error)
	// SuggestionsArrived names the record a group's accepted suggestions
	// arrived as, and fulfils them (FulfilSuggestions).
	SuggestionsArrived(ctx context.Context, by Staff, lib, key string, recordID int64, now time.Time) (int, error)
	// FulfilSuggestions fulfils the accepted suggestions a record answers,
	// by one of its ISBNs or as staff named it: in the order they were
	// made, a hold on the record for each patron (at their pickup branch)
	// and a notice; when no hold can be placed (the patron holds or
	// borrows it already, is blocked, or has too many holds), a notice
	// that it arrived. It returns how many it fulfilled.
	FulfilSuggestions(ctx context.Context, recordID int64, now time.Time) (int, error)
	// MatchSuggestionsByISBN fulfils the accepted suggestions that any of
	// the records answers by ISBN: for an import or a catalogue save to
	// call with the records it saved.
	MatchSuggestionsByISBN(ctx context.Context, recordIDs []int64, now time.Time) (int, error)
}
