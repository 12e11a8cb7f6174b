package elib

import (
	"strconv"
	"testing"
	"time"
)

func TestBasicCache(t *testing.T) {
	c := newBasicCache()
	now := time.Date(2026, 12, 7, 10, 0, 0, 0, time.UTC)
	c.put("k", 7, "stamp", now)
	if id, stamp, ok := c.get("k", now.Add(basicTTL-time.Second)); !ok || id != 7 || stamp != "stamp" {
		t.Fatalf("within the TTL: %d, %q, %v", id, stamp, ok)
	}
	if _, _, ok := c.get("k", now.Add(basicTTL)); ok {
		t.Fatal("a pair is remembered past its TTL")
	}
	if _, _, ok := c.get("k", now); ok {
		t.Fatal("an expired pair is kept after it was found expired")
	}
	if _, _, ok := c.get("other", now); ok {
		t.Fatal("an unknown pair is found")
	}
	// When full, all is forgotten rather than growing without bound.
	for i := range basicMax {
		c.put(strconv.Itoa(i), int64(i), "", now)
	}
	c.put("last", 1, "", now)
	if len(c.m) != 1 {
		t.Fatalf("%d pairs after the cache filled, want 1", len(c.m))
	}
}
