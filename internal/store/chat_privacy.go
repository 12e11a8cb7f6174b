package store

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/kirjasto/kirjasto/internal/i18n"
	"github.com/kirjasto/kirjasto/internal/library"
)

// What the chat keeps and for how long: idle chats end, and a chat ended
// longer ago than the consortium's retention loses its texts and whatever
// names the resident (name, patron, client, secret). Its row stays with
// its queue, times and counts for the statistics.

// AnonymiseChats ends idle chats and chats still waiting when their
// queue's hours are over, and anonymises chats past the retention. A
// sweep, safe on several nodes at once: every change is conditional. It
// returns how many chats it ended or anonymised.
func (db *DB) AnonymiseChats(ctx context.Context, now time.Time) (int, error) {
	now = instant(now)
	n, err := db.endIdleChats(ctx, now)
	if err != nil {
		return n, fmt.Errorf("anonymise chats: %w", err)
	}
	err = db.inTx(ctx, func(tx txn) error {
		s, err := chatSettings(ctx, tx)
		if err != nil {
			return err
		}
		keep := library.DefaultChatRetention
		if s.RetentionDays > 0 {
			keep = time.Duration(s.RetentionDays) * 24 * time.Hour
		}
		k, err := eraseChats(ctx, tx, `status = 'ended' AND ended_at < $1`, now.Add(-keep), now)
		n += k
		if err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `DELETE FROM chat_blocks WHERE until < $1`, now)
		return err
	})
	if err != nil {
		return n, fmt.Errorf("anonymise chats: %w", err)
	}
	return n, nil
}

// endIdleChats ends the chats nobody wrote in for ChatIdleTime, and the
// waiting ones whose queue's hours are over. It finds them on a snapshot
// and ends each in its own transaction, checking again under the lock.
func (db *DB) endIdleChats(ctx context.Context, now time.Time) (int, error) {
	due := map[int64]bool{}
	err := db.inReadTx(ctx, func(tx txn) error {
		cs, err := scanChats(tx.QueryContext(ctx, chatSelect+` WHERE c.status IN ('waiting', 'active') ORDER BY c.id`))
		if err != nil {
			return err
		}
		for _, c := range cs {
			if why, err := chatEnding(ctx, tx, c, now); err != nil {
				return err
			} else if why != "" {
				due[c.ID] = true
			}
		}
		return nil
	})
	if err != nil {
		return 0, err
	}
	n := 0
	for id := range due {
		err := db.inTx(ctx, func(tx txn) error {
			c, err := readChat(ctx, tx, id, "", nil, true)
			if err != nil || c.Status == library.ChatEnded {
				return err
			}
			why, err := chatEnding(ctx, tx, c, now)
			if err != nil || why == "" {
				return err
			}
			n++
			return endChat(ctx, tx, id, why, nil, now)
		})
		if err != nil {
			return n, fmt.Errorf("end chat %d: %w", id, err)
		}
	}
	return n, nil
}

// chatEnding says why a chat that has not ended should end at now, or
// "": idle for ChatIdleTime, or still waiting after its queue's hours.
func chatEnding(ctx context.Context, tx txn, c library.Chat, now time.Time) (string, error) {
	if c.LastMessageAt.Before(now.Add(-library.ChatIdleTime)) {
		return library.ChatEndedIdle, nil
	}
	if c.Status != library.ChatWaiting {
		return "", nil
	}
	open, err := chatInHours(ctx, tx, c.Queue, now)
	if err != nil || open {
		return "", err
	}
	return library.ChatEndedClosing, nil
}

// eraseChats anonymises the chats not yet anonymised that match cond
// (on chats, with arg as $1) and returns how many.
func eraseChats(ctx context.Context, tx txn, cond string, arg any, now time.Time) (int, error) {
	ids := `SELECT id FROM chats WHERE anonymised_at IS NULL AND ` + cond
	// System messages keep their catalogue key (taken, handed over,
	// ended) for the statistics, without the staff member's name.
	_, err := tx.ExecContext(ctx, `UPDATE chat_messages SET author = '', params = '{}',
		body = CASE WHEN sender = 'system' THEN body ELSE '' END WHERE chat_id IN (`+ids+`)`, arg)
	if err != nil {
		return 0, err
	}
	if _, err := tx.ExecContext(ctx, `UPDATE chat_blocks SET client = '', patron_id = NULL WHERE chat_id IN (`+ids+`)`, arg); err != nil {
		return 0, err
	}
	return execCount(ctx, tx, `UPDATE chats SET name = '', patron_id = NULL, client = '', secret_hash = '', anonymised_at = $2
		WHERE anonymised_at IS NULL AND `+cond, arg, now)
}

// anonymiseChats ends a closing account's chats and erases them at once:
// nobody could open them again.
func anonymiseChats(ctx context.Context, tx txn, patronID int64, now time.Time) error {
	rows, err := tx.QueryContext(ctx, `SELECT id FROM chats WHERE patron_id = $1 AND status <> 'ended'`+tx.d.lockRow("FOR UPDATE"), patronID)
	if err != nil {
		return err
	}
	var open []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return err
		}
		open = append(open, id)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	for _, id := range open {
		if err := endChat(ctx, tx, id, library.ChatEndedByResident, nil, now); err != nil {
			return err
		}
	}
	_, err = eraseChats(ctx, tx, `patron_id = $1`, patronID, now)
	return err
}

// chatInHours reports whether now is within queue's chat hours.
func chatInHours(ctx context.Context, tx txn, queue string, now time.Time) (bool, error) {
	local := now.In(library.Helsinki)
	var n int
	err := tx.QueryRowContext(ctx, `SELECT count(*) FROM chat_hours WHERE queue = $1 AND weekday = $2
		AND opens <= $3 AND closes > $3`, queue, int(local.Weekday()), local.Format("15:04")).Scan(&n)
	return n > 0, err
}

// SendTranscript queues the chat's messages as an e-mail notice to addr,
// or, when addr is empty, to the patron whose chat it is at their own
// address. It is written in lang (the chat's language when unknown),
// system messages too. A chat sends at most MaxChatTranscripts.
func (db *DB) SendTranscript(ctx context.Context, id int64, secret, addr, lang string, now time.Time) error {
	now = instant(now)
	addr = strings.TrimSpace(addr)
	if addr != "" {
		var err error
		if addr, err = library.ValidateChatEmail(addr); err != nil {
			return err
		}
	}
	b, err := i18n.New()
	if err != nil {
		return fmt.Errorf("transcript of chat %d: %w", id, err)
	}
	err = db.inTx(ctx, func(tx txn) error {
		c, err := residentChat(ctx, tx, id, secret, true)
		if err != nil {
			return err
		}
		if !b.Supported(lang) {
			lang = c.Lang
		}
		var patronEmail string
		if addr == "" {
			if c.PatronID != 0 {
				if err := tx.QueryRowContext(ctx, `SELECT email FROM patrons WHERE id = $1`, c.PatronID).Scan(&patronEmail); err != nil {
					return err
				}
			}
			if patronEmail == "" {
				return &library.Error{Code: library.EINVALID, Key: "error.chat_email_required", Message: "transcript: no address"}
			}
		}
		k, err := execCount(ctx, tx, `UPDATE chats SET transcripts = transcripts + 1 WHERE id = $1 AND transcripts < $2`,
			id, library.MaxChatTranscripts)
		if err != nil {
			return err
		}
		if k == 0 {
			return &library.Error{Code: library.ECONFLICT, Key: "error.chat_transcript_limit", Count: library.MaxChatTranscripts,
				Message: fmt.Sprintf("chat %d: transcripts sent already", id)}
		}
		text, err := chatTranscript(ctx, tx, b, lang, id)
		if err != nil {
			return err
		}
		params := map[string]string{"date": c.Created.In(library.Helsinki).Format("2006-01-02"), "transcript": text}
		n := library.Notice{Kind: library.NoticeChatTranscript, Params: params, Created: now}
		if addr == "" {
			n.PatronID, n.Channel = c.PatronID, library.ChannelEmail
			_, err = insertNotice(ctx, tx, n)
			return err
		}
		n.Guest = &library.Guest{Name: c.Name, Email: addr, Lang: lang}
		_, err = insertGuestNotice(ctx, tx, n, c.Queue)
		return err
	})
	if err != nil {
		return fmt.Errorf("transcript of chat %d: %w", id, err)
	}
	return nil
}

// chatTranscript writes a chat's messages as text in lang: one
// paragraph a message, headed by its Helsinki time and who wrote it.
func chatTranscript(ctx context.Context, tx txn, b *i18n.Bundle, lang string, id int64) (string, error) {
	ms, err := chatMessages(ctx, tx, id, 0, 0)
	if err != nil {
		return "", err
	}
	var sb strings.Builder
	for _, m := range ms {
		who, text := m.Author, m.Text
		switch m.From {
		case library.ChatFromResident:
			who = b.T(lang, "chat.transcript.you", nil)
		case library.ChatFromSystem:
			who = b.T(lang, "chat.transcript.system", nil)
			data := map[string]any{}
			for k, v := range m.Params {
				data[k] = v
			}
			text = b.T(lang, m.Text, data)
		}
		if sb.Len() > 0 {
			sb.WriteString("\n\n")
		}
		fmt.Fprintf(&sb, "%s %s:\n%s", m.Sent.In(library.Helsinki).Format("15:04"), who, text)
	}
	return sb.String(), nil
}

// PersonalChat is a chat in the patron's download: what was said and
// when, with staff as the resident saw them.
type PersonalChat struct {
	ID       int64                 `json:"id"`
	Library  string                `json:"library"` // "" for the consortium's chat
	Status   string                `json:"status"`
	Created  time.Time             `json:"created"`
	Ended    *time.Time            `json:"ended"`
	Messages []PersonalChatMessage `json:"messages"`
}

// PersonalChatMessage is one message of a PersonalChat; a system
// message's text is its catalogue key.
type PersonalChatMessage struct {
	From   string            `json:"from"`
	Author string            `json:"author,omitempty"`
	Text   string            `json:"text"`
	Params map[string]string `json:"params,omitempty"`
	Sent   time.Time         `json:"sent"`
}

func personalChats(ctx context.Context, tx txn, id int64, d *PersonalData) error {
	cs, err := scanChats(tx.QueryContext(ctx, chatSelect+` WHERE c.patron_id = $1 ORDER BY c.created_at, c.id`, id))
	if err != nil {
		return err
	}
	d.Chats = []PersonalChat{}
	for _, c := range cs {
		pc := PersonalChat{ID: c.ID, Library: c.Queue, Status: c.Status, Created: c.Created, Ended: optInstant(c.Ended),
			Messages: []PersonalChatMessage{}}
		ms, err := chatMessages(ctx, tx, c.ID, 0, 0)
		if err != nil {
			return err
		}
		for _, m := range ms {
			pc.Messages = append(pc.Messages, PersonalChatMessage{From: m.From, Author: m.Author, Text: m.Text, Params: m.Params, Sent: m.Sent})
		}
		d.Chats = append(d.Chats, pc)
	}
	return nil
}
