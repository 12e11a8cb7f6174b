package notice_test

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/kirjasto/kirjasto/internal/i18n"
	"github.com/kirjasto/kirjasto/internal/library"
	"github.com/kirjasto/kirjasto/internal/notice"
	"github.com/kirjasto/kirjasto/internal/store"
	"github.com/kirjasto/kirjasto/internal/store/storetest"
)

// gateway is a test SMS gateway speaking GatewayAPI's protocol (POST
// /rest/mtsms, Basic authentication with the token as user, a JSON
// message with recipients' msisdn as numbers; 200 {"ids": [...]}, or an
// error status with {"code", "message"}).
type gateway struct {
	*httptest.Server
	token string

	mu      sync.Mutex
	mode    string // "", "down" (500), "slow" (no answer in time), "empty" (200 without ids)
	got     []gatewayMessage
	refused int64 // an msisdn the gateway calls invalid
	down    int64 // an msisdn it answers 500 for
}

type gatewayMessage struct {
	Sender     string `json:"sender"`
	Message    string `json:"message"`
	Recipients []struct {
		MSISDN json.Number `json:"msisdn"`
	} `json:"recipients"`
}

func startGateway(t *testing.T) *gateway {
	g := &gateway{token: "gw-secret-token", refused: 3584000}
	g.Server = httptest.NewServer(http.HandlerFunc(g.serve))
	t.Cleanup(g.Close)
	return g
}

func (g *gateway) setMode(m string) {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.mode = m
}

func (g *gateway) messages() []gatewayMessage {
	g.mu.Lock()
	defer g.mu.Unlock()
	return append([]gatewayMessage(nil), g.got...)
}

func (g *gateway) serve(w http.ResponseWriter, r *http.Request) {
	answer := func(status int, v any) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(status)
		json.NewEncoder(w).Encode(v)
	}
	g.mu.Lock()
	mode := g.mode
	g.mu.Unlock()
	switch mode {
	case "down":
		answer(http.StatusInternalServerError, map[string]any{"code": "0x0000", "message": "Internal error, try again"})
		return
	case "slow":
		io.Copy(io.Discard, r.Body) // else the server does not notice the client leave
		select {
		case <-r.Context().Done():
		case <-time.After(5 * time.Second):
		}
		return
	}
	if user, _, ok := r.BasicAuth(); !ok || user != g.token {
		answer(http.StatusUnauthorized, map[string]any{"code": "0x0213", "message": "Unauthorized"})
		return
	}
	if r.Method != http.MethodPost || r.URL.Path != "/rest/mtsms" || r.Header.Get("Content-Type") != "application/json" {
		answer(http.StatusNotFound, map[string]any{"message": "no such API"})
		return
	}
	var m gatewayMessage
	d := json.NewDecoder(r.Body)
	d.UseNumber()
	if err := d.Decode(&m); err != nil || m.Message == "" || len(m.Recipients) != 1 {
		answer(http.StatusBadRequest, map[string]any{"code": "0x0202", "message": "Invalid message"})
		return
	}
	n, err := m.Recipients[0].MSISDN.Int64()
	if err != nil || n == g.refused {
		answer(http.StatusBadRequest, map[string]any{"code": "0x0203", "message": "Invalid recipient " + string(m.Recipients[0].MSISDN)})
		return
	}
	if n == g.down {
		answer(http.StatusInternalServerError, map[string]any{"code": "0x0000", "message": "Internal error, try again"})
		return
	}
	if mode == "empty" {
		answer(http.StatusOK, map[string]any{"ids": []int{}})
		return
	}
	g.mu.Lock()
	g.got = append(g.got, m)
	id := len(g.got)
	g.mu.Unlock()
	answer(http.StatusOK, map[string]any{"ids": []int{id}, "usage": map[string]any{"currency": "EUR", "total_cost": 0.04}})
}

func (g *gateway) sms(t *testing.T, token string) *notice.SMS {
	t.Helper()
	s, err := notice.NewSMS(notice.SMSConfig{URL: g.URL + "/rest/mtsms", Token: token, Sender: "Kirjasto", Timeout: 300 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestNormalizePhone(t *testing.T) {
	for in, want := range map[string]string{
		"0401234567":          "+358401234567",
		"040 123 4567":        "+358401234567",
		"040-123 45 67":       "+358401234567",
		"+358 40 123 4567":    "+358401234567",
		"+358 (0)40 123 4567": "+358401234567",
		"00358401234567":      "+358401234567",
		"09 310 85000":        "+358931085000",
		"+46 70 123 45 67":    "+46701234567",
	} {
		if got, err := notice.NormalizePhone(in); got != want || err != nil {
			t.Errorf("NormalizePhone(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	for _, in := range []string{"", "401234567", "040 CALL ME", "+358 0401234567", "040", "+3584012345678901", "+0401234567", "12+34"} {
		got, err := notice.NormalizePhone(in)
		if err == nil {
			t.Errorf("NormalizePhone(%q) = %q, want refused", in, got)
		} else if in != "" && strings.Contains(err.Error(), in) {
			t.Errorf("NormalizePhone(%q): the reason %q repeats the number", in, err)
		}
	}
}

// TestSMSGateway sends through the test gateway: accepted only on 200
// with ids; a refusal (400) is for good, the other failures are not.
func TestSMSGateway(t *testing.T) {
	ctx := context.Background()
	g := startGateway(t)
	s := g.sms(t, g.token)
	if err := s.SendSMS(ctx, "+358401234567", "Laina erääntyy — “Seitsemän veljestä”"); err != nil {
		t.Fatalf("SendSMS: %v", err)
	}
	got := g.messages()
	if len(got) != 1 || got[0].Sender != "Kirjasto" || got[0].Message != "Laina erääntyy — “Seitsemän veljestä”" ||
		got[0].Recipients[0].MSISDN != "358401234567" {
		t.Errorf("the gateway got %+v", got)
	}

	var refused *notice.RefusedError
	for _, tt := range []struct {
		name, mode, token, to, want string
		refused                     bool
	}{
		{"refused number", "", g.token, "+3584000", "Invalid recipient", true},
		{"wrong token", "", "not-the-token", "+358401234567", "401", false},
		{"gateway down", "down", g.token, "+358401234567", "500", false},
		{"timeout", "slow", g.token, "+358401234567", "did not answer", false},
		{"not accepted", "empty", g.token, "+358401234567", "without accepting", false},
		{"not E.164", "", g.token, "0401234567", "international", true},
	} {
		g.setMode(tt.mode)
		err := g.sms(t, tt.token).SendSMS(ctx, tt.to, "x")
		if err == nil || !strings.Contains(err.Error(), tt.want) || errors.As(err, &refused) != tt.refused {
			t.Errorf("%s: %v; want an error saying %q, refused for good %v", tt.name, err, tt.want, tt.refused)
		}
		if err != nil && (strings.Contains(err.Error(), "not-the-token") || strings.Contains(err.Error(), g.token)) {
			t.Errorf("%s: the error %q shows the token", tt.name, err)
		}
	}
	g.setMode("")
	if n := len(g.messages()); n != 1 {
		t.Errorf("the gateway took %d messages, want still 1", n)
	}
}

// TestSMSShapes configures another gateway's shape: bearer token, the
// number as a string, and a status field that says accepted.
func TestSMSShapes(t *testing.T) {
	var got map[string]any
	status := "accepted"
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Authorization") != "Bearer tok" {
			w.WriteHeader(http.StatusForbidden)
			return
		}
		json.NewDecoder(r.Body).Decode(&got)
		json.NewEncoder(w).Encode(map[string]any{"status": status, "reason": "insufficient credit"})
	}))
	defer srv.Close()
	s, err := notice.NewSMS(notice.SMSConfig{URL: srv.URL, Auth: "bearer", Token: "tok", Sender: "Kirjasto",
		Body: `{"sender": "{sender}", "destination": "{to}", "text": "{text}", "flash": false}`, Accept: "status=accepted"})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.SendSMS(context.Background(), "+358401234567", "hei"); err != nil {
		t.Fatal(err)
	}
	want := map[string]any{"sender": "Kirjasto", "destination": "+358401234567", "text": "hei", "flash": false}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("%s = %v, want %v", k, got[k], v)
		}
	}
	status = "rejected"
	if err := s.SendSMS(context.Background(), "+358401234567", "hei"); err == nil || !strings.Contains(err.Error(), "insufficient credit") {
		t.Errorf("a 200 saying rejected: %v; want an error with the gateway's reason", err)
	}
}

func TestNewSMSRefusesBadSettings(t *testing.T) {
	for name, cfg := range map[string]notice.SMSConfig{
		"plain http":       {URL: "http://gateway.example/send", Token: "t"},
		"no url":           {Token: "t"},
		"token in url":     {URL: "https://user:t@gateway.example/send"},
		"unknown auth":     {URL: "https://gateway.example/send", Auth: "digest", Token: "t"},
		"auth no token":    {URL: "https://gateway.example/send", Auth: "bearer"},
		"body without to":  {URL: "https://gateway.example/send", Body: `{"text": "{text}"}`},
		"body not json":    {URL: "https://gateway.example/send", Body: `{"text": "{text}", "to": "{to}"`},
		"body without txt": {URL: "https://gateway.example/send", Body: `{"to": "{to}"}`},
	} {
		if _, err := notice.NewSMS(cfg); err == nil {
			t.Errorf("%s: NewSMS accepted %+v", name, cfg)
		} else if strings.Contains(err.Error(), ":t@") {
			t.Errorf("%s: the error %q shows the token", name, err)
		}
	}
}

// TestDeliverBySMS delivers text-message notices through the test gateway:
// "sent" only when it accepted; while it fails for a number, "waiting"
// with the reason, tried again after each back-off and given up as
// "failed" after the last; a number it refuses, or one that cannot be
// read, "failed" at once, with the reason and without the number. One
// patron's trouble does not hold up the others.
func TestDeliverBySMS(t *testing.T) {
	bundle, err := i18n.New()
	if err != nil {
		t.Fatal(err)
	}
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		g := startGateway(t)
		g.down = 358401234567
		g.refused = 358409999999
		ch := &notice.Channels{SMS: g.sms(t, g.token)}
		down := mkPatron(t, db, "1", "", "fi", library.ChannelSMS)
		var ps []library.Patron
		for card, phone := range map[string]string{"2": "050 123 4567", "3": "040 999 9999", "4": "040 00"} {
			p := mkPatron(t, db, card, "", "fi", library.ChannelSMS)
			p.Phone = phone
			if err := db.UpdatePatron(ctx, p); err != nil {
				t.Fatal(err)
			}
			ps = append(ps, p)
		}
		queue(t, db, append(ps, down)...)
		log := slog.New(slog.DiscardHandler)

		if n, err := notice.Deliver(ctx, db, bundle, ch, now, log); err != nil || n != 1 {
			t.Fatalf("first round: %d sent, %v; want 1", n, err)
		}
		for _, p := range ps {
			out := outboxRow(t, db, p.Name, p.ID)
			switch p.CardNumber {
			case "2":
				if out.Delivery != library.DeliverySent || out.Reason != "" || delivery(t, db, p.ID) != library.DeliverySent {
					t.Errorf("accepted by the gateway: %+v, want sent", out)
				}
			case "3":
				if out.Delivery != library.DeliveryFailed || !strings.Contains(out.Reason, "Invalid recipient") || strings.Contains(out.Reason, "358409999999") {
					t.Errorf("refused by the gateway: %+v; want failed at once with its reason, without the number", out)
				}
			case "4":
				if out.Delivery != library.DeliveryFailed || !strings.Contains(out.Reason, "phone number") || strings.Contains(out.Reason, "040 00") {
					t.Errorf("an unreadable number: %+v; want failed at once, saying why without the number", out)
				}
			}
		}
		msgs := g.messages()
		if len(msgs) != 1 || msgs[0].Recipients[0].MSISDN != "358501234567" || !strings.Contains(msgs[0].Message, "Seitsemän veljestä") ||
			strings.ContainsAny(msgs[0].Message, "\u2068\u2069") {
			t.Errorf("the gateway got %+v; want one message to 358501234567 about the book", msgs)
		}

		at := now
		for try := range len(notice.Backoff) + 1 {
			if try > 0 {
				if n, err := notice.Deliver(ctx, db, bundle, ch, at, log); err != nil || n != 0 {
					t.Fatalf("try %d with the gateway failing: %d sent, %v", try+1, n, err)
				}
			}
			out := outboxRow(t, db, down.Name, down.ID)
			if try == len(notice.Backoff) {
				if out.Delivery != library.DeliveryFailed || !strings.Contains(out.Reason, "Internal error, try again") {
					t.Fatalf("after the last try: %+v; want failed with the gateway's reason", out)
				}
				break
			}
			if out.Delivery != library.DeliveryWaiting || !out.Failed || !strings.Contains(out.Reason, "500") {
				t.Fatalf("try %d: %+v; want waiting with the gateway's 500", try+1, out)
			}
			// Not before the back-off has passed.
			if ns, _ := db.ClaimNotices(ctx, 10, at.Add(notice.Backoff[try]-time.Second)); len(ns) != 0 {
				t.Fatalf("claimable before its back-off: %+v", ns)
			}
			at = at.Add(notice.Backoff[try])
		}
		if got := delivery(t, db, down.ID); got != library.DeliveryFailed {
			t.Errorf("patron's notice after the back-off ran out: %q, want failed", got)
		}
		if n := len(g.messages()); n != 1 {
			t.Errorf("the gateway took %d messages, want 1", n)
		}
	})
}

// outboxRow returns the newest outbox row of a patron.
func outboxRow(t *testing.T, db *store.DB, name string, patronID int64) library.OutboxNotice {
	t.Helper()
	ns, err := db.Notices(context.Background(), patronID)
	if err != nil || len(ns) == 0 {
		t.Fatalf("notices of %d: %v, %v", patronID, ns, err)
	}
	out, err := db.RecentNotices(context.Background(), "", 100)
	if err != nil {
		t.Fatal(err)
	}
	for _, o := range out {
		if o.ID == ns[0].ID {
			return o
		}
	}
	t.Fatalf("notice %d of %s not on the outbox", ns[0].ID, name)
	return library.OutboxNotice{}
}

// slowSMS takes every message, slowly.
type slowSMS struct {
	mu   sync.Mutex
	sent int
}

func (s *slowSMS) SendSMS(ctx context.Context, to, text string) error {
	time.Sleep(40 * time.Millisecond)
	s.mu.Lock()
	defer s.mu.Unlock()
	s.sent++
	return nil
}

// TestSlowBatchGivenBack: a node that takes longer than its budget over a
// claimed batch gives the rest back untried, before its claim could run
// out and another node send them too; they are claimed again at once,
// without losing a try.
func TestSlowBatchGivenBack(t *testing.T) {
	bundle, err := i18n.New()
	if err != nil {
		t.Fatal(err)
	}
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		defer notice.SetBatchBudget(50 * time.Millisecond)()
		ctx := context.Background()
		var ps []library.Patron
		for _, card := range []string{"1", "2", "3", "4"} {
			ps = append(ps, mkPatron(t, db, card, "", "fi", library.ChannelSMS))
		}
		queue(t, db, ps...)
		gw := &slowSMS{}
		log := slog.New(slog.DiscardHandler)
		n, err := notice.Deliver(ctx, db, bundle, &notice.Channels{SMS: gw}, now, log)
		if err != nil || n == 0 || n == len(ps) {
			t.Fatalf("first round: %d sent, %v; want some but not all", n, err)
		}
		left, err := db.ClaimNotices(ctx, 10, now)
		if err != nil || len(left) != len(ps)-n {
			t.Fatalf("claimable after the first round: %d, %v; want the %d given back", len(left), err, len(ps)-n)
		}
		for _, l := range left {
			if l.Attempts != 1 {
				t.Errorf("notice %d given back untried: attempts %d, want 1 (this claim)", l.ID, l.Attempts)
			}
		}
	})
}
