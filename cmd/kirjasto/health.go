package main

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"time"

	"github.com/kirjasto/kirjasto/internal/store"
)

// withHealth answers GET /healthz before the site's handler: 200 "ok"
// while the node reaches its database, 503 with what failed when it does
// not. A proxy (nginx, HAProxy; docs/deploy.md) checks it to send
// requests only to nodes that can serve them. It is plain text in no
// language: it is read by machines and by the operator.
func withHealth(next http.Handler, db *store.DB, logger *slog.Logger) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/healthz" || (r.Method != http.MethodGet && r.Method != http.MethodHead) {
			next.ServeHTTP(w, r)
			return
		}
		ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
		defer cancel()
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.Header().Set("Cache-Control", "no-store")
		if err := db.Ping(ctx); err != nil {
			logger.Warn("health check: database unavailable", "err", err)
			w.WriteHeader(http.StatusServiceUnavailable)
			fmt.Fprintf(w, "database unavailable: %v\n", err)
			return
		}
		fmt.Fprintln(w, "ok")
	})
}
