// Package sip2 is the message layer of the 3M Standard Interchange Protocol,
// version 2.00, which self-checkout kiosks and return machines speak over TCP.
//
// A message is a two-digit command code, fixed-length fields in an order set
// by the command, and variable-length fields: a two-letter identifier, the
// value and a '|'. With error detection on, a sequence number (AY) and a
// checksum (AZ) end the message; a carriage return terminates it.
//
// The package has two levels. [Message] is the generic form: the code, the
// raw fixed fields and an ordered list of [Field]s, repeats and unknown
// identifiers included. [Body] is the typed form, one struct per command
// ([Login], [Checkout], [CheckoutResponse], ...), which is what a server
// works with. [Codec] converts between bytes and both forms, and [Conn] reads
// and writes messages on a connection.
//
// [Server] answers kiosks over TCP (or TLS): each connection logs in with
// a kiosk account tied to a branch, then checks items out and in, renews,
// reserves and takes fees through the library's circulation services, the
// same the staff desk uses, with screen messages in the patron's language.
// docs/sip2.md lists the messages and fields it supports.
//
// Parsing is strict where a mistake would change what the library does (the
// command code, the fixed-field layout, dates, the checksum) and lenient
// where kiosks are known to be sloppy: a missing trailing '|', lowercase
// checksum digits, lowercase Y/N flags, unknown or repeated field
// identifiers (kept in Extra), missing variable fields (read as empty).
package sip2
