package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// runLoad replays qs from clients goroutines until d has passed or, when
// limit > 0, limit queries have run. Client i starts at query i and steps
// by clients, so the clients replay different parts of the same mix.
func runLoad(ctx context.Context, clients int, d time.Duration, limit int, qs []benchQuery,
	do func(context.Context, benchQuery) (int, error)) (map[string]*latencies, time.Duration, error) {
	var (
		wg      sync.WaitGroup
		started atomic.Int64
		mu      sync.Mutex
		all     = map[string]*latencies{}
		firstEr error
	)
	deadline := time.Now().Add(d)
	begin := time.Now()
	for c := range clients {
		wg.Go(func() {
			mine := map[string]*latencies{}
			for j := c; ; j += clients {
				if ctx.Err() != nil || (limit > 0 && started.Add(1) > int64(limit)) || (limit <= 0 && time.Now().After(deadline)) {
					break
				}
				q := qs[j%len(qs)]
				t := time.Now()
				hits, err := do(ctx, q)
				el := time.Since(t)
				if err != nil {
					mu.Lock()
					firstEr = orErr(firstEr, err)
					mu.Unlock()
					break
				}
				l := mine[q.Kind]
				if l == nil {
					l = &latencies{}
					mine[q.Kind] = l
				}
				l.add(el, hits)
			}
			mu.Lock()
			defer mu.Unlock()
			for k, l := range mine {
				if all[k] == nil {
					all[k] = &latencies{}
				}
				all[k].merge(l)
			}
		})
	}
	wg.Wait()
	return all, time.Since(begin), firstEr
}

func orErr(first, err error) error {
	if first != nil {
		return first
	}
	return err
}

// summarise turns the latencies of a load run into per-kind results and a
// total, in the order of benchKinds.
func summarise(all map[string]*latencies, elapsed time.Duration) ([]benchKindResult, benchKindResult) {
	var kinds []benchKindResult
	total := &latencies{}
	for _, k := range benchKinds {
		if l := all[k]; l != nil {
			total.merge(l)
			kinds = append(kinds, l.result(k, elapsed))
		}
	}
	return kinds, total.result("total", elapsed)
}

// memory returns the live heap after a collection and the resident set
// size and its peak as the kernel counts them (0 where /proc is absent).
func memory() (heap, rss, peak uint64) {
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return ms.HeapAlloc, 0, 0
	}
	field := func(name string) uint64 {
		for line := range strings.Lines(string(b)) {
			if v, ok := strings.CutPrefix(line, name+":"); ok {
				kb, _ := strconv.ParseUint(strings.TrimSuffix(strings.TrimSpace(v), " kB"), 10, 64)
				return kb * 1024
			}
		}
		return 0
	}
	return ms.HeapAlloc, field("VmRSS"), field("VmHWM")
}

// cpuTime returns the CPU time the process has used, user and system, as
// /proc counts it (0 where it is absent): on a shared machine a wall time
// means little without it.
func cpuTime() time.Duration {
	b, err := os.ReadFile("/proc/self/stat")
	if err != nil {
		return 0
	}
	// The command name, in parentheses, may hold spaces: count fields
	// after it. utime and stime are the 14th and 15th, in ticks of 1/100 s
	// (USER_HZ, fixed on Linux).
	_, rest, ok := strings.Cut(string(b), ") ")
	f := strings.Fields(rest)
	if !ok || len(f) < 13 {
		return 0
	}
	utime, _ := strconv.ParseUint(f[11], 10, 64)
	stime, _ := strconv.ParseUint(f[12], 10, 64)
	return time.Duration(utime+stime) * 10 * time.Millisecond
}

// bleveBinary returns the Bleve runner to execute for --bleve: a path as
// given, or for "auto" one built from bench/bleve of the module that
// holds the working directory into dir.
func bleveBinary(ctx context.Context, flag, dir string) (string, error) {
	if flag != "auto" {
		return flag, nil
	}
	out, err := exec.CommandContext(ctx, "go", "env", "GOMOD").Output()
	if err != nil {
		return "", fmt.Errorf("--bleve auto: go env GOMOD: %w", err)
	}
	gomod := strings.TrimSpace(string(out))
	if gomod == "" || gomod == os.DevNull {
		return "", fmt.Errorf("--bleve auto: run inside the kirjasto source tree, or give the path of a built bench/bleve")
	}
	src := filepath.Join(filepath.Dir(gomod), "bench", "bleve")
	bin := filepath.Join(dir, "bleve-bench")
	build := exec.CommandContext(ctx, "go", "build", "-o", bin, ".")
	build.Dir = src
	if out, err := build.CombinedOutput(); err != nil {
		return "", fmt.Errorf("build %s: %w\n%s", src, err, out)
	}
	return bin, nil
}

// runBleve runs the Bleve runner on the exported corpus and queries and
// reads its result. Its progress goes to stderr as it comes.
func runBleve(ctx context.Context, bin, dir string, clients int, d time.Duration, limit int) (benchEngineResult, error) {
	cmd := exec.CommandContext(ctx, bin, "-dir", dir, "-clients", strconv.Itoa(clients),
		"-duration", d.String(), "-queries", strconv.Itoa(limit))
	var stdout bytes.Buffer
	cmd.Stdout = &stdout
	cmd.Stderr = os.Stderr
	var r benchEngineResult
	if err := cmd.Run(); err != nil {
		return r, fmt.Errorf("bleve runner: %w", err)
	}
	if err := json.NewDecoder(bufio.NewReader(&stdout)).Decode(&r); err != nil {
		return r, fmt.Errorf("bleve runner output: %w", err)
	}
	return r, nil
}

// warmUp is how many queries of the mix run untimed before the load: a
// few of every kind, not the whole mix, which would take Bleve minutes at
// a million records.
const warmUp = 100
