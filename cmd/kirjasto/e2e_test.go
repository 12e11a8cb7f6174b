package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/kirjasto/kirjasto/internal/store/storetest"
	"github.com/kirjasto/kirjasto/internal/testenv"
)

// These tests run the real binary, as a newcomer or an operator would.

var binary string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "kirjasto-e2e")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	binary = filepath.Join(dir, "kirjasto")
	build := exec.Command("go", "build", "-o", binary, ".")
	build.Stdout, build.Stderr = os.Stderr, os.Stderr
	if err := build.Run(); err != nil {
		fmt.Fprintln(os.Stderr, "build kirjasto:", err)
		os.Exit(1)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// server is a running kirjasto process.
type server struct {
	url     string
	cmd     *exec.Cmd
	stderr  *syncBuffer
	printed string // standard output up to the line that says where it serves
}

var servesLine = regexp.MustCompile(`^Kirjasto serves (http://\S+)/$`)

// start runs kirjasto with args and waits until it says where it serves.
// The process is interrupted, and must exit cleanly, when the test ends.
func start(t testing.TB, args ...string) *server {
	t.Helper()
	cmd := exec.Command(binary, args...)
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	s := &server{cmd: cmd, stderr: new(syncBuffer)}
	cmd.Stderr = s.stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	urlc := make(chan string, 1)
	go func() {
		var out strings.Builder
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			out.WriteString(sc.Text() + "\n")
			if m := servesLine.FindStringSubmatch(sc.Text()); m != nil {
				s.printed = out.String()
				urlc <- m[1]
			}
		}
		close(urlc)
	}()
	select {
	case u, ok := <-urlc:
		if !ok {
			cmd.Wait()
			t.Fatalf("kirjasto %v exited before serving:\n%s", args, s.stderr)
		}
		s.url = u
	case <-time.After(90 * time.Second):
		cmd.Process.Kill()
		t.Fatalf("kirjasto %v did not start serving in 90 s:\n%s", args, s.stderr)
	}
	t.Cleanup(func() { s.stop(t) })
	return s
}

func (s *server) stop(t testing.TB) {
	t.Helper()
	if s.cmd.ProcessState != nil {
		return
	}
	s.cmd.Process.Signal(syscall.SIGINT)
	done := make(chan error, 1)
	go func() { done <- s.cmd.Wait() }()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("kirjasto exited with %v:\n%s", err, s.stderr)
		}
	case <-time.After(30 * time.Second):
		s.cmd.Process.Kill()
		t.Errorf("kirjasto did not stop within 30 s of SIGINT")
	}
}

// syncBuffer is testenv.SyncBuffer.
type syncBuffer = testenv.SyncBuffer

// get fetches path and returns the status and body.
func (s *server) get(t *testing.T, path string, header ...string) (int, string) {
	t.Helper()
	req, err := http.NewRequest("GET", s.url+path, nil)
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, string(body)
}

// getJSON fetches path, wants 200 and decodes the body into v.
func (s *server) getJSON(t *testing.T, path string, v any) {
	t.Helper()
	code, body := s.get(t, path)
	if code != http.StatusOK {
		t.Fatalf("GET %s: %d\n%s", path, code, body)
	}
	if err := json.Unmarshal([]byte(body), v); err != nil {
		t.Fatalf("GET %s: %v\n%s", path, err, body)
	}
}

// run runs kirjasto to completion and returns its combined output.
func run(t *testing.T, args ...string) string {
	t.Helper()
	out, err := exec.Command(binary, args...).CombinedOutput()
	if err != nil {
		t.Fatalf("kirjasto %v: %v\n%s", args, err, out)
	}
	return string(out)
}

// dbArgs returns the flags that point kirjasto at a fresh database of
// dialect in a fresh data directory.
func dbArgs(t *testing.T, dialect string) []string {
	args := []string{"--data", t.TempDir(), "--log-level", "warn"}
	if dialect == "postgres" {
		args = append(args, "--db", storetest.PostgresDSN(t))
	}
	return args
}
