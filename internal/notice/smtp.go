package notice

import (
	"context"
	"fmt"
	"net/url"
	"strconv"

	"github.com/wneessen/go-mail"
)

// SMTP sends e-mail through a mail server.
type SMTP struct {
	client *mail.Client
	from   string
}

// NewSMTP configures a mail server from a URL:
//
//	smtp://user:password@host:587?from=kirjasto@example.fi   (STARTTLS when offered)
//	smtps://user:password@host:465?from=...                   (TLS from the start)
//
// Without a port, smtp uses 587 and smtps 465. Without from, mail comes
// from kirjasto@host.
func NewSMTP(rawURL string) (*SMTP, error) {
	u, err := url.Parse(rawURL)
	if err != nil {
		return nil, fmt.Errorf("smtp url: %w", err)
	}
	if u.Hostname() == "" {
		return nil, fmt.Errorf("smtp url %q: no host", u.Redacted())
	}
	opts := []mail.Option{}
	switch u.Scheme {
	case "smtp":
		// Opportunistic, not mandatory: a relay on localhost often has no
		// certificate, and a remote one that offers STARTTLS gets it.
		opts = append(opts, mail.WithTLSPolicy(mail.TLSOpportunistic), mail.WithPort(587))
	case "smtps":
		opts = append(opts, mail.WithSSL(), mail.WithPort(465))
	default:
		return nil, fmt.Errorf("smtp url %q: scheme must be smtp or smtps", u.Redacted())
	}
	if p := u.Port(); p != "" {
		n, err := strconv.Atoi(p)
		if err != nil {
			return nil, fmt.Errorf("smtp url %q: bad port", u.Redacted())
		}
		opts = append(opts, mail.WithPort(n))
	}
	if u.User != nil {
		pass, _ := u.User.Password()
		opts = append(opts, mail.WithSMTPAuth(mail.SMTPAuthAutoDiscover),
			mail.WithUsername(u.User.Username()), mail.WithPassword(pass))
	}
	c, err := mail.NewClient(u.Hostname(), opts...)
	if err != nil {
		return nil, fmt.Errorf("smtp %s: %w", u.Redacted(), err)
	}
	from := u.Query().Get("from")
	if from == "" {
		from = "kirjasto@" + u.Hostname()
	}
	return &SMTP{client: c, from: from}, nil
}

// SendEmail sends one plain-text message with the Message-ID messageID.
func (s *SMTP) SendEmail(ctx context.Context, messageID, to, subject, body string) error {
	m := mail.NewMsg()
	m.SetMessageIDWithValue(messageID)
	if err := m.From(s.from); err != nil {
		return err
	}
	if err := m.To(to); err != nil {
		return err
	}
	m.Subject(subject)
	m.SetBodyString(mail.TypeTextPlain, body)
	return s.client.DialAndSendWithContext(ctx, m)
}
