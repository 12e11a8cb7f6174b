package desk

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"net/http"
	"strings"
	"time"
)

// Flashes: what a POST did, carried to the page it redirects to.
//
// A form that changes something answers 303 See Other, so that reloading
// the page that follows does not post again. When what happened is more
// than a ?done= parameter can say (the desk's lines of news, where a
// returned item goes), the POST puts it in a flash: a cookie that lives
// for a minute, is read once by the next GET and is then deleted. The
// server keeps nothing, so any node can show it.
//
// A flash is signed with a key derived from the session cookie of the
// person it is for, which every node sees in the request and nobody else
// knows: a flash cannot be forged or planted (say, from a sibling
// subdomain) to make a page report something that did not happen, nor
// carried over into another session.

// flashTTL is how long a flash waits for the GET it is for.
const flashTTL = time.Minute

// maxFlash bounds a flash's encoded size, well inside the 4 KB a browser
// keeps for a cookie.
const maxFlash = 3500

// flashBox is a flash as the cookie holds it.
type flashBox struct {
	Expires int64           `json:"e"`
	Value   json.RawMessage `json:"v"`
}

// flashKey returns the key that signs a request's flashes: a hash of its
// session cookie, or nil when it has none.
func flashKey(r *http.Request, sessionCookie string) []byte {
	c, err := r.Cookie(sessionCookie)
	if err != nil || c.Value == "" {
		return nil
	}
	k := sha256.Sum256([]byte("kirjasto flash\x00" + c.Value))
	return k[:]
}

func flashSign(key []byte, payload string) string {
	m := hmac.New(sha256.New, key)
	m.Write([]byte(payload))
	return base64.RawURLEncoding.EncodeToString(m.Sum(nil))
}

// putFlash sets the flash cookie name, for path, to v. It reports whether
// it did: a flash too big for a cookie, or a request without a session,
// gets none, and the page that follows shows the state without the news.
func (s *server) putFlash(w http.ResponseWriter, r *http.Request, name, path, sessionCookie string, v any) bool {
	key := flashKey(r, sessionCookie)
	if key == nil {
		return false
	}
	val, err := json.Marshal(v)
	if err != nil {
		return false
	}
	box, err := json.Marshal(flashBox{Expires: s.Now().Add(flashTTL).Unix(), Value: val})
	if err != nil {
		return false
	}
	payload := base64.RawURLEncoding.EncodeToString(box)
	cookie := payload + "." + flashSign(key, payload)
	if len(cookie) > maxFlash {
		return false
	}
	http.SetCookie(w, &http.Cookie{Name: name, Value: cookie, Path: path, MaxAge: int(flashTTL / time.Second),
		HttpOnly: true, SameSite: http.SameSiteLaxMode, Secure: s.Secure(r)})
	return true
}

// takeFlash reads the flash cookie name into v and deletes it, so that a
// reload shows the page without the news. It reports whether there was a
// valid flash.
func (s *server) takeFlash(w http.ResponseWriter, r *http.Request, name, path, sessionCookie string, v any) bool {
	c, err := r.Cookie(name)
	if err != nil {
		return false
	}
	http.SetCookie(w, &http.Cookie{Name: name, Value: "", Path: path, MaxAge: -1,
		HttpOnly: true, SameSite: http.SameSiteLaxMode, Secure: s.Secure(r)})
	key := flashKey(r, sessionCookie)
	payload, sig, ok := strings.Cut(c.Value, ".")
	if key == nil || !ok || !hmac.Equal([]byte(sig), []byte(flashSign(key, payload))) {
		return false
	}
	data, err := base64.RawURLEncoding.DecodeString(payload)
	if err != nil {
		return false
	}
	var box flashBox
	if json.Unmarshal(data, &box) != nil || s.Now().Unix() > box.Expires {
		return false
	}
	return json.Unmarshal(box.Value, v) == nil
}
