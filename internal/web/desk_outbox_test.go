package web

import (
	"context"
	"log/slog"
	"strings"
	"testing"

	"github.com/kirjasto/kirjasto/internal/i18n"
	"github.com/kirjasto/kirjasto/internal/library"
	"github.com/kirjasto/kirjasto/internal/notice"
)

// TestOutboxTellsTheTruth queues an e-mail notice (a PIN reset) and a
// text-message notice (an overdue loan) and delivers them without a mail
// server: neither is "sent", on the staff's outbox or on the patron's
// messages page, and each says why. The outbox names the patrons and never
// shows a notice's content.
func TestOutboxTellsTheTruth(t *testing.T) {
	forEachCircEnv(t, func(t *testing.T, e *circEnv) {
		ctx := context.Background()
		mail, err := e.db.CreatePatron(ctx, library.Patron{CardNumber: "5000", Name: "Mäkinen, Liisa", Email: "liisa@example.org",
			HomeLibrary: "espoo"}, "")
		if err != nil {
			t.Fatal(err)
		}
		sms, smsCookie := e.newPatron(t, "6000", "Smirnov, Dmitri", "esp-sello")
		sms.Phone, sms.NoticeChannel, sms.Lang = "0401234567", library.ChannelSMS, "en"
		if err := e.db.UpdatePatron(ctx, sms); err != nil {
			t.Fatal(err)
		}
		if err := e.db.RequestPINReset(ctx, mail.CardNumber, testNow); err != nil {
			t.Fatal(err)
		}
		e.checkout(t, sms, "T1-1", testNow.AddDate(0, 0, -60))
		if n, err := e.db.DueNotices(ctx, testNow); err != nil || n != 1 {
			t.Fatalf("DueNotices = %d, %v", n, err)
		}
		espoo := e.staffAt(t, "sello", library.RoleBranchStaff, "esp-sello", "en")
		outbox := func() string {
			t.Helper()
			_, body := e.do(t, "GET", "/staff/outbox", nil, espoo)
			for _, secret := range []string{"/pin/reset/", mail.CardNumber, sms.CardNumber, "liisa@example.org", "0401234567", "Tuntematon sotilas"} {
				if strings.Contains(body, secret) {
					t.Errorf("the outbox shows %q", secret)
				}
			}
			for _, name := range []string{htmlText("Mäkinen, Liisa"), "Smirnov, Dmitri"} {
				if !strings.Contains(body, name) {
					t.Errorf("the outbox does not name %s", name)
				}
			}
			return body
		}
		if body := outbox(); strings.Count(body, e.msg("en", "notice.delivery.waiting")) != 2 {
			t.Errorf("before delivery the outbox does not show both notices waiting")
		}

		if _, err := notice.Deliver(ctx, e.db, e.bundle, nil, testNow, slog.New(slog.DiscardHandler)); err != nil {
			t.Fatal(err)
		}
		body := outbox()
		for _, key := range []string{"notice.delivery.no_mail_server", "notice.delivery.no_sms_gateway"} {
			if !strings.Contains(body, htmlText(e.msg("en", key))) {
				t.Errorf("the outbox does not say %q", e.msg("en", key))
			}
		}
		if strings.Contains(body, e.msg("en", "notice.delivery.sent")) {
			t.Error("the outbox says a notice was sent that was not")
		}
		_, body = e.do(t, "GET", "/account/messages", nil, "Cookie: "+smsCookie+"; lang=en")
		if !strings.Contains(body, htmlText(e.msg("en", "notice.delivery.no_sms_gateway"))) || strings.Contains(body, e.msg("en", "notice.delivery.sent")) {
			t.Error("the patron's messages do not say the text message was not sent")
		}

		// Oodi's staff work for Helsinki: these Espoo patrons' notices are
		// none of their business.
		if _, body := e.do(t, "GET", "/staff/outbox", nil, e.asStaff("en")); strings.Contains(body, "Smirnov") {
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
