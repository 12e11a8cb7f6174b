package chat

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/coder/websocket"
	"github.com/kirjasto/kirjasto/internal/library"
	"github.com/kirjasto/kirjasto/internal/web"
	"github.com/kirjasto/kirjasto/internal/web/webtest"
)

// chatEnv is a test environment with the chat's store and a librarian of
// Helsinki.
type chatEnv struct {
	*webtest.CircEnv
	chats library.ChatService
	staff library.Staff
	cook  string // the librarian's Cookie header, in Finnish
}

func newChatEnv(t *testing.T, e *webtest.CircEnv) *chatEnv {
	t.Helper()
	chats, ok := any(e.DB).(library.ChatService)
	if !ok {
		t.Skip("the store keeps no chats")
	}
	ctx := context.Background()
	st, err := e.DB.CreateStaff(ctx, library.Staff{Username: "chatter", Name: "Maija Kirjastonhoitaja", Role: library.RoleBranchStaff, Branch: "hki-oodi"}, "a long enough password")
	if err != nil {
		t.Fatal(err)
	}
	st.Library = "helsinki"
	sess, err := e.DB.NewSession(ctx, library.Session{StaffID: st.ID, Created: webtest.Now})
	if err != nil {
		t.Fatal(err)
	}
	return &chatEnv{CircEnv: e, chats: chats, staff: st, cook: "Cookie: " + web.StaffCookie + "=" + sess.Token + "; lang=fi"}
}

// open sets today's chat hours of Helsinki's and Espoo's queues and puts
// the librarian on duty for them.
func (c *chatEnv) open(t *testing.T) {
	t.Helper()
	ctx := context.Background()
	admin := library.Staff{Role: library.RoleAdmin}
	for _, q := range []string{"helsinki", "espoo"} {
		slots := []library.ChatSlot{{Queue: q, Weekday: webtest.Now.Weekday(), Open: "08:00", Close: "20:00"}}
		if err := c.chats.SetChatHours(ctx, admin, q, slots, webtest.Now); err != nil {
			t.Fatal(err)
		}
	}
	if err := c.chats.SetOnDuty(ctx, c.staff, []string{"helsinki"}, webtest.Now.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	espoo, err := c.DB.CreateStaff(ctx, library.Staff{Username: "sello", Name: "Sellon päivystäjä", Role: library.RoleBranchStaff, Branch: "esp-sello"}, "a long enough password")
	if err != nil {
		t.Fatal(err)
	}
	espoo.Library = "espoo"
	if err := c.chats.SetOnDuty(ctx, espoo, []string{"espoo"}, webtest.Now.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
}

// start opens a chat as a guest (cookie "") or a patron and returns its
// ID and the Cookie header that opens it.
func (c *chatEnv) start(t *testing.T, form url.Values, cookie string) (int64, string) {
	t.Helper()
	var h []string
	if cookie != "" {
		h = append(h, cookie)
	}
	resp, body := c.Do(t, http.MethodPost, "/chat", form, h...)
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("POST /chat: %d\n%.2000s", resp.StatusCode, body)
	}
	id, err := strconv.ParseInt(strings.TrimPrefix(resp.Header.Get("Location"), "/chat/"), 10, 64)
	if err != nil {
		t.Fatalf("POST /chat to %q", resp.Header.Get("Location"))
	}
	var secret *http.Cookie
	for _, k := range resp.Cookies() {
		if k.Name == secretCookie(id) {
			secret = k
		}
	}
	if secret == nil || !secret.HttpOnly || secret.SameSite != http.SameSiteLaxMode || secret.Value == "" {
		t.Fatalf("POST /chat set the chat's cookie %+v, want it HttpOnly and SameSite=Lax", secret)
	}
	head := "Cookie: " + secret.Name + "=" + secret.Value
	if cookie != "" {
		head = cookie + "; " + secret.Name + "=" + secret.Value
	}
	return id, head
}

func TestChatClosedOffersQuestion(t *testing.T) {
	webtest.ForEachCircEnv(t, func(t *testing.T, e *webtest.CircEnv) {
		c := newChatEnv(t, e)
		// Hours but nobody on duty: closed.
		resp, body := c.Get(t, "/chat?lang=en")
		if resp.StatusCode != http.StatusOK || !strings.Contains(body, c.Msg("en", "chat_web.start.closed")) {
			t.Fatalf("GET /chat closed: %d\n%.2000s", resp.StatusCode, body)
		}
		// A question typed in a page that still showed the form goes on
		// to the question form.
		resp, body = c.Do(t, http.MethodPost, "/chat", url.Values{"library": {"helsinki"}, "text": {"Onko teillä 3D-tulostin?"}}, "Cookie: lang=fi")
		if resp.StatusCode != http.StatusConflict || !strings.Contains(body, c.Msg("fi", "chat_web.start.ask_instead")) ||
			!strings.Contains(body, `value="Onko teillä 3D-tulostin?"`) {
			t.Fatalf("POST /chat closed: %d\n%.3000s", resp.StatusCode, body)
		}
		resp, body = c.Get(t, "/ask?"+url.Values{"text": {"Onko teillä 3D-tulostin?"}}.Encode())
		if resp.StatusCode != http.StatusOK || !strings.Contains(body, "Onko teillä 3D-tulostin?</textarea>") {
			t.Fatalf("GET /ask?text=: %d, the question not in the form\n%.3000s", resp.StatusCode, body)
		}
	})
}

func TestChatGuestAndPatron(t *testing.T) {
	webtest.ForEachCircEnv(t, func(t *testing.T, e *webtest.CircEnv) {
		c := newChatEnv(t, e)
		c.open(t)
		resp, body := c.Get(t, "/chat?lang=sv")
		if resp.StatusCode != http.StatusOK || !strings.Contains(body, c.Msg("sv", "chat_web.start.button")) {
			t.Fatalf("GET /chat open: %d\n%.2000s", resp.StatusCode, body)
		}
		guest, guestCookie := c.start(t, url.Values{"name": {"Kalle"}, "library": {"helsinki"}, "text": {"<b>Hej</b>, var finns Muumi?"}}, "")
		resp, body = c.Get(t, "/chat/"+strconv.FormatInt(guest, 10), guestCookie)
		if resp.StatusCode != http.StatusOK || !strings.Contains(body, "&lt;b&gt;Hej&lt;/b&gt;, var finns Muumi?") || strings.Contains(body, "<b>Hej") {
			t.Fatalf("GET the guest's chat: %d, want the message escaped\n%.3000s", resp.StatusCode, body)
		}
		if resp, _ := c.Get(t, "/chat/"+strconv.FormatInt(guest, 10)); resp.StatusCode != http.StatusNotFound {
			t.Errorf("GET a chat without its cookie: %d, want 404", resp.StatusCode)
		}
		// A patron's chat goes to the home library's queue by default.
		_, body = c.Get(t, "/chat", c.AsPatron("fi"))
		if !strings.Contains(body, `<option value="espoo" selected`) && !strings.Contains(body, `value="espoo" lang="fi" selected`) {
			t.Errorf("GET /chat as a patron of Espoo: Espoo not chosen\n%.3000s", body)
		}
		patron, patronCookie := c.start(t, url.Values{"library": {"espoo"}, "text": {"Voinko uusia lainan?"}}, "Cookie: "+c.PatronCookie)
		ch, err := c.chats.StaffChat(context.Background(), library.Staff{Role: library.RoleAdmin}, patron)
		if err != nil || ch.PatronID != c.Patron.ID || ch.Queue != "espoo" {
			t.Fatalf("the patron's chat: %+v, %v", ch, err)
		}
		resp, _ = c.Get(t, "/chat/"+strconv.FormatInt(patron, 10), patronCookie)
		if resp.StatusCode != http.StatusOK {
			t.Errorf("GET the patron's chat: %d", resp.StatusCode)
		}
		// The librarian sees the guest's chat in Helsinki's queue, takes it
		// and answers; the guest sees the answer.
		_, body = c.Get(t, "/admin/chat", c.cook)
		if !strings.Contains(body, "Kalle") {
			t.Errorf("the console's queue has no Kalle\n%.3000s", body)
		}
		id := strconv.FormatInt(guest, 10)
		if resp, body := c.Do(t, http.MethodPost, "/admin/chat/"+id+"/take", url.Values{}, c.cook); resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("take: %d\n%.2000s", resp.StatusCode, body)
		}
		if resp, body := c.Do(t, http.MethodPost, "/admin/chat/"+id+"/messages", url.Values{"text": {"Muumit ovat hyllyssä 84.2."}}, c.cook); resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("staff message: %d\n%.2000s", resp.StatusCode, body)
		}
		if _, body := c.Get(t, "/admin/chat", c.cook); !strings.Contains(body, `<section id="chat-`+id+`"`) || !strings.Contains(body, "Muumit ovat hyllyssä 84.2.") {
			t.Errorf("the console has no panel of the chat taken\n%.4000s", body)
		}
		if _, body := c.Get(t, "/chat/"+id, guestCookie); !strings.Contains(body, "Muumit ovat hyllyssä 84.2.") {
			t.Errorf("the guest does not see the answer\n%.3000s", body)
		}
		if resp, _ := c.Do(t, http.MethodPost, "/chat/"+id+"/messages", url.Values{"text": {"Tack!"}}, guestCookie); resp.StatusCode != http.StatusSeeOther {
			t.Errorf("the guest's message: %d, want 303", resp.StatusCode)
		}
		if resp, _ := c.Do(t, http.MethodPost, "/chat/"+id+"/end", url.Values{}, guestCookie); resp.StatusCode != http.StatusSeeOther {
			t.Errorf("end: %d, want 303", resp.StatusCode)
		}
		if _, body := c.Get(t, "/chat/"+id, guestCookie+"; lang=en"); !strings.Contains(body, c.Msg("en", "chat_web.chat.ended")) {
			t.Errorf("the ended chat does not say so\n%.3000s", body)
		}
	})
}

func TestChatBadInput(t *testing.T) {
	webtest.ForEachCircEnv(t, func(t *testing.T, e *webtest.CircEnv) {
		c := newChatEnv(t, e)
		c.open(t)
		big := strings.Repeat("я", 100<<10/2)
		for _, tc := range []struct {
			lang, text, key string
		}{
			{"ru", "   ", "error.chat_empty"},
			{"ru", big, "error.chat_too_long"},
			{"fi", big, "error.chat_too_long"},
		} {
			resp, body := c.Do(t, http.MethodPost, "/chat", url.Values{"library": {"helsinki"}, "text": {tc.text}}, "Cookie: lang="+tc.lang)
			want := []rune(c.Msg(tc.lang, tc.key, "Max", library.MaxChatMessage))
			if len(want) > 12 {
				want = want[:12] // before any number the message names
			}
			if resp.StatusCode != http.StatusBadRequest || !strings.Contains(body, string(want)) || !strings.Contains(body, `id="text-error"`) {
				t.Errorf("POST /chat %s %.10q…: %d, want 400 with %q at the field\n%.1500s", tc.lang, tc.text, resp.StatusCode, string(want), body)
			}
		}
		id, cookie := c.start(t, url.Values{"library": {"helsinki"}, "text": {"Hei"}}, "")
		resp, body := c.Do(t, http.MethodPost, "/chat/"+strconv.FormatInt(id, 10)+"/messages", url.Values{"text": {big}}, cookie+"; lang=ru")
		if resp.StatusCode != http.StatusBadRequest || !strings.Contains(body, `aria-invalid="true"`) {
			t.Errorf("a 100 kB message: %d, want 400 at the field\n%.1500s", resp.StatusCode, body)
		}
		if strings.Contains(body, big[:1000]) == false {
			t.Errorf("the refused message is not kept in the field")
		}
	})
}

// readUntil reads the socket's frames until one has a message with text.
func readUntil(t *testing.T, ctx context.Context, conn *websocket.Conn, text string) frame {
	t.Helper()
	for {
		_, b, err := conn.Read(ctx)
		if err != nil {
			t.Fatalf("waiting for %q: %v", text, err)
		}
		var f frame
		if err := json.Unmarshal(b, &f); err != nil {
			t.Fatal(err)
		}
		for _, m := range f.Messages {
			if m.Text == text {
				return f
			}
		}
	}
}

func TestChatWebSocket(t *testing.T) {
	webtest.ForEachCircEnv(t, func(t *testing.T, e *webtest.CircEnv) {
		c := newChatEnv(t, e)
		c.open(t)
		id, cookie := c.start(t, url.Values{"library": {"helsinki"}, "text": {"Здравствуйте!"}}, "")
		sid := strconv.FormatInt(id, 10)
		srv := httptest.NewServer(c.Srv.Handler())
		defer srv.Close()
		ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
		defer cancel()
		wsURL := "ws" + strings.TrimPrefix(srv.URL, "http")
		hdr := func(h string) http.Header {
			k, v, _ := strings.Cut(h, ": ")
			return http.Header{k: {v}}
		}
		resident, _, err := websocket.Dial(ctx, wsURL+"/chat/"+sid+"/ws?after=0", &websocket.DialOptions{HTTPHeader: hdr(cookie + "; lang=ru")})
		if err != nil {
			t.Fatal(err)
		}
		defer resident.CloseNow()
		readUntil(t, ctx, resident, "Здравствуйте!") // the history after 0

		staff, _, err := websocket.Dial(ctx, wsURL+"/admin/chat/ws", &websocket.DialOptions{HTTPHeader: hdr(c.cook)})
		if err != nil {
			t.Fatal(err)
		}
		defer staff.CloseNow()
		if _, err := c.chats.TakeChat(ctx, c.staff, id, webtest.Now); err != nil {
			t.Fatal(err)
		}
		send := func(conn *websocket.Conn, m clientMsg) {
			b, _ := json.Marshal(m)
			if err := conn.Write(ctx, websocket.MessageText, b); err != nil {
				t.Fatal(err)
			}
		}
		send(staff, clientMsg{Type: "watch", Chat: id})
		send(staff, clientMsg{Type: "message", Chat: id, Text: "Добрый день! Чем могу помочь?"})
		readUntil(t, ctx, resident, "Добрый день! Чем могу помочь?")
		send(resident, clientMsg{Type: "message", Text: "<script>alert(1)</script>"})
		f := readUntil(t, ctx, staff, "<script>alert(1)</script>")
		if f.Chat != id {
			t.Errorf("the staff's frame is of chat %d, want %d", f.Chat, id)
		}
		// A refusal comes back on the socket in the resident's language.
		send(resident, clientMsg{Type: "message", Text: " "})
		for {
			_, b, err := resident.Read(ctx)
			if err != nil {
				t.Fatal(err)
			}
			var f frame
			json.Unmarshal(b, &f)
			if f.Type == "error" {
				if f.Text != c.Msg("ru", "error.chat_empty") {
					t.Errorf("refusal %q, want %q", f.Text, c.Msg("ru", "error.chat_empty"))
				}
				break
			}
		}
	})
}

func TestChatLongPoll(t *testing.T) {
	webtest.ForEachCircEnv(t, func(t *testing.T, e *webtest.CircEnv) {
		c := newChatEnv(t, e)
		c.open(t)
		id, cookie := c.start(t, url.Values{"library": {"helsinki"}, "text": {"Hei!"}}, "")
		sid := strconv.FormatInt(id, 10)
		ctx := context.Background()
		if _, err := c.chats.TakeChat(ctx, c.staff, id, webtest.Now); err != nil {
			t.Fatal(err)
		}
		ms, err := c.chats.Messages(ctx, id, 0, 100)
		if err != nil || len(ms) == 0 {
			t.Fatalf("messages: %v, %v", ms, err)
		}
		last := ms[len(ms)-1].ID
		// A poll with nothing new waits; the staff's answer ends it.
		got := make(chan string, 1)
		go func() {
			_, body := c.Do(t, http.MethodGet, "/chat/"+sid+"/events?after="+strconv.FormatInt(last, 10), nil, cookie, "Accept: application/json")
			got <- body
		}()
		time.Sleep(200 * time.Millisecond)
		resp, body := c.Do(t, http.MethodPost, "/admin/chat/"+sid+"/messages", url.Values{"text": {"Moi! Miten voin auttaa?"}}, c.cook)
		if resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("the staff's message: %d\n%.1000s", resp.StatusCode, body)
		}
		select {
		case body := <-got:
			var fs []frame
			if err := json.Unmarshal([]byte(body), &fs); err != nil {
				t.Fatalf("%v: %s", err, body)
			}
			var texts []string
			for _, f := range fs {
				for _, m := range f.Messages {
					texts = append(texts, m.Text)
				}
			}
			if len(texts) != 1 || texts[0] != "Moi! Miten voin auttaa?" {
				t.Errorf("the long poll after %d gave %q, want only the answer", last, texts)
			}
		case <-time.After(10 * time.Second):
			t.Fatal("the long poll did not answer the staff's message")
		}
		// Resuming after the first message gives everything since.
		_, body = c.Do(t, http.MethodGet, "/chat/"+sid+"/events?after="+strconv.FormatInt(ms[0].ID, 10), nil, cookie)
		if !strings.Contains(body, "Moi! Miten voin auttaa?") || strings.Contains(body, `"Hei!"`) {
			t.Errorf("resuming after the first message: %s", body)
		}
		// The resident's message by POST reaches the store.
		resp, body = c.Do(t, http.MethodPost, "/chat/"+sid+"/send", url.Values{"type": {"message"}, "text": {"Kiitos"}}, cookie)
		if resp.StatusCode != http.StatusNoContent {
			t.Errorf("POST send: %d %s", resp.StatusCode, body)
		}
		ms, _ = c.chats.Messages(ctx, id, 0, 100)
		if ms[len(ms)-1].Text != "Kiitos" {
			t.Errorf("the last message is %q, want Kiitos", ms[len(ms)-1].Text)
		}
		// The console's long poll waits for the resident's next message.
		last = ms[len(ms)-1].ID
		go func() {
			_, body := c.Do(t, http.MethodGet, "/admin/chat/events?chats="+sid+":"+strconv.FormatInt(last, 10), nil, c.cook)
			got <- body
		}()
		time.Sleep(200 * time.Millisecond)
		if resp, body := c.Do(t, http.MethodPost, "/chat/"+sid+"/messages", url.Values{"text": {"Vielä yksi asia"}}, cookie); resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("the resident's message: %d\n%.1000s", resp.StatusCode, body)
		}
		select {
		case body := <-got:
			if !strings.Contains(body, "Vielä yksi asia") || strings.Contains(body, `"Kiitos"`) || !strings.Contains(body, `"mine": true`) {
				t.Errorf("the console's long poll after %d: %s", last, body)
			}
		case <-time.After(10 * time.Second):
			t.Fatal("the console's long poll did not answer the resident's message")
		}
	})
}

func TestChatHoursAndAnswers(t *testing.T) {
	webtest.ForEachCircEnv(t, func(t *testing.T, e *webtest.CircEnv) {
		c := newChatEnv(t, e)
		// The whole form, as a browser sends it: two stretches a day.
		form := url.Values{"queue": {"helsinki"}}
		for d := range 7 {
			for i := range 2 {
				form.Set(fmt.Sprintf("open-%d-%d", d, i), "")
				form.Set(fmt.Sprintf("close-%d-%d", d, i), "")
			}
		}
		form.Set("open-1-0", "08:00")
		form.Set("close-1-0", "20:00")
		resp, body := c.Do(t, http.MethodPost, "/admin/chat/hours", form, c.cook)
		if resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("POST hours: %d\n%.3000s", resp.StatusCode, body)
		}
		form.Set("open-1-0", "00:00")
		form.Set("close-1-0", "23:59")
		if resp, body := c.Do(t, http.MethodPost, "/admin/chat/hours", form, c.cook); resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("POST hours again: %d\n%.3000s", resp.StatusCode, body)
		}
		slots, err := c.chats.ChatHours(context.Background(), "helsinki")
		if err != nil || len(slots) != 1 || slots[0].Open != "00:00" || slots[0].Close != "23:59" || slots[0].Weekday != time.Monday {
			t.Errorf("hours %+v, %v", slots, err)
		}
		form.Set("close-1-0", "25:00")
		if resp, body := c.Do(t, http.MethodPost, "/admin/chat/hours", form, c.cook); resp.StatusCode != http.StatusBadRequest || !strings.Contains(body, c.Msg("fi", "chat_web.hours.bad_slot")) {
			t.Errorf("POST bad hours: %d\n%.3000s", resp.StatusCode, body)
		}
		// Saved answers.
		a := url.Values{"title": {"Tervehdys"}, "text": {"Hei! Miten voin auttaa?"}, "lang": {"fi"}, "library": {"helsinki"}}
		if resp, body := c.Do(t, http.MethodPost, "/admin/chat/answers", a, c.cook); resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("POST answer: %d\n%.3000s", resp.StatusCode, body)
		}
		if _, body := c.Get(t, "/admin/chat/answers", c.cook); !strings.Contains(body, "Hei! Miten voin auttaa?") {
			t.Errorf("the saved answer is not listed")
		}
		a.Set("title", "")
		if resp, _ := c.Do(t, http.MethodPost, "/admin/chat/answers", a, c.cook); resp.StatusCode != http.StatusBadRequest {
			t.Errorf("an answer without a title: %d, want 400", resp.StatusCode)
		}
	})
}

// TestChatSocketsConcurrently: several residents' sockets at once, and the
// librarian answering all of them at once; each resident gets the
// answers to their own chat and nobody else's.
func TestChatSocketsConcurrently(t *testing.T) {
	webtest.ForEachCircEnv(t, func(t *testing.T, e *webtest.CircEnv) {
		c := newChatEnv(t, e)
		c.open(t)
		srv := httptest.NewServer(c.Srv.Handler())
		defer srv.Close()
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		wsURL := "ws" + strings.TrimPrefix(srv.URL, "http")
		const n = 4
		ids := make([]int64, n)
		conns := make([]*websocket.Conn, n)
		for i := range n {
			id, cookie := c.start(t, url.Values{"library": {"helsinki"}, "text": {fmt.Sprintf("Kysymys %d", i)}}, "")
			if _, err := c.chats.TakeChat(ctx, c.staff, id, webtest.Now); err != nil {
				t.Fatal(err)
			}
			ms, err := c.chats.Messages(ctx, id, 0, 100)
			if err != nil {
				t.Fatal(err)
			}
			k, v, _ := strings.Cut(cookie, ": ")
			conn, _, err := websocket.Dial(ctx, fmt.Sprintf("%s/chat/%d/ws?after=%d", wsURL, id, ms[len(ms)-1].ID), &websocket.DialOptions{HTTPHeader: http.Header{k: {v}}})
			if err != nil {
				t.Fatal(err)
			}
			defer conn.CloseNow()
			ids[i], conns[i] = id, conn
		}
		// The librarian answers every chat at once over one socket.
		k, v, _ := strings.Cut(c.cook, ": ")
		staff, _, err := websocket.Dial(ctx, wsURL+"/admin/chat/ws", &websocket.DialOptions{HTTPHeader: http.Header{k: {v}}})
		if err != nil {
			t.Fatal(err)
		}
		defer staff.CloseNow()
		errs := make(chan error, n)
		for i := range n {
			go func() {
				b, _ := json.Marshal(clientMsg{Type: "message", Chat: ids[i], Text: fmt.Sprintf("Vastaus %d", i)})
				errs <- staff.Write(ctx, websocket.MessageText, b)
			}()
		}
		for range n {
			if err := <-errs; err != nil {
				t.Fatal(err)
			}
		}
		for i, conn := range conns {
			for {
				_, b, err := conn.Read(ctx)
				if err != nil {
					t.Fatalf("chat %d: %v", ids[i], err)
				}
				var f frame
				json.Unmarshal(b, &f)
				if f.Type != "messages" {
					continue
				}
				if f.Chat != ids[i] || len(f.Messages) != 1 || f.Messages[0].Text != fmt.Sprintf("Vastaus %d", i) {
					t.Errorf("chat %d's socket got %+v", ids[i], f)
				}
				break
			}
		}
	})
}
