package main

import (
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// radiosOffLine lists the radio buttons and checkboxes whose label does not
// sit on the button's line, beside it.
const radiosOffLine = `[...document.querySelectorAll('main input[type=radio], main input[type=checkbox]')].filter(i => {
	const l = i.id && document.querySelector('label[for="' + i.id + '"]');
	if (!l || !i.checkVisibility()) return false;
	const a = i.getBoundingClientRect(), b = l.getClientRects()[0];
	const mid = (b.top + b.bottom) / 2;
	return mid < a.top - 4 || mid > a.bottom + 4;
}).map(i => i.id)`

// testLayout checks what a look at the pages would: radio buttons beside
// their labels, and on a phone a way to the search filters before the
// results, which a keyboard can follow.
func (env *browserEnv) testLayout(t *testing.T) {
	patron := *env.patronTab(t, env.patron(t, "Nguyen, Linh"))
	patron.t = t
	visitor := *env.newTab(t)
	visitor.t = t
	phone := viewport{"phone", 390, 844, 1}
	for _, v := range []viewport{phone, {"desktop", 1280, 800, 1}} {
		patron.setViewport(v)
		for _, path := range []string{"/account/profile", "/account/history", "/account/privacy/close"} {
			for _, lang := range []string{"fi", "ar"} {
				patron.open(path + "?lang=" + lang)
				if off := eval[[]string](&patron, radiosOffLine); len(off) > 0 {
					t.Errorf("%s %s at %s: labels not beside %v", lang, path, v.name, off)
				}
			}
		}
	}
	patron.do(chromedp.ResetViewport())

	visitor.setViewport(phone)
	defer visitor.do(chromedp.ResetViewport())
	visitor.open("/search?q=kissa&lang=en")
	above := eval[bool](&visitor, `(() => {
		const a = document.querySelector('a[href="#facets"]'), hit = document.querySelector('.hit');
		return !!a && a.checkVisibility() && a.getBoundingClientRect().bottom <= hit.getBoundingClientRect().top;
	})()`)
	if !above {
		t.Fatal("on a phone, no visible link to the filters above the first result")
	}
	visitor.tabTo(`a[href="#facets"]`)
	visitor.press(kb.Enter)
	at := eval[bool](&visitor, `(() => {
		const f = document.getElementById('facets'), r = f.getBoundingClientRect();
		return location.hash === '#facets' && document.activeElement === f && r.top < window.innerHeight && r.bottom > 0;
	})()`)
	if !at {
		t.Error("Enter on the filters link does not bring the filters into view with the focus")
	}
}
