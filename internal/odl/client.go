package odl

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/kirjasto/kirjasto/internal/library"
)

// Client talks to one distributor: it reads its feed and checks its
// licences out and back in. ODL asks distributors to protect the feed and
// checkouts with Basic authentication or a bearer token; the Client sends
// whichever is set (only to Host, when that is set), and never puts
// credentials (or a checkout's query, which names the patron) in an error.
type Client struct {
	// Distributor is the distributor's ID, as configured; it goes into
	// every licence and record source ID the Client reads.
	Distributor string
	// Username and Password are for Basic authentication; Token, when
	// set, is sent as a bearer token instead.
	Username, Password, Token string
	// HTTP is the client to use; nil is one with Timeout.
	HTTP *http.Client
	// Timeout bounds each request when HTTP is nil; 0 is 30 seconds.
	Timeout time.Duration
	// MaxPages bounds how many pages of a feed are read; 0 is 10,000.
	MaxPages int
	// Host, when set, is the only host credentials are sent to (a
	// feed may link elsewhere, to covers or downloads); "" sends them
	// with every request.
	Host string
}

// maxDocument bounds one document read from a distributor.
const maxDocument = 64 << 20

func (c *Client) httpClient() *http.Client {
	if c.HTTP != nil {
		return c.HTTP
	}
	t := c.Timeout
	if t == 0 {
		t = 30 * time.Second
	}
	return &http.Client{Timeout: t}
}

// do sends a request with the distributor's credentials and returns the
// answer's status, headers and body.
func (c *Client) do(ctx context.Context, method, rawURL, accept string) (int, http.Header, []byte, error) {
	req, err := http.NewRequestWithContext(ctx, method, rawURL, nil)
	if err != nil {
		return 0, nil, nil, fmt.Errorf("%s %s: %w", method, redact(rawURL), err)
	}
	req.Header.Set("Accept", accept)
	req.Header.Set("User-Agent", "Kirjasto ODL client")
	if c.Host == "" || req.URL.Host == c.Host {
		switch {
		case c.Token != "":
			req.Header.Set("Authorization", "Bearer "+c.Token)
		case c.Username != "":
			req.SetBasicAuth(c.Username, c.Password)
		}
	}
	resp, err := c.httpClient().Do(req)
	if err != nil {
		return 0, nil, nil, &library.Error{Code: library.EINTERNAL, Key: KeyUnreachable,
			Message: fmt.Sprintf("%s %s: %v", method, redact(rawURL), unwrapURLError(err))}
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, maxDocument))
	if err != nil {
		return 0, nil, nil, &library.Error{Code: library.EINTERNAL, Key: KeyUnreachable,
			Message: fmt.Sprintf("%s %s: reading the answer: %v", method, redact(rawURL), err)}
	}
	return resp.StatusCode, resp.Header, body, nil
}

// redact drops a URL's query, user information and fragment: they may
// carry a patron's identifier, a passphrase or a token.
func redact(raw string) string {
	u, err := url.Parse(strings.SplitN(raw, "{", 2)[0])
	if err != nil {
		return "(an unreadable URL)"
	}
	u.RawQuery, u.Fragment, u.User = "", "", nil
	return u.String()
}

// unwrapURLError keeps the cause of a *url.Error, whose text repeats the
// whole URL.
func unwrapURLError(err error) error {
	if ue, ok := err.(*url.Error); ok {
		return ue.Err
	}
	return err
}

// problemDetails is an RFC 7807 answer, as ODL's failures are.
type problemDetails struct {
	Type   string `json:"type"`
	Title  string `json:"title"`
	Detail string `json:"detail"`
	Status int    `json:"status"`
}

// ODL's problem types for a refused checkout.
const (
	ProblemGeneric     = "http://opds-spec.org/odl/error"
	ProblemExpired     = "http://opds-spec.org/odl/error/checkout/expired"
	ProblemUnavailable = "http://opds-spec.org/odl/error/checkout/unavailable"
	problemCheckout    = "http://opds-spec.org/odl/error/checkout/"
)

// Keys of the client's errors (library.ErrorKey), in odl.toml.
const (
	// KeyUnavailable: the licence has no checkouts left or all its
	// concurrent places are taken (ECONFLICT).
	KeyUnavailable = "error.odl_unavailable"
	// KeyExpired: the licence has expired (ECONFLICT).
	KeyExpired = "error.odl_expired"
	// KeyRefused: the distributor refused for another reason (EINVALID
	// for a 4xx, EINTERNAL for a 5xx).
	KeyRefused = "error.odl_refused"
	// KeyUnreachable: no answer, or not one that can be read (EINTERNAL).
	KeyUnreachable = "error.odl_unreachable"
	// KeyNoReturn: the loan's status document offers no return.
	KeyNoReturn = "error.odl_no_return"
	// KeyNoRenew: the loan's status document offers no renewal, or none
	// as long as asked (ECONFLICT).
	KeyNoRenew = "error.odl_no_renew"
)

// refusal turns a distributor's error answer into a library.Error.
func refusal(what string, status int, body []byte) error {
	var p problemDetails
	_ = json.Unmarshal(body, &p)
	msg := fmt.Sprintf("%s: HTTP %d %s %s", what, status, p.Type, p.Title)
	switch {
	case p.Type == ProblemUnavailable:
		return &library.Error{Code: library.ECONFLICT, Key: KeyUnavailable, Message: msg}
	case p.Type == ProblemExpired:
		return &library.Error{Code: library.ECONFLICT, Key: KeyExpired, Message: msg}
	case status == http.StatusNotFound:
		return &library.Error{Code: library.ENOTFOUND, Key: KeyRefused, Message: msg}
	case status >= 400 && status < 500:
		return &library.Error{Code: library.EINVALID, Key: KeyRefused, Message: msg}
	}
	return &library.Error{Code: library.EINTERNAL, Key: KeyRefused, Message: msg}
}

// getJSON reads a JSON document into v.
func (c *Client) getJSON(ctx context.Context, what, rawURL, accept string, v any) error {
	status, _, body, err := c.do(ctx, http.MethodGet, rawURL, accept)
	if err != nil {
		return err
	}
	if status != http.StatusOK {
		return refusal(what, status, body)
	}
	if err := json.Unmarshal(body, v); err != nil {
		return &library.Error{Code: library.EINTERNAL, Key: KeyUnreachable,
			Message: fmt.Sprintf("%s %s: %v", what, redact(rawURL), err)}
	}
	return nil
}
