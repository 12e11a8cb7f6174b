package store_test

import (
	"context"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/kirjasto/kirjasto/internal/auth"
	"github.com/kirjasto/kirjasto/internal/library"
	"github.com/kirjasto/kirjasto/internal/store"
	"github.com/kirjasto/kirjasto/internal/store/storetest"
)

var t0 = time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)

// accounts configures db with cheap hashing, so the tests test logic, not
// argon2's cost.
func accounts(db *store.DB) {
	db.SetAccountConfig(store.AccountConfig{Hasher: auth.NewHasher([]byte("test pepper"), auth.TestParams)})
}

func newPatron(t *testing.T, db *store.DB, card, pin string) library.Patron {
	t.Helper()
	p, err := db.CreatePatron(context.Background(), library.Patron{
		CardNumber: card, Name: "Virtanen, Aino", Email: "aino@example.fi", HomeLibrary: "helsinki", Created: t0,
	}, pin)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func errKey(err error) string {
	if err == nil {
		return ""
	}
	return library.ErrorKey(err)
}

func TestCreatePatron(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		accounts(db)
		ctx := context.Background()
		want := library.Patron{
			CardNumber: "27000000000001", Name: "Virtanen, Aino", Email: "aino@example.fi", Phone: "+358401234567",
			Street: "Mannerheimintie 1", PostalCode: "00100", City: "Helsinki", Lang: "sv",
			NoticeChannel: library.ChannelSMS, PickupBranch: "oodi", Category: library.CategoryAdult,
			HomeLibrary: "helsinki", HistoryOptIn: true, StaffNote: "note", Created: t0,
		}
		got, err := db.CreatePatron(ctx, want, "1234")
		if err != nil {
			t.Fatal(err)
		}
		want.ID = got.ID
		for _, lookup := range []func() (library.Patron, error){
			func() (library.Patron, error) { return db.Patron(ctx, got.ID) },
			func() (library.Patron, error) { return db.PatronByCard(ctx, " 27000000000001 ") },
		} {
			p, err := lookup()
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(want, p); diff != "" {
				t.Errorf("patron read back (-want +got):\n%s", diff)
			}
		}
		_, err = db.CreatePatron(ctx, want, "1234")
		if code := library.ErrorCode(err); code != library.ECONFLICT {
			t.Errorf("second card with same number: %v, want %s", err, library.ECONFLICT)
		}
		_, err = db.CreatePatron(ctx, library.Patron{CardNumber: "2", Name: "x"}, "12")
		if k := errKey(err); k != "error.pin_format" {
			t.Errorf("short PIN: key %q, want error.pin_format", k)
		}
		if _, err := db.PatronByCard(ctx, "nope"); library.ErrorCode(err) != library.ENOTFOUND {
			t.Errorf("unknown card: %v, want not found", err)
		}
	})
}

func TestAuthenticate(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		accounts(db)
		ctx := context.Background()
		p := newPatron(t, db, "27000000000001", "1234")
		newPatron(t, db, "27000000000002", "") // no PIN yet
		tests := []struct {
			name, card, pin, wantKey string
		}{
			{"right", "27000000000001", "1234", ""},
			{"spaces around card", " 27000000000001 ", "1234", ""},
			{"wrong PIN", "27000000000001", "4321", "error.signin_failed"},
			{"unknown card", "27009999999999", "1234", "error.signin_failed"},
			{"card without PIN", "27000000000002", "", "error.signin_failed"},
			{"empty PIN", "27000000000001", "", "error.signin_failed"},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				got, err := db.Authenticate(ctx, tt.card, tt.pin, t0)
				if k := errKey(err); k != tt.wantKey {
					t.Fatalf("Authenticate: %v, want key %q", err, tt.wantKey)
				}
				if err == nil && got.ID != p.ID {
					t.Errorf("Authenticate = patron %d, want %d", got.ID, p.ID)
				}
				if err != nil && library.ErrorCode(err) != library.EUNAUTHORIZED {
					t.Errorf("code %s, want %s", library.ErrorCode(err), library.EUNAUTHORIZED)
				}
			})
		}
	})
}

func TestLockout(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		accounts(db)
		ctx := context.Background()
		newPatron(t, db, "27000000000001", "1234")
		for _, card := range []string{"27000000000001", "27009999999999"} {
			t.Run(card, func(t *testing.T) {
				now := t0
				var keys []string
				for range 5 {
					now = now.Add(time.Second)
					_, err := db.Authenticate(ctx, card, "0000", now)
					keys = append(keys, errKey(err))
				}
				want := []string{"error.signin_failed", "error.signin_failed", "error.signin_failed", "error.signin_failed", "error.card_locked"}
				if diff := cmp.Diff(want, keys); diff != "" {
					t.Errorf("five wrong PINs (-want +got):\n%s", diff)
				}
				// Locked: even the right PIN is refused, and an unknown card
				// looks just the same as a real one.
				_, err := db.Authenticate(ctx, card, "1234", now.Add(14*time.Minute))
				if k := errKey(err); k != "error.card_locked" || library.ErrorCode(err) != library.EFORBIDDEN {
					t.Errorf("during lockout: %v, want forbidden error.card_locked", err)
				}
				_, err = db.Authenticate(ctx, card, "1234", now.Add(15*time.Minute+time.Second))
				wantKey := ""
				if card == "27009999999999" {
					wantKey = "error.signin_failed"
				}
				if k := errKey(err); k != wantKey {
					t.Errorf("after lockout: %v, want key %q", err, wantKey)
				}
			})
		}
	})
}

func TestFailuresForgottenAfterSuccess(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		accounts(db)
		ctx := context.Background()
		newPatron(t, db, "27000000000001", "1234")
		now := t0
		for round := range 3 {
			for range 4 {
				db.Authenticate(ctx, "27000000000001", "0000", now)
			}
			if _, err := db.Authenticate(ctx, "27000000000001", "1234", now); err != nil {
				t.Fatalf("round %d: 4 failures then the right PIN: %v", round, err)
			}
		}
	})
}

func TestChangePIN(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		accounts(db)
		ctx := context.Background()
		p := newPatron(t, db, "27000000000001", "1234")
		tests := []struct {
			name, old, new, wantKey string
		}{
			{"wrong old PIN", "9999", "5678", "error.pin_wrong"},
			{"too short", "1234", "123", "error.pin_format"},
			{"too long", "1234", "1234567890123", "error.pin_format"},
			{"letters", "1234", "12a4", "error.pin_format"},
			{"ok", "1234", "567890", ""},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				err := db.ChangePIN(ctx, p.ID, tt.old, tt.new, t0)
				if k := errKey(err); k != tt.wantKey {
					t.Errorf("ChangePIN: %v, want key %q", err, tt.wantKey)
				}
			})
		}
		if _, err := db.Authenticate(ctx, p.CardNumber, "567890", t0); err != nil {
			t.Errorf("sign in with the new PIN: %v", err)
		}
		if _, err := db.Authenticate(ctx, p.CardNumber, "1234", t0); errKey(err) != "error.signin_failed" {
			t.Errorf("sign in with the old PIN: %v, want failure", err)
		}
	})
}

func TestUpdatePatron(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		accounts(db)
		ctx := context.Background()
		p := newPatron(t, db, "27000000000001", "1234")
		tests := []struct {
			name    string
			change  func(p *library.Patron)
			wantKey string
		}{
			{"email channel without email", func(p *library.Patron) { p.Email, p.NoticeChannel = "", library.ChannelEmail }, "error.email_required"},
			{"sms without phone", func(p *library.Patron) { p.NoticeChannel = library.ChannelSMS }, "error.phone_required"},
			{"bad email", func(p *library.Patron) { p.Email = "not an address" }, "error.email_format"},
			{"unknown language", func(p *library.Patron) { p.Lang = "xx" }, "error.lang"},
			{"ok", func(p *library.Patron) {
				p.Email, p.Phone, p.Lang, p.NoticeChannel, p.PickupBranch = "new@example.fi", "0401", "ru", library.ChannelSMS, "oodi"
				// Not the patron's to change: ignored.
				p.CardNumber, p.Category, p.BlockReason = "1", library.CategoryStaff, "x"
			}, ""},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				q := p
				tt.change(&q)
				if k := errKey(db.UpdatePatron(ctx, q)); k != tt.wantKey {
					t.Errorf("UpdatePatron: key %q, want %q", k, tt.wantKey)
				}
			})
		}
		got, err := db.Patron(ctx, p.ID)
		if err != nil {
			t.Fatal(err)
		}
		want := p
		want.Email, want.Phone, want.Lang, want.NoticeChannel, want.PickupBranch = "new@example.fi", "0401", "ru", library.ChannelSMS, "oodi"
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("after update (-want +got):\n%s", diff)
		}
	})
}
