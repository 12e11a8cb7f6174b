package library

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Checks and names of the live chat that the store and the pages share.

// Audit codes of the chat's staff steps. Library is the chat's queue
// ("" for the consortium's); the detail names the chat by ID, never the
// resident or the text.
const (
	AuditChatTake         = "chat.take"
	AuditChatHandOver     = "chat.hand_over"
	AuditChatEnd          = "chat.end"
	AuditChatEndAbuse     = "chat.end_abuse" // the client is shut out for ChatBlockTime
	AuditChatHours        = "chat.hours"
	AuditChatAnswerSave   = "chat.answer_save"
	AuditChatAnswerDelete = "chat.answer_delete"
)

// NoticeChatTranscript is the e-mail of a chat's transcript. Params:
// date (2006-01-02, the chat's day), transcript (the messages as text).
const NoticeChatTranscript = "chat_transcript"

// ChatStatuses and ChatEndings list the codes, for tests that walk them.
var (
	ChatStatuses = []string{ChatWaiting, ChatActive, ChatEnded}
	ChatEndings  = []string{ChatEndedByResident, ChatEndedByStaff, ChatEndedAbuse, ChatEndedIdle, ChatEndedClosing}
)

// Chat system messages: a ChatMessage from ChatFromSystem has one of
// these as Text, and the name of the staff member in Params["name"]
// where there is one. The ended messages are ChatSystemEnded + EndedBy.
const (
	ChatSystemTaken     = "chat.system.taken"
	ChatSystemHandedTo  = "chat.system.handed_over"
	ChatSystemEnded     = "chat.system.ended."
	MaxChatName         = 100 // characters of the name a guest gives
	MaxSavedAnswerTitle = 100
	// MaxChatTranscripts is how many transcripts one chat may send: the
	// address is the resident's word, so the limit keeps a chat from
	// becoming a way to mail strangers.
	MaxChatTranscripts = 3
)

// ValidateChatText trims a message and refuses an empty one, one longer
// than MaxChatMessage and one not in UTF-8.
// Control characters other than line breaks and tabs are dropped: they
// show as nothing, and PostgreSQL refuses NUL in text.
func ValidateChatText(s string) (string, error) {
	if utf8.ValidString(s) {
		s = strings.Map(func(r rune) rune {
			if r == '\n' || r == '\t' {
				return r
			}
			if r == '\r' || unicode.IsControl(r) {
				return -1
			}
			return r
		}, s)
	}
	return askText("text", s, MaxChatMessage, "error.chat_empty", "error.chat_too_long")
}

// ValidateChatName trims the name a guest gives; it may be empty.
func ValidateChatName(s string) (string, error) {
	s = strings.TrimSpace(s)
	if !utf8.ValidString(s) {
		return "", fieldErr("name", "error.bad_utf8", "not UTF-8")
	}
	if n := utf8.RuneCountInString(s); n > MaxChatName {
		return "", &Error{Code: EINVALID, Key: "error.chat_name_too_long", Count: MaxChatName,
			Message: fmt.Sprintf("name: %d characters, more than %d", n, MaxChatName)}
	}
	return s, nil
}

// ValidateChatEmail checks the address a transcript goes to.
func ValidateChatEmail(s string) (string, error) {
	s = strings.TrimSpace(s)
	if !validEmail(s) {
		return "", fieldErr("email", "error.chat_email", "%q is not an e-mail address", s)
	}
	return s, nil
}

// ChatLanguage returns lang when it is one of Languages, else Finnish.
func ChatLanguage(lang string) string {
	if knownLanguage(lang) {
		return lang
	}
	return "fi"
}

// ValidateSavedAnswer trims and checks a saved answer.
func ValidateSavedAnswer(a SavedAnswer) (SavedAnswer, error) {
	var err error
	if a.Title, err = askText("title", a.Title, MaxSavedAnswerTitle, "error.chat_answer_title", "error.chat_answer_title_too_long"); err != nil {
		return a, err
	}
	if a.Text, err = ValidateChatText(a.Text); err != nil {
		return a, err
	}
	if !knownLanguage(a.Lang) {
		return a, fieldErr("lang", "error.chat_answer_lang", "unknown language %q", a.Lang)
	}
	return a, nil
}

// ValidateChatSlots checks a queue's weekly chat hours: each slot a
// weekday, times as HH:MM (Close may be 24:00), Close after Open, and no
// two slots of a day overlapping. It returns the slots with Queue set.
func ValidateChatSlots(queue string, slots []ChatSlot) ([]ChatSlot, error) {
	out := make([]ChatSlot, 0, len(slots))
	for i, s := range slots {
		s.Queue = queue
		s.Open, s.Close = strings.TrimSpace(s.Open), strings.TrimSpace(s.Close)
		if s.Weekday < 0 || s.Weekday > 6 {
			return nil, fieldErr("weekday", "error.chat_hours_weekday", "slot %d: weekday %d", i, s.Weekday)
		}
		if !chatClock(s.Open, false) || !chatClock(s.Close, true) {
			return nil, fieldErr("time", "error.chat_hours_time", "slot %d: %q-%q is not HH:MM", i, s.Open, s.Close)
		}
		if s.Close <= s.Open {
			return nil, fieldErr("time", "error.chat_hours_order", "slot %d: closes %s before it opens %s", i, s.Close, s.Open)
		}
		for _, o := range out {
			if o.Weekday == s.Weekday && s.Open < o.Close && o.Open < s.Close {
				return nil, fieldErr("time", "error.chat_hours_overlap", "slot %d overlaps another on day %d", i, s.Weekday)
			}
		}
		out = append(out, s)
	}
	return out, nil
}

// chatClock reports whether s is a time of day as HH:MM; 24:00 too when
// end is set.
func chatClock(s string, end bool) bool {
	if len(s) != 5 || s[2] != ':' {
		return false
	}
	for _, i := range []int{0, 1, 3, 4} {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	if end && s == "24:00" {
		return true
	}
	return s[:2] <= "23" && s[3:] <= "59"
}
