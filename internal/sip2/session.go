package sip2

import (
	"context"
	"crypto/sha256"
	"fmt"
	"log/slog"
	"runtime/debug"
	"strings"

	"github.com/kirjasto/kirjasto/internal/i18n"
	"github.com/kirjasto/kirjasto/internal/library"
)

// session is the state of one connection: the kiosk logged in on it and
// the patron using the kiosk now. A kiosk serves one patron at a time,
// from the first message naming their card to End Patron Session (35) or
// the next card.
type session struct {
	srv    *Server
	log    *slog.Logger
	kiosk  *library.Kiosk // nil until Login succeeds
	branch string         // where the kiosk stands

	card     string   // the patron at the kiosk
	pinHash  [32]byte // SHA-256 of the PIN verified for card, so it is not hashed with argon2 again
	verified bool     // the PIN of card has been checked in this patron session
	lang     string   // the language the kiosk asked for (23, 63), "" if none
	ownLang  string   // the patron's own language
}

// serveLine answers one message. Only an error writing to the kiosk ends
// the connection: a message that cannot be read is answered with 96, as
// the specification asks, and the kiosk sends it again.
func (s *session) serveLine(ctx context.Context, c *Conn, line []byte) error {
	if !c.ErrorDetection() && hasChecksum(line) {
		c.SetErrorDetection(true)
	}
	req, err := c.Parse(line)
	if err != nil {
		s.log.Info("sip2: asking the kiosk to resend", "err", err)
		return c.Write(&RequestSCResend{})
	}
	if _, ok := req.(*RequestACSResend); ok {
		return c.Resend()
	}
	return c.Write(s.handle(ctx, req))
}

// handle returns the response to a request. Refusals, whatever their
// cause, are the request's own response with "not ok" and a screen
// message, since SIP2 has no error message of its own.
func (s *session) handle(ctx context.Context, req Body) (resp Body) {
	ctx, cancel := context.WithTimeout(ctx, requestTimeout)
	defer cancel()
	defer func() {
		if v := recover(); v != nil {
			s.log.Error("sip2: panic", "code", req.Code(), "panic", v, "stack", string(debug.Stack()))
			resp = s.refuse(req, s.text("error.internal", nil))
		}
	}()
	if r, ok := req.(*Login); ok {
		return s.login(ctx, r)
	}
	if s.kiosk == nil {
		return s.refuse(req, s.text("sip2.login_first", nil))
	}
	resp, err := s.dispatch(ctx, req)
	if err != nil {
		if library.ErrorCode(err) == library.EINTERNAL {
			s.log.Error("sip2: request failed", "code", req.Code(), "kiosk", s.kiosk.Login, "err", err)
		}
		return s.refuse(req, s.errorText(err))
	}
	return resp
}

// dispatch calls the handler of a request from a logged-in kiosk.
func (s *session) dispatch(ctx context.Context, req Body) (Body, error) {
	switch r := req.(type) {
	case *SCStatus:
		return s.status(ctx)
	case *PatronStatusRequest:
		return s.patronStatus(ctx, r)
	case *PatronInformationRequest:
		return s.patronInformation(ctx, r)
	case *Checkout:
		return s.checkout(ctx, r)
	case *Checkin:
		return s.checkin(ctx, r)
	case *ItemInformationRequest:
		return s.itemInformation(ctx, r)
	case *Renew:
		return s.renew(ctx, r)
	case *RenewAll:
		return s.renewAll(ctx, r)
	case *FeePaid:
		return s.feePaid(ctx, r)
	case *EndPatronSession:
		return s.endSession(r), nil
	case *BlockPatron:
		return s.blockPatron(ctx, r)
	case *PatronEnable:
		return s.patronEnable(ctx, r)
	case *Hold:
		return s.hold(ctx, r)
	}
	return s.refuse(req, s.text("sip2.not_supported", nil)), nil
}

// actor is the kiosk acting for a patron at its branch.
func (s *session) actor(patronID int64) library.Actor {
	return library.Actor{Kiosk: s.kiosk.Login, Branch: s.branch, PatronID: patronID}
}

// patronAt is the patron a request names, with what is known of their PIN.
type patronAt struct {
	library.Patron
	pinOK  bool  // the PIN was given now or earlier in the session, and is right
	pinErr error // why a PIN given now was refused
}

// patron looks up the card a request names and checks the PIN it sends.
// A new card starts a new patron session. A PIN checked once is not
// checked again in the session, unless a different one is sent, so that a
// kiosk sending AD with every message costs one argon2 hash per visit.
func (s *session) patron(ctx context.Context, card, pin string) (patronAt, error) {
	card = strings.TrimSpace(card)
	if card == "" {
		return patronAt{}, &library.Error{Code: library.EINVALID, Key: "sip2.card_unknown", Message: "no patron identifier (AA)"}
	}
	p, err := s.srv.cfg.Patrons.PatronByCard(ctx, card)
	if library.ErrorCode(err) == library.ENOTFOUND {
		key := "sip2.card_unknown"
		// A retired card is still refused, but the kiosk says why.
		if k := library.ErrorKey(err); k == "error.card_lost" || k == "error.card_replaced" {
			key = k
		}
		return patronAt{}, &library.Error{Code: library.ENOTFOUND, Key: key, Message: err.Error()}
	}
	if err != nil {
		return patronAt{}, err
	}
	if card != s.card {
		s.endPatron()
		s.card = card
	}
	s.ownLang = p.Lang
	pa := patronAt{Patron: p}
	switch sum := sha256.Sum256([]byte(pin)); {
	case pin == "":
		pa.pinOK = s.verified
	case s.verified && sum == s.pinHash:
		pa.pinOK = true
	default:
		_, err := s.srv.cfg.Patrons.Authenticate(ctx, card, pin, s.srv.now())
		switch library.ErrorCode(err) {
		case "":
			pa.pinOK, s.verified, s.pinHash = true, true, sum
		case library.EUNAUTHORIZED, library.EFORBIDDEN:
			pa.pinErr, s.verified = err, false
		default:
			return patronAt{}, err
		}
	}
	return pa, nil
}

// signedIn is patron for the transactions that need the card's PIN
// checked in this session: lending, renewing, holds, lifting a block.
func (s *session) signedIn(ctx context.Context, card, pin string) (patronAt, error) {
	pa, err := s.patron(ctx, card, pin)
	if err != nil {
		return pa, err
	}
	return pa, pa.needPIN()
}

// needPIN refuses a transaction for a patron whose PIN has not been
// checked in this session: a card alone, found or stolen, lends nothing.
func (pa patronAt) needPIN() error {
	switch {
	case pa.pinOK:
		return nil
	case pa.pinErr != nil:
		return pa.pinErr
	}
	return &library.Error{Code: library.EUNAUTHORIZED, Key: "sip2.pin_needed", Message: "no PIN (AD) in this patron session"}
}

// endPatron forgets the patron at the kiosk.
func (s *session) endPatron() {
	s.card, s.verified, s.pinHash, s.lang, s.ownLang = "", false, [32]byte{}, "", ""
}

// setLanguage remembers the language a kiosk asks for, if Kirjasto has it.
func (s *session) setLanguage(l Language) {
	if code := languageCode(l); code != "" && s.srv.i18n.Supported(code) {
		s.lang = code
	}
}

// language is the language of screen messages: the one the kiosk asked
// for, else the patron's own, else the consortium's default.
func (s *session) language() string {
	for _, l := range []string{s.lang, s.ownLang} {
		if l != "" && s.srv.i18n.Supported(l) {
			return l
		}
	}
	return i18n.Default
}

// text returns a screen message in the session's language.
func (s *session) text(id string, data any) string { return s.srv.i18n.T(s.language(), id, data) }

// errorText words a refusal; internal errors get the general apology.
func (s *session) errorText(err error) string {
	if library.ErrorCode(err) == library.EINTERNAL {
		return s.text("error.internal", nil)
	}
	if n := library.ErrorCount(err); n != 0 { // the minutes a card stays locked
		return s.srv.i18n.N(s.language(), library.ErrorKey(err), n, nil)
	}
	return s.text(library.ErrorKey(err), nil)
}

// money formats euro cents as the language writes money, for screens.
func (s *session) money(cents int64) string {
	sign := ""
	if cents < 0 {
		sign, cents = "-", -cents
	}
	return sign + s.text("account.money", map[string]any{"Euros": cents / 100, "Cents": fmt.Sprintf("%02d", cents%100)})
}

// errNoItem is the refusal of a message without an item identifier.
var errNoItem = &library.Error{Code: library.EINVALID, Key: "sip2.item_missing", Message: "no item identifier (AB)"}
