// Package marc reads and writes MARC 21 bibliographic records for Kirjasto:
// ISO 2709 ("binary MARC", .mrc) and MARCXML, converts MARC-8 text to
// Unicode, and maps records to and from the domain's library.Record.
//
// Real MARC files are often damaged: wrong lengths, unordered or broken
// directories, stray bytes, invalid character data. The readers therefore
// repair what they safely can, report what they cannot as a *RecordError
// naming the record, and carry on with the next record, because an import of
// a million records must not stop at the first bad one. Every record they
// return is valid MARC 21 as the MARC21slim schema and ISO 2709 define it
// (valid.go), and the writers never write anything else: what has one
// reading is repaired, what has none (a tag "30-") is refused.
//
// All text in a Record returned by the readers is UTF-8: MARC-8 records
// (leader/09 blank) are converted when read, and the leader is changed to
// say so, so the rest of Kirjasto never sees MARC-8.
package marc
