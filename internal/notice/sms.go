package notice

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// SMS sends text messages through an SMS gateway's HTTP API: one JSON
// POST per message, over HTTPS. Gateways differ only in the shape of the
// JSON and in how they authenticate, so both are configured (SMSConfig).
//
// The default shape is GatewayAPI's, a gateway much used in Finland and
// the Nordic countries: POST https://gatewayapi.com/rest/mtsms with
//
//	{"sender": "Kirjasto", "message": "...", "recipients": [{"msisdn": 358401234567}]}
//
// authenticated with the API token as the user name of HTTP Basic
// authentication, answered with 200 and {"ids": [...]} when it accepted
// the message, and with 4xx or 5xx and {"code": ..., "message": ...} when
// not (https://gatewayapi.com/docs/apis/rest/, "Sending SMS Messages" and
// "Authentication").
type SMS struct {
	url    string
	auth   string
	token  string
	sender string
	body   any // the parsed template
	accept string
	client *http.Client
}

// SMSConfig configures an SMS gateway.
type SMSConfig struct {
	// URL is the gateway's endpoint. It must be https, except on loopback
	// (a gateway relay on the same machine, or a test).
	URL string
	// Auth is "basic" (Token is "user:password", or a token alone as the
	// user with no password, as GatewayAPI takes it) or "bearer"
	// (Authorization: Bearer Token). Default: basic when Token is given.
	Auth  string
	Token string // never logged or shown
	// Sender is the name or number the message comes from (GatewayAPI: up
	// to 11 letters and digits).
	Sender string
	// Body is the JSON sent for each message. String values that are
	// exactly "{to}" (the number, +358401234567), "{msisdn}" (the number
	// as a JSON number without the +, 358401234567), "{text}" or
	// "{sender}" are replaced. Default: DefaultSMSBody.
	Body string
	// Accept says how a 2xx answer says the message was accepted: "field"
	// (the JSON answer has a field of that name that is not empty, null,
	// false or 0) or "field=value" (the field has that value). "-" takes
	// any 2xx. Default: "ids", as GatewayAPI answers.
	Accept string
	// Timeout bounds one request. Default: 15 seconds.
	Timeout time.Duration
	// Client is the HTTP client; default: http.DefaultTransport's.
	Client *http.Client
}

// DefaultSMSURL is GatewayAPI's endpoint for sending messages.
const DefaultSMSURL = "https://gatewayapi.com/rest/mtsms"

// DefaultSMSBody is GatewayAPI's request shape.
const DefaultSMSBody = `{"sender": "{sender}", "message": "{text}", "recipients": [{"msisdn": "{msisdn}"}]}`

// NewSMS configures an SMS gateway.
func NewSMS(cfg SMSConfig) (*SMS, error) {
	u, err := url.Parse(cfg.URL)
	if err != nil || u.Host == "" {
		return nil, fmt.Errorf("sms url: not an absolute URL")
	}
	if u.User != nil {
		return nil, fmt.Errorf("sms url %s: give the credentials with the token, not in the URL", u.Redacted())
	}
	if u.Scheme != "https" && !(u.Scheme == "http" && isLoopback(u.Hostname())) {
		return nil, fmt.Errorf("sms url %s: must be https (the token and the patrons' numbers cross the network)", u.Redacted())
	}
	s := &SMS{url: u.String(), auth: cfg.Auth, token: cfg.Token, sender: cfg.Sender, accept: cfg.Accept, client: cfg.Client}
	switch {
	case s.auth == "" && s.token != "":
		s.auth = "basic"
	case s.auth != "" && s.auth != "basic" && s.auth != "bearer":
		return nil, fmt.Errorf("sms auth %q: must be basic or bearer", s.auth)
	case s.auth != "" && s.token == "":
		return nil, fmt.Errorf("sms auth %s: no token", s.auth)
	}
	if s.accept == "" {
		s.accept = "ids"
	}
	tmpl := cfg.Body
	if tmpl == "" {
		tmpl = DefaultSMSBody
	}
	d := json.NewDecoder(strings.NewReader(tmpl))
	d.UseNumber()
	if err := d.Decode(&s.body); err != nil {
		return nil, fmt.Errorf("sms body template: %w", err)
	}
	if !strings.Contains(tmpl, `"{text}"`) || !strings.Contains(tmpl, `"{to}"`) && !strings.Contains(tmpl, `"{msisdn}"`) {
		return nil, fmt.Errorf(`sms body template: needs "{text}" and "{to}" or "{msisdn}"`)
	}
	if s.client == nil {
		timeout := cfg.Timeout
		if timeout == 0 {
			timeout = 15 * time.Second
		}
		s.client = &http.Client{Timeout: timeout}
	}
	return s, nil
}

func isLoopback(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// SendSMS sends text to the number to (E.164, as NormalizePhone gives).
// It returns nil only when the gateway said it accepted the message.
func (s *SMS) SendSMS(ctx context.Context, to, text string) error {
	if !strings.HasPrefix(to, "+") {
		return &RefusedError{Reason: "phone number not in international form"}
	}
	body, err := json.Marshal(fill(s.body, map[string]any{
		"{to}": to, "{msisdn}": json.Number(to[1:]), "{text}": text, "{sender}": s.sender,
	}))
	if err != nil {
		return err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, s.url, bytes.NewReader(body))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept", "application/json")
	switch s.auth {
	case "basic":
		user, pass, _ := strings.Cut(s.token, ":")
		req.SetBasicAuth(user, pass)
	case "bearer":
		req.Header.Set("Authorization", "Bearer "+s.token)
	}
	resp, err := s.client.Do(req)
	if err != nil {
		// The url.Error names the URL; the reason is what went wrong.
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err
		}
		return fmt.Errorf("SMS gateway did not answer: %w", err)
	}
	defer resp.Body.Close()
	answer, _ := io.ReadAll(io.LimitReader(resp.Body, 64<<10))
	if resp.StatusCode/100 == 2 {
		if ok, why := accepted(s.accept, answer); !ok {
			return fmt.Errorf("SMS gateway answered %s without accepting the message: %s", resp.Status, why)
		}
		return nil
	}
	reason := fmt.Sprintf("SMS gateway answered %s: %s", resp.Status, gatewayReason(answer))
	switch resp.StatusCode {
	case http.StatusBadRequest, http.StatusRequestEntityTooLarge, http.StatusUnprocessableEntity:
		// The message itself is wrong (a number the gateway does not
		// take, a text too long): sending it again will not help.
		// Others (401, 403, 404, 429, 5xx) may be a wrong setting or a
		// gateway in trouble, which someone can put right meanwhile.
		return &RefusedError{Reason: reason}
	}
	return errors.New(reason)
}

// fill returns the template v with its placeholders replaced.
func fill(v any, with map[string]any) any {
	switch v := v.(type) {
	case string:
		if r, ok := with[v]; ok {
			return r
		}
		return v
	case []any:
		out := make([]any, len(v))
		for i, e := range v {
			out[i] = fill(e, with)
		}
		return out
	case map[string]any:
		out := make(map[string]any, len(v))
		for k, e := range v {
			out[k] = fill(e, with)
		}
		return out
	}
	return v
}

// accepted reports whether a 2xx answer says the message was accepted,
// as rule (SMSConfig.Accept) reads it, and if not, why not.
func accepted(rule string, answer []byte) (bool, string) {
	if rule == "-" {
		return true, ""
	}
	field, want, hasValue := strings.Cut(rule, "=")
	var m map[string]any
	if err := json.Unmarshal(answer, &m); err != nil {
		return false, "the answer is not a JSON object"
	}
	v, ok := m[field]
	if !ok {
		return false, fmt.Sprintf("no %q in the answer; %s", field, gatewayReason(answer))
	}
	if hasValue {
		if got := fmt.Sprint(v); !strings.EqualFold(got, want) {
			return false, fmt.Sprintf("%s is %q; %s", field, got, gatewayReason(answer))
		}
		return true, ""
	}
	switch v := v.(type) {
	case nil:
		ok = false
	case bool:
		ok = v
	case float64:
		ok = v != 0
	case string:
		ok = v != ""
	case []any:
		ok = len(v) > 0
	case map[string]any:
		ok = len(v) > 0
	}
	if !ok {
		return false, fmt.Sprintf("%s is empty; %s", field, gatewayReason(answer))
	}
	return true, ""
}

// gatewayReason picks the gateway's own words out of an answer: the
// message or error field of a JSON answer, else the start of its text.
func gatewayReason(answer []byte) string {
	var m map[string]any
	if json.Unmarshal(answer, &m) == nil {
		for _, k := range []string{"message", "error", "reason", "detail", "description", "status"} {
			switch v := m[k].(type) {
			case string:
				if v != "" {
					return v
				}
			case map[string]any:
				if msg, ok := v["message"].(string); ok && msg != "" {
					return msg
				}
			}
		}
	}
	text := strings.Join(strings.Fields(string(answer)), " ")
	if text == "" {
		return "no reason given"
	}
	if r := []rune(text); len(r) > 200 {
		text = string(r[:200]) + "…"
	}
	return text
}
