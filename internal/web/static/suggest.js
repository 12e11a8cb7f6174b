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
