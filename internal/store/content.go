package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"github.com/kirjasto/kirjasto/internal/library"
)

// News items (library.Content). Pages are in content_pages.go; what
// both share is at the end of this file.
//
// Every change is one transaction with its audit entry. An update names
// the Version it was made from and is refused with ECONFLICT
// (error.content_changed) if another editor saved first; nothing of the
// refused edit is written. The library an item belongs to never changes:
// Permit was asked about it.

// CreateNews adds a news item, a draft or published.
func (db *DB) CreateNews(ctx context.Context, n library.NewsItem, by library.Staff, now time.Time) (library.NewsItem, error) {
	if err := n.Validate(); err != nil {
		return library.NewsItem{}, err
	}
	err := db.inTx(ctx, func(tx txn) error {
		if err := contentLibraryExists(ctx, tx, n.Library); err != nil {
			return err
		}
		var id int64
		err := tx.QueryRowContext(ctx, `
			INSERT INTO news_items (library, title, summary, body, status, publish_at, author_id, created_at, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8) RETURNING id`,
			n.Library, jsonText(n.Title), jsonText(n.Summary), jsonText(n.Body), n.Status, nullTime(n.PublishAt),
			nullID(by.ID), instant(now)).Scan(&id)
		if err != nil {
			return err
		}
		if err := auditContent(ctx, tx, library.AuditNewsCreate, n.Library, n.Title, "", by, now); err != nil {
			return err
		}
		n, err = readNews(ctx, tx, id)
		return err
	})
	if err != nil {
		return library.NewsItem{}, fmt.Errorf("create news item: %w", err)
	}
	return n, nil
}

// UpdateNews saves an item's texts and publication.
func (db *DB) UpdateNews(ctx context.Context, n library.NewsItem, by library.Staff, now time.Time) (library.NewsItem, error) {
	old, err := db.NewsItem(ctx, n.ID)
	if err != nil {
		return library.NewsItem{}, err
	}
	n.Library = old.Library
	if err := n.Validate(); err != nil {
		return library.NewsItem{}, err
	}
	err = db.inTx(ctx, func(tx txn) error {
		res, err := tx.ExecContext(ctx, `
			UPDATE news_items SET title = $1, summary = $2, body = $3, status = $4, publish_at = $5,
				updated_at = $6, version = version + 1
			WHERE id = $7 AND version = $8`,
			jsonText(n.Title), jsonText(n.Summary), jsonText(n.Body), n.Status, nullTime(n.PublishAt),
			instant(now), n.ID, n.Version)
		if err != nil {
			return err
		}
		if err := changedOne(res, "news", n.ID, n.Version); err != nil {
			return err
		}
		if err := auditContent(ctx, tx, library.AuditNewsUpdate, n.Library, n.Title, "", by, now); err != nil {
			return err
		}
		n, err = readNews(ctx, tx, n.ID)
		return err
	})
	if err != nil {
		return library.NewsItem{}, fmt.Errorf("update news item %d: %w", n.ID, err)
	}
	return n, nil
}

// PublishNews publishes an item from at on, or from now when at is zero.
func (db *DB) PublishNews(ctx context.Context, id int64, at time.Time, by library.Staff, now time.Time) (library.NewsItem, error) {
	if at.IsZero() {
		at = now
	}
	return db.setNewsPublication(ctx, id, library.Publication{Status: library.StatusPublished, PublishAt: at}, library.AuditNewsPublish, by, now)
}

// UnpublishNews makes an item a draft again: it leaves the public pages.
func (db *DB) UnpublishNews(ctx context.Context, id int64, by library.Staff, now time.Time) (library.NewsItem, error) {
	return db.setNewsPublication(ctx, id, library.Publication{Status: library.StatusDraft}, library.AuditNewsUnpublish, by, now)
}

func (db *DB) setNewsPublication(ctx context.Context, id int64, p library.Publication, action string, by library.Staff, now time.Time) (library.NewsItem, error) {
	var n library.NewsItem
	err := db.inTx(ctx, func(tx txn) error {
		if err := setPublication(ctx, tx, "news_items", id, p, now); err != nil {
			return err
		}
		var err error
		if n, err = readNews(ctx, tx, id); err != nil {
			return err
		}
		return auditContent(ctx, tx, action, n.Library, n.Title, "", by, now)
	})
	if err != nil {
		return library.NewsItem{}, fmt.Errorf("%s %d: %w", action, id, err)
	}
	return n, nil
}

// DeleteNews deletes an item for good.
func (db *DB) DeleteNews(ctx context.Context, id int64, by library.Staff, now time.Time) error {
	err := db.inTx(ctx, func(tx txn) error {
		n, err := readNews(ctx, tx, id)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM news_items WHERE id = $1`, id); err != nil {
			return err
		}
		return auditContent(ctx, tx, library.AuditNewsDelete, n.Library, n.Title, "", by, now)
	})
	if err != nil {
		return fmt.Errorf("delete news item %d: %w", id, err)
	}
	return nil
}

// NewsItem returns a news item, public or not.
func (db *DB) NewsItem(ctx context.Context, id int64) (library.NewsItem, error) {
	ns, err := scanNews(db.reader().QueryContext(ctx, newsColumns+` WHERE id = $1`, id))
	if err != nil {
		return library.NewsItem{}, fmt.Errorf("news item %d: %w", id, err)
	}
	if len(ns) == 0 {
		return library.NewsItem{}, newsNotFound(id)
	}
	return ns[0], nil
}

// News returns the items f selects, newest first, and their number.
func (db *DB) News(ctx context.Context, f library.NewsFilter) ([]library.NewsItem, int, error) {
	where, args := contentWhere(f.Libraries, f.PublicAt)
	limit := f.Limit
	if limit <= 0 {
		limit = 20
	}
	limit = min(limit, 200)
	var out []library.NewsItem
	var total int
	err := db.inReadTx(ctx, func(tx txn) error {
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM news_items`+where, args...).Scan(&total); err != nil {
			return err
		}
		var err error
		out, err = scanNews(tx.QueryContext(ctx, newsColumns+where+
			fmt.Sprintf(` ORDER BY coalesce(publish_at, created_at) DESC, id DESC LIMIT %d OFFSET %d`, limit, max(f.Offset, 0)), args...))
		return err
	})
	if err != nil {
		return nil, 0, fmt.Errorf("news: %w", err)
	}
	return out, total, nil
}

const newsColumns = `SELECT id, library, title, summary, body, status, publish_at, author_id, created_at, updated_at, version FROM news_items`

func readNews(ctx context.Context, tx txn, id int64) (library.NewsItem, error) {
	ns, err := scanNews(tx.QueryContext(ctx, newsColumns+` WHERE id = $1`, id))
	if err != nil {
		return library.NewsItem{}, err
	}
	if len(ns) == 0 {
		return library.NewsItem{}, newsNotFound(id)
	}
	return ns[0], nil
}

func scanNews(rows *sql.Rows, err error) ([]library.NewsItem, error) {
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []library.NewsItem
	for rows.Next() {
		var n library.NewsItem
		var title, summary, body []byte
		var at sql.NullTime
		var author sql.NullInt64
		if err := rows.Scan(&n.ID, &n.Library, &title, &summary, &body, &n.Status, &at, &author, &n.Created, &n.Updated, &n.Version); err != nil {
			return nil, err
		}
		if err := unmarshalAll(title, &n.Title, summary, &n.Summary, body, &n.Body); err != nil {
			return nil, fmt.Errorf("news item %d: %w", n.ID, err)
		}
		n.PublishAt = fromNullTime(at)
		n.Author = author.Int64
		n.Created, n.Updated = n.Created.UTC(), n.Updated.UTC()
		out = append(out, n)
	}
	return out, rows.Err()
}

func newsNotFound(id int64) error {
	return &library.Error{Code: library.ENOTFOUND, Key: "error.news_not_found", Message: fmt.Sprintf("news item %d not found", id)}
}

// What news items and pages share.

// contentWhere returns the WHERE clause of a list of news items or pages
// of libs (nil: all), public at publicAt unless it is zero.
func contentWhere(libs []string, publicAt time.Time) (string, []any) {
	var conds []string
	var args []any
	if libs != nil {
		if len(libs) == 0 {
			return ` WHERE 1 = 0`, nil
		}
		var ps []string
		for _, l := range libs {
			args = append(args, l)
			ps = append(ps, fmt.Sprintf("$%d", len(args)))
		}
		conds = append(conds, `library IN (`+strings.Join(ps, ", ")+`)`)
	}
	if !publicAt.IsZero() {
		args = append(args, instant(publicAt))
		conds = append(conds, fmt.Sprintf(`status = 'published' AND publish_at <= $%d`, len(args)))
	}
	if len(conds) == 0 {
		return "", nil
	}
	return ` WHERE ` + strings.Join(conds, " AND "), args
}

// setPublication sets a news item's or page's publication; table is one
// of the two, never input.
func setPublication(ctx context.Context, tx txn, table string, id int64, p library.Publication, now time.Time) error {
	res, err := tx.ExecContext(ctx, `UPDATE `+table+` SET status = $1, publish_at = $2, updated_at = $3, version = version + 1 WHERE id = $4`,
		p.Status, nullTime(p.PublishAt), instant(now), id)
	if err != nil {
		return err
	}
	if n, err := res.RowsAffected(); err != nil || n == 0 {
		if err != nil {
			return err
		}
		if table == "news_items" {
			return newsNotFound(id)
		}
		return pageNotFound(id)
	}
	return nil
}

// changedOne turns an update of no row into ECONFLICT (someone else's
// change came first) or ENOTFOUND (it was deleted meanwhile).
func changedOne(res sql.Result, what string, id, version int64) error {
	n, err := res.RowsAffected()
	if err != nil {
		return err
	}
	if n == 1 {
		return nil
	}
	return &library.Error{Code: library.ECONFLICT, Key: "error.content_changed",
		Message: fmt.Sprintf("%s %d changed since version %d, or was deleted", what, id, version)}
}

// contentLibraryExists refuses a library the consortium does not have.
func contentLibraryExists(ctx context.Context, tx txn, lib string) error {
	if lib == "" {
		return nil
	}
	var n int
	if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM libraries WHERE id = $1`, lib).Scan(&n); err != nil {
		return err
	}
	if n == 0 {
		return &library.Error{Code: library.EINVALID, Key: "error.content_library", Message: fmt.Sprintf("library: %q is not a library of the consortium", lib)}
	}
	return nil
}

// auditContent writes the audit entry of a change to a news item or page.
func auditContent(ctx context.Context, tx txn, action, lib string, title library.Text, slug string, by library.Staff, now time.Time) error {
	detail := title.Get("fi")
	if slug != "" {
		detail = slug + ": " + detail
	}
	return audit(ctx, tx, library.AuditEntry{StaffID: by.ID, Action: action, Library: lib, Detail: detail}, now)
}

func fromNullTime(t sql.NullTime) time.Time {
	if !t.Valid {
		return time.Time{}
	}
	return t.Time.UTC()
}

// DB implements library.Content.
var _ library.Content = (*DB)(nil)
