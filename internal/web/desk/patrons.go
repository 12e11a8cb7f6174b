package desk

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/kirjasto/kirjasto/internal/library"
	"github.com/kirjasto/kirjasto/internal/web"
)

// Patrons at the desk: finding a patron, a patron's page with what the
// desk may do with the account (ActPatrons at the patron's home library:
// each city keeps its own register), blocks, confirmation after seeing an
// ID, and closing. Registration and editing are in patron_register.go,
// PINs and cards in patron_card.go, merging in patron_merge.go.
//
// Secrets (a PIN, a first sign-in code) are shown once, on the answer to
// the POST that made them, kept out of caches, and never put in a URL, a
// flash or a log: the desk's usual redirect after a POST would have to
// carry them somewhere, so these answers are the one place they live.

// patronRoutes registers the patron pages of the desk.
func (s *server) patronRoutes(mux *http.ServeMux) {
	page := func(pattern string, h web.StaffHandler) { mux.Handle(pattern, s.Wrap(s.AsStaff(h), false)) }
	page("GET /desk/patrons", s.servePatrons)
	page("GET /desk/patrons/new", s.serveRegisterPatron)
	page("POST /desk/patrons/new", s.postRegisterPatron)
	page("GET /desk/patrons/cards", s.serveCardRanges)
	page("POST /desk/patrons/cards", s.postCardRange)
	page("GET /desk/patrons/{id}", s.servePatron)
	page("GET /desk/patrons/{id}/edit", s.serveEditPatron)
	page("POST /desk/patrons/{id}/edit", s.postEditPatron)
	page("POST /desk/patrons/{id}/pin", s.postIssuePIN)
	page("POST /desk/patrons/{id}/pin/reset", s.postRequireNewPIN)
	page("POST /desk/patrons/{id}/card", s.postReplaceCard)
	page("POST /desk/patrons/{id}/block", s.postBlock)
	page("POST /desk/patrons/{id}/unblock", s.postUnblock)
	page("POST /desk/patrons/{id}/confirm", s.postConfirm)
	page("POST /desk/patrons/{id}/close", s.postClose)
	page("GET /desk/patrons/{id}/merge", s.serveMerge)
	page("POST /desk/patrons/{id}/merge", s.postMerge)
}

// deskOfPatrons is the store's side of the desk's patron work.
func (s *server) deskOfPatrons() (library.PatronDesk, error) {
	d, ok := s.Patrons().(library.PatronDesk)
	if !ok {
		return nil, library.Errorf(library.ENOTFOUND, "this store registers no patrons")
	}
	return d, nil
}

// mayPatrons refuses staff who may not work with any patron register.
func mayPatrons(st library.Staff) error {
	return library.Permit(st, library.ActPatrons, st.Reach())
}

// patronFor returns the patron of the path's {id}, once st may work with
// the account: ActPatrons at its home library.
func (s *server) patronFor(r *http.Request, st library.Staff) (library.Patron, error) {
	if err := mayPatrons(st); err != nil {
		return library.Patron{}, err
	}
	id, err := web.ParseID(r.PathValue("id"))
	if err != nil {
		return library.Patron{}, err
	}
	p, err := s.Patrons().Patron(r.Context(), id)
	if err != nil {
		return library.Patron{}, err
	}
	if err := library.Permit(st, library.ActPatrons, library.LibraryScope(p.HomeLibrary)); err != nil {
		return library.Patron{}, err
	}
	return p, nil
}

// libraryNames maps member library IDs to their names in lang.
func (s *server) libraryNames(ctx context.Context, lang string) (map[string]string, error) {
	libs, _, err := s.Consortium(ctx)
	if err != nil {
		return nil, err
	}
	names := make(map[string]string, len(libs))
	for _, l := range libs {
		names[l.ID] = web.TextIn(l.Name, lang).Text
	}
	return names, nil
}

// patronRow is one patron found.
type patronRow struct {
	ID          int64
	Name        string
	CardNumber  string
	Library     string
	Via         string // how it matched, in words
	BirthDate   string
	Closed      bool
	Provisional bool
	Blocked     bool
}

// patronsPage is the patron search.
type patronsPage struct {
	Query  string
	Rows   []patronRow
	Hidden int // matches in registers this staff member may not open
	Asked  bool
	Closed bool
	Error  string
}

func (s *server) servePatrons(w http.ResponseWriter, r *http.Request, st library.Staff) error {
	if err := mayPatrons(st); err != nil {
		return err
	}
	ctx, lang := r.Context(), s.Lang(r)
	d, err := s.deskOfPatrons()
	if err != nil {
		return err
	}
	pg := &patronsPage{Query: strings.TrimSpace(r.FormValue("q")), Closed: r.FormValue("closed") != ""}
	status := http.StatusOK
	if pg.Query != "" {
		pg.Asked = true
		matches, err := d.FindPatrons(ctx, library.PatronQuery{Text: pg.Query, Limit: 50, IncludeClosed: pg.Closed})
		if code := library.ErrorCode(err); code == library.EINVALID {
			pg.Error, status = s.ErrorText(lang, err), http.StatusBadRequest
		} else if err != nil {
			return err
		}
		names, err := s.libraryNames(ctx, lang)
		if err != nil {
			return err
		}
		for _, m := range matches {
			p := m.Patron
			if library.Permit(st, library.ActPatrons, library.LibraryScope(p.HomeLibrary)) != nil {
				pg.Hidden++
				continue
			}
			row := patronRow{ID: p.ID, Name: p.Name, CardNumber: p.CardNumber, Library: names[p.HomeLibrary],
				Via: s.I18n().T(lang, "desk.patrons.via."+m.Via, nil), Closed: !p.ClosedAt.IsZero(),
				Provisional: p.Provisional, Blocked: p.BlockReason != ""}
			if p.BirthDate != (library.Date{}) {
				row.BirthDate = s.FormatDate(lang, p.BirthDate)
			}
			pg.Rows = append(pg.Rows, row)
		}
	}
	web.NoStore(w)
	s.Render(w, r, status, "desk_patrons", s.I18n().T(lang, "desk.patrons.title", nil), pg)
	return nil
}

// patronPage is a patron's page at the desk.
type patronPage struct {
	P          library.Patron
	Library    string
	BirthDate  string
	Created    string
	Confirmed  string
	BlockedAt  string
	OldCards   []oldCardRow
	Guardian   *library.Patron
	Done       string
	Closed     bool
	CardStatus []string // CardLost, CardReplaced
	Errors     map[string]string
	Values     map[string]string
}

// oldCardRow is a retired card of the patron.
type oldCardRow struct {
	CardNumber, Status, When string
}

func (s *server) servePatron(w http.ResponseWriter, r *http.Request, st library.Staff) error {
	p, err := s.patronFor(r, st)
	if err != nil {
		return err
	}
	pg, err := s.newPatronPage(r, p)
	if err != nil {
		return err
	}
	if done := r.FormValue("done"); done != "" && doneKeys[done] {
		pg.Done = s.I18n().T(s.Lang(r), "desk.patron.done."+done, nil)
	}
	return s.renderPatron(w, r, http.StatusOK, pg)
}

// doneKeys are the outcomes a redirect to a patron's page may report.
var doneKeys = map[string]bool{"registered": true, "saved": true, "card": true, "blocked": true,
	"unblocked": true, "confirmed": true, "closed": true, "merged": true}

func (s *server) newPatronPage(r *http.Request, p library.Patron) (*patronPage, error) {
	ctx, lang := r.Context(), s.Lang(r)
	d, err := s.deskOfPatrons()
	if err != nil {
		return nil, err
	}
	names, err := s.libraryNames(ctx, lang)
	if err != nil {
		return nil, err
	}
	pg := &patronPage{P: p, Library: names[p.HomeLibrary], Closed: !p.ClosedAt.IsZero(),
		Created: s.FormatTime(lang, p.Created), CardStatus: []string{library.CardLost, library.CardReplaced}}
	if p.BirthDate != (library.Date{}) {
		pg.BirthDate = s.FormatDate(lang, p.BirthDate)
	}
	if !p.ConfirmedAt.IsZero() {
		pg.Confirmed = s.FormatTime(lang, p.ConfirmedAt)
	}
	if !p.BlockedAt.IsZero() {
		pg.BlockedAt = s.FormatTime(lang, p.BlockedAt)
	}
	if p.GuardianID != 0 {
		if g, err := s.Patrons().Patron(ctx, p.GuardianID); err == nil {
			pg.Guardian = &g
		}
	}
	old, err := d.OldCards(ctx, p.ID)
	if err != nil {
		return nil, err
	}
	for _, c := range old {
		pg.OldCards = append(pg.OldCards, oldCardRow{CardNumber: c.CardNumber,
			Status: s.I18n().T(lang, "desk.patron.card_status."+c.Status, nil), When: s.FormatTime(lang, c.RetiredAt)})
	}
	return pg, nil
}

func (s *server) renderPatron(w http.ResponseWriter, r *http.Request, status int, pg *patronPage) error {
	web.NoStore(w)
	s.Render(w, r, status, "desk_patron", pg.P.Name, pg)
	return nil
}

// toPatron answers a patron action with 303 to the patron's page.
func toPatron(w http.ResponseWriter, r *http.Request, id int64, done string) {
	q := url.Values{"done": {done}}
	http.Redirect(w, r, "/desk/patrons/"+strconv.FormatInt(id, 10)+"?"+q.Encode(), http.StatusSeeOther)
}

// patronActionFailed shows the patron's page again with a refusal next to
// the form's field, as a 4xx; other errors are the error page.
func (s *server) patronActionFailed(w http.ResponseWriter, r *http.Request, p library.Patron, field string, err error) error {
	code := library.ErrorCode(err)
	if code != library.EINVALID && code != library.ECONFLICT {
		return err
	}
	pg, perr := s.newPatronPage(r, p)
	if perr != nil {
		return perr
	}
	pg.Errors = map[string]string{field: s.ErrorText(s.Lang(r), err)}
	pg.Values = map[string]string{}
	for k, v := range r.PostForm {
		if k != "pin" {
			pg.Values[k] = strings.Join(v, "")
		}
	}
	return s.renderPatron(w, r, web.HTTPStatus(code), pg)
}

// patronAction runs one of the patron page's forms: act on the patron,
// then back to their page saying done; a refusal is shown at field.
func (s *server) patronAction(w http.ResponseWriter, r *http.Request, st library.Staff, field, done string,
	act func(d library.PatronDesk, p library.Patron) error) error {
	p, err := s.patronFor(r, st)
	if err != nil {
		return err
	}
	d, err := s.deskOfPatrons()
	if err != nil {
		return err
	}
	if err := act(d, p); err != nil {
		return s.patronActionFailed(w, r, p, field, err)
	}
	toPatron(w, r, p.ID, done)
	return nil
}

func (s *server) postBlock(w http.ResponseWriter, r *http.Request, st library.Staff) error {
	return s.patronAction(w, r, st, "reason", "blocked", func(d library.PatronDesk, p library.Patron) error {
		return d.BlockPatron(r.Context(), st, p.ID, strings.TrimSpace(r.PostFormValue("reason")), s.Now())
	})
}

func (s *server) postUnblock(w http.ResponseWriter, r *http.Request, st library.Staff) error {
	return s.patronAction(w, r, st, "unblock", "unblocked", func(d library.PatronDesk, p library.Patron) error {
		return d.UnblockPatron(r.Context(), st, p.ID, s.Now())
	})
}

func (s *server) postConfirm(w http.ResponseWriter, r *http.Request, st library.Staff) error {
	return s.patronAction(w, r, st, "seen", "confirmed", func(d library.PatronDesk, p library.Patron) error {
		if r.PostFormValue("seen") == "" {
			return web.Invalid("desk.patron.confirm_seen_required", "ID not seen")
		}
		return d.ConfirmPatron(r.Context(), st, p.ID, s.Now())
	})
}

func (s *server) postClose(w http.ResponseWriter, r *http.Request, st library.Staff) error {
	return s.patronAction(w, r, st, "sure", "closed", func(d library.PatronDesk, p library.Patron) error {
		if r.PostFormValue("sure") == "" {
			return web.Invalid("desk.patron.close_sure_required", "not confirmed")
		}
		return d.CloseAccountByStaff(r.Context(), st, p.ID, s.Now())
	})
}

// unknownCardText words a card the desk found no account for: a retired
// card (reported lost, replaced, merged) says so and names the account's
// current card, since the person in front of the desk is usually its
// holder; any other is "not found".
func (s *server) unknownCardText(ctx context.Context, lang, card string) string {
	d, err := s.deskOfPatrons()
	if err != nil {
		return s.I18n().T(lang, "desk.patron_not_found", map[string]any{"Card": card})
	}
	old, p, err := d.OldCard(ctx, card)
	if err != nil {
		return s.I18n().T(lang, "desk.patron_not_found", map[string]any{"Card": card})
	}
	return s.I18n().T(lang, "desk.patrons.old_card."+old.Status, map[string]any{"Card": card, "Current": p.CardNumber})
}
