package sip2

import (
	"context"
	"strconv"
	"strings"

	"github.com/kirjasto/kirjasto/internal/library"
)

// This file has the patron's messages: status (23), information (63),
// block (01), enable (25) and fee paid (37).

// policySource is implemented by stores that keep the circulation policy.
type policySource interface {
	Policy(ctx context.Context) (library.Policy, error)
}

// policy returns the consortium's circulation policy, for the limits a
// kiosk shows; the store applies it whatever the kiosk is told.
func (s *Server) policy(ctx context.Context) (library.Policy, error) {
	for _, src := range []any{s.cfg.Circulation, s.cfg.Store} {
		if ps, ok := src.(policySource); ok {
			return ps.Policy(ctx)
		}
	}
	return library.DefaultPolicy(), nil
}

// account is a patron's loans, holds and open fees, as the kiosk shows them.
type account struct {
	patronAt
	pol   library.Policy
	loans []library.Loan
	holds []library.Hold
	fees  []library.Fee // open fees only
	owed  int64
}

func (s *session) account(ctx context.Context, pa patronAt) (account, error) {
	a := account{patronAt: pa}
	var err error
	if a.pol, err = s.srv.policy(ctx); err != nil {
		return a, err
	}
	circ := s.srv.cfg.Circulation
	if a.loans, err = circ.Loans(ctx, pa.ID); err != nil {
		return a, err
	}
	if a.holds, err = circ.Holds(ctx, pa.ID); err != nil {
		return a, err
	}
	fees, err := circ.Fees(ctx, pa.ID)
	if err != nil {
		return a, err
	}
	for _, f := range fees {
		if f.PaidAt.IsZero() {
			a.fees = append(a.fees, f)
			a.owed += f.Amount
		}
	}
	return a, nil
}

// valid reports whether the card may be used at all.
func (a account) valid() bool { return a.ClosedAt.IsZero() }

// blockKey is the message key of why the patron may not borrow, or "".
func (a account) blockKey() string {
	switch {
	case !a.valid():
		return "error.account_closed"
	case a.BlockReason != "":
		return "error.patron_blocked"
	case a.pol.BlockThreshold > 0 && a.owed > a.pol.BlockThreshold:
		return "error.patron_blocked_fees"
	}
	return ""
}

// status is the 14-character patron status of the account.
func (a account) status() PatronStatus {
	var st PatronStatus
	if a.blockKey() != "" {
		st[PatronChargeDenied], st[PatronRenewalDenied], st[PatronRecallDenied], st[PatronHoldDenied] = true, true, true, true
	}
	if a.pol.BlockThreshold > 0 && a.owed > a.pol.BlockThreshold {
		st[PatronExcessiveFines] = true
	}
	if a.pol.MaxLoans > 0 && len(a.loans) >= a.pol.MaxLoans {
		st[PatronTooManyCharged], st[PatronChargeDenied] = true, true
	}
	if a.pol.MaxHolds > 0 && len(a.holds) >= a.pol.MaxHolds {
		st[PatronHoldDenied] = true
	}
	return st
}

// screen is what the kiosk shows first: a PIN refused, else a block.
func (s *session) screen(a account) []string {
	switch {
	case a.pinErr != nil:
		return []string{s.errorText(a.pinErr)}
	case a.blockKey() != "":
		return []string{s.text(a.blockKey(), nil)}
	}
	return nil
}

// patronStatus answers 23.
func (s *session) patronStatus(ctx context.Context, r *PatronStatusRequest) (Body, error) {
	pa, err := s.patron(ctx, r.PatronID, r.PatronPassword)
	s.setLanguage(r.Language)
	if err != nil {
		return nil, err
	}
	return s.statusResponse(ctx, pa, r.InstitutionID)
}

// statusResponse is the patron status (24) of 23 and 01.
func (s *session) statusResponse(ctx context.Context, pa patronAt, ao string) (Body, error) {
	a, err := s.account(ctx, pa)
	if err != nil {
		return nil, err
	}
	return &PatronStatusResponse{Status: a.status(), Language: sipLanguage(s.language()), TransactionDate: s.now(),
		InstitutionID: ao, PatronID: a.CardNumber, PersonalName: a.Name, ValidPatron: a.valid(),
		ValidPassword: a.pinOK, Currency: "EUR", FeeAmount: amount(a.owed), ScreenMessage: s.screen(a)}, nil
}

// patronInformation answers 63. The counts are for anyone holding the
// card; the lists and contact details only after the PIN.
func (s *session) patronInformation(ctx context.Context, r *PatronInformationRequest) (Body, error) {
	pa, err := s.patron(ctx, r.PatronID, r.PatronPassword)
	s.setLanguage(r.Language)
	if err != nil {
		return nil, err
	}
	a, err := s.account(ctx, pa)
	if err != nil {
		return nil, err
	}
	now := s.srv.now()
	var overdue, charged, ready, waiting []string
	for _, l := range a.loans {
		charged = append(charged, l.Barcode)
		if l.Overdue(now) {
			overdue = append(overdue, l.Barcode)
		}
	}
	for _, h := range a.holds {
		if h.Status == library.HoldReady {
			ready = append(ready, s.holdName(ctx, h))
		} else {
			waiting = append(waiting, s.holdName(ctx, h))
		}
	}
	resp := &PatronInformationResponse{Status: a.status(), Language: sipLanguage(s.language()), TransactionDate: s.now(),
		HoldItemsCount: len(ready), OverdueItemsCount: len(overdue), ChargedItemsCount: len(charged),
		FineItemsCount: len(a.fees), UnavailableHoldsCount: len(waiting),
		InstitutionID: r.InstitutionID, PatronID: a.CardNumber, PersonalName: a.Name,
		HoldItemsLimit: limit(a.pol.MaxHolds), ChargedItemsLimit: limit(a.pol.MaxLoans),
		ValidPatron: a.valid(), ValidPassword: a.pinOK, Currency: "EUR", FeeAmount: amount(a.owed),
		FeeLimit: amount(a.pol.BlockThreshold), ScreenMessage: s.screen(a)}
	if !a.pinOK {
		return resp, nil
	}
	resp.HomeAddress = strings.TrimSpace(strings.Join([]string{a.Street, a.PostalCode, a.City}, " "))
	resp.Email, resp.HomePhone = a.Email, a.Phone
	from, to := page(r.StartItem, r.EndItem)
	switch r.Summary {
	case HoldItems:
		resp.HoldItems = window(ready, from, to)
	case OverdueItems:
		resp.OverdueItems = window(overdue, from, to)
	case ChargedItems:
		resp.ChargedItems = window(charged, from, to)
	case FineItems:
		var fines []string
		for _, f := range a.fees {
			fines = append(fines, s.feeLine(ctx, f))
		}
		resp.FineItems = window(fines, from, to)
	case UnavailableHoldItems:
		resp.UnavailableHoldItems = window(waiting, from, to)
	}
	return resp, nil
}

// holdName names a hold in a list: its copy's barcode once it has one,
// else the title it waits for.
func (s *session) holdName(ctx context.Context, h library.Hold) string {
	if h.ItemBarcode != "" {
		return h.ItemBarcode
	}
	return s.title(ctx, h.RecordID)
}

// feeLine is one fee in the fine items list: its ID first, which a kiosk
// may send back as the fee identifier (CG) of Fee Paid, then the amount
// and what it is for.
func (s *session) feeLine(ctx context.Context, f library.Fee) string {
	what := s.text("fee."+f.Kind, nil)
	if f.RecordID != 0 {
		what += ": " + s.title(ctx, f.RecordID)
	}
	return strconv.FormatInt(f.ID, 10) + " " + s.money(f.Amount) + " " + what
}

// page reads the 1-based start and end items of 63 (BP, BQ); a missing or
// bad value means from the first or to the last.
func page(start, end string) (from, to int) {
	from, err := strconv.Atoi(strings.TrimSpace(start))
	if err != nil || from < 1 {
		from = 1
	}
	to, err = strconv.Atoi(strings.TrimSpace(end))
	if err != nil || to < from {
		to = int(^uint(0) >> 1)
	}
	return from, to
}

// window returns items from..to (1-based, inclusive) of list.
func window(list []string, from, to int) []string {
	if from > len(list) {
		return nil
	}
	return list[from-1 : min(to, len(list))]
}

// limit is a patron limit as SIP2 sends it: at most 9999, and none (0)
// is left out.
func limit(n int) int { return min(max(n, 0), 9999) }

// amount writes euro cents as SIP2 amounts are written: "12.50".
func amount(cents int64) string {
	sign := ""
	if cents < 0 {
		sign, cents = "-", -cents
	}
	return sign + strconv.FormatInt(cents/100, 10) + "." + strconv.FormatInt(cents%100/10, 10) + strconv.FormatInt(cents%10, 10)
}

// parseAmount reads an amount a kiosk sends, "2.50" or "2,50", in cents.
func parseAmount(v string) (int64, bool) {
	v = strings.ReplaceAll(strings.TrimSpace(v), ",", ".")
	whole, frac, _ := strings.Cut(v, ".")
	if len(frac) > 2 || whole == "" {
		return 0, false
	}
	frac += strings.Repeat("0", 2-len(frac))
	e, err1 := strconv.ParseUint(whole, 10, 31)
	c, err2 := strconv.ParseUint(frac, 10, 8)
	if err1 != nil || err2 != nil {
		return 0, false
	}
	return int64(e)*100 + int64(c), true
}

// blockPatron answers 01 with the patron's status (24) after the block.
func (s *session) blockPatron(ctx context.Context, r *BlockPatron) (Body, error) {
	pa, err := s.patron(ctx, r.PatronID, "")
	if err != nil {
		return nil, err
	}
	reason := r.BlockedCardMessage
	if reason == "" && r.CardRetained {
		reason = "card retained by kiosk " + s.kiosk.Login
	}
	if err := s.srv.cfg.Kiosks.BlockCard(ctx, pa.ID, reason, s.actor(pa.ID), s.srv.now()); err != nil {
		return nil, err
	}
	if pa.Patron, err = s.srv.cfg.Patrons.Patron(ctx, pa.ID); err != nil {
		return nil, err
	}
	return s.statusResponse(ctx, pa, r.InstitutionID)
}

// patronEnable answers 25: a block a kiosk set is lifted for the card's
// owner, who proves it with the PIN. Without the right PIN the card is
// still named valid (BL) and the PIN not (CQ), as in Patron Status, and
// the block stays.
func (s *session) patronEnable(ctx context.Context, r *PatronEnable) (Body, error) {
	pa, err := s.patron(ctx, r.PatronID, r.PatronPassword)
	if err != nil {
		return nil, err
	}
	pinErr := pa.needPIN()
	if pinErr == nil {
		if pa.Patron, err = s.srv.cfg.Kiosks.EnableCard(ctx, pa.ID, s.actor(pa.ID), s.srv.now()); err != nil {
			return nil, err
		}
	}
	a, err := s.account(ctx, pa)
	if err != nil {
		return nil, err
	}
	msg := s.screen(a)
	switch {
	case pinErr != nil:
		msg = []string{s.errorText(pinErr)}
	case msg == nil:
		msg = []string{s.text("sip2.enabled", nil)}
	}
	return &PatronEnableResponse{Status: a.status(), Language: sipLanguage(s.language()), TransactionDate: s.now(),
		InstitutionID: r.InstitutionID, PatronID: a.CardNumber, PersonalName: a.Name, ValidPatron: a.valid(),
		ValidPassword: a.pinOK, ScreenMessage: msg}, nil
}

// feePaid answers 37. The kiosk has taken the money; Kirjasto records
// it against the fee named (CG) or, without one, against all open fees.
// The amount must match exactly: the store records whole fees, not
// instalments, and a kiosk must not take more than is owed.
func (s *session) feePaid(ctx context.Context, r *FeePaid) (Body, error) {
	pa, err := s.patron(ctx, r.PatronID, r.PatronPassword)
	if err != nil {
		return nil, err
	}
	a, err := s.account(ctx, pa)
	if err != nil {
		return nil, err
	}
	resp := &FeePaidResponse{TransactionDate: s.now(), InstitutionID: r.InstitutionID, PatronID: a.CardNumber,
		TransactionID: r.TransactionID}
	var ids []int64
	var due int64
	for _, f := range a.fees {
		if r.FeeID == "" || r.FeeID == strconv.FormatInt(f.ID, 10) {
			ids, due = append(ids, f.ID), due+f.Amount
		}
	}
	paid, ok := parseAmount(r.FeeAmount)
	switch {
	case len(ids) == 0:
		resp.ScreenMessage = []string{s.text("sip2.fee_none", nil)}
	case !ok || (r.Currency != "" && r.Currency != "EUR") || paid != due:
		resp.ScreenMessage = []string{s.text("sip2.fee_amount", map[string]any{"Amount": s.money(due)})}
	default:
		if err := s.srv.cfg.Circulation.PayFees(ctx, pa.ID, ids, s.actor(pa.ID), s.srv.now()); err != nil {
			return nil, err
		}
		resp.PaymentAccepted = true
		resp.ScreenMessage = []string{s.text("sip2.fee_paid", map[string]any{"Amount": s.money(due)})}
	}
	return resp, nil
}
