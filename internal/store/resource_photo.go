package store

import (
	"context"
	"fmt"
	"time"

	"github.com/kirjasto/kirjasto/internal/library"
)

// Photos of resources, kept as a branch's photo is (preparePhoto: checked,
// resized to two sizes and re-encoded as JPEG without metadata), several
// to a resource, each with a text saying what it shows.

// AddResourcePhoto stores a photo of a resource; alt needs Finnish.
func (db *DB) AddResourcePhoto(ctx context.Context, resourceID int64, data []byte, alt library.Text, by library.Staff, now time.Time) (library.ResourcePhoto, error) {
	alt, err := library.ValidAlt(alt)
	if err != nil {
		return library.ResourcePhoto{}, err
	}
	full, thumb, err := preparePhoto(data)
	if err != nil {
		return library.ResourcePhoto{}, err
	}
	now = utc(now)
	p := library.ResourcePhoto{Alt: alt, Width: full.Width, Height: full.Height, Hash: full.Hash}
	err = db.inTx(ctx, func(tx txn) error {
		r, err := lockResource(ctx, tx, resourceID)
		if err != nil {
			return err
		}
		if err := library.Permit(by, library.ActResources, library.BranchScope(r.LibraryID, r.BranchID)); err != nil {
			return err
		}
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM resource_photos WHERE resource_id = $1`, resourceID).Scan(&n); err != nil {
			return err
		}
		if n >= library.MaxResourcePhotos {
			return &library.Error{Code: library.ECONFLICT, Key: "error.resource_photos_full", Count: library.MaxResourcePhotos,
				Message: fmt.Sprintf("resource %d has %d photos already", resourceID, n)}
		}
		err = tx.QueryRowContext(ctx, `INSERT INTO resource_photos (resource_id, alt, created_at) VALUES ($1, $2, $3) RETURNING id`,
			resourceID, jsonText(alt), now).Scan(&p.ID)
		if err != nil {
			return err
		}
		for _, f := range []library.Photo{full, thumb} {
			_, err := tx.ExecContext(ctx, `
				INSERT INTO resource_photo_files (photo_id, variant, width, height, size, bytes, hash)
				VALUES ($1, $2, $3, $4, $5, $6, $7)`, p.ID, f.Variant, f.Width, f.Height, f.Size, f.Bytes, f.Hash)
			if err != nil {
				return err
			}
		}
		return audit(ctx, tx, resourceAudit(by, library.AuditResourcePhoto, r.LibraryID, r), now)
	})
	if err != nil {
		return library.ResourcePhoto{}, fmt.Errorf("add photo to resource %d: %w", resourceID, err)
	}
	return p, nil
}

// DeleteResourcePhoto removes a photo of a resource, both sizes.
func (db *DB) DeleteResourcePhoto(ctx context.Context, resourceID, photoID int64, by library.Staff, now time.Time) error {
	now = utc(now)
	err := db.inTx(ctx, func(tx txn) error {
		r, err := lockResource(ctx, tx, resourceID)
		if err != nil {
			return err
		}
		if err := library.Permit(by, library.ActResources, library.BranchScope(r.LibraryID, r.BranchID)); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM resource_photo_files WHERE photo_id IN
			(SELECT id FROM resource_photos WHERE id = $1 AND resource_id = $2)`, photoID, resourceID); err != nil {
			return err
		}
		n, err := execCount(ctx, tx, `DELETE FROM resource_photos WHERE id = $1 AND resource_id = $2`, photoID, resourceID)
		if err != nil {
			return err
		}
		if n == 0 {
			return photoNotFound(resourceID, photoID)
		}
		return audit(ctx, tx, resourceAudit(by, library.AuditResourcePhotoDelete, r.LibraryID, r), now)
	})
	if err != nil {
		return fmt.Errorf("delete photo %d of resource %d: %w", photoID, resourceID, err)
	}
	return nil
}

// ResourcePhotoFile returns one size of a resource's photo with its
// bytes. Photo.BranchID is left empty.
func (db *DB) ResourcePhotoFile(ctx context.Context, resourceID, photoID int64, variant string) (library.Photo, error) {
	p := library.Photo{Variant: variant}
	err := db.reader().QueryRowContext(ctx, `
		SELECT f.width, f.height, f.size, f.bytes, f.hash, p.created_at
		FROM resource_photo_files f JOIN resource_photos p ON p.id = f.photo_id
		WHERE p.id = $1 AND p.resource_id = $2 AND f.variant = $3`, photoID, resourceID, variant).
		Scan(&p.Width, &p.Height, &p.Size, &p.Bytes, &p.Hash, &p.Updated)
	if errNoRows(err) {
		return library.Photo{}, photoNotFound(resourceID, photoID)
	}
	if err != nil {
		return library.Photo{}, fmt.Errorf("photo %d of resource %d: %w", photoID, resourceID, err)
	}
	p.Updated = p.Updated.UTC()
	return p, nil
}

func photoNotFound(resourceID, photoID int64) error {
	return &library.Error{Code: library.ENOTFOUND, Key: "error.photo_not_found",
		Message: fmt.Sprintf("resource %d has no photo %d", resourceID, photoID)}
}
