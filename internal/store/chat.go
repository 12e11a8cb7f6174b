package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/kirjasto/kirjasto/internal/auth"
	"github.com/kirjasto/kirjasto/internal/library"
)

// The live chat (issue 16, point 1; docs/chat.md). Every step that
// writes a message locks the chat's row first and writes the message
// under that lock, so that within a chat message IDs commit in order
// (a client asking for the messages after its last ID misses none), the
// resident's rate is counted against every message already committed,
// and of two staff taking one chat exactly one wins. On SQLite the single
// writer does the same.

// DB implements library.ChatService.
var _ library.ChatService = (*DB)(nil)

const chatSelect = `SELECT c.id, c.queue, COALESCE(c.patron_id, 0), c.name, c.lang, c.status, COALESCE(c.staff_id, 0),
	COALESCE(s.name, ''), c.ended_by, c.created_at, c.taken_at, c.ended_at, c.last_message_id, c.last_message_at
	FROM chats c LEFT JOIN staff s ON s.id = c.staff_id`

func scanChat(row interface{ Scan(...any) error }) (library.Chat, error) {
	var c library.Chat
	var taken, ended sql.NullTime
	err := row.Scan(&c.ID, &c.Queue, &c.PatronID, &c.Name, &c.Lang, &c.Status, &c.StaffID, &c.Staff, &c.EndedBy,
		&c.Created, &taken, &ended, &c.LastMessageID, &c.LastMessageAt)
	c.Created, c.LastMessageAt = c.Created.UTC(), c.LastMessageAt.UTC()
	c.Taken, c.Ended = zeroTime(taken), zeroTime(ended)
	return c, err
}

func scanChats(rows *sql.Rows, err error) ([]library.Chat, error) {
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	cs := []library.Chat{}
	for rows.Next() {
		c, err := scanChat(rows)
		if err != nil {
			return nil, err
		}
		cs = append(cs, c)
	}
	return cs, rows.Err()
}

func chatNotFound(id int64) error {
	return &library.Error{Code: library.ENOTFOUND, Key: "error.chat_not_found", Message: fmt.Sprintf("chat %d not found", id)}
}

func chatEndedErr(id int64) error {
	return &library.Error{Code: library.ECONFLICT, Key: "error.chat_ended", Message: fmt.Sprintf("chat %d has ended", id)}
}

// readChat reads a chat by a condition on c; lock locks its row.
func readChat(ctx context.Context, tx txn, id int64, cond string, arg any, lock bool) (library.Chat, error) {
	q := chatSelect + ` WHERE c.id = $1`
	args := []any{id}
	if cond != "" {
		q += ` AND ` + cond
		args = append(args, arg)
	}
	if lock {
		q += tx.d.lockRow("FOR UPDATE OF c")
	}
	c, err := scanChat(tx.QueryRowContext(ctx, q, args...))
	if errors.Is(err, sql.ErrNoRows) {
		return c, chatNotFound(id)
	}
	return c, err
}

// residentChat reads (and locks, when lock is set) the chat the secret
// opens. An anonymised chat keeps no secret, so nothing opens it.
func residentChat(ctx context.Context, tx txn, id int64, secret string, lock bool) (library.Chat, error) {
	secret = strings.TrimSpace(secret)
	if secret == "" {
		return library.Chat{}, chatNotFound(id)
	}
	return readChat(ctx, tx, id, `c.secret_hash = $2`, auth.HashToken(secret), lock)
}

// addChatMessage writes a message to a chat whose row tx holds locked,
// and moves the chat's last message on.
func addChatMessage(ctx context.Context, tx txn, chatID int64, from, author, text string, params map[string]string, now time.Time) (library.ChatMessage, error) {
	m := library.ChatMessage{ChatID: chatID, From: from, Author: author, Text: text, Params: params, Sent: instant(now)}
	p := "{}"
	if params != nil {
		p = jsonText(params)
	}
	err := tx.QueryRowContext(ctx, `INSERT INTO chat_messages (chat_id, sender, author, body, params, sent_at)
		VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`, chatID, from, author, text, p, m.Sent).Scan(&m.ID)
	if err != nil {
		return m, err
	}
	written := 0
	if from != library.ChatFromSystem {
		written = 1
	}
	// Two nodes' clocks may differ a little: the last message's time
	// never goes back.
	_, err = tx.ExecContext(ctx, `UPDATE chats SET last_message_id = $1, messages = messages + $3,
		last_message_at = CASE WHEN last_message_at < $2 THEN $2 ELSE last_message_at END
		WHERE id = $4`, m.ID, m.Sent, written, chatID)
	return m, err
}

// chatSettings reads the consortium's chat settings, or the defaults.
func chatSettings(ctx context.Context, q queryer) (library.ChatSettings, error) {
	var s library.ChatSettings
	var v string
	err := q.QueryRowContext(ctx, `SELECT value FROM settings WHERE key = $1`, library.ChatSettingsKey).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return library.ChatSettings{Queue: library.ChatQueueLibrary}, nil
	}
	if err != nil {
		return s, err
	}
	if err := json.Unmarshal([]byte(v), &s); err != nil {
		return s, fmt.Errorf("setting %s: %w", library.ChatSettingsKey, err)
	}
	if s.Queue != library.ChatQueueConsortium {
		s.Queue = library.ChatQueueLibrary
	}
	return s, nil
}

// chatQueue is the queue a resident's chat goes to: the consortium's
// when the consortium has one queue, else the library asked for.
func chatQueue(s library.ChatSettings, lib string) string {
	if s.Queue == library.ChatQueueConsortium {
		return ""
	}
	return lib
}

// OpenChat starts a chat with its first message; see library.ChatService.
func (db *DB) OpenChat(ctx context.Context, c library.Chat, first string, now time.Time) (library.Chat, string, error) {
	now = instant(now)
	text, err := library.ValidateChatText(first)
	if err != nil {
		return library.Chat{}, "", err
	}
	if c.Name, err = library.ValidateChatName(c.Name); err != nil {
		return library.Chat{}, "", err
	}
	c.Lang = library.ChatLanguage(c.Lang)
	secret := auth.NewToken()
	var out library.Chat
	err = db.inTx(ctx, func(tx txn) error {
		s, err := chatSettings(ctx, tx)
		if err != nil {
			return err
		}
		queue := chatQueue(s, c.Queue)
		if s.Queue == library.ChatQueueLibrary {
			if err := chatLibraryExists(ctx, tx, queue); err != nil {
				return err
			}
		}
		if err := chatBlocked(ctx, tx, c.Client, c.PatronID, now); err != nil {
			return err
		}
		open, err := chatOpen(ctx, tx, s, queue, now)
		if err != nil {
			return err
		}
		if !open {
			return &library.Error{Code: library.ECONFLICT, Key: "error.chat_closed", Message: fmt.Sprintf("chat of queue %q is closed", queue)}
		}
		var id int64
		err = tx.QueryRowContext(ctx, `INSERT INTO chats (queue, patron_id, name, lang, client, secret_hash, status,
			created_at, last_message_at) VALUES ($1, $2, $3, $4, $5, $6, 'waiting', $7, $7) RETURNING id`,
			queue, nullID(c.PatronID), c.Name, c.Lang, c.Client, auth.HashToken(secret), now).Scan(&id)
		if err != nil {
			return err
		}
		if _, err := readChat(ctx, tx, id, "", nil, true); err != nil {
			return err
		}
		if _, err := addChatMessage(ctx, tx, id, library.ChatFromResident, "", text, nil, now); err != nil {
			return err
		}
		out, err = readChat(ctx, tx, id, "", nil, false)
		return err
	})
	if err != nil {
		return library.Chat{}, "", fmt.Errorf("open chat: %w", err)
	}
	return out, secret, nil
}

// chatLibraryExists refuses a queue that is not a member library.
func chatLibraryExists(ctx context.Context, tx txn, lib string) error {
	if lib == "" {
		return &library.Error{Code: library.EINVALID, Key: "error.chat_queue", Message: "chat queue: no library"}
	}
	if err := contentLibraryExists(ctx, tx, lib); err != nil {
		return &library.Error{Code: library.EINVALID, Key: "error.chat_queue", Message: err.Error()}
	}
	return nil
}

// chatBlocked refuses a client or patron shut out after an abusive chat.
func chatBlocked(ctx context.Context, tx txn, client string, patronID int64, now time.Time) error {
	var n int
	err := tx.QueryRowContext(ctx, `SELECT count(*) FROM chat_blocks WHERE until > $1
		AND ((client <> '' AND client = $2) OR patron_id = $3)`, now, client, patronID).Scan(&n)
	if err != nil {
		return err
	}
	if n > 0 {
		return &library.Error{Code: library.EFORBIDDEN, Key: "error.chat_blocked", Message: "chat client is blocked"}
	}
	return nil
}

// ResidentChat returns the chat the secret opens.
func (db *DB) ResidentChat(ctx context.Context, id int64, secret string) (library.Chat, error) {
	var c library.Chat
	err := db.inReadTx(ctx, func(tx txn) error {
		var err error
		c, err = residentChat(ctx, tx, id, secret, false)
		return err
	})
	if err != nil {
		return c, fmt.Errorf("chat %d: %w", id, err)
	}
	return c, nil
}

// PostResident stores a resident's message. The rate is counted in the
// database under the chat's row lock, so it holds across nodes and
// against concurrent requests.
func (db *DB) PostResident(ctx context.Context, id int64, secret, text string, now time.Time) (library.ChatMessage, error) {
	now = instant(now)
	text, err := library.ValidateChatText(text)
	if err != nil {
		return library.ChatMessage{}, err
	}
	var m library.ChatMessage
	err = db.inTx(ctx, func(tx txn) error {
		c, err := residentChat(ctx, tx, id, secret, true)
		if err != nil {
			return err
		}
		if c.Status == library.ChatEnded {
			return chatEndedErr(id)
		}
		// A client shut out after an abusive chat is shut out of the
		// chats it has open in other tabs too.
		var client string
		if err := tx.QueryRowContext(ctx, `SELECT client FROM chats WHERE id = $1`, id).Scan(&client); err != nil {
			return err
		}
		if err := chatBlocked(ctx, tx, client, c.PatronID, now); err != nil {
			return err
		}
		var n int
		err = tx.QueryRowContext(ctx, `SELECT count(*) FROM chat_messages WHERE chat_id = $1 AND sender = 'resident'
			AND sent_at > $2`, id, now.Add(-time.Minute)).Scan(&n)
		if err != nil {
			return err
		}
		if n >= library.ChatMessagesPerMinute {
			return &library.Error{Code: library.EFORBIDDEN, Key: "error.chat_rate", Count: library.ChatMessagesPerMinute,
				Message: fmt.Sprintf("chat %d: %d messages in a minute", id, n)}
		}
		m, err = addChatMessage(ctx, tx, id, library.ChatFromResident, "", text, nil, now)
		return err
	})
	if err != nil {
		return m, fmt.Errorf("post to chat %d: %w", id, err)
	}
	return m, nil
}

// EndByResident ends the chat. Ending an ended chat changes nothing.
func (db *DB) EndByResident(ctx context.Context, id int64, secret string, now time.Time) (library.Chat, error) {
	now = instant(now)
	var c library.Chat
	err := db.inTx(ctx, func(tx txn) error {
		var err error
		if c, err = residentChat(ctx, tx, id, secret, true); err != nil {
			return err
		}
		if c.Status == library.ChatEnded {
			return nil
		}
		if err := endChat(ctx, tx, id, library.ChatEndedByResident, nil, now); err != nil {
			return err
		}
		c, err = readChat(ctx, tx, id, "", nil, false)
		return err
	})
	if err != nil {
		return c, fmt.Errorf("end chat %d: %w", id, err)
	}
	return c, nil
}

// endChat ends a chat whose row tx holds locked, with the system
// message that tells why.
func endChat(ctx context.Context, tx txn, id int64, by string, params map[string]string, now time.Time) error {
	_, err := tx.ExecContext(ctx, `UPDATE chats SET status = 'ended', ended_by = $1, ended_at = $2 WHERE id = $3`, by, now, id)
	if err != nil {
		return err
	}
	_, err = addChatMessage(ctx, tx, id, library.ChatFromSystem, "", library.ChatSystemEnded+by, params, now)
	return err
}

// Messages returns up to limit messages of a chat after the ID after,
// in ID order. The caller has opened the chat (ResidentChat, StaffChat).
func (db *DB) Messages(ctx context.Context, chatID, after int64, limit int) ([]library.ChatMessage, error) {
	if limit <= 0 || limit > 500 {
		limit = 500
	}
	ms, err := chatMessages(ctx, db.reader(), chatID, after, limit)
	if err != nil {
		return nil, fmt.Errorf("messages of chat %d: %w", chatID, err)
	}
	return ms, nil
}

// chatMessages reads up to limit messages of a chat after the ID after
// (limit 0: all of them).
func chatMessages(ctx context.Context, q queryer, chatID, after int64, limit int) ([]library.ChatMessage, error) {
	query := `SELECT id, chat_id, sender, author, body, params, sent_at FROM chat_messages
		WHERE chat_id = $1 AND id > $2 ORDER BY id`
	if limit > 0 {
		query += fmt.Sprintf(" LIMIT %d", limit)
	}
	rows, err := q.QueryContext(ctx, query, chatID, after)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	ms := []library.ChatMessage{}
	for rows.Next() {
		var m library.ChatMessage
		var params string
		if err := rows.Scan(&m.ID, &m.ChatID, &m.From, &m.Author, &m.Text, &params, &m.Sent); err != nil {
			return nil, err
		}
		m.Sent = m.Sent.UTC()
		if params != "{}" && params != "" {
			if err := json.Unmarshal([]byte(params), &m.Params); err != nil {
				return nil, fmt.Errorf("message %d params: %w", m.ID, err)
			}
		}
		ms = append(ms, m)
	}
	return ms, rows.Err()
}
