package library

import (
	"context"
	"time"
)

// Live chat with a librarian (issue 16, point 1). A resident, signed in
// or a guest, opens a chat from any page; it waits in a queue until a
// librarian on duty takes it. Every message is stored before it is
// delivered, so a reload, a broken network or a restarted server loses
// nothing: a client asks for the messages after the last one it has.
// Delivery is the realtime package's; this file is the domain and the
// store's contract. Staff need ActAsk at the chat's queue.

// Chat states; their names are in the catalogues under "chat.status.".
const (
	ChatWaiting = "waiting" // in the queue, nobody has taken it
	ChatActive  = "active"  // a librarian has it
	ChatEnded   = "ended"
)

// How a chat ended; names under "chat.ended.".
const (
	ChatEndedByResident = "resident"
	ChatEndedByStaff    = "staff"
	ChatEndedAbuse      = "abuse"   // staff ended an abusive session; the guest is shut out for ChatBlockTime
	ChatEndedIdle       = "idle"    // nobody wrote for ChatIdleTime
	ChatEndedClosing    = "closing" // chat hours ended with the chat still waiting
)

// Who wrote a message.
const (
	ChatFromResident = "resident"
	ChatFromStaff    = "staff"
	ChatFromSystem   = "system" // taken, handed over, ended: Text is a catalogue key, Params its values
)

// Chat queue modes, the consortium's choice (setting ChatSettingsKey).
const (
	ChatQueueLibrary    = "library"    // each member library answers its own residents
	ChatQueueConsortium = "consortium" // one queue for all
)

// Limits.
const (
	MaxChatMessage = 2000 // characters in one message
	// ChatMessagesPerMinute is how many messages one chat's resident may
	// send in a minute: far above typing speed, far below a flood.
	ChatMessagesPerMinute = 30
	ChatIdleTime          = 30 * time.Minute
	ChatBlockTime         = 24 * time.Hour
	// DefaultChatRetention is how long a chat keeps its messages and who
	// wrote them when the consortium sets nothing.
	DefaultChatRetention = 30 * 24 * time.Hour
)

// ChatSettingsKey is the settings key of ChatSettings.
const ChatSettingsKey = "chat"

// ChatSettings are the consortium's choices for the chat.
type ChatSettings struct {
	Queue         string // ChatQueueLibrary or ChatQueueConsortium
	RetentionDays int    // 0: DefaultChatRetention
	Disabled      bool   // true hides the chat everywhere
}

// Chat is one conversation.
type Chat struct {
	ID int64
	// Queue is the member library whose staff answer it, or "" for the
	// consortium-wide queue.
	Queue    string
	PatronID int64  // 0 for a guest
	Name     string // what staff see: the guest's given name or the patron's first name; may be ""
	Lang     string // the resident's language
	// Client is a key for the resident's network address (a hash, never
	// the address): a chat ended as abusive shuts its client out for
	// ChatBlockTime (EFORBIDDEN error.chat_blocked). Write only.
	Client  string
	Status  string
	StaffID int64  // who has it; 0 while waiting
	Staff   string // their display name, as the resident sees it
	EndedBy string // one of the ChatEnded constants
	Created time.Time
	Taken   time.Time // first taken
	Ended   time.Time
	// LastMessage is the last message's ID and time, for the queue's
	// ages and for clients to resume after.
	LastMessageID int64
	LastMessageAt time.Time
}

// ChatMessage is one message of a chat. IDs grow within a chat, so a
// client resumes with the messages after the last ID it has.
type ChatMessage struct {
	ID     int64
	ChatID int64
	From   string // ChatFromResident, ChatFromStaff or ChatFromSystem
	Author string // the staff member's display name for staff messages
	Text   string // plain text; pages escape it
	Params map[string]string
	Sent   time.Time
}

// SavedAnswer is a reply staff keep for questions that come again.
type SavedAnswer struct {
	ID      int64
	Library string // "" is the consortium's, offered to everyone
	Lang    string
	Title   string
	Text    string
}

// ChatSlot is one weekly stretch of chat hours, in Helsinki wall-clock time.
type ChatSlot struct {
	Queue   string       // member library, or "" for the consortium queue
	Weekday time.Weekday //
	Open    string       // "HH:MM"
	Close   string       // "HH:MM", after Open
}

// ChatService keeps chats. Resident methods take the chat's secret
// (given once by OpenChat, stored hashed) or the signed-in patron; staff
// methods take the staff member and ask Permit(by, ActAsk, the queue's
// scope) themselves: a library's queue at LibraryScope, the consortium's
// queue "" at the staff member's own Reach(), as every member library's
// desk answers it. docs/chat.md has the details.
type ChatService interface {
	// ChatOpen reports whether queue's chat is open at now: within its
	// hours and with someone on duty.
	ChatOpen(ctx context.Context, queue string, now time.Time) (bool, error)
	// OpenChat starts a chat with its first message and returns it with
	// the secret the resident's browser keeps. A closed chat is
	// ECONFLICT error.chat_closed: the page offers a question instead.
	OpenChat(ctx context.Context, c Chat, first string, now time.Time) (Chat, string, error)
	// ResidentChat returns the chat the secret opens (ENOTFOUND error.chat_not_found).
	ResidentChat(ctx context.Context, id int64, secret string) (Chat, error)
	// PostResident stores a resident's message (EINVALID error.chat_empty,
	// error.chat_too_long; ECONFLICT error.chat_ended; EFORBIDDEN
	// error.chat_rate past ChatMessagesPerMinute).
	PostResident(ctx context.Context, id int64, secret, text string, now time.Time) (ChatMessage, error)
	// EndByResident ends the chat; an ended chat is returned unchanged.
	EndByResident(ctx context.Context, id int64, secret string, now time.Time) (Chat, error)
	// SendTranscript queues the chat's messages by e-mail to addr (the
	// patron's address when empty and the chat is a patron's; else
	// EINVALID error.chat_email_required), at most MaxChatTranscripts.
	SendTranscript(ctx context.Context, id int64, secret, addr, lang string, now time.Time) error

	// Messages returns up to limit messages of a chat after the ID after.
	// It does not check who asks: open the chat first.
	Messages(ctx context.Context, chatID, after int64, limit int) ([]ChatMessage, error)

	// Staff. SetOnDuty replaces by's duty with queues until until (a
	// heartbeat; no queues is off duty). ChatQueue takes the queues the
	// caller may answer (nil: every queue).
	SetOnDuty(ctx context.Context, by Staff, queues []string, until time.Time) error
	ChatQueue(ctx context.Context, queues []string) ([]Chat, error) // waiting and active, oldest first
	TakeChat(ctx context.Context, by Staff, id int64, now time.Time) (Chat, error)
	HandOver(ctx context.Context, by Staff, id, to int64, now time.Time) (Chat, error)
	PostStaff(ctx context.Context, by Staff, id int64, text string, now time.Time) (ChatMessage, error)
	EndByStaff(ctx context.Context, by Staff, id int64, abusive bool, now time.Time) (Chat, error)
	StaffChat(ctx context.Context, by Staff, id int64) (Chat, error)

	SavedAnswers(ctx context.Context, libs []string, lang string) ([]SavedAnswer, error)
	SaveAnswer(ctx context.Context, by Staff, a SavedAnswer) (SavedAnswer, error)
	DeleteSavedAnswer(ctx context.Context, by Staff, id int64) error

	ChatHours(ctx context.Context, queue string) ([]ChatSlot, error)
	SetChatHours(ctx context.Context, by Staff, queue string, slots []ChatSlot, now time.Time) error

	// AnonymiseChats erases the messages and the residents of chats
	// ended longer ago than the retention, and ends idle ones and those
	// still waiting when the hours are over.
	AnonymiseChats(ctx context.Context, now time.Time) (int, error)
}
