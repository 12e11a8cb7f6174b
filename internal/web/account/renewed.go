package account

import (
	"net/http"
	"net/url"
	"strings"

	"github.com/kirjasto/kirjasto/internal/library"
	"github.com/kirjasto/kirjasto/internal/web"
)

// Renewing answers with a redirect to the loans page (post, redirect,
// get), so that reloading the answer does not renew again. The outcome of
// each renewal — renewed, or the reason it was refused — is not stored
// anywhere, so it rides along in a short-lived cookie that the next page
// shows once and clears. The loans table itself shows the new due dates
// whether or not the cookie arrives.

// renewedCookie carries renewal outcomes across the redirect.
const renewedCookie = "renewed"

// maxRenewedCookie keeps the cookie under the 4,096 bytes browsers keep;
// outcomes past it are left out of the message, not out of the table.
const maxRenewedCookie = 3500

// renewedOK marks the renewals that went through; refusals are filed
// under their message key.
const renewedOK = "ok"

// setRenewed keeps renewal results for the page the redirect goes to.
func (s *server) setRenewed(w http.ResponseWriter, r *http.Request, results []library.RenewResult) {
	v := url.Values{}
	for _, rr := range results {
		key := renewedOK
		if rr.Err != nil {
			key = s.ErrorKey(s.Lang(r), rr.Err)
		}
		v.Add(key, rr.Barcode)
		if len(v.Encode()) > maxRenewedCookie {
			v[key] = v[key][:len(v[key])-1]
			break
		}
	}
	http.SetCookie(w, &http.Cookie{
		Name: renewedCookie, Value: v.Encode(), Path: "/account", MaxAge: 300,
		HttpOnly: true, Secure: s.Secure(r), SameSite: http.SameSiteLaxMode,
	})
}

// takeRenewed returns the renewal outcomes the request carries, by
// barcode, and clears them so that they are shown once.
func (s *server) takeRenewed(w http.ResponseWriter, r *http.Request) map[string]string {
	c, err := r.Cookie(renewedCookie)
	if err != nil {
		return nil
	}
	http.SetCookie(w, &http.Cookie{Name: renewedCookie, Path: "/account", MaxAge: -1,
		HttpOnly: true, Secure: s.Secure(r), SameSite: http.SameSiteLaxMode})
	v, err := url.ParseQuery(c.Value)
	if err != nil {
		return nil
	}
	out := map[string]string{}
	for key, barcodes := range v {
		for _, b := range barcodes {
			out[b] = key
		}
	}
	return out
}

// renewedViews words the outcomes carried over for the loans shown: a
// barcode that is no longer on loan, or a key that is not a message of
// ours, says nothing, so a forged cookie cannot put words in our mouth.
func (s *server) renewedViews(lang string, loans []web.LoanView, outcomes map[string]string) []web.RenewView {
	var out []web.RenewView
	for _, l := range loans {
		key, ok := outcomes[l.Barcode]
		if !ok {
			continue
		}
		v := web.RenewView{Barcode: l.Barcode, Title: l.Title}
		switch {
		case key == renewedOK:
			v.OK = true
			v.Message = s.I18n().T(lang, "account.renew.ok", map[string]any{"Date": l.DueText})
		case strings.HasPrefix(key, "error.") && s.I18n().Has(lang, key):
			v.Message = s.I18n().T(lang, key, nil)
		default:
			continue
		}
		out = append(out, v)
	}
	return out
}
