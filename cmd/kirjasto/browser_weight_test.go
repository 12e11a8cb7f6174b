package main

import (
	"context"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
)

// maxPageBytes is the most a page may transfer on its first load: HTML,
// CSS, JavaScript and fonts together.
const maxPageBytes = 150 * 1024

// netLog gathers a tab's requests from chromedp's network events.
type netLog struct {
	mu       sync.Mutex
	urls     map[network.RequestID]string
	types    map[network.RequestID]network.ResourceType
	bytes    map[network.RequestID]float64 // when the request is done
	fromDisk map[network.RequestID]bool
}

// record follows the tab's network events until ctx ends.
func (l *netLog) record(ctx context.Context) {
	l.urls = make(map[network.RequestID]string)
	l.types = make(map[network.RequestID]network.ResourceType)
	l.bytes = make(map[network.RequestID]float64)
	l.fromDisk = make(map[network.RequestID]bool)
	sent := chromedp.Events(ctx, network.RequestWillBeSent)
	done := chromedp.Events(ctx, network.LoadingFinished)
	failed := chromedp.Events(ctx, network.LoadingFailed)
	cached := chromedp.Events(ctx, network.RequestServedFromCache)
	go func() {
		for ev, err := range sent {
			if err != nil {
				return
			}
			l.mu.Lock()
			l.urls[ev.RequestID] = ev.Request.URL
			l.types[ev.RequestID] = ev.Type
			l.mu.Unlock()
		}
	}()
	go func() {
		for ev, err := range done {
			if err != nil {
				return
			}
			l.mu.Lock()
			l.bytes[ev.RequestID] = ev.EncodedDataLength
			l.mu.Unlock()
		}
	}()
	go func() {
		for ev, err := range failed {
			if err != nil {
				return
			}
			l.mu.Lock()
			l.bytes[ev.RequestID] = 0
			l.mu.Unlock()
		}
	}()
	go func() {
		for ev, err := range cached {
			if err != nil {
				return
			}
			l.mu.Lock()
			l.fromDisk[ev.RequestID] = true
			l.mu.Unlock()
		}
	}()
}

// settled reports whether every request the page made has finished. The
// browser fetches /favicon.ico on its own schedule, not as part of the
// page, and headless Chromium does not always report that fetch's end:
// it is not waited for (where it comes from is checked all the same).
func (l *netLog) settled() bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	for id, u := range l.urls {
		if _, ok := l.bytes[id]; !ok && !browsersOwn(u) {
			return false
		}
	}
	return len(l.urls) > 0
}

// browsersOwn reports whether u is fetched by the browser for itself.
func browsersOwn(u string) bool {
	p, err := url.Parse(u)
	return err == nil && p.Path == "/favicon.ico"
}

// unfinished returns the URLs of the requests that have not finished.
func (l *netLog) unfinished() []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	var out []string
	for id, u := range l.urls {
		if _, ok := l.bytes[id]; !ok && !browsersOwn(u) {
			out = append(out, u)
		}
	}
	return out
}

// testWeight loads every main page with an empty cache and counts what
// it transfers, where from, and whether its images are sized.
func (env *browserEnv) testWeight(t *testing.T) {
	for _, set := range env.mainPageSets(t) {
		for _, path := range set.paths {
			tb := *set.tab
			tb.t = t
			env.checkWeight(t, &tb, path)
		}
	}
}

// checkWeight loads path in tb with the cache emptied and disabled.
func (env *browserEnv) checkWeight(t *testing.T, tb *tab, path string) {
	if _, err := chromedp.Call(tb.ctx, network.ClearBrowserCache, cdp.Empty{}); err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.Call(tb.ctx, network.SetCacheDisabled, network.SetCacheDisabledParams{CacheDisabled: true}); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(tb.ctx)
	defer cancel()
	var log netLog
	log.record(ctx)
	tb.open(path)
	// The load event comes after every resource the page needs; the
	// events of the last ones may still be on their way to us.
	for i := 0; i < 500 && !log.settled(); i++ {
		time.Sleep(10 * time.Millisecond)
	}
	if !log.settled() {
		t.Fatalf("the page's requests never finished: %v", log.unfinished())
	}

	own, err := url.Parse(env.srv.url)
	if err != nil {
		t.Fatal(err)
	}
	log.mu.Lock()
	defer log.mu.Unlock()
	var total float64
	for id, u := range log.urls {
		if strings.HasPrefix(u, "data:") {
			continue // drawn by the browser itself, such as a date field's icon
		}
		if p, err := url.Parse(u); err != nil || p.Host != own.Host {
			t.Errorf("%s requests %s from another site", path, u)
		}
		if log.fromDisk[id] {
			t.Errorf("%s: %s came from the cache, which should be empty", path, u)
		}
		switch log.types[id] {
		case network.ResourceTypeDocument, network.ResourceTypeStylesheet, network.ResourceTypeScript, network.ResourceTypeFont:
			total += log.bytes[id]
		}
	}
	t.Logf("%s: %d requests, %.1f KB", path, len(log.urls), total/1024)
	if total > maxPageBytes {
		t.Errorf("%s transfers %.1f KB on first load, want at most %d KB", path, total/1024, maxPageBytes/1024)
	}
	for _, img := range eval[[]string](tb, `[...document.images].filter(i => !i.getAttribute('width') || !i.getAttribute('height')).map(i => i.src)`) {
		t.Errorf("%s: image %s has no width and height", path, img)
	}
}
