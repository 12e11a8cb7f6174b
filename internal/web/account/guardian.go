package account

import (
	"context"
	"net/http"
	"strconv"

	"github.com/kirjasto/kirjasto/internal/library"
	"github.com/kirjasto/kirjasto/internal/web"
)

// Linked cards: a guardian sees the loans and holds of the children whose
// cards name them as guardian, and renews their loans, from their own
// account. The store checks the link on every request (Ward); the
// renewal then goes through library.Circulation with the child's ID, so
// the child's loan rules and blocks apply as at the desk.

// guardianStore is what the store offers for linked cards.
type guardianStore interface {
	// Wards returns the open cards whose guardian is guardianID.
	Wards(ctx context.Context, guardianID int64) ([]library.Patron, error)
	// Ward returns wardID if guardianID is its guardian, else ENOTFOUND.
	Ward(ctx context.Context, guardianID, wardID int64) (library.Patron, error)
}

// childrenPage is /account/children and GET /api/v1/account/children.
type childrenPage struct {
	Children []childSummary `json:"children"`
}

// childSummary is one linked card.
type childSummary struct {
	ID    int64  `json:"id"`
	Name  string `json:"name"`
	Card  string `json:"card_number"`
	Loans int    `json:"loans"`
	Holds int    `json:"holds"`
	URL   string `json:"-"`
}

// childPage is one child's loans and holds.
type childPage struct {
	ID      int64           `json:"id"`
	Name    string          `json:"name"`
	Card    string          `json:"card_number"`
	Loans   []web.LoanView  `json:"loans"`
	Holds   []holdView      `json:"holds"`
	Results []web.RenewView `json:"results,omitempty"`
	Action  string          `json:"-"`
}

func (s *server) childrenPage(ctx context.Context, p library.Patron) (*childrenPage, error) {
	gs, err := serviceOf[guardianStore](s)
	if err != nil {
		return nil, err
	}
	wards, err := gs.Wards(ctx, p.ID)
	if err != nil {
		return nil, err
	}
	cp := &childrenPage{Children: []childSummary{}}
	for _, c := range wards {
		loans, err := s.Circulation().Loans(ctx, c.ID)
		if err != nil {
			return nil, err
		}
		holds, err := s.Circulation().Holds(ctx, c.ID)
		if err != nil {
			return nil, err
		}
		cp.Children = append(cp.Children, childSummary{ID: c.ID, Name: c.Name, Card: c.CardNumber,
			Loans: len(loans), Holds: len(holds), URL: childURL(c.ID)})
	}
	return cp, nil
}

func childURL(id int64) string { return "/account/children/" + strconv.FormatInt(id, 10) }

// ward returns the child named in the path if p is their guardian.
func (s *server) ward(r *http.Request, p library.Patron) (library.Patron, error) {
	gs, err := serviceOf[guardianStore](s)
	if err != nil {
		return library.Patron{}, err
	}
	id, err := web.ParseID(r.PathValue("id"))
	if err != nil {
		return library.Patron{}, library.Errorf(library.ENOTFOUND, "no child %q", r.PathValue("id"))
	}
	return gs.Ward(r.Context(), p.ID, id)
}

func (s *server) childPage(ctx context.Context, lang string, c library.Patron) (*childPage, error) {
	lp, err := s.loansPage(ctx, lang, c)
	if err != nil {
		return nil, err
	}
	hp, err := s.holdsPage(ctx, lang, c)
	if err != nil {
		return nil, err
	}
	return &childPage{ID: c.ID, Name: c.Name, Card: c.CardNumber, Loans: lp.Loans, Holds: hp.Holds,
		Action: childURL(c.ID) + "/renew"}, nil
}

func (s *server) serveChildren(w http.ResponseWriter, r *http.Request, p library.Patron) error {
	cp, err := s.childrenPage(r.Context(), p)
	if err != nil {
		return err
	}
	s.Render(w, r, http.StatusOK, "guardian", s.Tr(r, "privacy.children.title"), cp)
	return nil
}

func (s *server) apiChildren(w http.ResponseWriter, r *http.Request, p library.Patron) error {
	cp, err := s.childrenPage(r.Context(), p)
	if err != nil {
		return err
	}
	return web.WritePaged(w, r, cp, &cp.Children)
}

func (s *server) serveChild(w http.ResponseWriter, r *http.Request, p library.Patron) error {
	c, err := s.ward(r, p)
	if err != nil {
		return err
	}
	cp, err := s.childPage(r.Context(), s.Lang(r), c)
	if err != nil {
		return err
	}
	if outcomes := s.takeRenewed(w, r); outcomes != nil {
		cp.Results = s.renewedViews(s.Lang(r), cp.Loans, outcomes)
	}
	s.Render(w, r, http.StatusOK, "guardian_child", c.Name, cp)
	return nil
}

func (s *server) apiChild(w http.ResponseWriter, r *http.Request, p library.Patron) error {
	c, err := s.ward(r, p)
	if err != nil {
		return err
	}
	cp, err := s.childPage(r.Context(), s.Lang(r), c)
	if err != nil {
		return err
	}
	web.WriteJSON(w, http.StatusOK, cp)
	return nil
}

// renewChild renews one of the child's loans, or all of them, and sends
// the guardian back to the child's page, where the outcome waits, like
// renewLoans does for one's own. The audit trail records the guardian as
// the patron who acted.
func (s *server) renewChild(w http.ResponseWriter, r *http.Request, p library.Patron) error {
	c, err := s.ward(r, p)
	if err != nil {
		return err
	}
	results, err := s.Renew(r.Context(), c, r.PostFormValue("barcode"), web.WebActor(p))
	if err != nil {
		return err
	}
	s.setRenewed(w, r, results)
	http.Redirect(w, r, childURL(c.ID), http.StatusSeeOther)
	return nil
}
