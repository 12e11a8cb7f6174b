package store

import (
	"bytes"
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"image"
	"image/color"
	"image/jpeg"
	_ "image/png" // uploads may be PNG
	"time"

	"golang.org/x/image/draw"
	_ "golang.org/x/image/webp" // uploads may be WebP

	"github.com/kirjasto/kirjasto/internal/library"
)

// Limits of an uploaded photo. The pixel limit is checked from the
// image's header before its pixels are decoded, so that a small file
// claiming a huge image (a decompression bomb) costs nothing.
const (
	MaxPhotoBytes  = 10 << 20
	MaxPhotoPixels = 40_000_000
	photoFullWidth = 1600
	photoThumbSize = 400
	photoQuality   = 85
)

// SetBranchPhoto checks an uploaded photo (JPEG, PNG or WebP, at most 10
// MB and 40 megapixels), resizes it to at most 1600 px wide and to a 400
// px thumbnail, re-encodes both as JPEG (which drops all metadata, GPS
// positions included) and stores them in place of the branch's photo. It
// returns the full-size photo's description (without its bytes).
func (db *DB) SetBranchPhoto(ctx context.Context, branchID string, data []byte, by library.Staff, now time.Time) (library.Photo, error) {
	full, thumb, err := preparePhoto(data)
	if err != nil {
		return library.Photo{}, err
	}
	now = utc(now)
	err = db.inTx(ctx, func(tx txn) error {
		if _, err := bumpConsortium(ctx, tx); err != nil {
			return err
		}
		head, err := lockBranch(ctx, tx, branchID)
		if err != nil {
			return err
		}
		for _, p := range []*library.Photo{&full, &thumb} {
			p.BranchID, p.Updated = branchID, now
			_, err := tx.ExecContext(ctx, `
				INSERT INTO branch_photos (branch_id, variant, width, height, size, bytes, hash, updated_at)
				VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
				ON CONFLICT (branch_id, variant) DO UPDATE SET width = excluded.width, height = excluded.height,
					size = excluded.size, bytes = excluded.bytes, hash = excluded.hash, updated_at = excluded.updated_at`,
				branchID, p.Variant, p.Width, p.Height, p.Size, p.Bytes, p.Hash, now)
			if err != nil {
				return err
			}
		}
		return audit(ctx, tx, library.AuditEntry{StaffID: by.ID, Action: library.AuditBranchPhoto, Library: head.LibraryID,
			Detail: branchID + " " + full.Hash[:12]}, now)
	})
	if err != nil {
		return library.Photo{}, fmt.Errorf("set photo of %s: %w", branchID, err)
	}
	full.Bytes = nil
	return full, nil
}

// BranchPhoto returns a branch's photo in one variant (PhotoFull or
// PhotoThumb), or ENOTFOUND (error.photo_not_found) when it has none. The
// web serves it with its Hash as the ETag.
func (db *DB) BranchPhoto(ctx context.Context, branchID, variant string) (library.Photo, error) {
	p := library.Photo{BranchID: branchID, Variant: variant}
	err := db.reader().QueryRowContext(ctx, `
		SELECT width, height, size, bytes, hash, updated_at FROM branch_photos WHERE branch_id = $1 AND variant = $2`,
		branchID, variant).Scan(&p.Width, &p.Height, &p.Size, &p.Bytes, &p.Hash, &p.Updated)
	if errors.Is(err, sql.ErrNoRows) {
		return library.Photo{}, &library.Error{Code: library.ENOTFOUND, Key: "error.photo_not_found",
			Message: fmt.Sprintf("branch %s has no %s photo", branchID, variant)}
	}
	if err != nil {
		return library.Photo{}, fmt.Errorf("photo of %s: %w", branchID, err)
	}
	p.Updated = p.Updated.UTC()
	return p, nil
}

// DeleteBranchPhoto removes a branch's photo, both sizes.
func (db *DB) DeleteBranchPhoto(ctx context.Context, branchID string, by library.Staff, now time.Time) error {
	err := db.inTx(ctx, func(tx txn) error {
		if _, err := bumpConsortium(ctx, tx); err != nil {
			return err
		}
		head, err := lockBranch(ctx, tx, branchID)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM branch_photos WHERE branch_id = $1`, branchID); err != nil {
			return err
		}
		return audit(ctx, tx, library.AuditEntry{StaffID: by.ID, Action: library.AuditBranchPhotoDelete, Library: head.LibraryID,
			Detail: branchID}, now)
	})
	if err != nil {
		return fmt.Errorf("delete photo of %s: %w", branchID, err)
	}
	return nil
}

// preparePhoto checks and converts an upload into the two stored sizes.
func preparePhoto(data []byte) (full, thumb library.Photo, err error) {
	if len(data) > MaxPhotoBytes {
		return full, thumb, &library.Error{Code: library.EINVALID, Key: "error.photo_too_large",
			Message: fmt.Sprintf("photo of %d bytes; at most %d", len(data), MaxPhotoBytes)}
	}
	cfg, format, err := image.DecodeConfig(bytes.NewReader(data))
	if err != nil || (format != "jpeg" && format != "png" && format != "webp") {
		return full, thumb, &library.Error{Code: library.EINVALID, Key: "error.photo_format",
			Message: fmt.Sprintf("not a JPEG, PNG or WebP image (%s, %v)", format, err)}
	}
	if cfg.Width <= 0 || cfg.Height <= 0 || cfg.Width*cfg.Height > MaxPhotoPixels {
		return full, thumb, &library.Error{Code: library.EINVALID, Key: "error.photo_too_many_pixels",
			Message: fmt.Sprintf("photo of %d×%d pixels; at most %d in all", cfg.Width, cfg.Height, MaxPhotoPixels)}
	}
	src, _, err := image.Decode(bytes.NewReader(data))
	if err != nil {
		return full, thumb, &library.Error{Code: library.EINVALID, Key: "error.photo_format",
			Message: fmt.Sprintf("bad %s image: %v", format, err)}
	}
	big := scaleTo(src, photoFullWidth)
	if full, err = encodePhoto(big, library.PhotoFull); err != nil {
		return full, thumb, err
	}
	thumb, err = encodePhoto(scaleTo(big, photoThumbSize), library.PhotoThumb)
	return full, thumb, err
}

// scaleTo returns src at most width pixels wide, on white (JPEG has no
// transparency, and a transparent PNG's hidden pixels are often black).
func scaleTo(src image.Image, width int) *image.RGBA {
	b := src.Bounds()
	w, h := b.Dx(), b.Dy()
	if w > width {
		h = max(1, h*width/w)
		w = width
	}
	dst := image.NewRGBA(image.Rect(0, 0, w, h))
	draw.Draw(dst, dst.Bounds(), image.NewUniform(color.White), image.Point{}, draw.Src)
	draw.CatmullRom.Scale(dst, dst.Bounds(), src, b, draw.Over, nil)
	return dst
}

func encodePhoto(img *image.RGBA, variant string) (library.Photo, error) {
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, img, &jpeg.Options{Quality: photoQuality}); err != nil {
		return library.Photo{}, fmt.Errorf("encode photo: %w", err)
	}
	sum := sha256.Sum256(buf.Bytes())
	return library.Photo{Variant: variant, Width: img.Bounds().Dx(), Height: img.Bounds().Dy(),
		Size: buf.Len(), Hash: hex.EncodeToString(sum[:]), Bytes: buf.Bytes()}, nil
}
