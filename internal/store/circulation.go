package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5/pgconn"

	"github.com/kirjasto/kirjasto/internal/library"
)

// Circulation on SQL. Every exported method is one transaction. What keeps
// it correct when desks, kiosks, web users and sweeps act at once:
//
//   - SQLite has one writer connection, so write transactions run one
//     after another and every check sees the state the last one left.
//   - PostgreSQL runs them side by side at READ COMMITTED. Rows are locked
//     in one order (patron, item, record, holds), so transactions queue
//     behind each other instead of deciding on stale reads; where a
//     transaction holding a record lock wants a copy, it skips copies other
//     transactions hold (SKIP LOCKED) rather than wait against the order.
//     State changes are conditional UPDATEs (WHERE status = ...), and
//     unique indexes (one open loan per item, one open hold per copy) stand
//     behind all of it. A deadlock the order misses is retried.
//
// Instants are stored in UTC with microseconds; days (due dates, pickup
// dates, freezes) are days in Helsinki.

// DB implements the circulation interfaces.
var (
	_ library.Circulation = (*DB)(nil)
	_ library.WorkLists   = (*DB)(nil)
)

// lockRow returns clause ("FOR UPDATE", "FOR NO KEY UPDATE SKIP LOCKED" ...)
// on PostgreSQL and nothing on SQLite, whose single writer already holds
// the whole database.
func (d dialect) lockRow(clause string) string {
	if d == postgres {
		return " " + clause
	}
	return ""
}

// circTx runs fn in a write transaction, retrying a few times when
// PostgreSQL picks it as the victim of a deadlock or a serialisation
// failure, which the lock order makes rare but cannot rule out.
func (db *DB) circTx(ctx context.Context, fn func(tx txn) error) error {
	for attempt := 0; ; attempt++ {
		err := db.inTx(ctx, fn)
		var pe *pgconn.PgError
		if attempt < 4 && errors.As(err, &pe) && (pe.Code == "40P01" || pe.Code == "40001") {
			continue
		}
		return err
	}
}

// utc normalises an instant as the database keeps it.
func utc(t time.Time) time.Time { return t.UTC().Truncate(time.Microsecond) }

// today returns the library day of an instant.
func today(now time.Time) library.Date { return library.DateOf(now.In(library.Helsinki)) }

// patronRow is what circulation needs to know of a patron.
type patronRow struct {
	ID           int64
	Card         string
	Name         string
	Category     string
	HomeLibrary  string
	HistoryOptIn bool
	BlockReason  string
	Closed       bool
	Provisional  bool   // registered online, not yet confirmed: no physical loans (see patron_register.go)
	BirthDate    string // 'YYYY-MM-DD' or '': only ever logged as an age group
}

// lockPatron reads a patron and, on PostgreSQL, locks the row until commit,
// so that two checkouts for one patron cannot both pass the loan limit.
// NO KEY UPDATE does not block inserts of fees or loans that refer to the
// patron.
func lockPatron(ctx context.Context, tx txn, id int64) (patronRow, error) {
	var p patronRow
	var closed sql.NullTime
	err := tx.QueryRowContext(ctx, `
		SELECT id, card_number, name, category, home_library, history_opt_in, block_reason, closed_at, provisional, birth_date
		FROM patrons WHERE id = $1`+tx.d.lockRow("FOR NO KEY UPDATE"), id).
		Scan(&p.ID, &p.Card, &p.Name, &p.Category, &p.HomeLibrary, &p.HistoryOptIn, &p.BlockReason, &closed, &p.Provisional, &p.BirthDate)
	if errors.Is(err, sql.ErrNoRows) {
		return p, library.Errorf(library.ENOTFOUND, "patron %d not found", id)
	}
	p.Closed = closed.Valid
	return p, err
}

// checkNotBlocked refuses a patron who may not borrow, renew or reserve:
// a closed account, a manual block, or open fees over the threshold.
func checkNotBlocked(ctx context.Context, tx txn, p patronRow, pol library.Policy) error {
	switch {
	case p.Closed:
		return &library.Error{Code: library.EFORBIDDEN, Key: "error.account_closed", Message: fmt.Sprintf("patron %d: account closed", p.ID)}
	case p.BlockReason != "":
		return &library.Error{Code: library.EFORBIDDEN, Key: "error.patron_blocked", Message: fmt.Sprintf("patron %d blocked: %s", p.ID, p.BlockReason)}
	}
	owed, err := openFees(ctx, tx, p.ID)
	if err != nil {
		return err
	}
	if pol.BlockThreshold > 0 && owed > pol.BlockThreshold {
		return &library.Error{Code: library.EFORBIDDEN, Key: "error.patron_blocked_fees",
			Message: fmt.Sprintf("patron %d owes %d cents, over the limit of %d", p.ID, owed, pol.BlockThreshold)}
	}
	return nil
}

// lockItem reads the item with barcode and, on PostgreSQL, locks it.
func lockItem(ctx context.Context, tx txn, barcode string) (library.Item, error) {
	rows, err := tx.QueryContext(ctx, `SELECT `+itemColumns+` FROM items WHERE barcode = $1`+tx.d.lockRow("FOR UPDATE"), barcode)
	if err != nil {
		return library.Item{}, err
	}
	its, err := scanItems(rows)
	if err != nil {
		return library.Item{}, err
	}
	if len(its) == 0 {
		return library.Item{}, &library.Error{Code: library.ENOTFOUND, Key: "error.item_not_found", Message: fmt.Sprintf("item %s not found", barcode)}
	}
	return its[0], nil
}

// lockRecord serialises, per title, the transactions that match copies
// with holds: a hold placed while a copy of the title comes back must see
// the copy or be seen by its check-in, never miss it.
func lockRecord(ctx context.Context, tx txn, recordID int64) (material library.Material, title string, err error) {
	err = tx.QueryRowContext(ctx, `SELECT material, title FROM records WHERE id = $1`+tx.d.lockRow("FOR NO KEY UPDATE"), recordID).
		Scan(&material, &title)
	if errors.Is(err, sql.ErrNoRows) {
		return "", "", library.Errorf(library.ENOTFOUND, "record %d not found", recordID)
	}
	return material, title, err
}

// branchRow is a branch's library and hours.
type branchRow struct {
	ID      string
	Library string
	Hours   library.Hours
	Closed  bool // closed for good: lends nothing, takes no pickups
}

// branchInfo returns a branch's library and hours. A branch the consortium
// does not list (an item's home from an old import) has neither.
func branchInfo(ctx context.Context, tx txn, id string) (branchRow, error) {
	bs, err := branches(ctx, tx, id)
	if err != nil || len(bs) == 0 || id == "" {
		return branchRow{ID: id}, err
	}
	return branchRow{ID: id, Library: bs[0].LibraryID, Hours: bs[0].Hours, Closed: bs[0].Closed()}, nil
}

// ruleFor returns the loan rule for a patron and an item.
func ruleFor(ctx context.Context, tx txn, pol library.Policy, category string, m library.Material, it library.Item) (library.LoanRule, error) {
	home, err := branchInfo(ctx, tx, it.HomeBranch)
	if err != nil {
		return library.LoanRule{}, err
	}
	r, _ := pol.Rule(category, m, home.Library)
	return r, nil
}

// actorBranch returns where an action happened: the actor's branch, else
// the item's.
func actorBranch(by library.Actor, it library.Item) string {
	if by.Branch != "" {
		return by.Branch
	}
	return it.Branch
}

// setItem moves a locked item to a status at a branch.
func setItem(ctx context.Context, tx txn, it *library.Item, status library.ItemStatus, branch string, due, now time.Time) error {
	_, err := tx.ExecContext(ctx, `UPDATE items SET status = $1, branch = $2, due_at = $3, updated = $4 WHERE id = $5`,
		string(status), branch, nullTime(due), now, it.ID)
	if err != nil {
		return fmt.Errorf("item %s to %s: %w", it.Barcode, status, err)
	}
	it.Status, it.Branch, it.DueAt, it.Updated = status, branch, utc0(due), now
	return nil
}

// utc0 is utc, keeping the zero time zero.
func utc0(t time.Time) time.Time {
	if t.IsZero() {
		return t
	}
	return utc(t)
}

const loanColumns = `id, patron_id, COALESCE(item_id, 0), barcode, record_id, branch, loaned_at, due_at, renewals, returned_at`

func scanLoans(rows *sql.Rows) ([]library.Loan, error) {
	defer rows.Close()
	var ls []library.Loan
	for rows.Next() {
		var l library.Loan
		var returned sql.NullTime
		if err := rows.Scan(&l.ID, &l.PatronID, &l.ItemID, &l.Barcode, &l.RecordID, &l.Branch,
			&l.LoanedAt, &l.DueAt, &l.Renewals, &returned); err != nil {
			return nil, err
		}
		l.LoanedAt, l.DueAt = l.LoanedAt.UTC(), l.DueAt.UTC()
		if returned.Valid {
			l.ReturnedAt = returned.Time.UTC()
		}
		ls = append(ls, l)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	return ls, rows.Close()
}

// Loans returns a patron's current loans, soonest due first.
func (db *DB) Loans(ctx context.Context, patronID int64) ([]library.Loan, error) {
	rows, err := db.reader().QueryContext(ctx, `SELECT `+loanColumns+` FROM loans
		WHERE patron_id = $1 AND returned_at IS NULL ORDER BY due_at, id`, patronID)
	if err != nil {
		return nil, fmt.Errorf("loans of patron %d: %w", patronID, err)
	}
	ls, err := scanLoans(rows)
	if err != nil {
		return nil, fmt.Errorf("loans of patron %d: %w", patronID, err)
	}
	return ls, nil
}
