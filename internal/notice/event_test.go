package notice_test

import (
	"context"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/kirjasto/kirjasto/internal/i18n"
	"github.com/kirjasto/kirjasto/internal/library"
	"github.com/kirjasto/kirjasto/internal/notice"
	"github.com/kirjasto/kirjasto/internal/store"
	"github.com/kirjasto/kirjasto/internal/store/storetest"
)

// guestEvent stores Espoo with Sello and a story time there on Monday 30
// November 2026 at 10:00, and returns it.
func guestEvent(t *testing.T, db *store.DB) library.Event {
	t.Helper()
	ctx := context.Background()
	err := db.PutConsortium(ctx, library.Consortium{
		Libraries: []library.Library{{ID: "espoo", Name: library.Text{"fi": "Espoo"}}},
		Branches: []library.Branch{{ID: "esp-sello", LibraryID: "espoo",
			Name: library.Text{"fi": "Sellon kirjasto", "sv": "Sellobiblioteket"}}},
	})
	if err != nil {
		t.Fatal(err)
	}
	start := time.Date(2026, 11, 30, 10, 0, 0, 0, library.Helsinki)
	ev, err := db.CreateEvent(ctx, library.SystemStaff, library.Event{
		Library: "espoo", Branch: "esp-sello", Room: "Satuhuone",
		Title: library.Text{"fi": "Satutunti", "sv": "Sagostund"}, Category: library.StoryTime,
		Start: start, End: start.Add(45 * time.Minute), Registration: true, Capacity: 10, MaxPlaces: 2,
		Status: library.EventPublished,
	}, now)
	if err != nil {
		t.Fatal(err)
	}
	return ev
}

// TestDeliverToGuests signs up two guests without a library card, one
// with an e-mail address on a Swedish page and one with only a phone on
// an Arabic page: their confirmations go out by e-mail and by text
// message, in their languages, with the cancellation link, and the staff
// outbox shows them by name, as guests.
func TestDeliverToGuests(t *testing.T) {
	bundle, err := i18n.New()
	if err != nil {
		t.Fatal(err)
	}
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		ev := guestEvent(t, db)
		sv, err := db.SignUp(ctx, library.SignupRequest{EventID: ev.ID,
			Guest: &library.Guest{Name: "Saga Gäst", Email: "saga@example.org", Lang: "sv"}}, now)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := db.SignUp(ctx, library.SignupRequest{EventID: ev.ID, Places: 2,
			Guest: &library.Guest{Name: "Amina Guest", Phone: "050 123 4567", Lang: "ar"}}, now); err != nil {
			t.Fatal(err)
		}
		log := slog.New(slog.DiscardHandler)

		// No channel configured: not sent, and not claimed to be.
		if n, err := notice.Deliver(ctx, db, bundle, nil, now, log); err != nil || n != 0 {
			t.Fatalf("Deliver without channels = %d, %v", n, err)
		}
		out, err := db.RecentNotices(ctx, "espoo", 10)
		if err != nil || len(out) != 2 {
			t.Fatalf("outbox = %+v, %v", out, err)
		}
		want := map[string]string{"Saga Gäst": library.DeliveryNoMailServer, "Amina Guest": library.DeliveryNoSMSGateway}
		for _, o := range out {
			if !o.Guest || want[o.PatronName] != o.Delivery || !o.SentAt.IsZero() {
				t.Errorf("outbox row %+v; want a guest's, %s", o, want[o.PatronName])
			}
		}

		// Again, with a mail server and an SMS gateway.
		if _, err := db.SignUp(ctx, library.SignupRequest{EventID: ev.ID,
			Guest: &library.Guest{Name: "Erik Gäst", Email: "erik@example.org", Lang: "sv"}}, now); err != nil {
			t.Fatal(err)
		}
		if _, err := db.SignUp(ctx, library.SignupRequest{EventID: ev.ID,
			Guest: &library.Guest{Name: "Omar Guest", Phone: "+358 50 765 4321", Lang: "ar"}}, now); err != nil {
			t.Fatal(err)
		}
		mail := &fakeMail{}
		g := startGateway(t)
		n, err := notice.Deliver(ctx, db, bundle, &notice.Channels{Email: mail, SMS: g.sms(t, g.token)}, now, log)
		if err != nil || n != 2 {
			t.Fatalf("Deliver = %d, %v; want 2 sent", n, err)
		}
		if len(mail.sent) != 1 {
			t.Fatalf("mails %q", mail.sent)
		}
		to, rest, _ := strings.Cut(mail.sent[0], "|")
		subject, body, _ := strings.Cut(rest, "|")
		for _, s := range []string{"Sagostund", "Sellobiblioteket", "Satuhuone", "kl. \u206810\u2069", "/events/registrations/"} {
			if !strings.Contains(body, s) {
				t.Errorf("e-mail body %q lacks %q", body, s)
			}
		}
		if to != "erik@example.org" || !strings.HasPrefix(subject, "Du är anmäld") {
			t.Errorf("mail to %q, subject %q", to, subject)
		}
		msgs := g.messages()
		if len(msgs) != 1 || msgs[0].Recipients[0].MSISDN != "358507654321" || !strings.Contains(msgs[0].Message, "تم تسجيلك") {
			t.Errorf("text messages %+v; want one in Arabic to 358507654321", msgs)
		}
		// The first guest's link still cancels.
		if _, err := db.CancelByToken(ctx, sv.Token, now); err != nil {
			t.Errorf("cancel by the e-mailed token: %v", err)
		}
	})
}

func TestRenderEventKinds(t *testing.T) {
	bundle, err := i18n.New()
	if err != nil {
		t.Fatal(err)
	}
	kinds := []string{library.NoticeEventRegistered, library.NoticeEventWaiting, library.NoticeEventPromoted,
		library.NoticeEventCancelled, library.NoticeEventReminder, library.NoticeEventChanged}
	for _, room := range []string{"Kuutio", ""} {
		params := map[string]string{"title": "Satutunti", "date": "2026-11-30", "time": "10:30", "branch": "Leppävaaran koulu",
			"room": room, "places": "2", "position": "3", "link": "https://x/events/registrations/t/cancel", "reason": "Sairastuminen.",
			"was_date": "2026-11-29", "was_time": "09:00", "was_branch": "Sello"}
		for _, kind := range kinds {
			for _, lang := range bundle.Languages() {
				subject, body := notice.Render(context.Background(), nil, bundle, lang, library.Notice{Kind: kind, Params: params})
				if subject == "" || strings.HasPrefix(subject, "notice.") || strings.Contains(body, "<no value>") ||
					strings.Contains(body, "notice.") || !strings.Contains(body, "Satutunti") || !strings.Contains(body, "Leppävaaran koulu") {
					t.Errorf("%s in %s: %q / %q", kind, lang, subject, body)
				}
				// The room is told where people are to come; the waiting list
				// and a cancellation need only the event's day and place.
				withRoom := room != "" && kind != library.NoticeEventWaiting && kind != library.NoticeEventCancelled
				if strings.Contains(body, "Kuutio") != withRoom || strings.Contains(body, "10:30") && lang == "fi" {
					t.Errorf("%s in %s with room %q: %q", kind, lang, room, body)
				}
			}
		}
	}
}
