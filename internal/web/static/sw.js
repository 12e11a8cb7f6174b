// Kirjasto's service worker: keeps the library card, and only the card,
// for offline use. Served at /sw.js so that its scope is the whole site.
//
// - /account/card: network first, so the card is always current; the last
//   card shown is the fallback when there is no network. A response that
//   is not the card (the session ended: a redirect to sign in) forgets it.
// - /static/ files with a ?v= version: cache first, as their names change
//   with their content; an older version of the same file is dropped.
// - Signing in or out forgets the card before the form goes on, so that
//   nobody else's card stays on a shared device.
// - Everything else goes to the network untouched and is never cached.
'use strict';

const CARD_CACHE = 'kirjasto-card';
const STATIC_CACHE = 'kirjasto-static';
const CARD = '/account/card';
const FORGET = ['/signin', '/signout', '/signout/everywhere', '/account/privacy/close'];

self.addEventListener('install', () => self.skipWaiting());

self.addEventListener('activate', (event) => {
  event.waitUntil(self.clients.claim());
});

self.addEventListener('fetch', (event) => {
  const req = event.request;
  const url = new URL(req.url);
  if (url.origin !== self.location.origin) {
    return;
  }
  if (req.method === 'POST' && FORGET.includes(url.pathname)) {
    event.respondWith(forgetCard().then(() => fetch(req)));
  } else if (req.method === 'GET' && url.pathname === CARD && req.mode === 'navigate') {
    event.respondWith(cardFirstFromNetwork(req));
  } else if (req.method === 'GET' && isVersionedStatic(url)) {
    event.respondWith(staticFromCache(req));
  }
});

// The card page asks, on its first visit, to be kept: the worker was not
// yet in control when the page loaded, so it fetches the card itself.
self.addEventListener('message', (event) => {
  if (!event.data || event.data.type !== 'keep-card') {
    return;
  }
  const assets = (event.data.assets || []).map((a) => new URL(a, self.location.origin))
    .filter((u) => u.origin === self.location.origin && isVersionedStatic(u));
  event.waitUntil(Promise.all([
    fetch(CARD, { credentials: 'same-origin', redirect: 'manual' }).then(keepCard),
    ...assets.map((u) => staticFromCache(new Request(u.href))),
  ]).catch(() => {}));
});

function forgetCard() {
  return caches.delete(CARD_CACHE);
}

// keepCard stores resp as the card if it is one, and forgets the card if
// the server answered otherwise (signed out, account closed).
function keepCard(resp) {
  if (resp.ok && resp.type === 'basic' && !resp.redirected) {
    return caches.open(CARD_CACHE).then((c) => c.put(CARD, resp.clone())).then(() => resp);
  }
  if (resp.type === 'opaqueredirect' || resp.status === 401 || resp.status === 403 || resp.redirected) {
    return forgetCard().then(() => resp);
  }
  return resp;
}

function cardFirstFromNetwork(req) {
  return fetch(req).then(keepCard, () =>
    caches.open(CARD_CACHE)
      .then((c) => c.match(CARD))
      .then((hit) => hit || Response.error()));
}

function isVersionedStatic(url) {
  return url.pathname.startsWith('/static/') && url.searchParams.has('v');
}

function staticFromCache(req) {
  return caches.open(STATIC_CACHE).then((c) => c.match(req).then((hit) => {
    if (hit) {
      return hit;
    }
    return fetch(req).then((resp) => {
      if (resp.ok) {
        c.put(req, resp.clone()).then(() => dropOldVersions(c, req.url));
      }
      return resp;
    });
  }));
}

// dropOldVersions deletes the cached versions of a static file but the
// one at keep, so the cache holds one copy of each file.
function dropOldVersions(cache, keep) {
  const path = new URL(keep).pathname;
  return cache.keys().then((reqs) => Promise.all(reqs
    .filter((r) => r.url !== keep && new URL(r.url).pathname === path)
    .map((r) => cache.delete(r))));
}
