/* Service worker of the round: keeps the app shell, the offline page and "what my organisation
 * sees about me" (the caregiver's own data), never patient data. Pages are fetched from the network
 * first; without it, the offline page shows the encrypted copy of the day's stops that the round
 * page stored in IndexedDB, and its forms still queue arrival, report and departure. */

const CACHE = "relais-round-v2";
const SHELL = [
  "/static/app.css", "/static/app.js", "/static/round.js", "/static/toast.js", "/static/favicon.svg",
  "/static/icon-192.png", "/manifest.webmanifest", "/round/offline", "/round/me",
];

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

/** The network's answer, kept for next time; the kept copy when the network is not there. */
async function networkThenCache(request, key) {
  try {
    const response = await fetch(request);
    if (response.ok) (await caches.open(CACHE)).put(key, response.clone());
    return response;
  } catch (error) {
    const kept = await caches.match(key);
    if (kept) return kept;
    throw error;
  }
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.mode === "navigate" && url.pathname === "/round/me") {
    event.respondWith(networkThenCache(request, "/round/me"));
  } else if (request.mode === "navigate" && url.pathname.startsWith("/round")) {
    event.respondWith(fetch(request).catch(() => caches.match("/round/offline")));
  } else if (SHELL.includes(url.pathname)) {
    event.respondWith(networkThenCache(request, url.pathname));
  }
});
