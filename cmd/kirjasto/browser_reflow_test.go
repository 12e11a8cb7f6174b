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
// what fits in 320 px fits in 640: one language is enough there. The
// other languages are seen at 320 px by the accessibility walk.
var reflowViewports = []struct {
	viewport
}{
	{viewport{"320px", 320, 640, 1}},
	{viewport{"1280px at 200%", 640, 400, 2}},
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

// checkReflow reports what makes the tab's page scroll sideways.
func (tb *tab) checkReflow(path, lang string) {
	tb.t.Helper()
	for _, e := range eval[[]string](tb, overflow) {
		tb.t.Errorf("%s [%s] scrolls sideways: %s", path, lang, e)
	}
}

// testReflow loads every main page in the first language at a phone's
// width and at 200 % zoom, and wants no horizontal scrolling: wide tables
// scroll in their own box, the page does not. It runs axe-core's rule for
// what a size can change, that what scrolls in its own box is reachable
// by keyboard; the markup's other rules the accessibility walk checks on
// the same pages. (The walk does the other languages at 320 px.)
func (env *browserEnv) testReflow(t *testing.T) {
	sets := env.mainPageSets(t)
	visitor := sets[0].tab
	visitor.open("/")
	lang := visitor.languages()[0]
	for _, v := range reflowViewports {
		t.Run(v.name, func(t *testing.T) {
			for _, set := range sets {
				tb := *set.tab
				tb.t = t
				tb.setViewport(v.viewport)
				for i, path := range set.paths {
					if i == 0 {
						path += sep(path) + "lang=" + lang
					}
					tb.open(path)
					tb.checkReflow(path, lang)
					tb.reportAxe(tb.axeWith(axeRunLayout))
				}
			}
		})
	}
	for _, set := range sets {
		set.tab.do(chromedp.ResetViewport())
	}
}

// axeRunLayout runs the axe-core rule that depends on the viewport's
// size: a region that scrolls must be reachable by keyboard.
const axeRunLayout = `axe.run(document, {runOnly: {type: 'rule', values: ['scrollable-region-focusable']}, resultTypes: ['violations']})
	.then(r => r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
		nodes: v.nodes.map(n => ({target: n.target, failureSummary: n.failureSummary}))})))`
