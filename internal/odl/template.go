package odl

import (
	"fmt"
	"net/url"
	"strings"
)

// expand expands an RFC 6570 URI template with string values, at level 3
// without modifiers (no prefixes, no explode), which is what ODL's
// checkout and LSD's return links use: {var}, {+var}, {?a,b}, {&a,b},
// {/a}. Variables without a value are left out, as RFC 6570 says.
func expand(tmpl string, vars map[string]string) (string, error) {
	var b strings.Builder
	for {
		i := strings.IndexByte(tmpl, '{')
		if i < 0 {
			b.WriteString(tmpl)
			return b.String(), nil
		}
		j := strings.IndexByte(tmpl[i:], '}')
		if j < 0 {
			return "", fmt.Errorf("an unclosed expression in the URI template")
		}
		b.WriteString(tmpl[:i])
		expr := tmpl[i+1 : i+j]
		tmpl = tmpl[i+j+1:]
		op := ""
		if expr != "" && strings.ContainsRune("+#./;?&", rune(expr[0])) {
			op, expr = expr[:1], expr[1:]
		}
		first := true
		for _, name := range strings.Split(expr, ",") {
			if strings.ContainsAny(name, ":*") {
				return "", fmt.Errorf("URI template modifiers are not supported")
			}
			v, ok := vars[name]
			if !ok {
				continue
			}
			sep := ","
			if first {
				switch op {
				case "?":
					sep = "?"
				case "&":
					sep = "&"
				case "/":
					sep = "/"
				case "#":
					sep = "#"
				case ".":
					sep = "."
				case ";":
					sep = ";"
				default:
					sep = ""
				}
			} else {
				switch op {
				case "?", "&":
					sep = "&"
				case "/", ".", ";":
					sep = op
				}
			}
			first = false
			b.WriteString(sep)
			switch op {
			case "?", "&":
				b.WriteString(name + "=" + escape(v))
			case ";":
				b.WriteString(name)
				if v != "" {
					b.WriteString("=" + escape(v))
				}
			case "+", "#":
				b.WriteString(reserved(v))
			default:
				b.WriteString(escape(v))
			}
		}
	}
}

// templateVars lists the variables a URI template names.
func templateVars(tmpl string) map[string]bool {
	vars := map[string]bool{}
	for {
		i := strings.IndexByte(tmpl, '{')
		if i < 0 {
			return vars
		}
		j := strings.IndexByte(tmpl[i:], '}')
		if j < 0 {
			return vars
		}
		expr := strings.TrimLeft(tmpl[i+1:i+j], "+#./;?&")
		for _, name := range strings.Split(expr, ",") {
			name = strings.TrimRight(strings.SplitN(name, ":", 2)[0], "*")
			if name != "" {
				vars[name] = true
			}
		}
		tmpl = tmpl[i+j+1:]
	}
}

// escape percent-encodes all but RFC 3986's unreserved characters.
func escape(s string) string {
	return strings.ReplaceAll(url.QueryEscape(s), "+", "%20")
}

// reserved percent-encodes all but unreserved and reserved characters.
func reserved(s string) string {
	var b strings.Builder
	for _, c := range []byte(s) {
		if c < 0x80 && (isAlnum(c) || strings.IndexByte("-._~:/?#[]@!$&'()*+,;=%", c) >= 0) {
			b.WriteByte(c)
		} else {
			fmt.Fprintf(&b, "%%%02X", c)
		}
	}
	return b.String()
}

func isAlnum(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}
