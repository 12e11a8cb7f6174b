// Registers Kirjasto's service worker (/sw.js), which keeps the library
// card for offline use. Comfort only: every page works without it.
(function () {
  'use strict';
  if (!('serviceWorker' in navigator)) {
    return;
  }
  var forget = ['/signin', '/signout', '/signout/everywhere', '/account/privacy/close'];

  // Signing in or out forgets the kept card even where the worker is not
  // in control yet; the worker does the same for the pages it controls.
  document.addEventListener('submit', function (e) {
    var action = new URL(e.target.action, location.href);
    if (action.origin === location.origin && forget.indexOf(action.pathname) >= 0 && window.caches) {
      caches.delete('kirjasto-card');
    }
  });

  navigator.serviceWorker.register('/sw.js').then(function () {
    return navigator.serviceWorker.ready;
  }).then(function (reg) {
    // The card page asks the worker to keep it and the files it needs.
    if (!document.querySelector('[data-keep-offline]') || !reg.active) {
      return;
    }
    var assets = [];
    document.querySelectorAll('link[rel=stylesheet][href], script[src]').forEach(function (el) {
      assets.push(el.href || el.src);
    });
    reg.active.postMessage({ type: 'keep-card', assets: assets });
  }).catch(function () {
    // No worker (private mode, an old browser): the card needs a network.
  });
})();
