package main

import (
	"testing"

	"github.com/chromedp/chromedp"
)

// viewport is a window size in CSS pixels and the device pixel ratio.
type viewport struct {
	name          string
	width, height int64
	scale         float64
}

// reflowViewports are where every page must fit without scrolling
// sideways (WCAG 1.4.10 Reflow, 1.4.4 Resize text): a 320 px phone, in
// every language, and a 1280 px desktop zoomed to 200 %, which leaves 640
// CSS pixels. Both are below the 48rem where the wide layout starts, so
// what fits in 320 px fits in 640: one language is enough there.
var reflowViewports = []struct {
	viewport
	allLangs bool
}{
	{viewport{"320px", 320, 640, 1}, true},
	{viewport{"1280px at 200%", 640, 400, 2}, false},
}

// overflow lists the innermost elements that reach past the edges of the
// viewport, when the document scrolls sideways.
const overflow = `(() => {
	const w = document.documentElement.clientWidth;
	if (document.documentElement.scrollWidth <= w) return [];
	const over = e => { const r = e.getBoundingClientRect(); return (r.right > w + 1 || r.left < -1) && e.checkVisibility(); };
	const out = [];
	for (const e of document.querySelectorAll('body *')) {
		if (over(e) && ![...e.children].some(over) ) {
			const r = e.getBoundingClientRect();
			out.push(e.tagName.toLowerCase() + (e.className ? '.' + e.className : '') + ' ' + Math.round(r.left) + '..' +
				Math.round(r.right) + ' ' + JSON.stringify((e.innerText || '').slice(0, 60)));
		}
	}
	// Or text too wide for its box, such as a long word.
	if (!out.length) for (const e of document.querySelectorAll('body *')) {
		if (e.scrollWidth > e.clientWidth + 1 && e.clientWidth > 0 && getComputedStyle(e).overflowX === 'visible' &&
			![...e.children].some(c => c.scrollWidth > c.clientWidth + 1 && c.clientWidth > 0)) {
			out.push(e.tagName.toLowerCase() + ' is ' + e.scrollWidth + ' px wide in ' + e.clientWidth + ': ' + JSON.stringify((e.innerText || '').slice(0, 60)));
		}
	}
	return out.length ? out.slice(0, 5) : ['the document is ' + document.documentElement.scrollWidth + ' px wide in ' + w];
})()`

// setViewport makes the tab's window v.
func (tb *tab) setViewport(v viewport) {
	tb.t.Helper()
	tb.do(chromedp.EmulateViewport(v.width, v.height, chromedp.EmulateScale(v.scale)))
}

// testReflow loads every main page in every language at a phone's width
// and at 200 % zoom, and wants no horizontal scrolling: wide tables
// scroll in their own box, the page does not. In the first language it
// runs axe-core at these sizes too.
func (env *browserEnv) testReflow(t *testing.T) {
	sets := env.mainPageSets(t)
	visitor := sets[0].tab
	visitor.open("/")
	langs := visitor.languages()
	for _, v := range reflowViewports {
		t.Run(v.name, func(t *testing.T) {
			for _, set := range sets {
				tb := *set.tab
				tb.t = t
				tb.setViewport(v.viewport)
				for _, lang := range langs[:cond(v.allLangs, len(langs), 1)] {
					for i, path := range set.paths {
						if i == 0 {
							path += sep(path) + "lang=" + lang
						}
						tb.open(path)
						for _, e := range eval[[]string](&tb, overflow) {
							t.Errorf("%s [%s] scrolls sideways: %s", path, lang, e)
						}
						if lang == langs[0] {
							// What scrolls in its own box must be reachable
							// by keyboard: axe again, at this size.
							tb.checkAxe()
						}
					}
				}
			}
		})
	}
	for _, set := range sets {
		set.tab.do(chromedp.ResetViewport())
	}
}

// cond returns a if c, else b.
func cond[T any](c bool, a, b T) T {
	if c {
		return a
	}
	return b
}
