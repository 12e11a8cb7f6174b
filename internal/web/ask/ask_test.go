package ask

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/kirjasto/kirjasto/internal/library"
	"github.com/kirjasto/kirjasto/internal/web/webtest"
)

// has fails unless page holds every one of want.
func has(t *testing.T, what, page string, want ...string) {
	t.Helper()
	for _, w := range want {
		if !strings.Contains(page, w) {
			t.Errorf("%s lacks %q", what, w)
		}
	}
}

// guestQuestion is a guest's valid question to Helsinki.
func guestQuestion() url.Values {
	return url.Values{"library": {"helsinki"}, "topic": {library.QTopicCollection}, "text": {"Onko Muumipeikko ruotsiksi?"},
		"answer_by": {"email"}, "name": {"Maija Meikäläinen"}, "email": {"maija@example.fi"}}
}

// questions returns every question the store holds, oldest first.
func questions(t *testing.T, e *webtest.CircEnv) []library.Question {
	t.Helper()
	qs, err := e.DB.ListQuestions(context.Background(), library.AskFilter{Statuses: library.AskStatuses})
	if err != nil {
		t.Fatal(err)
	}
	return qs
}

// TestAskGuest sends a guest's question: the thank-you page after a 303,
// the question saved with the guest's address, and the form's refusals
// at their fields with nothing saved.
func TestAskGuest(t *testing.T) {
	webtest.ForEachCircEnv(t, func(t *testing.T, e *webtest.CircEnv) {
		_, page := e.Do(t, "GET", "/ask", nil, "Cookie: lang=en")
		has(t, "the form", page, "<h1>"+e.Msg("en", "ask_web.ask.title")+"</h1>", e.Msg("en", "question.topic.elibrary"),
			"Helsinki City Library", `name="email"`, `href="/ask"`, `href="/feedback"`)

		for _, c := range []struct {
			name, field, key string
			change           func(v url.Values)
		}{
			{"empty", "text", "error.question_empty", func(v url.Values) { v.Set("text", "  ") }},
			{"100 kB", "text", "error.question_too_long", func(v url.Values) { v.Set("text", strings.Repeat("a", 100<<10)) }},
			{"no topic", "topic", "error.question_topic", func(v url.Values) { v.Del("topic") }},
			{"no library", "library", "error.ask_library", func(v url.Values) { v.Set("library", "nowhere") }},
			{"no name", "name", "error.ask_guest_name", func(v url.Values) { v.Del("name") }},
			{"no e-mail", "email", "error.ask_guest_email", func(v url.Values) { v.Set("email", "not an address") }},
			{"in My Account", "answer_by", "error.question_answer_by", func(v url.Values) { v.Set("answer_by", "account") }},
		} {
			v := guestQuestion()
			c.change(v)
			resp, page := e.Do(t, "POST", "/ask", v, "Cookie: lang=en")
			if resp.StatusCode != http.StatusBadRequest {
				t.Errorf("%s: status %d, want 400", c.name, resp.StatusCode)
			}
			msg := e.Bundle.T("en", c.key, map[string]any{"Count": library.MaxAskText})
			if c.field != "answer_by" {
				has(t, c.name, page, `id="`+c.field+`-error" class="field-error">`+webtest.HTMLText(msg), `aria-invalid="true"`)
			}
		}
		if qs := questions(t, e); len(qs) != 0 {
			t.Fatalf("refused questions saved: %+v", qs)
		}

		resp, _ := e.Do(t, "POST", "/ask", guestQuestion(), "Cookie: lang=sv")
		if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/ask/thanks?by=email" {
			t.Fatalf("sent: %d to %q", resp.StatusCode, resp.Header.Get("Location"))
		}
		_, page = e.Do(t, "GET", "/ask/thanks?by=email", nil, "Cookie: lang=sv")
		has(t, "the thanks", page, e.Msg("sv", "ask_web.thanks.by_email"))
		qs := questions(t, e)
		if len(qs) != 1 || qs[0].GuestEmail != "maija@example.fi" || qs[0].Lang != "sv" || qs[0].Library != "helsinki" {
			t.Fatalf("saved %+v", qs)
		}
	})
}

// TestAskRateLimit refuses a guest who sends too many, with a 429.
func TestAskRateLimit(t *testing.T) {
	webtest.ForEachCircEnv(t, func(t *testing.T, e *webtest.CircEnv) {
		var last int
		for range 30 {
			resp, _ := e.Do(t, "POST", "/ask", guestQuestion(), "Cookie: lang=fi")
			if last = resp.StatusCode; last == http.StatusTooManyRequests {
				break
			}
		}
		if last != http.StatusTooManyRequests {
			t.Errorf("30 questions from one address: last %d", last)
		}
		// Feedback counts against the same limit.
		fb := url.Values{"kind": {"idea"}, "text": {"Lisää kahvia"}}
		if resp, _ := e.Do(t, "POST", "/feedback", fb, "Cookie: lang=fi"); resp.StatusCode != http.StatusTooManyRequests {
			t.Errorf("feedback over the limit: %d", resp.StatusCode)
		}
		// A signed-in patron is not limited so.
		v := guestQuestion()
		v.Set("answer_by", "account")
		if resp, _ := e.Do(t, "POST", "/ask", v, e.AsPatron("fi")); resp.StatusCode != http.StatusSeeOther {
			t.Errorf("the patron's question: %d", resp.StatusCode)
		}
	})
}

// TestAskedInAccount follows a patron's question answered in My Account
// and feedback answered, from the form to My Account's list after staff
// answer through the store.
func TestAskedInAccount(t *testing.T) {
	webtest.ForEachCircEnv(t, func(t *testing.T, e *webtest.CircEnv) {
		ctx := context.Background()
		_, page := e.Do(t, "GET", "/ask", nil, e.AsPatron("en"))
		has(t, "the patron's form", page, `value="account"`)
		if strings.Contains(page, `name="email"`) {
			t.Error("the patron is asked for an address")
		}
		has(t, "the patron's form", page, e.Msg("en", "ask_web.ask.no_email"))
		// The test patron has no e-mail address: an answer by e-mail would reach nobody.
		v := url.Values{"library": {"espoo"}, "topic": {library.QTopicLoans}, "text": {"Voiko lainaa uusia?"}, "answer_by": {"email"}}
		resp, page := e.Do(t, "POST", "/ask", v, e.AsPatron("en"))
		if resp.StatusCode != http.StatusBadRequest {
			t.Errorf("by e-mail without an address: %d", resp.StatusCode)
		}
		has(t, "by e-mail without an address", page, `id="answer_by-error" class="field-error">`+webtest.HTMLText(e.Msg("en", "ask_web.ask.no_email")))
		v.Set("answer_by", "account")
		resp, _ = e.Do(t, "POST", "/ask", v, e.AsPatron("en"))
		if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/ask/thanks?by=account" {
			t.Fatalf("sent: %d to %q", resp.StatusCode, resp.Header.Get("Location"))
		}
		fb := url.Values{"kind": {library.FeedbackIdea}, "target": {"branch:esp-sello"}, "text": {"Lisää sohvia"}}
		if resp, _ := e.Do(t, "POST", "/feedback", fb, e.AsPatron("en")); resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("feedback: %d", resp.StatusCode)
		}
		staff, err := e.DB.CreateStaff(ctx, library.Staff{Username: "esp", Name: "Espoo", Role: library.RoleBranchStaff, Branch: "esp-sello"}, "a long enough password")
		if err != nil {
			t.Fatal(err)
		}
		q := questions(t, e)[0]
		if _, err := e.DB.AnswerQuestion(ctx, staff, q.ID, "Kyllä, viisi kertaa.", webtest.Now); err != nil {
			t.Fatal(err)
		}
		_, page = e.Do(t, "GET", "/account/asked", nil, e.AsPatron("en"))
		has(t, "My Account", page, "Voiko lainaa uusia?", "Kyllä, viisi kertaa.", e.Msg("en", "ask.status.answered"),
			"Lisää sohvia", e.Msg("en", "ask.status.new"), e.Msg("en", "feedback.kind.idea"), `href="/account/asked" aria-current="page"`)
		if resp, _ := e.Do(t, "GET", "/account/asked", nil, "Cookie: lang=en"); resp.StatusCode == http.StatusOK {
			t.Error("My Account's list without signing in")
		}
	})
}

// TestFeedback sends a guest's feedback without contact details, and
// refuses empty feedback and an unknown branch.
func TestFeedback(t *testing.T) {
	webtest.ForEachCircEnv(t, func(t *testing.T, e *webtest.CircEnv) {
		_, page := e.Do(t, "GET", "/feedback", nil, "Cookie: lang=fi")
		has(t, "the form", page, e.Msg("fi", "feedback.kind.complaint"), e.Msg("fi", "ask_web.feedback.web_service"), "Sellon kirjasto")
		for _, c := range []struct{ name, field, text, target string }{
			{"empty", "text", " ", ""}, {"no branch", "target", "Hyvä", "branch:nowhere"}, {"no library", "target", "Hyvä", "library:nowhere"},
		} {
			resp, page := e.Do(t, "POST", "/feedback", url.Values{"kind": {"praise"}, "text": {c.text}, "target": {c.target}}, "Cookie: lang=fi")
			if resp.StatusCode != http.StatusBadRequest {
				t.Errorf("%s: %d", c.name, resp.StatusCode)
			}
			has(t, c.name, page, `id="`+c.field+`-error"`)
		}
		resp, _ := e.Do(t, "POST", "/feedback", url.Values{"kind": {"praise"}, "text": {"Kiitos!"}, "consent": {"1"}}, "Cookie: lang=fi")
		if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/feedback/thanks?consent=1" {
			t.Fatalf("sent: %d to %q", resp.StatusCode, resp.Header.Get("Location"))
		}
		_, page = e.Do(t, "GET", "/feedback/thanks?consent=1", nil, "Cookie: lang=fi")
		has(t, "the thanks", page, e.Msg("fi", "ask_web.thanks.feedback_no_answer"), e.Msg("fi", "ask_web.thanks.feedback_consent"))
		fs, err := e.DB.ListFeedback(context.Background(), library.AskFilter{Libraries: []string{""}})
		if err != nil || len(fs) != 1 || !fs[0].Consent || fs[0].Library != "" {
			t.Fatalf("saved %+v, %v", fs, err)
		}
	})
}

// TestLanguages shows every page in every language without a raw message
// id.
func TestLanguages(t *testing.T) {
	webtest.ForEachCircEnv(t, func(t *testing.T, e *webtest.CircEnv) {
		for _, lang := range e.Bundle.Languages() {
			for _, path := range []string{"/ask", "/feedback", "/ask/thanks?by=email", "/ask/thanks?by=account",
				"/feedback/thanks?answer=1&consent=1", "/feedback/thanks", "/account/asked"} {
				resp, page := e.Do(t, "GET", path, nil, e.AsPatron(lang))
				if resp.StatusCode != http.StatusOK {
					t.Errorf("%s in %s: %d", path, lang, resp.StatusCode)
				}
				if ids := webtest.RawIDs(e.Bundle, lang, page); len(ids) != 0 {
					t.Errorf("%s in %s shows ids %v", path, lang, ids)
				}
			}
			_, page := e.Do(t, "GET", "/ask", nil, "Cookie: lang="+lang)
			if ids := webtest.RawIDs(e.Bundle, lang, page); len(ids) != 0 {
				t.Errorf("the guest's form in %s shows ids %v", lang, ids)
			}
		}
	})
}

// TestAskAnsweredByEmail holds the thank-you page to its word: when staff
// answer a guest's question, the answer is queued as an e-mail to the
// guest's address, in the language the guest asked in.
func TestAskAnsweredByEmail(t *testing.T) {
	webtest.ForEachCircEnv(t, func(t *testing.T, e *webtest.CircEnv) {
		ctx := context.Background()
		if resp, _ := e.Do(t, "POST", "/ask", guestQuestion(), "Cookie: lang=sv"); resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("sent: %d", resp.StatusCode)
		}
		staff, err := e.DB.CreateStaff(ctx, library.Staff{Username: "hki", Name: "Helsinki", Role: library.RoleBranchStaff, Branch: "hki-oodi"}, "a long enough password")
		if err != nil {
			t.Fatal(err)
		}
		if _, err := e.DB.AnswerQuestion(ctx, staff, questions(t, e)[0].ID, "Ja, Mumintrollet finns.", webtest.Now); err != nil {
			t.Fatal(err)
		}
		ns, err := e.DB.PendingNotices(ctx, 100)
		if err != nil {
			t.Fatal(err)
		}
		for _, n := range ns {
			if n.Guest != nil && n.Guest.Email == "maija@example.fi" && n.Kind == library.NoticeQuestionAnswered && n.Guest.Lang == "sv" {
				return
			}
		}
		t.Errorf("no answer queued to the guest among %+v", ns)
	})
}
