package oai

import (
	"encoding/base64"
	"strconv"
	"strings"
	"time"
)

// token is the state of a list between pages: the request's format, set
// and datestamp range, with the range's end fixed when the list began,
// and the last record ID listed. Records are listed in ID order, so the
// next page is simply the records after that ID, whatever has been added
// or changed since.
type token struct {
	prefix      string
	set         string
	from, until time.Time // until is exclusive and never zero in a token
	after       int64
	cursor      int // records listed before this page
}

const tokenVersion = "1"

// String encodes the token. It is opaque to harvesters, URL-safe, and
// needs no state on the server, so any node of a cluster can resume it
// and it never expires.
func (t token) String() string {
	from := int64(0)
	if !t.from.IsZero() {
		from = t.from.UnixMicro()
	}
	fields := []string{tokenVersion, t.prefix, t.set, strconv.FormatInt(from, 10),
		strconv.FormatInt(t.until.UnixMicro(), 10), strconv.FormatInt(t.after, 10), strconv.Itoa(t.cursor)}
	return base64.RawURLEncoding.EncodeToString([]byte(strings.Join(fields, "\n")))
}

// parseToken decodes a token that String made.
func parseToken(s string) (token, *protoError) {
	bad := errorf(BadResumptionToken, "the resumption token is not one this repository gave")
	b, err := base64.RawURLEncoding.DecodeString(s)
	if err != nil {
		return token{}, bad
	}
	f := strings.Split(string(b), "\n")
	if len(f) != 7 || f[0] != tokenVersion || checkFormat(f[1]) != nil {
		return token{}, bad
	}
	var n [4]int64
	for i, s := range f[3:] {
		if n[i], err = strconv.ParseInt(s, 10, 64); err != nil || n[i] < 0 {
			return token{}, bad
		}
	}
	t := token{prefix: f[1], set: f[2], until: time.UnixMicro(n[1]).UTC(), after: n[2], cursor: int(n[3])}
	if n[0] != 0 {
		t.from = time.UnixMicro(n[0]).UTC()
	}
	if n[1] == 0 || t.cursor == 0 && t.after != 0 {
		return token{}, bad
	}
	return t, nil
}
