package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/kirjasto/kirjasto/internal/library"
)

// What questions (question.go) and feedback (feedback.go) share: their
// tables have the same sender and handling columns, and staff take,
// answer and close both the same way. Every staff step locks the row,
// asks Permit at the row's library, checks the state, writes, and audits
// in one transaction; the caller adds the notice in the same one.

// askTable names what the shared helpers work on; its fields are
// constants of this package, never input.
type askTable struct {
	name     string // the table
	notFound string // the key of its ENOTFOUND
	assign   string // audit codes
	answer   string
	close    string
}

var (
	questionTable = askTable{"questions", "error.question_not_found",
		library.AuditQuestionAssign, library.AuditQuestionAnswer, library.AuditQuestionClose}
	feedbackTable = askTable{"feedback", "error.feedback_not_found",
		library.AuditFeedbackAssign, library.AuditFeedbackAnswer, library.AuditFeedbackClose}
)

// senderColumns and handlingColumns read a row of either table aliased
// t, joined with patrons p (the sender) and staff s (who has it).
const senderColumns = `COALESCE(t.patron_id, 0), t.guest_name, t.guest_email, t.lang, COALESCE(p.name, '')`
const handlingColumns = `t.status, COALESCE(t.assigned_to, 0), COALESCE(s.name, ''), t.answer, COALESCE(t.answered_by, 0),
	t.created_at, t.assigned_at, t.answered_at, t.closed_at, t.updated_at`
const askJoins = ` t LEFT JOIN patrons p ON p.id = t.patron_id LEFT JOIN staff s ON s.id = t.assigned_to`

// askScan holds what a row's shared columns scan into until fix makes
// them a Sender and a Handling.
type askScan struct {
	assigned, answered, closed sql.NullTime
}

func (a *askScan) dest(s *library.Sender, h *library.Handling) []any {
	return []any{&s.PatronID, &s.GuestName, &s.GuestEmail, &s.Lang, &s.PatronName,
		&h.Status, &h.AssignedTo, &h.AssignedName, &h.Answer, &h.AnsweredBy,
		&h.Created, &a.assigned, &a.answered, &a.closed, &h.Updated}
}

func (a *askScan) fix(h *library.Handling) {
	h.Created, h.Updated = h.Created.UTC(), h.Updated.UTC()
	h.Assigned, h.Answered, h.Closed = zeroTime(a.assigned), zeroTime(a.answered), zeroTime(a.closed)
}

// askRow is a locked row as a staff step needs it.
type askRow struct {
	library string
	status  string
	sender  library.Sender
}

// lockAsk locks a row of t and reads what a staff step needs.
func lockAsk(ctx context.Context, tx txn, t askTable, id int64) (askRow, error) {
	var r askRow
	err := tx.QueryRowContext(ctx, `SELECT library_id, status, COALESCE(patron_id, 0), guest_name, guest_email, lang
		FROM `+t.name+` WHERE id = $1`+tx.d.lockRow("FOR UPDATE"), id).
		Scan(&r.library, &r.status, &r.sender.PatronID, &r.sender.GuestName, &r.sender.GuestEmail, &r.sender.Lang)
	if errors.Is(err, sql.ErrNoRows) {
		return r, &library.Error{Code: library.ENOTFOUND, Key: t.notFound, Message: fmt.Sprintf("%s %d not found", t.name, id)}
	}
	return r, err
}

func askScope(lib string) library.Scope {
	if lib == "" {
		return library.ConsortiumScope
	}
	return library.LibraryScope(lib)
}

// askStatusErr refuses a step the row's state does not allow.
func askStatusErr(t askTable, id int64, status string) error {
	return &library.Error{Code: library.ECONFLICT, Key: "error.ask_status",
		Message: fmt.Sprintf("%s %d is %s", t.name, id, status)}
}

// askAudit writes a staff step's audit entry: the row by ID, never the
// sender or the text.
func askAudit(ctx context.Context, tx txn, action string, by library.Staff, lib, detail string, now time.Time) error {
	return audit(ctx, tx, library.AuditEntry{StaffID: by.ID, Action: action, Library: lib, Detail: detail}, now)
}

// assignAsk gives a new or assigned row to the staff member to, who must
// be allowed to handle it too.
func assignAsk(ctx context.Context, tx txn, t askTable, by library.Staff, id, to int64, now time.Time) error {
	r, err := lockAsk(ctx, tx, t, id)
	if err != nil {
		return err
	}
	if err := library.Permit(by, library.ActAsk, askScope(r.library)); err != nil {
		return err
	}
	if r.status != library.AskNew && r.status != library.AskAssigned {
		return askStatusErr(t, id, r.status)
	}
	assignee, err := staffByID(ctx, tx, to)
	if err != nil {
		return err
	}
	if !assignee.DisabledAt.IsZero() || library.Permit(assignee, library.ActAsk, askScope(r.library)) != nil {
		return &library.Error{Code: library.EINVALID, Key: "error.ask_assignee",
			Message: fmt.Sprintf("staff %d cannot handle %s %d", to, t.name, id)}
	}
	_, err = tx.ExecContext(ctx, `UPDATE `+t.name+` SET status = 'assigned', assigned_to = $1,
		assigned_at = COALESCE(assigned_at, $2), updated_at = $2 WHERE id = $3`, to, now, id)
	if err != nil {
		return err
	}
	return askAudit(ctx, tx, t.assign, by, r.library, fmt.Sprintf("%s %d to %s (%d)", t.name, id, assignee.Username, to), now)
}

// answerAsk saves the answer to a new or assigned row, which becomes the
// answerer's if nobody had it. It returns the row as locked, for the
// notice.
func answerAsk(ctx context.Context, tx txn, t askTable, by library.Staff, id int64, answer string, now time.Time) (askRow, error) {
	answer, err := library.ValidateAnswer(answer)
	if err != nil {
		return askRow{}, err
	}
	r, err := lockAsk(ctx, tx, t, id)
	if err != nil {
		return r, err
	}
	if err := library.Permit(by, library.ActAsk, askScope(r.library)); err != nil {
		return r, err
	}
	if r.status != library.AskNew && r.status != library.AskAssigned {
		return r, askStatusErr(t, id, r.status)
	}
	_, err = tx.ExecContext(ctx, `UPDATE `+t.name+` SET status = 'answered', answer = $1, answered_by = $2, answered_at = $3,
		assigned_to = COALESCE(assigned_to, $2), assigned_at = COALESCE(assigned_at, $3), updated_at = $3 WHERE id = $4`,
		answer, by.ID, now, id)
	if err != nil {
		return r, err
	}
	return r, askAudit(ctx, tx, t.answer, by, r.library, fmt.Sprintf("%s %d", t.name, id), now)
}

// closeAsk closes a row that is not closed yet.
func closeAsk(ctx context.Context, tx txn, t askTable, by library.Staff, id int64, now time.Time) error {
	r, err := lockAsk(ctx, tx, t, id)
	if err != nil {
		return err
	}
	if err := library.Permit(by, library.ActAsk, askScope(r.library)); err != nil {
		return err
	}
	if r.status == library.AskClosed {
		return askStatusErr(t, id, r.status)
	}
	if _, err := tx.ExecContext(ctx, `UPDATE `+t.name+` SET status = 'closed', closed_at = $1, updated_at = $1 WHERE id = $2`, now, id); err != nil {
		return err
	}
	return askAudit(ctx, tx, t.close, by, r.library, fmt.Sprintf("%s %d", t.name, id), now)
}

// askWhere is the WHERE clause of a staff list of questions or
// feedback (aliased t), with its order and limit.
func askWhere(f library.AskFilter) (string, []any) {
	statuses := f.Statuses
	if statuses == nil {
		statuses = []string{library.AskNew, library.AskAssigned}
	}
	where, args := listWhere(f.Libraries, statuses)
	if f.AssignedTo != 0 {
		args = append(args, f.AssignedTo)
		where += fmt.Sprintf(" AND t.assigned_to = $%d", len(args))
	}
	limit := f.Limit
	if limit <= 0 {
		limit = 100
	}
	return where + fmt.Sprintf(` ORDER BY t.created_at, t.id LIMIT %d`, min(limit, 500)), args
}

// listWhere is the WHERE clause that keeps the rows of a table aliased
// t whose library is one of libs (nil: any) and whose status is one of
// statuses.
func listWhere(libs, statuses []string) (string, []any) {
	var conds []string
	var args []any
	in := func(col string, vals []string) {
		if len(vals) == 0 {
			conds = append(conds, `1 = 0`)
			return
		}
		var ps []string
		for _, v := range vals {
			args = append(args, v)
			ps = append(ps, fmt.Sprintf("$%d", len(args)))
		}
		conds = append(conds, col+` IN (`+strings.Join(ps, ", ")+`)`)
	}
	if libs != nil {
		in("t.library_id", libs)
	}
	in("t.status", statuses)
	return ` WHERE ` + strings.Join(conds, " AND "), args
}

// askLibraryExists refuses a library the consortium does not have, and
// a branch that is not the library's.
func askLibraryExists(ctx context.Context, tx txn, lib, branch string) error {
	if err := contentLibraryExists(ctx, tx, lib); err != nil {
		return &library.Error{Code: library.EINVALID, Key: "error.ask_library", Message: err.Error()}
	}
	if branch == "" {
		return nil
	}
	got, err := branchLibrary(ctx, tx, branch)
	if err != nil {
		return err
	}
	if got != lib {
		return &library.Error{Code: library.EINVALID, Key: "error.feedback_branch",
			Message: fmt.Sprintf("branch: %q is not a branch of %q", branch, lib)}
	}
	return nil
}

// askNotice queues a notice to the sender of a question or feedback: a
// patron's through their channel (or, when channel is set, that one), a
// guest's to their e-mail address; none to a guest without one.
func askNotice(ctx context.Context, tx txn, s library.Sender, lib, kind, channel string, params map[string]string, now time.Time) error {
	if s.PatronID != 0 {
		_, err := insertNotice(ctx, tx, library.Notice{PatronID: s.PatronID, Kind: kind, Channel: channel, Params: params, Created: now})
		return err
	}
	if s.GuestEmail == "" {
		return nil // no address given, or erased by EraseAskGuests
	}
	g := &library.Guest{Name: s.GuestName, Email: s.GuestEmail, Lang: s.Lang}
	_, err := insertGuestNotice(ctx, tx, library.Notice{Guest: g, Kind: kind, Params: params, Created: now}, lib)
	return err
}

// EraseAskGuests removes guests' names and e-mail addresses from the
// questions and feedback answered or closed library.AskGuestRetention
// ago; the questions and feedback stay, nameless, for the statistics.
// Their notices' copies go with EraseEventGuests, which clears every
// guest's sent notices. A sweep; it returns how many rows it erased.
func (db *DB) EraseAskGuests(ctx context.Context, now time.Time) (int, error) {
	cutoff := instant(now).Add(-library.AskGuestRetention)
	n := 0
	err := db.inTx(ctx, func(tx txn) error {
		n = 0
		for _, table := range []string{"questions", "feedback"} {
			k, err := execCount(ctx, tx, `UPDATE `+table+` SET guest_name = '', guest_email = ''
				WHERE patron_id IS NULL AND (guest_name <> '' OR guest_email <> '')
				  AND status IN ('answered', 'closed') AND COALESCE(closed_at, answered_at) < $1`, cutoff)
			if err != nil {
				return err
			}
			n += k
		}
		return nil
	})
	if err != nil {
		return 0, fmt.Errorf("erase guests of questions and feedback: %w", err)
	}
	return n, nil
}

// anonymiseAsk removes a closing account's questions, feedback and
// suggestions from its name: what the patron wrote goes, and what is
// still open is closed, as nobody could be told the answer; the rows
// stay for the counts and response times. Staff's published texts of
// feedback stay, as they name nobody.
func anonymiseAsk(ctx context.Context, tx txn, patronID int64, now time.Time) error {
	for _, table := range []string{"questions", "feedback"} {
		_, err := tx.ExecContext(ctx, `UPDATE `+table+` SET patron_id = NULL, body = '', answer = '',
			status = CASE WHEN status IN ('new', 'assigned') THEN 'closed' ELSE status END,
			closed_at = CASE WHEN status IN ('new', 'assigned') THEN $1 ELSE closed_at END, updated_at = $1
			WHERE patron_id = $2`, now, patronID)
		if err != nil {
			return err
		}
	}
	_, err := tx.ExecContext(ctx, `UPDATE suggestions SET patron_id = NULL, why = '', pickup_branch = '' WHERE patron_id = $1`, patronID)
	return err
}

// DB implements library.AskWorkspace.
var _ library.AskWorkspace = (*DB)(nil)

// AskSummaries counts the open questions and feedback and the new
// suggestions of each library, with the oldest of each.
func (db *DB) AskSummaries(ctx context.Context, libs []string) ([]library.AskSummary, error) {
	byLib := map[string]*library.AskSummary{}
	get := func(lib string) *library.AskSummary {
		if byLib[lib] == nil {
			byLib[lib] = &library.AskSummary{Library: lib}
		}
		return byLib[lib]
	}
	for _, lib := range libs {
		get(lib)
	}
	parts := []struct {
		table, status string
		count         func(*library.AskSummary) (*int, *time.Time)
	}{
		{"questions", "t.status IN ('new', 'assigned')", func(s *library.AskSummary) (*int, *time.Time) { return &s.Questions, &s.OldestQuestion }},
		{"feedback", "t.status IN ('new', 'assigned')", func(s *library.AskSummary) (*int, *time.Time) { return &s.Feedback, &s.OldestFeedback }},
		{"suggestions", "t.status = 'new'", func(s *library.AskSummary) (*int, *time.Time) { return &s.Suggestions, &s.OldestSuggestion }},
	}
	err := db.inReadTx(ctx, func(tx txn) error {
		for _, p := range parts {
			// Every open row, oldest first: the oldest is the first
			// seen, read as a plain column, as the other reads of
			// timestamps are. What waits is hundreds of rows at most.
			rows, err := tx.QueryContext(ctx, `SELECT t.library_id, t.created_at FROM `+p.table+` t
				WHERE `+p.status+` ORDER BY t.created_at`)
			if err != nil {
				return err
			}
			for rows.Next() {
				var lib string
				var at time.Time
				if err := rows.Scan(&lib, &at); err != nil {
					rows.Close()
					return err
				}
				if libs != nil && byLib[lib] == nil {
					continue
				}
				n, oldest := p.count(get(lib))
				if *n == 0 {
					*oldest = at.UTC()
				}
				*n++
			}
			rows.Close()
			if err := rows.Err(); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("ask summaries: %w", err)
	}
	order := libs
	if order == nil {
		for lib := range byLib {
			order = append(order, lib)
		}
		slices.Sort(order)
	}
	out := make([]library.AskSummary, 0, len(order))
	for _, lib := range order {
		out = append(out, *byLib[lib])
	}
	return out, nil
}
