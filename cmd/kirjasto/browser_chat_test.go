package main

import (
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/kirjasto/kirjasto/internal/library"
)

// journeyChat: a Russian-speaking resident without a card chats with a
// Finnish librarian of Helsinki, in two browser contexts of their own.
// The librarian opens today's chat hours around the clock (the demo's are
// the daytime's) and goes on duty; the resident asks; the question shows
// in the librarian's queue without a reload; each one's messages appear
// on the other's page within a second, with the typing notice between.
func (env *browserEnv) journeyChat(t *testing.T) {
	staff := env.staffTab(t, env.staffNamed(t, "helsinki-staff"))
	today := int(time.Now().In(library.Helsinki).Weekday())
	staff.open("/admin/chat/hours?lang=fi")
	staff.setValue("#open-"+strconv.Itoa(today)+"-0", "00:00")
	staff.setValue("#close-"+strconv.Itoa(today)+"-0", "23:59")
	staff.click(`form[action="/admin/chat/hours"][method="post"] button[type=submit]`)
	if got := staff.text("p.done"); got == "" {
		t.Fatalf("saving the chat hours: %s\n%s", staff.text("main"), env.srv.stderr)
	}
	staff.open("/admin/chat?lang=fi")
	staff.click(`#chat-duty button[type=submit]`)
	if !strings.Contains(staff.text("#chat-duty"), env.i18n.T("fi", "chat_web.console.end_duty", nil)) {
		t.Fatalf("going on duty: %s", staff.text("main"))
	}

	resident := env.newTab(t)
	resident.open("/?lang=ru")
	resident.click(`footer a[href="/chat"]`)
	resident.do(chromedp.SetValue(chromedp.CSS("#library"), "helsinki"))
	resident.fill("#name", "Ольга")
	resident.fill("#text", "Здравствуйте! Есть ли у вас книги на русском языке?")
	resident.click(`form.chat-start button[type=submit]`)
	id := strings.TrimPrefix(resident.location(), "/chat/")
	if _, err := strconv.Atoi(id); err != nil {
		t.Fatalf("the chat did not start: at %s: %s", resident.location(), resident.text("main"))
	}
	status := resident.text("#chat-status")
	if status != env.i18n.T("ru", "chat.status.waiting", nil) {
		t.Errorf("the resident's chat says %q, want it waiting", status)
	}

	// The queue shows Olga without a reload.
	waitFor(t, staff, `document.querySelector('#chat-queue').innerText.includes('Ольга')`, 5*time.Second, "the queue shows the new chat")
	staff.click(`#chat-queue form[action="/admin/chat/` + id + `/take"] button`)
	waitFor(t, resident, `document.querySelector('#chat-status').innerText.includes(`+jsString(env.i18n.T("ru", "chat.status.active", nil))+`)`, 5*time.Second,
		"the resident sees the chat taken")

	// The librarian writes; the resident sees the typing, then the message.
	staff.do(chromedp.Focus(chromedp.CSS("#text-" + id)))
	staff.do(chromedp.KeyEvent("Здравствуйте"))
	waitFor(t, resident, `document.querySelector('#chat-typing-`+id+`').innerText !== ''`, 5*time.Second, "the resident sees the librarian typing")
	staff.do(chromedp.KeyEvent("! Да, на втором этаже.\r"))
	waitFor(t, resident, `document.querySelector('#chat-log-`+id+`').innerText.includes('на втором этаже')`, time.Second,
		"the librarian's message reaches the resident within a second")

	// The resident answers; the librarian sees it.
	resident.do(chromedp.Focus(chromedp.CSS("#text")))
	resident.do(chromedp.KeyEvent("Спасибо!\r"))
	waitFor(t, staff, `document.querySelector('#chat-log-`+id+`').innerText.includes('Спасибо!')`, time.Second,
		"the resident's message reaches the librarian within a second")

	// Both pages, with what the script put in them, pass axe and keep
	// their headings in order.
	for _, tb := range []*tab{resident, staff} {
		tb.checkAxe()
		tb.checkHeadings()
	}

	// A reload loses nothing.
	resident.open("/chat/" + id)
	for _, want := range []string{"Здравствуйте! Есть ли у вас", "на втором этаже", "Спасибо!"} {
		if !strings.Contains(resident.text("#chat-log-"+id), want) {
			t.Errorf("after a reload the chat lacks %q", want)
		}
	}

	// The server restarts; both pages reconnect by themselves and carry on.
	staff.open("/admin/chat?lang=fi")
	env.restart(t)
	resident.do(chromedp.Focus(chromedp.CSS("#text")))
	resident.do(chromedp.KeyEvent("Вы ещё здесь?\r"))
	waitFor(t, staff, `document.querySelector('#chat-log-`+id+`').innerText.includes('Вы ещё здесь?')`, 15*time.Second,
		"after a restart, the resident's message reaches the librarian")
	staff.do(chromedp.Focus(chromedp.CSS("#text-" + id)))
	staff.do(chromedp.KeyEvent("Да, я здесь.\r"))
	waitFor(t, resident, `document.querySelector('#chat-log-`+id+`').innerText.includes('Да, я здесь.')`, 5*time.Second,
		"after a restart, the librarian's message reaches the resident")
	staff.open("/admin/chat/answers")
	staff.checkAxe()
	staff.open("/admin/chat/hours")
	staff.checkAxe()
	staff.open("/admin/chat?lang=fi")
	staff.click(`#chat-duty button[type=submit]`) // off duty, for the other journeys
}

// waitFor polls js in tb until it is true, failing after d.
func waitFor(t *testing.T, tb *tab, js string, d time.Duration, what string) {
	t.Helper()
	start := time.Now()
	for {
		if eval[bool](tb, js) {
			t.Logf("%s: %v", what, time.Since(start).Round(time.Millisecond))
			return
		}
		if time.Since(start) > d {
			t.Fatalf("%s: not within %v (at %s)", what, d, tb.location())
		}
		time.Sleep(20 * time.Millisecond)
	}
}
