package sip2

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// schema binds the fields of one typed message to its wire layout. Each
// binding holds pointers into the struct, so the same description serves
// both parsing and encoding and the two cannot drift apart.
type schema struct {
	fixed []fixedField
	vars  []varField // in the specification's order
	extra *[]Field
}

// fixedField is one fixed-length field.
type fixedField struct {
	name   string
	width  int
	format func() string // exactly width bytes
	parse  func(s string, loc *time.Location) error
}

// varField is one variable-length field.
type varField struct {
	id     string
	repeat bool
	// format returns the values to write; force asks for a value even where
	// the field would otherwise be left out.
	format func(force bool) []string
	parse  func(v string, loc *time.Location) error
}

// fStr is a fixed text field. Trailing spaces are padding and are dropped.
func fStr(name string, width int, p *string) fixedField {
	return fixedField{name: name, width: width,
		format: func() string { return fit(*p, width) },
		parse: func(s string, _ *time.Location) error {
			*p = strings.TrimRight(s, " ")
			return nil
		},
	}
}

// fChar is a one-character code. def stands in for the zero value, so that
// a zero struct encodes to a valid message; a NUL received reads as def.
func fChar[T ~byte](name string, p *T, def T) fixedField {
	return fixedField{name: name, width: 1,
		format: func() string {
			if *p == 0 {
				return string(rune(def))
			}
			return string([]byte{byte(*p)})
		},
		parse: func(s string, _ *time.Location) error {
			*p = T(s[0])
			if *p == 0 {
				*p = def
			}
			return nil
		},
	}
}

// fYN is a Y/N flag. Lowercase and a blank (as N) are accepted.
func fYN(name string, p *bool) fixedField {
	return fixedField{name: name, width: 1,
		format: func() string { return yn(*p) },
		parse: func(s string, _ *time.Location) error {
			switch s[0] {
			case 'Y', 'y':
				*p = true
			case 'N', 'n', ' ':
				*p = false
			default:
				return fmt.Errorf("%q is not Y or N", s)
			}
			return nil
		},
	}
}

// fOK is a 0/1 flag, the "ok" of several responses.
func fOK(name string, p *bool) fixedField {
	return fixedField{name: name, width: 1,
		format: func() string {
			if *p {
				return "1"
			}
			return "0"
		},
		parse: func(s string, _ *time.Location) error {
			switch s[0] {
			case '1':
				*p = true
			case '0':
				*p = false
			default:
				return fmt.Errorf("%q is not 0 or 1", s)
			}
			return nil
		},
	}
}

// fTri is a Y/N/U field.
func fTri(name string, p *Tristate) fixedField {
	return fixedField{name: name, width: 1,
		format: func() string {
			if *p != Yes && *p != No {
				return string(rune(Unknown))
			}
			return string(rune(*p))
		},
		parse: func(s string, _ *time.Location) error {
			switch s[0] {
			case 'Y', 'y':
				*p = Yes
			case 'N', 'n':
				*p = No
			case 'U', 'u':
				*p = Unknown
			default:
				return fmt.Errorf("%q is not Y, N or U", s)
			}
			return nil
		},
	}
}

// fNum is a zero-padded number. Blanks are read as zeros, since some
// kiosks pad with spaces.
func fNum[T ~int](name string, width int, p *T) fixedField {
	maxVal := 1
	for range width {
		maxVal *= 10
	}
	return fixedField{name: name, width: width,
		format: func() string {
			return fmt.Sprintf("%0*d", width, min(max(int(*p), 0), maxVal-1))
		},
		parse: func(s string, _ *time.Location) error {
			t := strings.TrimSpace(s)
			if t == "" {
				*p = 0
				return nil
			}
			for i := range len(t) {
				if !isDigit(t[i]) {
					return fmt.Errorf("%q is not a number", s)
				}
			}
			n, err := strconv.Atoi(t)
			*p = T(n)
			return err
		},
	}
}

// fDate is an 18-character date; see [FormatDate].
func fDate(name string, p *time.Time) fixedField {
	return fixedField{name: name, width: dateLen,
		format: func() string { return FormatDate(*p) },
		parse: func(s string, loc *time.Location) error {
			t, err := ParseDate(s, loc)
			*p = t
			return err
		},
	}
}

// fPatronStatus is the 14-character patron status.
func fPatronStatus(p *PatronStatus) fixedField {
	return fixedField{name: "patron status", width: len(p),
		format: func() string { return p.String() },
		parse: func(s string, _ *time.Location) error {
			for i := range p {
				p[i] = s[i] == 'Y' || s[i] == 'y'
			}
			return nil
		},
	}
}

// fSummary is the 10-character summary of message 63.
func fSummary(p *ItemList) fixedField {
	return fixedField{name: "summary", width: summaryLen,
		format: func() string { return p.summary() },
		parse: func(s string, _ *time.Location) error {
			*p = parseSummary(s)
			return nil
		},
	}
}

// vStr is a text field. An optional field is left out when empty.
func vStr(id string, p *string, required bool) varField {
	return varField{id: id,
		format: func(force bool) []string {
			if *p == "" && !required && !force {
				return nil
			}
			return []string{*p}
		},
		parse: func(v string, _ *time.Location) error {
			*p = v
			return nil
		},
	}
}

// vCode is a code the specification gives a fixed length, such as the
// three-letter currency (BH) or the two-digit fee type (BT). A shorter
// number is padded with zeros, other text with blanks; a longer one is cut.
func vCode(id string, width int, p *string) varField {
	return varField{id: id,
		format: func(force bool) []string {
			if *p == "" && !force {
				return nil
			}
			if v := *p; v != "" && len(v) < width && strings.Trim(v, "0123456789") == "" {
				return []string{strings.Repeat("0", width-len(v)) + v}
			}
			return []string{fit(*p, width)}
		},
		parse: func(v string, _ *time.Location) error {
			*p = strings.TrimRight(v, " ")
			return nil
		},
	}
}

// vNum is an optional zero-padded number of a fixed width, such as the
// four-digit hold items limit (BZ); 0 leaves it out.
func vNum(id string, width int, p *int) varField {
	f := fNum(id, width, p)
	return varField{id: id,
		format: func(force bool) []string {
			if *p == 0 && !force {
				return nil
			}
			return []string{f.format()}
		},
		parse: func(v string, loc *time.Location) error { return f.parse(v, loc) },
	}
}

// vList is a field that may repeat, such as AS hold items or AF screen
// messages.
func vList(id string, p *[]string) varField {
	return varField{id: id, repeat: true,
		format: func(bool) []string { return *p },
		parse: func(v string, _ *time.Location) error {
			*p = append(*p, v)
			return nil
		},
	}
}

// vYN is a Y/N field. Unless always is set, N is left out, since an absent
// flag means N.
func vYN(id string, p *bool, always bool) varField {
	return varField{id: id,
		format: func(force bool) []string {
			if !*p && !always && !force {
				return nil
			}
			return []string{yn(*p)}
		},
		parse: func(v string, _ *time.Location) error {
			*p = v == "Y" || v == "y"
			return nil
		},
	}
}

// vDate is an optional 18-character date in a variable field.
func vDate(id string, p *time.Time) varField {
	return varField{id: id,
		format: func(force bool) []string {
			if p.IsZero() && !force {
				return nil
			}
			return []string{FormatDate(*p)}
		},
		parse: func(v string, loc *time.Location) error {
			if strings.TrimSpace(v) == "" {
				*p = time.Time{}
				return nil
			}
			t, err := ParseDate(v, loc)
			*p = t
			return err
		},
	}
}

// vSupported is the BX supported-messages field of message 98.
func vSupported(p *SupportedMessages) varField {
	return varField{id: "BX",
		format: func(bool) []string { return []string{p.String()} },
		parse: func(v string, _ *time.Location) error {
			*p = SupportedMessages{}
			for i := range min(len(v), len(p)) {
				p[i] = v[i] == 'Y' || v[i] == 'y'
			}
			return nil
		},
	}
}

// fit pads s with spaces or cuts it to width bytes.
func fit(s string, width int) string {
	if len(s) >= width {
		return s[:width]
	}
	return s + strings.Repeat(" ", width-len(s))
}

func yn(b bool) string {
	if b {
		return "Y"
	}
	return "N"
}
