package account

import (
	"context"
	"net/http"
	"strings"
	"time"

	"github.com/kirjasto/kirjasto/internal/library"
	"github.com/kirjasto/kirjasto/internal/notice"
	"github.com/kirjasto/kirjasto/internal/web"
)

// Pages of a signed-in patron's own details (PIN, contact details,
// preferences, messages) and the staff's view of the outbox.

func (s *server) serveChangePIN(w http.ResponseWriter, r *http.Request) error {
	f := &web.Form{Action: "/account/pin"}
	if r.URL.Query().Get("done") == "changed" { // after postChangePIN's redirect
		f.Done = s.Tr(r, "auth.pin.done")
	}
	s.RenderForm(w, r, http.StatusOK, "pin_change", "auth.pin.title", f)
	return nil
}

func (s *server) postChangePIN(w http.ResponseWriter, r *http.Request) error {
	if err := web.ParseForm(w, r); err != nil {
		return err
	}
	p, _ := s.CurrentPatron(r)
	f := &web.Form{Action: "/account/pin"}
	old, pin, again := r.PostFormValue("old"), r.PostFormValue("pin"), r.PostFormValue("pin2")
	if old == "" {
		f.Fail("old", s.Tr(r, "auth.pin_required"))
	}
	if pin != again {
		f.Fail("pin2", s.Tr(r, "auth.pin_mismatch"))
	}
	if f.Errors != nil {
		s.RenderForm(w, r, http.StatusBadRequest, "pin_change", "auth.pin.title", f)
		return nil
	}
	err := s.Patrons().ChangePIN(r.Context(), p.ID, old, pin, s.Now())
	if err == nil { // post, redirect, get: a reload does not post again
		// The new PIN ended every session of the patron, this one too:
		// this browser proved the old PIN, so it gets a fresh one.
		if err := s.StartSession(w, r, p.ID, 0); err != nil {
			return err
		}
		http.Redirect(w, r, "/account/pin?done=changed", http.StatusSeeOther)
		return nil
	}
	switch key := library.ErrorKey(err); key {
	case "error.pin_format":
		f.Fail("pin", s.Tr(r, key))
	case "error.pin_wrong":
		f.Fail("old", s.Tr(r, key))
	case "error.card_locked", "error.signin_busy":
		web.LockRetryAfter(w, err)
		f.Alert = s.ErrorMessage(s.Lang(r), key, err)
	default:
		return err
	}
	s.RenderForm(w, r, web.HTTPStatus(library.ErrorCode(err)), "pin_change", "auth.pin.title", f)
	return nil
}

// profileData is the extra data of the profile form: the choices.
type profileData struct {
	Branches []option
	Langs    []option
	Channels []option
}

// option is a select's choice; Label is marked with its language when
// it may differ from the page's, as a branch's Finnish name may.
type option struct {
	Value string
	Label web.LangText
}

func (s *server) profileChoices(r *http.Request) (profileData, error) {
	lang := s.Lang(r)
	var d profileData
	branches, err := s.Store().Branches(r.Context())
	if err != nil {
		return d, err
	}
	d.Branches = append(d.Branches, option{"", web.LangText{Text: s.Tr(r, "auth.profile.pickup_ask"), Lang: lang}})
	for _, b := range branches {
		d.Branches = append(d.Branches, option{b.ID, web.TextIn(b.Name, lang)})
	}
	for _, l := range s.I18n().Languages() {
		d.Langs = append(d.Langs, option{l, web.LangText{Text: s.I18n().T(l, "meta.name", nil), Lang: l}})
	}
	for _, c := range []string{library.ChannelEmail, library.ChannelSMS, library.ChannelAccount} {
		d.Channels = append(d.Channels, option{c, web.LangText{Text: s.Tr(r, "auth.channel."+c), Lang: lang}})
	}
	return d, nil
}

func profileValues(p library.Patron) map[string]string {
	return map[string]string{
		"email": p.Email, "phone": p.Phone, "street": p.Street, "postal_code": p.PostalCode,
		"city": p.City, "lang": p.Lang, "channel": p.NoticeChannel, "pickup": p.PickupBranch,
	}
}

func (s *server) serveProfile(w http.ResponseWriter, r *http.Request) error {
	p, _ := s.CurrentPatron(r)
	d, err := s.profileChoices(r)
	if err != nil {
		return err
	}
	f := &web.Form{Action: "/account/profile", Values: profileValues(p), Data: d}
	if r.URL.Query().Get("saved") == "1" {
		f.Done = s.Tr(r, "auth.profile.saved")
	}
	s.RenderForm(w, r, http.StatusOK, "profile", "auth.profile.title", f)
	return nil
}

// profileField names the form field an UpdatePatron error belongs to.
var profileField = map[string]string{
	"error.email_format":   "email",
	"error.email_required": "email",
	"error.phone_required": "phone",
	"error.lang":           "lang",
	"error.channel":        "channel",
}

func (s *server) postProfile(w http.ResponseWriter, r *http.Request) error {
	if err := web.ParseForm(w, r); err != nil {
		return err
	}
	p, _ := s.CurrentPatron(r)
	get := func(k string) string { return strings.TrimSpace(r.PostFormValue(k)) }
	p.Email, p.Phone, p.Street, p.PostalCode, p.City = get("email"), get("phone"), get("street"), get("postal_code"), get("city")
	p.Lang, p.NoticeChannel, p.PickupBranch = get("lang"), get("channel"), get("pickup")
	d, err := s.profileChoices(r)
	if err != nil {
		return err
	}
	if p.PickupBranch != "" && !hasOption(d.Branches, p.PickupBranch) {
		p.PickupBranch = ""
	}
	err = s.Patrons().UpdatePatron(r.Context(), p)
	if err == nil {
		http.Redirect(w, r, "/account/profile?saved=1", http.StatusSeeOther)
		return nil
	}
	key := library.ErrorKey(err)
	field, ok := profileField[key]
	if !ok {
		return err
	}
	f := &web.Form{Action: "/account/profile", Values: profileValues(p), Data: d}
	f.Fail(field, s.Tr(r, key))
	s.RenderForm(w, r, http.StatusBadRequest, "profile", "auth.profile.title", f)
	return nil
}

func hasOption(opts []option, v string) bool {
	for _, o := range opts {
		if o.Value == v {
			return true
		}
	}
	return false
}

// message is a notice as a page shows it.
type message struct {
	ID      int64
	Kind    string
	Channel string
	Subject string
	Body    string
	Created time.Time
	// Delivery says what became of the e-mail or text message; the
	// patron is told when it was not sent, and why.
	Delivery     string
	DeliveryText string
	Unread       bool
}

// messages renders notices as notice.Render does for e-mail: branch names
// and dates in lang, and the values isolated from the sentence around them.
func (s *server) messages(ctx context.Context, lang string, ns []library.Notice) []message {
	out := make([]message, 0, len(ns))
	for _, n := range ns {
		subject, body := notice.Render(ctx, cachedBranches{s}, s.I18n(), lang, n)
		out = append(out, message{
			ID: n.ID, Kind: n.Kind, Channel: n.Channel, Created: n.Created,
			Subject: subject, Body: body,
			Delivery: n.Delivery, DeliveryText: s.DeliveryText(lang, n.Channel, n.Delivery, false), Unread: n.ReadAt.IsZero(),
		})
	}
	return out
}

// cachedBranches finds branches in the server's consortium cache, so that
// a page of messages does not ask the database once a message.
type cachedBranches struct{ s *server }

func (c cachedBranches) Branch(ctx context.Context, id string) (library.Branch, error) {
	_, branches, err := c.s.Consortium(ctx)
	if err != nil {
		return library.Branch{}, err
	}
	for _, b := range branches {
		if b.ID == id {
			return b, nil
		}
	}
	return library.Branch{}, library.Errorf(library.ENOTFOUND, "no branch %q", id)
}

func (s *server) serveMessages(w http.ResponseWriter, r *http.Request) error {
	p, _ := s.CurrentPatron(r)
	n, err := s.Notices()
	if err != nil {
		return err
	}
	ns, err := n.Notices(r.Context(), p.ID)
	if err != nil {
		return err
	}
	// Shown is seen: marking them read on display needs no extra form,
	// and the page still shows which were new this time.
	if err := n.MarkNoticesRead(r.Context(), p.ID, s.Now()); err != nil {
		return err
	}
	web.NoStore(w)
	s.Render(w, r, http.StatusOK, "messages", s.Tr(r, "auth.messages.title"), s.messages(r.Context(), s.Lang(r), ns))
	return nil
}

// apiMessage is a message in the JSON API.
type apiMessage struct {
	ID      int64     `json:"id"`
	Kind    string    `json:"kind"`
	Subject string    `json:"subject"`
	Body    string    `json:"body"`
	Created time.Time `json:"created"`
	Unread  bool      `json:"unread"`
}

// apiMessages is /account/messages as JSON. Reading them here does not
// mark them read: an app polling for news must not hide them from the page.
func (s *server) apiMessages(w http.ResponseWriter, r *http.Request) error {
	p, _ := s.CurrentPatron(r)
	n, err := s.Notices()
	if err != nil {
		return err
	}
	ns, err := n.Notices(r.Context(), p.ID)
	if err != nil {
		return err
	}
	out := struct {
		Messages []apiMessage `json:"messages"`
	}{Messages: []apiMessage{}}
	for _, m := range s.messages(r.Context(), s.Lang(r), ns) {
		out.Messages = append(out.Messages, apiMessage{m.ID, m.Kind, m.Subject, m.Body, m.Created, m.Unread})
	}
	web.NoStore(w)
	return web.WritePaged(w, r, &out, &out.Messages)
}
