package sip2

import (
	"fmt"
	"time"
)

// Body is a typed SIP2 message: a request a kiosk sends, such as *Checkout,
// or a response the server sends, such as *CheckoutResponse. The set is
// closed; every implementation is a pointer to a struct of this package.
//
// Each struct keeps variable fields it does not know, and repeats of fields
// that may occur only once, in Extra, so that nothing a kiosk sends is lost.
type Body interface {
	// Code returns the two-digit command code.
	Code() string
	// schema binds the struct's fields to the wire layout.
	schema() schema
}

// registry maps each command code to a constructor for its typed form. It
// is the single source of the layouts, so generic and typed parsing agree.
var registry = map[string]func() Body{
	// Requests, from the kiosk.
	"93": func() Body { return new(Login) },
	"99": func() Body { return new(SCStatus) },
	"23": func() Body { return new(PatronStatusRequest) },
	"63": func() Body { return new(PatronInformationRequest) },
	"11": func() Body { return new(Checkout) },
	"09": func() Body { return new(Checkin) },
	"17": func() Body { return new(ItemInformationRequest) },
	"19": func() Body { return new(ItemStatusUpdate) },
	"29": func() Body { return new(Renew) },
	"65": func() Body { return new(RenewAll) },
	"37": func() Body { return new(FeePaid) },
	"35": func() Body { return new(EndPatronSession) },
	"01": func() Body { return new(BlockPatron) },
	"25": func() Body { return new(PatronEnable) },
	"15": func() Body { return new(Hold) },
	"97": func() Body { return new(RequestACSResend) },
	// Responses, from the server.
	"94": func() Body { return new(LoginResponse) },
	"98": func() Body { return new(ACSStatus) },
	"24": func() Body { return new(PatronStatusResponse) },
	"64": func() Body { return new(PatronInformationResponse) },
	"12": func() Body { return new(CheckoutResponse) },
	"10": func() Body { return new(CheckinResponse) },
	"18": func() Body { return new(ItemInformationResponse) },
	"20": func() Body { return new(ItemStatusUpdateResponse) },
	"30": func() Body { return new(RenewResponse) },
	"66": func() Body { return new(RenewAllResponse) },
	"38": func() Body { return new(FeePaidResponse) },
	"36": func() Body { return new(EndSessionResponse) },
	"26": func() Body { return new(PatronEnableResponse) },
	"16": func() Body { return new(HoldResponse) },
	"96": func() Body { return new(RequestSCResend) },
}

// layout is the shape of one command: its fixed fields and the order of its
// variable fields.
type layout struct {
	fixed []fixedField
	order map[string]int
}

func layoutOf(code string) (layout, bool) {
	newBody, ok := registry[code]
	if !ok {
		return layout{}, false
	}
	s := newBody().schema()
	l := layout{fixed: s.fixed, order: make(map[string]int)}
	for i, v := range s.vars {
		l.order[v.id] = i
	}
	return l, true
}

// rank orders variable fields for encoding: known identifiers by the
// specification, unknown ones after all of them.
func (l layout) rank(id string) int {
	if i, ok := l.order[id]; ok {
		return i
	}
	return len(l.order)
}

// ToMessage returns the generic form of b.
func ToMessage(b Body) Message {
	s := b.schema()
	m := Message{Code: b.Code()}
	for _, f := range s.fixed {
		m.Fixed = append(m.Fixed, f.format())
	}
	inExtra := make(map[string]bool)
	for _, f := range *s.extra {
		inExtra[f.ID] = true
	}
	for _, v := range s.vars {
		// A field repeated in Extra is written even when empty, so that the
		// repeat is still the second occurrence when the message is read.
		for _, val := range v.format(inExtra[v.id]) {
			m.Fields = append(m.Fields, Field{ID: v.id, Value: val})
		}
	}
	m.Fields = append(m.Fields, *s.extra...)
	return m
}

// FromMessage returns the typed form of m. Local dates are read in
// c.Location.
func (c Codec) FromMessage(m Message) (Body, error) {
	newBody, ok := registry[m.Code]
	if !ok {
		return nil, &ParseError{Code: m.Code, Msg: "not a SIP2 2.00 message", Err: ErrUnknownCommand}
	}
	b := newBody()
	s := b.schema()
	if len(m.Fixed) != len(s.fixed) {
		return nil, malformed(m.Code, "", "%d fixed fields, want %d", len(m.Fixed), len(s.fixed))
	}
	loc := c.Location
	if loc == nil {
		loc = time.UTC
	}
	for i, f := range s.fixed {
		if len(m.Fixed[i]) != f.width {
			return nil, malformed(m.Code, f.name, "%q is not %d characters", m.Fixed[i], f.width)
		}
		if err := f.parse(m.Fixed[i], loc); err != nil {
			return nil, malformed(m.Code, f.name, "%v", err)
		}
	}
	vars := make(map[string]varField, len(s.vars))
	for _, v := range s.vars {
		vars[v.id] = v
	}
	seen := make(map[string]bool)
	for _, f := range m.Fields {
		v, ok := vars[f.ID]
		if !ok || (seen[f.ID] && !v.repeat) {
			*s.extra = append(*s.extra, f)
			continue
		}
		seen[f.ID] = true
		if err := v.parse(f.Value, loc); err != nil {
			return nil, malformed(m.Code, f.ID, "%v", err)
		}
	}
	return b, nil
}

// Parse parses one message into its typed form and returns it with its AY
// sequence number, or -1 if it had none. Errors are *ParseError values
// wrapping ErrChecksum, ErrMalformed or ErrUnknownCommand.
func (c Codec) Parse(line []byte) (Body, int, error) {
	m, seq, err := c.ParseMessage(line)
	if err != nil {
		return nil, -1, err
	}
	b, err := c.FromMessage(m)
	if err != nil {
		return nil, -1, err
	}
	return b, seq, nil
}

// Encode returns the wire form of b, ending in CR; see [Codec.EncodeMessage].
// Fields of b's struct come in the specification's order, then Extra.
func (c Codec) Encode(b Body, seq int) ([]byte, error) {
	out, err := c.encode(ToMessage(b), seq, false)
	if err != nil {
		return nil, fmt.Errorf("sip2: encode %T: %w", b, err)
	}
	return out, nil
}
