// Package cql parses the Contextual Query Language (CQL 1.2), the query
// language of SRU 1.2 and 2.0, into a syntax tree that a search backend can
// evaluate, and serialises that tree back to canonical CQL and to XCQL.
//
// The grammar follows the LoC/OASIS specification:
//
//	sortedQuery      ::= prefixAssignment sortedQuery | scopedClause ['sortBy' sortSpec]
//	cqlQuery         ::= prefixAssignment cqlQuery | scopedClause
//	prefixAssignment ::= '>' prefix '=' uri | '>' uri
//	scopedClause     ::= scopedClause booleanGroup searchClause | searchClause
//	booleanGroup     ::= boolean [modifierList]
//	searchClause     ::= '(' cqlQuery ')' | index relation searchTerm | searchTerm
//	relation         ::= comparitor [modifierList]
//	modifier         ::= '/' modifierName [comparitorSymbol modifierValue]
//
// Booleans (and, or, not, prox) have equal precedence and associate to the
// left, so "a or b and c" means "(a or b) and c".
//
// Errors are reported as SRU diagnostics (info:srw/diagnostic/1/N), so the
// SRU layer can put them into its response unchanged; see [Diagnostic].
// [Check] lets a backend refuse indexes, relations and other features it
// does not support with the diagnostic that the SRU standard prescribes.
package cql
