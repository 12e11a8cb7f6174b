package account

import (
	"errors"
	"net/http"
	"strconv"

	"github.com/kirjasto/kirjasto/internal/library"
	"github.com/kirjasto/kirjasto/internal/payment"
	"github.com/kirjasto/kirjasto/internal/web"
)

// Online payment: the fees page posts the chosen fees to /account/payments,
// which creates a pending payment and sends the patron to the provider;
// the provider sends them back to /payment/return with signed parameters,
// and a verified return marks the fees paid and shows the receipt.
//
// /payment/return is a GET that changes state, as providers answer by
// redirect. It is safe because it acts only on a valid signature, is
// idempotent (a replay finds the payment paid and does nothing) and
// needs no session, as a provider's server-to-server callback has none.
// /payment/callback is that callback (Paytrail's callbackUrls): the same
// signed parameters, answered with 200 and no page. It may come before,
// after or instead of the patron's return, and more than once; the
// payment is settled once, whichever comes first.

// paymentRoutes registers online payment. Without a provider the pages
// say that online payment is not available.
func (s *server) paymentRoutes(mux *http.ServeMux) {
	page := func(pattern string, h web.PatronHandler) { mux.Handle(pattern, s.Wrap(s.AsPatron(h), false)) }
	page("POST /account/payments", s.startPayment)
	page("GET /account/payments/{id}/receipt", s.serveReceipt)
	mux.Handle("GET /payment/return", s.Wrap(s.paymentReturn, false))
	mux.Handle("GET /payment/callback", s.Wrap(s.paymentCallback, false))
	if _, ok := s.Payment().(*payment.Test); ok {
		page("GET "+payment.PagePath+"{id}", s.serveTestPayment)
		page("POST "+payment.PagePath+"{id}", s.answerTestPayment)
	}
}

// payments is the store's online payments.
func (s *server) payments() (library.Payments, error) {
	st, ok := s.Store().(library.Payments)
	if !ok || s.Payment() == nil {
		return nil, &library.Error{Code: library.ENOTFOUND, Key: "error.payment_unavailable", Message: "online payment not available"}
	}
	return st, nil
}

// paymentView is a payment as the receipt and the test page show it.
type paymentView struct {
	ID         int64
	Reference  string
	AmountText string
	PaidText   string
	Paid       bool
	Fees       []web.FeeView
}

func (s *server) paymentView(r *http.Request, p library.Payment) paymentView {
	lang := s.Lang(r)
	v := paymentView{ID: p.ID, Reference: p.Reference, AmountText: s.Money(lang, p.Amount),
		Paid: p.Status == library.PaymentPaid, Fees: s.FeeViews(r.Context(), lang, p.Fees)}
	if !p.PaidAt.IsZero() {
		v.PaidText = s.FormatTime(lang, p.PaidAt)
	}
	return v
}

// startPayment creates a payment of the fees chosen (form values "fee")
// and sends the patron to the provider.
func (s *server) startPayment(w http.ResponseWriter, r *http.Request, p library.Patron) error {
	st, err := s.payments()
	if err != nil {
		return err
	}
	var ids []int64
	for _, v := range r.PostForm["fee"] {
		id, err := strconv.ParseInt(v, 10, 64)
		if err != nil || id <= 0 {
			return web.Invalid("error.payment_no_fees", "fee %q", v)
		}
		ids = append(ids, id)
	}
	pay, err := st.StartPayment(r.Context(), p.ID, ids, s.Now())
	if err != nil {
		return err
	}
	to, err := s.Payment().Start(r.Context(), payment.Payment{ID: pay.ID, Amount: pay.Amount, Reference: pay.Reference, ReturnURL: "/payment/return",
		CallbackURL: "/payment/callback", Email: p.Email, Language: s.Lang(r)})
	if err != nil {
		return err
	}
	http.Redirect(w, r, to, http.StatusSeeOther)
	return nil
}

// settlePayment verifies a provider's answer and records it: paid,
// cancelled, or nothing yet when the provider has not decided.
func (s *server) settlePayment(r *http.Request) (payment.Result, error) {
	st, err := s.payments()
	if err != nil {
		return payment.Result{}, err
	}
	res, err := s.Payment().Verify(r.URL.Query())
	if errors.Is(err, payment.ErrSignature) {
		return res, web.Invalid("error.payment_signature", "payment answer: %v", err)
	}
	switch {
	case err != nil, res.Pending:
	case res.Paid:
		_, err = st.CompletePayment(r.Context(), res.PaymentID, res.Amount, s.Now())
	default:
		err = st.FailPayment(r.Context(), res.PaymentID, s.Now())
	}
	return res, err
}

// paymentCallback takes the provider's server-to-server answer.
func (s *server) paymentCallback(w http.ResponseWriter, r *http.Request) error {
	if _, err := s.settlePayment(r); err != nil {
		return err
	}
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Write([]byte("OK\n"))
	return nil
}

// paymentReturn takes the provider's answer that the patron brings back.
func (s *server) paymentReturn(w http.ResponseWriter, r *http.Request) error {
	res, err := s.settlePayment(r)
	if err != nil {
		return err
	}
	if res.Pending {
		s.Render(w, r, http.StatusOK, "payment_pending", s.I18n().T(s.Lang(r), "payment.pending.title", nil), nil)
		return nil
	}
	if !res.Paid {
		lang := s.Lang(r)
		s.Render(w, r, http.StatusOK, "payment_cancelled", s.I18n().T(lang, "payment.cancelled.title", nil), nil)
		return nil
	}
	http.Redirect(w, r, "/account/payments/"+strconv.FormatInt(res.PaymentID, 10)+"/receipt", http.StatusSeeOther)
	return nil
}

// patronPayment returns the signed-in patron's payment the path names.
func (s *server) patronPayment(r *http.Request, p library.Patron) (library.Payment, error) {
	st, err := s.payments()
	if err != nil {
		return library.Payment{}, err
	}
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		return library.Payment{}, &library.Error{Code: library.ENOTFOUND, Key: "error.payment_not_found", Message: "payment id " + r.PathValue("id")}
	}
	return st.Payment(r.Context(), p.ID, id)
}

// serveReceipt is a paid payment's printable receipt.
func (s *server) serveReceipt(w http.ResponseWriter, r *http.Request, p library.Patron) error {
	pay, err := s.patronPayment(r, p)
	if err != nil {
		return err
	}
	if pay.Status != library.PaymentPaid {
		return &library.Error{Code: library.ENOTFOUND, Key: "error.payment_not_found", Message: "payment not paid"}
	}
	s.Render(w, r, http.StatusOK, "payment_receipt", s.I18n().T(s.Lang(r), "payment.receipt.title", nil), s.paymentView(r, pay))
	return nil
}

// serveTestPayment is the test provider's page: the payment with "Pay"
// and "Cancel" buttons.
func (s *server) serveTestPayment(w http.ResponseWriter, r *http.Request, p library.Patron) error {
	pay, err := s.patronPayment(r, p)
	if err != nil {
		return err
	}
	if pay.Status != library.PaymentPending {
		return &library.Error{Code: library.ECONFLICT, Key: "error.payment_done", Message: "payment not pending"}
	}
	s.Render(w, r, http.StatusOK, "payment_test", s.I18n().T(s.Lang(r), "payment.test.title", nil), s.paymentView(r, pay))
	return nil
}

// answerTestPayment sends the patron back from the test provider with a
// signed answer, as a real provider would.
func (s *server) answerTestPayment(w http.ResponseWriter, r *http.Request, p library.Patron) error {
	t, _ := s.Payment().(*payment.Test)
	pay, err := s.patronPayment(r, p)
	if err != nil {
		return err
	}
	v := t.Answer(payment.Result{PaymentID: pay.ID, Amount: pay.Amount, Reference: pay.Reference, Paid: r.PostForm.Get("action") == "pay"})
	http.Redirect(w, r, "/payment/return?"+v.Encode(), http.StatusSeeOther)
	return nil
}
