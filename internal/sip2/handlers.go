package sip2

import (
	"context"
	"time"

	"github.com/kirjasto/kirjasto/internal/library"
)

// This file has the kiosk's own messages (login, status, end of a patron
// session) and the refusal every message can get.

// languages maps the specification's language codes to the catalogues'.
// Estonian and Somali have no SIP2 code; their speakers get their own
// language from their account instead.
var languages = map[Language]string{
	LanguageEnglish: "en", LanguageSwedish: "sv", LanguageFinnish: "fi",
	LanguageRussian: "ru", 16: "ar",
}

// languageCode returns the catalogue code of a SIP2 language, "" if none.
func languageCode(l Language) string { return languages[l] }

// sipLanguage returns the SIP2 code of a catalogue language, 0 (unknown)
// if it has none.
func sipLanguage(code string) Language {
	for l, c := range languages {
		if c == code {
			return l
		}
	}
	return LanguageUnknown
}

// login checks the kiosk's account (93) and ties the connection to its
// branch. A kiosk account without a branch must name one in CP; one with
// a branch may only name its own.
func (s *session) login(ctx context.Context, r *Login) Body {
	k, err := s.srv.cfg.Kiosks.AuthenticateKiosk(ctx, r.UserID, r.Password, s.srv.now())
	if err != nil {
		if library.ErrorCode(err) == library.EINTERNAL {
			s.log.Error("sip2: login", "err", err)
		}
		s.log.Info("sip2: login refused", "login", r.UserID, "err", err)
		return &LoginResponse{}
	}
	branch := k.Branch
	switch {
	case r.Location == "" || r.Location == k.Branch:
	case k.Branch != "":
		s.log.Info("sip2: login refused: kiosk is at another branch", "login", k.Login, "branch", k.Branch, "location", r.Location)
		return &LoginResponse{}
	default:
		branch = r.Location
	}
	if branch == "" {
		s.log.Info("sip2: login refused: no location code (CP) for a kiosk without a branch", "login", k.Login)
		return &LoginResponse{}
	}
	if _, err := s.srv.cfg.Store.Branch(ctx, branch); err != nil {
		s.log.Info("sip2: login refused: unknown branch", "login", k.Login, "location", branch, "err", err)
		return &LoginResponse{}
	}
	s.kiosk, s.branch = &k, branch
	s.endPatron()
	s.log = s.log.With("kiosk", k.Login, "branch", branch)
	s.log.Info("sip2: kiosk logged in")
	return &LoginResponse{OK: true}
}

// supported lists the messages the server answers, for ACS Status.
var supported = func() SupportedMessages {
	var m SupportedMessages
	for i := range m {
		m[i] = i != SupportsItemStatusUpdate
	}
	return m
}()

// status answers SC Status (99): online, with the branch's name.
func (s *session) status(ctx context.Context) (Body, error) {
	b, err := s.srv.cfg.Store.Branch(ctx, s.branch)
	if err != nil {
		return nil, err
	}
	return &ACSStatus{
		OnlineStatus: true, CheckinOK: true, CheckoutOK: true, ACSRenewalPolicy: true,
		// "Status update" is the kiosk changing a patron's status, which
		// Block Patron and Patron Enable do.
		StatusUpdateOK: supported[SupportsBlockPatron] || supported[SupportsPatronEnable],
		TimeoutPeriod:  int(requestTimeout / (100 * time.Millisecond)), RetriesAllowed: 3,
		DateTimeSync: s.now(), ProtocolVersion: "2.00", InstitutionID: s.srv.cfg.InstitutionID,
		LibraryName: b.Name.Get(s.language()), Supported: supported, TerminalLocation: s.kiosk.Login,
	}, nil
}

// endSession ends the patron's session (35): the next patron starts
// afresh, and their PIN must be given again.
func (s *session) endSession(r *EndPatronSession) Body {
	lang := s.language()
	s.endPatron()
	return &EndSessionResponse{EndSession: true, TransactionDate: s.now(), InstitutionID: r.InstitutionID,
		PatronID: r.PatronID, ScreenMessage: []string{s.srv.i18n.T(lang, "sip2.goodbye", nil)}}
}

// now is the transaction date of responses: the library's wall clock,
// which kiosks print on receipts.
func (s *session) now() time.Time { return s.srv.now().In(library.Helsinki).Truncate(time.Second) }

// refuse returns the response to req that says no, with a screen message
// and the identifiers the request gave.
func (s *session) refuse(req Body, msg string) Body {
	m := ToMessage(req)
	f := func(id string) string {
		for _, x := range m.Fields {
			if x.ID == id {
				return x.Value
			}
		}
		return ""
	}
	ao, aa, ab, now, af := f("AO"), f("AA"), f("AB"), s.now(), []string{msg}
	denied := PatronStatus{PatronChargeDenied: true, PatronRenewalDenied: true, PatronRecallDenied: true, PatronHoldDenied: true}
	lang := sipLanguage(s.language())
	switch req.(type) {
	case *Login:
		return &LoginResponse{}
	case *SCStatus:
		return &ACSStatus{ProtocolVersion: "2.00", InstitutionID: s.srv.cfg.InstitutionID, DateTimeSync: now,
			RetriesAllowed: 3, Supported: supported, ScreenMessage: af}
	case *PatronStatusRequest, *BlockPatron:
		return &PatronStatusResponse{Status: denied, Language: lang, TransactionDate: now, InstitutionID: ao,
			PatronID: aa, ScreenMessage: af}
	case *PatronInformationRequest:
		return &PatronInformationResponse{Status: denied, Language: lang, TransactionDate: now, InstitutionID: ao,
			PatronID: aa, ScreenMessage: af}
	case *Checkout:
		return &CheckoutResponse{MagneticMedia: Unknown, Desensitize: No, TransactionDate: now, InstitutionID: ao,
			PatronID: aa, ItemID: ab, ScreenMessage: af}
	case *Renew:
		return &RenewResponse{MagneticMedia: Unknown, Desensitize: No, TransactionDate: now, InstitutionID: ao,
			PatronID: aa, ItemID: ab, ScreenMessage: af}
	case *Checkin:
		return &CheckinResponse{MagneticMedia: Unknown, Alert: true, TransactionDate: now, InstitutionID: ao,
			ItemID: ab, ScreenMessage: af}
	case *ItemInformationRequest:
		return &ItemInformationResponse{CirculationStatus: CircOther, SecurityMarker: SecurityOther, FeeType: FeeOther,
			TransactionDate: now, ItemID: ab, ScreenMessage: af}
	case *ItemStatusUpdate:
		return &ItemStatusUpdateResponse{TransactionDate: now, ItemID: ab, ScreenMessage: af}
	case *RenewAll:
		return &RenewAllResponse{TransactionDate: now, InstitutionID: ao, ScreenMessage: af}
	case *FeePaid:
		return &FeePaidResponse{TransactionDate: now, InstitutionID: ao, PatronID: aa, TransactionID: f("BK"), ScreenMessage: af}
	case *EndPatronSession:
		return &EndSessionResponse{TransactionDate: now, InstitutionID: ao, PatronID: aa, ScreenMessage: af}
	case *PatronEnable:
		return &PatronEnableResponse{Status: denied, Language: lang, TransactionDate: now, InstitutionID: ao,
			PatronID: aa, ScreenMessage: af}
	case *Hold:
		return &HoldResponse{TransactionDate: now, InstitutionID: ao, PatronID: aa, ItemID: ab, ScreenMessage: af}
	}
	return &RequestSCResend{} // only requests reach here; a response sent to the server is not one
}
