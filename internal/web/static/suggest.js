// Autocomplete for the search box: a comfort only. Without this script
// the search box works the same, just without suggestions.
(function () {
  "use strict";
  var input = document.getElementById("q");
  var list = document.getElementById("q-suggest");
  if (!input || !list || !window.fetch) {
    return;
  }
  input.setAttribute("list", "q-suggest");
  var timer = 0;
  var last = "";
  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(suggest, 120);
  });
  function suggest() {
    var q = input.value.trim();
    if (q.length < 2 || q === last) {
      return;
    }
    last = q;
    var lang = document.documentElement.lang;
    fetch("/api/v1/suggest?q=" + encodeURIComponent(q) + "&lang=" + encodeURIComponent(lang))
      .then(function (r) { return r.ok ? r.json() : { suggestions: [] }; })
      .then(function (data) {
        if (input.value.trim() !== q) {
          return; // the patron typed on; a newer request will answer
        }
        while (list.firstChild) {
          list.removeChild(list.firstChild);
        }
        data.suggestions.forEach(function (s) {
          var o = document.createElement("option");
          o.value = s.text;
          list.appendChild(o);
        });
      })
      .catch(function () { /* no suggestions; searching still works */ });
  }
})();

// Covers: a picture from elsewhere lies over each drawn cover (the
// "cover" partial). One that does not load is taken away, so that the
// drawing shows without the browser's broken-image sign over it. Without
// this script the drawing shows all the same, under that sign.
(function () {
  "use strict";
  function drop(img) {
    if (img.classList && img.classList.contains("cover-picture")) {
      img.parentNode.removeChild(img);
    }
  }
  document.addEventListener("error", function (e) { drop(e.target); }, true);
  // A picture that failed before this script ran (a lazy one not yet
  // fetched is not complete, and stays).
  var pictures = document.querySelectorAll("img.cover-picture");
  for (var i = 0; i < pictures.length; i++) {
    if (pictures[i].complete && pictures[i].naturalWidth === 0) {
      drop(pictures[i]);
    }
  }
})();

// The chat with a librarian: the footer's link to /chat also floats at the
// corner of the residents' pages, within reach wherever one scrolls. It
// stays in the footer's landmark and after it in the tab order.
(function () {
  "use strict";
  var link = document.querySelector('footer.site a[href="/chat"]');
  if (!link || /^\/(chat|admin|desk|staff|catalogue)(\/|$)/.test(location.pathname)) {
    return;
  }
  var footer = link.closest("footer");
  var fab = document.createElement("a");
  fab.href = "/chat";
  fab.className = "chat-fab";
  fab.textContent = link.textContent;
  if (link.lang) {
    fab.lang = link.lang;
  }
  footer.appendChild(fab);
  footer.classList.add("has-chat-fab");
})();
