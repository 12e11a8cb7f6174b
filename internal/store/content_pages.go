package store

import (
	"cmp"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/jackc/pgx/v5/pgconn"

	"github.com/kirjasto/kirjasto/internal/library"
)

// Content pages (library.Content), as news items are kept (content.go).
// A page's slug is unique within its library, and a library has one page
// of each kind but library.PageOther: both are refused with ECONFLICT.

// CreatePage adds a page, a draft or published.
func (db *DB) CreatePage(ctx context.Context, p library.Page, by library.Staff, now time.Time) (library.Page, error) {
	if err := p.Validate(); err != nil {
		return library.Page{}, err
	}
	err := db.inTx(ctx, func(tx txn) error {
		if err := contentLibraryExists(ctx, tx, p.Library); err != nil {
			return err
		}
		if err := pageUnique(ctx, tx, p); err != nil {
			return err
		}
		var id int64
		err := tx.QueryRowContext(ctx, `
			INSERT INTO content_pages (library, slug, kind, title, body, status, publish_at, author_id, created_at, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9) RETURNING id`,
			p.Library, p.Slug, p.Kind, jsonText(p.Title), jsonText(p.Body), p.Status, nullTime(p.PublishAt),
			nullID(by.ID), instant(now)).Scan(&id)
		if err != nil {
			return pageConflict(err, p)
		}
		if err := auditContent(ctx, tx, library.AuditPageCreate, p.Library, p.Title, p.Slug, by, now); err != nil {
			return err
		}
		p, err = readPage(ctx, tx, id)
		return err
	})
	if err != nil {
		return library.Page{}, fmt.Errorf("create page %s: %w", p.Slug, err)
	}
	return p, nil
}

// UpdatePage saves a page's slug, kind, texts and publication.
func (db *DB) UpdatePage(ctx context.Context, p library.Page, by library.Staff, now time.Time) (library.Page, error) {
	old, err := db.Page(ctx, p.ID)
	if err != nil {
		return library.Page{}, err
	}
	p.Library = old.Library
	if err := p.Validate(); err != nil {
		return library.Page{}, err
	}
	err = db.inTx(ctx, func(tx txn) error {
		if err := pageUnique(ctx, tx, p); err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, `
			UPDATE content_pages SET slug = $1, kind = $2, title = $3, body = $4, status = $5, publish_at = $6,
				updated_at = $7, version = version + 1
			WHERE id = $8 AND version = $9`,
			p.Slug, p.Kind, jsonText(p.Title), jsonText(p.Body), p.Status, nullTime(p.PublishAt),
			instant(now), p.ID, p.Version)
		if err != nil {
			return pageConflict(err, p)
		}
		if err := changedOne(res, "page", p.ID, p.Version); err != nil {
			return err
		}
		if err := auditContent(ctx, tx, library.AuditPageUpdate, p.Library, p.Title, p.Slug, by, now); err != nil {
			return err
		}
		p, err = readPage(ctx, tx, p.ID)
		return err
	})
	if err != nil {
		return library.Page{}, fmt.Errorf("update page %d: %w", p.ID, err)
	}
	return p, nil
}

// pageUnique refuses a slug, or a kind other than PageOther, that another
// page of the same library has. The unique indexes stand behind it.
func pageUnique(ctx context.Context, tx txn, p library.Page) error {
	var n int
	err := tx.QueryRowContext(ctx, `SELECT count(*) FROM content_pages WHERE library = $1 AND slug = $2 AND id <> $3`,
		p.Library, p.Slug, p.ID).Scan(&n)
	if err != nil {
		return err
	}
	if n > 0 {
		return &library.Error{Code: library.ECONFLICT, Key: "error.page_slug_taken", Message: fmt.Sprintf("slug: %q is taken", p.Slug)}
	}
	if p.Kind == library.PageOther {
		return nil
	}
	err = tx.QueryRowContext(ctx, `SELECT count(*) FROM content_pages WHERE library = $1 AND kind = $2 AND id <> $3`,
		p.Library, p.Kind, p.ID).Scan(&n)
	if err != nil {
		return err
	}
	if n > 0 {
		return &library.Error{Code: library.ECONFLICT, Key: "error.page_kind_taken", Message: fmt.Sprintf("kind: the library has a %s page", p.Kind)}
	}
	return nil
}

// pageConflict words a unique index's refusal, which only a page written
// by another editor between pageUnique and the write meets (PostgreSQL
// runs writers side by side), as pageUnique does.
func pageConflict(err error, p library.Page) error {
	if !isUniqueViolation(err) {
		return err
	}
	var pe *pgconn.PgError
	if errors.As(err, &pe) && pe.ConstraintName == "content_pages_kind" || strings.Contains(err.Error(), ".kind") {
		return &library.Error{Code: library.ECONFLICT, Key: "error.page_kind_taken", Message: fmt.Sprintf("kind: the library has a %s page", p.Kind)}
	}
	return &library.Error{Code: library.ECONFLICT, Key: "error.page_slug_taken", Message: fmt.Sprintf("slug: %q is taken", p.Slug)}
}

// PublishPage publishes a page from at on, or from now when at is zero.
func (db *DB) PublishPage(ctx context.Context, id int64, at time.Time, by library.Staff, now time.Time) (library.Page, error) {
	if at.IsZero() {
		at = now
	}
	return db.setPagePublication(ctx, id, library.Publication{Status: library.StatusPublished, PublishAt: at}, library.AuditPagePublish, by, now)
}

// UnpublishPage makes a page a draft again.
func (db *DB) UnpublishPage(ctx context.Context, id int64, by library.Staff, now time.Time) (library.Page, error) {
	return db.setPagePublication(ctx, id, library.Publication{Status: library.StatusDraft}, library.AuditPageUnpublish, by, now)
}

func (db *DB) setPagePublication(ctx context.Context, id int64, pub library.Publication, action string, by library.Staff, now time.Time) (library.Page, error) {
	var p library.Page
	err := db.inTx(ctx, func(tx txn) error {
		if err := setPublication(ctx, tx, "content_pages", id, pub, now); err != nil {
			return err
		}
		var err error
		if p, err = readPage(ctx, tx, id); err != nil {
			return err
		}
		return auditContent(ctx, tx, action, p.Library, p.Title, p.Slug, by, now)
	})
	if err != nil {
		return library.Page{}, fmt.Errorf("%s %d: %w", action, id, err)
	}
	return p, nil
}

// DeletePage deletes a page for good.
func (db *DB) DeletePage(ctx context.Context, id int64, by library.Staff, now time.Time) error {
	err := db.inTx(ctx, func(tx txn) error {
		p, err := readPage(ctx, tx, id)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM content_pages WHERE id = $1`, id); err != nil {
			return err
		}
		return auditContent(ctx, tx, library.AuditPageDelete, p.Library, p.Title, p.Slug, by, now)
	})
	if err != nil {
		return fmt.Errorf("delete page %d: %w", id, err)
	}
	return nil
}

// Page returns a page, public or not.
func (db *DB) Page(ctx context.Context, id int64) (library.Page, error) {
	ps, err := scanPages(db.reader().QueryContext(ctx, pageColumns+` WHERE id = $1`, id))
	if err != nil {
		return library.Page{}, fmt.Errorf("page %d: %w", id, err)
	}
	if len(ps) == 0 {
		return library.Page{}, pageNotFound(id)
	}
	return ps[0], nil
}

// PageBySlug returns the page of a library ("" the consortium) by its
// slug, public or not: the caller shows only a public one.
func (db *DB) PageBySlug(ctx context.Context, lib, slug string) (library.Page, error) {
	ps, err := scanPages(db.reader().QueryContext(ctx, pageColumns+` WHERE library = $1 AND slug = $2`, lib, slug))
	if err != nil {
		return library.Page{}, fmt.Errorf("page %s/%s: %w", lib, slug, err)
	}
	if len(ps) == 0 {
		return library.Page{}, &library.Error{Code: library.ENOTFOUND, Key: "error.page_not_found", Message: fmt.Sprintf("page %s/%s not found", lib, slug)}
	}
	return ps[0], nil
}

// Pages returns the pages f selects: by library (the consortium's
// first), then by kind in the order of library.PageKinds, then by slug.
func (db *DB) Pages(ctx context.Context, f library.PageFilter) ([]library.Page, error) {
	where, args := contentWhere(f.Libraries, f.PublicAt)
	ps, err := scanPages(db.reader().QueryContext(ctx, pageColumns+where+` ORDER BY library, slug`, args...))
	if err != nil {
		return nil, fmt.Errorf("pages: %w", err)
	}
	slices.SortFunc(ps, func(a, b library.Page) int {
		return cmp.Or(strings.Compare(a.Library, b.Library),
			slices.Index(library.PageKinds, a.Kind)-slices.Index(library.PageKinds, b.Kind),
			strings.Compare(a.Slug, b.Slug))
	})
	return ps, nil
}

const pageColumns = `SELECT id, library, slug, kind, title, body, status, publish_at, author_id, created_at, updated_at, version FROM content_pages`

func readPage(ctx context.Context, tx txn, id int64) (library.Page, error) {
	ps, err := scanPages(tx.QueryContext(ctx, pageColumns+` WHERE id = $1`, id))
	if err != nil {
		return library.Page{}, err
	}
	if len(ps) == 0 {
		return library.Page{}, pageNotFound(id)
	}
	return ps[0], nil
}

func scanPages(rows *sql.Rows, err error) ([]library.Page, error) {
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []library.Page
	for rows.Next() {
		var p library.Page
		var title, body []byte
		var at sql.NullTime
		var author sql.NullInt64
		if err := rows.Scan(&p.ID, &p.Library, &p.Slug, &p.Kind, &title, &body, &p.Status, &at, &author, &p.Created, &p.Updated, &p.Version); err != nil {
			return nil, err
		}
		if err := unmarshalAll(title, &p.Title, body, &p.Body); err != nil {
			return nil, fmt.Errorf("page %d: %w", p.ID, err)
		}
		p.PublishAt = fromNullTime(at)
		p.Author = author.Int64
		p.Created, p.Updated = p.Created.UTC(), p.Updated.UTC()
		out = append(out, p)
	}
	return out, rows.Err()
}

func pageNotFound(id int64) error {
	return &library.Error{Code: library.ENOTFOUND, Key: "error.page_not_found", Message: fmt.Sprintf("page %d not found", id)}
}
