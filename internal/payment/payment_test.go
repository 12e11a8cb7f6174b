package payment

import (
	"context"
	"errors"
	"net/url"
	"testing"
)

func TestReturnVerifies(t *testing.T) {
	p := &Test{Secret: []byte("s3cret")}
	if _, err := p.Start(context.Background(), Payment{ID: 7, Amount: 420}); err != nil {
		t.Fatal(err)
	}
	want := Result{PaymentID: 7, Amount: 420, Reference: "KJ-1", Paid: true}
	got, err := p.Verify(p.Answer(want))
	if err != nil || got != want {
		t.Fatalf("Verify = %+v, %v; want %+v", got, err, want)
	}
	tests := []struct {
		name   string
		change func(url.Values)
	}{
		{"amount", func(v url.Values) { v.Set(ParamAmount, "1") }},
		{"status", func(v url.Values) { v.Set(ParamStatus, StatusCancelled) }},
		{"payment", func(v url.Values) { v.Set(ParamPayment, "8") }},
		{"extra signed parameter", func(v url.Values) { v.Set(Prefix+"x", "y") }},
		{"no signature", func(v url.Values) { v.Del(ParamSignature) }},
		{"not hex", func(v url.Values) { v.Set(ParamSignature, "zz") }},
		{"other secret", func(v url.Values) { v.Set(ParamSignature, Sign([]byte("other"), v)) }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v := p.Answer(want)
			tt.change(v)
			if _, err := p.Verify(v); !errors.Is(err, ErrSignature) {
				t.Errorf("Verify = %v, want ErrSignature", err)
			}
		})
	}
	// An unsigned parameter does not matter, as providers add their own.
	v := p.Answer(want)
	v.Set("utm_source", "x")
	if _, err := p.Verify(v); err != nil {
		t.Errorf("unsigned extra parameter: %v", err)
	}
	if _, err := (&Test{}).Start(context.Background(), Payment{ID: 1}); err == nil {
		t.Error("Start without a secret succeeded")
	}
}
