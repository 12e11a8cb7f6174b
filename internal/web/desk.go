package web

import (
	"context"
	"net/http"
	"strings"

	"github.com/kirjasto/kirjasto/internal/library"
)

// The circulation desk: check out, check in, renew and take fees for a
// patron, at the branch the staff member works at (or another, chosen on
// the page). Every form carries the branch and, once a patron is found,
// their card number, so the desk keeps its place without any state on
// the server: each answer to a POST is the desk page itself, showing what
// just happened. The desk is a busy place; it says what to do with the
// item in front of you in one sentence, at the top.

// staffHandler is a handler for a signed-in staff member.
type staffHandler func(w http.ResponseWriter, r *http.Request, st library.Staff) error

// deskPage is the desk.
type deskPage struct {
	Branch     string
	BranchName string
	Branches   []branchGroup
	// Card is the card number asked for; Patron is its holder once found.
	Card   string
	Patron *deskPatron
	// Messages report what the last action did, newest first.
	Messages []deskMessage
	// Checkin is the routing of the item just checked in.
	Checkin *checkinView
}

// deskPatron is what the desk sees of a patron: more than the patron,
// including notes staff keep.
type deskPatron struct {
	Name       string
	CardNumber string
	Category   string
	Blocked    string // why they may not borrow, or ""
	BlockNote  string // the manual block's reason as staff wrote it
	StaffNote  string
	Loans      []loanView
	Overdue    int
	Fees       []feeView // open fees
	FeesText   string
	Holds      int
	HoldsReady int
}

// deskMessage is one line of news at the top of the desk.
type deskMessage struct {
	OK   bool
	Text string
}

// checkinView says where a returned item goes.
type checkinView struct {
	Barcode string
	Title   string
	Route   string // library.RouteShelf, RouteHoldShelf or RouteTransit
	Text    string // the instruction, e.g. "Send in transit to Tikkurila library for a hold."
	FeeText string // an overdue fee just charged, or ""
}

// deskBranch returns the branch the desk works for: the one the request
// names if it exists, else the staff member's own, else the first.
func (s *Server) deskBranch(ctx context.Context, r *http.Request, st library.Staff) (string, error) {
	_, branches, err := s.consortium(ctx)
	if err != nil {
		return "", err
	}
	known := func(id string) bool {
		for _, b := range branches {
			if b.ID == id {
				return true
			}
		}
		return false
	}
	switch want := r.FormValue("branch"); {
	case want != "" && known(want):
		return want, nil
	case want != "":
		return "", invalid("error.pickup_branch", "no branch %q", want)
	case known(st.Branch):
		return st.Branch, nil
	case len(branches) > 0:
		return branches[0].ID, nil
	}
	return "", library.Errorf(library.ENOTFOUND, "no branches")
}

// newDeskPage starts the desk page for a request: the branch, and the
// patron if the request names a card.
func (s *Server) newDeskPage(ctx context.Context, lang string, r *http.Request, st library.Staff) (*deskPage, error) {
	branch, err := s.deskBranch(ctx, r, st)
	if err != nil {
		return nil, err
	}
	dp := &deskPage{Branch: branch, Card: strings.TrimSpace(r.FormValue("card"))}
	names, err := s.branchNames(ctx, lang)
	if err != nil {
		return nil, err
	}
	dp.BranchName = names[branch]
	if dp.Branches, err = s.branchGroups(ctx, lang, branch); err != nil {
		return nil, err
	}
	return dp, nil
}

// loadPatron looks up the desk's patron by card number. An unknown card
// is a message on the desk, not an error page: it is usually a misread.
func (s *Server) loadPatron(ctx context.Context, lang string, dp *deskPage) (library.Patron, bool, error) {
	if dp.Card == "" {
		return library.Patron{}, false, nil
	}
	p, err := s.patrons.PatronByCard(ctx, dp.Card)
	switch code := library.ErrorCode(err); {
	case err == nil:
	case code == library.ENOTFOUND:
		dp.fail(s.i18n.T(lang, "desk.patron_not_found", map[string]any{"Card": dp.Card}))
		return library.Patron{}, false, nil
	default:
		return library.Patron{}, false, err
	}
	dp.Patron, err = s.deskPatron(ctx, lang, p)
	return p, err == nil, err
}

func (s *Server) deskPatron(ctx context.Context, lang string, p library.Patron) (*deskPatron, error) {
	loans, err := s.circ.Loans(ctx, p.ID)
	if err != nil {
		return nil, err
	}
	holds, err := s.circ.Holds(ctx, p.ID)
	if err != nil {
		return nil, err
	}
	fees, err := s.circ.Fees(ctx, p.ID)
	if err != nil {
		return nil, err
	}
	dpp := &deskPatron{
		Name: p.Name, CardNumber: p.CardNumber, Category: p.Category,
		BlockNote: p.BlockReason, StaffNote: p.StaffNote, Holds: len(holds), Fees: []feeView{},
	}
	if dpp.Loans, err = s.loanViews(ctx, lang, p, loans); err != nil {
		return nil, err
	}
	for _, l := range dpp.Loans {
		if l.Overdue {
			dpp.Overdue++
		}
	}
	for _, h := range holds {
		if h.Status == library.HoldReady {
			dpp.HoldsReady++
		}
	}
	for _, f := range s.feeViews(ctx, lang, fees) {
		if f.PaidAt.IsZero() {
			dpp.Fees = append(dpp.Fees, f)
		}
	}
	owed := openTotal(fees)
	dpp.FeesText = s.money(lang, owed)
	dpp.Blocked = s.blockText(ctx, lang, p, owed)
	return dpp, nil
}

func (dp *deskPage) ok(text string) {
	dp.Messages = append(dp.Messages, deskMessage{OK: true, Text: text})
}
func (dp *deskPage) fail(text string) { dp.Messages = append(dp.Messages, deskMessage{Text: text}) }

// deskActor is the staff member acting at the desk's branch.
func deskActor(st library.Staff, branch string) library.Actor {
	return library.Actor{StaffID: st.ID, Branch: branch}
}

func (s *Server) serveDesk(w http.ResponseWriter, r *http.Request, st library.Staff) error {
	ctx, lang := r.Context(), s.lang(r)
	dp, err := s.newDeskPage(ctx, lang, r, st)
	if err != nil {
		return err
	}
	if _, _, err := s.loadPatron(ctx, lang, dp); err != nil {
		return err
	}
	s.renderDesk(w, r, dp)
	return nil
}

func (s *Server) renderDesk(w http.ResponseWriter, r *http.Request, dp *deskPage) {
	s.render(w, r, http.StatusOK, "desk", s.i18n.T(s.lang(r), "desk.title", nil), dp)
}

// deskAction runs one of the desk's forms and shows the desk again with
// the outcome. Refusals (a blocked patron, an item on hold for someone
// else) are messages on the desk, not error pages: the work goes on.
func (s *Server) deskAction(w http.ResponseWriter, r *http.Request, st library.Staff) error {
	ctx, lang := r.Context(), s.lang(r)
	dp, err := s.newDeskPage(ctx, lang, r, st)
	if err != nil {
		return err
	}
	by, now := deskActor(st, dp.Branch), s.now()
	barcode := strings.TrimSpace(r.PostFormValue("barcode"))
	action := r.PathValue("action")
	if action == "checkin" {
		// A check-in needs no patron; the item knows whose it was.
		if err := s.deskCheckin(ctx, lang, dp, barcode, by); err != nil {
			return err
		}
		if _, _, err := s.loadPatron(ctx, lang, dp); err != nil {
			return err
		}
		s.renderDesk(w, r, dp)
		return nil
	}
	p, found, err := s.loadPatron(ctx, lang, dp)
	if err != nil {
		return err
	}
	if !found {
		if dp.Card == "" {
			dp.fail(s.i18n.T(lang, "desk.card_first", nil))
		}
		s.renderDesk(w, r, dp)
		return nil
	}
	var actErr error
	switch action {
	case "checkout":
		if barcode == "" {
			dp.fail(s.i18n.T(lang, "desk.barcode_missing", nil))
			break
		}
		var l library.Loan
		if l, actErr = s.circ.Checkout(ctx, p.ID, barcode, by, now); actErr == nil {
			dp.ok(s.i18n.T(lang, "desk.checked_out", map[string]any{
				"Barcode": barcode, "Title": s.titles(ctx, []int64{l.RecordID})[l.RecordID], "Date": s.formatTime(lang, l.DueAt)}))
		}
	case "renew":
		results, err := s.renew(ctx, p, barcode, by)
		if err != nil {
			return err
		}
		for _, v := range s.renewViews(ctx, lang, results) {
			text := v.Barcode + " " + v.Title + ": " + v.Message
			if v.OK {
				dp.ok(text)
			} else {
				dp.fail(text)
			}
		}
	case "fees":
		var ids []int64
		for _, v := range r.PostForm["fee"] {
			id, err := parseID(v)
			if err != nil {
				return err
			}
			ids = append(ids, id)
		}
		if len(ids) == 0 {
			dp.fail(s.i18n.T(lang, "desk.fees_none_chosen", nil))
			break
		}
		if actErr = s.circ.PayFees(ctx, p.ID, ids, by, now); actErr == nil {
			dp.ok(s.i18n.N(lang, "desk.fees_paid", len(ids), map[string]any{"Count": len(ids)}))
		}
	default:
		return library.Errorf(library.ENOTFOUND, "no desk action %q", action)
	}
	if actErr != nil {
		if library.ErrorCode(actErr) == library.EINTERNAL {
			return actErr
		}
		dp.fail(barcodePrefix(barcode) + s.errorText(lang, actErr))
	}
	// The patron's loans and fees have changed: show them as they are now.
	if dp.Patron, err = s.deskPatron(ctx, lang, p); err != nil {
		return err
	}
	s.renderDesk(w, r, dp)
	return nil
}

func barcodePrefix(barcode string) string {
	if barcode == "" {
		return ""
	}
	return barcode + ": "
}

// deskCheckin checks an item in and words where it goes next.
func (s *Server) deskCheckin(ctx context.Context, lang string, dp *deskPage, barcode string, by library.Actor) error {
	if barcode == "" {
		dp.fail(s.i18n.T(lang, "desk.barcode_missing", nil))
		return nil
	}
	res, err := s.circ.Checkin(ctx, barcode, by, s.now())
	if err != nil {
		if library.ErrorCode(err) == library.EINTERNAL {
			return err
		}
		dp.fail(barcodePrefix(barcode) + s.errorText(lang, err))
		return nil
	}
	names, err := s.branchNames(ctx, lang)
	if err != nil {
		return err
	}
	cv := &checkinView{Barcode: barcode, Route: res.Route, Title: s.titles(ctx, []int64{res.Item.RecordID})[res.Item.RecordID]}
	to := names[res.To]
	if to == "" {
		to = res.To
	}
	switch {
	case res.Route == library.RouteHoldShelf:
		cv.Text = s.i18n.T(lang, "desk.route.hold_shelf", map[string]any{"Shelf": res.Hold.ShelfCode})
	case res.Route == library.RouteTransit && res.Hold.ID != 0:
		cv.Text = s.i18n.T(lang, "desk.route.transit_hold", map[string]any{"Branch": to})
	case res.Route == library.RouteTransit:
		cv.Text = s.i18n.T(lang, "desk.route.transit_home", map[string]any{"Branch": to})
	default:
		cv.Text = s.i18n.T(lang, "desk.route.shelf", nil)
	}
	if res.Fee.Amount > 0 {
		cv.FeeText = s.i18n.T(lang, "desk.checkin_fee", map[string]any{"Amount": s.money(lang, res.Fee.Amount)})
	}
	dp.Checkin = cv
	return nil
}

// deskRoutes registers the circulation desk and its work lists. Every one
// needs a signed-in staff member.
func (s *Server) deskRoutes(mux *http.ServeMux) {
	page := func(pattern string, h staffHandler) { mux.Handle(pattern, s.wrap(s.asStaff(h), false)) }
	page("GET /desk", s.serveDesk)
	page("POST /desk/{action}", s.deskAction)
	page("GET /desk/picklist", s.servePickList)
	page("GET /desk/holdshelf", s.serveHoldShelf)
	page("GET /desk/transit", s.serveTransit)
}

// asStaff runs h for the signed-in staff member; requireStaff sends
// anyone else to sign in.
func (s *Server) asStaff(h staffHandler) handlerFunc {
	return s.requireStaff(func(w http.ResponseWriter, r *http.Request) error {
		st, ok := s.currentStaff(r)
		if !ok {
			return library.Errorf(library.EUNAUTHORIZED, "no staff member signed in")
		}
		if err := readForm(w, r); err != nil {
			return err
		}
		return h(w, r, st)
	})
}
