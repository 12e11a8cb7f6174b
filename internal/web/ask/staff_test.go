package ask

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/kirjasto/kirjasto/internal/library"
	"github.com/kirjasto/kirjasto/internal/web/webtest"
)

// staffPost posts a staff form, as a browser of the site would.
func staffPost(t *testing.T, e *webtest.CircEnv, path string, form url.Values, cookie string) (*http.Response, string) {
	t.Helper()
	return e.Do(t, "POST", path, form, cookie, "Sec-Fetch-Site: same-origin")
}

// wantStatus fails unless the response has the status.
func wantStatus(t *testing.T, what string, resp *http.Response, body string, want int) {
	t.Helper()
	if resp.StatusCode != want {
		t.Fatalf("%s: status %d, want %d\n%.600s", what, resp.StatusCode, want, body)
	}
}

// fieldError is the markup of a message at a field of the staff pages.
func fieldError(field, msg string) string {
	return `<span id="` + field + `-error" class="field-error">` + webtest.HTMLText(msg) + `</span>`
}

// askAs sends a patron's question to lib straight to the store.
func askAs(t *testing.T, e *webtest.CircEnv, lib, text string, at time.Time) library.Question {
	t.Helper()
	q, err := e.DB.Ask(context.Background(), library.Question{Library: lib, Topic: library.QTopicLoans, Text: text,
		Sender: library.Sender{PatronID: e.Patron.ID, Lang: "fi"}}, at)
	if err != nil {
		t.Fatal(err)
	}
	return q
}

// TestStaffQuestions takes a question through the staff's pages: the
// list shows only the staff member's own city's, another city's staff
// get 403 with the reason, an empty answer is refused at its field in
// the user's language, and assigning, answering and closing answer 303,
// with the response times on the page and their median on the list.
func TestStaffQuestions(t *testing.T) {
	webtest.ForEachCircEnv(t, func(t *testing.T, e *webtest.CircEnv) {
		hki := e.StaffAt(t, "hki-desk", library.RoleBranchStaff, "hki-oodi", "en")
		colleague := e.StaffAt(t, "hki-colleague", library.RoleBranchStaff, "hki-oodi", "sv")
		esp := e.StaffAt(t, "esp-desk", library.RoleBranchStaff, "esp-sello", "en")
		cat := e.StaffAt(t, "cataloguer", library.RoleCataloguer, "hki-oodi", "en")
		q := askAs(t, e, "helsinki", "Milloin lainani eräpäivä on?", webtest.Now.Add(-3*time.Hour))
		espQ := askAs(t, e, "espoo", "Espoon kysymys", webtest.Now.Add(-time.Hour))
		path := library.StaffQuestionPath(q.ID)

		_, list := e.Do(t, "GET", "/admin/ask/questions", nil, hki)
		has(t, "Helsinki's list", list, `href="`+path+`"`, e.Msg("en", "question.topic.loans"), "3 h 0 min", e.Msg("en", "ask_staff.nobody"))
		if strings.Contains(list, `href="`+library.StaffQuestionPath(espQ.ID)+`"`) {
			t.Errorf("Helsinki's list shows Espoo's question")
		}

		// Another city's staff, and a role without ActAsk, are refused
		// with the reason.
		forbidden := webtest.HTMLText(e.Msg("en", "error.staff_other_library"))
		for _, c := range []struct {
			method, path string
			cookie       string
		}{
			{"GET", path, esp},
			{"POST", path + "/answer", esp},
			{"POST", path + "/close", esp},
			{"GET", "/admin/ask/questions?library=helsinki", esp},
		} {
			var resp *http.Response
			var body string
			if c.method == "GET" {
				resp, body = e.Do(t, "GET", c.path, nil, c.cookie)
			} else {
				resp, body = staffPost(t, e, c.path, url.Values{"answer": {"Espoo answers"}}, c.cookie)
			}
			wantStatus(t, c.method+" "+c.path+" as Espoo", resp, body, http.StatusForbidden)
			has(t, c.path+" as Espoo", body, forbidden)
		}
		resp, body := e.Do(t, "GET", "/admin/ask/questions", nil, cat)
		wantStatus(t, "the cataloguer's list", resp, body, http.StatusForbidden)

		// The question's page: what was asked, and whom to assign it to.
		_, page := e.Do(t, "GET", path, nil, hki)
		has(t, "the question's page", page, "Milloin lainani eräpäivä on?", e.Patron.Name, `<label for="answer">`,
			`<label for="to">`, ">hki-colleague</option>", webtest.HTMLText(e.Msg("en", "ask_staff.contact.patron_email")))
		if strings.Contains(page, ">esp-desk</option>") {
			t.Errorf("Espoo's staff are offered as assignees")
		}

		// An empty answer is refused at its field, in the user's language.
		resp, body = staffPost(t, e, path+"/answer", url.Values{"answer": {"   "}}, colleague)
		wantStatus(t, "an empty answer", resp, body, http.StatusBadRequest)
		has(t, "the refused answer", body, fieldError("answer", e.Msg("sv", "error.ask_answer_empty")), `aria-invalid="true"`)
		resp, body = staffPost(t, e, path+"/assign", url.Values{"to": {"0"}}, hki)
		wantStatus(t, "no assignee", resp, body, http.StatusBadRequest)
		has(t, "the refused assignment", body, fieldError("to", e.Msg("en", "error.ask_assignee")))

		// Assign to the colleague, who answers; then close.
		staffList, err := e.DB.ListStaff(context.Background(), library.StaffFilter{})
		if err != nil {
			t.Fatal(err)
		}
		var colleagueID int64
		for _, s := range staffList {
			if s.Username == "hki-colleague" {
				colleagueID = s.ID
			}
		}
		resp, body = staffPost(t, e, path+"/assign", url.Values{"to": {strconv.FormatInt(colleagueID, 10)}}, hki)
		wantStatus(t, "assign", resp, body, http.StatusSeeOther)
		if loc := resp.Header.Get("Location"); loc != path+"?done=assign" {
			t.Errorf("assigned, to %q", loc)
		}
		_, mine := e.Do(t, "GET", "/admin/ask/questions?mine=1", nil, colleague)
		has(t, "the colleague's own list", mine, `href="`+path+`"`)
		if _, other := e.Do(t, "GET", "/admin/ask/questions?mine=1", nil, hki); strings.Contains(other, `href="`+path+`"`) {
			t.Errorf("the assigner's own list shows the colleague's question")
		}
		resp, body = staffPost(t, e, path+"/answer", url.Values{"answer": {"Eräpäivät näet Omista tiedoista."}}, colleague)
		wantStatus(t, "answer", resp, body, http.StatusSeeOther)
		got, err := e.DB.Question(context.Background(), q.ID)
		if err != nil || got.Status != library.AskAnswered || got.AssignedTo != colleagueID || got.Answer != "Eräpäivät näet Omista tiedoista." {
			t.Fatalf("answered: %+v, %v", got, err)
		}
		_, page = e.Do(t, "GET", path+"?done=answer", nil, hki)
		has(t, "the answered page", page, e.Msg("en", "ask_staff.done.answer"), "Eräpäivät näet Omista tiedoista.",
			e.Msg("en", "ask_staff.after", "Time", "3 h 0 min"))
		if strings.Contains(page, `action="`+path+`/answer"`) {
			t.Errorf("an answered question offers an answer form")
		}
		_, answered := e.Do(t, "GET", "/admin/ask/questions?status=answered", nil, hki)
		has(t, "the answered list", answered, `href="`+path+`"`,
			webtest.HTMLText(e.Msg("en", "ask_staff.median", "Count", 1, "Median", "3 h 0 min")))

		// A second answer is a conflict, said above the form.
		resp, body = staffPost(t, e, path+"/answer", url.Values{"answer": {"Again"}}, hki)
		wantStatus(t, "a second answer", resp, body, http.StatusConflict)
		has(t, "the second answer", body, webtest.HTMLText(e.Msg("en", "error.ask_status")))

		resp, body = staffPost(t, e, path+"/close", nil, hki)
		wantStatus(t, "close", resp, body, http.StatusSeeOther)
		if got, _ := e.DB.Question(context.Background(), q.ID); got.Status != library.AskClosed {
			t.Errorf("closed: %+v", got)
		}
		resp, body = staffPost(t, e, path+"/nonsense", nil, hki)
		wantStatus(t, "an unknown step", resp, body, http.StatusNotFound)
	})
}

// TestStaffFeedback answers and publishes feedback: publishing needs the
// sender's consent (refused at the field otherwise), both texts, and
// shows on the public page until unpublished.
func TestStaffFeedback(t *testing.T) {
	webtest.ForEachCircEnv(t, func(t *testing.T, e *webtest.CircEnv) {
		ctx := context.Background()
		hki := e.StaffAt(t, "hki-desk", library.RoleBranchStaff, "hki-oodi", "en")
		esp := e.StaffAt(t, "esp-desk", library.RoleBranchStaff, "esp-sello", "en")
		consented, err := e.DB.SendFeedback(ctx, library.Feedback{Kind: library.FeedbackIdea, Library: "helsinki", Text: "Enemmän penkkejä, t. Maija",
			Consent: true, Sender: library.Sender{GuestName: "Maija", GuestEmail: "maija@example.fi", Lang: "fi"}}, webtest.Now.Add(-time.Hour))
		if err != nil {
			t.Fatal(err)
		}
		private, err := e.DB.SendFeedback(ctx, library.Feedback{Kind: library.FeedbackComplaint, Library: "helsinki", Text: "Liian kylmä",
			Sender: library.Sender{PatronID: e.Patron.ID, Lang: "fi"}}, webtest.Now.Add(-time.Hour))
		if err != nil {
			t.Fatal(err)
		}
		path, privPath := library.StaffFeedbackPath(consented.ID), library.StaffFeedbackPath(private.ID)

		_, list := e.Do(t, "GET", "/admin/ask/feedback", nil, hki)
		has(t, "the feedback list", list, `href="`+path+`"`, `href="`+privPath+`"`, e.Msg("en", "feedback.kind.idea"))
		resp, body := e.Do(t, "GET", path, nil, esp)
		wantStatus(t, "Espoo's look at Helsinki's feedback", resp, body, http.StatusForbidden)
		resp, body = staffPost(t, e, path+"/publish", url.Values{"summary": {"S"}, "public_answer": {"A"}}, esp)
		wantStatus(t, "Espoo publishes Helsinki's feedback", resp, body, http.StatusForbidden)

		for _, p := range []string{path, privPath} {
			resp, body = staffPost(t, e, p+"/answer", url.Values{"answer": {"Kiitos, selvitämme asian."}}, hki)
			wantStatus(t, "answer "+p, resp, body, http.StatusSeeOther)
		}

		// Without consent, publishing is refused at the field.
		resp, body = staffPost(t, e, privPath+"/publish", url.Values{"summary": {"Kylmää"}, "public_answer": {"Lämmitämme."}}, hki)
		wantStatus(t, "publish without consent", resp, body, http.StatusForbidden)
		has(t, "the refusal", body, fieldError("summary", e.Msg("en", "error.feedback_no_consent")))
		// Both texts are needed.
		resp, body = staffPost(t, e, path+"/publish", url.Values{"summary": {""}, "public_answer": {""}}, hki)
		wantStatus(t, "publish nothing", resp, body, http.StatusBadRequest)
		has(t, "the empty publication", body, fieldError("summary", e.Msg("en", "error.feedback_publish_empty")))

		resp, body = staffPost(t, e, path+"/publish", url.Values{"summary": {"Toivottiin lisää penkkejä."},
			"public_answer": {"Penkkejä tulee syksyllä."}}, hki)
		wantStatus(t, "publish", resp, body, http.StatusSeeOther)
		_, public := e.Do(t, "GET", "/answers?library=helsinki", nil, "Cookie: lang=fi")
		has(t, "the public page", public, "Toivottiin lisää penkkejä.", "Penkkejä tulee syksyllä.")
		if strings.Contains(public, "Maija") {
			t.Errorf("the public page names the sender")
		}
		_, page := e.Do(t, "GET", path, nil, hki)
		has(t, "the published page", page, `action="`+path+`/unpublish"`)

		resp, body = staffPost(t, e, path+"/unpublish", nil, hki)
		wantStatus(t, "unpublish", resp, body, http.StatusSeeOther)
		if _, public = e.Do(t, "GET", "/answers?library=helsinki", nil, "Cookie: lang=fi"); strings.Contains(public, "Toivottiin lisää penkkejä.") {
			t.Errorf("unpublished feedback is still public")
		}
		resp, body = staffPost(t, e, path+"/close", nil, hki)
		wantStatus(t, "close", resp, body, http.StatusSeeOther)
	})
}

// TestStaffWorkspace: the workspace counts what waits in the staff
// member's libraries with the age of the oldest; a library administrator
// sets the ask inbox, after which a resident's question queues a notice
// to it; branch staff cannot set it.
// openChats opens two chats to Helsinki, one of them taken, and one to
// Espoo, for the workspace to count.
func openChats(t *testing.T, e *webtest.CircEnv) {
	t.Helper()
	ctx := context.Background()
	cs := any(e.DB).(library.ChatService)
	admin := library.Staff{Role: library.RoleAdmin}
	st, err := e.DB.CreateStaff(ctx, library.Staff{Username: "chat-admin", Name: "Päivystäjä", Role: library.RoleAdmin}, "a long enough password")
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{"helsinki", "espoo"} {
		slots := []library.ChatSlot{{Queue: q, Weekday: webtest.Now.Weekday(), Open: "00:00", Close: "23:59"}}
		if err := cs.SetChatHours(ctx, admin, q, slots, webtest.Now); err != nil {
			t.Fatal(err)
		}
	}
	if err := cs.SetOnDuty(ctx, st, []string{"helsinki", "espoo"}, webtest.Now.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	var first library.Chat
	for i, q := range []string{"helsinki", "helsinki", "espoo"} {
		c, _, err := cs.OpenChat(ctx, library.Chat{Queue: q, Lang: "fi", Client: fmt.Sprint("client ", i)}, "Hei!", webtest.Now)
		if err != nil {
			t.Fatal(err)
		}
		if i == 0 {
			first = c
		}
	}
	if _, err := cs.TakeChat(ctx, st, first.ID, webtest.Now); err != nil {
		t.Fatal(err)
	}
}

func TestStaffWorkspace(t *testing.T) {
	webtest.ForEachCircEnv(t, func(t *testing.T, e *webtest.CircEnv) {
		ctx := context.Background()
		hki := e.StaffAt(t, "hki-desk", library.RoleBranchStaff, "hki-oodi", "en")
		admin := e.StaffAt(t, "hki-admin", library.RoleLibraryAdmin, "hki-oodi", "fi")
		askAs(t, e, "helsinki", "Vanha kysymys", webtest.Now.Add(-26*time.Hour))
		askAs(t, e, "helsinki", "Uusi kysymys", webtest.Now.Add(-time.Hour))
		askAs(t, e, "espoo", "Espoon kysymys", webtest.Now.Add(-time.Hour))

		openChats(t, e)

		_, ws := e.Do(t, "GET", "/admin/ask", nil, hki)
		has(t, "the workspace", ws, "<h1>"+e.Msg("en", "ask_staff.workspace.title")+"</h1>",
			e.Msg("en", "ask_staff.workspace.chats", "Waiting", 1, "Active", 1),
			e.Msg("en", "ask_staff.workspace.questions", "Count", 2), e.Msg("en", "ask_staff.workspace.oldest", "Age", "1 d 2 h"),
			e.Msg("en", "ask_staff.workspace.feedback", "Count", 0), `href="/admin/ask/questions?library=helsinki"`,
			webtest.HTMLText(e.Msg("en", "ask_staff.inbox.none")))
		if strings.Contains(ws, "library=espoo") || strings.Contains(ws, `action="/admin/ask/inbox"`) {
			t.Errorf("branch staff see Espoo's or the inbox's form")
		}
		resp, body := staffPost(t, e, "/admin/ask/inbox", url.Values{"library": {"helsinki"}, "email": {"kysy@hel.example.fi"}}, hki)
		wantStatus(t, "branch staff set the inbox", resp, body, http.StatusForbidden)

		resp, body = staffPost(t, e, "/admin/ask/inbox", url.Values{"library": {"helsinki"}, "email": {"not an address"}}, admin)
		wantStatus(t, "a bad inbox", resp, body, http.StatusBadRequest)
		has(t, "the refused inbox", body, fieldError("inbox-helsinki", e.Msg("fi", "error.ask_inbox")))
		resp, body = staffPost(t, e, "/admin/ask/inbox", url.Values{"library": {"helsinki"}, "email": {"kysy@hel.example.fi"}}, admin)
		wantStatus(t, "set the inbox", resp, body, http.StatusSeeOther)
		_, ws = e.Do(t, "GET", "/admin/ask", nil, hki)
		has(t, "the workspace with an inbox", ws, e.Msg("en", "ask_staff.inbox.set", "Email", "kysy@hel.example.fi"))

		// A guest's question now queues a notice to the inbox, in the
		// administrator's language.
		before, err := e.DB.PendingNotices(ctx, 500)
		if err != nil {
			t.Fatal(err)
		}
		resp, body = e.Do(t, "POST", "/ask", guestQuestion(), "Cookie: lang=en")
		wantStatus(t, "a guest's question", resp, body, http.StatusSeeOther)
		after, err := e.DB.PendingNotices(ctx, 500)
		if err != nil {
			t.Fatal(err)
		}
		if len(after) != len(before)+1 {
			t.Fatalf("%d notices queued, want 1", len(after)-len(before))
		}
		n := after[len(after)-1]
		if n.Kind != library.NoticeAskNewQuestion || n.Guest == nil || n.Guest.Email != "kysy@hel.example.fi" || n.Guest.Lang != "fi" ||
			!strings.HasPrefix(n.Params["link"], "/admin/ask/questions/") {
			t.Errorf("the inbox's notice: %+v", n)
		}
	})
}
