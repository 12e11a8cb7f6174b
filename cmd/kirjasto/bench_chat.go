package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/coder/websocket"
	"github.com/spf13/cobra"

	"github.com/kirjasto/kirjasto/internal/demo"
	"github.com/kirjasto/kirjasto/internal/web"
)

// bench chat measures the live chat's delivery through a running
// server's real endpoints (issue 16, point 7): it opens --chats chats as
// residents, a librarian takes them all, and every chat then talks both
// ways over WebSocket, each message stored by the server before it is
// delivered. The latency of a message is from the moment its sender
// writes it to its socket to the moment the other side's socket has it.

type benchChatOptions struct {
	url       string
	chats     int
	duration  time.Duration
	think     time.Duration
	staff     string
	password  string
	seed      uint64
	library   string
	perSocket int
	forwarded bool
	allDay    bool
}

func newBenchChatCmd() *cobra.Command {
	var o benchChatOptions
	cmd := &cobra.Command{
		Use:   "chat",
		Short: "Measure the live chat's delivery: many open chats over WebSocket against a running server",
		Long: `chat signs a librarian in to a running server (--url), puts them on duty,
opens --chats chats as residents (POST /chat), takes every one, and
connects each resident's WebSocket and the librarian's (one console
socket for every --per-socket chats, as several console tabs). Then every
chat talks for --duration: the resident writes, waits until the
librarian's socket has the message, the librarian answers, waits until the
resident's socket has it, and after about --think (at random between half
and one and a half of it) the next round begins. It prints the messages
delivered a second and the delivery latency (50th, 90th and 99th
percentile and worst), per direction, and ends the chats.

Against kirjasto demo (its staff's passwords follow from --seed):

    kirjasto demo --data /tmp/demo --addr 127.0.0.1:8080 --behind-proxy &
    kirjasto bench chat --url http://127.0.0.1:8080 --forwarded --all-day

--forwarded gives every resident an address of its own in
X-Forwarded-For, which a server run with --behind-proxy believes: from
one address, the limit on opening chats would stop the run after ten.
--all-day first sets the queue's chat hours to the whole day, so that the
run does not depend on the time of day.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return benchChat(cmd.Context(), cmd.OutOrStdout(), o)
		},
	}
	f := cmd.Flags()
	f.StringVar(&o.url, "url", "http://127.0.0.1:8080", "the server's address")
	f.IntVar(&o.chats, "chats", 500, "chats open at once")
	f.DurationVar(&o.duration, "duration", 60*time.Second, "how long the chats talk")
	// Two messages a round every 2.5 s keeps a resident at 24 a minute,
	// under library.ChatMessagesPerMinute.
	f.DurationVar(&o.think, "think", 2500*time.Millisecond, "the pause between one chat's rounds, on average")
	f.StringVar(&o.staff, "staff", "helsinki-staff", "the librarian's username")
	f.StringVar(&o.password, "password", "", "the librarian's password (default: the demo's, from --seed)")
	f.Uint64Var(&o.seed, "seed", 1, "the demo's seed, for its staff's passwords")
	f.StringVar(&o.library, "library", "helsinki", "the library whose queue the chats join")
	f.IntVar(&o.perSocket, "per-socket", 10, "chats a librarian's console socket watches")
	f.BoolVar(&o.forwarded, "forwarded", false, "give each resident its own X-Forwarded-For address (for a server run with --behind-proxy)")
	f.BoolVar(&o.allDay, "all-day", false, "set the queue's chat hours to the whole day first")
	return cmd
}

// benchChatRun is one run's state.
type benchChatRun struct {
	o      benchChatOptions
	base   string
	client *http.Client
	staff  string // the librarian's session cookie, "name=value"

	mu       sync.Mutex
	toStaff  latencies // resident → librarian
	toRes    latencies // librarian → resident
	lost     atomic.Int64
	refusals atomic.Int64
}

// chatBench is one open chat of the bench.
type chatBench struct {
	id      int64
	cookie  string // the resident's secret, "chat_ID=value"
	addr    string // the resident's X-Forwarded-For
	res     *websocket.Conn
	console *websocket.Conn // the librarian's socket that watches it
	// got receives the text of each message the other side's socket
	// delivered: atStaff what the librarian's socket got from the
	// resident, atRes what the resident's got from the librarian.
	atStaff, atRes chan string
}

func benchChat(ctx context.Context, w io.Writer, o benchChatOptions) error {
	if o.chats < 1 || o.perSocket < 1 {
		return errors.New("--chats and --per-socket must be positive")
	}
	if o.password == "" {
		var err error
		if o.password, err = demoStaffPassword(o.seed, o.staff); err != nil {
			return err
		}
	}
	r := &benchChatRun{o: o, base: strings.TrimSuffix(o.url, "/"), client: &http.Client{
		Timeout:       30 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
		Transport:     &http.Transport{MaxIdleConnsPerHost: 64},
	}}
	if err := r.signIn(ctx); err != nil {
		return err
	}
	if o.allDay {
		if err := r.setAllDay(ctx); err != nil {
			return err
		}
	}
	if err := r.post(ctx, "/admin/chat/duty", r.staff, "", url.Values{"on": {"1"}}); err != nil {
		return fmt.Errorf("go on duty: %w", err)
	}
	start := time.Now()
	chats, err := r.open(ctx)
	defer r.end(context.WithoutCancel(ctx), chats)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "%s: %d chats opened, taken and connected in %.1f s\n", o.url, len(chats), time.Since(start).Seconds())

	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var wg sync.WaitGroup
	for _, c := range chats {
		wg.Go(func() { r.readResident(ctx, c) })
	}
	for i := 0; i < len(chats); i += o.perSocket {
		wg.Go(func() { r.readConsole(ctx, chats[i].console, chats[i:min(i+o.perSocket, len(chats))]) })
	}
	talkCtx, stopTalk := context.WithTimeout(ctx, o.duration)
	defer stopTalk()
	var talkers sync.WaitGroup
	start = time.Now()
	for _, c := range chats {
		talkers.Go(func() { r.talk(talkCtx, c) })
	}
	talkers.Wait()
	elapsed := time.Since(start)
	cancel()
	for _, c := range chats {
		c.res.CloseNow()
		c.console.CloseNow()
	}
	wg.Wait()

	r.mu.Lock()
	defer r.mu.Unlock()
	fmt.Fprintf(w, "%d chats talked for %.0f s (think %v), load average %s\n\n", len(chats), elapsed.Seconds(), o.think, loadAverage())
	fmt.Fprintln(w, "| direction | messages | per second | p50 | p90 | p99 | worst |")
	fmt.Fprintln(w, "| --- | --- | --- | --- | --- | --- | --- |")
	var all latencies
	all.merge(&r.toStaff)
	all.merge(&r.toRes)
	for _, k := range []struct {
		name string
		l    *latencies
	}{{"resident → librarian", &r.toStaff}, {"librarian → resident", &r.toRes}, {"both", &all}} {
		res := k.l.result(k.name, elapsed)
		fmt.Fprintf(w, "| %s | %d | %.0f | %.1f ms | %.1f ms | %.1f ms | %.1f ms |\n", k.name, res.Count, res.PerSec,
			res.P50, percentile(k.l, 0.90), res.P99, res.Max)
	}
	fmt.Fprintf(w, "\nlost (not delivered within 10 s): %d; refused by the server: %d\n", r.lost.Load(), r.refusals.Load())
	return nil
}

// demoStaffPassword returns the password of the demo's staff account
// username in the demo of seed.
func demoStaffPassword(seed uint64, username string) (string, error) {
	_, staff := demo.Patrons(seed)
	for _, s := range staff {
		if s.Staff.Username == username {
			return s.Password, nil
		}
	}
	return "", fmt.Errorf("no demo account %q: give --password", username)
}

// percentile reads p from l, which result has sorted.
func percentile(l *latencies, p float64) float64 {
	if len(l.d) == 0 {
		return 0
	}
	i := max(0, min(int(p*float64(len(l.d))+0.5)-1, len(l.d)-1))
	return ms(l.d[i])
}

// signIn signs the librarian in and keeps the session's cookie.
func (r *benchChatRun) signIn(ctx context.Context) error {
	resp, err := r.do(ctx, http.MethodPost, "/staff/signin", "", "", url.Values{"username": {r.o.staff}, "password": {r.o.password}})
	if err != nil {
		return err
	}
	for _, c := range resp.Cookies() {
		if c.Name == web.StaffCookie && c.Value != "" {
			r.staff = c.Name + "=" + c.Value
			return nil
		}
	}
	return fmt.Errorf("sign in as %s: %s, no session", r.o.staff, resp.Status)
}

// setAllDay opens the queue's chat from 00:00 to 23:59 every day.
func (r *benchChatRun) setAllDay(ctx context.Context) error {
	form := url.Values{"queue": {r.o.library}}
	for d := range 7 {
		form.Set(fmt.Sprintf("open-%d-0", d), "00:00")
		form.Set(fmt.Sprintf("close-%d-0", d), "23:59")
	}
	if err := r.post(ctx, "/admin/chat/hours", r.staff, "", form); err != nil {
		return fmt.Errorf("set the chat hours: %w", err)
	}
	return nil
}

var chatPath = regexp.MustCompile(`^/chat/(\d+)$`)

// open opens, takes and connects the chats, a few at a time.
func (r *benchChatRun) open(ctx context.Context) ([]*chatBench, error) {
	chats := make([]*chatBench, r.o.chats)
	errs := make(chan error, r.o.chats)
	sem := make(chan struct{}, 16)
	var wg sync.WaitGroup
	for i := range chats {
		wg.Go(func() {
			sem <- struct{}{}
			defer func() { <-sem }()
			c, err := r.openOne(ctx, i)
			if err != nil {
				errs <- err
				return
			}
			chats[i] = c
		})
	}
	wg.Wait()
	close(errs)
	var opened []*chatBench
	for _, c := range chats {
		if c != nil {
			opened = append(opened, c)
		}
	}
	if err := <-errs; err != nil {
		return opened, err
	}
	// The librarian's console sockets, each watching its chats.
	for i := 0; i < len(opened); i += r.o.perSocket {
		conn, err := r.dial(ctx, "/admin/chat/ws", r.staff, "")
		if err != nil {
			return opened, fmt.Errorf("the console's socket: %w", err)
		}
		for _, c := range opened[i:min(i+r.o.perSocket, len(opened))] {
			c.console = conn
			if err := sendFrame(ctx, conn, map[string]any{"type": "watch", "chat": c.id}); err != nil {
				return opened, err
			}
		}
	}
	return opened, nil
}

// openOne opens chat i as a resident, has the librarian take it and
// connects the resident's socket.
func (r *benchChatRun) openOne(ctx context.Context, i int) (*chatBench, error) {
	c := &chatBench{atStaff: make(chan string, 16), atRes: make(chan string, 16)}
	if r.o.forwarded {
		c.addr = fmt.Sprintf("10.%d.%d.%d", i>>16&255, i>>8&255, i&255+1)
	}
	resp, err := r.do(ctx, http.MethodPost, "/chat", "", c.addr, url.Values{
		"name": {fmt.Sprintf("Bench %d", i)}, "library": {r.o.library}, "text": {"Hei!"}})
	if err != nil {
		return nil, err
	}
	m := chatPath.FindStringSubmatch(resp.Header.Get("Location"))
	if resp.StatusCode != http.StatusSeeOther || m == nil {
		return nil, fmt.Errorf("open chat %d: %s to %q (is the chat open? --all-day; from one address? --forwarded)",
			i, resp.Status, resp.Header.Get("Location"))
	}
	c.id, _ = strconv.ParseInt(m[1], 10, 64)
	for _, k := range resp.Cookies() {
		if k.Name == "chat_"+m[1] {
			c.cookie = k.Name + "=" + k.Value
		}
	}
	if c.cookie == "" {
		return nil, fmt.Errorf("open chat %d: no secret cookie", c.id)
	}
	if err := r.post(ctx, "/admin/chat/"+m[1]+"/take", r.staff, "", nil); err != nil {
		return nil, fmt.Errorf("take chat %d: %w", c.id, err)
	}
	if c.res, err = r.dial(ctx, "/chat/"+m[1]+"/ws", c.cookie, c.addr); err != nil {
		return nil, fmt.Errorf("chat %d's socket: %w", c.id, err)
	}
	return c, nil
}

// end ends the chats as the librarian and goes off duty.
func (r *benchChatRun) end(ctx context.Context, chats []*chatBench) {
	sem := make(chan struct{}, 16)
	var wg sync.WaitGroup
	for _, c := range chats {
		wg.Go(func() {
			sem <- struct{}{}
			defer func() { <-sem }()
			r.post(ctx, fmt.Sprintf("/admin/chat/%d/end", c.id), r.staff, "", nil)
		})
	}
	wg.Wait()
	r.post(ctx, "/admin/chat/duty", r.staff, "", url.Values{"on": {"0"}})
}

// talk runs chat c's rounds until ctx ends.
func (r *benchChatRun) talk(ctx context.Context, c *chatBench) {
	// Start at a random moment of the first pause, so that the chats do
	// not talk in step.
	if !sleep(ctx, time.Duration(rand.Int64N(int64(r.o.think)+1))) {
		return
	}
	for seq := 0; ; seq++ {
		if !r.say(ctx, c, c.res, nil, c.atStaff, fmt.Sprintf("r %d %d", seq, time.Now().UnixNano())) {
			return
		}
		if !r.say(ctx, c, c.console, map[string]any{"chat": c.id}, c.atRes, fmt.Sprintf("s %d %d", seq, time.Now().UnixNano())) {
			return
		}
		think := r.o.think/2 + time.Duration(rand.Int64N(int64(r.o.think)+1))
		if !sleep(ctx, think) {
			return
		}
	}
}

// say writes text on conn and waits until it arrives on got; false when
// the run is over.
func (r *benchChatRun) say(ctx context.Context, c *chatBench, conn *websocket.Conn, extra map[string]any, got <-chan string, text string) bool {
	msg := map[string]any{"type": "message", "text": text}
	for k, v := range extra {
		msg[k] = v
	}
	if err := sendFrame(ctx, conn, msg); err != nil {
		return false
	}
	timeout := time.NewTimer(10 * time.Second)
	defer timeout.Stop()
	for {
		select {
		case <-ctx.Done():
			return false
		case <-timeout.C:
			r.lost.Add(1)
			return true
		case t := <-got:
			if t == text {
				return true
			}
		}
	}
}

// benchFrame is the part of the server's frames the bench reads.
type benchFrame struct {
	Type     string `json:"type"`
	Chat     int64  `json:"chat"`
	Messages []struct {
		From string `json:"from"`
		Text string `json:"text"`
	} `json:"messages"`
}

// readResident reads the resident's socket and times the librarian's
// messages.
func (r *benchChatRun) readResident(ctx context.Context, c *chatBench) {
	for {
		f, err := readFrame(ctx, c.res)
		if err != nil {
			return
		}
		r.received(f, "staff", &r.toRes, c.atRes)
	}
}

// readConsole reads one console socket and times the residents' messages
// of its chats.
func (r *benchChatRun) readConsole(ctx context.Context, conn *websocket.Conn, chats []*chatBench) {
	byID := map[int64]*chatBench{}
	for _, c := range chats {
		byID[c.id] = c
	}
	for {
		f, err := readFrame(ctx, conn)
		if err != nil {
			return
		}
		if c := byID[f.Chat]; c != nil {
			r.received(f, "resident", &r.toStaff, c.atStaff)
		}
	}
}

// received times the messages of f from from and passes their texts on.
func (r *benchChatRun) received(f benchFrame, from string, l *latencies, got chan<- string) {
	now := time.Now()
	switch f.Type {
	case "error":
		r.refusals.Add(1)
	case "messages":
		for _, m := range f.Messages {
			var kind string
			var seq, sent int64
			if m.From != from {
				continue
			}
			if n, _ := fmt.Sscanf(m.Text, "%s %d %d", &kind, &seq, &sent); n != 3 {
				continue // the chat's first message, or a system message
			}
			r.mu.Lock()
			l.add(now.Sub(time.Unix(0, sent)), 0)
			r.mu.Unlock()
			select {
			case got <- m.Text:
			default:
			}
		}
	}
}

func readFrame(ctx context.Context, conn *websocket.Conn) (benchFrame, error) {
	var f benchFrame
	_, b, err := conn.Read(ctx)
	if err != nil {
		return f, err
	}
	return f, json.Unmarshal(b, &f)
}

func sendFrame(ctx context.Context, conn *websocket.Conn, v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	return conn.Write(ctx, websocket.MessageText, b)
}

// dial opens a WebSocket to path with cookie.
func (r *benchChatRun) dial(ctx context.Context, path, cookie, addr string) (*websocket.Conn, error) {
	h := http.Header{"Cookie": {cookie}}
	if addr != "" {
		h.Set("X-Forwarded-For", addr)
	}
	u := "ws" + strings.TrimPrefix(r.base, "http") + path
	conn, _, err := websocket.Dial(ctx, u, &websocket.DialOptions{HTTPHeader: h, HTTPClient: r.client})
	if err != nil {
		return nil, err
	}
	conn.SetReadLimit(1 << 20)
	return conn, nil
}

// post posts form and wants the 303 of a change that worked.
func (r *benchChatRun) post(ctx context.Context, path, cookie, addr string, form url.Values) error {
	resp, err := r.do(ctx, http.MethodPost, path, cookie, addr, form)
	if err != nil {
		return err
	}
	if resp.StatusCode != http.StatusSeeOther {
		return fmt.Errorf("POST %s: %s", path, resp.Status)
	}
	return nil
}

// do sends a form and returns the response with its body read.
func (r *benchChatRun) do(ctx context.Context, method, path, cookie, addr string, form url.Values) (*http.Response, error) {
	req, err := http.NewRequestWithContext(ctx, method, r.base+path, strings.NewReader(form.Encode()))
	if err != nil {
		return nil, err
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	if cookie != "" {
		req.Header.Set("Cookie", cookie)
	}
	if addr != "" {
		req.Header.Set("X-Forwarded-For", addr)
	}
	resp, err := r.client.Do(req)
	if err != nil {
		return nil, err
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	return resp, nil
}

// sleep waits d or until ctx ends (false).
func sleep(ctx context.Context, d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return false
	case <-t.C:
		return true
	}
}
