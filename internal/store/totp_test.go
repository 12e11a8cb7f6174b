package store_test

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/kirjasto/kirjasto/internal/auth"
	"github.com/kirjasto/kirjasto/internal/library"
	"github.com/kirjasto/kirjasto/internal/store"
	"github.com/kirjasto/kirjasto/internal/store/storetest"
)

// code is what an authenticator app shows for secret at t.
func code(t *testing.T, secret string, at time.Time) string {
	t.Helper()
	c, err := auth.TOTPCode(secret, at)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// enrol sets up st's second factor at now and returns its secret and
// recovery codes.
func enrol(t *testing.T, db *store.DB, st library.Staff, now time.Time) (string, []string) {
	t.Helper()
	ctx := context.Background()
	en, err := db.BeginTOTP(ctx, st.ID, "Helmet staff", now)
	if err != nil {
		t.Fatal(err)
	}
	codes, err := db.ConfirmTOTP(ctx, st.ID, code(t, en.Secret, now), now)
	if err != nil {
		t.Fatal(err)
	}
	return en.Secret, codes
}

func TestTOTPEnrolment(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		_, hkiAdmin := staffFixture(t, db)
		en, err := db.BeginTOTP(ctx, hkiAdmin.ID, "Helmet staff", t0)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.HasPrefix(en.URL, "otpauth://totp/Helmet%20staff:hki-admin?") || !strings.Contains(en.URL, "secret="+en.Secret) {
			t.Errorf("URL %q", en.URL)
		}
		if png, err := auth.TOTPQRCode(en.URL, 200); err != nil || len(png) < 100 {
			t.Errorf("QR code: %d bytes, %v", len(png), err)
		}
		// Not active until confirmed: the sign-in asks for no code.
		if st, _ := db.Staff(ctx, hkiAdmin.ID); st.TOTP {
			t.Errorf("second factor active before it was confirmed")
		}
		if _, err := db.ConfirmTOTP(ctx, hkiAdmin.ID, "000000", t0); library.ErrorKey(err) != "error.totp_wrong" {
			t.Errorf("confirm with a wrong code: %v", err)
		}
		// A code two steps away is too far.
		if _, err := db.ConfirmTOTP(ctx, hkiAdmin.ID, code(t, en.Secret, t0.Add(-time.Minute)), t0); library.ErrorKey(err) != "error.totp_wrong" {
			t.Errorf("confirm with an old code: %v", err)
		}
		codes, err := db.ConfirmTOTP(ctx, hkiAdmin.ID, code(t, en.Secret, t0), t0)
		if err != nil {
			t.Fatal(err)
		}
		if len(codes) != 10 || len(codes[0]) != len("ABCD-EFGH-JKMN-PQRS") {
			t.Errorf("recovery codes: %q", codes)
		}
		if st, _ := db.Staff(ctx, hkiAdmin.ID); !st.TOTP {
			t.Errorf("second factor not active after confirmation")
		}
		if _, err := db.BeginTOTP(ctx, hkiAdmin.ID, "", t0); library.ErrorKey(err) != "error.totp_active" {
			t.Errorf("enrolling twice: %v", err)
		}
		if _, err := db.ConfirmTOTP(ctx, hkiAdmin.ID, code(t, en.Secret, t0), t0); library.ErrorKey(err) != "error.totp_not_started" {
			t.Errorf("confirming twice: %v", err)
		}
		if n, err := db.RecoveryCodesLeft(ctx, hkiAdmin.ID); n != 10 || err != nil {
			t.Errorf("RecoveryCodesLeft = %d, %v", n, err)
		}
	})
}

func TestTOTPVerify(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		_, hkiAdmin := staffFixture(t, db)
		secret, _ := enrol(t, db, hkiAdmin, t0)
		try := func(c string, now time.Time) string { return outcome(db.VerifyTOTP(ctx, hkiAdmin.ID, c, now)) }
		t1 := t0.Add(5 * time.Minute)
		steps := []struct {
			name string
			code string
			at   time.Time
			want string
		}{
			{"the enrolment's code again", code(t, secret, t0), t0, "error.totp_wrong"},
			{"the next step's code (clock ahead)", code(t, secret, t0.Add(30*time.Second)), t0, "ok"},
			{"the same code again", code(t, secret, t0.Add(30*time.Second)), t0.Add(31 * time.Second), "error.totp_wrong"},
			{"the previous step's code (clock behind)", code(t, secret, t1.Add(-30*time.Second)), t1, "ok"},
			{"an older code than one accepted", code(t, secret, t1.Add(-60*time.Second)), t1.Add(-30 * time.Second), "error.totp_wrong"},
			{"two steps ahead", code(t, secret, t1.Add(60*time.Second)), t1, "error.totp_wrong"},
			{"with spaces around", " " + code(t, secret, t1) + " ", t1, "ok"},
			{"with a space in the middle", spaced(code(t, secret, t1.Add(time.Minute))), t1.Add(time.Minute), "ok"},
		}
		for _, s := range steps {
			if got := try(s.code, s.at); got != s.want {
				t.Errorf("%s: %s, want %s", s.name, got, s.want)
			}
		}
		// The staff member without a second factor has none to verify.
		desk := mustAddStaff(t, db, hkiAdmin, library.Staff{Username: "oodi", Name: "Oodi", Branch: "hki-oodi"})
		if err := db.VerifyTOTP(ctx, desk.ID, "123456", t0); library.ErrorKey(err) != "error.totp_not_enrolled" {
			t.Errorf("verify without a second factor: %v", err)
		}
	})
}

// TestTOTPLockout: wrong codes count toward the account's lockout, shared
// with the password.
func TestTOTPLockout(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		_, hkiAdmin := staffFixture(t, db)
		secret, _ := enrol(t, db, hkiAdmin, t0)
		now := t0.Add(time.Hour)
		if _, err := db.AuthenticateStaff(ctx, "hki-admin", staffPassword, now); err != nil {
			t.Fatal(err)
		}
		for i := range 5 {
			want := "error.totp_wrong"
			if i == 4 {
				want = "error.account_locked"
			}
			if got := outcome(db.VerifyTOTP(ctx, hkiAdmin.ID, "000000", now)); got != want {
				t.Errorf("wrong code %d: %s, want %s", i+1, got, want)
			}
		}
		if got := outcome(db.VerifyTOTP(ctx, hkiAdmin.ID, code(t, secret, now), now)); got != "error.account_locked" {
			t.Errorf("right code while locked: %s", got)
		}
		if _, err := db.AuthenticateStaff(ctx, "hki-admin", staffPassword, now); library.ErrorKey(err) != "error.account_locked" {
			t.Errorf("password while locked by wrong codes: %v", err)
		}
		if got := outcome(db.VerifyTOTP(ctx, hkiAdmin.ID, code(t, secret, now.Add(16*time.Minute)), now.Add(16*time.Minute))); got != "ok" {
			t.Errorf("right code after the lock: %s", got)
		}
	})
}

// TestTOTPAtOnce: a code, or a recovery code, sent twice at the same
// moment is accepted once.
func TestTOTPAtOnce(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		_, hkiAdmin := staffFixture(t, db)
		secret, recovery := enrol(t, db, hkiAdmin, t0)
		twice := func(c string, now time.Time) []string {
			var wg sync.WaitGroup
			got := make([]string, 2)
			for i := range got {
				wg.Go(func() { got[i] = outcome(db.VerifyTOTP(ctx, hkiAdmin.ID, c, now)) })
			}
			wg.Wait()
			return got
		}
		for round := range 2 {
			now := t0.Add(time.Duration(round+1) * time.Hour)
			for _, c := range []struct{ kind, code string }{
				{"code", code(t, secret, now)},
				{"recovery code", strings.ToLower(recovery[round])},
			} {
				got := twice(c.code, now)
				ok := 0
				for _, o := range got {
					switch o {
					case "ok":
						ok++
					case "error.totp_wrong":
					default:
						t.Errorf("%s sent twice: %s", c.kind, o)
					}
				}
				if ok != 1 {
					t.Errorf("round %d: %s sent twice at once: %q, want accepted once", round, c.kind, got)
				}
			}
		}
		// A used recovery code stays used.
		if got := outcome(db.VerifyTOTP(ctx, hkiAdmin.ID, recovery[0], t0.Add(5*time.Hour))); got != "error.totp_wrong" {
			t.Errorf("used recovery code later: %s", got)
		}
		if n, _ := db.RecoveryCodesLeft(ctx, hkiAdmin.ID); n != 8 {
			t.Errorf("%d recovery codes left, want 8", n)
		}
		if es := auditRows(t, db, library.AuditFilter{Action: library.AuditRecoveryCodeUsed}); len(es) != 2 || es[0].StaffID != hkiAdmin.ID {
			t.Errorf("recovery codes used, audit: %+v", es)
		}
	})
}

func TestRemoveTOTPAndRequirement(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		admin, hkiAdmin := staffFixture(t, db)
		desk := mustAddStaff(t, db, hkiAdmin, library.Staff{Username: "oodi", Name: "Oodi", Branch: "hki-oodi"})
		must := func(st library.Staff) bool {
			t.Helper()
			m, err := db.MustEnrolTOTP(ctx, st)
			if err != nil {
				t.Fatal(err)
			}
			return m
		}
		if must(admin) || must(hkiAdmin) {
			t.Errorf("enrolment required before the operator asked for it")
		}
		if err := db.SetTOTPRequired(ctx, hkiAdmin, true, t0); library.ErrorCode(err) != library.EFORBIDDEN {
			t.Errorf("library admin sets the consortium's rule: %v", err)
		}
		if err := db.SetTOTPRequired(ctx, admin, true, t0); err != nil {
			t.Fatal(err)
		}
		if on, err := db.TOTPRequired(ctx); !on || err != nil {
			t.Errorf("TOTPRequired = %v, %v", on, err)
		}
		if !must(admin) || !must(hkiAdmin) || must(desk) {
			t.Errorf("required: admin %v, library admin %v, branch staff %v; want true, true, false", must(admin), must(hkiAdmin), must(desk))
		}
		enrol(t, db, hkiAdmin, t0)
		if must(hkiAdmin) {
			t.Errorf("enrolment still required after enrolling")
		}

		// Removing: not by branch staff, yes by themselves or an admin.
		if err := db.RemoveTOTP(ctx, desk, hkiAdmin.ID, t0); library.ErrorCode(err) != library.EFORBIDDEN {
			t.Errorf("branch staff removing an admin's second factor: %v", err)
		}
		if err := db.RemoveTOTP(ctx, hkiAdmin, hkiAdmin.ID, t0); err != nil {
			t.Fatal(err)
		}
		if st, _ := db.Staff(ctx, hkiAdmin.ID); st.TOTP || !must(hkiAdmin) {
			t.Errorf("after removal: TOTP %v, must enrol %v", st.TOTP, must(hkiAdmin))
		}
		if n, _ := db.RecoveryCodesLeft(ctx, hkiAdmin.ID); n != 0 {
			t.Errorf("%d recovery codes left after removal", n)
		}
		enrol(t, db, hkiAdmin, t0.Add(time.Hour))
		if err := db.RemoveTOTP(ctx, admin, hkiAdmin.ID, t0.Add(time.Hour)); err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, e := range auditRows(t, db, library.AuditFilter{TargetStaffID: hkiAdmin.ID}) {
			if strings.HasPrefix(e.Action, "staff.totp") {
				got = append(got, e.Action)
			}
		}
		want := []string{library.AuditTOTPRemoved, library.AuditTOTPEnrolled, library.AuditTOTPRemoved, library.AuditTOTPEnrolled}
		if strings.Join(got, " ") != strings.Join(want, " ") {
			t.Errorf("audit: %q, want %q", got, want)
		}
	})
}

// spaced is a code as some apps show it: "123 456".
func spaced(c string) string { return c[:3] + " " + c[3:] }

// TestTOTPSecretSealed: the database keeps the secret sealed under the
// pepper, never as the app has it; a secret kept in clear by an older
// version still works and is sealed when it is next used.
func TestTOTPSecretSealed(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		_, hkiAdmin := staffFixture(t, db)
		inClear := func(secret string) int {
			n, err := store.CountForTest(db, `SELECT count(*) FROM staff WHERE id = $1 AND (totp_secret = $2 OR totp_pending = $2)`, hkiAdmin.ID, secret)
			if err != nil {
				t.Fatal(err)
			}
			return n
		}
		en, err := db.BeginTOTP(ctx, hkiAdmin.ID, "", t0)
		if err != nil {
			t.Fatal(err)
		}
		if inClear(en.Secret) != 0 {
			t.Error("the pending secret is kept in clear")
		}
		if _, err := db.ConfirmTOTP(ctx, hkiAdmin.ID, code(t, en.Secret, t0), t0); err != nil {
			t.Fatal(err)
		}
		if inClear(en.Secret) != 0 {
			t.Error("the active secret is kept in clear")
		}
		// As an older version kept it.
		if err := store.ExecForTest(db, `UPDATE staff SET totp_secret = $1 WHERE id = $2`, en.Secret, hkiAdmin.ID); err != nil {
			t.Fatal(err)
		}
		t1 := t0.Add(5 * time.Minute)
		if err := db.VerifyTOTP(ctx, hkiAdmin.ID, code(t, en.Secret, t1), t1); err != nil {
			t.Fatalf("a secret kept in clear: %v", err)
		}
		if inClear(en.Secret) != 0 {
			t.Error("a secret kept in clear is still in clear after use")
		}
		t2 := t1.Add(time.Minute)
		if err := db.VerifyTOTP(ctx, hkiAdmin.ID, code(t, en.Secret, t2), t2); err != nil {
			t.Errorf("the resealed secret: %v", err)
		}
	})
}
