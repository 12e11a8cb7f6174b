package desk

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/kirjasto/kirjasto/internal/library"
	"github.com/kirjasto/kirjasto/internal/web"
)

// PINs, cards and card ranges at the desk.
//
// A PIN letter (or a first sign-in code) is the answer to the POST that
// made it, never a redirect: the PIN would otherwise have to travel in a
// URL or a cookie. The page is kept out of every cache (no-store) and
// prints as the letter alone, without the site's navigation. Reloading it
// asks the browser to post again, which issues a new PIN and voids this
// one: a PIN is never shown twice.

// pinLetterPage is the printable PIN letter, or the first sign-in code.
type pinLetterPage struct {
	PatronID   int64
	Name       string
	CardNumber string
	PIN        string
	Code       string
	Expires    string
	Library    string
	Branch     string
	Address    library.Address
	Issued     string
	LetterLang string // the patron's language: the letter's own text is in it
}

// renderPINLetter shows a new PIN's letter, or a first sign-in code.
func (s *server) renderPINLetter(w http.ResponseWriter, r *http.Request, p library.Patron, l library.PINLetterData, code *library.FirstSignInCode) error {
	lang := s.Lang(r)
	pg := &pinLetterPage{PatronID: p.ID, Name: p.Name, CardNumber: p.CardNumber, LetterLang: lang}
	if code != nil {
		pg.Code, pg.CardNumber, pg.Expires = code.Code, code.CardNumber, s.FormatTime(lang, code.Expires)
	} else {
		pg.PIN, pg.CardNumber, pg.Address = l.PIN, l.CardNumber, l.Address
		pg.Library, pg.Branch = web.TextIn(l.LibraryName, lang).Text, web.TextIn(l.BranchName, lang).Text
		pg.Issued = s.FormatTime(lang, l.Issued)
	}
	web.NoStore(w)
	w.Header().Set("Referrer-Policy", "no-referrer")
	s.Render(w, r, http.StatusOK, "desk_patron_pin", s.I18n().T(lang, "desk.pin.title", nil), pg)
	return nil
}

func (s *server) postIssuePIN(w http.ResponseWriter, r *http.Request, st library.Staff) error {
	p, err := s.patronFor(r, st)
	if err != nil {
		return err
	}
	d, err := s.deskOfPatrons()
	if err != nil {
		return err
	}
	branch := ""
	if lib, _ := s.libraryOfBranch(r.Context(), st.Branch); lib == p.HomeLibrary {
		branch = st.Branch
	}
	l, err := d.IssuePIN(r.Context(), st, p.ID, branch, s.Now())
	if err != nil {
		return s.patronActionFailed(w, r, p, "pin", err)
	}
	return s.renderPINLetter(w, r, p, l, nil)
}

func (s *server) postRequireNewPIN(w http.ResponseWriter, r *http.Request, st library.Staff) error {
	p, err := s.patronFor(r, st)
	if err != nil {
		return err
	}
	d, err := s.deskOfPatrons()
	if err != nil {
		return err
	}
	code, err := d.RequireNewPIN(r.Context(), st, p.ID, s.Now())
	if err != nil {
		return s.patronActionFailed(w, r, p, "pin", err)
	}
	return s.renderPINLetter(w, r, p, library.PINLetterData{}, &code)
}

func (s *server) postReplaceCard(w http.ResponseWriter, r *http.Request, st library.Staff) error {
	p, err := s.patronFor(r, st)
	if err != nil {
		return err
	}
	d, err := s.deskOfPatrons()
	if err != nil {
		return err
	}
	status := r.PostFormValue("status")
	if status != library.CardLost && status != library.CardReplaced {
		return s.patronActionFailed(w, r, p, "status", web.Invalid("desk.card.status_required", "card status %q", status))
	}
	scanned := strings.Join(strings.Fields(r.PostFormValue("card")), "")
	if _, err := d.ReplaceCard(r.Context(), st, p.ID, scanned, status, s.Now()); err != nil {
		return s.patronActionFailed(w, r, p, "card", err)
	}
	toPatron(w, r, p.ID, "card")
	return nil
}

// cardRangesPage lists the member libraries' card ranges, with a form for
// each library the staff member may set.
type cardRangesPage struct {
	Rows   []cardRangeRow
	Done   bool
	Errors map[string]string
}

// cardRangeRow is one library's range; Form's fields for the library the
// form was posted for keep what was typed.
type cardRangeRow struct {
	Library, Name   string
	Prefix, Length  string
	Next, Last      string
	CheckDigit, Has bool
	Error           string
}

// Card ranges are a library's settings, as its branches are: ActBranches
// at the library (a library administrator for their city, the consortium
// administrator for all), not the desk's ActPatrons, so that branch staff
// hand numbers out but do not move the range.
func (s *server) serveCardRanges(w http.ResponseWriter, r *http.Request, st library.Staff) error {
	pg, err := s.cardRangesPage(r, st, "", nil)
	if err != nil {
		return err
	}
	pg.Done = r.FormValue("done") == "1"
	web.NoStore(w)
	s.Render(w, r, http.StatusOK, "desk_patron_cards", s.I18n().T(s.Lang(r), "desk.cards.title", nil), pg)
	return nil
}

func (s *server) cardRangesPage(r *http.Request, st library.Staff, failed string, failure error) (*cardRangesPage, error) {
	ctx, lang := r.Context(), s.Lang(r)
	if err := library.Permit(st, library.ActBranches, st.Reach()); err != nil {
		return nil, err
	}
	d, err := s.deskOfPatrons()
	if err != nil {
		return nil, err
	}
	ranges, err := d.CardRanges(ctx)
	if err != nil {
		return nil, err
	}
	byLib := map[string]library.CardRange{}
	for _, cr := range ranges {
		byLib[cr.Library] = cr
	}
	libs, _, err := s.Consortium(ctx)
	if err != nil {
		return nil, err
	}
	pg := &cardRangesPage{}
	for _, l := range libs {
		if library.Permit(st, library.ActBranches, library.LibraryScope(l.ID)) != nil {
			continue
		}
		cr, has := byLib[l.ID]
		row := cardRangeRow{Library: l.ID, Name: web.TextIn(l.Name, lang).Text, Has: has, CheckDigit: cr.CheckDigit}
		if has {
			row.Prefix, row.Length = cr.Prefix, strconv.Itoa(cr.Length)
			row.Next, row.Last = strconv.FormatInt(cr.Next, 10), strconv.FormatInt(cr.Last, 10)
		} else {
			row.Length, row.Next = "14", "1"
		}
		if l.ID == failed {
			row.Prefix, row.Length = r.PostFormValue("prefix"), r.PostFormValue("length")
			row.Next, row.Last = r.PostFormValue("next"), r.PostFormValue("last")
			row.CheckDigit = r.PostFormValue("check") != ""
			row.Error = s.ErrorText(lang, failure)
		}
		pg.Rows = append(pg.Rows, row)
	}
	return pg, nil
}

func (s *server) postCardRange(w http.ResponseWriter, r *http.Request, st library.Staff) error {
	lib := r.PostFormValue("library")
	if err := library.Permit(st, library.ActBranches, library.LibraryScope(lib)); err != nil {
		return err
	}
	d, err := s.deskOfPatrons()
	if err != nil {
		return err
	}
	cr := library.CardRange{Library: lib, Prefix: strings.TrimSpace(r.PostFormValue("prefix")),
		CheckDigit: r.PostFormValue("check") != ""}
	var perr error
	num := func(name string) int64 {
		n, err := strconv.ParseInt(strings.TrimSpace(r.PostFormValue(name)), 10, 64)
		if err != nil && perr == nil {
			perr = web.Invalid("error.card_range", "%s: %v", name, err)
		}
		return n
	}
	cr.Length, cr.Next, cr.Last = int(num("length")), num("next"), num("last")
	if perr == nil {
		perr = d.SetCardRange(r.Context(), st, cr)
	}
	if perr != nil {
		code := library.ErrorCode(perr)
		if code != library.EINVALID && code != library.ECONFLICT {
			return perr
		}
		pg, err := s.cardRangesPage(r, st, lib, perr)
		if err != nil {
			return err
		}
		web.NoStore(w)
		s.Render(w, r, web.HTTPStatus(code), "desk_patron_cards", s.I18n().T(s.Lang(r), "desk.cards.title", nil), pg)
		return nil
	}
	http.Redirect(w, r, "/desk/patrons/cards?done=1", http.StatusSeeOther)
	return nil
}
