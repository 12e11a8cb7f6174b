package desk

import (
	"context"
	"net/http"
	"net/url"
	"strings"

	"github.com/kirjasto/kirjasto/internal/library"
	"github.com/kirjasto/kirjasto/internal/web"
)

// The circulation desk: check out, check in, renew and take fees for a
// patron, at the branch the staff member works at (or another branch of
// their city, chosen on the page). Every form carries the branch and,
// once a patron is found, their card number, so the desk keeps its place
// without any state on the server: each POST redirects to the desk page
// for the same branch and card, and what it did travels there in a flash
// (desk_flash.go), so a reload never checks anything out twice. The desk
// is a busy place; it says what to do with the item in front of you in
// one sentence, at the top.

// deskPage is the desk.
type deskPage struct {
	Branch     string
	BranchName string
	Branches   []web.BranchGroup
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
	Loans      []web.LoanView
	Overdue    int
	Fees       []deskFee // open fees
	TakeFees   bool      // whether this staff member may take any of them
	FeesText   string
	Holds      int
	HoldsReady int
}

// deskMessage is one line of news at the top of the desk.
type deskMessage struct {
	OK   bool   `json:"ok,omitempty"`
	Text string `json:"t"`
}

// checkinView says where a returned item goes.
type checkinView struct {
	Barcode string `json:"b"`
	Title   string `json:"ti,omitempty"`
	Route   string `json:"r"`           // library.RouteShelf, RouteHoldShelf or RouteTransit
	Text    string `json:"t"`           // the instruction, e.g. "Send in transit to Tikkurila library for a hold."
	FeeText string `json:"f,omitempty"` // an overdue fee just charged, or ""
}

// deskNews is what a desk POST did, carried in a flash to the desk page
// it redirects to.
type deskNews struct {
	Messages []deskMessage `json:"m,omitempty"`
	Checkin  *checkinView  `json:"c,omitempty"`
}

// newDeskPage starts a desk page for a request: the branch, once st may
// do act there, and the card asked for.
func (s *server) newDeskPage(ctx context.Context, lang string, r *http.Request, st library.Staff, act library.Action) (*deskPage, error) {
	branch, err := s.deskBranch(ctx, r, st, act)
	if err != nil {
		return nil, err
	}
	dp := &deskPage{Branch: branch, Card: strings.TrimSpace(r.FormValue("card"))}
	names, err := s.BranchNames(ctx, lang)
	if err != nil {
		return nil, err
	}
	dp.BranchName = names[branch]
	if dp.Branches, err = s.staffBranchGroups(ctx, lang, st, act, branch); err != nil {
		return nil, err
	}
	return dp, nil
}

// findPatron looks up the patron of the card the desk asks for; found is
// false when it asks for none, or for a card nobody has.
func (s *server) findPatron(ctx context.Context, dp *deskPage) (p library.Patron, found bool, err error) {
	if dp.Card == "" {
		return library.Patron{}, false, nil
	}
	p, err = s.Patrons().PatronByCard(ctx, dp.Card)
	if library.ErrorCode(err) == library.ENOTFOUND {
		return library.Patron{}, false, nil
	}
	return p, err == nil, err
}

// loadPatron shows the desk's patron. An unknown card is a message on the
// desk, not an error page: it is usually a misread.
func (s *server) loadPatron(ctx context.Context, lang string, st library.Staff, dp *deskPage) error {
	p, found, err := s.findPatron(ctx, dp)
	switch {
	case err != nil:
		return err
	case found:
		dp.Patron, err = s.deskPatron(ctx, lang, st, p)
		return err
	case dp.Card != "":
		dp.fail(s.unknownCardText(ctx, lang, dp.Card))
	}
	return nil
}

func (s *server) deskPatron(ctx context.Context, lang string, st library.Staff, p library.Patron) (*deskPatron, error) {
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
	dpp := &deskPatron{
		Name: p.Name, CardNumber: p.CardNumber, Category: p.Category,
		BlockNote: p.BlockReason, StaffNote: p.StaffNote, Holds: len(holds), Fees: []deskFee{},
	}
	if dpp.Loans, err = s.LoanViews(ctx, lang, p, loans); err != nil {
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
	if dpp.Fees, err = s.deskFees(ctx, lang, st, fees); err != nil {
		return nil, err
	}
	for _, f := range dpp.Fees {
		dpp.TakeFees = dpp.TakeFees || f.May
	}
	owed := web.OpenTotal(fees)
	dpp.FeesText = s.Money(lang, owed)
	dpp.Blocked = s.BlockText(ctx, lang, p, owed)
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

// deskFlash is the name of the desk's flash cookie.
const deskFlash = "kirjasto_desk"

func (s *server) serveDesk(w http.ResponseWriter, r *http.Request, st library.Staff) error {
	// Staff whose role has no desk (cataloguers, statistics) land here
	// after signing in: send them to the work their role has.
	if !st.May(library.ActDesk) && r.URL.RawQuery == "" {
		to := "/admin"
		if st.May(library.ActCatalogue) {
			to = "/catalogue"
		}
		http.Redirect(w, r, to, http.StatusSeeOther)
		return nil
	}
	ctx, lang := r.Context(), s.Lang(r)
	dp, err := s.newDeskPage(ctx, lang, r, st, library.ActDesk)
	if err != nil {
		return err
	}
	var news deskNews
	if s.takeFlash(w, r, deskFlash, "/desk", web.StaffCookie, &news) {
		dp.Messages, dp.Checkin = news.Messages, news.Checkin
	}
	if err := s.loadPatron(ctx, lang, st, dp); err != nil {
		return err
	}
	s.renderDesk(w, r, dp)
	return nil
}

func (s *server) renderDesk(w http.ResponseWriter, r *http.Request, dp *deskPage) {
	s.Render(w, r, http.StatusOK, "desk", s.I18n().T(s.Lang(r), "desk.title", nil), dp)
}

// deskAction runs one of the desk's forms and redirects to the desk with
// the outcome. Refusals (a blocked patron, an item on hold for someone
// else) are news on the desk, not error pages: the work goes on. Acting
// for a branch or taking a fee the staff member has no right to is an
// error page (403): the desk never offers it.
func (s *server) deskAction(w http.ResponseWriter, r *http.Request, st library.Staff) error {
	ctx, lang := r.Context(), s.Lang(r)
	dp, err := s.newDeskPage(ctx, lang, r, st, library.ActDesk)
	if err != nil {
		return err
	}
	if err := s.runDeskAction(ctx, lang, r, st, dp); err != nil {
		return err
	}
	s.redirectToDesk(w, r, dp)
	return nil
}

// runDeskAction does what the posted form asks and puts the news in dp.
func (s *server) runDeskAction(ctx context.Context, lang string, r *http.Request, st library.Staff, dp *deskPage) error {
	by, now := deskActor(st, dp.Branch), s.Now()
	barcode := strings.TrimSpace(r.PostFormValue("barcode"))
	action := r.PathValue("action")
	if action == "checkin" {
		// A check-in needs no patron; the item knows whose it was.
		return s.deskCheckin(ctx, lang, dp, barcode, by)
	}
	p, found, err := s.findPatron(ctx, dp)
	if err != nil {
		return err
	}
	if !found {
		// The desk the POST redirects to says itself that a card is unknown.
		if dp.Card == "" {
			dp.fail(s.I18n().T(lang, "desk.card_first", nil))
		}
		return nil
	}
	var actErr error
	switch action {
	case "checkout":
		if barcode == "" {
			dp.fail(s.I18n().T(lang, "desk.barcode_missing", nil))
			break
		}
		var l library.Loan
		if l, actErr = s.Circulation().Checkout(ctx, p.ID, barcode, by, now); actErr == nil {
			dp.ok(s.I18n().T(lang, "desk.checked_out", map[string]any{
				"Barcode": barcode, "Title": s.Titles(ctx, []int64{l.RecordID})[l.RecordID], "Date": s.FormatTime(lang, l.DueAt)}))
		}
	case "renew":
		results, err := s.Renew(ctx, p, barcode, by)
		if err != nil {
			return err
		}
		for _, v := range s.RenewViews(ctx, lang, results) {
			text := v.Barcode + " " + v.Title + ": " + v.Message
			if v.OK {
				dp.ok(text)
			} else {
				dp.fail(text)
			}
		}
	case "fees":
		actErr = s.deskPayFees(ctx, lang, r, st, dp, p, by)
	default:
		return library.Errorf(library.ENOTFOUND, "no desk action %q", action)
	}
	if actErr != nil {
		if code := library.ErrorCode(actErr); code == library.EINTERNAL || code == library.EFORBIDDEN {
			return actErr
		}
		dp.fail(barcodePrefix(barcode) + s.ErrorText(lang, actErr))
	}
	return nil
}

// redirectToDesk answers a desk POST: 303 to the desk of the same branch
// and card, with the news in a flash. News too long for a cookie (renewing
// dozens of loans) is cut to what fits, with a line saying so.
func (s *server) redirectToDesk(w http.ResponseWriter, r *http.Request, dp *deskPage) {
	news := deskNews{Messages: dp.Messages, Checkin: dp.Checkin}
	for keep := len(dp.Messages); !s.putFlash(w, r, deskFlash, "/desk", web.StaffCookie, news); keep /= 2 {
		if keep == 0 {
			break // no room even for the check-in: the desk shows the state alone
		}
		cut := len(dp.Messages) - keep/2
		more := deskMessage{Text: s.I18n().N(s.Lang(r), "desk.more_news", cut, map[string]any{"Count": cut})}
		news.Messages = append(dp.Messages[:keep/2:keep/2], more)
	}
	q := url.Values{"branch": {dp.Branch}}
	if dp.Card != "" {
		q.Set("card", dp.Card)
	}
	http.Redirect(w, r, "/desk?"+q.Encode(), http.StatusSeeOther)
}

func barcodePrefix(barcode string) string {
	if barcode == "" {
		return ""
	}
	return barcode + ": "
}

// deskCheckin checks an item in and words where it goes next.
func (s *server) deskCheckin(ctx context.Context, lang string, dp *deskPage, barcode string, by library.Actor) error {
	if barcode == "" {
		dp.fail(s.I18n().T(lang, "desk.barcode_missing", nil))
		return nil
	}
	res, err := s.Circulation().Checkin(ctx, barcode, by, s.Now())
	if err != nil {
		if library.ErrorCode(err) == library.EINTERNAL {
			return err
		}
		dp.fail(barcodePrefix(barcode) + s.ErrorText(lang, err))
		return nil
	}
	names, err := s.BranchNames(ctx, lang)
	if err != nil {
		return err
	}
	cv := &checkinView{Barcode: barcode, Route: res.Route, Title: s.Titles(ctx, []int64{res.Item.RecordID})[res.Item.RecordID]}
	to := names[res.To]
	if to == "" {
		to = res.To
	}
	switch {
	case res.Route == library.RouteHoldShelf:
		cv.Text = s.I18n().T(lang, "desk.route.hold_shelf", map[string]any{"Shelf": res.Hold.ShelfCode})
	case res.Route == library.RouteTransit && res.Hold.ID != 0:
		cv.Text = s.I18n().T(lang, "desk.route.transit_hold", map[string]any{"Branch": to})
	case res.Route == library.RouteTransit:
		cv.Text = s.I18n().T(lang, "desk.route.transit_home", map[string]any{"Branch": to})
	default:
		cv.Text = s.I18n().T(lang, "desk.route.shelf", nil)
	}
	if res.Fee.Amount > 0 {
		cv.FeeText = s.I18n().T(lang, "desk.checkin_fee", map[string]any{"Amount": s.Money(lang, res.Fee.Amount)})
	}
	dp.Checkin = cv
	return nil
}

// deskRoutes registers the circulation desk and its work lists. Every one
// needs a signed-in staff member.
func (s *server) deskRoutes(mux *http.ServeMux) {
	page := func(pattern string, h web.StaffHandler) { mux.Handle(pattern, s.Wrap(s.AsStaff(h), false)) }
	page("GET /desk", s.serveDesk)
	page("POST /desk/{action}", s.deskAction)
	page("GET /desk/picklist", s.servePickList)
	page("GET /desk/holdshelf", s.serveHoldShelf)
	page("GET /desk/transit", s.serveTransit)
}
