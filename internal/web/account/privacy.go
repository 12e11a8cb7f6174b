package account

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"time"

	"github.com/kirjasto/kirjasto/internal/library"
	"github.com/kirjasto/kirjasto/internal/web"
)

// Privacy: the patron's download of everything held about them, closing
// the account, and (in history.go and guardian.go) reading history and
// the cards a guardian manages. What closing keeps and removes is decided
// and documented by the store (store/privacy.go).

// privacyStore is what the store offers for the patron's own data.
type privacyStore interface {
	// WritePersonalData writes everything held about a patron as JSON,
	// without secrets.
	WritePersonalData(ctx context.Context, patronID int64, w io.Writer) error
	// CloseAccount anonymises an account; ECONFLICT while loans, holds
	// or unpaid fees remain.
	CloseAccount(ctx context.Context, patronID int64, now time.Time) error
}

// serviceOf finds the part of the store that offers T, whichever of the
// configured services implements it; ENOTFOUND when none does, so that a
// store without the feature shows no such pages.
func serviceOf[T any](s *server) (T, error) {
	for _, src := range []any{s.Patrons(), s.Circulation(), s.Store()} {
		if v, ok := src.(T); ok {
			return v, nil
		}
	}
	var zero T
	return zero, library.Errorf(library.ENOTFOUND, "the store does not offer this")
}

// privacyRoutes registers reading history, privacy and linked cards.
func (s *server) privacyRoutes(mux *http.ServeMux) {
	page := func(pattern string, h web.PatronHandler) { mux.Handle(pattern, s.Wrap(s.AsPatron(h), false)) }
	api := func(pattern string, h web.PatronHandler) { mux.Handle(pattern, s.Wrap(s.AsPatron(h), true)) }

	page("GET /account/history", s.serveHistory)
	page("GET /account/history.csv", s.historyCSV)
	page("POST /account/history/optin", s.postHistoryOptIn)
	page("POST /account/history/delete", s.deleteHistory)
	page("POST /account/history/{id}/delete", s.deleteHistory)
	api("GET /api/v1/account/history", s.apiHistory)

	page("GET /account/privacy", s.servePrivacy)
	page("GET /account/privacy/export.json", s.privacyExport)
	page("GET /account/privacy/close", s.servePrivacyClose)
	page("POST /account/privacy/close", s.postPrivacyClose)
	mux.Handle("GET /account/closed", s.Wrap(s.serveClosed, false))

	page("GET /account/children", s.serveChildren)
	page("GET /account/children/{id}", s.serveChild)
	page("POST /account/children/{id}/renew", s.renewChild)
	api("GET /api/v1/account/children", s.apiChildren)
	api("GET /api/v1/account/children/{id}", s.apiChild)
}

// privacyPage is /account/privacy and its closing step.
type privacyPage struct {
	// Blockers say, in the user's language, why the account cannot be
	// closed now; empty when it can.
	Blockers []string
	Error    string
}

// closeBlockers lists what stands in the way of closing p's account. The
// store checks again when closing; this is to tell the patron first.
func (s *server) closeBlockers(ctx context.Context, lang string, p library.Patron) ([]string, error) {
	loans, err := s.Circulation().Loans(ctx, p.ID)
	if err != nil {
		return nil, err
	}
	holds, err := s.Circulation().Holds(ctx, p.ID)
	if err != nil {
		return nil, err
	}
	fees, err := s.Circulation().Fees(ctx, p.ID)
	if err != nil {
		return nil, err
	}
	var out []string
	if n := len(loans); n > 0 {
		out = append(out, s.I18n().N(lang, "privacy.close.has_loans", n, nil))
	}
	if n := len(holds); n > 0 {
		out = append(out, s.I18n().N(lang, "privacy.close.has_holds", n, nil))
	}
	if owed := web.OpenTotal(fees); owed > 0 {
		out = append(out, s.I18n().T(lang, "privacy.close.has_fees", map[string]any{"Amount": s.Money(lang, owed)}))
	}
	return out, nil
}

func (s *server) servePrivacy(w http.ResponseWriter, r *http.Request, p library.Patron) error {
	lang := s.Lang(r)
	b, err := s.closeBlockers(r.Context(), lang, p)
	if err != nil {
		return err
	}
	s.Render(w, r, http.StatusOK, "privacy", s.I18n().T(lang, "privacy.title", nil), &privacyPage{Blockers: b})
	return nil
}

// privacyExport downloads everything held about the patron.
func (s *server) privacyExport(w http.ResponseWriter, r *http.Request, p library.Patron) error {
	ps, err := serviceOf[privacyStore](s)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := ps.WritePersonalData(r.Context(), p.ID, &buf); err != nil {
		return err
	}
	h := w.Header()
	h.Set("Content-Type", "application/json; charset=utf-8")
	h.Set("Content-Disposition", `attachment; filename="kirjasto-my-data.json"`)
	w.WriteHeader(http.StatusOK)
	w.Write(buf.Bytes())
	return nil
}

// servePrivacyClose is the confirmation step of closing, or the reasons
// it cannot be done yet.
func (s *server) servePrivacyClose(w http.ResponseWriter, r *http.Request, p library.Patron) error {
	lang := s.Lang(r)
	b, err := s.closeBlockers(r.Context(), lang, p)
	if err != nil {
		return err
	}
	s.Render(w, r, http.StatusOK, "privacy_close", s.I18n().T(lang, "privacy.close.title", nil), &privacyPage{Blockers: b})
	return nil
}

// postPrivacyClose closes the account once the patron has ticked the
// confirmation, signs this browser out (the store ends every session)
// and says goodbye.
func (s *server) postPrivacyClose(w http.ResponseWriter, r *http.Request, p library.Patron) error {
	lang := s.Lang(r)
	b, err := s.closeBlockers(r.Context(), lang, p)
	if err != nil {
		return err
	}
	pp := &privacyPage{Blockers: b}
	if len(b) > 0 {
		s.Render(w, r, http.StatusConflict, "privacy_close", s.I18n().T(lang, "privacy.close.title", nil), pp)
		return nil
	}
	if r.PostFormValue("confirm") != "yes" {
		pp.Error = s.I18n().T(lang, "privacy.close.confirm_required", nil)
		s.Render(w, r, http.StatusBadRequest, "privacy_close", s.I18n().T(lang, "privacy.close.title", nil), pp)
		return nil
	}
	ps, err := serviceOf[privacyStore](s)
	if err != nil {
		return err
	}
	if err := ps.CloseAccount(r.Context(), p.ID, s.Now()); err != nil {
		if library.ErrorCode(err) == library.ECONFLICT {
			// Something was lent or charged since the page was shown.
			pp.Error = s.ErrorText(lang, err)
			s.Render(w, r, http.StatusConflict, "privacy_close", s.I18n().T(lang, "privacy.close.title", nil), pp)
			return nil
		}
		return err
	}
	if err := s.EndSession(w, r, web.PatronCookie); err != nil {
		return err
	}
	http.Redirect(w, r, "/account/closed", http.StatusSeeOther)
	return nil
}

// serveClosed says the account is closed. It needs no session: there is
// none any more.
func (s *server) serveClosed(w http.ResponseWriter, r *http.Request) error {
	s.Render(w, r, http.StatusOK, "privacy_closed", s.Tr(r, "privacy.closed.title"), nil)
	return nil
}
