package library

import (
	"testing"
	"time"
)

func TestValidateChatSlots(t *testing.T) {
	mon := func(open, close string) ChatSlot { return ChatSlot{Weekday: time.Monday, Open: open, Close: close} }
	for _, c := range []struct {
		name  string
		slots []ChatSlot
		key   string
	}{
		{"none", nil, ""},
		{"a day", []ChatSlot{mon("09:00", "17:00")}, ""},
		{"to midnight", []ChatSlot{mon("18:00", "24:00")}, ""},
		{"two apart", []ChatSlot{mon("09:00", "12:00"), mon("12:00", "16:00")}, ""},
		{"other days may overlap", []ChatSlot{mon("09:00", "17:00"), {Weekday: time.Tuesday, Open: "09:00", Close: "17:00"}}, ""},
		{"overlap", []ChatSlot{mon("09:00", "12:00"), mon("11:59", "16:00")}, "error.chat_hours_overlap"},
		{"inside", []ChatSlot{mon("09:00", "17:00"), mon("10:00", "11:00")}, "error.chat_hours_overlap"},
		{"backwards", []ChatSlot{mon("17:00", "09:00")}, "error.chat_hours_order"},
		{"empty", []ChatSlot{mon("09:00", "09:00")}, "error.chat_hours_order"},
		{"no colon", []ChatSlot{mon("0900", "17:00")}, "error.chat_hours_time"},
		{"short", []ChatSlot{mon("9:00", "17:00")}, "error.chat_hours_time"},
		{"hour 25", []ChatSlot{mon("09:00", "25:00")}, "error.chat_hours_time"},
		{"minute 60", []ChatSlot{mon("09:60", "17:00")}, "error.chat_hours_time"},
		{"opens at 24", []ChatSlot{mon("24:00", "24:00")}, "error.chat_hours_time"},
		{"letters", []ChatSlot{mon("ab:cd", "17:00")}, "error.chat_hours_time"},
		{"weekday", []ChatSlot{{Weekday: 7, Open: "09:00", Close: "17:00"}}, "error.chat_hours_weekday"},
	} {
		got, err := ValidateChatSlots("helsinki", c.slots)
		if keyOf(err) != c.key {
			t.Errorf("%s: %v, want %q", c.name, err, c.key)
		}
		if err == nil {
			for _, s := range got {
				if s.Queue != "helsinki" {
					t.Errorf("%s: queue %q", c.name, s.Queue)
				}
			}
		}
	}
}

func TestValidateChatText(t *testing.T) {
	if s, err := ValidateChatText("  hei \n"); err != nil || s != "hei" {
		t.Errorf("%q, %v", s, err)
	}
	if s, err := ValidateChatText("a\x00b\r\nc\td\x1b"); err != nil || s != "ab\nc\td" {
		t.Errorf("control characters: %q, %v", s, err)
	}
	for in, key := range map[string]string{"": "error.chat_empty", " \t": "error.chat_empty", "\xff": "error.bad_utf8", "\x00\x07": "error.chat_empty"} {
		if _, err := ValidateChatText(in); keyOf(err) != key {
			t.Errorf("%q: %v, want %s", in, err, key)
		}
	}
}
