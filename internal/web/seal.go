package web

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"net/http"
	"time"
)

// Sealed cookies: what a POST must show once on the page it redirects to
// (a generated password, recovery codes) or keep for a few minutes (the
// secret of a second factor being set up). A form answers 303 See Other,
// so the secret cannot travel in the answer itself, nor in the URL (it
// would stay in the history and the logs).
//
// A sealed cookie is encrypted and authenticated (AES-GCM) with a key
// derived from the session cookie (the staff member's or the patron's),
// which every node sees in the request and nobody else knows: it cannot
// be read, forged, or carried into another session, and the server keeps
// nothing.

// sealKey derives the key of a request's sealed cookies under the session
// cookie session, or nil without a session.
func sealKey(r *http.Request, session string) []byte {
	c, err := r.Cookie(session)
	if err != nil || c.Value == "" {
		return nil
	}
	label := "kirjasto admin seal\x00"
	if session != StaffCookie {
		label = "kirjasto seal " + session + "\x00"
	}
	k := sha256.Sum256([]byte(label + c.Value))
	return k[:]
}

// sealed is what a sealed cookie holds.
type sealed struct {
	Expires int64           `json:"e"`
	Value   json.RawMessage `json:"v"`
}

// Seal sets the cookie name, for path, to v for ttl, sealed under the
// session cookie session (StaffCookie or PatronCookie). It reports
// whether it did: without a session there is no key.
func (s *Server) Seal(w http.ResponseWriter, r *http.Request, session, name, path string, ttl time.Duration, v any) bool {
	key := sealKey(r, session)
	if key == nil {
		return false
	}
	val, err := json.Marshal(v)
	if err != nil {
		return false
	}
	box, err := json.Marshal(sealed{Expires: s.Now().Add(ttl).Unix(), Value: val})
	if err != nil {
		return false
	}
	gcm, err := newGCM(key)
	if err != nil {
		return false
	}
	nonce := make([]byte, gcm.NonceSize())
	rand.Read(nonce)
	out := gcm.Seal(nonce, nonce, box, []byte(name))
	http.SetCookie(w, &http.Cookie{Name: name, Value: base64.RawURLEncoding.EncodeToString(out), Path: path,
		MaxAge: int(ttl / time.Second), HttpOnly: true, SameSite: http.SameSiteLaxMode, Secure: s.Secure(r)})
	return true
}

// Unseal reads the sealed cookie name into v, reporting whether it held a
// live value of the session cookie session.
func (s *Server) Unseal(r *http.Request, session, name string, v any) bool {
	c, err := r.Cookie(name)
	key := sealKey(r, session)
	if err != nil || key == nil {
		return false
	}
	data, err := base64.RawURLEncoding.DecodeString(c.Value)
	if err != nil {
		return false
	}
	gcm, err := newGCM(key)
	if err != nil || len(data) < gcm.NonceSize() {
		return false
	}
	box, err := gcm.Open(nil, data[:gcm.NonceSize()], data[gcm.NonceSize():], []byte(name))
	if err != nil {
		return false
	}
	var b sealed
	if json.Unmarshal(box, &b) != nil || s.Now().Unix() > b.Expires {
		return false
	}
	return json.Unmarshal(b.Value, v) == nil
}

// DropCookie deletes the cookie name of path.
func (s *Server) DropCookie(w http.ResponseWriter, r *http.Request, name, path string) {
	http.SetCookie(w, &http.Cookie{Name: name, Value: "", Path: path, MaxAge: -1,
		HttpOnly: true, SameSite: http.SameSiteLaxMode, Secure: s.Secure(r)})
}

func newGCM(key []byte) (cipher.AEAD, error) {
	b, err := aes.NewCipher(key)
	if err != nil {
		return nil, err
	}
	return cipher.NewGCM(b)
}
