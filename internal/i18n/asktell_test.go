package i18n

import (
	"strings"
	"testing"

	"github.com/kirjasto/kirjasto/internal/library"
)

// TestAskNames: every code of questions, feedback and purchase
// suggestions has a name in every language, every audit code a label,
// and every notice a subject, a body and an outbox name that fill in
// their fields.
func TestAskNames(t *testing.T) {
	b := newBundle(t)
	ids := []string{"staff.action." + string(library.ActAsk)}
	for _, s := range library.AskStatuses {
		ids = append(ids, "ask.status."+s)
	}
	for _, s := range library.QuestionTopics {
		ids = append(ids, "question.topic."+s)
	}
	for _, s := range library.FeedbackKinds {
		ids = append(ids, "feedback.kind."+s)
	}
	for _, s := range library.SuggestionStatuses {
		ids = append(ids, "suggestion.status."+s)
	}
	for _, a := range library.AuditActions {
		ids = append(ids, "audit.action."+a)
	}
	for _, k := range library.AskNotices {
		ids = append(ids, "notice."+k+".subject", "notice."+k+".body", "notice.kind."+k)
	}
	params := map[string]any{"title": "Muumipeikko", "branch": "Oodi", "question": "Q?", "answer": "Vastaus 42", "reason": "Loppuunmyyty"}
	for _, lang := range b.Languages() {
		for _, id := range ids {
			if !b.Has(lang, id) {
				t.Errorf("%s: no message %q", lang, id)
			}
		}
		for _, k := range library.AskNotices {
			body := b.T(lang, "notice."+k+".body", params)
			for _, got := range []string{b.T(lang, "notice."+k+".subject", params), body} {
				if strings.Contains(got, "{{") || strings.Contains(got, "<no value>") {
					t.Errorf("%s: notice %s: %q", lang, k, got)
				}
			}
			want := "Muumipeikko"
			if strings.HasSuffix(k, "_answered") {
				want = "Vastaus 42"
			}
			if !strings.Contains(body, want) {
				t.Errorf("%s: notice %s leaves out %q: %q", lang, k, want, body)
			}
		}
		if got := b.T(lang, "notice.suggestion_declined.body", params); !strings.Contains(got, "Loppuunmyyty") {
			t.Errorf("%s: a refusal leaves out its reason: %q", lang, got)
		}
		if got := b.T(lang, "notice.suggestion_hold.body", params); !strings.Contains(got, "Oodi") {
			t.Errorf("%s: a hold leaves out its branch: %q", lang, got)
		}
	}
}

// TestAskInboxNotices: the notices to a library's ask inbox have a
// subject, a body and an outbox name in every language, and the body
// says which item and where to handle it.
func TestAskInboxNotices(t *testing.T) {
	b := newBundle(t)
	params := map[string]any{"id": "4242", "library": "helsinki", "link": "/admin/ask/questions/4242", "title": "Muumipeikko"}
	for _, lang := range b.Languages() {
		for _, k := range library.AskStaffNotices {
			for _, id := range []string{"notice." + k + ".subject", "notice." + k + ".body", "notice.kind." + k} {
				if !b.Has(lang, id) {
					t.Errorf("%s: no message %q", lang, id)
				}
			}
			body := b.T(lang, "notice."+k+".body", params)
			if strings.Contains(body, "{{") || strings.Contains(body, "<no value>") || !strings.Contains(body, "/admin/ask/questions/4242") {
				t.Errorf("%s: notice %s: %q", lang, k, body)
			}
		}
		if !b.Has(lang, "error.ask_inbox") || !b.Has(lang, "audit.action."+library.AuditAskInbox) {
			t.Errorf("%s: the ask inbox's messages are missing", lang)
		}
	}
}
