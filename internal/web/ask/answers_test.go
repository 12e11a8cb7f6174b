package ask

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/kirjasto/kirjasto/internal/library"
	"github.com/kirjasto/kirjasto/internal/web/webtest"
)

// TestAnswers publishes one of two answered pieces of feedback: the
// public page shows staff's summary and answer of that one only, never
// what the sender wrote.
func TestAnswers(t *testing.T) {
	webtest.ForEachCircEnv(t, func(t *testing.T, e *webtest.CircEnv) {
		ctx := context.Background()
		staff, err := e.DB.CreateStaff(ctx, library.Staff{Username: "hki", Name: "Helsinki", Role: library.RoleBranchStaff, Branch: "hki-oodi"}, "a long enough password")
		if err != nil {
			t.Fatal(err)
		}
		send := func(text string, consent bool) library.Feedback {
			f, err := e.DB.SendFeedback(ctx, library.Feedback{Kind: library.FeedbackComplaint, Library: "helsinki", Text: text, Consent: consent,
				Sender: library.Sender{GuestName: "Matti Meikäläinen", GuestEmail: "matti@example.fi"}}, webtest.Now)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := e.DB.AnswerFeedback(ctx, staff, f.ID, "Vastaus "+text, webtest.Now); err != nil {
				t.Fatal(err)
			}
			return f
		}
		published := send("Oodin hissi on rikki, terveisin Matti", true)
		send("Yksityinen valitus", true)
		if _, err := e.DB.PublishFeedback(ctx, staff, published.ID, "Hissi oli rikki.", "Hissi on korjattu.", webtest.Now); err != nil {
			t.Fatal(err)
		}
		resp, page := e.Do(t, "GET", "/answers?library=helsinki", nil, "Cookie: lang=en")
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("status %d", resp.StatusCode)
		}
		has(t, "the answers", page, "Hissi oli rikki.", "Hissi on korjattu.", e.Msg("en", "feedback.kind.complaint"))
		for _, secret := range []string{"Matti", "matti@example.fi", "Oodin hissi", "Yksityinen", "Vastaus"} {
			if strings.Contains(page, secret) {
				t.Errorf("the public page shows %q", secret)
			}
		}
		_, page = e.Do(t, "GET", "/answers?library=espoo", nil, "Cookie: lang=en")
		has(t, "Espoo's answers", page, e.Msg("en", "ask_web.answers.none"))
		if resp, _ := e.Do(t, "GET", "/answers?library=nowhere", nil, "Cookie: lang=en"); resp.StatusCode != http.StatusNotFound {
			t.Errorf("an unknown library: %d", resp.StatusCode)
		}
		for _, lang := range e.Bundle.Languages() {
			_, page := e.Do(t, "GET", "/answers?library=helsinki", nil, "Cookie: lang="+lang)
			if ids := webtest.RawIDs(e.Bundle, lang, page); len(ids) != 0 {
				t.Errorf("answers in %s show ids %v", lang, ids)
			}
		}
	})
}
