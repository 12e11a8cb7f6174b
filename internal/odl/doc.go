// Package odl is Kirjasto's edge towards e-book distributors that speak
// Open Distribution to Libraries 1.0 over OPDS 2: it reads their feeds
// (publications, open-access links and the licences a library bought)
// into the catalogue's and the e-library's model, and it checks licences
// out and returns them through the distributor's License Status
// Documents. The store never sees this package's wire formats; it gets
// library.Record and library.Licence values. docs/odl.md has the mapping.
package odl
