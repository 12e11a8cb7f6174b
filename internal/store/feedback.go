package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/kirjasto/kirjasto/internal/library"
)

// Feedback (library.FeedbackService); staff take, answer and close it as
// they do questions (ask.go).

// DB implements library.FeedbackService.
var _ library.FeedbackService = (*DB)(nil)

// SendFeedback saves new feedback.
func (db *DB) SendFeedback(ctx context.Context, f library.Feedback, now time.Time) (library.Feedback, error) {
	if err := f.Validate(); err != nil {
		return library.Feedback{}, err
	}
	now = instant(now)
	err := db.inTx(ctx, func(tx txn) error {
		if err := askLibraryExists(ctx, tx, f.Library, f.Branch); err != nil {
			return err
		}
		if err := askPatronOpen(ctx, tx, f.PatronID); err != nil {
			return err
		}
		var id int64
		err := tx.QueryRowContext(ctx, `INSERT INTO feedback (kind, library_id, branch_id, body, consent, patron_id, guest_name,
				guest_email, lang, status, created_at, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 'new', $10, $10) RETURNING id`,
			f.Kind, f.Library, f.Branch, f.Text, f.Consent, nullID(f.PatronID), f.GuestName, f.GuestEmail, f.Lang, now).Scan(&id)
		if err != nil {
			return err
		}
		if f, err = readFeedback(ctx, tx, id); err != nil {
			return err
		}
		return askNewNotice(ctx, tx, f.Library, library.NoticeAskNewFeedback, library.StaffFeedbackPath(id), id,
			map[string]string{"kind": f.Kind}, now)
	})
	if err != nil {
		return library.Feedback{}, fmt.Errorf("send feedback to %q: %w", f.Library, err)
	}
	return f, nil
}

// Feedback returns one piece of feedback.
func (db *DB) Feedback(ctx context.Context, id int64) (library.Feedback, error) {
	f, err := readFeedback(ctx, db.reader(), id)
	if err != nil {
		return library.Feedback{}, fmt.Errorf("feedback %d: %w", id, err)
	}
	return f, nil
}

// ListFeedback returns the feedback f selects, oldest first.
func (db *DB) ListFeedback(ctx context.Context, f library.AskFilter) ([]library.Feedback, error) {
	where, args := askWhere(f)
	fs, err := scanFeedback(db.reader().QueryContext(ctx, feedbackSelect+where, args...))
	if err != nil {
		return nil, fmt.Errorf("feedback: %w", err)
	}
	return fs, nil
}

// PatronFeedback returns a patron's feedback, newest first.
func (db *DB) PatronFeedback(ctx context.Context, patronID int64) ([]library.Feedback, error) {
	fs, err := scanFeedback(db.reader().QueryContext(ctx, feedbackSelect+` WHERE t.patron_id = $1 ORDER BY t.created_at DESC, t.id DESC`, patronID))
	if err != nil {
		return nil, fmt.Errorf("feedback of patron %d: %w", patronID, err)
	}
	return fs, nil
}

// PublishedFeedback returns a library's published feedback, newest
// first: staff's summaries and answers, and nothing of the sender.
func (db *DB) PublishedFeedback(ctx context.Context, libraryID string, limit int) ([]library.Feedback, error) {
	if limit <= 0 {
		limit = 20
	}
	rows, err := db.reader().QueryContext(ctx, `SELECT id, kind, library_id, branch_id, published_summary, published_answer, published_at
		FROM feedback WHERE library_id = $1 AND published_at IS NOT NULL AND consent = $2
		ORDER BY published_at DESC, id DESC LIMIT $3`, libraryID, true, min(limit, 200))
	if err != nil {
		return nil, fmt.Errorf("published feedback of %q: %w", libraryID, err)
	}
	defer rows.Close()
	var out []library.Feedback
	for rows.Next() {
		var f library.Feedback
		if err := rows.Scan(&f.ID, &f.Kind, &f.Library, &f.Branch, &f.PublicSummary, &f.PublicAnswer, &f.PublishedAt); err != nil {
			return nil, fmt.Errorf("published feedback of %q: %w", libraryID, err)
		}
		f.PublishedAt = f.PublishedAt.UTC()
		f.Consent = true
		out = append(out, f)
	}
	return out, rows.Err()
}

// AssignFeedback gives feedback to a staff member.
func (db *DB) AssignFeedback(ctx context.Context, by library.Staff, id, to int64, now time.Time) (library.Feedback, error) {
	return db.feedbackStep(ctx, id, "assign", func(tx txn) error {
		return assignAsk(ctx, tx, feedbackTable, by, id, to, instant(now))
	})
}

// AnswerFeedback saves the answer and queues the notice that tells it,
// when there is an address.
func (db *DB) AnswerFeedback(ctx context.Context, by library.Staff, id int64, answer string, now time.Time) (library.Feedback, error) {
	now = instant(now)
	return db.feedbackStep(ctx, id, "answer", func(tx txn) error {
		r, err := answerAsk(ctx, tx, feedbackTable, by, id, answer, now)
		if err != nil {
			return err
		}
		f, err := readFeedback(ctx, tx, id)
		if err != nil {
			return err
		}
		return askNotice(ctx, tx, r.sender, f.Library, library.NoticeFeedbackAnswered, "", map[string]string{"answer": f.Handling.Answer}, now)
	})
}

// CloseFeedback settles feedback.
func (db *DB) CloseFeedback(ctx context.Context, by library.Staff, id int64, now time.Time) (library.Feedback, error) {
	return db.feedbackStep(ctx, id, "close", func(tx txn) error {
		return closeAsk(ctx, tx, feedbackTable, by, id, instant(now))
	})
}

// PublishFeedback publishes staff's own summary and answer of answered
// or closed feedback whose sender consented; two empty texts unpublish
// it.
func (db *DB) PublishFeedback(ctx context.Context, by library.Staff, id int64, summary, answer string, now time.Time) (library.Feedback, error) {
	now = instant(now)
	summary, answer = strings.TrimSpace(summary), strings.TrimSpace(answer)
	unpublish := summary == "" && answer == ""
	if !unpublish {
		if err := publishable(summary, answer); err != nil {
			return library.Feedback{}, err
		}
	}
	return db.feedbackStep(ctx, id, "publish", func(tx txn) error {
		r, err := lockAsk(ctx, tx, feedbackTable, id)
		if err != nil {
			return err
		}
		if err := library.Permit(by, library.ActAsk, askScope(r.library)); err != nil {
			return err
		}
		var consent bool
		if err := tx.QueryRowContext(ctx, `SELECT consent FROM feedback WHERE id = $1`, id).Scan(&consent); err != nil {
			return err
		}
		switch {
		case !consent && !unpublish:
			return &library.Error{Code: library.EFORBIDDEN, Key: "error.feedback_no_consent", Message: fmt.Sprintf("feedback %d: no consent to publish", id)}
		case r.status != library.AskAnswered && r.status != library.AskClosed:
			return askStatusErr(feedbackTable, id, r.status)
		}
		var at any
		if !unpublish {
			at = now
		}
		if _, err := tx.ExecContext(ctx, `UPDATE feedback SET published_summary = $1, published_answer = $2, published_at = $3, updated_at = $4
			WHERE id = $5`, summary, answer, at, now, id); err != nil {
			return err
		}
		detail := fmt.Sprintf("feedback %d published", id)
		if unpublish {
			detail = fmt.Sprintf("feedback %d unpublished", id)
		}
		return askAudit(ctx, tx, library.AuditFeedbackPublish, by, r.library, detail, now)
	})
}

// publishable checks staff's published texts: both given, neither too
// long.
func publishable(summary, answer string) error {
	if summary == "" || answer == "" {
		return &library.Error{Code: library.EINVALID, Key: "error.feedback_publish_empty", Message: "publish: summary and answer are both needed"}
	}
	if !utf8.ValidString(summary + answer) {
		return &library.Error{Code: library.EINVALID, Key: "error.bad_utf8", Message: "publish: not UTF-8"}
	}
	if utf8.RuneCountInString(summary) > library.MaxPublishedSummary || utf8.RuneCountInString(answer) > library.MaxAskAnswer {
		return &library.Error{Code: library.EINVALID, Key: "error.ask_answer_too_long", Count: library.MaxAskAnswer, Message: "publish: too long"}
	}
	return nil
}

// feedbackStep runs a staff step in a transaction and returns the
// feedback as it left it.
func (db *DB) feedbackStep(ctx context.Context, id int64, what string, step func(tx txn) error) (library.Feedback, error) {
	var f library.Feedback
	err := db.inTx(ctx, func(tx txn) error {
		if err := step(tx); err != nil {
			return err
		}
		var err error
		f, err = readFeedback(ctx, tx, id)
		return err
	})
	if err != nil {
		return library.Feedback{}, fmt.Errorf("%s feedback %d: %w", what, id, err)
	}
	return f, nil
}

const feedbackSelect = `SELECT t.id, t.kind, t.library_id, t.branch_id, t.body, t.consent, ` + senderColumns + `, ` + handlingColumns +
	`, t.published_summary, t.published_answer, t.published_at FROM feedback` + askJoins

func readFeedback(ctx context.Context, q queryer, id int64) (library.Feedback, error) {
	fs, err := scanFeedback(q.QueryContext(ctx, feedbackSelect+` WHERE t.id = $1`, id))
	if err != nil {
		return library.Feedback{}, err
	}
	if len(fs) == 0 {
		return library.Feedback{}, &library.Error{Code: library.ENOTFOUND, Key: "error.feedback_not_found", Message: fmt.Sprintf("feedback %d not found", id)}
	}
	return fs[0], nil
}

func scanFeedback(rows *sql.Rows, err error) ([]library.Feedback, error) {
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []library.Feedback
	for rows.Next() {
		var f library.Feedback
		var a askScan
		var published sql.NullTime
		dest := append([]any{&f.ID, &f.Kind, &f.Library, &f.Branch, &f.Text, &f.Consent}, a.dest(&f.Sender, &f.Handling)...)
		dest = append(dest, &f.PublicSummary, &f.PublicAnswer, &published)
		if err := rows.Scan(dest...); err != nil {
			return nil, err
		}
		a.fix(&f.Handling)
		f.PublishedAt = zeroTime(published)
		out = append(out, f)
	}
	return out, rows.Err()
}
