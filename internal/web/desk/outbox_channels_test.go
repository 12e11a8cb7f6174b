package desk

import (
	"context"
	"errors"
	"github.com/kirjasto/kirjasto/internal/web"
	"github.com/kirjasto/kirjasto/internal/web/webtest"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/kirjasto/kirjasto/internal/library"
	"github.com/kirjasto/kirjasto/internal/notice"
)

// fakeSMS is an SMS gateway that fails until told otherwise.
type fakeSMS struct{ err error }

func (f *fakeSMS) SendSMS(ctx context.Context, to, text string) error { return f.err }

// TestOutboxChannels: the outbox names the channels that are not
// configured; a text message the gateway did not take says so with the
// gateway's reason; one it took says it was sent by text message, on the
// outbox and in the patron's messages.
func TestOutboxChannels(t *testing.T) {
	webtest.ForEachCircEnv(t, func(t *testing.T, e *webtest.CircEnv) {
		ctx := context.Background()
		espoo := e.StaffAt(t, "sello", library.RoleBranchStaff, "esp-sello", "en")
		_, body := e.Do(t, "GET", "/staff/outbox", nil, espoo)
		for _, key := range []string{"outbox.unconfigured.email", "outbox.unconfigured.sms"} {
			if !strings.Contains(body, webtest.HTMLText(e.Msg("en", key))) {
				t.Errorf("with no channel configured the outbox does not say %q", e.Msg("en", key))
			}
		}

		srv, err := webtest.NewServer(web.Config{Store: e.DB, Search: e.Index, I18n: e.Bundle, Now: func() time.Time { return webtest.Now },
			PageSize: 10, Patrons: e.DB, Circulation: e.DB, Auth: web.AuthConfig{SMS: true}})
		if err != nil {
			t.Fatal(err)
		}
		e.Srv = srv
		sms, smsCookie := e.NewPatron(t, "6000", "Smirnov, Dmitri", "esp-sello")
		sms.Phone, sms.NoticeChannel, sms.Lang = "0401234567", library.ChannelSMS, "en"
		if err := e.DB.UpdatePatron(ctx, sms); err != nil {
			t.Fatal(err)
		}
		e.Checkout(t, sms, "T1-1", webtest.Now.AddDate(0, 0, -60))
		if n, err := e.DB.DueNotices(ctx, webtest.Now); err != nil || n != 1 {
			t.Fatalf("DueNotices = %d, %v", n, err)
		}
		gw := &fakeSMS{err: errors.New("SMS gateway answered 503 Service Unavailable: maintenance break")}
		log := slog.New(slog.DiscardHandler)
		if _, err := notice.Deliver(ctx, e.DB, e.Bundle, &notice.Channels{SMS: gw}, webtest.Now, log); err != nil {
			t.Fatal(err)
		}
		_, body = e.Do(t, "GET", "/staff/outbox", nil, espoo)
		if !strings.Contains(body, webtest.HTMLText(e.Msg("en", "outbox.unconfigured.email"))) || strings.Contains(body, webtest.HTMLText(e.Msg("en", "outbox.unconfigured.sms"))) {
			t.Error("with only an SMS gateway the outbox does not say that e-mail alone is not configured")
		}
		if !strings.Contains(body, webtest.HTMLText(e.Msg("en", "notice.delivery.sms.retrying"))) || !strings.Contains(body, "maintenance break") {
			t.Error("the outbox does not say the text message waits for another try, and why")
		}
		if strings.Contains(body, "0401234567") || strings.Contains(body, "358401234567") {
			t.Error("the outbox shows the patron's number")
		}

		gw.err = nil
		if n, err := notice.Deliver(ctx, e.DB, e.Bundle, &notice.Channels{SMS: gw}, webtest.Now.Add(time.Minute), log); err != nil || n != 1 {
			t.Fatalf("Deliver = %d, %v; want 1 sent", n, err)
		}
		_, body = e.Do(t, "GET", "/staff/outbox", nil, espoo)
		if !strings.Contains(body, webtest.HTMLText(e.Msg("en", "notice.delivery.sms.sent"))) || strings.Contains(body, "maintenance break") {
			t.Error("the outbox does not say the text message was sent")
		}
		_, body = e.Do(t, "GET", "/account/messages", nil, "Cookie: "+smsCookie+"; lang=en")
		if !strings.Contains(body, webtest.HTMLText(e.Msg("en", "notice.delivery.sms.sent"))) || strings.Contains(body, e.Msg("en", "notice.delivery.sent")) {
			t.Error("the patron's messages do not say the notice went by text message")
		}
	})
}
