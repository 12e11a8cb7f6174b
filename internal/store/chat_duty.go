package store

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/kirjasto/kirjasto/internal/library"
)

// Who may answer a queue, who is on duty, and the chat hours.

// permitChat answers whether a staff member may answer the chats of
// queue. A library's queue needs ActAsk at the library. The consortium's
// queue ("", when the consortium has one queue for all) is answered by
// every member library's desk, so it needs ActAsk at the staff member's
// own reach rather than at ConsortiumScope, which only the consortium's
// administrator has.
func permitChat(by library.Staff, queue string) error {
	if queue == "" {
		return library.Permit(by, library.ActAsk, by.Reach())
	}
	return library.Permit(by, library.ActAsk, library.LibraryScope(queue))
}

// chatOpen reports whether queue's chat takes new chats at now: not
// disabled, within its hours and with someone on duty who may answer it.
func chatOpen(ctx context.Context, tx txn, s library.ChatSettings, queue string, now time.Time) (bool, error) {
	if s.Disabled {
		return false, nil
	}
	if open, err := chatInHours(ctx, tx, queue, now); err != nil || !open {
		return false, err
	}
	rows, err := tx.QueryContext(ctx, `SELECT staff_id FROM chat_duty WHERE queue = $1 AND until > $2`, queue, instant(now))
	if err != nil {
		return false, err
	}
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return false, err
		}
		ids = append(ids, id)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return false, err
	}
	// Whoever went on duty could then; a role or an account may have
	// changed since.
	for _, id := range ids {
		st, err := staffByID(ctx, tx, id)
		if err != nil {
			return false, err
		}
		if st.DisabledAt.IsZero() && permitChat(st, queue) == nil {
			return true, nil
		}
	}
	return false, nil
}

// ChatOpen reports whether queue's chat is open at now. With one queue
// for the consortium every library's chat is the consortium's.
func (db *DB) ChatOpen(ctx context.Context, queue string, now time.Time) (bool, error) {
	open := false
	err := db.inReadTx(ctx, func(tx txn) error {
		s, err := chatSettings(ctx, tx)
		if err != nil {
			return err
		}
		open, err = chatOpen(ctx, tx, s, chatQueue(s, queue), now)
		return err
	})
	if err != nil {
		return false, fmt.Errorf("chat open %q: %w", queue, err)
	}
	return open, nil
}

// SetOnDuty puts a staff member on duty for exactly queues until until,
// and off duty for every other queue: the staff page calls it as a
// heartbeat, and an empty queues (or an until in the past) goes off
// duty.
func (db *DB) SetOnDuty(ctx context.Context, by library.Staff, queues []string, until time.Time) error {
	queues = slices.Compact(slices.Sorted(slices.Values(queues)))
	err := db.inTx(ctx, func(tx txn) error {
		for _, q := range queues {
			if q != "" {
				if err := chatLibraryExists(ctx, tx, q); err != nil {
					return err
				}
			}
			if err := permitChat(by, q); err != nil {
				return err
			}
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM chat_duty WHERE staff_id = $1`, by.ID); err != nil {
			return err
		}
		for _, q := range queues {
			if _, err := tx.ExecContext(ctx, `INSERT INTO chat_duty (staff_id, queue, until) VALUES ($1, $2, $3)`,
				by.ID, q, instant(until)); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("staff %d on duty: %w", by.ID, err)
	}
	return nil
}

// ChatHours returns a queue's weekly chat hours, Monday first.
func (db *DB) ChatHours(ctx context.Context, queue string) ([]library.ChatSlot, error) {
	rows, err := db.reader().QueryContext(ctx, `SELECT weekday, opens, closes FROM chat_hours WHERE queue = $1
		ORDER BY (weekday + 6) % 7, opens`, queue)
	if err != nil {
		return nil, fmt.Errorf("chat hours %q: %w", queue, err)
	}
	defer rows.Close()
	slots := []library.ChatSlot{}
	for rows.Next() {
		s := library.ChatSlot{Queue: queue}
		var day int
		if err := rows.Scan(&day, &s.Open, &s.Close); err != nil {
			return nil, fmt.Errorf("chat hours %q: %w", queue, err)
		}
		s.Weekday = time.Weekday(day)
		slots = append(slots, s)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("chat hours %q: %w", queue, err)
	}
	return slots, nil
}

// SetChatHours replaces a queue's weekly chat hours. The chat team sets
// its own schedule: it needs ActAsk at the queue's library (the
// consortium queue's hours at ConsortiumScope, the administrator's), the
// right of those who staff the chat, rather than ActRules, which is the
// loan rules' and which desk staff do not have.
func (db *DB) SetChatHours(ctx context.Context, by library.Staff, queue string, slots []library.ChatSlot, now time.Time) error {
	slots, err := library.ValidateChatSlots(queue, slots)
	if err != nil {
		return err
	}
	err = db.inTx(ctx, func(tx txn) error {
		if err := library.Permit(by, library.ActAsk, askScope(queue)); err != nil {
			return err
		}
		if queue != "" {
			if err := chatLibraryExists(ctx, tx, queue); err != nil {
				return err
			}
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM chat_hours WHERE queue = $1`, queue); err != nil {
			return err
		}
		for _, s := range slots {
			if _, err := tx.ExecContext(ctx, `INSERT INTO chat_hours (queue, weekday, opens, closes) VALUES ($1, $2, $3, $4)`,
				queue, int(s.Weekday), s.Open, s.Close); err != nil {
				return err
			}
		}
		return askAudit(ctx, tx, library.AuditChatHours, by, queue, fmt.Sprintf("%d slots", len(slots)), now)
	})
	if err != nil {
		return fmt.Errorf("set chat hours %q: %w", queue, err)
	}
	return nil
}
