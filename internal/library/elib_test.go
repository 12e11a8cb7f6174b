package library

import (
	"testing"
	"time"
)

func TestLicenceCheck(t *testing.T) {
	good := Licence{RecordID: 1, Distributor: "d", Identifier: "urn:1", Model: ModelODL, Concurrency: 1, Checkouts: 5, CheckoutsTotal: 10}
	if err := good.Check(); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name string
		edit func(*Licence)
		key  string
	}{
		{"no identifier", func(l *Licence) { l.Identifier = " " }, "error.elib_licence_invalid"},
		{"no record", func(l *Licence) { l.RecordID = 0 }, "error.elib_licence_invalid"},
		{"unknown model", func(l *Licence) { l.Model = "lease" }, "error.elib_licence_model"},
		{"more checkouts left than bought", func(l *Licence) { l.Checkouts = 11 }, "error.elib_licence_invalid"},
		{"negative concurrency", func(l *Licence) { l.Concurrency = -1 }, "error.elib_licence_invalid"},
		{"unknown status", func(l *Licence) { l.Status = "paused" }, "error.elib_licence_invalid"},
	} {
		l := good
		c.edit(&l)
		if got := ErrorKey(l.Check()); got != c.key {
			t.Errorf("%s: %q, want %q", c.name, got, c.key)
		}
	}
}

func TestLicenceLendable(t *testing.T) {
	now := time.Date(2026, 12, 1, 12, 0, 0, 0, time.UTC)
	l := Licence{Status: LicenceActive, Concurrency: 2, Loans: 1, Checkouts: 1, CheckoutsTotal: 5, Expires: now.Add(time.Second)}
	if !l.Lendable(now) {
		t.Fatal("a licence with a place, a checkout and a second left does not lend")
	}
	for name, edit := range map[string]func(*Licence){
		"expiry instant":   func(l *Licence) { l.Expires = now },
		"no checkouts":     func(l *Licence) { l.Checkouts = 0 },
		"every place lent": func(l *Licence) { l.Loans = 2 },
		"withdrawn":        func(l *Licence) { l.Status = LicenceWithdrawn },
	} {
		m := l
		edit(&m)
		if m.Lendable(now) {
			t.Errorf("%s: lends", name)
		}
	}
}
