package main

import (
	"os/exec"
	"regexp"
	"strconv"
	"testing"
)

// TestBenchChat runs kirjasto bench chat briefly against a demo and
// checks that messages went both ways, none lost.
func TestBenchChat(t *testing.T) {
	s := start(t, append([]string{"demo", "--addr", "127.0.0.1:0", "--records", "2000", "--behind-proxy"}, dbArgs(t, "sqlite")...)...)
	out, err := exec.Command(binary, "bench", "chat", "--url", s.url, "--forwarded", "--all-day",
		"--chats", "12", "--per-socket", "5", "--duration", "3s", "--think", "200ms").CombinedOutput()
	if err != nil {
		t.Fatalf("kirjasto bench chat: %v\n%s", err, out)
	}
	t.Logf("%s", out)
	for _, dir := range []string{"resident → librarian", "librarian → resident"} {
		m := regexp.MustCompile(`\| ` + dir + ` \| (\d+) \|`).FindSubmatch(out)
		if m == nil {
			t.Errorf("no line for %s", dir)
			continue
		}
		// The chats talk for 3 s, in rounds of about 0.2 s: fewer than
		// one message a chat means delivery failed, not slowness.
		if n, _ := strconv.Atoi(string(m[1])); n < 12 {
			t.Errorf("%s: %d messages, want at least one a chat", dir, n)
		}
	}
	if !regexp.MustCompile(`lost \(not delivered within 10 s\): 0; refused by the server: 0`).Match(out) {
		t.Error("messages were lost or refused")
	}
}
