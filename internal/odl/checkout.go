package odl

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/kirjasto/kirjasto/internal/library"
)

// Status is a Readium License Status Document: the state of one loan at
// the distributor.
type Status struct {
	ID      string
	Status  string // StatusReady, StatusActive, StatusReturned, ...
	Message string
	// End is the loan's potential end (potential_rights.end); zero
	// when the distributor gives none.
	End     time.Time
	Updated time.Time
	Links   []StatusLink
}

// StatusLink is a link of a License Status Document.
type StatusLink struct {
	Rel, Href, Type string
	Templated       bool
}

// The states of a License Status Document.
const (
	StatusReady     = "ready"
	StatusActive    = "active"
	StatusReturned  = "returned"
	StatusExpired   = "expired"
	StatusRevoked   = "revoked"
	StatusCancelled = "cancelled"
)

// Link returns the document's first link with rel, if any.
func (s Status) Link(rel string) (StatusLink, bool) {
	for _, l := range s.Links {
		if l.Rel == rel {
			return l, true
		}
	}
	return StatusLink{}, false
}

// Licence is the link the patron's reading app opens: the (LCP) licence
// of the loan.
func (s Status) Licence() (StatusLink, bool) { return s.Link("license") }

// Self is the document's own address, which the loan keeps
// (library.ELoan.StatusURL) for its return.
func (s Status) Self() string {
	l, _ := s.Link("self")
	return l.Href
}

// Open reports whether the loan is still the patron's.
func (s Status) Open() bool { return s.Status == StatusReady || s.Status == StatusActive }

type wireStatus struct {
	ID      string `json:"id"`
	Status  string `json:"status"`
	Message string `json:"message"`
	Updated struct {
		License string `json:"license"`
		Status  string `json:"status"`
	} `json:"updated"`
	Links []struct {
		Rel       json.RawMessage `json:"rel"`
		Href      string          `json:"href"`
		Type      string          `json:"type"`
		Templated bool            `json:"templated"`
	} `json:"links"`
	PotentialRights struct {
		End string `json:"end"`
	} `json:"potential_rights"`
}

func decodeStatus(body []byte) (Status, error) {
	var w wireStatus
	if err := json.Unmarshal(body, &w); err != nil {
		return Status{}, fmt.Errorf("not a License Status Document: %w", err)
	}
	if w.ID == "" || w.Status == "" {
		return Status{}, fmt.Errorf("a License Status Document without id or status")
	}
	s := Status{ID: w.ID, Status: w.Status, Message: w.Message}
	if w.PotentialRights.End != "" {
		end, err := parseDate(w.PotentialRights.End)
		if err != nil {
			return Status{}, fmt.Errorf("potential_rights.end %q: %w", w.PotentialRights.End, err)
		}
		s.End = end
	}
	if t, err := parseDate(w.Updated.Status); err == nil {
		s.Updated = t
	}
	for _, l := range w.Links {
		for _, rel := range stringsOf(l.Rel) {
			s.Links = append(s.Links, StatusLink{Rel: rel, Href: l.Href, Type: l.Type, Templated: l.Templated})
		}
	}
	return s, nil
}

// CheckoutRequest is what a checkout tells the distributor, by the names
// of ODL's checkout link template.
type CheckoutRequest struct {
	// CheckoutID identifies the checkout (the loan's ID); the same ID
	// again gets the same loan back, so a retry never takes two places.
	CheckoutID string
	// PatronID is a pseudonymous identifier of the patron: never a card
	// number or a name.
	PatronID string
	// Expires is when the loan should end; zero leaves it to the
	// licence's terms when the template lets it be left out.
	Expires time.Time
	// NotificationURL is where the distributor may tell of changes.
	NotificationURL string
	// Passphrase (hashed), Hint and HintURL are for LCP-protected
	// publications, when the template asks for them.
	Passphrase, Hint, HintURL string
}

// Checkout creates a loan on the licence through its checkout link and
// returns the loan's License Status Document. A refusal is a
// *library.Error: ECONFLICT error.odl_unavailable (no checkouts left or
// every concurrent place taken), ECONFLICT error.odl_expired, or
// error.odl_refused / error.odl_unreachable otherwise.
func (c *Client) Checkout(ctx context.Context, l library.Licence, r CheckoutRequest) (Status, error) {
	if l.CheckoutURL == "" {
		return Status{}, &library.Error{Code: library.EINVALID, Key: KeyRefused, Message: "the licence has no checkout link"}
	}
	vars := map[string]string{"id": l.Identifier, "checkout_id": r.CheckoutID, "patron_id": r.PatronID}
	set := func(name, v string) {
		if v != "" {
			vars[name] = v
		}
	}
	if !r.Expires.IsZero() {
		set("expires", r.Expires.UTC().Format(time.RFC3339))
	}
	set("notification_url", r.NotificationURL)
	set("passphrase", r.Passphrase)
	set("hint", r.Hint)
	set("hint_url", r.HintURL)
	// ODL: id, checkout_id and patron_id are always required; expires,
	// hint, hint_url and passphrase are required when the template names
	// them.
	named := templateVars(l.CheckoutURL)
	for _, name := range []string{"id", "checkout_id", "patron_id", "expires", "hint", "hint_url", "passphrase"} {
		required := name == "id" || name == "checkout_id" || name == "patron_id" || named[name]
		if required && vars[name] == "" {
			return Status{}, &library.Error{Code: library.EINVALID, Key: KeyRefused,
				Message: fmt.Sprintf("the checkout needs %s", name)}
		}
	}
	target, err := expand(l.CheckoutURL, vars)
	if err != nil {
		return Status{}, &library.Error{Code: library.EINVALID, Key: KeyRefused, Message: err.Error()}
	}
	// A 303 for a checkout made before is followed (as a GET) by the
	// HTTP client to the document it points at.
	status, _, body, err := c.do(ctx, http.MethodPost, target, TypeStatus)
	if err != nil {
		return Status{}, err
	}
	if status != http.StatusCreated && status != http.StatusOK {
		return Status{}, refusal("the checkout of licence "+l.Identifier, status, body)
	}
	s, err := decodeStatus(body)
	if err != nil {
		return Status{}, &library.Error{Code: library.EINTERNAL, Key: KeyUnreachable, Message: "the checkout: " + err.Error()}
	}
	// The licence link goes to the patron and the self link is kept for
	// the return: both must be web addresses.
	if l, ok := s.Licence(); !ok || !library.WebURL(l.Href) || !library.WebURL(s.Self()) {
		return Status{}, &library.Error{Code: library.EINTERNAL, Key: KeyUnreachable,
			Message: "the checkout's status document has no absolute license and self links"}
	}
	return s, nil
}

// LoanStatus reads a loan's License Status Document.
func (c *Client) LoanStatus(ctx context.Context, statusURL string) (Status, error) {
	status, _, body, err := c.do(ctx, http.MethodGet, statusURL, TypeStatus)
	if err != nil {
		return Status{}, err
	}
	if status != http.StatusOK {
		return Status{}, refusal("the loan's status", status, body)
	}
	s, err := decodeStatus(body)
	if err != nil {
		return Status{}, &library.Error{Code: library.EINTERNAL, Key: KeyUnreachable, Message: err.Error()}
	}
	return s, nil
}

// Return ends a loan early through the "return" link of its License
// Status Document (a PUT, as LSD says). A loan already over (returned,
// expired, revoked or cancelled) is not an error: its document is
// returned as it stands. Where the link's template asks for a device's
// id and name (LSD's), the Client names itself: "kirjasto", "Kirjasto".
func (c *Client) Return(ctx context.Context, statusURL string) (Status, error) {
	s, err := c.LoanStatus(ctx, statusURL)
	if err != nil {
		return Status{}, err
	}
	if !s.Open() {
		return s, nil
	}
	l, ok := s.Link("return")
	if !ok {
		return Status{}, &library.Error{Code: library.ECONFLICT, Key: KeyNoReturn,
			Message: "the loan's status document offers no return"}
	}
	target := l.Href
	if l.Templated || strings.Contains(target, "{") {
		if target, err = expand(l.Href, map[string]string{"name": "Kirjasto", "id": "kirjasto"}); err != nil {
			return Status{}, &library.Error{Code: library.EINTERNAL, Key: KeyUnreachable, Message: err.Error()}
		}
	}
	status, _, body, err := c.do(ctx, http.MethodPut, target, TypeStatus)
	if err != nil {
		return Status{}, err
	}
	if status != http.StatusOK {
		return Status{}, refusal("the return", status, body)
	}
	after, err := decodeStatus(body)
	if err != nil {
		return Status{}, &library.Error{Code: library.EINTERNAL, Key: KeyUnreachable, Message: "the return: " + err.Error()}
	}
	return after, nil
}

// Renew extends an open loan to end through the "renew" link of its
// License Status Document (a PUT, as LSD says). A document without the
// link, or an end past the loan's potential rights, is refused with
// KeyNoRenew; the distributor's own refusal comes back as for a checkout.
func (c *Client) Renew(ctx context.Context, statusURL string, end time.Time) (Status, error) {
	s, err := c.LoanStatus(ctx, statusURL)
	if err != nil {
		return Status{}, err
	}
	l, ok := s.Link("renew")
	if !s.Open() || !ok {
		return Status{}, &library.Error{Code: library.ECONFLICT, Key: KeyNoRenew,
			Message: "the loan's status document offers no renewal"}
	}
	if !s.End.IsZero() && end.After(s.End) {
		return Status{}, &library.Error{Code: library.ECONFLICT, Key: KeyNoRenew,
			Message: "the renewal would end after the loan's potential rights"}
	}
	target, err := expand(l.Href, map[string]string{"end": end.UTC().Format(time.RFC3339), "name": "Kirjasto", "id": "kirjasto"})
	if err != nil {
		return Status{}, &library.Error{Code: library.EINTERNAL, Key: KeyUnreachable, Message: err.Error()}
	}
	status, _, body, err := c.do(ctx, http.MethodPut, target, TypeStatus)
	if err != nil {
		return Status{}, err
	}
	if status != http.StatusOK {
		return Status{}, refusal("the renewal", status, body)
	}
	after, err := decodeStatus(body)
	if err != nil {
		return Status{}, &library.Error{Code: library.EINTERNAL, Key: KeyUnreachable, Message: "the renewal: " + err.Error()}
	}
	return after, nil
}

// Info is a License Info Document: how a licence stands now.
type Info struct {
	Identifier string
	Status     string // InfoAvailable, InfoUnavailable or InfoPreorder
	// Left is how many checkouts are left and Available how many
	// concurrent places are free; Unlimited (-1) when the document
	// leaves them out, as it does for a licence without such a limit.
	Left, Available int
	Active          []ActiveLoan
	Expires         time.Time // the terms' expiry, when the document repeats it
}

// ActiveLoan is one loan a License Info Document lists.
type ActiveLoan struct {
	ID, PatronID, Href string
	Expires            time.Time
}

// Licence info states.
const (
	InfoAvailable   = "available"
	InfoUnavailable = "unavailable"
	InfoPreorder    = "preorder"
)

// Unlimited stands for a count a licence does not limit.
const Unlimited = -1

// LicenceInfo reads a licence's License Info Document (its "self" link,
// library.Licence.StatusURL).
func (c *Client) LicenceInfo(ctx context.Context, infoURL string) (Info, error) {
	var w struct {
		Identifier string `json:"identifier"`
		Status     string `json:"status"`
		Checkouts  struct {
			Left      *int `json:"left"`
			Available *int `json:"available"`
			Active    []struct {
				ID       string `json:"id"`
				PatronID string `json:"patron_id"`
				Href     string `json:"href"`
				Expires  string `json:"expires"`
			} `json:"active"`
		} `json:"checkouts"`
		Terms struct {
			Expires string `json:"expires"`
		} `json:"terms"`
	}
	if err := c.getJSON(ctx, "the licence info", infoURL, TypeLicenceInfo, &w); err != nil {
		return Info{}, err
	}
	if w.Identifier == "" || w.Status == "" {
		return Info{}, &library.Error{Code: library.EINTERNAL, Key: KeyUnreachable,
			Message: "a License Info Document without identifier or status"}
	}
	in := Info{Identifier: w.Identifier, Status: w.Status, Left: Unlimited, Available: Unlimited}
	if w.Checkouts.Left != nil {
		in.Left = *w.Checkouts.Left
	}
	if w.Checkouts.Available != nil {
		in.Available = *w.Checkouts.Available
	}
	for _, a := range w.Checkouts.Active {
		e, _ := parseDate(a.Expires)
		in.Active = append(in.Active, ActiveLoan{ID: a.ID, PatronID: a.PatronID, Href: a.Href, Expires: e})
	}
	if w.Terms.Expires != "" {
		in.Expires, _ = parseDate(w.Terms.Expires)
	}
	return in, nil
}

// Apply brings a licence's counts up to date from its info document:
// the checkouts left and its state.
func (in Info) Apply(l library.Licence, now time.Time) library.Licence {
	if in.Left != Unlimited && l.CheckoutsTotal > 0 {
		l.Checkouts = in.Left
	}
	switch {
	case !l.Expires.IsZero() && !now.Before(l.Expires):
		l.Status = library.LicenceExpired
	case l.CheckoutsTotal > 0 && l.Checkouts <= 0:
		l.Status = library.LicenceUsedUp
	case in.Status == InfoUnavailable && in.Available != 0:
		// Unavailable with places free: the distributor withdrew it.
		l.Status = library.LicenceWithdrawn
	default:
		l.Status = library.LicenceActive
	}
	return l
}
