package store

import (
	"context"
	"fmt"
	"time"

	"github.com/kirjasto/kirjasto/internal/library"
)

// Staff's side of the chat. Each step locks the chat's row, asks
// permitChat at its queue, checks the state, writes with the system
// message the resident sees, and audits, in one transaction.

// staffChatStep locks a chat for a staff step and asks whether by may
// answer its queue.
func staffChatStep(ctx context.Context, tx txn, by library.Staff, id int64) (library.Chat, error) {
	c, err := readChat(ctx, tx, id, "", nil, true)
	if err != nil {
		return c, err
	}
	return c, permitChat(by, c.Queue)
}

func chatAudit(ctx context.Context, tx txn, action string, by library.Staff, c library.Chat, detail string, now time.Time) error {
	d := fmt.Sprintf("chat %d", c.ID)
	if detail != "" {
		d += " " + detail
	}
	return askAudit(ctx, tx, action, by, c.Queue, d, now)
}

// ChatQueue returns the waiting and active chats of queues (nil: of
// every queue), oldest first. The caller passes the queues its staff
// member may answer.
func (db *DB) ChatQueue(ctx context.Context, queues []string) ([]library.Chat, error) {
	where := ` WHERE c.status IN ('waiting', 'active')`
	var args []any
	if queues != nil {
		if len(queues) == 0 {
			return []library.Chat{}, nil
		}
		in := ""
		for _, q := range queues {
			args = append(args, q)
			if in != "" {
				in += ", "
			}
			in += fmt.Sprintf("$%d", len(args))
		}
		where += ` AND c.queue IN (` + in + `)`
	}
	cs, err := scanChats(db.reader().QueryContext(ctx, chatSelect+where+` ORDER BY c.created_at, c.id LIMIT 1000`, args...))
	if err != nil {
		return nil, fmt.Errorf("chat queue: %w", err)
	}
	return cs, nil
}

// StaffChat returns a chat to a staff member who may answer its queue.
func (db *DB) StaffChat(ctx context.Context, by library.Staff, id int64) (library.Chat, error) {
	var c library.Chat
	err := db.inReadTx(ctx, func(tx txn) error {
		var err error
		if c, err = readChat(ctx, tx, id, "", nil, false); err != nil {
			return err
		}
		return permitChat(by, c.Queue)
	})
	if err != nil {
		return library.Chat{}, fmt.Errorf("chat %d: %w", id, err)
	}
	return c, nil
}

// TakeChat gives a waiting chat to the staff member. Of two taking one
// chat at once, one wins; the other is ECONFLICT error.chat_taken.
func (db *DB) TakeChat(ctx context.Context, by library.Staff, id int64, now time.Time) (library.Chat, error) {
	now = instant(now)
	var c library.Chat
	err := db.inTx(ctx, func(tx txn) error {
		var err error
		if c, err = staffChatStep(ctx, tx, by, id); err != nil {
			return err
		}
		switch c.Status {
		case library.ChatEnded:
			return chatEndedErr(id)
		case library.ChatActive:
			return &library.Error{Code: library.ECONFLICT, Key: "error.chat_taken",
				Message: fmt.Sprintf("chat %d is taken by staff %d", id, c.StaffID)}
		}
		n, err := execCount(ctx, tx, `UPDATE chats SET status = 'active', staff_id = $1, taken_at = $2
			WHERE id = $3 AND status = 'waiting'`, by.ID, now, id)
		if err != nil {
			return err
		}
		if n == 0 { // the row lock makes this unreachable; the condition stands behind it
			return &library.Error{Code: library.ECONFLICT, Key: "error.chat_taken", Message: fmt.Sprintf("chat %d was taken meanwhile", id)}
		}
		params := map[string]string{"name": by.Name}
		if _, err := addChatMessage(ctx, tx, id, library.ChatFromSystem, "", library.ChatSystemTaken, params, now); err != nil {
			return err
		}
		if err := chatAudit(ctx, tx, library.AuditChatTake, by, c, "", now); err != nil {
			return err
		}
		c, err = readChat(ctx, tx, id, "", nil, false)
		return err
	})
	if err != nil {
		return library.Chat{}, fmt.Errorf("take chat %d: %w", id, err)
	}
	return c, nil
}

// HandOver gives a chat that has not ended to a colleague who may answer
// its queue (EINVALID error.chat_colleague otherwise). Anyone who may
// answer the queue may hand it over, so a chat whose librarian left can
// be passed on.
func (db *DB) HandOver(ctx context.Context, by library.Staff, id, to int64, now time.Time) (library.Chat, error) {
	now = instant(now)
	var c library.Chat
	err := db.inTx(ctx, func(tx txn) error {
		var err error
		if c, err = staffChatStep(ctx, tx, by, id); err != nil {
			return err
		}
		if c.Status == library.ChatEnded {
			return chatEndedErr(id)
		}
		colleague, err := staffByID(ctx, tx, to)
		if err != nil {
			return &library.Error{Code: library.EINVALID, Key: "error.chat_colleague", Message: err.Error()}
		}
		if !colleague.DisabledAt.IsZero() || permitChat(colleague, c.Queue) != nil {
			return &library.Error{Code: library.EINVALID, Key: "error.chat_colleague",
				Message: fmt.Sprintf("staff %d cannot answer chat %d", to, id)}
		}
		if c.Status == library.ChatActive && c.StaffID == to {
			return &library.Error{Code: library.EINVALID, Key: "error.chat_colleague",
				Message: fmt.Sprintf("staff %d has chat %d already", to, id)}
		}
		if _, err := tx.ExecContext(ctx, `UPDATE chats SET status = 'active', staff_id = $1, taken_at = COALESCE(taken_at, $2)
			WHERE id = $3`, to, now, id); err != nil {
			return err
		}
		params := map[string]string{"name": colleague.Name}
		if _, err := addChatMessage(ctx, tx, id, library.ChatFromSystem, "", library.ChatSystemHandedTo, params, now); err != nil {
			return err
		}
		if err := chatAudit(ctx, tx, library.AuditChatHandOver, by, c, fmt.Sprintf("to %s (%d)", colleague.Username, to), now); err != nil {
			return err
		}
		c, err = readChat(ctx, tx, id, "", nil, false)
		return err
	})
	if err != nil {
		return library.Chat{}, fmt.Errorf("hand over chat %d: %w", id, err)
	}
	return c, nil
}

// PostStaff stores a staff member's message to a chat they have
// (EFORBIDDEN error.chat_not_yours otherwise).
func (db *DB) PostStaff(ctx context.Context, by library.Staff, id int64, text string, now time.Time) (library.ChatMessage, error) {
	now = instant(now)
	text, err := library.ValidateChatText(text)
	if err != nil {
		return library.ChatMessage{}, err
	}
	var m library.ChatMessage
	err = db.inTx(ctx, func(tx txn) error {
		c, err := staffChatStep(ctx, tx, by, id)
		if err != nil {
			return err
		}
		if c.Status == library.ChatEnded {
			return chatEndedErr(id)
		}
		if c.Status != library.ChatActive || c.StaffID != by.ID {
			return &library.Error{Code: library.EFORBIDDEN, Key: "error.chat_not_yours",
				Message: fmt.Sprintf("chat %d is not staff %d's", id, by.ID)}
		}
		m, err = addChatMessage(ctx, tx, id, library.ChatFromStaff, by.Name, text, nil, now)
		return err
	})
	if err != nil {
		return m, fmt.Errorf("post to chat %d: %w", id, err)
	}
	return m, nil
}

// EndByStaff ends a chat of a queue the staff member answers. An abusive
// session shuts its client (and its patron, if signed in) out of the
// chat for ChatBlockTime.
func (db *DB) EndByStaff(ctx context.Context, by library.Staff, id int64, abusive bool, now time.Time) (library.Chat, error) {
	now = instant(now)
	var c library.Chat
	err := db.inTx(ctx, func(tx txn) error {
		var err error
		if c, err = staffChatStep(ctx, tx, by, id); err != nil {
			return err
		}
		if c.Status == library.ChatEnded {
			return chatEndedErr(id)
		}
		endedBy, action := library.ChatEndedByStaff, library.AuditChatEnd
		if abusive {
			endedBy, action = library.ChatEndedAbuse, library.AuditChatEndAbuse
			_, err := tx.ExecContext(ctx, `INSERT INTO chat_blocks (client, patron_id, chat_id, until)
				SELECT client, patron_id, id, $1 FROM chats WHERE id = $2`, now.Add(library.ChatBlockTime), id)
			if err != nil {
				return err
			}
		}
		if err := endChat(ctx, tx, id, endedBy, map[string]string{"name": by.Name}, now); err != nil {
			return err
		}
		if err := chatAudit(ctx, tx, action, by, c, "", now); err != nil {
			return err
		}
		c, err = readChat(ctx, tx, id, "", nil, false)
		return err
	})
	if err != nil {
		return library.Chat{}, fmt.Errorf("end chat %d: %w", id, err)
	}
	return c, nil
}
