package store_test

import (
	"context"
	"fmt"
	"sync/atomic"
	"testing"
	"time"

	"github.com/kirjasto/kirjasto/internal/library"
	"github.com/kirjasto/kirjasto/internal/store"
	"github.com/kirjasto/kirjasto/internal/store/storetest"
)

// benchChats opens n chats at Helsinki, with its desk on duty, and
// returns their IDs and secrets.
func benchChats(b *testing.B, db *store.DB, n int) ([]int64, []string) {
	b.Helper()
	ctx := context.Background()
	if err := db.PutConsortium(ctx, circConsortium()); err != nil {
		b.Fatal(err)
	}
	admin, err := db.CreateStaff(ctx, library.Staff{Username: "admin", Name: "admin", Role: library.RoleAdmin, Branch: "hki-oodi"}, "long enough password")
	if err != nil {
		b.Fatal(err)
	}
	slot := library.ChatSlot{Weekday: time.Monday, Open: "00:00", Close: "24:00"}
	if err := db.SetChatHours(ctx, admin, "helsinki", []library.ChatSlot{slot}, circNow); err != nil {
		b.Fatal(err)
	}
	if err := db.SetOnDuty(ctx, admin, []string{"helsinki"}, circNow.Add(12*time.Hour)); err != nil {
		b.Fatal(err)
	}
	ids, secrets := make([]int64, n), make([]string, n)
	for i := range n {
		c, s, err := db.OpenChat(ctx, library.Chat{Queue: "helsinki", Lang: "fi"}, fmt.Sprint("chat ", i), circNow)
		if err != nil {
			b.Fatal(err)
		}
		ids[i], secrets[i] = c.ID, s
	}
	return ids, secrets
}

// BenchmarkChatPost posts residents' messages to 500 open chats from
// parallel goroutines, as a busy node does: each post locks its chat,
// counts the rate and writes. It reports messages per second.
func BenchmarkChatPost(b *testing.B) {
	for _, d := range storetest.Dialects {
		b.Run(d, func(b *testing.B) {
			db := storetest.Open(b, d)
			const chats = 500
			ids, secrets := benchChats(b, db, chats)
			var n atomic.Int64
			b.ResetTimer()
			b.RunParallel(func(pb *testing.PB) {
				for pb.Next() {
					i := n.Add(1)
					c := int(i % chats)
					// Four seconds apart within a chat: well under the rate.
					now := circNow.Add(time.Duration(i/chats) * 4 * time.Second)
					if _, err := db.PostResident(context.Background(), ids[c], secrets[c], "Hei", now); err != nil {
						b.Error(err)
						return
					}
				}
			})
			b.ReportMetric(float64(n.Load())/b.Elapsed().Seconds(), "msgs/s")
		})
	}
}

// BenchmarkChatMessagesAfter reads a chat's new messages after the last
// one a client has, as a client resuming or polling does.
func BenchmarkChatMessagesAfter(b *testing.B) {
	for _, d := range storetest.Dialects {
		b.Run(d, func(b *testing.B) {
			db := storetest.Open(b, d)
			ids, secrets := benchChats(b, db, 50)
			ctx := context.Background()
			for i := range 20 {
				for c := range ids {
					if _, err := db.PostResident(ctx, ids[c], secrets[c], fmt.Sprint(i), circNow.Add(time.Duration(i)*4*time.Second)); err != nil {
						b.Fatal(err)
					}
				}
			}
			// Each client has all but its chat's last five messages.
			after := make([]int64, len(ids))
			for c, id := range ids {
				ms, err := db.Messages(ctx, id, 0, 0)
				if err != nil {
					b.Fatal(err)
				}
				after[c] = ms[len(ms)-6].ID
			}
			var n atomic.Int64
			b.ResetTimer()
			b.RunParallel(func(pb *testing.PB) {
				for pb.Next() {
					c := int(n.Add(1)) % len(ids)
					ms, err := db.Messages(ctx, ids[c], after[c], 0)
					if err != nil || len(ms) != 5 {
						b.Errorf("%d messages, %v", len(ms), err)
						return
					}
				}
			})
		})
	}
}
