package web

import (
	"encoding/json"
	"io"
	"mime"
	"net/http"
)

// IsJSON reports whether a request's body is JSON: the API takes a form
// or a JSON object alike.
func IsJSON(r *http.Request) bool {
	ct, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	return ct == "application/json"
}

// ReadJSON decodes one JSON object from a body bounded by MaxForm into v;
// anything else is error.api_bad_json.
func ReadJSON(w http.ResponseWriter, r *http.Request, v any) error {
	dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, MaxForm))
	if err := dec.Decode(v); err != nil {
		return Invalid("error.api_bad_json", "request body: %v", err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return Invalid("error.api_bad_json", "request body: data after the object")
	}
	return nil
}
