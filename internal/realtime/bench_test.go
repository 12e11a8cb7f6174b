package realtime

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/kirjasto/kirjasto/internal/store/storetest"
)

// The delivery path alone (issue 16, point 7): benchChats open chats on
// one node, each a conversation that sends a message and waits until the
// other side has it: as fast as it can, or (Paced) about every
// benchPace, the rate of 500 chats where resident and librarian each
// write every 2.5 s. The message's event carries the time it was
// published; the latency is publish to receipt. The figures with the
// store and the WebSocket endpoints are `kirjasto bench chat`'s.
//
//	go test -run '^$' -bench Delivery ./internal/realtime
const (
	benchChats = 500
	benchPace  = 1250 * time.Millisecond
)

func BenchmarkDeliveryLocal(b *testing.B) {
	br := NewLocal()
	defer br.Close()
	benchDelivery(b, br, br, 0)
}

// BenchmarkDeliveryPostgres publishes on one broker and receives on
// another, two nodes on one database.
func BenchmarkDeliveryPostgres(b *testing.B) {
	pub, sub := twoNodes(b)
	benchDelivery(b, pub, sub, 0)
}

func BenchmarkDeliveryPostgresPaced(b *testing.B) {
	pub, sub := twoNodes(b)
	benchDelivery(b, pub, sub, benchPace)
}

// twoNodes returns two Postgres brokers on one database.
func twoNodes(b *testing.B) (*Broker, *Broker) {
	dsn := storetest.PostgresDSN(b)
	pub, err := NewPostgres(context.Background(), dsn, nil)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { pub.Close() })
	sub, err := NewPostgres(context.Background(), dsn, nil)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { sub.Close() })
	return pub, sub
}

func benchDelivery(b *testing.B, pub, sub *Broker, pace time.Duration) {
	ctx := context.Background()
	chans := make([]<-chan []byte, benchChats)
	for i := range chans {
		ch, cancel := sub.Subscribe(fmt.Sprintf("chat:%d", i))
		defer cancel()
		chans[i] = ch
	}
	// Each chat sends its share of b.N messages.
	per := max(1, b.N/benchChats)
	lat := make([][]time.Duration, benchChats)
	var wg sync.WaitGroup
	b.ResetTimer()
	start := time.Now()
	for i := range benchChats {
		wg.Go(func() {
			topic := fmt.Sprintf("chat:%d", i)
			for range per {
				if pace > 0 {
					time.Sleep(pace/2 + rand.N(pace))
				}
				ev := strconv.AppendInt(nil, time.Now().UnixNano(), 10)
				if err := pub.Publish(ctx, topic, ev); err != nil {
					b.Error(err)
					return
				}
				got := <-chans[i]
				if IsResync(got) {
					b.Error("resync in a conversation that waits for each message")
					return
				}
				sent, _ := strconv.ParseInt(string(got), 10, 64)
				lat[i] = append(lat[i], time.Duration(time.Now().UnixNano()-sent))
			}
		})
	}
	wg.Wait()
	took := time.Since(start)
	b.StopTimer()
	all := slices.Concat(lat...)
	slices.Sort(all)
	if len(all) == 0 {
		return
	}
	b.ReportMetric(float64(len(all))/took.Seconds(), "msgs/s")
	b.ReportMetric(float64(all[len(all)/2])/1e6, "p50-ms")
	b.ReportMetric(float64(all[len(all)*99/100])/1e6, "p99-ms")
}
