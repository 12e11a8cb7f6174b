// Package metrics is what operators' Prometheus scrapes: HTTP requests and
// latencies by route, search latency, the database pools, the periodic
// sweeps, SIP2 sessions and notices. The server serves it on an address
// of its own (serve --metrics-addr), never on the public one.
//
// Every method works on a nil *Metrics and does nothing, so the packages
// that report need not ask whether metrics are on.
package metrics

import (
	"database/sql"
	"net/http"
	"strconv"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// Metrics holds Kirjasto's collectors in a registry of its own.
type Metrics struct {
	reg *prometheus.Registry

	requests      *prometheus.CounterVec
	latency       *prometheus.HistogramVec
	search        prometheus.Histogram
	sweepRuns     *prometheus.CounterVec
	sweepFailures *prometheus.CounterVec
	sweepItems    *prometheus.CounterVec
	sip2Open      prometheus.Gauge
	sip2Total     prometheus.Counter
	notices       *prometheus.CounterVec
}

// New returns metrics with every family registered, and the Go runtime's
// and the process's own.
func New() *Metrics {
	m := &Metrics{
		reg: prometheus.NewRegistry(),
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "kirjasto_http_requests_total",
			Help: "HTTP requests by route pattern, method and status code.",
		}, []string{"route", "method", "code"}),
		latency: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "kirjasto_http_request_duration_seconds",
			Help:    "Time to answer an HTTP request, by route pattern.",
			Buckets: prometheus.DefBuckets,
		}, []string{"route"}),
		search: prometheus.NewHistogram(prometheus.HistogramOpts{
			Name:    "kirjasto_search_duration_seconds",
			Help:    "Time the search index takes to answer a query.",
			Buckets: []float64{.001, .0025, .005, .01, .025, .05, .1, .25, .5, 1},
		}),
		sweepRuns: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "kirjasto_sweep_runs_total",
			Help: "Runs of each periodic sweep.",
		}, []string{"sweep"}),
		sweepFailures: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "kirjasto_sweep_failures_total",
			Help: "Failed runs of each periodic sweep.",
		}, []string{"sweep"}),
		sweepItems: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "kirjasto_sweep_items_total",
			Help: "What each sweep did: holds expired, loans renewed, days rolled up and so on.",
		}, []string{"sweep"}),
		sip2Open: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "kirjasto_sip2_sessions_open",
			Help: "SIP2 connections open now.",
		}),
		sip2Total: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "kirjasto_sip2_sessions_total",
			Help: "SIP2 connections accepted.",
		}),
		notices: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "kirjasto_notices_total",
			Help: "Notices by channel and outcome: a delivery (sent, account, no_address, no_mail_server, no_sms_gateway) or try_failed.",
		}, []string{"channel", "outcome"}),
	}
	m.reg.MustRegister(m.requests, m.latency, m.search, m.sweepRuns, m.sweepFailures, m.sweepItems,
		m.sip2Open, m.sip2Total, m.notices,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	return m
}

// Handler serves the metrics in Prometheus's text format.
func (m *Metrics) Handler() http.Handler {
	return promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{Registry: m.reg})
}

// WatchDB reports a database pool's statistics (sql.DB.Stats) under
// go_sql_* with db_name set to name.
func (m *Metrics) WatchDB(name string, db *sql.DB) {
	if m == nil {
		return
	}
	m.reg.MustRegister(collectors.NewDBStatsCollector(db, name))
}

// Middleware counts and times the requests next answers. route names the
// request's route pattern, never its path, so that IDs and queries in
// paths do not make a label each.
func (m *Metrics) Middleware(next http.Handler, route func(*http.Request) string) http.Handler {
	if m == nil {
		return next
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		pattern := route(r)
		if pattern == "" {
			pattern = "unmatched"
		}
		rec := &recorder{ResponseWriter: w, code: http.StatusOK}
		next.ServeHTTP(rec, r)
		m.latency.WithLabelValues(pattern).Observe(time.Since(start).Seconds())
		m.requests.WithLabelValues(pattern, r.Method, strconv.Itoa(rec.code)).Inc()
	})
}

// ObserveSearch records how long a search took.
func (m *Metrics) ObserveSearch(d time.Duration) {
	if m == nil {
		return
	}
	m.search.Observe(d.Seconds())
}

// Sweep records a run of the named sweep: n things done, or err.
func (m *Metrics) Sweep(name string, n int, err error) {
	if m == nil {
		return
	}
	m.sweepRuns.WithLabelValues(name).Inc()
	if err != nil {
		m.sweepFailures.WithLabelValues(name).Inc()
		return
	}
	m.sweepItems.WithLabelValues(name).Add(float64(n))
}

// SIP2Session records a SIP2 connection opening, and returns the func
// that records it closing.
func (m *Metrics) SIP2Session() (closed func()) {
	if m == nil {
		return func() {}
	}
	m.sip2Total.Inc()
	m.sip2Open.Inc()
	return m.sip2Open.Dec
}

// Notice records what became of a notice on a channel.
func (m *Metrics) Notice(channel, outcome string) {
	if m == nil {
		return
	}
	m.notices.WithLabelValues(channel, outcome).Inc()
}

// recorder keeps the status code a handler wrote.
type recorder struct {
	http.ResponseWriter
	code    int
	written bool
}

func (r *recorder) WriteHeader(code int) {
	if !r.written {
		r.code, r.written = code, true
	}
	r.ResponseWriter.WriteHeader(code)
}

func (r *recorder) Write(b []byte) (int, error) {
	r.written = true
	return r.ResponseWriter.Write(b)
}

// Unwrap lets http.ResponseController reach the real writer (to flush,
// or to hijack for a WebSocket).
func (r *recorder) Unwrap() http.ResponseWriter { return r.ResponseWriter }
