package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"time"

	"github.com/kirjasto/kirjasto/internal/library"
)

// scanChunk is how many records ScanRecords reads at a time: large enough
// that the per-query cost vanishes, small enough (a few MB with items and
// MARC) that three million records stream in constant memory. A variable
// so that tests can cross chunk boundaries with few records.
var scanChunk = 2000

const recordColumns = `id, source_id, title, subtitle, authors, subjects, genres, language, year,
	publisher, material, isbns, issns, series, summary, audience, notes, links, popularity, marc, created, updated`

// Record returns one record, or an ENOTFOUND error.
func (db *DB) Record(ctx context.Context, id int64) (library.Record, error) {
	rows, err := db.reader().QueryContext(ctx, `SELECT `+recordColumns+` FROM records WHERE id = $1`, id)
	if err != nil {
		return library.Record{}, fmt.Errorf("record %d: %w", id, err)
	}
	defer rows.Close()
	if !rows.Next() {
		if err := rows.Err(); err != nil {
			return library.Record{}, fmt.Errorf("record %d: %w", id, err)
		}
		return library.Record{}, library.Errorf(library.ENOTFOUND, "record %d not found", id)
	}
	r, err := scanRecord(rows)
	if err != nil {
		return library.Record{}, fmt.Errorf("record %d: %w", id, err)
	}
	return r, nil
}

// CountRecords returns the number of records.
func (db *DB) CountRecords(ctx context.Context) (int, error) {
	var n int
	if err := db.reader().QueryRowContext(ctx, `SELECT count(*) FROM records`).Scan(&n); err != nil {
		return 0, fmt.Errorf("count records: %w", err)
	}
	return n, nil
}

// ScanRecords calls fn for every record with an ID above afterID, in ID
// order, with its items. It reads a chunk of records and their items in one
// snapshot, then calls fn outside any transaction, so fn may use the store
// and memory stays constant however large the catalogue.
func (db *DB) ScanRecords(ctx context.Context, afterID int64, fn func(library.Record, []library.Item) error) error {
	for {
		var recs []library.Record
		var items map[int64][]library.Item
		err := db.inReadTx(ctx, func(tx txn) error {
			var err error
			recs, err = records(ctx, tx, afterID, scanChunk)
			if err != nil || len(recs) == 0 {
				return err
			}
			items, err = itemsOfRange(ctx, tx, recs[0].ID, recs[len(recs)-1].ID)
			return err
		})
		if err != nil {
			return fmt.Errorf("scan records after %d: %w", afterID, err)
		}
		for _, r := range recs {
			if err := fn(r, items[r.ID]); err != nil {
				return err
			}
		}
		if len(recs) < scanChunk {
			return nil
		}
		afterID = recs[len(recs)-1].ID
	}
}

// records returns up to limit records with IDs above afterID, in ID order.
func records(ctx context.Context, q queryer, afterID int64, limit int) ([]library.Record, error) {
	rows, err := q.QueryContext(ctx, `SELECT `+recordColumns+` FROM records WHERE id > $1 ORDER BY id LIMIT $2`,
		afterID, limit)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var recs []library.Record
	for rows.Next() {
		r, err := scanRecord(rows)
		if err != nil {
			return nil, err
		}
		recs = append(recs, r)
	}
	return recs, rows.Err()
}

func scanRecord(rows *sql.Rows) (library.Record, error) {
	var r library.Record
	var material string
	var authors, subjects, genres, isbns, issns, notes, links []byte
	err := rows.Scan(&r.ID, &r.SourceID, &r.Title, &r.Subtitle, &authors, &subjects, &genres, &r.Language,
		&r.Year, &r.Publisher, &material, &isbns, &issns, &r.Series, &r.Summary, &r.Audience, &notes, &links,
		&r.Popularity, &r.MARC, &r.Created, &r.Updated)
	if err != nil {
		return r, err
	}
	r.Material = library.Material(material)
	r.Created, r.Updated = r.Created.UTC(), r.Updated.UTC()
	if len(r.MARC) == 0 {
		r.MARC = nil
	}
	err = unmarshalAll(authors, &r.Authors, subjects, &r.Subjects, genres, &r.Genres,
		isbns, &r.ISBNs, issns, &r.ISSNs, notes, &r.Notes, links, &r.Links)
	if err != nil {
		return r, fmt.Errorf("record %d: %w", r.ID, err)
	}
	return r, nil
}

// jsonText returns v as JSON text. The values stored this way (texts,
// string slices, hours) always marshal.
func jsonText(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		panic(fmt.Sprintf("store: marshal %T: %v", v, err))
	}
	return string(b)
}

// unmarshalAll decodes pairs of JSON column and destination.
func unmarshalAll(pairs ...any) error {
	for i := 0; i < len(pairs); i += 2 {
		if err := json.Unmarshal(pairs[i].([]byte), pairs[i+1]); err != nil {
			return err
		}
	}
	return nil
}

// nullTime is how an optional instant is stored: NULL for the zero time.
func nullTime(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t.UTC().Truncate(time.Microsecond)
}
