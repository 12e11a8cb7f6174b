package notice_test

import (
	"context"
	"errors"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/kirjasto/kirjasto/internal/auth"
	"github.com/kirjasto/kirjasto/internal/i18n"
	"github.com/kirjasto/kirjasto/internal/library"
	"github.com/kirjasto/kirjasto/internal/notice"
	"github.com/kirjasto/kirjasto/internal/store"
	"github.com/kirjasto/kirjasto/internal/store/storetest"
)

// fakeMail is the edge we do not own: a mail server.
type fakeMail struct {
	sent []string // "to|subject|body"
	fail error
}

func (f *fakeMail) SendEmail(ctx context.Context, to, subject, body string) error {
	if f.fail != nil {
		return f.fail
	}
	f.sent = append(f.sent, to+"|"+subject+"|"+body)
	return nil
}

var now = time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)

func TestDeliver(t *testing.T) {
	bundle, err := i18n.New()
	if err != nil {
		t.Fatal(err)
	}
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		db.SetAccountConfig(store.AccountConfig{Hasher: auth.NewHasher(nil, auth.TestParams),
			ResetURL: func(tok string) string { return "https://kirjasto.example/pin/reset/" + tok }})
		ctx := context.Background()
		mk := func(card, email, lang string) library.Patron {
			p, err := db.CreatePatron(ctx, library.Patron{CardNumber: card, Name: "N, N", Email: email, Lang: lang, HomeLibrary: "x"}, "")
			if err != nil {
				t.Fatal(err)
			}
			return p
		}
		sv := mk("1", "saga@example.org", "sv")
		mk("2", "", "fi") // no address: kept in the account only
		for _, card := range []string{"1", "2"} {
			if err := db.RequestPINReset(ctx, card, now); err != nil {
				t.Fatal(err)
			}
		}
		log := slog.New(slog.DiscardHandler)

		down := &fakeMail{fail: errors.New("connection refused")}
		n, err := notice.Deliver(ctx, db, bundle, down, now, log)
		if err != nil || n != 1 {
			t.Errorf("with the mail server down: %d delivered, %v; want 1 (the account-only one)", n, err)
		}
		if p, _ := db.PendingNotices(ctx, 10); len(p) != 1 || p[0].PatronID != sv.ID {
			t.Errorf("pending after a failed send: %+v, want the e-mail one", p)
		}

		mail := &fakeMail{}
		n, err = notice.Deliver(ctx, db, bundle, mail, now, log)
		if err != nil || n != 1 || len(mail.sent) != 1 {
			t.Fatalf("Deliver = %d, %v; sent %q", n, err, mail.sent)
		}
		to, rest, _ := strings.Cut(mail.sent[0], "|")
		subject, body, _ := strings.Cut(rest, "|")
		if diff := cmp.Diff([]string{"saga@example.org", bundle.T("sv", "notice.pin_reset.subject", nil)}, []string{to, subject}); diff != "" {
			t.Errorf("mail (-want +got):\n%s", diff)
		}
		if !strings.Contains(body, "https://kirjasto.example/pin/reset/") || strings.Contains(body, "{{") {
			t.Errorf("body %q: want the link, filled in", body)
		}
		// Never twice.
		if n, _ := notice.Deliver(ctx, db, bundle, mail, now.Add(time.Hour), log); n != 0 || len(mail.sent) != 1 {
			t.Errorf("second round delivered %d, sent %d mails in all; want 0 and 1", n, len(mail.sent))
		}
	})
}

func TestRenderEveryKind(t *testing.T) {
	bundle, err := i18n.New()
	if err != nil {
		t.Fatal(err)
	}
	params := map[string]string{"title": "Seitsemän veljestä", "branch": "Oodi", "shelf": "12-VIR", "pickup_by": "2026-11-30",
		"due": "2026-12-01", "link": "https://x/pin/reset/t", "minutes": "60"}
	for _, kind := range []string{library.NoticePINReset, library.NoticeHoldReady, library.NoticeHoldExpired,
		library.NoticeDueSoon, library.NoticeOverdue, library.NoticeRenewed} {
		for _, lang := range []string{"fi", "sv", "en", "ru"} {
			subject, body := notice.Render(context.Background(), nil, bundle, lang, library.Notice{Kind: kind, Params: params})
			if subject == "" || strings.HasPrefix(subject, "notice.") || strings.Contains(body, "<no value>") || strings.Contains(body, "notice.") {
				t.Errorf("%s in %s: %q / %q", kind, lang, subject, body)
			}
		}
	}
}
