package store

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/kirjasto/kirjasto/internal/library"
)

// This file holds the multi-row statements UpsertRecords is built from.
// Each writes as many rows per statement as the parameter limit allows,
// because a round trip per row is what makes bulk loads slow (on
// PostgreSQL a network round trip, on SQLite a trip through the driver).
// The SQL text of a full chunk repeats, so pgx's statement cache prepares
// it once per connection.

// Rows per batch statement: a fixed number, so that the statement of a full
// chunk is prepared once per transaction, and few enough that its
// parameters (repeated shared ones included, see bind) stay below maxParams.
const (
	recordChunk = 500  // × 22 parameters
	itemChunk   = 1000 // × 10 parameters
)

// writeRecords inserts or updates recs[i] for every i in which and
// returns the IDs by source ID.
func writeRecords(ctx context.Context, tx txn, recs []library.RecordWithItems, hashes []string, which []int, now time.Time) (map[string]int64, error) {
	const cols = 20
	ids := make(map[string]int64, len(which))
	for len(which) > 0 {
		n := min(len(which), recordChunk)
		args := make([]any, 1, 1+n*cols)
		args[0] = now
		for _, i := range which[:n] {
			r := recs[i].Record
			var marc any
			if len(r.MARC) > 0 {
				marc = r.MARC
			}
			args = append(args, r.SourceID, r.Title, r.Subtitle, jsonText(r.Authors), jsonText(r.Subjects),
				jsonText(r.Genres), r.Language, r.Year, r.Publisher, string(r.Material), jsonText(r.ISBNs),
				jsonText(r.ISSNs), r.Series, r.Summary, r.Audience, jsonText(r.Notes), jsonText(r.Links), r.Popularity, marc, hashes[i])
		}
		rows, err := tx.QueryContext(ctx, `
			INSERT INTO records (source_id, title, subtitle, authors, subjects, genres, language, year,
				publisher, material, isbns, issns, series, summary, audience, notes, links, popularity, marc,
				content_hash, created, updated)
			VALUES `+valueRows(n, cols, 2, ", $1, $1")+`
			ON CONFLICT (source_id) DO UPDATE SET
				title = excluded.title, subtitle = excluded.subtitle, authors = excluded.authors,
				subjects = excluded.subjects, genres = excluded.genres, language = excluded.language,
				year = excluded.year, publisher = excluded.publisher, material = excluded.material,
				isbns = excluded.isbns, issns = excluded.issns, series = excluded.series,
				summary = excluded.summary, audience = excluded.audience, notes = excluded.notes,
				links = excluded.links, popularity = excluded.popularity, marc = excluded.marc,
				content_hash = excluded.content_hash, updated = excluded.updated,
				version = records.version + 1
			RETURNING id, source_id`, args...)
		if err != nil {
			return nil, fmt.Errorf("write records: %w", err)
		}
		for rows.Next() {
			var id int64
			var src string
			if err := rows.Scan(&id, &src); err != nil {
				rows.Close()
				return nil, fmt.Errorf("write records: %w", err)
			}
			ids[src] = id
		}
		if err := rows.Close(); err != nil {
			return nil, fmt.Errorf("write records: %w", err)
		}
		which = which[n:]
	}
	return ids, nil
}

// insertItems inserts new items and sets their IDs. A new item takes its
// status, branch and due date from the import: available at its home
// branch unless the import says otherwise.
func insertItems(ctx context.Context, tx txn, items []*library.Item, now time.Time) error {
	const cols = 9
	for len(items) > 0 {
		n := min(len(items), itemChunk)
		args := make([]any, 1, 1+n*cols)
		args[0] = now
		byBarcode := make(map[string]*library.Item, n)
		for _, it := range items[:n] {
			status, branch := it.Status, it.Branch
			if status == "" {
				status = library.Available
			}
			if branch == "" {
				branch = it.HomeBranch
			}
			args = append(args, it.RecordID, it.Barcode, it.HomeBranch, branch, it.CallNumber, it.Shelf,
				it.Collection, string(status), nullTime(it.DueAt))
			byBarcode[it.Barcode] = it
		}
		rows, err := tx.QueryContext(ctx, `
			INSERT INTO items (record_id, barcode, home_branch, branch, call_number, shelf, collection,
				status, due_at, updated)
			VALUES `+valueRows(n, cols, 2, ", $1")+`
			RETURNING id, barcode`, args...)
		if err != nil {
			return fmt.Errorf("insert items: %w", err)
		}
		for rows.Next() {
			var id int64
			var barcode string
			if err := rows.Scan(&id, &barcode); err != nil {
				rows.Close()
				return fmt.Errorf("insert items: %w", err)
			}
			byBarcode[barcode].ID = id
		}
		if err := rows.Close(); err != nil {
			return fmt.Errorf("insert items: %w", err)
		}
		items = items[n:]
	}
	return nil
}

// updateItems rewrites the description of existing items. UPDATE ... FROM
// (VALUES ...) works in both databases, whose VALUES columns are both
// named column1, column2, ...; the CAST tells PostgreSQL the ID's type.
func updateItems(ctx context.Context, tx txn, items []library.Item, now time.Time) error {
	const cols = 5
	for len(items) > 0 {
		n := min(len(items), (maxParams-1)/cols)
		args := make([]any, 1, 1+n*cols)
		args[0] = now
		var sb strings.Builder
		for i, it := range items[:n] {
			if i > 0 {
				sb.WriteString(", ")
			}
			p := 2 + i*cols
			fmt.Fprintf(&sb, "(CAST($%d AS BIGINT), $%d, $%d, $%d, $%d)", p, p+1, p+2, p+3, p+4)
			args = append(args, it.ID, it.HomeBranch, it.CallNumber, it.Shelf, it.Collection)
		}
		_, err := tx.ExecContext(ctx, `
			UPDATE items SET home_branch = v.column2, call_number = v.column3, shelf = v.column4,
				collection = v.column5, updated = $1
			FROM (VALUES `+sb.String()+`) AS v
			WHERE items.id = v.column1`, args...)
		if err != nil {
			return fmt.Errorf("update items: %w", err)
		}
		items = items[n:]
	}
	return nil
}

// deleteItems deletes items by ID, except any that went on loan since
// they were read: a copy in a patron's hands must stay on record.
func deleteItems(ctx context.Context, tx txn, ids []any) error {
	err := inChunks(ids, 1, func(chunk []any) error {
		_, err := tx.ExecContext(ctx, `DELETE FROM items WHERE status <> 'on_loan' AND id IN (`+
			placeholders(len(chunk), 1)+`)`, chunk...)
		return err
	})
	if err != nil {
		return fmt.Errorf("delete items: %w", err)
	}
	return nil
}

// inChunks calls fn with successive pieces of args small enough for one
// statement, leaving room for extra parameters before them.
func inChunks(args []any, extra int, fn func(chunk []any) error) error {
	for len(args) > 0 {
		n := min(len(args), maxParams-extra)
		if err := fn(args[:n]); err != nil {
			return err
		}
		args = args[n:]
	}
	return nil
}

// placeholders returns "$first, $first+1, ..." for n parameters.
func placeholders(n, first int) string {
	b := make([]byte, 0, n*7)
	for i := range n {
		if i > 0 {
			b = append(b, ", "...)
		}
		b = appendParam(b, first+i)
	}
	return string(b)
}

// appendParam appends $n; strconv rather than fmt, because a batch
// statement has tens of thousands of them.
func appendParam(b []byte, n int) []byte {
	return strconv.AppendInt(append(b, '$'), int64(n), 10)
}

// valueRows returns n parenthesised rows of cols parameters numbered from
// first, each ending with suffix (shared parameters such as ", $1").
func valueRows(n, cols, first int, suffix string) string {
	b := make([]byte, 0, n*(cols*8+len(suffix)+4))
	p := first
	for i := range n {
		if i > 0 {
			b = append(b, ", "...)
		}
		b = append(b, '(')
		for j := range cols {
			if j > 0 {
				b = append(b, ", "...)
			}
			b = appendParam(b, p)
			p++
		}
		b = append(b, suffix...)
		b = append(b, ')')
	}
	return string(b)
}
