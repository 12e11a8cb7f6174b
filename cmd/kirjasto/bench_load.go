package main

import (
	"bufio"
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/spf13/cobra"

	"github.com/kirjasto/kirjasto/internal/demo"
	"github.com/kirjasto/kirjasto/internal/library"
	"github.com/kirjasto/kirjasto/internal/sip2"
	"github.com/kirjasto/kirjasto/internal/web"
)

// bench load drives a running demo (one node, or several behind a proxy)
// with the mix of a library's busy hour: searches, record pages, My
// Account after a sign-in, checkouts at the desk and at SIP2 kiosks, and
// holds. It prints per kind the throughput and the percentiles. The
// node fault test (nodes_fault_test.go) runs the same load and checks
// what it says was done against the database.

type benchLoadOptions struct {
	url      string
	sip2     []string
	seed     uint64
	clients  int
	duration time.Duration
	staff    string
	items    int
	recycle  bool          // check every copy lent back in, so that a long run does not run out
	timeout  time.Duration // of one request; 0 is 10 s
}

func newBenchLoadCmd() *cobra.Command {
	var o benchLoadOptions
	cmd := &cobra.Command{
		Use:   "load",
		Short: "Drive a running demo (one node or several behind a proxy) with a busy hour's mix",
		Long: `load sends --clients concurrent clients at --url for --duration. Each
client loops over a mix: a search, a record page, a patron signing in and
opening My Account, a checkout at the desk (as --staff, then checked
back in), a checkout at a SIP2 kiosk (--sip2, then checked back in) and a
hold through the API. Point it at kirjasto demo (it uses the demo's
accounts of --seed), or at a proxy in front of several nodes:

    kirjasto demo --data /tmp/demo --addr 127.0.0.1:8080 --sip2-addr 127.0.0.1:6001 --behind-proxy &
    kirjasto bench load --url http://127.0.0.1:8080 --sip2 127.0.0.1:6001

The nodes need --behind-proxy: every simulated patron signs in from an
address of its own (X-Forwarded-For), or the sign-in limit of one
address would refuse them.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return runBenchLoad(cmd.Context(), cmd.OutOrStdout(), o)
		},
	}
	f := cmd.Flags()
	f.StringVar(&o.url, "url", "http://127.0.0.1:8080", "the server's (or the proxy's) address")
	f.StringSliceVar(&o.sip2, "sip2", nil, "SIP2 addresses of the kiosks (none: no kiosk checkouts)")
	f.Uint64Var(&o.seed, "seed", 1, "the demo's seed (its accounts)")
	f.IntVar(&o.clients, "clients", 8, "concurrent clients")
	f.DurationVar(&o.duration, "duration", 20*time.Second, "how long to run")
	f.StringVar(&o.staff, "staff", "helsinki-staff", "the demo staff account at the desk")
	f.IntVar(&o.items, "items", 400, "copies on the shelf to lend")
	return cmd
}

func runBenchLoad(ctx context.Context, w io.Writer, o benchLoadOptions) error {
	o.recycle = true
	l, err := newLoad(ctx, o, nil)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "kirjasto bench load: %s, %d clients, %s, %d copies, SIP2 %v, load average %s\n",
		o.url, o.clients, o.duration, len(l.items), o.sip2, loadAverage())
	ctx, cancel := context.WithTimeout(ctx, o.duration)
	defer cancel()
	start := time.Now()
	l.run(ctx)
	l.print(w, time.Since(start))
	return nil
}

// loadItem is a copy on the shelf the load may lend.
type loadItem struct {
	Barcode string
	Branch  string
	Record  int64
}

// loadCheckout is a checkout the server acknowledged.
type loadCheckout struct {
	Barcode string
	At      time.Time
	Via     string // "desk" or "sip2"
}

// loadEvent is one request's outcome, for a test to look at when.
type loadEvent struct {
	At     time.Time // when the answer came
	Kind   string
	Failed bool // a failure, not a refusal
	Err    string
}

// load is one run of the mix.
type load struct {
	o       benchLoadOptions
	client  *http.Client
	patrons []demo.DemoPatron
	staff   string // the desk's session cookie
	words   []string
	records []int64
	items   []loadItem

	mu      sync.Mutex
	free    []loadItem
	lat     map[string]*latencies
	failed  map[string]int
	refused map[string]int
	lastErr map[string]string
	acked   []loadCheckout
	holds   []int64 // hold IDs the API answered 201 for
	events  []loadEvent
	tokens  map[string]string
}

// newLoad signs the desk in and, unless items are given, finds copies on
// the shelf through the API.
func newLoad(ctx context.Context, o benchLoadOptions, items []loadItem) (*load, error) {
	if o.timeout == 0 {
		o.timeout = 10 * time.Second
	}
	l := &load{o: o, client: &http.Client{Timeout: o.timeout,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }},
		lat: map[string]*latencies{}, failed: map[string]int{}, refused: map[string]int{}, lastErr: map[string]string{},
		tokens: map[string]string{}}
	l.o.url = strings.TrimSuffix(o.url, "/")
	ps, _ := demo.Patrons(o.seed)
	for _, p := range ps {
		if p.Category != library.CategoryChild {
			l.patrons = append(l.patrons, p)
		}
	}
	password, err := demoStaffPassword(o.seed, o.staff)
	if err != nil {
		return nil, err
	}
	resp, err := l.send(ctx, http.MethodPost, "/staff/signin", "", "", url.Values{"username": {o.staff}, "password": {password}})
	if err != nil {
		return nil, err
	}
	for _, c := range resp.Cookies() {
		if c.Name == web.StaffCookie && c.Value != "" {
			l.staff = c.Name + "=" + c.Value
		}
	}
	if l.staff == "" {
		return nil, fmt.Errorf("sign in as %s: %s, no session", o.staff, resp.Status)
	}
	l.words = []string{"kissa", "talvi", "meri", "koira", "sota", "rakkaus", "musiikki", "historia", "lapset", "kesä"}
	if items == nil {
		if items, err = findShelfCopies(ctx, l.client, l.o.url, o.items, "", false); err != nil {
			return nil, err
		}
	}
	l.items = items
	l.free = slices.Clone(items)
	for _, it := range items {
		l.records = append(l.records, it.Record)
	}
	if len(l.records) == 0 {
		return nil, fmt.Errorf("no copy on the shelf at %s", o.url)
	}
	return l, nil
}

// findShelfCopies lists up to n books' copies on the shelf, at branch
// only unless it is "", through the API; with onlyCopy, only copies that
// are their record's one copy on the shelf at their branch (one a record).
func findShelfCopies(ctx context.Context, client *http.Client, base string, n int, branch string, onlyCopy bool) ([]loadItem, error) {
	var items []loadItem
	for page := 1; len(items) < n && page <= 50; page++ {
		q := url.Values{"q": {""}, "material": {"book"}, "page": {strconv.Itoa(page)}}
		if branch != "" {
			q.Set("available_branch", branch)
		}
		var res struct {
			Hits []struct {
				ID int64 `json:"id"`
			} `json:"hits"`
		}
		if err := getJSON(ctx, client, base+"/api/v1/search?"+q.Encode(), &res); err != nil {
			if page > 1 {
				break // past the last page
			}
			return nil, err
		}
		if len(res.Hits) == 0 {
			break
		}
		for _, h := range res.Hits {
			var rec loadRecordJSON
			if err := getJSON(ctx, client, base+"/api/v1/records/"+strconv.FormatInt(h.ID, 10), &rec); err != nil {
				return nil, err
			}
			onShelf := map[string]int{}
			for _, it := range rec.Items {
				if it.Status == "available" {
					onShelf[it.Branch]++
				}
			}
			for _, it := range rec.Items {
				if it.Status != "available" || branch != "" && it.Branch != branch || onlyCopy && onShelf[it.Branch] != 1 {
					continue
				}
				items = append(items, loadItem{Barcode: it.Barcode, Branch: it.Branch, Record: h.ID})
				if onlyCopy {
					break
				}
			}
		}
	}
	return items[:min(n, len(items))], nil
}

// loadRecordJSON is what the load reads of GET /api/v1/records/{id}.
type loadRecordJSON struct {
	Record struct {
		Material string `json:"material"`
	} `json:"record"`
	Items []struct {
		Barcode string `json:"barcode"`
		Branch  string `json:"branch"`
		Status  string `json:"status"`
	} `json:"items"`
}

func getJSON(ctx context.Context, client *http.Client, u string, v any) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return err
	}
	resp, err := client.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("GET %s: %s", u, resp.Status)
	}
	return json.NewDecoder(resp.Body).Decode(v)
}

// run runs the clients until ctx ends.
func (l *load) run(ctx context.Context) {
	var wg sync.WaitGroup
	for c := range l.o.clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			l.client1(ctx, c)
		}()
	}
	wg.Wait()
}

// client1 is one client's loop over the mix.
func (l *load) client1(ctx context.Context, c int) {
	r := rand.New(rand.NewPCG(l.o.seed, uint64(c)))
	var k *loadKiosk
	defer func() {
		if k != nil {
			k.close()
		}
	}()
	for i := 0; ctx.Err() == nil; i++ {
		p := l.patrons[r.IntN(len(l.patrons))]
		switch i % 6 {
		case 0:
			l.time(ctx, "search", func() error {
				return l.get(ctx, "/search?q="+url.QueryEscape(l.words[r.IntN(len(l.words))]), "")
			})
		case 1:
			l.time(ctx, "record", func() error {
				return l.get(ctx, "/records/"+strconv.FormatInt(l.records[r.IntN(len(l.records))], 10), "")
			})
		case 2:
			l.account(ctx, p, c, i)
		case 3:
			l.deskCheckout(ctx, p)
		case 4:
			if len(l.o.sip2) > 0 {
				k = l.kioskCheckout(ctx, k, c, p)
			} else {
				l.deskCheckout(ctx, p)
			}
		case 5:
			l.hold(ctx, p, c, i)
		}
	}
}

// time runs one request of kind and counts it: done, refused (the
// server said no, as it should to, say, a patron at the loan limit) or
// failed (a 5xx, no answer).
func (l *load) time(ctx context.Context, kind string, fn func() error) {
	start := time.Now()
	err := fn()
	d := time.Since(start)
	if ctx.Err() != nil {
		return // cut off by the end of the run: neither done nor failed
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	ev := loadEvent{At: time.Now(), Kind: kind}
	if err != nil {
		ev.Err = err.Error()
		ev.Failed = !isRefusal(err)
	}
	l.events = append(l.events, ev)
	switch {
	case err == nil:
		if l.lat[kind] == nil {
			l.lat[kind] = &latencies{}
		}
		l.lat[kind].add(d, 0)
	case isRefusal(err):
		l.refused[kind]++
	default:
		l.failed[kind]++
		l.lastErr[kind] = err.Error()
	}
}

// refusal is the server's considered no.
type refusal struct{ msg string }

func (r refusal) Error() string { return r.msg }

func isRefusal(err error) bool {
	_, ok := err.(refusal)
	return ok
}

// statusErr words an unexpected status: 4xx a refusal, anything else a
// failure, with the start of the body (what the server said went wrong).
func statusErr(what string, resp *http.Response, body []byte) error {
	msg := fmt.Sprintf("%s: %s: %.200s", what, resp.Status, strings.TrimSpace(string(body)))
	if resp.StatusCode >= 400 && resp.StatusCode < 500 {
		return refusal{msg}
	}
	return fmt.Errorf("%s", msg)
}

func (l *load) get(ctx context.Context, path, cookie string) error {
	resp, body, err := l.sendBody(ctx, http.MethodGet, path, cookie, "", nil)
	if err != nil {
		return err
	}
	if resp.StatusCode != http.StatusOK {
		return statusErr("GET "+path, resp, body)
	}
	return nil
}

// account signs a patron in (from an address of its own) and opens My
// Account.
func (l *load) account(ctx context.Context, p demo.DemoPatron, c, i int) {
	var cookie string
	l.time(ctx, "sign-in", func() error {
		resp, body, err := l.sendBody(ctx, http.MethodPost, "/signin", "", fakeAddr(c, i), url.Values{"card": {p.CardNumber}, "pin": {p.PIN}})
		if err != nil {
			return err
		}
		if resp.StatusCode != http.StatusSeeOther {
			return statusErr("sign in", resp, body)
		}
		for _, ck := range resp.Cookies() {
			if ck.Name == web.PatronCookie && ck.Value != "" {
				cookie = ck.Name + "=" + ck.Value
			}
		}
		return nil
	})
	if cookie != "" {
		l.time(ctx, "my account", func() error { return l.get(ctx, "/account", cookie) })
	}
}

// fakeAddr is a client address for client c's request i: sign-in limits
// go by address, and a city's patrons do not all sign in from one.
func fakeAddr(c, i int) string {
	return fmt.Sprintf("10.%d.%d.%d", c%250, (i/250)%250, i%250+1)
}

// take and give lend copies out of the pool and back.
func (l *load) take() (loadItem, bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if len(l.free) == 0 {
		return loadItem{}, false
	}
	it := l.free[len(l.free)-1]
	l.free = l.free[:len(l.free)-1]
	return it, true
}

func (l *load) give(it loadItem) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.free = slices.Insert(l.free, 0, it)
}

func (l *load) acknowledge(barcode, via string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.acked = append(l.acked, loadCheckout{Barcode: barcode, At: time.Now(), Via: via})
}

// deskCheckout lends a copy at the desk, and with recycle takes it back.
func (l *load) deskCheckout(ctx context.Context, p demo.DemoPatron) {
	it, ok := l.take()
	if !ok {
		return
	}
	lent := false
	l.time(ctx, "desk checkout", func() error {
		var err error
		lent, err = l.desk(ctx, "checkout", url.Values{"card": {p.CardNumber}, "barcode": {it.Barcode}})
		return err
	})
	if lent {
		l.acknowledge(it.Barcode, "desk")
	}
	if !lent || !l.o.recycle {
		if !lent {
			l.give(it) // maybe lent after all (an answer lost): a later checkout is refused, or lends it
		}
		return
	}
	l.time(ctx, "desk checkin", func() error {
		back, err := l.desk(ctx, "checkin", url.Values{"barcode": {it.Barcode}})
		if err == nil && !back {
			err = refusal{"checkin of " + it.Barcode + " refused"}
		}
		return err
	})
	l.give(it)
}

// desk posts a desk action and reads the news it flashes: whether the
// action worked.
func (l *load) desk(ctx context.Context, action string, form url.Values) (bool, error) {
	resp, body, err := l.sendBody(ctx, http.MethodPost, "/desk/"+action, l.staff, "", form)
	if err != nil {
		return false, err
	}
	if resp.StatusCode != http.StatusSeeOther {
		return false, statusErr("desk "+action, resp, body)
	}
	for _, c := range resp.Cookies() {
		if c.Name != "kirjasto_desk" {
			continue
		}
		payload, _, _ := strings.Cut(c.Value, ".")
		raw, err := base64.RawURLEncoding.DecodeString(payload)
		if err != nil {
			return false, err
		}
		var box struct {
			Value struct {
				Messages []struct {
					OK   bool   `json:"ok"`
					Text string `json:"t"`
				} `json:"m"`
				Checkin json.RawMessage `json:"c"`
			} `json:"v"`
		}
		if err := json.Unmarshal(raw, &box); err != nil {
			return false, err
		}
		if action == "checkin" {
			return len(box.Value.Checkin) > 0, nil
		}
		for _, m := range box.Value.Messages {
			if !m.OK {
				return false, refusal{m.Text}
			}
		}
		return len(box.Value.Messages) > 0, nil
	}
	return false, fmt.Errorf("desk %s: no news", action)
}

// hold places a hold through the API, signing the app in first.
func (l *load) hold(ctx context.Context, p demo.DemoPatron, c, i int) {
	l.mu.Lock()
	token := l.tokens[p.CardNumber]
	l.mu.Unlock()
	if token == "" {
		l.time(ctx, "app sign-in", func() error {
			resp, body, err := l.sendJSON(ctx, "/api/v1/tokens", "", fakeAddr(c, i), map[string]string{"card": p.CardNumber, "pin": p.PIN, "name": "bench"})
			if err != nil {
				return err
			}
			var v struct {
				Token string `json:"token"`
			}
			if resp.StatusCode != http.StatusCreated || json.Unmarshal(body, &v) != nil || v.Token == "" {
				return statusErr("app sign-in", resp, body)
			}
			token = v.Token
			l.mu.Lock()
			l.tokens[p.CardNumber] = token
			l.mu.Unlock()
			return nil
		})
	}
	if token == "" {
		return
	}
	rec := l.records[(c*7+i)%len(l.records)]
	l.time(ctx, "hold", func() error {
		resp, body, err := l.sendJSON(ctx, "/api/v1/account/holds", token, "",
			map[string]any{"record_id": rec, "pickup_branch": "hki-oodi"})
		if err != nil {
			return err
		}
		if resp.StatusCode != http.StatusCreated {
			return statusErr("hold", resp, body)
		}
		var v struct {
			Hold struct {
				ID int64 `json:"id"`
			} `json:"hold"`
		}
		if json.Unmarshal(body, &v) != nil || v.Hold.ID == 0 {
			return fmt.Errorf("hold: 201 without a hold: %.200s", body)
		}
		l.mu.Lock()
		l.holds = append(l.holds, v.Hold.ID)
		l.mu.Unlock()
		return nil
	})
}

// loadKiosk is a SIP2 kiosk's connection.
type loadKiosk struct {
	conn  net.Conn
	r     *bufio.Reader
	codec sip2.Codec
	seq   int
}

func (k *loadKiosk) close() { k.conn.Close() }

func (k *loadKiosk) do(req sip2.Body) (sip2.Body, error) {
	k.seq = (k.seq + 1) % 10
	wire, err := k.codec.Encode(req, k.seq)
	if err != nil {
		return nil, err
	}
	k.conn.SetDeadline(time.Now().Add(10 * time.Second))
	if _, err := k.conn.Write(wire); err != nil {
		return nil, err
	}
	line, err := k.r.ReadString('\r')
	if err != nil {
		return nil, err
	}
	resp, seq, err := k.codec.Parse([]byte(line))
	if err == nil && seq != k.seq {
		err = fmt.Errorf("SIP2 answer of sequence %d to %d", seq, k.seq)
	}
	return resp, err
}

// dialKiosk connects and logs the demo kiosk in at one of the addresses.
func (l *load) dialKiosk(c int) (*loadKiosk, error) {
	conn, err := net.DialTimeout("tcp", l.o.sip2[c%len(l.o.sip2)], 5*time.Second)
	if err != nil {
		return nil, err
	}
	k := &loadKiosk{conn: conn, r: bufio.NewReader(conn), codec: sip2.Codec{ErrorDetection: true, Location: library.Helsinki}}
	resp, err := k.do(&sip2.Login{UIDAlgorithm: '0', PWDAlgorithm: '0', UserID: demoKioskLogin, Password: demoKioskPassword, Location: "hki-oodi"})
	if err != nil {
		conn.Close()
		return nil, err
	}
	if lr, ok := resp.(*sip2.LoginResponse); !ok || !lr.OK {
		conn.Close()
		return nil, fmt.Errorf("SIP2 login refused")
	}
	return k, nil
}

// kioskCheckout lends a copy at a kiosk (reconnecting when the
// connection broke), and with recycle takes it back; it returns the
// kiosk to use next, nil when it broke.
func (l *load) kioskCheckout(ctx context.Context, k *loadKiosk, c int, p demo.DemoPatron) *loadKiosk {
	it, ok := l.take()
	if !ok {
		return k
	}
	lent := false
	l.time(ctx, "sip2 checkout", func() error {
		if k == nil {
			var err error
			if k, err = l.dialKiosk(c); err != nil {
				return err
			}
		}
		resp, err := k.do(&sip2.Checkout{PatronID: p.CardNumber, PatronPassword: p.PIN, ItemID: it.Barcode})
		if err != nil {
			k.close()
			k = nil
			return err
		}
		co, okType := resp.(*sip2.CheckoutResponse)
		if !okType {
			return fmt.Errorf("SIP2 checkout answered %T", resp)
		}
		if !co.OK {
			return refusal{"SIP2 checkout of " + it.Barcode + ": " + strings.Join(co.ScreenMessage, " ")}
		}
		lent = true
		return nil
	})
	if lent {
		l.acknowledge(it.Barcode, "sip2")
	}
	if lent && l.o.recycle && k != nil {
		l.time(ctx, "sip2 checkin", func() error {
			resp, err := k.do(&sip2.Checkin{ItemID: it.Barcode})
			if err != nil {
				k.close()
				k = nil
				return err
			}
			if in, ok := resp.(*sip2.CheckinResponse); !ok || !in.OK {
				return refusal{"SIP2 checkin of " + it.Barcode + " refused"}
			}
			return nil
		})
		l.give(it)
	} else if !lent {
		l.give(it)
	}
	return k
}

// send sends a form; the body is read and dropped.
func (l *load) send(ctx context.Context, method, path, cookie, addr string, form url.Values) (*http.Response, error) {
	resp, _, err := l.sendBody(ctx, method, path, cookie, addr, form)
	return resp, err
}

func (l *load) sendBody(ctx context.Context, method, path, cookie, addr string, form url.Values) (*http.Response, []byte, error) {
	var body io.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	}
	req, err := http.NewRequestWithContext(ctx, method, l.o.url+path, body)
	if err != nil {
		return nil, nil, err
	}
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	return l.do(req, cookie, addr)
}

func (l *load) sendJSON(ctx context.Context, path, token, addr string, v any) (*http.Response, []byte, error) {
	b, err := json.Marshal(v)
	if err != nil {
		return nil, nil, err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, l.o.url+path, strings.NewReader(string(b)))
	if err != nil {
		return nil, nil, err
	}
	req.Header.Set("Content-Type", "application/json")
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	return l.do(req, "", addr)
}

func (l *load) do(req *http.Request, cookie, addr string) (*http.Response, []byte, error) {
	req.Header.Set("Cookie", "lang=fi")
	if cookie != "" {
		req.Header.Set("Cookie", "lang=fi; "+cookie)
	}
	if addr != "" {
		req.Header.Set("X-Forwarded-For", addr)
	}
	resp, err := l.client.Do(req)
	if err != nil {
		return nil, nil, err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	return resp, body, err
}

// print prints the table: per kind the done, refused and failed requests,
// throughput and percentiles.
func (l *load) print(w io.Writer, elapsed time.Duration) {
	l.mu.Lock()
	defer l.mu.Unlock()
	kinds := []string{"search", "record", "sign-in", "my account", "desk checkout", "desk checkin", "sip2 checkout", "sip2 checkin", "app sign-in", "hold"}
	fmt.Fprintf(w, "\n| kind | done | per s | p50 ms | p95 ms | p99 ms | refused | failed |\n| --- | --- | --- | --- | --- | --- | --- | --- |\n")
	all := &latencies{}
	refused, failed := 0, 0
	for _, k := range kinds {
		lat := l.lat[k]
		if lat == nil {
			lat = &latencies{}
		}
		all.merge(lat)
		refused += l.refused[k]
		failed += l.failed[k]
		r := lat.result(k, elapsed)
		fmt.Fprintf(w, "| %s | %d | %.0f | %.1f | %.1f | %.1f | %d | %d |\n", k, r.Count, r.PerSec, r.P50, r.P95, r.P99, l.refused[k], l.failed[k])
	}
	r := all.result("all", elapsed)
	fmt.Fprintf(w, "| **all** | %d | %.0f | %.1f | %.1f | %.1f | %d | %d |\n", r.Count, r.PerSec, r.P50, r.P95, r.P99, refused, failed)
	for _, k := range kinds {
		if e := l.lastErr[k]; e != "" {
			fmt.Fprintf(w, "last failure of %s: %s\n", k, e)
		}
	}
}
