package account

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"net/http"
	"strings"

	"github.com/kirjasto/kirjasto/internal/identity"
	"github.com/kirjasto/kirjasto/internal/library"
	"github.com/kirjasto/kirjasto/internal/web"
)

// Online self-registration and strong identification.
//
// Anyone may open a provisional account here with the PIN they choose:
// it may reserve a few titles and use e-content, not borrow, until it is
// confirmed at a desk with an ID or, when the site has an OpenID Connect
// provider, at once by strong identification. A child's card is opened
// at a library with a guardian (the store refuses it here).
//
// The identification runs from the signed-in account: the registration
// itself never waits on the provider, and no PIN ever sits in a cookie
// while the person is away at the provider. The Flow (state, nonce, PKCE
// verifier) is kept in a cookie sealed (AES-GCM) under a key derived
// from the patron's session token, which only this browser and the
// server know: it cannot be read, forged or carried to another session.
// It lives ten minutes, is HttpOnly, and is deleted before Finish, so it
// is used once.

func (s *server) registerRoutes(mux *http.ServeMux) {
	page := func(pattern string, h web.HandlerFunc) { mux.Handle(pattern, s.Wrap(h, false)) }
	page("GET /register", s.serveRegister)
	page("POST /register", s.postRegister)
	page("GET /account/confirm", s.RequirePatron(s.serveConfirm))
	page("POST /account/confirm/identify", s.RequirePatron(s.postIdentify))
	page("GET /account/confirm/callback", s.RequirePatron(s.serveIdentifyCallback))
	page("GET /pin/first", s.serveFirstPIN)
	page("POST /pin/first", s.postFirstPIN)
}

// registerData is the registration form's own data.
type registerData struct {
	Libraries []option
	Langs     []option
	Identity  bool // the site offers strong identification
	MaxHolds  int
}

// registerFields are the form's fields kept when it comes back.
var registerFields = []string{"family", "given", "birth", "street", "postal", "city", "email", "phone", "lang", "library"}

func (s *server) registerForm(r *http.Request, values map[string]string) (*web.Form, error) {
	lang := s.Lang(r)
	libs, _, err := s.Consortium(r.Context())
	if err != nil {
		return nil, err
	}
	d := &registerData{Identity: s.Identity() != nil, MaxHolds: library.MaxProvisionalHolds}
	for _, l := range libs {
		d.Libraries = append(d.Libraries, option{Value: l.ID, Label: web.TextIn(l.Name, lang)})
	}
	for _, code := range s.I18n().Languages() {
		d.Langs = append(d.Langs, option{Value: code, Label: web.LangText{Text: s.I18n().T(code, "meta.name", nil), Lang: code}})
	}
	return &web.Form{Action: "/register", Values: values, Data: d}, nil
}

func (s *server) serveRegister(w http.ResponseWriter, r *http.Request) error {
	f, err := s.registerForm(r, map[string]string{"lang": s.Lang(r)})
	if err != nil {
		return err
	}
	s.RenderForm(w, r, http.StatusOK, "register", "register.title", f)
	return nil
}

// registerField names the field a refusal of SelfRegister is about.
func registerField(key string) string {
	switch key {
	case "error.name_required":
		return "family"
	case "error.birth_date_required", "error.birth_date", "error.child_online", "error.category_age":
		return "birth"
	case "error.phone_format":
		return "phone"
	case "error.email_format", "error.email_required":
		return "email"
	case "error.lang":
		return "lang"
	case "error.library_unknown", "error.card_range_missing", "error.card_range_full":
		return "library"
	case "error.pin_format":
		return "pin"
	}
	return ""
}

func (s *server) postRegister(w http.ResponseWriter, r *http.Request) error {
	if err := web.ReadForm(w, r); err != nil {
		return err
	}
	lang := s.Lang(r)
	values := map[string]string{}
	for _, k := range registerFields {
		values[k] = strings.TrimSpace(r.PostFormValue(k))
	}
	f, err := s.registerForm(r, values)
	if err != nil {
		return err
	}
	fail := func(status int, field, msg string) error {
		if field == "" {
			f.Alert = msg
		} else {
			f.Fail(field, msg)
		}
		s.RenderForm(w, r, status, "register", "register.title", f)
		return nil
	}
	reg := library.Registration{
		FamilyName: values["family"], GivenNames: values["given"], Street: values["street"],
		PostalCode: values["postal"], City: values["city"], Email: values["email"], Phone: values["phone"],
		Lang: values["lang"], HomeLibrary: values["library"],
	}
	if values["birth"] == "" {
		return fail(http.StatusBadRequest, "birth", s.Tr(r, "error.birth_date_required"))
	}
	if reg.BirthDate, err = library.ParseDate(values["birth"]); err != nil {
		return fail(http.StatusBadRequest, "birth", s.Tr(r, "error.birth_date"))
	}
	pin, pin2 := r.PostFormValue("pin"), r.PostFormValue("pin2")
	if pin != pin2 {
		return fail(http.StatusBadRequest, "pin2", s.Tr(r, "auth.pin_mismatch"))
	}
	if !s.AllowAttempt(w, r) {
		return fail(http.StatusTooManyRequests, "", s.Tr(r, "error.too_many_attempts"))
	}
	p, err := s.patronDesk().SelfRegister(r.Context(), reg, pin, nil, s.Now())
	if err != nil {
		code := library.ErrorCode(err)
		if code != library.EINVALID && code != library.ECONFLICT {
			return err
		}
		return fail(web.HTTPStatus(code), registerField(library.ErrorKey(err)), s.ErrorText(lang, err))
	}
	if err := s.StartSession(w, r, p.ID, 0); err != nil {
		return err
	}
	http.Redirect(w, r, "/account/confirm?done=registered", http.StatusSeeOther)
	return nil
}

// patronDesk is the store's registration side; the store implements it.
func (s *server) patronDesk() library.PatronDesk {
	d, _ := s.Patrons().(library.PatronDesk)
	return d
}

// confirmPage tells a patron their account's state and how to confirm it.
type confirmPage struct {
	Card        string
	Provisional bool
	Identity    bool
	MaxHolds    int
	Done        string
	Alert       string
}

func (s *server) serveConfirm(w http.ResponseWriter, r *http.Request) error {
	p, ok := s.CurrentPatron(r)
	if !ok {
		return library.Errorf(library.EUNAUTHORIZED, "not signed in")
	}
	pg := &confirmPage{Card: p.CardNumber, Provisional: p.Provisional, Identity: s.Identity() != nil,
		MaxHolds: library.MaxProvisionalHolds}
	switch r.URL.Query().Get("done") {
	case "registered":
		pg.Done = s.Tr(r, "register.done")
	case "identified":
		pg.Done = s.Tr(r, "register.identified")
	}
	web.NoStore(w)
	s.Render(w, r, http.StatusOK, "register_confirm", s.Tr(r, "register.confirm.title"), pg)
	return nil
}

// identifyCookie holds the sealed Flow of an identification under way.
const identifyCookie = "kirjasto_identify"

func (s *server) postIdentify(w http.ResponseWriter, r *http.Request) error {
	idp := s.Identity()
	if idp == nil {
		return library.Errorf(library.ENOTFOUND, "no strong identification configured")
	}
	u, flow := idp.Start()
	sealed, err := sealFlow(r, flow)
	if err != nil {
		return err
	}
	http.SetCookie(w, &http.Cookie{Name: identifyCookie, Value: sealed, Path: "/account/confirm/",
		MaxAge: 600, HttpOnly: true, SameSite: http.SameSiteLaxMode, Secure: s.Secure(r)})
	http.Redirect(w, r, u, http.StatusSeeOther)
	return nil
}

func (s *server) serveIdentifyCallback(w http.ResponseWriter, r *http.Request) error {
	idp := s.Identity()
	p, ok := s.CurrentPatron(r)
	if idp == nil || !ok {
		return library.Errorf(library.ENOTFOUND, "no strong identification configured")
	}
	// Forget the flow before using it: it is good for one try.
	http.SetCookie(w, &http.Cookie{Name: identifyCookie, Value: "", Path: "/account/confirm/", MaxAge: -1,
		HttpOnly: true, SameSite: http.SameSiteLaxMode, Secure: s.Secure(r)})
	var err error = errIdentityFailed
	var flow identity.Flow
	if c, cerr := r.Cookie(identifyCookie); cerr == nil {
		flow, err = openFlow(r, c.Value)
	}
	var id library.StrongIdentity
	if err == nil {
		id, err = idp.Finish(r.Context(), flow, r.URL.Query())
	}
	if err == nil {
		err = s.patronDesk().ConfirmIdentity(r.Context(), p.ID, id, s.Now())
	}
	if err != nil {
		code := library.ErrorCode(err)
		if code == library.EINTERNAL {
			return err
		}
		s.Logger().Info("strong identification failed", "patron", p.ID, "err", err)
		pg := &confirmPage{Card: p.CardNumber, Provisional: p.Provisional, Identity: true,
			MaxHolds: library.MaxProvisionalHolds, Alert: s.ErrorText(s.Lang(r), err)}
		web.NoStore(w)
		s.Render(w, r, web.HTTPStatus(code), "register_confirm", s.Tr(r, "register.confirm.title"), pg)
		return nil
	}
	http.Redirect(w, r, "/account/confirm?done=identified", http.StatusSeeOther)
	return nil
}

// errIdentityFailed is a callback without a flow of this session.
var errIdentityFailed = &library.Error{Code: library.EUNAUTHORIZED, Key: "error.identity_failed", Message: "identity: no flow for this session"}

// flowAEAD is the cipher that seals a flow for the request's session.
func flowAEAD(r *http.Request) (cipher.AEAD, error) {
	c, err := r.Cookie(web.PatronCookie)
	if err != nil || c.Value == "" {
		return nil, errIdentityFailed
	}
	key := sha256.Sum256([]byte("kirjasto identify flow\x00" + c.Value))
	block, err := aes.NewCipher(key[:])
	if err != nil {
		return nil, err
	}
	return cipher.NewGCM(block)
}

func sealFlow(r *http.Request, f identity.Flow) (string, error) {
	aead, err := flowAEAD(r)
	if err != nil {
		return "", err
	}
	plain, err := json.Marshal(f)
	if err != nil {
		return "", err
	}
	nonce := make([]byte, aead.NonceSize())
	rand.Read(nonce)
	return base64.RawURLEncoding.EncodeToString(aead.Seal(nonce, nonce, plain, nil)), nil
}

func openFlow(r *http.Request, sealed string) (identity.Flow, error) {
	var f identity.Flow
	aead, err := flowAEAD(r)
	if err != nil {
		return f, err
	}
	b, err := base64.RawURLEncoding.DecodeString(sealed)
	if err != nil || len(b) < aead.NonceSize() {
		return f, errIdentityFailed
	}
	plain, err := aead.Open(nil, b[:aead.NonceSize()], b[aead.NonceSize():], nil)
	if err != nil {
		return f, errIdentityFailed
	}
	if err := json.Unmarshal(plain, &f); err != nil {
		return f, errIdentityFailed
	}
	return f, nil
}
