// Package http serves kronika's JSON API and web UI from one binary: the
// standard library's router, templates and embedded assets, and Prometheus
// metrics. It reads and writes through a kronika.Store and knows nothing
// of the backend behind it.
package http

import (
	"context"
	"crypto/subtle"
	"embed"
	"encoding/json"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"log/slog"
	"net"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/kronika/kronika"
	"github.com/kronika/kronika/claim"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

//go:embed ui
var assets embed.FS

// IngestFunc analyses raw documents and stores them, as `kronika ingest`
// does; the server calls it for POST /api/articles.
type IngestFunc func(ctx context.Context, docs []*kronika.Document) ([]kronika.PutStatus, error)

// Server is the HTTP API and web UI.
type Server struct {
	store  kronika.Store
	ingest IngestFunc
	ledger *ledger // nil: no claim ledger
	token  string
	// private makes reading need the token too; otherwise reading is open
	// (the default address is the loopback one).
	private bool

	mux      *http.ServeMux
	tmpl     map[string]*template.Template
	registry *prometheus.Registry
	requests *prometheus.CounterVec
	latency  *prometheus.HistogramVec
	// Ingested counts stored articles by outcome (inserted, updated,
	// unchanged, failed), whoever stored them.
	Ingested *prometheus.CounterVec
	log      *slog.Logger
}

// Options configure a Server.
type Options struct {
	Ingest  IngestFunc // nil: POST /api/articles answers 501
	Token   string     // bearer token for writing; "" disables writing
	Private bool       // reading needs the token too
	Logger  *slog.Logger
	// Ledger returns an empty claim ledger; nil serves no claims. The
	// server fills it with RebuildClaims and keeps it up to date.
	Ledger func() *claim.Ledger
}

// NewServer builds the server and its routes.
func NewServer(st kronika.Store, o Options) (*Server, error) {
	s := &Server{store: st, ingest: o.Ingest, token: o.Token, private: o.Private, mux: http.NewServeMux(), log: o.Logger}
	if s.log == nil {
		s.log = slog.New(slog.DiscardHandler)
	}
	if o.Ledger != nil {
		s.ledger = &ledger{build: o.Ledger}
	}
	if err := s.parseTemplates(); err != nil {
		return nil, err
	}
	s.registry = prometheus.NewRegistry()
	s.requests = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "kronika_http_requests_total", Help: "HTTP requests by route, method and status code.",
	}, []string{"route", "method", "code"})
	s.latency = prometheus.NewHistogramVec(prometheus.HistogramOpts{
		Name: "kronika_http_request_duration_seconds", Help: "HTTP request latency by route.",
		Buckets: []float64{.0005, .001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5},
	}, []string{"route"})
	s.Ingested = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "kronika_articles_ingested_total", Help: "Articles ingested by outcome.",
	}, []string{"status"})
	s.registry.MustRegister(s.requests, s.latency, s.Ingested,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	s.routes()
	return s, nil
}

func (s *Server) routes() {
	api := func(pattern string, h func(http.ResponseWriter, *http.Request) error) {
		s.mux.Handle(pattern, s.read(apiHandler(h)))
	}
	api("GET /api/articles", s.listArticles)
	api("GET /api/articles/{id}", s.getArticle)
	s.mux.Handle("POST /api/articles", s.write(apiHandler(s.postArticles)))
	api("GET /api/entities", s.listEntities)
	api("GET /api/entities/{id}", s.getEntity)
	api("GET /api/entities/{id}/articles", s.entityArticles)
	api("GET /api/entities/{id}/quotes", s.entityQuotes)
	api("GET /api/entities/{id}/timeline", s.entityTimeline)
	api("GET /api/entities/{id}/events", s.entityEvents)
	api("GET /api/events", s.listEvents)
	api("GET /api/quotes", s.listQuotes)
	api("GET /api/search", s.search)
	api("GET /api/claims", s.claims)
	api("GET /api/corrections", s.listCorrections)
	s.mux.Handle("POST /api/corrections", s.write(apiHandler(s.postCorrection)))
	api("GET /api/stats", s.stats)
	s.mux.HandleFunc("GET /api/openapi.json", s.openAPI)
	s.mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) { fmt.Fprintln(w, "ok") })
	s.mux.Handle("GET /metrics", promhttp.HandlerFor(s.registry, promhttp.HandlerOpts{}))
	s.mux.Handle("/api/", apiHandler(func(w http.ResponseWriter, r *http.Request) error {
		return errorf(http.StatusNotFound, "no such endpoint: %s %s", r.Method, r.URL.Path)
	}))

	static, _ := fs.Sub(assets, "ui/static")
	s.mux.Handle("GET /static/", http.StripPrefix("/static/", cacheFor(http.FileServerFS(static))))
	s.uiRoutes()
}

// ServeHTTP records metrics around the router.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	t := time.Now()
	rw := &statusWriter{ResponseWriter: w, code: http.StatusOK}
	s.mux.ServeHTTP(rw, r)
	route := r.Pattern
	if route == "" {
		route = "unmatched"
	}
	s.requests.WithLabelValues(route, r.Method, strconv.Itoa(rw.code)).Inc()
	s.latency.WithLabelValues(route).Observe(time.Since(t).Seconds())
}

type statusWriter struct {
	http.ResponseWriter
	code int
}

func (w *statusWriter) WriteHeader(code int) {
	w.code = code
	w.ResponseWriter.WriteHeader(code)
}

// Serve serves on l until ctx is done, then shuts down gracefully.
func (s *Server) Serve(ctx context.Context, l net.Listener) error {
	hs := &http.Server{Handler: s, ReadHeaderTimeout: 10 * time.Second}
	done := make(chan error, 1)
	go func() {
		<-ctx.Done()
		sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
		defer cancel()
		done <- hs.Shutdown(sctx)
	}()
	if err := hs.Serve(l); !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return <-done
}

func cacheFor(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "public, max-age=3600")
		h.ServeHTTP(w, r)
	})
}

// httpError is an error with the status code to answer.
type httpError struct {
	code int
	msg  string
}

func (e *httpError) Error() string { return e.msg }

func errorf(code int, format string, args ...any) error {
	return &httpError{code, fmt.Sprintf(format, args...)}
}

// apiHandler turns an error into a JSON error response.
type apiHandler func(http.ResponseWriter, *http.Request) error

func (h apiHandler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	err := h(w, r)
	if err == nil {
		return
	}
	code, msg := http.StatusInternalServerError, "internal error"
	var he *httpError
	switch {
	case errors.As(err, &he):
		code, msg = he.code, he.msg
	case errors.Is(err, kronika.ErrNotFound):
		code, msg = http.StatusNotFound, "not found"
	case errors.Is(err, context.Canceled):
		code, msg = 499, "canceled"
	}
	writeJSON(w, code, map[string]string{"error": msg})
}

func writeJSON(w http.ResponseWriter, code int, v any) error {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(code)
	return json.NewEncoder(w).Encode(v)
}

// authorized reports whether a request carries the token, as a bearer
// token or in the UI's cookie.
func (s *Server) authorized(r *http.Request) bool {
	if s.token == "" {
		return false
	}
	got := ""
	if h := r.Header.Get("Authorization"); strings.HasPrefix(h, "Bearer ") {
		got = strings.TrimPrefix(h, "Bearer ")
	} else if c, err := r.Cookie(cookieName); err == nil {
		got = c.Value
	}
	return subtle.ConstantTimeCompare([]byte(got), []byte(s.token)) == 1
}

// write guards a handler that changes the store.
func (s *Server) write(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if s.token == "" {
			writeJSON(w, http.StatusForbidden, map[string]string{"error": "writing is disabled: start the server with a token"})
			return
		}
		if !s.authorized(r) {
			w.Header().Set("WWW-Authenticate", `Bearer realm="kronika"`)
			writeJSON(w, http.StatusUnauthorized, map[string]string{"error": "a valid bearer token is required"})
			return
		}
		h.ServeHTTP(w, r)
	})
}

// read guards a handler that only reads: open unless the server is
// private.
func (s *Server) read(h http.Handler) http.Handler {
	if !s.private {
		return h
	}
	return s.write(h)
}

// page reads offset and limit.
func page(r *http.Request) (kronika.Page, error) {
	var p kronika.Page
	for _, f := range []struct {
		name string
		v    *int
	}{{"offset", &p.Offset}, {"limit", &p.Limit}} {
		if s := r.URL.Query().Get(f.name); s != "" {
			n, err := strconv.Atoi(s)
			if err != nil || n < 0 {
				return p, errorf(http.StatusBadRequest, "%s: want a non-negative integer, got %q", f.name, s)
			}
			*f.v = n
		}
	}
	if p.Limit > kronika.MaxLimit {
		return p, errorf(http.StatusBadRequest, "limit: at most %d", kronika.MaxLimit)
	}
	return p.Norm(), nil
}

// pageOr reads a page as page does, of n items when the request sets no
// limit: the pages of the UI show more or fewer than the API's default.
func pageOr(r *http.Request, n int) (kronika.Page, error) {
	p, err := page(r)
	if err == nil && r.URL.Query().Get("limit") == "" {
		p.Limit = n
	}
	return p, err
}

func filter(r *http.Request) kronika.Filter {
	q := r.URL.Query()
	return kronika.Filter{Entities: q["entity"], Lang: q.Get("lang"), Source: q.Get("source"), From: q.Get("from"), To: q.Get("to")}
}

func pathID(r *http.Request) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		return 0, errorf(http.StatusBadRequest, "entity id: want a positive integer, got %q", r.PathValue("id"))
	}
	return id, nil
}
