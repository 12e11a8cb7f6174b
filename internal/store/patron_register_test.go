package store_test

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/kirjasto/kirjasto/internal/library"
	"github.com/kirjasto/kirjasto/internal/store"
	"github.com/kirjasto/kirjasto/internal/store/storetest"
)

// regFixture is the circulation consortium with card ranges for Espoo
// (with a Luhn check digit) and Helsinki (without); Vantaa has none.
type regFixture struct {
	*circFixture
	staff library.Staff
}

func newRegFixture(t *testing.T, db *store.DB) *regFixture {
	t.Helper()
	accounts(db)
	f := &regFixture{circFixture: newCircFixture(t, db)}
	ctx := context.Background()
	var err error
	f.staff, err = db.CreateStaff(ctx, library.Staff{Username: "desk", Name: "Desk, Dora", Branch: "esp-sello"}, "long enough password")
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range []library.CardRange{
		{Library: "espoo", Prefix: "2701", Length: 14, Next: 1, Last: 999_999_999, CheckDigit: true},
		{Library: "helsinki", Prefix: "2702", Length: 14, Next: 1, Last: 99_999_999},
	} {
		if err := db.SetCardRange(ctx, f.staff, r); err != nil {
			t.Fatal(err)
		}
	}
	return f
}

// adult is a valid registration of a 40-year-old in Espoo.
func adult(family, given string) library.Registration {
	return library.Registration{
		FamilyName: family, GivenNames: given, BirthDate: library.Date{Year: 1986, Month: 3, Day: 14},
		Street: "Kauppakatu 1", PostalCode: "02100", City: "Espoo", Email: "x@example.fi", Phone: "040 123 4567",
		Lang: "fi", HomeLibrary: "espoo", Branch: "esp-sello",
	}
}

func (f *regFixture) register(r library.Registration) library.Registered {
	f.t.Helper()
	out, err := f.db.RegisterPatron(context.Background(), f.staff, r, circNow)
	if err != nil {
		f.t.Fatal(err)
	}
	return out
}

func count(t *testing.T, db *store.DB, query string, args ...any) int {
	t.Helper()
	n, err := store.CountForTest(db, query, args...)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func TestRegisterPatron(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		f := newRegFixture(t, db)
		ctx := context.Background()
		out := f.register(adult("Mäkinen", "Äijö Olavi"))
		p := out.Patron
		if p.Name != "Mäkinen, Äijö Olavi" || p.Category != library.CategoryAdult || p.HomeLibrary != "espoo" ||
			p.BirthDate != (library.Date{Year: 1986, Month: 3, Day: 14}) || p.NoticeChannel != library.ChannelEmail || p.Provisional {
			t.Errorf("registered %+v", p)
		}
		// The first number of Espoo's range, with its Luhn digit.
		if p.CardNumber != "27010000000016" {
			t.Errorf("card %s, want 27010000000016", p.CardNumber)
		}
		l := out.Letter
		if l == nil || len(l.PIN) != 4 || l.CardNumber != p.CardNumber || l.PatronName != p.Name ||
			l.LibraryName["fi"] != "Espoo" || l.BranchName["fi"] != "esp-sello" || out.FirstCode != nil {
			t.Fatalf("letter %+v, first code %+v", l, out.FirstCode)
		}
		if _, err := db.Authenticate(ctx, p.CardNumber, l.PIN, circNow); err != nil {
			t.Errorf("sign in with the letter's PIN: %v", err)
		}

		// The same person again, typed differently: a possible duplicate,
		// saved only when confirmed.
		again := adult("MAKINEN", "aijo  olavi")
		dups, err := db.PossibleDuplicates(ctx, again.FamilyName, again.GivenNames, again.BirthDate)
		if err != nil || len(dups) != 1 || dups[0].ID != p.ID {
			t.Fatalf("possible duplicates %v, %v", dups, err)
		}
		_, err = db.RegisterPatron(ctx, f.staff, again, circNow)
		wantKey(t, err, "error.possible_duplicates")
		if library.ErrorCode(err) != library.ECONFLICT {
			t.Errorf("code %s, want conflict", library.ErrorCode(err))
		}
		other := again
		other.BirthDate = library.Date{Year: 1990, Month: 1, Day: 1}
		if dups, _ := db.PossibleDuplicates(ctx, other.FamilyName, other.GivenNames, other.BirthDate); len(dups) != 0 {
			t.Errorf("another birth date is no duplicate: %v", dups)
		}
		again.ConfirmDuplicates, again.PIN = true, library.PINFirstSignIn
		out2 := f.register(again)
		if out2.Letter != nil || out2.FirstCode == nil || out2.FirstCode.CardNumber != out2.Patron.CardNumber {
			t.Fatalf("first sign-in registration: %+v", out2)
		}
		if out2.Patron.CardNumber != "27010000000024" {
			t.Errorf("second card %s, want 27010000000024", out2.Patron.CardNumber)
		}

		// A scanned card of another system is taken as it is.
		scanned := adult("Virtanen", "Aino")
		scanned.CardNumber, scanned.HomeLibrary, scanned.Branch, scanned.PIN = "X123456", "helsinki", "", library.PINNone
		out3 := f.register(scanned)
		if out3.Patron.CardNumber != "X123456" || out3.Letter != nil || out3.FirstCode != nil {
			t.Errorf("scanned: %+v", out3)
		}
		if rs, _ := db.CardRanges(ctx); rs[1].Next != 1 {
			t.Errorf("a scanned card moved Helsinki's range to %d", rs[1].Next)
		}
	})
}

func TestRegisterPatronRefusals(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		f := newRegFixture(t, db)
		ctx := context.Background()
		child := f.register(library.Registration{FamilyName: "Lapsi", GivenNames: "Leo", Category: library.CategoryChild,
			HomeLibrary: "espoo", GuardianID: f.register(adult("Huoltaja", "Hilla")).Patron.ID}).Patron
		taken := f.register(adult("Vanha", "Ville")).Patron.CardNumber
		for _, tt := range []struct {
			name string
			edit func(r *library.Registration)
			key  string
		}{
			{"no family name", func(r *library.Registration) { r.FamilyName = " " }, "error.name_required"},
			{"comma in name", func(r *library.Registration) { r.FamilyName = "A, B" }, "error.name_required"},
			{"neither birth date nor category", func(r *library.Registration) { r.BirthDate = library.Date{} }, "error.birth_date_required"},
			{"birth date in the future", func(r *library.Registration) { r.BirthDate = library.Date{Year: 2030, Month: 1, Day: 1} }, "error.birth_date"},
			{"no such day", func(r *library.Registration) { r.BirthDate = library.Date{Year: 1990, Month: 2, Day: 30} }, "error.birth_date"},
			{"too old", func(r *library.Registration) { r.BirthDate = library.Date{Year: 1880, Month: 1, Day: 1} }, "error.birth_date"},
			{"child category for an adult", func(r *library.Registration) { r.Category = library.CategoryChild }, "error.category_age"},
			{"unknown category", func(r *library.Registration) { r.BirthDate, r.Category = library.Date{}, "pirate" }, "error.category"},
			{"child without guardian", func(r *library.Registration) { r.BirthDate = library.Date{Year: 2018, Month: 5, Day: 1} }, "error.guardian_required"},
			{"child category without guardian", func(r *library.Registration) { r.BirthDate, r.Category = library.Date{}, library.CategoryChild }, "error.guardian_required"},
			{"guardian is a child", func(r *library.Registration) {
				r.BirthDate, r.GuardianID = library.Date{Year: 2018, Month: 5, Day: 1}, child.ID
			}, "error.guardian_invalid"},
			{"guardian does not exist", func(r *library.Registration) { r.GuardianID = 999999 }, "error.guardian_invalid"},
			{"unknown library", func(r *library.Registration) { r.HomeLibrary = "turku" }, "error.library_unknown"},
			{"unknown branch", func(r *library.Registration) { r.Branch = "nowhere" }, "error.branch_unknown"},
			{"bad e-mail", func(r *library.Registration) { r.Email = "not an address" }, "error.email_format"},
			{"invalid language", func(r *library.Registration) { r.Lang = "xx" }, "error.lang"},
			{"bad phone", func(r *library.Registration) { r.Phone = "12" }, "error.phone_format"},
			{"card in use", func(r *library.Registration) { r.CardNumber = taken }, "error.card_in_use"},
			{"card format", func(r *library.Registration) { r.CardNumber = "12 34" }, "error.card_format"},
			{"card check digit", func(r *library.Registration) { r.CardNumber = "27010000000015" }, "error.card_check_digit"},
			{"no card range", func(r *library.Registration) { r.HomeLibrary, r.Branch = "vantaa", "" }, "error.card_range_missing"},
			{"PIN mode", func(r *library.Registration) { r.PIN = "sms" }, "error.pin_mode"},
		} {
			t.Run(tt.name, func(t *testing.T) {
				r := adult("Uusi", tt.name)
				tt.edit(&r)
				patrons := count(t, db, `SELECT count(*) FROM patrons`)
				ranges, _ := db.CardRanges(ctx)
				_, err := db.RegisterPatron(ctx, f.staff, r, circNow)
				wantKey(t, err, tt.key)
				if got := count(t, db, `SELECT count(*) FROM patrons`); got != patrons {
					t.Errorf("%d patrons after a refusal, want %d", got, patrons)
				}
				if after, _ := db.CardRanges(ctx); after[0].Next != ranges[0].Next {
					t.Errorf("a refusal moved the range from %d to %d", ranges[0].Next, after[0].Next)
				}
			})
		}
	})
}

// TestRegisterChildAge checks the age rule on the day of registration in
// Helsinki: under ChildAge is a child, who needs a guardian.
func TestRegisterChildAge(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		f := newRegFixture(t, db)
		guardian := f.register(adult("Koivu", "Kaisa")).Patron
		today := library.DateOf(circNow.In(library.Helsinki))
		fifteen := library.Date{Year: today.Year - library.ChildAge, Month: today.Month, Day: today.Day}
		r := adult("Koivu", "Kalle")
		r.BirthDate = fifteen
		if p := f.register(r).Patron; p.Category != library.CategoryAdult || p.GuardianID != 0 {
			t.Errorf("15 today: %s, guardian %d", p.Category, p.GuardianID)
		}
		r = adult("Koivu", "Kerttu")
		r.BirthDate = fifteen.AddDays(1)
		_, err := db.RegisterPatron(context.Background(), f.staff, r, circNow)
		wantKey(t, err, "error.guardian_required")
		r.GuardianID = guardian.ID
		p := f.register(r).Patron
		if p.Category != library.CategoryChild || p.GuardianID != guardian.ID {
			t.Errorf("15 tomorrow: %s, guardian %d", p.Category, p.GuardianID)
		}
		wards, err := db.Wards(context.Background(), guardian.ID)
		if err != nil || len(wards) != 1 || wards[0].ID != p.ID {
			t.Errorf("wards %v, %v", wards, err)
		}
	})
}

// TestCardNumbersConcurrent registers 20 patrons at once: each gets its
// own number of the range, and the range moves on by 20.
func TestCardNumbersConcurrent(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		f := newRegFixture(t, db)
		const n = 20
		var wg sync.WaitGroup
		cards := make([]string, n)
		errs := make([]error, n)
		for i := range n {
			wg.Go(func() {
				r := adult("Rinnakkainen", fmt.Sprintf("Nro %d", i))
				r.PIN = library.PINNone
				out, err := db.RegisterPatron(context.Background(), f.staff, r, circNow)
				cards[i], errs[i] = out.Patron.CardNumber, err
			})
		}
		wg.Wait()
		seen := map[string]bool{}
		for i := range n {
			if errs[i] != nil {
				t.Fatal(errs[i])
			}
			if seen[cards[i]] || !strings.HasPrefix(cards[i], "2701") || len(cards[i]) != 14 {
				t.Errorf("card %q: repeated or not from the range", cards[i])
			}
			seen[cards[i]] = true
		}
		if rs, _ := db.CardRanges(context.Background()); rs[0].Next != n+1 {
			t.Errorf("range next %d, want %d", rs[0].Next, n+1)
		}
	})
}

func TestCardRange(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		f := newRegFixture(t, db)
		ctx := context.Background()
		for _, r := range []library.CardRange{
			{Library: "vantaa", Prefix: "27a", Length: 14, Next: 1, Last: 9},
			{Library: "vantaa", Prefix: "2703", Length: 5, Next: 1, Last: 9},
			{Library: "vantaa", Prefix: "2703", Length: 14, Next: 10, Last: 9},
			{Library: "vantaa", Prefix: "2703", Length: 8, Next: 1, Last: 99_999, CheckDigit: true},
		} {
			wantKey(t, db.SetCardRange(ctx, f.staff, r), "error.card_range")
		}
		wantKey(t, db.SetCardRange(ctx, f.staff, library.CardRange{Library: "turku", Prefix: "1", Length: 8, Next: 1, Last: 9}), "error.library_unknown")

		// A range of two numbers whose first is taken by a scanned card:
		// the taken one is skipped, then the range is used up.
		if err := db.SetCardRange(ctx, f.staff, library.CardRange{Library: "vantaa", Prefix: "2703", Length: 8, Next: 1, Last: 2}); err != nil {
			t.Fatal(err)
		}
		r := adult("Skannattu", "Sanna")
		r.HomeLibrary, r.Branch, r.CardNumber, r.PIN = "vantaa", "", "27030001", library.PINNone
		f.register(r)
		r.GivenNames, r.CardNumber = "Seuraava", ""
		if got := f.register(r).Patron.CardNumber; got != "27030002" {
			t.Errorf("next card %s, want 27030002 (27030001 is taken)", got)
		}
		r.GivenNames = "Liikaa"
		_, err := db.RegisterPatron(ctx, f.staff, r, circNow)
		wantKey(t, err, "error.card_range_full")
	})
}

func TestStaffPIN(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		f := newRegFixture(t, db)
		ctx := context.Background()
		out := f.register(adult("Pinni", "Paula"))
		p, oldPIN := out.Patron, out.Letter.PIN
		s, err := db.NewSession(ctx, library.Session{PatronID: p.ID, Created: circNow, ExpiresAt: circNow.Add(time.Hour)})
		if err != nil {
			t.Fatal(err)
		}
		letter, err := db.IssuePIN(ctx, f.staff, p.ID, "hki-oodi", circNow)
		if err != nil {
			t.Fatal(err)
		}
		if letter.BranchName["fi"] != "hki-oodi" || letter.PIN == "" || letter.CardNumber != p.CardNumber {
			t.Errorf("letter %+v", letter)
		}
		if _, err := db.SessionByToken(ctx, s.Token, circNow); library.ErrorCode(err) != library.EUNAUTHORIZED {
			t.Errorf("session after a new PIN: %v", err)
		}
		if oldPIN != letter.PIN {
			if _, err := db.Authenticate(ctx, p.CardNumber, oldPIN, circNow); library.ErrorCode(err) != library.EUNAUTHORIZED {
				t.Errorf("old PIN after a new one: %v", err)
			}
		}
		if _, err := db.Authenticate(ctx, p.CardNumber, letter.PIN, circNow); err != nil {
			t.Errorf("new PIN: %v", err)
		}

		// Reset to "choose at first sign-in": the PIN stops at once; a
		// wrong code fails like a wrong PIN; the right code sets the PIN
		// once.
		tok, err := db.NewAPIToken(ctx, p.ID, "app", circNow)
		if err != nil {
			t.Fatal(err)
		}
		code, err := db.RequireNewPIN(ctx, f.staff, p.ID, circNow)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := db.Authenticate(ctx, p.CardNumber, letter.PIN, circNow); library.ErrorCode(err) != library.EUNAUTHORIZED {
			t.Errorf("PIN after a reset: %v", err)
		}
		if _, err := db.APITokenByValue(ctx, tok.Token, circNow); err == nil {
			t.Error("an API token outlived the staff reset")
		}
		if _, err := db.ChoosePIN(ctx, p.CardNumber, "WRONGCODE2", "4821", circNow); library.ErrorCode(err) != library.EUNAUTHORIZED {
			t.Errorf("wrong code: %v", err)
		}
		wantKey(t, func() error { _, err := db.ChoosePIN(ctx, p.CardNumber, code.Code, "12", circNow); return err }(), "error.pin_format")
		got, err := db.ChoosePIN(ctx, p.CardNumber, strings.ToLower(code.Code), "4821", circNow)
		if err != nil || got.ID != p.ID {
			t.Fatalf("choose PIN: %v, %v", got, err)
		}
		if _, err := db.Authenticate(ctx, p.CardNumber, "4821", circNow); err != nil {
			t.Errorf("chosen PIN: %v", err)
		}
		if _, err := db.ChoosePIN(ctx, p.CardNumber, code.Code, "5555", circNow); library.ErrorCode(err) != library.EUNAUTHORIZED {
			t.Errorf("a used code: %v", err)
		}

		// An expired code fails.
		code, err = db.RequireNewPIN(ctx, f.staff, p.ID, circNow)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := db.ChoosePIN(ctx, p.CardNumber, code.Code, "4821", code.Expires.Add(time.Second)); library.ErrorCode(err) != library.EUNAUTHORIZED {
			t.Errorf("expired code: %v", err)
		}
		_, err = db.IssuePIN(ctx, f.staff, 999999, "", circNow)
		if library.ErrorCode(err) != library.ENOTFOUND {
			t.Errorf("PIN for nobody: %v", err)
		}
	})
}

func TestReplaceCard(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		f := newRegFixture(t, db)
		ctx := context.Background()
		out := f.register(adult("Kadonnut", "Kalle"))
		p, pin := out.Patron, out.Letter.PIN
		rec := f.title(library.Book, copyAt{"R1", "esp-sello", false}, copyAt{"R2", "esp-sello", false})
		if _, err := db.Checkout(ctx, p.ID, "R1", at("esp-sello"), circNow); err != nil {
			t.Fatal(err)
		}
		other := f.title(library.Book, copyAt{"R3", "hki-oodi", false})
		if _, err := db.Checkout(ctx, f.register(adult("Toinen", "Tiina")).Patron.ID, "R3", at("hki-oodi"), circNow); err != nil {
			t.Fatal(err)
		}
		if _, err := db.PlaceHold(ctx, library.Hold{PatronID: p.ID, RecordID: other, PickupBranch: "esp-sello"}, at(""), circNow); err != nil {
			t.Fatal(err)
		}
		_ = rec
		oldCard := p.CardNumber

		_, err := db.ReplaceCard(ctx, f.staff, p.ID, oldCard, library.CardLost, circNow)
		wantKey(t, err, "error.card_in_use")
		_, err = db.ReplaceCard(ctx, f.staff, p.ID, "", "stolen", circNow)
		if library.ErrorCode(err) != library.EINVALID {
			t.Errorf("unknown status: %v", err)
		}
		np, err := db.ReplaceCard(ctx, f.staff, p.ID, "", library.CardLost, circNow.Add(time.Hour))
		if err != nil {
			t.Fatal(err)
		}
		if np.CardNumber == oldCard || !strings.HasPrefix(np.CardNumber, "2701") {
			t.Errorf("new card %s", np.CardNumber)
		}
		// The old card: not found, and why; no sign-in.
		_, err = db.PatronByCard(ctx, oldCard)
		wantKey(t, err, "error.card_lost")
		if library.ErrorCode(err) != library.ENOTFOUND {
			t.Errorf("old card code %s", library.ErrorCode(err))
		}
		if _, err := db.Authenticate(ctx, oldCard, pin, circNow); library.ErrorCode(err) != library.EUNAUTHORIZED {
			t.Errorf("sign in with the lost card: %v", err)
		}
		if _, err := db.Authenticate(ctx, np.CardNumber, pin, circNow); err != nil {
			t.Errorf("sign in with the new card and the same PIN: %v", err)
		}
		oc, owner, err := db.OldCard(ctx, oldCard)
		if err != nil || owner.ID != p.ID || oc.Status != library.CardLost || oc.RetiredBy != f.staff.ID {
			t.Errorf("old card %+v of %d: %v", oc, owner.ID, err)
		}
		// Loans and holds stay with the account.
		loans, _ := db.Loans(ctx, p.ID)
		holds, _ := db.Holds(ctx, p.ID)
		if len(loans) != 1 || len(holds) != 1 {
			t.Errorf("after replacement: %d loans, %d holds", len(loans), len(holds))
		}
		// The old number is never handed out again, scanned or not.
		_, err = db.ReplaceCard(ctx, f.staff, p.ID, oldCard, library.CardReplaced, circNow)
		wantKey(t, err, "error.card_in_use")
		r := adult("Uusi", "Ulla")
		r.CardNumber = oldCard
		_, err = db.RegisterPatron(ctx, f.staff, r, circNow)
		wantKey(t, err, "error.card_in_use")

		// A scanned replacement; both old numbers are listed.
		np2, err := db.ReplaceCard(ctx, f.staff, p.ID, "Y99999", library.CardReplaced, circNow.Add(2*time.Hour))
		if err != nil || np2.CardNumber != "Y99999" {
			t.Fatalf("scanned replacement %v, %v", np2.CardNumber, err)
		}
		olds, err := db.OldCards(ctx, p.ID)
		if err != nil || len(olds) != 2 || olds[0].CardNumber != np.CardNumber || olds[1].CardNumber != oldCard {
			t.Errorf("old cards %+v, %v", olds, err)
		}
		_, err = db.PatronByCard(ctx, np.CardNumber)
		wantKey(t, err, "error.card_replaced")
	})
}

func TestBlockPatron(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		f := newRegFixture(t, db)
		ctx := context.Background()
		p := f.register(adult("Esto", "Eeva")).Patron
		rec := f.title(library.Book, copyAt{"B1", "esp-sello", false}, copyAt{"B2", "esp-sello", false})
		wantKey(t, db.BlockPatron(ctx, f.staff, p.ID, "  ", circNow), "error.block_reason")
		if err := db.BlockPatron(ctx, f.staff, p.ID, "Kadonnut kirja", circNow); err != nil {
			t.Fatal(err)
		}
		got, _ := db.Patron(ctx, p.ID)
		if got.BlockReason != "Kadonnut kirja" || got.BlockedBy != f.staff.ID || !got.BlockedAt.Equal(circNow) {
			t.Errorf("blocked: %q by %d at %v", got.BlockReason, got.BlockedBy, got.BlockedAt)
		}
		_, err := db.Checkout(ctx, p.ID, "B1", at("esp-sello"), circNow)
		wantKey(t, err, "error.patron_blocked")
		_, err = db.PlaceHold(ctx, library.Hold{PatronID: p.ID, RecordID: rec, PickupBranch: "esp-sello"}, at(""), circNow)
		wantKey(t, err, "error.patron_blocked")
		if err := db.UnblockPatron(ctx, f.staff, p.ID, circNow); err != nil {
			t.Fatal(err)
		}
		if err := db.UnblockPatron(ctx, f.staff, p.ID, circNow); err != nil {
			t.Errorf("unblock twice: %v", err)
		}
		got, _ = db.Patron(ctx, p.ID)
		if got.BlockReason != "" || got.BlockedBy != 0 || !got.BlockedAt.IsZero() {
			t.Errorf("unblocked: %+v", got)
		}
		if _, err := db.Checkout(ctx, p.ID, "B1", at("esp-sello"), circNow); err != nil {
			t.Errorf("checkout after unblock: %v", err)
		}
		if err := db.BlockPatron(ctx, f.staff, 999999, "x", circNow); library.ErrorCode(err) != library.ENOTFOUND {
			t.Errorf("block nobody: %v", err)
		}
	})
}

func TestFindPatrons(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		f := newRegFixture(t, db)
		ctx := context.Background()
		r := adult("Mäkinen", "Åsa")
		r.Email, r.Phone = "Asa.Makinen@Example.fi", "+358 40 765 4321"
		asa := f.register(r).Patron
		r = adult("Virtanen", "Aino")
		r.Email, r.Phone, r.HomeLibrary, r.Branch = "aino@example.fi", "09 310 85000", "helsinki", ""
		aino := f.register(r).Patron
		closed := f.register(adult("Virtanen", "Aarne")).Patron
		if err := db.CloseAccountByStaff(ctx, f.staff, closed.ID, circNow); err != nil {
			t.Fatal(err)
		}
		old := asa.CardNumber
		asa, _ = db.ReplaceCard(ctx, f.staff, asa.ID, "", library.CardLost, circNow)

		for _, tt := range []struct {
			q    library.PatronQuery
			want []int64
			via  string
		}{
			{library.PatronQuery{Text: "mäki"}, []int64{asa.ID}, "name"},
			{library.PatronQuery{Text: "MAKINEN asa"}, []int64{asa.ID}, "name"},
			{library.PatronQuery{Text: "asa"}, []int64{asa.ID}, "name"},
			{library.PatronQuery{Text: "kinen"}, nil, ""},
			{library.PatronQuery{Text: "virt"}, []int64{aino.ID}, "name"},
			{library.PatronQuery{Text: "virt", IncludeClosed: false, Limit: 1}, []int64{aino.ID}, "name"},
			{library.PatronQuery{Text: asa.CardNumber}, []int64{asa.ID}, "card"},
			{library.PatronQuery{Text: old}, []int64{asa.ID}, "old_card"},
			{library.PatronQuery{Text: "asa.makinen@example.FI"}, []int64{asa.ID}, "email"},
			{library.PatronQuery{Text: "040-7654321"}, []int64{asa.ID}, "phone"},
			{library.PatronQuery{Text: "00358407654321"}, []int64{asa.ID}, "phone"},
			{library.PatronQuery{Text: "0931085000", Field: "phone"}, []int64{aino.ID}, "phone"},
			{library.PatronQuery{Text: "%"}, nil, ""},
		} {
			got, err := db.FindPatrons(ctx, tt.q)
			if err != nil {
				t.Errorf("%+v: %v", tt.q, err)
				continue
			}
			var ids []int64
			for _, m := range got {
				ids = append(ids, m.Patron.ID)
				if m.Via != tt.via {
					t.Errorf("%+v: via %s, want %s", tt.q, m.Via, tt.via)
				}
				if m.Patron.HomeLibrary == "" {
					t.Errorf("%+v: no home library", tt.q)
				}
			}
			if fmt.Sprint(ids) != fmt.Sprint(tt.want) {
				t.Errorf("%+v: found %v, want %v", tt.q, ids, tt.want)
			}
		}
		// Limits: at most Limit results, in name order.
		for i := range 5 {
			f.register(adult("Joukko", fmt.Sprintf("N%d", i)))
		}
		got, _ := db.FindPatrons(ctx, library.PatronQuery{Text: "joukko", Limit: 3})
		if len(got) != 3 || got[0].Patron.Name != "Joukko, N0" {
			t.Errorf("limited: %v", got)
		}
		_, err := db.FindPatrons(ctx, library.PatronQuery{Text: "12", Field: "phone"})
		wantKey(t, err, "error.phone_format")
	})
}

func TestSelfRegister(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		f := newRegFixture(t, db)
		ctx := context.Background()
		r := adult("Verkko", "Venla")
		r.Branch = ""
		p, err := db.SelfRegister(ctx, r, "4821", nil, circNow)
		if err != nil {
			t.Fatal(err)
		}
		if !p.Provisional || !p.ConfirmedAt.IsZero() || !strings.HasPrefix(p.CardNumber, "2701") {
			t.Errorf("self-registered %+v", p)
		}
		if _, err := db.Authenticate(ctx, p.CardNumber, "4821", circNow); err != nil {
			t.Errorf("sign in: %v", err)
		}
		var recs []int64
		for i := range library.MaxProvisionalHolds + 1 {
			recs = append(recs, f.title(library.Book, copyAt{fmt.Sprintf("S%d", i), "hki-oodi", false}))
		}
		// No physical loans, a few holds.
		_, err = db.Checkout(ctx, p.ID, "S0", at("hki-oodi"), circNow)
		wantKey(t, err, "error.patron_provisional")
		for i, rec := range recs {
			_, err := db.PlaceHold(ctx, library.Hold{PatronID: p.ID, RecordID: rec, PickupBranch: "hki-oodi"}, at(""), circNow)
			if i < library.MaxProvisionalHolds && err != nil {
				t.Fatalf("hold %d: %v", i, err)
			}
			if i == library.MaxProvisionalHolds {
				wantKey(t, err, "error.provisional_holds")
			}
		}
		if err := db.ConfirmPatron(ctx, f.staff, p.ID, circNow); err != nil {
			t.Fatal(err)
		}
		got, _ := db.Patron(ctx, p.ID)
		if got.Provisional || !got.ConfirmedAt.Equal(circNow) {
			t.Errorf("confirmed: %+v", got)
		}
		if _, err := db.PlaceHold(ctx, library.Hold{PatronID: p.ID, RecordID: recs[3], PickupBranch: "hki-oodi"}, at(""), circNow); err != nil {
			t.Errorf("hold after confirmation: %v", err)
		}

		// Refusals: a child, a bad PIN, a card number.
		kid := adult("Verkko", "Vilja")
		kid.BirthDate = library.Date{Year: 2016, Month: 1, Day: 1}
		_, err = db.SelfRegister(ctx, kid, "4821", nil, circNow)
		wantKey(t, err, "error.child_online")
		_, err = db.SelfRegister(ctx, adult("Verkko", "Veikko"), "48", nil, circNow)
		wantKey(t, err, "error.pin_format")
		withCard := adult("Verkko", "Veikko")
		withCard.CardNumber = "X1234"
		if _, err := db.SelfRegister(ctx, withCard, "4821", nil, circNow); library.ErrorCode(err) != library.EINVALID {
			t.Errorf("self-registration with a card: %v", err)
		}

		// Strong identification: confirmed at once, with the provider's
		// name; the same person cannot register twice.
		id := &library.StrongIdentity{SubjectHash: "hash-1", FamilyName: "Vahva", GivenNames: "Valtteri", BirthDate: library.Date{Year: 1970, Month: 6, Day: 1}}
		strong, err := db.SelfRegister(ctx, adult("Typed", "Name"), "4821", id, circNow)
		if err != nil {
			t.Fatal(err)
		}
		if strong.Provisional || !strong.StronglyIdentified || strong.Name != "Vahva, Valtteri" || strong.BirthDate != id.BirthDate {
			t.Errorf("strongly identified %+v", strong)
		}
		if _, err := db.Checkout(ctx, strong.ID, "S0", at("hki-oodi"), circNow); err != nil {
			t.Errorf("checkout by a strongly identified patron: %v", err)
		}
		_, err = db.SelfRegister(ctx, adult("Typed", "Again"), "4821", id, circNow)
		wantKey(t, err, "error.identity_in_use")

		// A provisional account confirmed by identification later.
		q, err := db.SelfRegister(ctx, adult("Myohemmin", "Maija"), "4821", nil, circNow)
		if err != nil {
			t.Fatal(err)
		}
		wantKey(t, db.ConfirmIdentity(ctx, q.ID, *id, circNow), "error.identity_in_use")
		id2 := library.StrongIdentity{SubjectHash: "hash-2", FamilyName: "Myöhemmin", GivenNames: "Maija", BirthDate: library.Date{Year: 1980, Month: 1, Day: 2}}
		if err := db.ConfirmIdentity(ctx, q.ID, id2, circNow); err != nil {
			t.Fatal(err)
		}
		q, _ = db.Patron(ctx, q.ID)
		if q.Provisional || !q.StronglyIdentified || q.Name != "Myöhemmin, Maija" {
			t.Errorf("confirmed by identity: %+v", q)
		}
	})
}

func TestCloseAccountByStaff(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		f := newRegFixture(t, db)
		ctx := context.Background()
		p := f.register(adult("Lopettaja", "Liisa")).Patron
		f.title(library.Book, copyAt{"C1", "esp-sello", false})
		if _, err := db.Checkout(ctx, p.ID, "C1", at("esp-sello"), circNow); err != nil {
			t.Fatal(err)
		}
		old := p.CardNumber
		if _, err := db.ReplaceCard(ctx, f.staff, p.ID, "", library.CardLost, circNow); err != nil {
			t.Fatal(err)
		}
		wantKey(t, db.CloseAccountByStaff(ctx, f.staff, p.ID, circNow), "error.close_blocked")
		if _, err := db.Checkin(ctx, "C1", at("esp-sello"), circNow); err != nil {
			t.Fatal(err)
		}
		if err := db.CloseAccountByStaff(ctx, f.staff, p.ID, circNow); err != nil {
			t.Fatal(err)
		}
		got, _ := db.Patron(ctx, p.ID)
		if got.ClosedAt.IsZero() || got.Name != "" || got.BirthDate != (library.Date{}) {
			t.Errorf("closed: %+v", got)
		}
		// Nothing that names the holder stays: not the search key, not
		// the retired card.
		if n := count(t, db, `SELECT count(*) FROM patrons WHERE id = $1 AND (name_key <> '' OR phone_key <> '')`, p.ID); n != 0 {
			t.Error("search keys kept after closing")
		}
		if n := count(t, db, `SELECT count(*) FROM patron_cards WHERE card_number = $1`, old); n != 0 {
			t.Error("retired card kept after closing")
		}
		if found, _ := db.FindPatrons(ctx, library.PatronQuery{Text: "lopettaja", IncludeClosed: true}); len(found) != 0 {
			t.Errorf("closed account found by name: %v", found)
		}
	})
}

func TestUpdateRegistration(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		f := newRegFixture(t, db)
		ctx := context.Background()
		p := f.register(adult("Vanhanimi", "Vilma")).Patron
		r := adult("Uusinimi", "Vilma")
		r.HomeLibrary, r.Phone = "helsinki", "+358 50 111 2222"
		got, err := db.UpdateRegistration(ctx, f.staff, p.ID, r, circNow)
		if err != nil {
			t.Fatal(err)
		}
		if got.Name != "Uusinimi, Vilma" || got.HomeLibrary != "helsinki" || got.CardNumber != p.CardNumber || got.NoticeChannel != p.NoticeChannel {
			t.Errorf("updated %+v", got)
		}
		if found, _ := db.FindPatrons(ctx, library.PatronQuery{Text: "vanhanimi"}); len(found) != 0 {
			t.Errorf("found by the old name: %v", found)
		}
		if found, _ := db.FindPatrons(ctx, library.PatronQuery{Text: "050 1112222"}); len(found) != 1 {
			t.Errorf("not found by the new phone: %v", found)
		}
		for _, tt := range []struct {
			edit func(r *library.Registration)
			key  string
		}{
			{func(r *library.Registration) { r.BirthDate = library.Date{Year: 2018, Month: 1, Day: 1} }, "error.guardian_required"},
			{func(r *library.Registration) { r.GuardianID = p.ID }, "error.guardian_invalid"},
			{func(r *library.Registration) { r.Email = "" }, "error.email_required"},
			{func(r *library.Registration) { r.Lang = "xx" }, "error.lang"},
			{func(r *library.Registration) { r.HomeLibrary = "turku" }, "error.library_unknown"},
		} {
			bad := r
			tt.edit(&bad)
			_, err := db.UpdateRegistration(ctx, f.staff, p.ID, bad, circNow)
			wantKey(t, err, tt.key)
		}
		if again, _ := db.Patron(ctx, p.ID); again.Name != "Uusinimi, Vilma" {
			t.Errorf("a refused update changed the account: %+v", again)
		}
	})
}

// TestFindCreatedPatron finds an account made by CreatePatron (the demo,
// imports) by name without accents.
func TestFindCreatedPatron(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		accounts(db)
		p, err := db.CreatePatron(context.Background(), library.Patron{CardNumber: "27009", Name: "Öhman, Jörö", HomeLibrary: "helsinki", Phone: "040 555 6666"}, "")
		if err != nil {
			t.Fatal(err)
		}
		for _, q := range []string{"ohman", "jor", "+358405556666"} {
			found, err := db.FindPatrons(context.Background(), library.PatronQuery{Text: q})
			if err != nil || len(found) != 1 || found[0].Patron.ID != p.ID {
				t.Errorf("%q: %v, %v", q, found, err)
			}
		}
	})
}

// TestSelfRegisterSameIdentityAtOnce registers one strongly identified
// person from two browsers at once: one account, one clear refusal.
func TestSelfRegisterSameIdentityAtOnce(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		newRegFixture(t, db)
		id := &library.StrongIdentity{SubjectHash: "same", FamilyName: "Kaksi", GivenNames: "Kertaa", BirthDate: library.Date{Year: 1975, Month: 5, Day: 5}}
		var wg sync.WaitGroup
		errs := make([]error, 4)
		for i := range errs {
			wg.Go(func() {
				r := adult("x", "y")
				r.Branch = ""
				_, errs[i] = db.SelfRegister(context.Background(), r, "4821", id, circNow)
			})
		}
		wg.Wait()
		ok := 0
		for _, err := range errs {
			switch {
			case err == nil:
				ok++
			case library.ErrorKey(err) != "error.identity_in_use":
				t.Errorf("unexpected: %v", err)
			}
		}
		if ok != 1 {
			t.Errorf("%d accounts for one identity: %v", ok, errs)
		}
	})
}
