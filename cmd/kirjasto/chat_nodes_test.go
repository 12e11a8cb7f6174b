package main

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/coder/websocket"

	"github.com/kirjasto/kirjasto/internal/store/storetest"
)

// TestChatAcrossNodes is issue 16's point 6: two kirjasto processes on
// one PostgreSQL serve one chat. A resident opens it on node A, a
// librarian on node B sees it arrive in the queue, takes it, and the two
// talk both ways in real time over the real endpoints: WebSocket, and
// the long poll for a resident whose WebSocket does not get through.
// Nothing reaches the other node but through the database's
// LISTEN/NOTIFY, so without it no frame below would arrive.
func TestChatAcrossNodes(t *testing.T) {
	// The nodes' tests mostly wait (for processes, windows, leases):
	// they run beside one another, after the package's other tests.
	t.Parallel()
	dsn := storetest.PostgresDSN(t)
	// Every node of one database needs the same pepper, or B could not
	// check the passwords A's demo hashed.
	pepper := "chat-across-nodes-" + strings.Repeat("p", 32)
	a := start(t, "demo", "--addr", "127.0.0.1:0", "--records", "2000", "--data", t.TempDir(), "--db", dsn,
		"--pepper", pepper, "--log-level", "warn")
	b := start(t, "serve", "--addr", "127.0.0.1:0", "--data", t.TempDir(), "--db", dsn,
		"--pepper", pepper, "--log-level", "warn")
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()

	// The librarian on B: signed in, chat hours all day (so that the test
	// does not depend on the time of day), on duty, the console open.
	onB := newNodeClient(t, b.url, "helsinki-staff")
	onB.setAllDay(t, ctx)
	onB.mustPost(t, ctx, "/admin/chat/duty", onB.staff, url.Values{"on": {"1"}})
	console := onB.mustDial(t, ctx, "/admin/chat/ws", onB.staff)
	waitFrame(t, ctx, console, "the console's first queue", func(f nodeFrame) bool { return f.Type == "queue" })

	// The resident on A opens a chat; B's console hears of it.
	onA := newNodeClient(t, a.url, "")
	resp, err := onA.do(ctx, http.MethodPost, "/chat", "", "", url.Values{"name": {"Aino"}, "library": {"helsinki"}, "text": {"Onko kirjasto auki?"}})
	if err != nil {
		t.Fatal(err)
	}
	m := chatPath.FindStringSubmatch(resp.Header.Get("Location"))
	if resp.StatusCode != http.StatusSeeOther || m == nil {
		t.Fatalf("open a chat on A: %s to %q", resp.Status, resp.Header.Get("Location"))
	}
	id, _ := strconv.ParseInt(m[1], 10, 64)
	var secret string
	for _, c := range resp.Cookies() {
		if c.Name == "chat_"+m[1] {
			secret = c.Name + "=" + c.Value
		}
	}
	resident := onA.mustDial(t, ctx, "/chat/"+m[1]+"/ws", secret)
	waitFrame(t, ctx, resident, "the resident's status: waiting", func(f nodeFrame) bool {
		return f.Type == "status" && f.Status == "waiting"
	})
	waitFrame(t, ctx, console, "the chat opened on A in B's queue", func(f nodeFrame) bool {
		for _, q := range f.Queue {
			if f.Type == "queue" && q.ID == id && q.Status == "waiting" {
				return true
			}
		}
		return false
	})

	// B takes it; the resident on A sees who has it.
	onB.mustPost(t, ctx, "/admin/chat/"+m[1]+"/take", onB.staff, nil)
	waitFrame(t, ctx, resident, "the resident sees the chat taken on B", func(f nodeFrame) bool {
		return f.Type == "status" && f.Status == "active" && f.Staff != ""
	})
	send(t, ctx, console, map[string]any{"type": "watch", "chat": id})
	waitFrame(t, ctx, console, "the first message, on B", hasMessage(id, "resident", "Onko kirjasto auki?"))

	// Both ways over WebSocket.
	send(t, ctx, resident, map[string]any{"type": "message", "text": "Hei A:sta"})
	waitFrame(t, ctx, console, "the resident's message on B", hasMessage(id, "resident", "Hei A:sta"))
	send(t, ctx, console, map[string]any{"type": "message", "chat": id, "text": "Hei B:stä"})
	waitFrame(t, ctx, resident, "the librarian's message on A", hasMessage(0, "staff", "Hei B:stä"))
	send(t, ctx, console, map[string]any{"type": "typing", "chat": id})
	waitFrame(t, ctx, resident, "the librarian typing, on A", func(f nodeFrame) bool { return f.Type == "typing" && f.From == "staff" })

	// The long poll on A, waiting when B answers.
	last := onA.poll(t, ctx, id, 0, secret)
	polled := make(chan []nodeFrame, 1)
	go func() { polled <- onA.events(ctx, id, last, secret) }()
	time.Sleep(300 * time.Millisecond) // the poll is waiting (were it not, it would find the message anyway)
	send(t, ctx, console, map[string]any{"type": "message", "chat": id, "text": "Kyllä, klo 20 asti"})
	select {
	case fs := <-polled:
		found := false
		for _, f := range fs {
			found = found || hasMessage(0, "staff", "Kyllä, klo 20 asti")(f)
		}
		if !found {
			t.Errorf("the long poll on A returned %+v, without the message sent on B", fs)
		}
	case <-ctx.Done():
		t.Fatal("the long poll on A did not return")
	}
}

// nodeClient is bench chat's client on one node, for a test.
type nodeClient struct {
	*benchChatRun
}

func newNodeClient(t *testing.T, base, staff string) *nodeClient {
	t.Helper()
	o := benchChatOptions{url: base, staff: staff, seed: 1, library: "helsinki"}
	r := &benchChatRun{o: o, base: base, client: &http.Client{
		Timeout:       time.Minute,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}}
	c := &nodeClient{benchChatRun: r}
	if staff != "" {
		var err error
		if r.o.password, err = demoStaffPassword(1, staff); err != nil {
			t.Fatal(err)
		}
		if err := r.signIn(context.Background()); err != nil {
			t.Fatal(err)
		}
	}
	return c
}

func (c *nodeClient) setAllDay(t *testing.T, ctx context.Context) {
	t.Helper()
	if err := c.benchChatRun.setAllDay(ctx); err != nil {
		t.Fatal(err)
	}
}

func (c *nodeClient) mustPost(t *testing.T, ctx context.Context, path, cookie string, form url.Values) {
	t.Helper()
	if err := c.post(ctx, path, cookie, "", form); err != nil {
		t.Fatal(err)
	}
}

func (c *nodeClient) mustDial(t *testing.T, ctx context.Context, path, cookie string) *websocket.Conn {
	t.Helper()
	conn, err := c.dial(ctx, path, cookie, "")
	if err != nil {
		t.Fatalf("WebSocket %s: %v", path, err)
	}
	t.Cleanup(func() { conn.CloseNow() })
	return conn
}

// events is the resident's long poll for the chat's news after after;
// nil when it failed.
func (c *nodeClient) events(ctx context.Context, id, after int64, secret string) []nodeFrame {
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, fmt.Sprintf("%s/chat/%d/events?after=%d", c.base, id, after), nil)
	req.Header.Set("Cookie", secret)
	resp, err := c.client.Do(req)
	if err != nil {
		return nil
	}
	defer resp.Body.Close()
	var fs []nodeFrame
	if resp.StatusCode != http.StatusOK || json.NewDecoder(resp.Body).Decode(&fs) != nil {
		return nil
	}
	return fs
}

// poll returns the ID of the chat's last message after after, by the
// long poll, which answers at once when there are some.
func (c *nodeClient) poll(t *testing.T, ctx context.Context, id, after int64, secret string) int64 {
	t.Helper()
	fs := c.events(ctx, id, after, secret)
	if fs == nil {
		t.Fatal("the chat's long poll failed")
	}
	var last int64
	for _, f := range fs {
		for _, m := range f.Messages {
			last = max(last, m.ID)
		}
	}
	return last
}

// nodeFrame is a frame of the chat's sockets.
type nodeFrame struct {
	Type     string `json:"type"`
	Chat     int64  `json:"chat"`
	Status   string `json:"status"`
	Staff    string `json:"staff"`
	From     string `json:"from"`
	Messages []struct {
		ID   int64  `json:"id"`
		From string `json:"from"`
		Text string `json:"text"`
	} `json:"messages"`
	Queue []struct {
		ID     int64  `json:"id"`
		Status string `json:"status"`
	} `json:"queue"`
}

// hasMessage matches a frame with a message of text from from, in chat
// (0: any; the resident's frames name it too).
func hasMessage(chat int64, from, text string) func(nodeFrame) bool {
	return func(f nodeFrame) bool {
		if f.Type != "messages" || (chat != 0 && f.Chat != chat) {
			return false
		}
		for _, m := range f.Messages {
			if m.From == from && m.Text == text {
				return true
			}
		}
		return false
	}
}

// waitFrame reads conn until a frame matches, failing t after 10 s: on a
// quiet machine the frames come within milliseconds; the benchmark
// (kirjasto bench chat) measures how soon.
func waitFrame(t *testing.T, ctx context.Context, conn *websocket.Conn, what string, match func(nodeFrame) bool) {
	t.Helper()
	ctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	var seen []string
	for {
		_, b, err := conn.Read(ctx)
		if err != nil {
			t.Fatalf("%s: no such frame (%v); frames seen: %s", what, err, strings.Join(seen, " "))
		}
		var f nodeFrame
		if json.Unmarshal(b, &f) == nil && match(f) {
			return
		}
		seen = append(seen, string(b))
	}
}

func send(t *testing.T, ctx context.Context, conn *websocket.Conn, v any) {
	t.Helper()
	if err := sendFrame(ctx, conn, v); err != nil {
		t.Fatal(err)
	}
}
