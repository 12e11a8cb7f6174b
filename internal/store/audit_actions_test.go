package store_test

import (
	"bytes"
	"context"
	"image/png"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/kirjasto/kirjasto/internal/i18n"
	"github.com/kirjasto/kirjasto/internal/library"
	"github.com/kirjasto/kirjasto/internal/store"
	"github.com/kirjasto/kirjasto/internal/store/storetest"
)

// auditedElsewhere are the audit codes whose actions other tests
// perform and check: the staff accounts' (staff_test.go, totp_test.go),
// the events' and the bookings' (booking_audit_test.go).

// news and pages' (content_test.go).
var auditedElsewhere = map[string]bool{
	library.AuditStaffCreated: true, library.AuditStaffChanged: true, library.AuditStaffRoleChanged: true,
	library.AuditStaffDisabled: true, library.AuditStaffEnabled: true, library.AuditStaffPassword: true,
	library.AuditTOTPEnrolled: true, library.AuditTOTPRemoved: true, library.AuditRecoveryCodeUsed: true,
	library.AuditTOTPRequired: true,
	// The events' (event_test.go, event_series_test.go).
	library.AuditEventCreate: true, library.AuditEventUpdate: true, library.AuditEventPublish: true,
	library.AuditEventCancel: true, library.AuditEventDelete: true, library.AuditSeriesCreate: true, library.AuditSeriesUpdate: true,
	library.AuditSeriesCancel: true, library.AuditEventImage: true, // event_image_test.go
	// Resources and bookings: TestBookingAuditedActions.
	library.AuditResourceCreate: true, library.AuditResourceUpdate: true, library.AuditResourceWithdraw: true,
	library.AuditResourceRestore: true, library.AuditResourcePhoto: true, library.AuditResourcePhotoDelete: true,
	library.AuditBookingDesk: true, library.AuditBookingApprove: true, library.AuditBookingDecline: true,
	library.AuditBookingCancel: true, library.AuditBookingNoShow: true, library.AuditBookingBlock: true,
	library.AuditBookingBlockDelete: true, library.AuditBookingHours: true, library.AuditNoShowRule: true,

	library.AuditNewsCreate: true, library.AuditNewsUpdate: true, library.AuditNewsPublish: true,
	library.AuditNewsUnpublish: true, library.AuditNewsDelete: true, library.AuditPageCreate: true,
	library.AuditPageUpdate: true, library.AuditPagePublish: true, library.AuditPageUnpublish: true,
	library.AuditPageDelete: true,
	// Picks' (pick_test.go).
	library.AuditPickCreate: true, library.AuditPickUpdate: true, library.AuditPickPublish: true,
	library.AuditPickUnpublish: true, library.AuditPickDelete: true,
	// Questions, feedback and purchase suggestions (question_test.go,
	// feedback_test.go, suggestion_fulfil_test.go).
	library.AuditQuestionAssign: true, library.AuditQuestionAnswer: true, library.AuditQuestionClose: true,
	library.AuditFeedbackAssign: true, library.AuditFeedbackAnswer: true, library.AuditFeedbackClose: true,
	library.AuditFeedbackPublish: true, library.AuditSuggestionAccept: true, library.AuditSuggestionDecline: true,
	library.AuditSuggestionOwned: true, library.AuditSuggestionRecord: true,
	// The chat's (chat_test.go, chat_answers_test.go).
	library.AuditChatTake: true, library.AuditChatHandOver: true, library.AuditChatEnd: true,
	library.AuditChatEndAbuse: true, library.AuditChatHours: true, library.AuditChatAnswerSave: true,
	library.AuditChatAnswerDelete: true,
	library.AuditAskInbox:         true, // ask_inbox_test.go
	// The e-library's (TestELibAudited).
	library.AuditELicences: true, library.AuditELimits: true, library.AuditEBudget: true,
}

// auditSubject is what an entry is checked for: the action, who did it
// and what it was about.
type auditSubject struct {
	Action      string
	StaffID     int64
	PatronID    int64
	ItemBarcode string
	RecordID    int64
	Library     string
}

// auditFixture holds the actors and the things the audited actions of
// TestAuditedActions work on, as one action leaves them for the next.
type auditFixture struct {
	*regFixture
	admin, cat, espooAdmin     library.Staff // a consortium administrator; a cataloguer and an administrator of Espoo
	lib                        library.Library
	branch                     library.Branch
	exception                  library.HoursException
	policy                     library.PolicyVersion
	patron, online             library.Patron
	letterPIN, firstCode, card string // secrets an entry must not hold
	record, other              library.CatalogueRecord
	item                       library.Item
}

// TestAuditedActions performs every audited staff action of the store
// once and checks that it wrote exactly one audit entry, with its code,
// the staff member and its subject, and no secret. It then walks
// library.AuditActions: a code that no action here (or a test named in
// auditedElsewhere) wrote fails, so that a dropped audit call is caught.
func TestAuditedActions(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := &auditFixture{regFixture: newRegFixture(t, db)}
		var err error
		if f.admin, err = db.CreateStaff(ctx, library.Staff{Username: "boss", Name: "Boss", Role: library.RoleAdmin}, staffPassword); err != nil {
			t.Fatal(err)
		}
		if f.cat, err = db.CreateStaff(ctx, library.Staff{Username: "cat", Name: "Cat", Role: library.RoleCataloguer, Branch: "esp-sello"}, staffPassword); err != nil {
			t.Fatal(err)
		}
		f.espooAdmin = rulesAdmin(t, db, "espoo-admin", library.RoleLibraryAdmin, "espoo")
		if f.cat.Library != "espoo" {
			t.Fatalf("cataloguer's library %q, want espoo", f.cat.Library)
		}
		desk := f.staff
		seen := map[string]bool{}
		steps := []struct {
			action string
			// do performs the action and returns the subject its entry
			// must name (Action and StaffID are filled in from the step).
			do func(t *testing.T) (by library.Staff, want auditSubject)
		}{
			{library.AuditLibraryCreate, func(t *testing.T) (library.Staff, auditSubject) {
				f.lib, err = db.CreateLibrary(ctx, kauniainen(), f.admin, circNow)
				return f.admin, auditSubject{Library: "kauniainen"}
			}},
			{library.AuditLibraryUpdate, func(t *testing.T) (library.Staff, auditSubject) {
				f.lib.Description = library.Text{"fi": "Grankulla"}
				f.lib, err = db.UpdateLibrary(ctx, f.lib, f.admin, circNow)
				return f.admin, auditSubject{Library: "kauniainen"}
			}},
			{library.AuditBranchCreate, func(t *testing.T) (library.Staff, auditSubject) {
				f.branch, err = db.CreateBranch(ctx, kauBranch(), f.admin, circNow)
				return f.admin, auditSubject{Library: "kauniainen"}
			}},
			{library.AuditBranchUpdate, func(t *testing.T) (library.Staff, auditSubject) {
				f.branch.Phone = "09 505 6400"
				f.branch, err = db.UpdateBranch(ctx, f.branch, f.admin, circNow)
				return f.admin, auditSubject{Library: "kauniainen"}
			}},
			{library.AuditBranchHours, func(t *testing.T) (library.Staff, auditSubject) {
				f.branch, err = db.SetWeeklyHours(ctx, f.branch.ID, circHours().Weekly, f.branch.Version, f.admin, circNow)
				return f.admin, auditSubject{Library: "kauniainen"}
			}},
			{library.AuditExceptionAdd, func(t *testing.T) (library.Staff, auditSubject) {
				f.exception, err = db.AddException(ctx, closure(f.branch.ID, date(2026, 12, 21), date(2026, 12, 23), "Remontti"), f.admin, circNow)
				return f.admin, auditSubject{Library: "kauniainen"}
			}},
			{library.AuditExceptionUpdate, func(t *testing.T) (library.Staff, auditSubject) {
				f.exception.To = date(2026, 12, 22)
				f.exception, err = db.UpdateException(ctx, f.exception, f.admin, circNow)
				return f.admin, auditSubject{Library: "kauniainen"}
			}},
			{library.AuditExceptionDelete, func(t *testing.T) (library.Staff, auditSubject) {
				err = db.DeleteException(ctx, f.branch.ID, f.exception.ID, f.admin, circNow)
				return f.admin, auditSubject{Library: "kauniainen"}
			}},
			{library.AuditHolidaysAdopt, func(t *testing.T) (library.Staff, auditSubject) {
				_, err = db.AdoptHolidays(ctx, "kauniainen", library.Holidays(2027), library.NewClock(15, 0), f.admin, circNow)
				return f.admin, auditSubject{Library: "kauniainen"}
			}},
			{library.AuditBranchPhoto, func(t *testing.T) (library.Staff, auditSubject) {
				var buf bytes.Buffer
				if err := png.Encode(&buf, testImage(64, 48)); err != nil {
					t.Fatal(err)
				}
				_, err = db.SetBranchPhoto(ctx, f.branch.ID, buf.Bytes(), f.admin, circNow)
				return f.admin, auditSubject{Library: "kauniainen"}
			}},
			{library.AuditBranchPhotoDelete, func(t *testing.T) (library.Staff, auditSubject) {
				err = db.DeleteBranchPhoto(ctx, f.branch.ID, f.admin, circNow)
				return f.admin, auditSubject{Library: "kauniainen"}
			}},
			{library.AuditBranchClose, func(t *testing.T) (library.Staff, auditSubject) {
				_, err = db.CloseBranch(ctx, f.branch.ID, "", f.admin, circNow)
				return f.admin, auditSubject{Library: "kauniainen"}
			}},
			{library.AuditLibraryClose, func(t *testing.T) (library.Staff, auditSubject) {
				_, err = db.CloseLibrary(ctx, "kauniainen", f.admin, circNow)
				return f.admin, auditSubject{Library: "kauniainen"}
			}},
			{library.AuditLibraryReopen, func(t *testing.T) (library.Staff, auditSubject) {
				_, err = db.ReopenLibrary(ctx, "kauniainen", f.admin, circNow)
				return f.admin, auditSubject{Library: "kauniainen"}
			}},
			{library.AuditBranchReopen, func(t *testing.T) (library.Staff, auditSubject) {
				_, err = db.ReopenBranch(ctx, f.branch.ID, f.admin, circNow)
				return f.admin, auditSubject{Library: "kauniainen"}
			}},
			{library.AuditBranchImport, func(t *testing.T) (library.Staff, auditSubject) {
				_, err = db.ImportBranches(ctx, library.BranchImport{Libraries: []library.Library{kauniainen()}}, f.admin, circNow)
				return f.admin, auditSubject{}
			}},
			{library.AuditRulesSave, func(t *testing.T) (library.Staff, auditSubject) {
				f.policy, err = db.SavePolicy(ctx, library.PolicyChange{Policy: longerDVDs(), Effective: date(2027, time.January, 1),
					Revision: revision(t, db)}, f.admin, circNow)
				return f.admin, auditSubject{}
			}},
			{library.AuditRulesWithdraw, func(t *testing.T) (library.Staff, auditSubject) {
				err = db.WithdrawPolicy(ctx, f.policy.ID, revision(t, db), f.admin, circNow)
				return f.admin, auditSubject{}
			}},
			{library.AuditRulesSave, func(t *testing.T) (library.Staff, auditSubject) {
				// A library's own row: its administrator finds the entry
				// under the library.
				p := library.DefaultPolicy()
				p.Rules = append(p.Rules, library.LoanRule{Library: "espoo", LoanDays: 21})
				_, err = db.SavePolicy(ctx, library.PolicyChange{Policy: p, Effective: date(2027, time.January, 1),
					Revision: revision(t, db)}, f.espooAdmin, circNow)
				return f.espooAdmin, auditSubject{Library: "espoo"}
			}},
			{library.AuditCardRange, func(t *testing.T) (library.Staff, auditSubject) {
				err = db.SetCardRange(ctx, f.admin, library.CardRange{Library: "vantaa", Prefix: "2703", Length: 14, Next: 1, Last: 99_999_999})
				return f.admin, auditSubject{Library: "vantaa"}
			}},
			{library.AuditPatronRegister, func(t *testing.T) (library.Staff, auditSubject) {
				var out library.Registered
				out, err = db.RegisterPatron(ctx, desk, adult("Mäkinen", "Aino"), circNow)
				f.patron = out.Patron
				if out.Letter != nil {
					f.letterPIN = out.Letter.PIN
				}
				return desk, auditSubject{PatronID: f.patron.ID, Library: "espoo"}
			}},
			{library.AuditPatronUpdate, func(t *testing.T) (library.Staff, auditSubject) {
				r := adult("Mäkinen", "Aino")
				r.Street = "Kauppakatu 2"
				_, err = db.UpdateRegistration(ctx, desk, f.patron.ID, r, circNow)
				return desk, auditSubject{PatronID: f.patron.ID, Library: "espoo"}
			}},
			{library.AuditPINIssue, func(t *testing.T) (library.Staff, auditSubject) {
				var l library.PINLetterData
				l, err = db.IssuePIN(ctx, desk, f.patron.ID, "esp-sello", circNow)
				f.letterPIN = l.PIN
				return desk, auditSubject{PatronID: f.patron.ID, Library: "espoo"}
			}},
			{library.AuditPINReset, func(t *testing.T) (library.Staff, auditSubject) {
				var c library.FirstSignInCode
				c, err = db.RequireNewPIN(ctx, desk, f.patron.ID, circNow)
				f.firstCode = c.Code
				return desk, auditSubject{PatronID: f.patron.ID, Library: "espoo"}
			}},
			{library.AuditCardReplace, func(t *testing.T) (library.Staff, auditSubject) {
				f.card = f.patron.CardNumber
				_, err = db.ReplaceCard(ctx, desk, f.patron.ID, "", library.CardLost, circNow)
				return desk, auditSubject{PatronID: f.patron.ID, Library: "espoo"}
			}},
			{library.AuditPatronBlock, func(t *testing.T) (library.Staff, auditSubject) {
				err = db.BlockPatron(ctx, desk, f.patron.ID, "address unknown", circNow)
				return desk, auditSubject{PatronID: f.patron.ID, Library: "espoo"}
			}},
			{library.AuditPatronUnblock, func(t *testing.T) (library.Staff, auditSubject) {
				err = db.UnblockPatron(ctx, desk, f.patron.ID, circNow)
				return desk, auditSubject{PatronID: f.patron.ID, Library: "espoo"}
			}},
			{library.AuditPatronConfirm, func(t *testing.T) (library.Staff, auditSubject) {
				// Registering online is no staff action: it writes no entry.
				if f.online, err = db.SelfRegister(ctx, adult("Mäkinen", "Aino"), "2580", nil, circNow); err != nil {
					t.Fatal(err)
				}
				err = db.ConfirmPatron(ctx, desk, f.online.ID, circNow)
				return desk, auditSubject{PatronID: f.online.ID, Library: "espoo"}
			}},
			{library.AuditPatronMerge, func(t *testing.T) (library.Staff, auditSubject) {
				_, err = db.MergePatrons(ctx, desk, f.patron.ID, f.online.ID, circNow)
				return desk, auditSubject{PatronID: f.patron.ID, Library: "espoo"}
			}},
			{library.AuditPatronClose, func(t *testing.T) (library.Staff, auditSubject) {
				err = db.CloseAccountByStaff(ctx, desk, f.patron.ID, circNow)
				return desk, auditSubject{PatronID: f.patron.ID, Library: "espoo"}
			}},
			{library.AuditRecordCreate, func(t *testing.T) (library.Staff, auditSubject) {
				f.record, err = db.CreateRecord(ctx, f.cat, catalogueForm("Tuntematon sotilas"))
				return f.cat, auditSubject{RecordID: f.record.Record.ID, Library: "espoo"}
			}},
			{library.AuditRecordEdit, func(t *testing.T) (library.Staff, auditSubject) {
				form := f.record.Form
				form.Subtitle = "romaani sodasta"
				f.record, err = db.UpdateRecordForm(ctx, f.cat, f.record.Record.ID, f.record.Version, form)
				return f.cat, auditSubject{RecordID: f.record.Record.ID, Library: "espoo"}
			}},
			{library.AuditRecordEditMARC, func(t *testing.T) (library.Staff, auditSubject) {
				f.record, err = db.UpdateRecordMARC(ctx, f.cat, f.record.Record.ID, f.record.Version, f.record.Leader, f.record.Fields)
				return f.cat, auditSubject{RecordID: f.record.Record.ID, Library: "espoo"}
			}},
			{library.AuditItemCreate, func(t *testing.T) (library.Staff, auditSubject) {
				// A cataloguer of Espoo adds a copy owned by Vantaa: the
				// entry is under the copy's library.
				f.item, err = db.AddItem(ctx, f.cat, library.Item{Barcode: "A100", RecordID: f.record.Record.ID, HomeBranch: "van-tikkurila",
					CallNumber: "84.2 LIN", Shelf: "Aikuiset"})
				return f.cat, auditSubject{ItemBarcode: "A100", RecordID: f.record.Record.ID, Library: "vantaa"}
			}},
			{library.AuditItemEdit, func(t *testing.T) (library.Staff, auditSubject) {
				it := f.item
				it.HomeBranch, it.Branch, it.Shelf = "esp-sello", "esp-sello", "Uutuudet"
				f.item, err = db.UpdateItem(ctx, f.cat, it)
				return f.cat, auditSubject{ItemBarcode: "A100", RecordID: f.record.Record.ID, Library: "espoo"}
			}},
			{library.AuditItemBatch, func(t *testing.T) (library.Staff, auditSubject) {
				_, err = db.BatchItems(ctx, f.cat, library.ItemBatch{Barcodes: []string{"A100", "NOPE"}, Shelf: "Klassikot"}, false)
				return f.cat, auditSubject{Library: "espoo"}
			}},
			{library.AuditItemWithdraw, func(t *testing.T) (library.Staff, auditSubject) {
				_, err = db.WithdrawItem(ctx, f.cat, "A100")
				return f.cat, auditSubject{ItemBarcode: "A100", RecordID: f.record.Record.ID, Library: "espoo"}
			}},
			{library.AuditItemDelete, func(t *testing.T) (library.Staff, auditSubject) {
				err = db.DeleteItem(ctx, f.cat, "A100")
				return f.cat, auditSubject{ItemBarcode: "A100", RecordID: f.record.Record.ID, Library: "espoo"}
			}},
			{library.AuditRecordMerge, func(t *testing.T) (library.Staff, auditSubject) {
				// An imported duplicate (importing is no staff action).
				dup := upsert(t, db, makeRecords("dup", 1, 0))
				_, err = db.MergeRecords(ctx, f.cat, f.record.Record.ID, dup[0].ID)
				return f.cat, auditSubject{RecordID: f.record.Record.ID, Library: "espoo"}
			}},
			{library.AuditRecordDelete, func(t *testing.T) (library.Staff, auditSubject) {
				err = db.DeleteCatalogueRecord(ctx, f.cat, f.record.Record.ID, true)
				return f.cat, auditSubject{RecordID: f.record.Record.ID, Library: "espoo"}
			}},
		}
		for _, s := range steps {
			t.Run(s.action, func(t *testing.T) {
				before := lastAuditID(t, db)
				err = nil
				by, want := s.do(t)
				if err != nil {
					t.Fatal(err)
				}
				got := auditRows(t, db, library.AuditFilter{Limit: 10})
				var fresh []library.AuditEntry
				for _, e := range got {
					if e.ID > before {
						fresh = append(fresh, e)
					}
				}
				if len(fresh) != 1 {
					t.Fatalf("%d new audit entries, want 1: %+v", len(fresh), fresh)
				}
				e := fresh[0]
				want.Action, want.StaffID = s.action, by.ID
				gotSubject := auditSubject{e.Action, e.StaffID, e.PatronID, e.ItemBarcode, e.RecordID, e.Library}
				if diff := cmp.Diff(want, gotSubject); diff != "" {
					t.Errorf("entry (-want +got):\n%s\ndetail %q", diff, e.Detail)
				}
				seen[e.Action] = true
				for _, secret := range []string{f.letterPIN, f.firstCode, f.card, "Mäkinen", "Kauppakatu", staffPassword} {
					if secret != "" && strings.Contains(e.Detail, secret) {
						t.Errorf("detail %q holds %q", e.Detail, secret)
					}
				}
			})
		}
		for _, code := range library.AuditActions {
			if !seen[code] && !auditedElsewhere[code] {
				t.Errorf("no action of this test wrote %q: add it to the steps, or its test to auditedElsewhere", code)
			}
		}
	})
}

// TestRefusedActionsLeaveNoAuditEntry: an action refused for bad input,
// before or inside its transaction, writes no audit entry.
func TestRefusedActionsLeaveNoAuditEntry(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := newRegFixture(t, db)
		desk := f.staff
		p := f.register(adult("Virtanen", "Aino")).Patron
		b, err := db.Branch(ctx, "esp-sello")
		if err != nil {
			t.Fatal(err)
		}
		cat := library.Staff{ID: desk.ID, Library: "espoo"}
		cr, err := db.CreateRecord(ctx, cat, catalogueForm("Täällä Pohjantähden alla"))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := db.AddItem(ctx, cat, library.Item{Barcode: "B1", RecordID: cr.Record.ID, HomeBranch: "esp-sello"}); err != nil {
			t.Fatal(err)
		}
		tests := []struct {
			name, key string
			do        func() error
		}{
			{"block without a reason", "error.block_reason", func() error {
				return db.BlockPatron(ctx, desk, p.ID, "  ", circNow)
			}},
			{"register with a card in use", "error.card_in_use", func() error {
				r := adult("Korhonen", "Eino")
				r.CardNumber = p.CardNumber
				_, err := db.RegisterPatron(ctx, desk, r, circNow)
				return err
			}},
			{"edit a branch changed meanwhile", "error.branch_changed", func() error {
				stale := b
				stale.Version--
				_, err := db.UpdateBranch(ctx, stale, desk, circNow)
				return err
			}},
			{"add a copy with a barcode in use", "error.catalogue_barcode_in_use", func() error {
				_, err := db.AddItem(ctx, cat, library.Item{Barcode: "B1", RecordID: cr.Record.ID, HomeBranch: "esp-sello"})
				return err
			}},
			{"delete a record with copies", "error.catalogue_record_has_items", func() error {
				return db.DeleteCatalogueRecord(ctx, cat, cr.Record.ID, false)
			}},
			{"save rules from a stale revision", "error.rules_changed_meanwhile", func() error {
				_, err := db.SavePolicy(ctx, library.PolicyChange{Policy: longerDVDs(), Effective: date(2027, time.January, 1),
					Revision: revision(t, db) + 1}, desk, circNow)
				return err
			}},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				before := lastAuditID(t, db)
				err := tt.do()
				if library.ErrorKey(err) != tt.key {
					t.Fatalf("error %v, want key %s", err, tt.key)
				}
				if after := lastAuditID(t, db); after != before {
					t.Errorf("a refused action wrote audit entries (last ID %d, was %d)", after, before)
				}
			})
		}
	})
}

// TestAuditActionNames: the audit page names every code in every
// language.
func TestAuditActionNames(t *testing.T) {
	b, err := i18n.New()
	if err != nil {
		t.Fatal(err)
	}
	for _, lang := range b.Languages() {
		for _, code := range library.AuditActions {
			if !b.Has(lang, "audit.action."+code) {
				t.Errorf("%s: no name for audit code %s (audit.action.%s in staff_admin.toml)", lang, code, code)
			}
		}
	}
}

// lastAuditID returns the ID of the newest audit entry, 0 when none.
func lastAuditID(t *testing.T, db *store.DB) int64 {
	t.Helper()
	es := auditRows(t, db, library.AuditFilter{Limit: 1})
	if len(es) == 0 {
		return 0
	}
	return es[0].ID
}
