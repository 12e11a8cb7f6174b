package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/kirjasto/kirjasto/internal/library"
)

// Saved answers: a library's (ActAsk at the library) or the
// consortium's, offered to everyone (ActAsk at ConsortiumScope).

// SavedAnswers returns the saved answers of libs and the consortium's,
// in lang ("": every language), by title.
func (db *DB) SavedAnswers(ctx context.Context, libs []string, lang string) ([]library.SavedAnswer, error) {
	args := []any{lang}
	in := "''"
	for _, l := range libs {
		args = append(args, l)
		in += fmt.Sprintf(", $%d", len(args))
	}
	rows, err := db.reader().QueryContext(ctx, `SELECT id, library_id, lang, title, body FROM chat_answers
		WHERE library_id IN (`+in+`) AND ($1 = '' OR lang = $1) ORDER BY title, id`, args...)
	if err != nil {
		return nil, fmt.Errorf("saved answers: %w", err)
	}
	defer rows.Close()
	as := []library.SavedAnswer{}
	for rows.Next() {
		var a library.SavedAnswer
		if err := rows.Scan(&a.ID, &a.Library, &a.Lang, &a.Title, &a.Text); err != nil {
			return nil, fmt.Errorf("saved answers: %w", err)
		}
		as = append(as, a)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("saved answers: %w", err)
	}
	return as, nil
}

func savedAnswerNotFound(id int64) error {
	return &library.Error{Code: library.ENOTFOUND, Key: "error.chat_answer_not_found", Message: fmt.Sprintf("saved answer %d not found", id)}
}

// savedAnswerLibrary locks a saved answer and returns its library.
func savedAnswerLibrary(ctx context.Context, tx txn, id int64) (string, error) {
	var lib string
	err := tx.QueryRowContext(ctx, `SELECT library_id FROM chat_answers WHERE id = $1`+tx.d.lockRow("FOR UPDATE"), id).Scan(&lib)
	if errors.Is(err, sql.ErrNoRows) {
		return "", savedAnswerNotFound(id)
	}
	return lib, err
}

// SaveAnswer adds a saved answer (ID 0) or replaces one. Moving one to
// another library needs the right at both.
func (db *DB) SaveAnswer(ctx context.Context, by library.Staff, a library.SavedAnswer) (library.SavedAnswer, error) {
	a, err := library.ValidateSavedAnswer(a)
	if err != nil {
		return a, err
	}
	now := db.timestamp()
	err = db.inTx(ctx, func(tx txn) error {
		if err := library.Permit(by, library.ActAsk, askScope(a.Library)); err != nil {
			return err
		}
		if a.Library != "" {
			if err := chatLibraryExists(ctx, tx, a.Library); err != nil {
				return err
			}
		}
		if a.ID == 0 {
			err := tx.QueryRowContext(ctx, `INSERT INTO chat_answers (library_id, lang, title, body, updated_by, updated_at)
				VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`, a.Library, a.Lang, a.Title, a.Text, by.ID, now).Scan(&a.ID)
			if err != nil {
				return err
			}
		} else {
			old, err := savedAnswerLibrary(ctx, tx, a.ID)
			if err != nil {
				return err
			}
			if err := library.Permit(by, library.ActAsk, askScope(old)); err != nil {
				return err
			}
			_, err = tx.ExecContext(ctx, `UPDATE chat_answers SET library_id = $1, lang = $2, title = $3, body = $4,
				updated_by = $5, updated_at = $6 WHERE id = $7`, a.Library, a.Lang, a.Title, a.Text, by.ID, now, a.ID)
			if err != nil {
				return err
			}
		}
		return askAudit(ctx, tx, library.AuditChatAnswerSave, by, a.Library, fmt.Sprintf("saved answer %d: %s", a.ID, a.Title), now)
	})
	if err != nil {
		return library.SavedAnswer{}, fmt.Errorf("save answer: %w", err)
	}
	return a, nil
}

// DeleteSavedAnswer removes a saved answer.
func (db *DB) DeleteSavedAnswer(ctx context.Context, by library.Staff, id int64) error {
	now := db.timestamp()
	err := db.inTx(ctx, func(tx txn) error {
		lib, err := savedAnswerLibrary(ctx, tx, id)
		if err != nil {
			return err
		}
		if err := library.Permit(by, library.ActAsk, askScope(lib)); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM chat_answers WHERE id = $1`, id); err != nil {
			return err
		}
		return askAudit(ctx, tx, library.AuditChatAnswerDelete, by, lib, fmt.Sprintf("saved answer %d", id), now)
	})
	if err != nil {
		return fmt.Errorf("delete saved answer %d: %w", id, err)
	}
	return nil
}
