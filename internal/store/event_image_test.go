package store_test

import (
	"bytes"
	"image/png"
	"testing"

	"github.com/kirjasto/kirjasto/internal/library"
	"github.com/kirjasto/kirjasto/internal/store"
	"github.com/kirjasto/kirjasto/internal/store/storetest"
)

// TestEventImage sets an event's image (resized, its hash on the event,
// audited), refuses what is not an image and a desk worker with nothing
// changed, deletes it, and deletes a draft that has one.
func TestEventImage(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		f := newEventFixture(t, db)
		e := f.create(t, nil)
		var buf bytes.Buffer
		if err := png.Encode(&buf, testImage(2400, 1600)); err != nil {
			t.Fatal(err)
		}
		if _, err := db.SetEventImage(f.ctx, f.editor, e.ID, []byte("not an image"), circNow); library.ErrorKey(err) != "error.photo_format" {
			t.Errorf("a text file: %v, want error.photo_format", err)
		}
		if _, err := db.SetEventImage(f.ctx, f.desk, e.ID, buf.Bytes(), circNow); library.ErrorCode(err) != library.EFORBIDDEN {
			t.Errorf("the desk sets an image: %v", err)
		}
		if got, _ := db.Event(f.ctx, e.ID); got.Image != "" || auditCount(t, db, library.AuditEventImage) != 0 {
			t.Fatalf("a refusal changed the event: %q", got.Image)
		}
		got, err := db.SetEventImage(f.ctx, f.editor, e.ID, buf.Bytes(), circNow)
		if err != nil {
			t.Fatal(err)
		}
		full, err := db.EventImage(f.ctx, e.ID, library.PhotoFull)
		if err != nil || full.Hash != got.Image || full.Width != 1600 {
			t.Errorf("the full image %dx%d %q (%v), want 1600 wide with the event's hash %q", full.Width, full.Height, full.Hash, err, got.Image)
		}
		if thumb, err := db.EventImage(f.ctx, e.ID, library.PhotoThumb); err != nil || thumb.Width != 400 {
			t.Errorf("the thumbnail %d wide (%v)", thumb.Width, err)
		}
		if err := db.DeleteEventImage(f.ctx, f.editor, e.ID, circNow); err != nil {
			t.Fatal(err)
		}
		if _, err := db.EventImage(f.ctx, e.ID, library.PhotoThumb); library.ErrorCode(err) != library.ENOTFOUND {
			t.Errorf("a deleted image: %v", err)
		}
		if n := auditCount(t, db, library.AuditEventImage); n != 2 {
			t.Errorf("%d audit entries of the image, want 2", n)
		}

		draft := f.create(t, func(e *library.Event) { e.Status = library.EventDraft })
		if _, err := db.SetEventImage(f.ctx, f.editor, draft.ID, buf.Bytes(), circNow); err != nil {
			t.Fatal(err)
		}
		if err := db.DeleteEvent(f.ctx, f.editor, draft.ID, circNow); err != nil {
			t.Errorf("a draft with an image: %v", err)
		}
	})
}
