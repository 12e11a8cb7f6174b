package voikko

import "strings"

// classes names the word classes of the [L..] tags as libvoikko does.
var classes = map[string]string{
	"[Ln]":  "nimisana",
	"[Ll]":  "laatusana",
	"[Lnl]": "nimisana_laatusana",
	"[Lh]":  "huudahdussana",
	"[Lee]": "etunimi",
	"[Les]": "sukunimi",
	"[Lep]": "paikannimi",
	"[Lem]": "nimi",
	"[Lt]":  "teonsana",
	"[La]":  "lyhenne",
	"[Ls]":  "seikkasana",
	"[Lu]":  "lukusana",
	"[Lur]": "lukusana",
	"[Lr]":  "asemosana",
	"[Lc]":  "sidesana",
	"[Ld]":  "suhdesana",
	"[Lk]":  "kieltosana",
	"[Lp]":  "etuliite",
}

// wordClass returns the class of the word whose transducer output is out.
// The class of a compound or a derivation is that of its last part, so the
// tags are read from the end, as libvoikko does: the last [L..] tag gives
// the class. A noun-adjective ([Lnl]) compared ("parempi") or in the -sti
// case is an adjective; a past passive participle is an adjective; a
// prefix before a hyphen ("-[Bc]") with no class of its own is etuliite.
func wordClass(out string) string {
	class := ""
	classSet, bcPassed, toAdjective := false, false, false
	comparison, participle := "", ""
	for end := len(out); end > 0; {
		close := strings.LastIndexByte(out[:end], ']')
		if close < 0 {
			break
		}
		open := strings.LastIndexByte(out[:close], '[')
		if open < 0 {
			break
		}
		tag := out[open : close+1]
		end = open
		switch tag[1] {
		case 'L':
			if classSet {
				continue
			}
			classSet = true
			switch {
			case class != "":
			case tag == "[Lnl]":
				class = "nimisana_laatusana"
				if toAdjective || comparison == "[Cc]" || comparison == "[Cs]" || strings.HasPrefix(out, "[Lu]") {
					class = "laatusana"
				}
			default:
				class = classes[tag]
			}
		case 'S':
			if class != "etuliite" && class != "seikkasana" && tag == "[Ssti]" {
				toAdjective = true
			}
		case 'C':
			if class == "" && comparison == "" {
				comparison = tag
			}
		case 'R':
			if !bcPassed && participle == "" && (class == "" || class == "laatusana" || strings.HasSuffix(out, "[Ln]")) {
				participle = tag
			}
		case 'B':
			if tag == "[Bc]" && open >= 5 {
				if !classSet && class == "" && (out[open-1] == '-' || strings.HasSuffix(out[:open], "-[Bh]")) {
					class, classSet = "etuliite", true
				}
				bcPassed = true
			}
		}
	}
	if participle == "[Rt]" {
		class = "laatusana"
	}
	return class
}
