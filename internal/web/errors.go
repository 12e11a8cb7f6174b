package web

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/url"

	"github.com/kirjasto/kirjasto/internal/library"
)

// HTTPStatus maps a domain error code to an HTTP status. It is the one
// place that does, so pages and the API always agree.
func HTTPStatus(code string) int {
	switch code {
	case library.ENOTFOUND:
		return http.StatusNotFound
	case library.EINVALID:
		return http.StatusBadRequest
	case library.ECONFLICT:
		return http.StatusConflict
	case library.EUNAUTHORIZED:
		return http.StatusUnauthorized
	case library.EFORBIDDEN:
		return http.StatusForbidden
	case errMethodNotAllowed:
		return http.StatusMethodNotAllowed
	}
	return http.StatusInternalServerError
}

// ErrorBody is the one error format of the JSON API.
type ErrorBody struct {
	Error struct {
		Code    string `json:"code"`
		Message string `json:"message"`
	} `json:"error"`
}

// errorPage is the data of the error page.
type errorPage struct {
	Status  int
	Message string
	// Back, when set, is a better way on than the front page, such as the
	// first page of a search whose page number ran past its end.
	Back, BackText string
}

// serveError shows err to the user in their language, as JSON for the API
// and as a page otherwise. Only internal errors are logged: the others are
// the user's to fix, and their text tells them how.
func (s *Server) serveError(w http.ResponseWriter, r *http.Request, err error, api bool) {
	code := library.ErrorCode(err)
	status := HTTPStatus(code)
	down := status == http.StatusInternalServerError && unavailable(err)
	if status == http.StatusInternalServerError {
		msg := "serving request"
		if down {
			msg = "serving request: database unavailable"
		}
		if s.LogFailure(r, msg, err, "method", r.Method, "url", r.URL.String()) {
			return // nobody is there to read an error page
		}
		code = library.EINTERNAL
	}
	lang := s.Lang(r)
	key := library.ErrorKey(err)
	if status == http.StatusInternalServerError || !s.I18n().Has(lang, key) {
		// Never show the user a raw key, nor an internal error's details.
		key = "error." + code
	}
	if down {
		// Not a fault of ours to apologise for vaguely: the database is
		// out of reach for now, and a retry soon may well work.
		status, code, key = http.StatusServiceUnavailable, "unavailable", "error.database_unavailable"
		w.Header().Set("Retry-After", "10")
	}
	msg := s.ErrorMessage(lang, key, err)
	w.Header().Set("Cache-Control", "no-store")
	if api {
		var body ErrorBody
		body.Error.Code, body.Error.Message = code, msg
		WriteJSON(w, status, body)
		return
	}
	ep := errorPage{Status: status, Message: msg}
	var le *library.Error
	if errors.As(err, &le) && le.Key == "error.page_past_end" {
		v := r.URL.Query()
		v.Del(ParamPage)
		ep.Back = (&url.URL{Path: r.URL.Path, RawQuery: v.Encode()}).String()
		ep.BackText = s.I18n().T(lang, "error.back_first_page", nil)
	}
	s.Render(w, r, status, "error", s.I18n().T(lang, "error.title", nil), ep)
}

// LogFailure logs err as an error of the server, unless the client has
// gone: a closed tab or a dropped connection cancels the request's
// context, and what fails because of it is the client's doing, worth a
// debug line at most. It reports whether the client has gone.
func (s *Server) LogFailure(r *http.Request, msg string, err error, args ...any) (gone bool) {
	args = append(args, "err", err)
	if r.Context().Err() != nil || errors.Is(err, context.Canceled) {
		s.Logger().Debug(msg+" (client gone)", args...)
		return true
	}
	s.Logger().Error(msg, args...)
	return false
}

// WriteJSON writes v as the JSON response.
func WriteJSON(w http.ResponseWriter, status int, v any) {
	h := w.Header()
	h.Set("Content-Type", "application/json; charset=utf-8")
	if h.Get("Cache-Control") == "" {
		h.Set("Cache-Control", "no-cache") // availability changes by the minute
	}
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.Encode(v) // a failed write means the client has gone
}
