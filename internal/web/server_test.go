package web

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/kirjasto/kirjasto/internal/i18n"
	"github.com/kirjasto/kirjasto/internal/library"
)

func TestHTTPStatus(t *testing.T) {
	tests := []struct {
		err  error
		want int
	}{
		{library.Errorf(library.ENOTFOUND, "x"), 404},
		{library.Errorf(library.EINVALID, "x"), 400},
		{library.Errorf(library.ECONFLICT, "x"), 409},
		{library.Errorf(library.EUNAUTHORIZED, "x"), 401},
		{library.Errorf(library.EFORBIDDEN, "x"), 403},
		{library.Errorf(library.EINTERNAL, "x"), 500},
		{fmt.Errorf("wrapped: %w", library.Errorf(library.ENOTFOUND, "x")), 404},
		{errors.New("disk on fire"), 500},
	}
	for _, tt := range tests {
		if got := HTTPStatus(library.ErrorCode(tt.err)); got != tt.want {
			t.Errorf("httpStatus(%v) = %d, want %d", tt.err, got, tt.want)
		}
	}
}

// errorServer is a Server without a database, for testing the error path.
func errorServer(t *testing.T, logs *bytes.Buffer) *Server {
	t.Helper()
	b, err := i18n.New()
	if err != nil {
		t.Fatal(err)
	}
	s := &Server{i18n: b, log: slog.New(slog.NewTextHandler(logs, nil))}
	if s.static, err = loadStatic(); err != nil {
		t.Fatal(err)
	}
	if s.pages, err = s.parseTemplates(nil); err != nil {
		t.Fatal(err)
	}
	return s
}

func TestServeErrorHidesInternals(t *testing.T) {
	var logs bytes.Buffer
	s := errorServer(t, &logs)
	tests := []struct {
		err     error
		status  int
		code    string
		message string
		logged  bool
	}{
		{errors.New("pq: password authentication failed"), 500, "internal", "error.internal", true},
		{&library.Error{Code: library.ECONFLICT, Key: "error.item_status_changed"}, 409, "conflict", "error.item_status_changed", false},
		{&library.Error{Code: library.EFORBIDDEN, Key: "error.no_such_key"}, 403, "forbidden", "error.forbidden", false},
		{&library.Error{Code: library.EUNAUTHORIZED}, 401, "unauthorized", "error.unauthorized", false},
	}
	for _, tt := range tests {
		for _, lang := range []string{"fi", "ru"} {
			logs.Reset()
			req := httptest.NewRequest("GET", "/api/v1/x?lang="+lang, nil)
			w := httptest.NewRecorder()
			s.serveError(w, req, tt.err, true)
			var eb ErrorBody
			if err := json.Unmarshal(w.Body.Bytes(), &eb); err != nil {
				t.Fatal(err)
			}
			want := ErrorBody{}
			want.Error.Code, want.Error.Message = tt.code, s.I18n().T(lang, tt.message, nil)
			if w.Code != tt.status {
				t.Errorf("%v: status %d, want %d", tt.err, w.Code, tt.status)
			}
			if diff := cmp.Diff(want, eb); diff != "" {
				t.Errorf("%v (-want +got):\n%s", tt.err, diff)
			}
			if got := logs.Len() > 0; got != tt.logged {
				t.Errorf("%v: logged = %v, want %v", tt.err, got, tt.logged)
			}
			if strings.Contains(w.Body.String(), "password") {
				t.Errorf("%v: internal detail leaked", tt.err)
			}
		}
	}
}

func TestRecoverPanics(t *testing.T) {
	var logs bytes.Buffer
	s := errorServer(t, &logs)
	h := s.recoverPanics(http.HandlerFunc(func(http.ResponseWriter, *http.Request) { panic("boom") }))
	for _, path := range []string{"/records/1?lang=sv", "/api/v1/records/1?lang=sv"} {
		w := httptest.NewRecorder()
		h.ServeHTTP(w, httptest.NewRequest("GET", path, nil))
		if w.Code != 500 {
			t.Errorf("%s: status %d, want 500", path, w.Code)
		}
		if !strings.Contains(w.Body.String(), "Ett oväntat fel") {
			t.Errorf("%s: no Swedish error message:\n%s", path, w.Body.String())
		}
		if !strings.Contains(logs.String(), "boom") {
			t.Errorf("%s: panic not logged", path)
		}
	}
}
