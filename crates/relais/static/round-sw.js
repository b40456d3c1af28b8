/* Service worker of the round: keeps the app shell and the offline page, never patient data.
 * Pages are always fetched from the network; without it, the offline page shows the encrypted
 * copy of today's stops that the round page stored in IndexedDB. */

const CACHE = "relais-round-v1";
const SHELL = ["/static/app.css", "/static/app.js", "/static/round.js", "/round/offline"];

self.addEventListener("install", (event) => {
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(SHELL)).then(() => self.skipWaiting()));
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches.keys()
      .then((names) => Promise.all(names.filter((name) => name !== CACHE).map((name) => caches.delete(name))))
      .then(() => self.clients.claim()),
  );
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (request.mode === "navigate" && url.pathname.startsWith("/round")) {
    event.respondWith(fetch(request).catch(() => caches.match("/round/offline")));
  } else if (SHELL.includes(url.pathname)) {
    event.respondWith(fetch(request).catch(() => caches.match(url.pathname)));
  }
});
