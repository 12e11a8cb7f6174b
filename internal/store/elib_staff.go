package store

import (
	"context"
	"fmt"
	"strings"

	"github.com/kirjasto/kirjasto/internal/library"
)

// The e-collection as the staff's pages list it (internal/web/elibstaff).

// DB implements library.ELibraryStaff.
var _ library.ELibraryStaff = (*DB)(nil)

// ELicences returns a page of the libraries' licences by title (then in
// the order loans take them), with how many match and the distributors
// of the libraries' licences.
func (db *DB) ELicences(ctx context.Context, f library.ELicenceFilter) (library.ELicencePage, error) {
	var pg library.ELicencePage
	where, args := []string{"1 = 1"}, []any{}
	arg := func(v any) string {
		args = append(args, v)
		return fmt.Sprintf("$%d", len(args))
	}
	if f.Libraries != nil {
		if len(f.Libraries) == 0 {
			return pg, nil
		}
		var ps []string
		for _, lib := range f.Libraries {
			ps = append(ps, arg(lib))
		}
		where = append(where, "l.library IN ("+strings.Join(ps, ", ")+")")
	}
	libWhere, libArgs := strings.Join(where, " AND "), append([]any(nil), args...)
	if f.Records != nil {
		ps := []string{"0"}
		for _, id := range f.Records {
			ps = append(ps, arg(id))
		}
		where = append(where, "l.record_id IN ("+strings.Join(ps, ", ")+")")
	}
	if f.Distributor != "" {
		where = append(where, "l.distributor = "+arg(f.Distributor))
	}
	if f.Model != "" {
		where = append(where, "l.model = "+arg(f.Model))
	}
	if f.Status != "" {
		where = append(where, "l.status = "+arg(f.Status))
	}
	cond := strings.Join(where, " AND ")
	err := db.inReadTx(ctx, func(tx txn) error {
		pg = library.ELicencePage{}
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM e_licences l WHERE `+cond, args...).Scan(&pg.Total); err != nil {
			return err
		}
		rows, err := tx.QueryContext(ctx, `SELECT DISTINCT l.distributor FROM e_licences l WHERE `+libWhere+` ORDER BY l.distributor`, libArgs...)
		if err != nil {
			return err
		}
		for rows.Next() {
			var d string
			if err := rows.Scan(&d); err != nil {
				rows.Close()
				return err
			}
			pg.Distributors = append(pg.Distributors, d)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		q := `SELECT ` + licenceColumns + ` FROM e_licences l JOIN records r ON r.id = l.record_id WHERE ` + cond +
			` ORDER BY lower(r.title), r.id, CASE WHEN l.expires_at IS NULL THEN 1 ELSE 0 END, l.expires_at, l.id`
		if f.Limit > 0 {
			q += fmt.Sprintf(" LIMIT %d OFFSET %d", f.Limit, max(0, f.Offset))
		}
		rows, err = tx.QueryContext(ctx, q, args...)
		if err != nil {
			return err
		}
		ls, err := scanLicences(rows)
		if err != nil {
			return err
		}
		titles, err := licenceTitles(ctx, tx, ls)
		if err != nil {
			return err
		}
		for _, l := range ls {
			pg.Licences = append(pg.Licences, library.TitledLicence{Licence: l, Title: titles[l.RecordID]})
		}
		return nil
	})
	if err != nil {
		return library.ELicencePage{}, fmt.Errorf("e-licences: %w", err)
	}
	return pg, nil
}

// licenceTitles returns the titles of the licences' records.
func licenceTitles(ctx context.Context, tx txn, ls []library.Licence) (map[int64]string, error) {
	titles := map[int64]string{}
	if len(ls) == 0 {
		return titles, nil
	}
	var ps []string
	var args []any
	for _, l := range ls {
		if _, ok := titles[l.RecordID]; ok {
			continue
		}
		titles[l.RecordID] = ""
		args = append(args, l.RecordID)
		ps = append(ps, fmt.Sprintf("$%d", len(args)))
	}
	rows, err := tx.QueryContext(ctx, `SELECT id, title FROM records WHERE id IN (`+strings.Join(ps, ", ")+`)`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var t string
		if err := rows.Scan(&id, &t); err != nil {
			return nil, err
		}
		titles[id] = t
	}
	return titles, rows.Err()
}
