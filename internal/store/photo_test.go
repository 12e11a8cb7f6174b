package store_test

import (
	"bytes"
	"context"
	"encoding/binary"
	"hash/crc32"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"testing"

	"github.com/kirjasto/kirjasto/internal/library"
	"github.com/kirjasto/kirjasto/internal/store"
	"github.com/kirjasto/kirjasto/internal/store/storetest"
)

func testImage(w, h int) *image.NRGBA {
	img := image.NewNRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			img.Set(x, y, color.NRGBA{uint8(x), uint8(y), 128, uint8(255 * (x % 2))})
		}
	}
	return img
}

// withExif returns a JPEG with an APP1 Exif segment carrying a GPS tag
// name right after its SOI marker.
func withExif(t *testing.T, img image.Image) []byte {
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, img, nil); err != nil {
		t.Fatal(err)
	}
	payload := append([]byte("Exif\x00\x00"), []byte("GPSLatitude 60.2176 GPSLongitude 24.8105")...)
	seg := []byte{0xFF, 0xE1, 0, 0}
	binary.BigEndian.PutUint16(seg[2:], uint16(len(payload)+2))
	b := buf.Bytes()
	return append(append(append([]byte{}, b[:2]...), append(seg, payload...)...), b[2:]...)
}

// hugePNG is a small file whose header claims width×height pixels.
func hugePNG(width, height uint32) []byte {
	var b bytes.Buffer
	b.WriteString("\x89PNG\r\n\x1a\n")
	ihdr := make([]byte, 13)
	binary.BigEndian.PutUint32(ihdr[0:], width)
	binary.BigEndian.PutUint32(ihdr[4:], height)
	ihdr[8], ihdr[9] = 8, 2 // 8-bit RGB
	chunk := func(typ string, data []byte) {
		binary.Write(&b, binary.BigEndian, uint32(len(data)))
		b.WriteString(typ)
		b.Write(data)
		binary.Write(&b, binary.BigEndian, crc32.ChecksumIEEE(append([]byte(typ), data...)))
	}
	chunk("IHDR", ihdr)
	chunk("IDAT", []byte{0x78, 0x9c, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01})
	chunk("IEND", nil)
	return b.Bytes()
}

func TestBranchPhoto(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		newCircFixture(t, db)
		_, err := db.BranchPhoto(ctx, "esp-sello", library.PhotoFull)
		wantKey(t, err, "error.photo_not_found")

		// A wide PNG with transparency: resized, on white, as JPEG.
		var pngBuf bytes.Buffer
		if err := png.Encode(&pngBuf, testImage(2000, 1000)); err != nil {
			t.Fatal(err)
		}
		meta, err := db.SetBranchPhoto(ctx, "esp-sello", pngBuf.Bytes(), admin, circNow)
		if err != nil {
			t.Fatal(err)
		}
		if meta.Width != 1600 || meta.Height != 800 || meta.Bytes != nil || len(meta.Hash) != 64 {
			t.Errorf("SetBranchPhoto = %+v", meta)
		}
		full, err := db.BranchPhoto(ctx, "esp-sello", library.PhotoFull)
		if err != nil {
			t.Fatal(err)
		}
		cfg, format, err := image.DecodeConfig(bytes.NewReader(full.Bytes))
		if err != nil || format != "jpeg" || cfg.Width != 1600 || full.Hash != meta.Hash || full.Size != len(full.Bytes) {
			t.Errorf("full photo: %s %dx%d, %v, hash %s", format, cfg.Width, cfg.Height, err, full.Hash)
		}
		thumb, err := db.BranchPhoto(ctx, "esp-sello", library.PhotoThumb)
		if err != nil || thumb.Width != 400 || thumb.Height != 200 {
			t.Errorf("thumbnail %dx%d, %v", thumb.Width, thumb.Height, err)
		}
		if b, _ := db.Branch(ctx, "esp-sello"); b.Photo != meta.Hash {
			t.Errorf("branch's photo hash %q, want %q", b.Photo, meta.Hash)
		}

		// A JPEG with GPS positions in its EXIF: the stored one has none.
		small := withExif(t, testImage(300, 200))
		if !bytes.Contains(small, []byte("GPSLatitude")) {
			t.Fatal("test image has no EXIF")
		}
		meta2, err := db.SetBranchPhoto(ctx, "esp-sello", small, admin, circNow)
		if err != nil {
			t.Fatal(err)
		}
		full, _ = db.BranchPhoto(ctx, "esp-sello", library.PhotoFull)
		if bytes.Contains(full.Bytes, []byte("Exif")) || bytes.Contains(full.Bytes, []byte("GPS")) || full.Width != 300 || meta2.Hash == meta.Hash {
			t.Errorf("re-encoded photo keeps metadata or size: %dx%d", full.Width, full.Height)
		}

		for _, c := range []struct {
			name string
			data []byte
			key  string
		}{
			{"text", []byte("<svg xmlns='http://www.w3.org/2000/svg'/>"), "error.photo_format"},
			{"truncated jpeg", small[:len(small)/2], "error.photo_format"},
			{"too many pixels", hugePNG(8000, 6000), "error.photo_too_many_pixels"},
			{"too large", append(pngBuf.Bytes(), make([]byte, store.MaxPhotoBytes)...), "error.photo_too_large"},
		} {
			_, err := db.SetBranchPhoto(ctx, "esp-sello", c.data, admin, circNow)
			if library.ErrorKey(err) != c.key {
				t.Errorf("%s: %v, want %s", c.name, err, c.key)
			}
		}
		_, err = db.SetBranchPhoto(ctx, "esp-nowhere", small, admin, circNow)
		wantKey(t, err, "error.branch_not_found")
		if err := db.DeleteBranchPhoto(ctx, "esp-sello", admin, circNow); err != nil {
			t.Fatal(err)
		}
		_, err = db.BranchPhoto(ctx, "esp-sello", library.PhotoThumb)
		wantKey(t, err, "error.photo_not_found")
	})
}
