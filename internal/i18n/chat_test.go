package i18n

import (
	"strings"
	"testing"

	"github.com/kirjasto/kirjasto/internal/library"
)

// TestChatNames: every chat status, ending and system message has a
// text in every language, the system messages name the librarian, and
// the transcript's notice carries the transcript.
func TestChatNames(t *testing.T) {
	b := newBundle(t)
	var ids []string
	for _, s := range library.ChatStatuses {
		ids = append(ids, "chat.status."+s)
	}
	for _, e := range library.ChatEndings {
		ids = append(ids, "chat.ended."+e, library.ChatSystemEnded+e)
	}
	ids = append(ids, library.ChatSystemTaken, library.ChatSystemHandedTo, "chat.transcript.you", "chat.transcript.system",
		"notice."+library.NoticeChatTranscript+".subject", "notice."+library.NoticeChatTranscript+".body",
		"notice.kind."+library.NoticeChatTranscript)
	params := map[string]any{"name": "Maija", "date": "6.12.2026", "transcript": "10:00 Maija:\nHei"}
	for _, lang := range b.Languages() {
		for _, id := range ids {
			if !b.Has(lang, id) {
				t.Errorf("%s: no message %q", lang, id)
				continue
			}
			got := b.T(lang, id, params)
			if strings.Contains(got, "{{") || strings.Contains(got, "<no value>") {
				t.Errorf("%s: %s: %q", lang, id, got)
			}
		}
		for _, id := range []string{library.ChatSystemTaken, library.ChatSystemHandedTo, library.ChatSystemEnded + library.ChatEndedByStaff} {
			if got := b.T(lang, id, params); !strings.Contains(got, "Maija") {
				t.Errorf("%s: %s leaves out the librarian: %q", lang, id, got)
			}
		}
		if got := b.T(lang, "notice.chat_transcript.body", params); !strings.Contains(got, "10:00 Maija:\nHei") {
			t.Errorf("%s: the transcript notice leaves out the transcript: %q", lang, got)
		}
	}
}
