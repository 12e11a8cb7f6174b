package store_test

import (
	"bytes"
	"image/png"
	"slices"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/kirjasto/kirjasto/internal/library"
	"github.com/kirjasto/kirjasto/internal/store"
	"github.com/kirjasto/kirjasto/internal/store/storetest"
)

// bookingAuditCodes are the audit codes of resources and bookings.
var bookingAuditCodes = []string{
	library.AuditResourceCreate, library.AuditResourceUpdate, library.AuditResourceWithdraw,
	library.AuditResourceRestore, library.AuditResourcePhoto, library.AuditResourcePhotoDelete,
	library.AuditBookingDesk, library.AuditBookingApprove, library.AuditBookingDecline,
	library.AuditBookingCancel, library.AuditBookingNoShow, library.AuditBookingBlock,
	library.AuditBookingBlockDelete, library.AuditBookingHours, library.AuditNoShowRule,
}

// TestBookingAuditedActions performs every audited action of resources
// and bookings once and checks that it wrote exactly one entry, with its
// code, the staff member, the resident and the library; then that every
// code of bookingAuditCodes was written, and that they are all in
// library.AuditActions.
func TestBookingAuditedActions(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		f := newBookFixture(t, db)
		var img bytes.Buffer
		if err := png.Encode(&img, testImage(800, 600)); err != nil {
			t.Fatal(err)
		}
		var (
			r         library.Resource
			photo     library.ResourcePhoto
			request   library.Booking
			block     []library.Booking
			exception library.HoursException
			err       error
		)
		hki := f.helsinki
		steps := []struct {
			action string
			by     library.Staff
			patron int64
			lib    string
			setup  func() error // before the action, its audit entries not counted
			do     func() error
		}{
			{library.AuditResourceCreate, f.admin, 0, "helsinki", nil, func() error {
				r, err = db.CreateResource(f.ctx, library.Resource{BranchID: "hki-oodi", Kind: library.KindEquipment,
					Name: library.Text{"fi": "3D-tulostin"}, Capacity: 1, SlotMinutes: 60, MinMinutes: 60, MaxMinutes: 240, HorizonDays: 14}, f.admin, circNow)
				return err
			}},
			{library.AuditResourceUpdate, f.admin, 0, "helsinki", nil, func() error {
				r.Rules = library.Text{"fi": "Tulostusmateriaali omasta takaa."}
				r, err = db.UpdateResource(f.ctx, r, f.admin, circNow)
				return err
			}},
			{library.AuditResourcePhoto, f.admin, 0, "helsinki", nil, func() error {
				photo, err = db.AddResourcePhoto(f.ctx, r.ID, img.Bytes(), library.Text{"fi": "Tulostin pöydällä"}, f.admin, circNow)
				return err
			}},
			{library.AuditResourcePhotoDelete, f.admin, 0, "helsinki", nil, func() error {
				return db.DeleteResourcePhoto(f.ctx, r.ID, photo.ID, f.admin, circNow)
			}},
			{library.AuditBookingDesk, hki, f.resident.ID, "helsinki", nil, func() error {
				_, err := db.Book(f.ctx, library.BookingRequest{ResourceID: f.studio.ID, PatronID: f.resident.ID,
					Start: hkiAt(1, 10, 0), End: hkiAt(1, 11, 0), By: &hki}, circNow)
				return err
			}},
			{library.AuditBookingApprove, hki, f.resident.ID, "helsinki", nil, func() error {
				request = f.mustBook(f.room, f.resident.ID, hkiAt(2, 10, 0), time.Hour)
				_, err := db.ApproveBooking(f.ctx, request.ID, hki, circNow)
				return err
			}},
			{library.AuditBookingDecline, hki, f.resident.ID, "helsinki", nil, func() error {
				b := f.mustBook(f.room, f.resident.ID, hkiAt(3, 10, 0), time.Hour)
				_, err := db.DeclineBooking(f.ctx, b.ID, "Tila on varattu", hki, circNow)
				return err
			}},
			{library.AuditBookingCancel, hki, f.resident.ID, "helsinki", nil, func() error {
				_, err := db.StaffCancelBooking(f.ctx, request.ID, "Vesivahinko", hki, circNow)
				return err
			}},
			{library.AuditBookingNoShow, hki, f.resident.ID, "helsinki", func() error {
				request = f.mustBook(f.room, f.resident.ID, hkiAt(0, 15, 0), time.Hour)
				_, err := db.ApproveBooking(f.ctx, request.ID, hki, circNow)
				return err
			}, func() error {
				_, err := db.MarkNoShow(f.ctx, request.ID, hki, hkiAt(0, 15, 30))
				return err
			}},
			{library.AuditBookingBlock, hki, 0, "helsinki", nil, func() error {
				block, err = db.AddBlock(f.ctx, library.BlockRequest{ResourceID: f.studio.ID, Start: hkiAt(4, 9, 0), End: hkiAt(4, 11, 0),
					Reason: "Huolto", Weeks: 2}, hki, circNow)
				return err
			}},
			{library.AuditBookingBlockDelete, hki, 0, "helsinki", nil, func() error {
				_, err := db.DeleteBlock(f.ctx, block[0].ID, true, hki, circNow)
				return err
			}},
			{library.AuditBookingHours, f.admin, 0, "helsinki", func() error {
				// Saving the exception writes its own entry (branch.exception_add).
				day := library.DateOf(hkiAt(5, 0, 0).In(library.Helsinki))
				e, err := db.AddException(f.ctx, library.HoursException{BranchID: "hki-oodi", From: day, To: day,
					Staffed: []library.Period{{Open: library.NewClock(9, 0), Close: library.NewClock(20, 0)}},
					Reason:  library.Text{"fi": "Lauantai"}}, f.admin, circNow)
				if err != nil {
					return err
				}
				f.mustBook(f.studio, f.resident.ID, hkiAt(5, 15, 0), time.Hour)
				e.Staffed, e.Reason = nil, library.Text{"fi": "Suljettu"}
				exception = e
				return nil
			}, func() error {
				_, err := db.ApplyHoursChange(f.ctx, library.HoursChange{BranchID: "hki-oodi", Exception: &exception},
					library.SettleCancel, f.admin, circNow)
				return err
			}},
			{library.AuditNoShowRule, f.admin, 0, "vantaa", nil, func() error {
				return db.SetNoShowRule(f.ctx, "vantaa", &library.NoShowRule{Count: 2, WindowDays: 60, BlockDays: 14}, f.admin, circNow)
			}},
			{library.AuditResourceWithdraw, f.admin, 0, "helsinki", nil, func() error {
				_, err := db.WithdrawResource(f.ctx, r.ID, f.admin, circNow)
				return err
			}},
			{library.AuditResourceRestore, f.admin, 0, "helsinki", nil, func() error {
				_, err := db.RestoreResource(f.ctx, r.ID, f.admin, circNow)
				return err
			}},
		}
		seen := map[string]bool{}
		for _, s := range steps {
			if s.setup != nil {
				if err := s.setup(); err != nil {
					t.Fatalf("%s: %v", s.action, err)
				}
			}
			before := lastAuditID(t, db)
			if err := s.do(); err != nil {
				t.Fatalf("%s: %v", s.action, err)
			}
			var fresh []library.AuditEntry
			for _, e := range auditRows(t, db, library.AuditFilter{Limit: 20}) {
				// Saving hours with their bookings writes the hours' own
				// entry too, checked by the hours' tests.
				if e.ID > before && !(s.action == library.AuditBookingHours && e.Action == library.AuditExceptionUpdate) {
					fresh = append(fresh, e)
				}
			}
			if len(fresh) != 1 {
				t.Errorf("%s: %d new audit entries, want 1: %+v", s.action, len(fresh), fresh)
				continue
			}
			e := fresh[0]
			want := auditSubject{Action: s.action, StaffID: s.by.ID, PatronID: s.patron, Library: s.lib}
			if diff := cmp.Diff(want, auditSubject{e.Action, e.StaffID, e.PatronID, e.ItemBarcode, e.RecordID, e.Library}); diff != "" {
				t.Errorf("%s: entry (-want +got):\n%s\ndetail %q", s.action, diff, e.Detail)
			}
			seen[e.Action] = true
		}
		for _, code := range bookingAuditCodes {
			if !seen[code] {
				t.Errorf("no step wrote %q", code)
			}
			if !slices.Contains(library.AuditActions, code) {
				t.Errorf("%q is not in library.AuditActions", code)
			}
		}
	})
}

// TestResourcePhotos: a resource's photos are stored in two sizes, listed
// with the resource, served by ID and size, and removed.
func TestResourcePhotos(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		f := newBookFixture(t, db)
		var img bytes.Buffer
		if err := png.Encode(&img, testImage(2000, 1000)); err != nil {
			t.Fatal(err)
		}
		if _, err := db.AddResourcePhoto(f.ctx, f.studio.ID, img.Bytes(), library.Text{"en": "Drums"}, f.admin, circNow); library.ErrorCode(err) != library.EINVALID {
			t.Errorf("a photo without a Finnish text: %v", err)
		}
		p, err := db.AddResourcePhoto(f.ctx, f.studio.ID, img.Bytes(), library.Text{"fi": "Rumpusetti"}, f.admin, circNow)
		if err != nil {
			t.Fatal(err)
		}
		if p.Width != 1600 || p.Height != 800 || p.Hash == "" {
			t.Errorf("photo %+v", p)
		}
		r, err := db.Resource(f.ctx, f.studio.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(r.Photos) != 1 || !cmp.Equal(r.Photos[0], p) {
			t.Errorf("the resource's photos %+v, want [%+v]", r.Photos, p)
		}
		thumb, err := db.ResourcePhotoFile(f.ctx, f.studio.ID, p.ID, library.PhotoThumb)
		if err != nil {
			t.Fatal(err)
		}
		if thumb.Width != 400 || len(thumb.Bytes) == 0 || thumb.ContentType() != "image/jpeg" {
			t.Errorf("thumbnail %dx%d, %d bytes", thumb.Width, thumb.Height, len(thumb.Bytes))
		}
		if _, err := db.ResourcePhotoFile(f.ctx, f.room.ID, p.ID, library.PhotoFull); library.ErrorCode(err) != library.ENOTFOUND {
			t.Errorf("the photo under another resource: %v", err)
		}
		if err := db.DeleteResourcePhoto(f.ctx, f.studio.ID, p.ID, f.helsinki, circNow); library.ErrorCode(err) != library.EFORBIDDEN {
			t.Errorf("branch staff delete a photo: %v", err)
		}
		if err := db.DeleteResourcePhoto(f.ctx, f.studio.ID, p.ID, f.admin, circNow); err != nil {
			t.Fatal(err)
		}
		if _, err := db.ResourcePhotoFile(f.ctx, f.studio.ID, p.ID, library.PhotoFull); library.ErrorCode(err) != library.ENOTFOUND {
			t.Errorf("a deleted photo: %v", err)
		}
	})
}
