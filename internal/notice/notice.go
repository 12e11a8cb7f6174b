// Package notice delivers the outbox: notices written by circulation and
// by PIN resets are rendered in the patron's language and sent by e-mail
// or text message, as the patron chose, through the channels configured:
// a mail server (SMTP) and an SMS gateway (SMS, over HTTPS). Every notice
// also stays in the patron's messages in My Account. A notice is recorded
// as sent only when its channel accepted it; otherwise its delivery says
// why not (no mail server, no SMS gateway, no address, refused), so that
// neither the patron nor staff are told it went out when it did not. A
// channel that fails for a while (a server down, a timeout) gets the
// notice again after a back-off; one that refuses it for good, or is still
// failing at the end of the back-off, leaves it "failed" with the reason.
//
// Notices to guests who signed up for an event without a library card
// carry their own addressee (library.Notice.Guest) and go the same way:
// by e-mail when the guest gave an address, else by text message, in the
// language of the page they signed up on.
//
// Several Kirjasto nodes may run Run against one database: a notice is
// claimed with a conditional UPDATE before it is sent, and its sending is
// recorded as begun, under the claim, before it goes out; so one node at
// a time sends it, and a node that dies leaves its claims to another after
// their lease (docs/jobs.md, "Notices when a node dies").
package notice

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"strings"
	"time"

	"github.com/kirjasto/kirjasto/internal/i18n"
	"github.com/kirjasto/kirjasto/internal/library"
	"github.com/kirjasto/kirjasto/internal/metrics"
)

// Store is what delivery needs of the database; *store.DB has it.
type Store interface {
	ClaimNoticesAs(ctx context.Context, holder string, lease time.Duration, limit int, now time.Time) ([]library.Notice, error)
	StartSending(ctx context.Context, id int64, holder string, lease time.Duration, now time.Time) (bool, error)
	FinishNotice(ctx context.Context, id int64, delivery string, now time.Time) error
	RetryNotice(ctx context.Context, id int64, reason string, retryAt time.Time) error
	GiveUpNotice(ctx context.Context, id int64, reason string) error
	ReleaseNotice(ctx context.Context, id int64) error
	Patron(ctx context.Context, id int64) (library.Patron, error)
	Branch(ctx context.Context, id string) (library.Branch, error)
}

// Sender sends one rendered message to a patron's e-mail address, with
// messageID as its Message-ID: the same for every try of one notice, so
// that a message sent again (by a node taking over from one that died
// mid-send) is the same message to the mail systems that tell them apart.
type Sender interface {
	SendEmail(ctx context.Context, messageID, to, subject, body string) error
}

// SMSSender sends one text message to a phone number in E.164 form
// (+358401234567). An error means the gateway did not accept it; a
// *RefusedError means it never will, and it is not tried again.
type SMSSender interface {
	SendSMS(ctx context.Context, to, text string) error
}

// Channels are the ways a notice can go out. A nil field is a channel not
// configured: its notices are kept in My Account only, and say so.
type Channels struct {
	Email Sender
	SMS   SMSSender
	// Metrics, when set, counts what became of each notice.
	Metrics *metrics.Metrics
	// Holder names this node in its claims (default: host, process and
	// a random part, like the job runner's); Lease is how long a claim
	// holds without a send begun under it (default ten minutes). A
	// message's send is cut short at half the lease, so that no other
	// node claims a notice while it is being sent.
	Holder string
	Lease  time.Duration
}

// DefaultLease is how long a node's claim of notices holds by default.
const DefaultLease = 10 * time.Minute

// processHolder is this process's name in its claims when Channels names none.
var processHolder = func() string {
	host, _ := os.Hostname()
	b := make([]byte, 4)
	rand.Read(b)
	return fmt.Sprintf("%s:%d:%x", host, os.Getpid(), b)
}()

// claim returns who claims and for how long, with the defaults filled in.
func (c *Channels) claim() (string, time.Duration) {
	h, l := c.Holder, c.Lease
	if h == "" {
		h = processHolder
	}
	if l <= 0 {
		l = DefaultLease
	}
	return h, l
}

// Missing returns the patron channels (library.ChannelEmail,
// library.ChannelSMS) that are not configured, for the staff's outbox.
// A nil *Channels has none configured.
func (c *Channels) Missing() []string {
	var m []string
	if c == nil || c.Email == nil {
		m = append(m, library.ChannelEmail)
	}
	if c == nil || c.SMS == nil {
		m = append(m, library.ChannelSMS)
	}
	return m
}

// RefusedError is a channel's answer that it will never take a message
// (an invalid number, say): trying again would not help.
type RefusedError struct {
	Reason string
}

func (e *RefusedError) Error() string { return "refused: " + e.Reason }

// Backoff is how long a notice waits after each failed try before the
// next: after the first failure a minute, ... after the fifth twelve
// hours; after the sixth it is given up. Short at first, as most failures
// are a moment's; long at the end, so that a gateway down for a night
// still gets the notice in the morning.
var Backoff = []time.Duration{time.Minute, 5 * time.Minute, 30 * time.Minute, 2 * time.Hour, 12 * time.Hour}

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
	for _, k := range clockParams {
		if c, err := library.ParseClock(n.Params[k]); err == nil {
			args[k] = b.T(lang, "format.time", map[string]any{
				"Hour": int(c) / 60, "Minute": fmt.Sprintf("%02d", int(c)%60), "Whole": int(c)%60 == 0})
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
var dateParams = []string{"due", "pickup_by", "date"}

// clockParams hold clock times (15:04), written as lang writes times: a
// start, and a booking's end.
var clockParams = []string{"time", "end"}

// isolatedParams are the parameters written into a sentence as words.
// Links are not isolated: a mail program that makes a link of a URL might
// take the invisible isolate character into it.
var isolatedParams = []string{"title", "branch", "shelf", "due", "pickup_by", "name", "date", "time", "room", "reason",
	"resource", "end"}

// batch is how many notices a node claims at a time.
const batch = 50

// batchBudget, when not zero, is how long a node works through a claimed
// batch; by default two fifths of the lease. Past it the rest of the
// batch is given back untried, for any node to claim at once, rather
// than left to lapse (tests shorten it).
var batchBudget time.Duration

// Deliver sends the waiting notices once through ch and returns how many
// their channel accepted. ch may be nil, or have nil channels: then the
// notices for those channels are recorded as not sent for want of a mail
// server or SMS gateway, and stay in the account.
//
// Each notice is sent only after StartSending has recorded, under this
// node's claim, that its sending begins: a notice whose claim has lapsed
// (a batch slower than the lease) is left to whoever claims it next.
func Deliver(ctx context.Context, st Store, b *i18n.Bundle, ch *Channels, now time.Time, log *slog.Logger) (int, error) {
	if ch == nil {
		ch = &Channels{}
	}
	holder, lease := ch.claim()
	budget := batchBudget
	if budget <= 0 {
		budget = lease * 2 / 5
	}
	// The claims' clock moves on from now while the batch is sent, so
	// that a claim is renewed and compared at the time it happens; the
	// outcomes are recorded at now, as the back-off counts from it.
	began := time.Now()
	clock := func() time.Time { return now.Add(time.Since(began)) }
	total := 0
	for {
		ns, err := st.ClaimNoticesAs(ctx, holder, lease, batch, clock())
		if err != nil {
			return total, err
		}
		claimed := time.Now()
		for i, n := range ns {
			if time.Since(claimed) > budget {
				for _, n := range ns[i:] {
					if err := st.ReleaseNotice(ctx, n.ID); err != nil {
						return total, err
					}
				}
				log.Warn("sending notices is slow; the rest of the batch is given back", "notices", len(ns)-i)
				return total, nil
			}
			sent, err := deliverClaimed(ctx, st, b, ch, n, holder, lease, now, clock, log)
			if err != nil {
				return total, err
			}
			if sent {
				total++
			}
		}
		// A notice that failed waits for its retry time, so claiming again
		// does not find it.
		if len(ns) < batch {
			return total, nil
		}
	}
}

// deliverClaimed sends one claimed notice, if this node still holds it,
// and records the outcome. It reports whether the channel accepted it.
func deliverClaimed(ctx context.Context, st Store, b *i18n.Bundle, ch *Channels, n library.Notice,
	holder string, lease time.Duration, now time.Time, clock func() time.Time, log *slog.Logger) (bool, error) {
	ours, err := st.StartSending(ctx, n.ID, holder, lease, clock())
	if err != nil || !ours {
		return false, err
	}
	if n.Interrupted {
		// The one notice a dying node can leave in doubt: its channel
		// may have taken it before the node could record so. It goes
		// again, with the same Message-ID (docs/jobs.md).
		log.Warn("notice was being sent by a node that stopped; sent again", "notice", n.ID, "kind", n.Kind, "channel", n.Channel)
	}
	sendCtx, cancel := context.WithTimeout(ctx, lease/2)
	delivery, err := deliverOne(sendCtx, st, b, ch, n)
	cancel()
	if err != nil {
		ch.Metrics.Notice(n.Channel, "try_failed")
		return false, failed(ctx, st, n, err, now, log)
	}
	if err := st.FinishNotice(ctx, n.ID, delivery, now); err != nil {
		return false, err
	}
	ch.Metrics.Notice(n.Channel, delivery)
	return delivery == library.DeliverySent, nil
}

// failed records a failed try: the notice is tried again after its
// back-off, or given up with the reason when the channel refused it for
// good or the back-off has run out.
func failed(ctx context.Context, st Store, n library.Notice, sendErr error, now time.Time, log *slog.Logger) error {
	reason := sendErr.Error()
	var refused *RefusedError
	if errors.As(sendErr, &refused) || n.Attempts > len(Backoff) || n.Attempts < 1 {
		log.Warn("notice not sent; given up", "notice", n.ID, "kind", n.Kind, "channel", n.Channel, "attempts", n.Attempts, "err", reason)
		return st.GiveUpNotice(ctx, n.ID, reason)
	}
	retry := now.Add(Backoff[n.Attempts-1])
	log.Warn("notice not sent; tried again later", "notice", n.ID, "kind", n.Kind, "channel", n.Channel, "retry", retry, "err", reason)
	return st.RetryNotice(ctx, n.ID, reason, retry)
}

// deliverOne sends a notice if it can and returns what became of it; an
// error means it was not sent (a *RefusedError: and never will be).
func deliverOne(ctx context.Context, st Store, b *i18n.Bundle, ch *Channels, n library.Notice) (string, error) {
	if n.Channel != library.ChannelEmail && n.Channel != library.ChannelSMS {
		// In My Account only: nothing to send.
		return library.DeliveryAccountOnly, nil
	}
	p, err := addressee(ctx, st, n)
	if err != nil {
		return "", err
	}
	// The missing address before the missing channel: it is what staff
	// can do something about.
	switch {
	case n.Channel == library.ChannelEmail && p.Email == "", n.Channel == library.ChannelSMS && p.Phone == "":
		return library.DeliveryNoAddress, nil
	case n.Channel == library.ChannelEmail && ch.Email == nil:
		return library.DeliveryNoMailServer, nil
	case n.Channel == library.ChannelSMS && ch.SMS == nil:
		return library.DeliveryNoSMSGateway, nil
	}
	subject, body := Render(ctx, st, b, p.Lang, n)
	if n.Channel == library.ChannelSMS {
		to, err := NormalizePhone(p.Phone)
		if err != nil {
			return "", &RefusedError{Reason: err.Error()}
		}
		if p.Lang != "ar" {
			// The isolates keep values in order in a right-to-left
			// sentence; elsewhere they would only make the gateway send
			// UCS-2, 70 characters a message instead of GSM's 160.
			body = stripIsolates.Replace(body)
		}
		if err := ch.SMS.SendSMS(ctx, to, body); err != nil {
			return "", scrub("text message", err, p.Phone, to, strings.TrimPrefix(to, "+"))
		}
		return library.DeliverySent, nil
	}
	if err := ch.Email.SendEmail(ctx, MessageID(n), p.Email, subject, body); err != nil {
		return "", scrub("e-mail", err, p.Email)
	}
	return library.DeliverySent, nil
}

// addressee is whom a notice goes to: the patron, or for a notice to a
// guest without a card, the guest's name, address, number and language.
func addressee(ctx context.Context, st Store, n library.Notice) (library.Patron, error) {
	if g := n.Guest; g != nil {
		return library.Patron{Name: g.Name, Email: g.Email, Phone: g.Phone, Lang: g.Lang}, nil
	}
	return st.Patron(ctx, n.PatronID)
}

// MessageID is notice n's Message-ID without its angle brackets: the same
// for every try, and different for every notice (its ID and the instant
// it was written, so that two databases' notices of one ID differ).
func MessageID(n library.Notice) string {
	return fmt.Sprintf("notice-%d.%d@kirjasto", n.ID, n.Created.UnixMilli())
}

var stripIsolates = strings.NewReplacer("\u2068", "", "\u2069", "")

// scrub returns err prefixed with what, without the patron's address or
// number in its text: the reason goes on the staff's outbox, which names
// patrons but does not show their contact details. A refusal stays a
// refusal.
func scrub(what string, err error, secrets ...string) error {
	msg := err.Error()
	for _, s := range secrets {
		if s != "" {
			msg = strings.ReplaceAll(msg, s, "…")
		}
	}
	var refused *RefusedError
	if errors.As(err, &refused) {
		return &RefusedError{Reason: what + ": " + strings.TrimPrefix(msg, "refused: ")}
	}
	return errors.New(what + ": " + msg)
}

// Run delivers notices every interval until ctx ends.
func Run(ctx context.Context, st Store, b *i18n.Bundle, ch *Channels, every time.Duration, log *slog.Logger) {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	for _, c := range ch.Missing() {
		log.Info("notice channel not configured: its notices are not sent, only kept in My Account", "channel", c)
	}
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		if n, err := Deliver(ctx, st, b, ch, time.Now(), log); err != nil {
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
