package desk

import (
	"context"
	"net/http"
	"strconv"
	"strings"

	"github.com/kirjasto/kirjasto/internal/library"
	"github.com/kirjasto/kirjasto/internal/web"
)

// Merging two accounts of one person. The page is opened from one of
// them and asks for the other's card number; it then shows both side by
// side with what each holds (what moves), and the staff member chooses
// the account to keep and confirms. Both accounts must be in registers
// the staff member may work with: a merge changes both.

// mergeSide is one of the two accounts.
type mergeSide struct {
	P                        library.Patron
	Library                  string
	BirthDate                string
	Loans, Holds, Fees, Olds int
}

// mergePage is the merge page.
type mergePage struct {
	This   mergeSide
	Other  *mergeSide
	Card   string // the other account's card, as typed
	Errors map[string]string
}

func (s *server) mergeSide(ctx context.Context, lang string, p library.Patron, names map[string]string) (mergeSide, error) {
	side := mergeSide{P: p, Library: names[p.HomeLibrary]}
	if p.BirthDate != (library.Date{}) {
		side.BirthDate = s.FormatDate(lang, p.BirthDate)
	}
	loans, err := s.Circulation().Loans(ctx, p.ID)
	if err != nil {
		return side, err
	}
	holds, err := s.Circulation().Holds(ctx, p.ID)
	if err != nil {
		return side, err
	}
	fees, err := s.Circulation().Fees(ctx, p.ID)
	if err != nil {
		return side, err
	}
	side.Loans, side.Holds, side.Fees = len(loans), len(holds), len(fees)
	d, err := s.deskOfPatrons()
	if err != nil {
		return side, err
	}
	old, err := d.OldCards(ctx, p.ID)
	side.Olds = len(old)
	return side, err
}

// mergeOther finds the other account by card, once st may work with it.
func (s *server) mergeOther(ctx context.Context, st library.Staff, this library.Patron, card string) (library.Patron, error) {
	card = strings.Join(strings.Fields(card), "")
	if card == "" {
		return library.Patron{}, web.Invalid("desk.merge.card_required", "no card")
	}
	other, err := s.Patrons().PatronByCard(ctx, card)
	if library.ErrorCode(err) == library.ENOTFOUND {
		return other, web.Invalid("desk.merge.not_found", "no card %q", card)
	} else if err != nil {
		return other, err
	}
	if other.ID == this.ID {
		return other, web.Invalid("desk.merge.same", "same account")
	}
	if err := library.Permit(st, library.ActPatrons, library.LibraryScope(other.HomeLibrary)); err != nil {
		return other, &library.Error{Code: library.EINVALID, Key: library.ErrorKey(err), Message: err.Error()}
	}
	return other, nil
}

func (s *server) serveMerge(w http.ResponseWriter, r *http.Request, st library.Staff) error {
	return s.mergePage(w, r, st, "", nil)
}

// mergePage shows the merge page; a refusal goes next to field.
func (s *server) mergePage(w http.ResponseWriter, r *http.Request, st library.Staff, field string, failure error) error {
	ctx, lang := r.Context(), s.Lang(r)
	p, err := s.patronFor(r, st)
	if err != nil {
		return err
	}
	names, err := s.libraryNames(ctx, lang)
	if err != nil {
		return err
	}
	pg := &mergePage{Card: strings.TrimSpace(r.FormValue("other"))}
	if pg.This, err = s.mergeSide(ctx, lang, p, names); err != nil {
		return err
	}
	status := http.StatusOK
	if pg.Card != "" {
		other, err := s.mergeOther(ctx, st, p, pg.Card)
		switch code := library.ErrorCode(err); {
		case err == nil:
			side, err := s.mergeSide(ctx, lang, other, names)
			if err != nil {
				return err
			}
			pg.Other = &side
		case code == library.EINVALID:
			pg.Errors, status = map[string]string{"other": s.ErrorText(lang, err)}, http.StatusBadRequest
		default:
			return err
		}
	}
	if failure != nil {
		code := library.ErrorCode(failure)
		if code != library.EINVALID && code != library.ECONFLICT && code != library.ENOTFOUND {
			return failure
		}
		if pg.Errors == nil {
			pg.Errors = map[string]string{}
		}
		pg.Errors[field], status = s.ErrorText(lang, failure), web.HTTPStatus(code)
	}
	web.NoStore(w)
	s.Render(w, r, status, "desk_patron_merge", s.I18n().T(lang, "desk.merge.title", nil), pg)
	return nil
}

func (s *server) postMerge(w http.ResponseWriter, r *http.Request, st library.Staff) error {
	ctx := r.Context()
	p, err := s.patronFor(r, st)
	if err != nil {
		return err
	}
	other, err := s.mergeOther(ctx, st, p, r.PostFormValue("other"))
	if err != nil {
		return s.mergePage(w, r, st, "other", err)
	}
	if r.PostFormValue("sure") == "" {
		return s.mergePage(w, r, st, "sure", web.Invalid("desk.merge.sure_required", "not confirmed"))
	}
	keep, drop := p.ID, other.ID
	switch r.PostFormValue("keep") {
	case strconv.FormatInt(p.ID, 10):
	case strconv.FormatInt(other.ID, 10):
		keep, drop = other.ID, p.ID
	default:
		return s.mergePage(w, r, st, "keep", web.Invalid("desk.merge.keep_required", "keep %q", r.PostFormValue("keep")))
	}
	d, err := s.deskOfPatrons()
	if err != nil {
		return err
	}
	if _, err := d.MergePatrons(ctx, st, keep, drop, s.Now()); err != nil {
		return s.mergePage(w, r, st, "sure", err)
	}
	toPatron(w, r, keep, "merged")
	return nil
}
