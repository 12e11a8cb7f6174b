package main

import (
	"strings"
	"testing"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// focused describes the element that has the focus, and whether the
// focus shows: an outline of at least 2 px or a box shadow.
type focused struct {
	Desc    string `json:"desc"`
	Skip    bool   `json:"skip"`
	Visible bool   `json:"visible"`
	Index   int    `json:"index"` // in tabbable order; -1 if not tabbable
}

// focusInfo is a JavaScript expression that returns a focused.
const focusInfo = `(() => {
	const e = document.activeElement, s = getComputedStyle(e);
	const tabbable = [...document.querySelectorAll(` + tabbableSel + `)].filter(x => x.checkVisibility());
	return {desc: e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + ' ' + (e.innerText || e.value || e.name || '').trim().slice(0, 40),
		skip: e.matches('a.skip'),
		visible: (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2) || s.boxShadow !== 'none',
		index: tabbable.indexOf(e)};
})()`

// tabbableSel selects what a Tab press stops at on our pages: one radio
// button of a group is enough, the checked or the first.
const tabbableSel = `'a[href], button:not([disabled]), select:not([disabled]), textarea:not([disabled]), summary,' +
	'input:not([type=hidden]):not([type=radio]):not([disabled]), input[type=radio]:checked, fieldset:not(:has(input[type=radio]:checked)) > input[type=radio]:first-of-type, [tabindex="0"]'`

// press sends keys to the focused element.
func (tb *tab) press(keys string) {
	tb.t.Helper()
	tb.do(chromedp.KeyEvent(keys))
}

// pressAndLoad presses keys and waits for the page they lead to.
func (tb *tab) pressAndLoad(keys string) {
	tb.t.Helper()
	ctx, cancel := tb.timeout()
	defer cancel()
	if _, err := chromedp.Run(ctx, chromedp.WaitEvent(page.LoadEventFired, nil, chromedp.KeyEvent(keys))); err != nil {
		tb.t.Fatalf("on %s: press %q: %v", tb.location(), keys, err)
	}
}

// tabTo presses Tab until the element sel has the focus, checking on the
// way that every element focused shows it.
func (tb *tab) tabTo(sel string) {
	tb.t.Helper()
	last := -2
	for range 400 {
		tb.press(kb.Tab)
		f := eval[focused](tb, focusInfo)
		// Tab also moves between the parts of a date field: the field
		// was checked when the focus came to it (as checkTabCycle does).
		if !f.Visible && f.Index != last {
			tb.t.Errorf("%s: focus on %s does not show", tb.location(), f.Desc)
		}
		last = f.Index
		if eval[bool](tb, `document.activeElement.matches(`+jsString(sel)+`)`) {
			return
		}
	}
	tb.t.Fatalf("%s: 400 presses of Tab never reached %s", tb.location(), sel)
}

// testKeyboard walks a journey with the keyboard alone and tabs through
// every main page: the skip link comes first and moves the focus to the
// main content, every stop shows the focus, and tabbing goes round the
// whole page and back to the top.
func (env *browserEnv) testKeyboard(t *testing.T) {
	t.Run("reserve with the keyboard", env.keyboardReserve)
	for _, set := range env.mainPageSets(t) {
		for _, path := range set.paths {
			t.Run(strings.TrimPrefix(path, "/"), func(t *testing.T) {
				tb := *set.tab
				tb.t = t
				tb.open(path)
				tb.checkTabCycle()
			})
		}
	}
}

// checkTabCycle tabs from the top of a freshly loaded page: the skip link
// first, then every tabbable element once, in order, then round to the
// top again.
func (tb *tab) checkTabCycle() {
	tb.t.Helper()
	total := eval[int](tb, `[...document.querySelectorAll(`+tabbableSel+`)].filter(x => x.checkVisibility()).length`)
	if eval[bool](tb, `document.activeElement.matches('[autofocus]')`) {
		// The desk puts the focus where the barcode scanner types; the
		// skip link is still the first stop, after going round once.
		for i := 0; i <= total+2 && !eval[bool](tb, `document.activeElement.matches('a.skip')`); i++ {
			tb.press(kb.Tab)
		}
	} else {
		tb.press(kb.Tab)
	}
	first := eval[focused](tb, focusInfo)
	if !first.Skip || first.Index != 0 {
		tb.t.Fatalf("the first Tab focuses %s (stop %d), want the skip link", first.Desc, first.Index)
	}
	if !first.Visible {
		tb.t.Errorf("the focused skip link does not show its focus")
	}
	if !eval[bool](tb, `(r => r.top >= 0 && r.bottom <= innerHeight && r.width > 1)(document.activeElement.getBoundingClientRect())`) {
		tb.t.Errorf("the focused skip link is not on screen")
	}
	next, seen := 1, 1
	for range 3 * (total + 3) {
		tb.press(kb.Tab)
		f := eval[focused](tb, focusInfo)
		if f.Skip {
			break
		}
		if f.Index < 0 || f.Index == next-1 {
			// The document itself, between the last element and the
			// first; or the next part of a date field.
			continue
		}
		if !f.Visible {
			tb.t.Errorf("focus on %s does not show", f.Desc)
		}
		if f.Index != next {
			tb.t.Fatalf("Tab went to %s (stop %d), want stop %d of %d", f.Desc, f.Index, next, total)
		}
		next++
		seen++
	}
	if seen != total {
		tb.t.Errorf("tabbing went through %d of the %d tabbable elements before coming back to the skip link", seen, total)
	}
	if !eval[bool](tb, `document.activeElement.matches('a.skip')`) {
		tb.t.Errorf("tabbing past the end does not come back to the skip link: focus on %s", eval[focused](tb, focusInfo).Desc)
	}

	// The skip link moves the focus to the main content.
	tb.press(kb.Enter)
	if id := eval[string](tb, `document.activeElement.id`); id != "main" {
		tb.t.Errorf("the skip link moved the focus to %q, want main", id)
	}
}

// keyboardReserve finds a title and reserves it with the keyboard alone.
func (env *browserEnv) keyboardReserve(t *testing.T) {
	p := env.patron(t, "Mäkinen, Liisa")
	tb := env.newTab(t)
	tb.open("/?lang=en")
	tb.tabTo("#q")
	tb.press("koira")
	tb.pressAndLoad(kb.Enter)
	tb.tabTo("section.facets li a")
	tb.pressAndLoad(kb.Enter)
	if tb.text("section.selected .chips") == "" {
		t.Fatal("Enter on a filter did not select it")
	}
	tb.tabTo("ol.hits h3 a")
	title := strings.TrimSpace(eval[string](tb, "document.activeElement.innerText"))
	tb.pressAndLoad(kb.Enter)
	tb.tabTo("section.reserve a.button")
	tb.pressAndLoad(kb.Enter)
	tb.tabTo("#card")
	tb.press(p.CardNumber)
	tb.tabTo("#pin")
	tb.press(p.PIN)
	tb.pressAndLoad(kb.Enter)
	if h := strings.TrimSpace(tb.text("main h1")); h != title {
		t.Fatalf("after signing in with the keyboard the page is %q, want the record %q", h, title)
	}
	tb.tabTo("section.reserve button[type=submit]")
	tb.pressAndLoad(kb.Enter)
	if !eval[bool](tb, `!!document.querySelector('main .notice.ok[role=status]')`) {
		t.Fatalf("hold not placed with the keyboard: %s", tb.text("main"))
	}
}

// pageSet is a list of pages and the tab, signed in as the account they
// need, that opens them.
type pageSet struct {
	tab   *tab
	paths []string
}

// mainPageSets opens a visitor's, a patron's and a staff member's tab and
// pairs each with the main pages it can see.
func (env *browserEnv) mainPageSets(t *testing.T) []pageSet {
	visitor := env.newTab(t)
	patron, staff := env.patronTab(t, env.patron(t, "Nguyen, Linh")), env.staffTab(t, env.staff[1])
	admin := env.staffTab(t, env.admin(t))
	return []pageSet{{visitor, env.pages.public}, {patron, env.pages.patron}, {staff, env.pages.staff}, {admin, env.pages.admin}}
}
