package desk

import (
	"context"
	"log/slog"
	"strings"
	"testing"

	"github.com/kirjasto/kirjasto/internal/i18n"
	"github.com/kirjasto/kirjasto/internal/library"
	"github.com/kirjasto/kirjasto/internal/notice"
	"github.com/kirjasto/kirjasto/internal/web/webtest"
)

// TestOutboxTellsTheTruth queues an e-mail notice (a PIN reset) and a
// text-message notice (an overdue loan) and delivers them without a mail
// server: neither is "sent", on the staff's outbox or on the patron's
// messages page, and each says why. The outbox names the patrons and never
// shows a notice's content.
func TestOutboxTellsTheTruth(t *testing.T) {
	webtest.ForEachCircEnv(t, func(t *testing.T, e *webtest.CircEnv) {
		ctx := context.Background()
		mail, err := e.DB.CreatePatron(ctx, library.Patron{CardNumber: "5000", Name: "Mäkinen, Liisa", Email: "liisa@example.org",
			HomeLibrary: "espoo"}, "")
		if err != nil {
			t.Fatal(err)
		}
		sms, smsCookie := e.NewPatron(t, "6000", "Smirnov, Dmitri", "esp-sello")
		sms.Phone, sms.NoticeChannel, sms.Lang = "0401234567", library.ChannelSMS, "en"
		if err := e.DB.UpdatePatron(ctx, sms); err != nil {
			t.Fatal(err)
		}
		if err := e.DB.RequestPINReset(ctx, mail.CardNumber, webtest.Now); err != nil {
			t.Fatal(err)
		}
		e.Checkout(t, sms, "T1-1", webtest.Now.AddDate(0, 0, -60))
		if n, err := e.DB.DueNotices(ctx, webtest.Now); err != nil || n != 1 {
			t.Fatalf("DueNotices = %d, %v", n, err)
		}
		espoo := e.StaffAt(t, "sello", library.RoleBranchStaff, "esp-sello", "en")
		outbox := func() string {
			t.Helper()
			_, body := e.Do(t, "GET", "/staff/outbox", nil, espoo)
			for _, secret := range []string{"/pin/reset/", mail.CardNumber, sms.CardNumber, "liisa@example.org", "0401234567", "Tuntematon sotilas"} {
				if strings.Contains(body, secret) {
					t.Errorf("the outbox shows %q", secret)
				}
			}
			for _, name := range []string{webtest.HTMLText("Mäkinen, Liisa"), "Smirnov, Dmitri"} {
				if !strings.Contains(body, name) {
					t.Errorf("the outbox does not name %s", name)
				}
			}
			return body
		}
		if body := outbox(); strings.Count(body, e.Msg("en", "notice.delivery.waiting")) != 2 {
			t.Errorf("before delivery the outbox does not show both notices waiting")
		}

		if _, err := notice.Deliver(ctx, e.DB, e.Bundle, nil, webtest.Now, slog.New(slog.DiscardHandler)); err != nil {
			t.Fatal(err)
		}
		body := outbox()
		for _, key := range []string{"notice.delivery.no_mail_server", "notice.delivery.no_sms_gateway"} {
			if !strings.Contains(body, webtest.HTMLText(e.Msg("en", key))) {
				t.Errorf("the outbox does not say %q", e.Msg("en", key))
			}
		}
		if strings.Contains(body, e.Msg("en", "notice.delivery.sent")) {
			t.Error("the outbox says a notice was sent that was not")
		}
		_, body = e.Do(t, "GET", "/account/messages", nil, "Cookie: "+smsCookie+"; lang=en")
		if !strings.Contains(body, webtest.HTMLText(e.Msg("en", "notice.delivery.no_sms_gateway"))) || strings.Contains(body, e.Msg("en", "notice.delivery.sent")) {
			t.Error("the patron's messages do not say the text message was not sent")
		}

		// Oodi's staff work for Helsinki: these Espoo patrons' notices are
		// none of their business.
		if _, body := e.Do(t, "GET", "/staff/outbox", nil, e.AsStaff("en")); strings.Contains(body, "Smirnov") {
			t.Error("Helsinki's outbox lists Espoo's patrons")
		}
	})
}

// TestDeliveryAndKindNames checks that every delivery state and notice
// kind the outbox shows has a name in every language.
func TestDeliveryAndKindNames(t *testing.T) {
	bundle, err := i18n.New()
	if err != nil {
		t.Fatal(err)
	}
	kinds := []string{library.NoticePINReset, library.NoticeHoldReady, library.NoticeHoldExpired, library.NoticeDueSoon,
		library.NoticeOverdue, library.NoticeRenewed, library.NoticeSavedSearch}
	for _, lang := range bundle.Languages() {
		for _, d := range append(library.Deliveries, "retrying") {
			if !bundle.Has(lang, "notice.delivery."+d) {
				t.Errorf("%s: no name for delivery %q", lang, d)
			}
		}
		for _, k := range kinds {
			if !bundle.Has(lang, "notice.kind."+k) {
				t.Errorf("%s: no name for notice kind %q", lang, k)
			}
		}
	}
}
