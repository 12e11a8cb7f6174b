package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/kirjasto/kirjasto/internal/library"
)

// DB implements library.Ratings.
var _ library.Ratings = (*DB)(nil)

// RecordRating returns a record's average rating and how many gave one.
func (db *DB) RecordRating(ctx context.Context, recordID int64) (library.Rating, error) {
	var r library.Rating
	var sum int64
	err := db.reader().QueryRowContext(ctx, `SELECT count(*), COALESCE(sum(stars), 0)
		FROM ratings WHERE record_id = $1`, recordID).Scan(&r.Count, &sum)
	if err != nil {
		return r, fmt.Errorf("rating of record %d: %w", recordID, err)
	}
	if r.Count > 0 {
		r.Average = float64(sum) / float64(r.Count)
	}
	return r, nil
}

// PatronRating returns the stars the patron gave the record, or 0.
func (db *DB) PatronRating(ctx context.Context, patronID, recordID int64) (int, error) {
	var stars int
	err := db.reader().QueryRowContext(ctx, `SELECT stars FROM ratings WHERE patron_id = $1 AND record_id = $2`,
		patronID, recordID).Scan(&stars)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, nil
	}
	if err != nil {
		return 0, fmt.Errorf("rating of record %d by patron %d: %w", recordID, patronID, err)
	}
	return stars, nil
}

// Rate sets the patron's stars for the record, or with 0 removes them.
func (db *DB) Rate(ctx context.Context, patronID, recordID int64, stars int) error {
	if stars < 0 || stars > 5 {
		return &library.Error{Code: library.EINVALID, Key: "ratings.error.range", Message: fmt.Sprintf("%d stars", stars)}
	}
	err := db.inTx(ctx, func(tx txn) error {
		if stars == 0 {
			_, err := tx.ExecContext(ctx, `DELETE FROM ratings WHERE patron_id = $1 AND record_id = $2`, patronID, recordID)
			return err
		}
		var exists int
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM records WHERE id = $1`, recordID).Scan(&exists); err != nil {
			return err
		}
		if exists == 0 {
			return library.Errorf(library.ENOTFOUND, "record %d", recordID)
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO ratings (patron_id, record_id, stars, rated) VALUES ($1, $2, $3, $4)
			ON CONFLICT (patron_id, record_id) DO UPDATE SET stars = excluded.stars, rated = excluded.rated`,
			patronID, recordID, stars, db.timestamp())
		return err
	})
	if err != nil {
		return fmt.Errorf("rate record %d: %w", recordID, err)
	}
	return nil
}
