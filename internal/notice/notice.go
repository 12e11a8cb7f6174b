// Package notice delivers the outbox: notices written by circulation and
// by PIN resets are rendered in the patron's language and sent by e-mail
// when the patron wants e-mail and a mail server is configured. Every
// notice also stays in the patron's messages in My Account. A notice is
// recorded as sent only when a mail server accepted it; otherwise its
// delivery says why not (no mail server, no SMS gateway, no address), so
// that neither the patron nor staff are told it went out when it did not.
//
// Several Kirjasto nodes may run Run against one database: a notice is
// claimed with a conditional UPDATE before it is sent, so exactly one node
// sends it.
package notice

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"github.com/kirjasto/kirjasto/internal/i18n"
	"github.com/kirjasto/kirjasto/internal/library"
)

// Store is what delivery needs of the database; *store.DB has it.
type Store interface {
	ClaimNotices(ctx context.Context, limit int, now time.Time) ([]library.Notice, error)
	FinishNotice(ctx context.Context, id int64, delivery string, now time.Time) error
	ReleaseNotice(ctx context.Context, id int64, sendErr string) error
	Patron(ctx context.Context, id int64) (library.Patron, error)
	Branch(ctx context.Context, id string) (library.Branch, error)
}

// Sender sends one rendered message to a patron's e-mail address.
type Sender interface {
	SendEmail(ctx context.Context, to, subject, body string) error
}

// Branches finds a branch by ID, for its name; *store.DB has it.
type Branches interface {
	Branch(ctx context.Context, id string) (library.Branch, error)
}

// Render returns a notice's subject and body in lang, as the patron's
// messages page and e-mail both show them. A "branch" parameter holding a
// branch ID is shown as the branch's name in that language, and dates
// (stored as 2006-01-02) as lang writes dates. Each value inside the
// sentence is isolated with Unicode's first-strong isolate, so that a
// Finnish title or a hold-shelf code ("12-VIR") keeps its order in an
// Arabic sentence and the sentence's full stop stays at its end.
func Render(ctx context.Context, br Branches, b *i18n.Bundle, lang string, n library.Notice) (subject, body string) {
	args := make(map[string]any, len(n.Params))
	for k, v := range n.Params {
		args[k] = v
	}
	if id := n.Params["branch"]; id != "" && br != nil {
		if branch, err := br.Branch(ctx, id); err == nil {
			args["branch"] = branch.Name.Get(lang)
		}
	}
	for _, k := range dateParams {
		if d, err := library.ParseDate(n.Params[k]); err == nil {
			args[k] = b.Date(lang, d.Year, d.Month, d.Day)
		}
	}
	for _, k := range isolatedParams {
		if v, ok := args[k].(string); ok && v != "" {
			args[k] = "\u2068" + v + "\u2069"
		}
	}
	return b.T(lang, "notice."+n.Kind+".subject", args), b.T(lang, "notice."+n.Kind+".body", args)
}

// dateParams are the notice parameters that hold dates.
var dateParams = []string{"due", "pickup_by"}

// isolatedParams are the parameters written into a sentence as words.
// Links are not isolated: a mail program that makes a link of a URL might
// take the invisible isolate character into it.
var isolatedParams = []string{"title", "branch", "shelf", "due", "pickup_by", "name"}

// batch is how many notices a node claims at a time.
const batch = 50

// Deliver sends the waiting notices once and returns how many a mail
// server accepted. send may be nil: then e-mail notices are recorded as
// not sent for want of a mail server, and stay in the account.
func Deliver(ctx context.Context, st Store, b *i18n.Bundle, send Sender, now time.Time, log *slog.Logger) (int, error) {
	total := 0
	for {
		ns, err := st.ClaimNotices(ctx, batch, now)
		if err != nil {
			return total, err
		}
		failed := false
		for _, n := range ns {
			delivery, err := deliverOne(ctx, st, b, send, n)
			if err != nil {
				failed = true
				// Given back for the next round; a mail server that is down
				// must not lose notices.
				log.Warn("notice not sent", "notice", n.ID, "kind", n.Kind, "err", err)
				if err := st.ReleaseNotice(ctx, n.ID, err.Error()); err != nil {
					return total, err
				}
				continue
			}
			if err := st.FinishNotice(ctx, n.ID, delivery, now); err != nil {
				return total, err
			}
			if delivery == library.DeliverySent {
				total++
			}
		}
		// After a failure, wait for the next round rather than claim the
		// released notices again at once.
		if len(ns) < batch || failed {
			return total, nil
		}
	}
}

// deliverOne sends a notice if it can and returns what became of it; an
// error means it may succeed on a later try.
func deliverOne(ctx context.Context, st Store, b *i18n.Bundle, send Sender, n library.Notice) (string, error) {
	switch {
	case n.Channel == library.ChannelSMS:
		return library.DeliveryNoSMSGateway, nil
	case n.Channel != library.ChannelEmail:
		// In My Account only: nothing to send.
		return library.DeliveryAccountOnly, nil
	}
	p, err := st.Patron(ctx, n.PatronID)
	switch {
	case err != nil:
		return "", err
	case p.Email == "":
		// Before the mail server: it is what staff can do something about.
		return library.DeliveryNoAddress, nil
	case send == nil:
		return library.DeliveryNoMailServer, nil
	}
	subject, body := Render(ctx, st, b, p.Lang, n)
	if err := send.SendEmail(ctx, p.Email, subject, body); err != nil {
		return "", fmt.Errorf("e-mail notice %d: %w", n.ID, err)
	}
	return library.DeliverySent, nil
}

// Run delivers notices every interval until ctx ends.
func Run(ctx context.Context, st Store, b *i18n.Bundle, send Sender, every time.Duration, log *slog.Logger) {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	if send == nil {
		log.Info("no mail server configured: e-mail notices are not sent, only kept in My Account")
	}
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		if n, err := Deliver(ctx, st, b, send, time.Now(), log); err != nil {
			if ctx.Err() != nil {
				return
			}
			log.Error("delivering notices", "err", err)
		} else if n > 0 {
			log.Info("sent notices", "count", n)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}
