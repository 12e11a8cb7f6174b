package store_test

import (
	"bytes"
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/kirjasto/kirjasto/internal/library"
	"github.com/kirjasto/kirjasto/internal/store"
	"github.com/kirjasto/kirjasto/internal/store/storetest"
)

func TestHistoryOptInAndOut(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := newCircFixture(t, db)
		rec := f.title(library.Book, copyAt{barcode: "H1", home: "esp-sello"}, copyAt{barcode: "H2", home: "esp-sello"})
		p := f.patron("Virtanen, Aino", library.CategoryAdult, false)

		// Off by default: nothing is kept.
		if _, err := db.Checkout(ctx, p.ID, "H1", at("esp-sello"), day(0)); err != nil {
			t.Fatal(err)
		}
		if h, _ := db.ReadingHistory(ctx, p.ID); len(h) != 0 {
			t.Fatalf("history while opted out: %v", h)
		}
		if err := db.SetHistoryOptIn(ctx, p.ID, true, false); err != nil {
			t.Fatal(err)
		}
		if got, _ := db.Patron(ctx, p.ID); !got.HistoryOptIn {
			t.Fatal("opt-in not saved")
		}
		if _, err := db.Checkout(ctx, p.ID, "H2", at("esp-sello"), day(1)); err != nil {
			t.Fatal(err)
		}
		h, err := db.ReadingHistory(ctx, p.ID)
		if err != nil || len(h) != 1 || h[0].RecordID != rec {
			t.Fatalf("history after opting in: %v, %v", h, err)
		}
		// Opting out and keeping: entries stay, no new ones.
		if err := db.SetHistoryOptIn(ctx, p.ID, false, false); err != nil {
			t.Fatal(err)
		}
		if h, _ := db.ReadingHistory(ctx, p.ID); len(h) != 1 {
			t.Fatalf("opting out and keeping left %d entries, want 1", len(h))
		}
		// Opting out and deleting.
		if err := db.SetHistoryOptIn(ctx, p.ID, false, true); err != nil {
			t.Fatal(err)
		}
		if h, _ := db.ReadingHistory(ctx, p.ID); len(h) != 0 {
			t.Fatalf("opting out and deleting left %v", h)
		}
		if err := db.SetHistoryOptIn(ctx, 99999, true, false); library.ErrorCode(err) != library.ENOTFOUND {
			t.Errorf("unknown patron: %v, want ENOTFOUND", err)
		}
	})
}

func TestPersonalDataHasNoSecrets(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := newCircFixture(t, db)
		f.title(library.Book, copyAt{barcode: "P1", home: "esp-sello"})
		p, err := db.CreatePatron(ctx, library.Patron{CardNumber: "2700000000001", Name: "Salainen, Sanna",
			Email: "sanna@example.fi", HomeLibrary: "vantaa", HistoryOptIn: true}, "1234")
		if err != nil {
			t.Fatal(err)
		}
		if _, err := db.Checkout(ctx, p.ID, "P1", at("esp-sello"), day(0)); err != nil {
			t.Fatal(err)
		}
		if _, err := db.NewSession(ctx, library.Session{PatronID: p.ID, Created: day(0)}); err != nil {
			t.Fatal(err)
		}
		// A reset notice carries a link with a token.
		if err := db.RequestPINReset(ctx, p.CardNumber, day(0)); err != nil {
			t.Fatal(err)
		}
		d, err := db.PersonalData(ctx, p.ID)
		if err != nil {
			t.Fatal(err)
		}
		if d.Patron.Name != "Salainen, Sanna" || d.Patron.Email != "sanna@example.fi" || len(d.Loans) != 1 ||
			len(d.ReadingHistory) != 1 || len(d.Sessions) != 1 || len(d.Notices) == 0 {
			t.Errorf("personal data incomplete: %+v", d)
		}
		var buf bytes.Buffer
		if err := db.WritePersonalData(ctx, p.ID, &buf); err != nil {
			t.Fatal(err)
		}
		var v any
		if err := json.Unmarshal(buf.Bytes(), &v); err != nil {
			t.Fatal(err)
		}
		for _, k := range secretKeys(v, "") {
			t.Errorf("export has a secret-looking key %s", k)
		}
		if strings.Contains(buf.String(), "/pin/reset/") || strings.Contains(buf.String(), "argon2") {
			t.Errorf("export contains a reset link or a PIN hash:\n%s", buf.String())
		}
		if _, err := db.PersonalData(ctx, 99999); library.ErrorCode(err) != library.ENOTFOUND {
			t.Errorf("unknown patron: %v, want ENOTFOUND", err)
		}
	})
}

// TestPersonalDataHasRegistration: the export holds what registration
// stores: the birth date, the confirmation and the replaced cards; the
// strong identity only as a yes or no.
func TestPersonalDataHasRegistration(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := newRegFixture(t, db)
		p := f.register(adult("Syntynyt", "Sanni")).Patron
		old := p.CardNumber
		if _, err := db.ReplaceCard(ctx, f.staff, p.ID, "", library.CardLost, circNow); err != nil {
			t.Fatal(err)
		}
		d, err := db.PersonalData(ctx, p.ID)
		if err != nil {
			t.Fatal(err)
		}
		got := d.Patron
		if got.BirthDate != "1986-03-14" || got.Provisional || got.ConfirmedAt == nil || got.StronglyIdentified ||
			len(got.OldCards) != 1 || got.OldCards[0].CardNumber != old || got.OldCards[0].Status != library.CardLost {
			t.Errorf("registration in the export: %+v", got)
		}
		var buf bytes.Buffer
		if err := db.WritePersonalData(ctx, p.ID, &buf); err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(buf.String(), `"birth_date": "1986-03-14"`) {
			t.Errorf("the written export has no birth date:\n%s", buf.String())
		}

		// An account opened online is provisional until confirmed.
		q, err := db.SelfRegister(ctx, adult("Verkko", "Veera"), "2580", nil, circNow)
		if err != nil {
			t.Fatal(err)
		}
		if d, err = db.PersonalData(ctx, q.ID); err != nil {
			t.Fatal(err)
		}
		if !d.Patron.Provisional || d.Patron.ConfirmedAt != nil || len(d.Patron.OldCards) != 0 {
			t.Errorf("provisional account in the export: %+v", d.Patron)
		}
	})
}

// secretKeys returns the paths of keys in a decoded JSON value that look
// like secrets (pin, hash, token) and have a non-empty value.
func secretKeys(v any, path string) []string {
	var out []string
	switch v := v.(type) {
	case map[string]any:
		for k, x := range v {
			lk := strings.ToLower(k)
			if (strings.Contains(lk, "pin") || strings.Contains(lk, "hash") || strings.Contains(lk, "token")) && x != nil && x != "" {
				out = append(out, path+"."+k)
			}
			out = append(out, secretKeys(x, path+"."+k)...)
		}
	case []any:
		for _, x := range v {
			out = append(out, secretKeys(x, path+"[]")...)
		}
	}
	return out
}

func TestCloseAccount(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := newCircFixture(t, db)
		f.title(library.Book, copyAt{barcode: "C1", home: "esp-sello"})
		p, err := db.CreatePatron(ctx, library.Patron{CardNumber: "2700000000002", Name: "Lähtevä, Lauri",
			Email: "lauri@example.fi", Phone: "040 123", HomeLibrary: "vantaa", HistoryOptIn: true}, "1234")
		if err != nil {
			t.Fatal(err)
		}
		if _, err := db.Checkout(ctx, p.ID, "C1", at("esp-sello"), day(0)); err != nil {
			t.Fatal(err)
		}
		wantKey(t, db.CloseAccount(ctx, p.ID, day(1)), "error.close_blocked")
		if _, err := db.Checkin(ctx, "C1", at("esp-sello"), day(2)); err != nil {
			t.Fatal(err)
		}
		if _, err := db.NewSession(ctx, library.Session{PatronID: p.ID, Created: day(2)}); err != nil {
			t.Fatal(err)
		}
		if err := db.CloseAccount(ctx, p.ID, day(3)); err != nil {
			t.Fatal(err)
		}
		got, err := db.Patron(ctx, p.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.ClosedAt.IsZero() || got.Name != "" || got.Email != "" || got.Phone != "" || got.CardNumber == p.CardNumber {
			t.Errorf("closed account not anonymised: %+v", got)
		}
		if h, _ := db.ReadingHistory(ctx, p.ID); len(h) != 0 {
			t.Errorf("reading history survived closing: %v", h)
		}
		d, err := db.PersonalData(ctx, p.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(d.Loans) != 0 || len(d.Sessions) != 0 || len(d.Notices) != 0 {
			t.Errorf("closing left loans %v, sessions %v, notices %v", d.Loans, d.Sessions, d.Notices)
		}
		if _, err := db.Authenticate(ctx, p.CardNumber, "1234", day(3)); library.ErrorCode(err) != library.EUNAUTHORIZED {
			t.Errorf("sign-in after closing: %v, want EUNAUTHORIZED", err)
		}
		if err := db.CloseAccount(ctx, p.ID, day(4)); library.ErrorCode(err) != library.ENOTFOUND {
			t.Errorf("closing twice: %v, want ENOTFOUND", err)
		}
	})
}

func TestWards(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := newCircFixture(t, db)
		parent := f.patron("Koivu, Kalle", library.CategoryAdult, false)
		stranger := f.patron("Vieras, Ville", library.CategoryAdult, false)
		kid, err := db.CreatePatron(ctx, library.Patron{CardNumber: "2700000000003", Name: "Koivu, Kaisa",
			Category: library.CategoryChild, HomeLibrary: "vantaa", GuardianID: parent.ID}, "")
		if err != nil {
			t.Fatal(err)
		}
		ws, err := db.Wards(ctx, parent.ID)
		if err != nil || len(ws) != 1 || ws[0].ID != kid.ID || ws[0].GuardianID != parent.ID {
			t.Fatalf("Wards = %v, %v; want Kaisa", ws, err)
		}
		if ws, _ := db.Wards(ctx, stranger.ID); len(ws) != 0 {
			t.Errorf("stranger's wards: %v", ws)
		}
		if w, err := db.Ward(ctx, parent.ID, kid.ID); err != nil || w.ID != kid.ID {
			t.Errorf("Ward = %v, %v", w, err)
		}
		for _, tt := range []struct{ guardian, ward int64 }{{stranger.ID, kid.ID}, {parent.ID, stranger.ID}, {parent.ID, 99999}} {
			if _, err := db.Ward(ctx, tt.guardian, tt.ward); library.ErrorCode(err) != library.ENOTFOUND {
				t.Errorf("Ward(%d, %d): %v, want ENOTFOUND", tt.guardian, tt.ward, err)
			}
		}
		// Closing the guardian's account unlinks the child.
		if err := db.CloseAccount(ctx, parent.ID, day(0)); err != nil {
			t.Fatal(err)
		}
		if k, _ := db.Patron(ctx, kid.ID); k.GuardianID != 0 {
			t.Errorf("child still linked to a closed account: %d", k.GuardianID)
		}
	})
}
