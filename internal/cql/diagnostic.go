package cql

import (
	"errors"
	"fmt"
	"strconv"
)

// DiagnosticURIPrefix is the namespace of the SRU diagnostics list; a
// diagnostic's URI is this prefix followed by its number.
const DiagnosticURIPrefix = "info:srw/diagnostic/1/"

// Numbers of the SRU diagnostics this package and query backends report.
// The full list is part of the SRU standard; only the ones about queries
// (and the general ones a query layer needs) are named here.
const (
	DiagGeneralSystemError           = 1
	DiagQuerySyntax                  = 10
	DiagTooManyCharacters            = 12
	DiagParentheses                  = 13
	DiagQuotes                       = 14
	DiagUnsupportedContextSet        = 15
	DiagUnsupportedIndex             = 16
	DiagUnsupportedRelation          = 19
	DiagUnsupportedRelationModifier  = 20
	DiagUnsupportedRelationIndex     = 22
	DiagTooManyCharactersInTerm      = 23
	DiagNonSpecialCharacterEscaped   = 26
	DiagEmptyTerm                    = 27
	DiagMaskingUnsupported           = 28
	DiagMaskedWordsTooShort          = 29
	DiagAnchoringUnsupported         = 31
	DiagAnchoringPosition            = 32
	DiagUnsupportedBoolean           = 37
	DiagTooManyBooleans              = 38
	DiagProximityUnsupported         = 39
	DiagUnsupportedProximityRelation = 40
	DiagUnsupportedProximityDistance = 41
	DiagUnsupportedProximityUnit     = 42
	DiagUnsupportedProximityOrdering = 43
	DiagPrefixAssignedTwice          = 45
	DiagUnsupportedBooleanModifier   = 46
	DiagCannotProcessQuery           = 47
	DiagQueryFeatureUnsupported      = 48
	DiagMaskingPosition              = 49
	DiagSortUnsupported              = 80
)

// messages holds the standard text of each diagnostic, which SRU puts in
// the <message> element next to the URI.
var messages = map[int]string{
	DiagGeneralSystemError:           "General system error",
	DiagQuerySyntax:                  "Query syntax error",
	DiagTooManyCharacters:            "Too many characters in query",
	DiagParentheses:                  "Invalid or unsupported use of parentheses",
	DiagQuotes:                       "Invalid or unsupported use of quotes",
	DiagUnsupportedContextSet:        "Unsupported context set",
	DiagUnsupportedIndex:             "Unsupported index",
	DiagUnsupportedRelation:          "Unsupported relation",
	DiagUnsupportedRelationModifier:  "Unsupported relation modifier",
	DiagUnsupportedRelationIndex:     "Unsupported combination of relation and index",
	DiagTooManyCharactersInTerm:      "Too many characters in term",
	DiagNonSpecialCharacterEscaped:   "Non special character escaped in term",
	DiagEmptyTerm:                    "Empty term unsupported",
	DiagMaskingUnsupported:           "Masking character not supported",
	DiagMaskedWordsTooShort:          "Masked words too short",
	DiagAnchoringUnsupported:         "Anchoring character not supported",
	DiagAnchoringPosition:            "Anchoring character in unsupported position",
	DiagUnsupportedBoolean:           "Unsupported boolean operator",
	DiagTooManyBooleans:              "Too many boolean operators in query",
	DiagProximityUnsupported:         "Proximity not supported",
	DiagUnsupportedProximityRelation: "Unsupported proximity relation",
	DiagUnsupportedProximityDistance: "Unsupported proximity distance",
	DiagUnsupportedProximityUnit:     "Unsupported proximity unit",
	DiagUnsupportedProximityOrdering: "Unsupported proximity ordering",
	DiagPrefixAssignedTwice:          "Prefix assigned to multiple identifiers",
	DiagUnsupportedBooleanModifier:   "Unsupported boolean modifier",
	DiagCannotProcessQuery:           "Cannot process query; reason unknown",
	DiagQueryFeatureUnsupported:      "Query feature unsupported",
	DiagMaskingPosition:              "Masking character in unsupported position",
	DiagSortUnsupported:              "Sort not supported",
}

// A Diagnostic is an SRU diagnostic: the three fields of the <diagnostic>
// element of an SRU response. It is also an error, so a backend can return
// one from deep inside query evaluation and the SRU layer can recover it
// with [AsDiagnostic].
type Diagnostic struct {
	Number  int    // N in info:srw/diagnostic/1/N
	Details string // the offending value, as the diagnostics list asks for
	Message string // human-readable text, by default the standard one
}

// NewDiagnostic returns the diagnostic with the given number and details
// and the standard message for that number.
func NewDiagnostic(number int, details string) *Diagnostic {
	msg, ok := messages[number]
	if !ok {
		msg = "Diagnostic " + strconv.Itoa(number)
	}
	return &Diagnostic{Number: number, Details: details, Message: msg}
}

// URI returns the diagnostic's identifier, such as info:srw/diagnostic/1/16.
func (d *Diagnostic) URI() string {
	return DiagnosticURIPrefix + strconv.Itoa(d.Number)
}

// Error returns the message, the details and the URI on one line.
func (d *Diagnostic) Error() string {
	if d.Details == "" {
		return fmt.Sprintf("%s (%s)", d.Message, d.URI())
	}
	return fmt.Sprintf("%s: %s (%s)", d.Message, d.Details, d.URI())
}

// AsDiagnostic returns the diagnostic in err's chain. An error that carries
// none, such as a failing database, becomes diagnostic 1 "General system
// error" without details, so internal messages do not leak to clients.
func AsDiagnostic(err error) *Diagnostic {
	var d *Diagnostic
	if errors.As(err, &d) {
		return d
	}
	return NewDiagnostic(DiagGeneralSystemError, "")
}

// UnsupportedContextSet returns diagnostic 15 for a prefix or URI.
func UnsupportedContextSet(name string) *Diagnostic {
	return NewDiagnostic(DiagUnsupportedContextSet, name)
}

// UnsupportedIndex returns diagnostic 16 for an index name.
func UnsupportedIndex(name string) *Diagnostic {
	return NewDiagnostic(DiagUnsupportedIndex, name)
}

// UnsupportedRelation returns diagnostic 19 for a relation.
func UnsupportedRelation(name string) *Diagnostic {
	return NewDiagnostic(DiagUnsupportedRelation, name)
}

// UnsupportedRelationModifier returns diagnostic 20 for a relation modifier.
func UnsupportedRelationModifier(name string) *Diagnostic {
	return NewDiagnostic(DiagUnsupportedRelationModifier, name)
}

// UnsupportedBoolean returns diagnostic 37 for a boolean operator.
func UnsupportedBoolean(op string) *Diagnostic {
	return NewDiagnostic(DiagUnsupportedBoolean, op)
}

// UnsupportedBooleanModifier returns diagnostic 46 for a boolean modifier.
func UnsupportedBooleanModifier(name string) *Diagnostic {
	return NewDiagnostic(DiagUnsupportedBooleanModifier, name)
}

// UnsupportedProximityUnit returns diagnostic 42 for a prox unit value.
func UnsupportedProximityUnit(unit string) *Diagnostic {
	return NewDiagnostic(DiagUnsupportedProximityUnit, unit)
}

// EmptyTermUnsupported returns diagnostic 27.
func EmptyTermUnsupported() *Diagnostic {
	return NewDiagnostic(DiagEmptyTerm, "")
}

// MaskingUnsupported returns diagnostic 28 for a term with * or ?.
func MaskingUnsupported(t Term) *Diagnostic {
	return NewDiagnostic(DiagMaskingUnsupported, string(t))
}

// SortUnsupported returns diagnostic 80.
func SortUnsupported() *Diagnostic {
	return NewDiagnostic(DiagSortUnsupported, "")
}

// CannotProcess returns diagnostic 47 with a reason for the client.
func CannotProcess(reason string) *Diagnostic {
	return NewDiagnostic(DiagCannotProcessQuery, reason)
}

// A SyntaxError is a query that could not be parsed. It wraps the
// diagnostic it maps to (10, 13, 14 or 47), so [AsDiagnostic] finds it.
type SyntaxError struct {
	Pos        int    // byte offset of the error in the query
	Reason     string // what was wrong, for people
	Diagnostic *Diagnostic
}

// Error describes the error and where it is.
func (e *SyntaxError) Error() string {
	return fmt.Sprintf("cql: offset %d: %s (%s)", e.Pos, e.Reason, e.Diagnostic.URI())
}

// Unwrap returns the diagnostic.
func (e *SyntaxError) Unwrap() error { return e.Diagnostic }
