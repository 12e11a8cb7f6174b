package notice_test

import (
	"context"
	"errors"
	"fmt"
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

func (f *fakeMail) SendEmail(ctx context.Context, _, to, subject, body string) error {
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
		sv := mkPatron(t, db, "1", "saga@example.org", "sv", library.ChannelEmail)
		mkPatron(t, db, "2", "", "fi", library.ChannelAccount) // no address: kept in the account only
		for _, card := range []string{"1", "2"} {
			if err := db.RequestPINReset(ctx, card, now); err != nil {
				t.Fatal(err)
			}
		}
		log := slog.New(slog.DiscardHandler)

		down := &fakeMail{fail: errors.New("connection refused")}
		n, err := notice.Deliver(ctx, db, bundle, &notice.Channels{Email: down}, now, log)
		if err != nil || n != 0 {
			t.Errorf("with the mail server down: %d sent, %v; want 0", n, err)
		}
		if p, _ := db.PendingNotices(ctx, 10); len(p) != 1 || p[0].PatronID != sv.ID {
			t.Errorf("pending after a failed send: %+v, want the e-mail one", p)
		}
		if got := delivery(t, db, sv.ID); got != library.DeliveryWaiting {
			t.Errorf("after a failed send: %q, want waiting", got)
		}

		mail := &fakeMail{}
		n, err = notice.Deliver(ctx, db, bundle, &notice.Channels{Email: mail}, now.Add(time.Minute), log)
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
		if got := delivery(t, db, sv.ID); got != library.DeliverySent {
			t.Errorf("after the mail server took it: %q, want sent", got)
		}
		// Never twice.
		if n, _ := notice.Deliver(ctx, db, bundle, &notice.Channels{Email: mail}, now.Add(time.Hour), log); n != 0 || len(mail.sent) != 1 {
			t.Errorf("second round delivered %d, sent %d mails in all; want 0 and 1", n, len(mail.sent))
		}
	})
}

// TestNeverSentWhatWasNot delivers notices that cannot go out: e-mail
// without a mail server, e-mail without an address, and text messages
// without an SMS gateway. None of them may be recorded as sent.
func TestNeverSentWhatWasNot(t *testing.T) {
	bundle, err := i18n.New()
	if err != nil {
		t.Fatal(err)
	}
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		email := mkPatron(t, db, "1", "saga@example.org", "sv", library.ChannelEmail)
		sms := mkPatron(t, db, "2", "", "fi", library.ChannelSMS)
		account := mkPatron(t, db, "3", "", "fi", library.ChannelAccount)
		noAddress := mkPatron(t, db, "4", "", "ru", library.ChannelEmail) // as an import may leave it
		queue(t, db, email, sms, account, noAddress)
		log := slog.New(slog.DiscardHandler)
		if n, err := notice.Deliver(ctx, db, bundle, nil, now, log); err != nil || n != 0 {
			t.Fatalf("Deliver without a mail server = %d, %v; want 0 sent", n, err)
		}
		// A mail server configured later sends none of them: they were not
		// sent, and say why.
		mail := &fakeMail{}
		if n, err := notice.Deliver(ctx, db, bundle, &notice.Channels{Email: mail}, now.Add(time.Hour), log); err != nil || n != 0 || len(mail.sent) != 0 {
			t.Fatalf("Deliver with a mail server = %d, %v, %q; want nothing sent", n, err, mail.sent)
		}
		for _, tt := range []struct {
			p    library.Patron
			want string
		}{
			{email, library.DeliveryNoMailServer},
			{sms, library.DeliveryNoSMSGateway},
			{account, library.DeliveryAccountOnly},
			{noAddress, library.DeliveryNoAddress},
		} {
			if got := delivery(t, db, tt.p.ID); got != tt.want {
				t.Errorf("%s (%s): %q, want %q", tt.p.CardNumber, tt.p.NoticeChannel, got, tt.want)
			}
		}
	})
}

// TestDeliverThroughSMTP sends a notice to a real SMTP server listening
// on loopback: it is "sent" once the server has accepted it, and waiting
// (to be tried again) while the server refuses it.
func TestDeliverThroughSMTP(t *testing.T) {
	bundle, err := i18n.New()
	if err != nil {
		t.Fatal(err)
	}
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		srv := startSMTP(t)
		send, err := notice.NewSMTP("smtp://" + srv.addr + "?from=kirjasto@kirjasto.example")
		if err != nil {
			t.Fatal(err)
		}
		p := mkPatron(t, db, "1", "saga@example.org", "sv", library.ChannelEmail)
		queue(t, db, p)
		log := slog.New(slog.DiscardHandler)

		srv.refuse.Store(true)
		if n, err := notice.Deliver(ctx, db, bundle, &notice.Channels{Email: send}, now, log); err != nil || n != 0 {
			t.Fatalf("Deliver to a refusing server = %d, %v; want 0 sent", n, err)
		}
		if got := delivery(t, db, p.ID); got != library.DeliveryWaiting {
			t.Errorf("refused by the server: %q, want waiting", got)
		}

		srv.refuse.Store(false)
		if n, err := notice.Deliver(ctx, db, bundle, &notice.Channels{Email: send}, now.Add(time.Hour), log); err != nil || n != 1 {
			t.Fatalf("Deliver = %d, %v; want 1 sent", n, err)
		}
		if got := delivery(t, db, p.ID); got != library.DeliverySent {
			t.Errorf("accepted by the server: %q, want sent", got)
		}
		msgs := srv.messages()
		if len(msgs) != 1 || msgs[0].to != "saga@example.org" || !strings.Contains(msgs[0].data, "Subject:") {
			t.Errorf("the server received %+v, want one message to saga@example.org", msgs)
		}
	})
}

func mkPatron(t *testing.T, db *store.DB, card, email, lang, channel string) library.Patron {
	t.Helper()
	p, err := db.CreatePatron(context.Background(), library.Patron{CardNumber: card, Name: "N, N", Email: email, Lang: lang,
		NoticeChannel: channel, Phone: "0401234567", HomeLibrary: "x"}, "")
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// queue gives each patron an overdue notice the way circulation does: a
// loan of a copy at Oodi, long past due, and the due-date sweep.
func queue(t *testing.T, db *store.DB, ps ...library.Patron) {
	t.Helper()
	ctx := context.Background()
	var week library.Hours
	for d := range week.Weekly {
		week.Weekly[d] = library.Day{Staffed: []library.Period{{Open: library.NewClock(8, 0), Close: library.NewClock(20, 0)}}}
	}
	err := db.PutConsortium(ctx, library.Consortium{
		Libraries: []library.Library{{ID: "helsinki", Name: library.Text{"fi": "Helsinki"}}},
		Branches:  []library.Branch{{ID: "hki-oodi", LibraryID: "helsinki", Name: library.Text{"fi": "Oodi"}, Hours: week}},
	})
	if err != nil {
		t.Fatal(err)
	}
	rec := library.RecordWithItems{Record: library.Record{SourceID: "n-1", Title: "Seitsemän veljestä",
		Material: library.Book, Language: "fin", Audience: library.AudienceAdult}}
	for i := range ps {
		rec.Items = append(rec.Items, library.Item{Barcode: fmt.Sprint("N-", i), HomeBranch: "hki-oodi", Branch: "hki-oodi",
			CallNumber: "84.2", Shelf: "Aikuiset", Collection: "adult", Status: library.Available})
	}
	if _, err := db.UpsertRecords(ctx, []library.RecordWithItems{rec}); err != nil {
		t.Fatal(err)
	}
	lent := now.AddDate(0, -3, 0)
	for i, p := range ps {
		if _, err := db.Checkout(ctx, p.ID, fmt.Sprint("N-", i), library.Actor{Branch: "hki-oodi"}, lent); err != nil {
			t.Fatal(err)
		}
	}
	if n, err := db.DueNotices(ctx, now); err != nil || n != len(ps) {
		t.Fatalf("DueNotices = %d, %v; want %d", n, err, len(ps))
	}
}

// delivery returns what became of a patron's newest notice.
func delivery(t *testing.T, db *store.DB, patronID int64) string {
	t.Helper()
	ns, err := db.Notices(context.Background(), patronID)
	if err != nil || len(ns) == 0 {
		t.Fatalf("notices of %d: %v, %v", patronID, ns, err)
	}
	if ns[0].Delivery == library.DeliverySent && ns[0].SentAt.IsZero() || ns[0].Delivery != library.DeliverySent && !ns[0].SentAt.IsZero() {
		t.Errorf("notice %d: delivery %q with sent time %v", ns[0].ID, ns[0].Delivery, ns[0].SentAt)
	}
	return ns[0].Delivery
}

func TestRenderEveryKind(t *testing.T) {
	bundle, err := i18n.New()
	if err != nil {
		t.Fatal(err)
	}
	params := map[string]string{"title": "Seitsemän veljestä", "branch": "Oodi", "shelf": "12-VIR", "pickup_by": "2026-11-30",
		"due": "2026-12-01", "link": "https://x/pin/reset/t", "minutes": "60", "date": "2026-12-03", "time": "14:30"}
	for _, kind := range []string{library.NoticePINReset, library.NoticeHoldReady, library.NoticeHoldExpired,
		library.NoticeDueSoon, library.NoticeOverdue, library.NoticeRenewed,
		library.NoticeELibOffered, library.NoticeELibOfferExpired} {
		for _, lang := range []string{"fi", "sv", "en", "ru"} {
			subject, body := notice.Render(context.Background(), nil, bundle, lang, library.Notice{Kind: kind, Params: params})
			if subject == "" || strings.HasPrefix(subject, "notice.") || strings.Contains(body, "<no value>") || strings.Contains(body, "notice.") {
				t.Errorf("%s in %s: %q / %q", kind, lang, subject, body)
			}
		}
	}
}
