// The till's service worker: keeps the app shell (the page, the script, the style sheets, the icon, the
// manifest) in the Cache Storage, so the till opens when Kassa cannot be reached. Network first, so a
// till online always runs the latest build; the cache answers only when the network does not. The API,
// the event stream and everything else are never touched: they go to Kassa or fail, and the till's own
// code decides what to do (the outbox). SHELL_VERSION is the hash of the built shell, set by the build,
// so a new build is a new worker and a new cache.
/* global SHELL_VERSION */
const CACHE = 'kassa-shell-' + SHELL_VERSION;
const SHELL = ['/', '/app/till.js', '/app/till.css', '/app/office.css', '/app/uplot.css', '/app/icon.svg', '/app/manifest.json'];

self.addEventListener('install', (event) => {
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(SHELL)).then(() => self.skipWaiting()));
});

self.addEventListener('activate', (event) => {
  event.waitUntil(caches.keys()
    .then((keys) => Promise.all(keys.filter((k) => k.startsWith('kassa-shell-') && k !== CACHE).map((k) => caches.delete(k))))
    .then(() => self.clients.claim()));
});

function shellKey(url) {
  if (url.pathname === '/' || url.pathname === '/index.html') return '/';
  return SHELL.includes(url.pathname) ? url.pathname : null;
}

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  const key = request.mode === 'navigate' && !url.pathname.startsWith('/api/') ? '/' : shellKey(url);
  if (!key) return;
  event.respondWith((async () => {
    const cache = await caches.open(CACHE);
    try {
      const response = await fetch(request);
      if (response.ok && key === url.pathname) cache.put(key, response.clone());
      return response;
    } catch (err) {
      const cached = await cache.match(key);
      if (cached) return cached;
      throw err;
    }
  })());
});
