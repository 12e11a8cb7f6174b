package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"
	"unicode/utf8"

	"github.com/kirjasto/kirjasto/internal/library"
)

// "Ask a librarian" questions (library.Questions); the steps staff take
// are shared with feedback (ask.go).

// DB implements library.Questions.
var _ library.Questions = (*DB)(nil)

// Ask saves a new question.
func (db *DB) Ask(ctx context.Context, q library.Question, now time.Time) (library.Question, error) {
	if err := q.Validate(); err != nil {
		return library.Question{}, err
	}
	now = instant(now)
	err := db.inTx(ctx, func(tx txn) error {
		if err := askLibraryExists(ctx, tx, q.Library, ""); err != nil {
			return err
		}
		if err := askPatronOpen(ctx, tx, q.PatronID); err != nil {
			return err
		}
		var id int64
		err := tx.QueryRowContext(ctx, `INSERT INTO questions (library_id, topic, body, answer_by, patron_id, guest_name, guest_email,
				lang, status, created_at, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'new', $9, $9) RETURNING id`,
			q.Library, q.Topic, q.Text, q.AnswerBy, nullID(q.PatronID), q.GuestName, q.GuestEmail, q.Lang, now).Scan(&id)
		if err != nil {
			return err
		}
		if q, err = readQuestion(ctx, tx, id); err != nil {
			return err
		}
		return askNewNotice(ctx, tx, q.Library, library.NoticeAskNewQuestion, library.StaffQuestionPath(id), id,
			map[string]string{"topic": q.Topic}, now)
	})
	if err != nil {
		return library.Question{}, fmt.Errorf("ask %s: %w", q.Library, err)
	}
	return q, nil
}

// askPatronOpen refuses a patron who is not there or whose account is
// closed.
func askPatronOpen(ctx context.Context, tx txn, patronID int64) error {
	if patronID == 0 {
		return nil
	}
	var closed sql.NullTime
	err := tx.QueryRowContext(ctx, `SELECT closed_at FROM patrons WHERE id = $1`, patronID).Scan(&closed)
	if err == sql.ErrNoRows || err == nil && closed.Valid {
		return &library.Error{Code: library.ENOTFOUND, Key: "error.account_closed", Message: fmt.Sprintf("patron %d not found or closed", patronID)}
	}
	return err
}

// Question returns a question.
func (db *DB) Question(ctx context.Context, id int64) (library.Question, error) {
	q, err := readQuestion(ctx, db.reader(), id)
	if err != nil {
		return library.Question{}, fmt.Errorf("question %d: %w", id, err)
	}
	return q, nil
}

// ListQuestions returns the questions f selects, oldest first.
func (db *DB) ListQuestions(ctx context.Context, f library.AskFilter) ([]library.Question, error) {
	where, args := askWhere(f)
	qs, err := scanQuestions(db.reader().QueryContext(ctx, questionSelect+where, args...))
	if err != nil {
		return nil, fmt.Errorf("questions: %w", err)
	}
	return qs, nil
}

// PatronQuestions returns a patron's questions, newest first.
func (db *DB) PatronQuestions(ctx context.Context, patronID int64) ([]library.Question, error) {
	qs, err := scanQuestions(db.reader().QueryContext(ctx, questionSelect+` WHERE t.patron_id = $1 ORDER BY t.created_at DESC, t.id DESC`, patronID))
	if err != nil {
		return nil, fmt.Errorf("questions of patron %d: %w", patronID, err)
	}
	return qs, nil
}

// AssignQuestion gives a question to a staff member.
func (db *DB) AssignQuestion(ctx context.Context, by library.Staff, id, to int64, now time.Time) (library.Question, error) {
	return db.questionStep(ctx, id, "assign", func(tx txn) error {
		return assignAsk(ctx, tx, questionTable, by, id, to, instant(now))
	})
}

// AnswerQuestion saves the answer and queues the notice that tells it.
func (db *DB) AnswerQuestion(ctx context.Context, by library.Staff, id int64, answer string, now time.Time) (library.Question, error) {
	now = instant(now)
	return db.questionStep(ctx, id, "answer", func(tx txn) error {
		r, err := answerAsk(ctx, tx, questionTable, by, id, answer, now)
		if err != nil {
			return err
		}
		q, err := readQuestion(ctx, tx, id)
		if err != nil {
			return err
		}
		channel := library.ChannelEmail
		if q.AnswerBy == library.AnswerByAccount {
			channel = library.ChannelAccount
		}
		params := map[string]string{"question": excerpt(q.Text, 200), "answer": q.Answer}
		return askNotice(ctx, tx, r.sender, q.Library, library.NoticeQuestionAnswered, channel, params, now)
	})
}

// CloseQuestion settles a question.
func (db *DB) CloseQuestion(ctx context.Context, by library.Staff, id int64, now time.Time) (library.Question, error) {
	return db.questionStep(ctx, id, "close", func(tx txn) error {
		return closeAsk(ctx, tx, questionTable, by, id, instant(now))
	})
}

// questionStep runs a staff step in a transaction and returns the
// question as it left it.
func (db *DB) questionStep(ctx context.Context, id int64, what string, step func(tx txn) error) (library.Question, error) {
	var q library.Question
	err := db.inTx(ctx, func(tx txn) error {
		if err := step(tx); err != nil {
			return err
		}
		var err error
		q, err = readQuestion(ctx, tx, id)
		return err
	})
	if err != nil {
		return library.Question{}, fmt.Errorf("%s question %d: %w", what, id, err)
	}
	return q, nil
}

const questionSelect = `SELECT t.id, t.library_id, t.topic, t.body, t.answer_by, ` + senderColumns + `, ` + handlingColumns +
	` FROM questions` + askJoins

func readQuestion(ctx context.Context, q queryer, id int64) (library.Question, error) {
	qs, err := scanQuestions(q.QueryContext(ctx, questionSelect+` WHERE t.id = $1`, id))
	if err != nil {
		return library.Question{}, err
	}
	if len(qs) == 0 {
		return library.Question{}, &library.Error{Code: library.ENOTFOUND, Key: "error.question_not_found", Message: fmt.Sprintf("question %d not found", id)}
	}
	return qs[0], nil
}

func scanQuestions(rows *sql.Rows, err error) ([]library.Question, error) {
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []library.Question
	for rows.Next() {
		var q library.Question
		var a askScan
		dest := append([]any{&q.ID, &q.Library, &q.Topic, &q.Text, &q.AnswerBy}, a.dest(&q.Sender, &q.Handling)...)
		if err := rows.Scan(dest...); err != nil {
			return nil, err
		}
		a.fix(&q.Handling)
		out = append(out, q)
	}
	return out, rows.Err()
}

// excerpt returns s cut to at most n characters, with an ellipsis when
// cut.
func excerpt(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n-1]) + "…"
}
