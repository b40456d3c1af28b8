/* The caregiver's round, offline all day.
 *
 * - Today's stops (only what is shown on the page) are kept in IndexedDB, encrypted with an
 *   AES-GCM key that cannot be exported; they are purged at sign-out and when the day changes.
 * - A check-in, check-out or report that cannot reach the server is queued in an encrypted outbox
 *   with its idempotency key and the phone's time, then replayed in order when the network returns.
 *   The server applies each request once, so a replay after an uncertain send is harmless.
 * - The page lists what is waiting and what the server refused.
 */

const DB_NAME = "relais-round";

function request(idbRequest) {
  return new Promise((resolve, reject) => {
    idbRequest.onsuccess = () => resolve(idbRequest.result);
    idbRequest.onerror = () => reject(idbRequest.error);
  });
}

async function database() {
  const opening = indexedDB.open(DB_NAME, 1);
  opening.onupgradeneeded = () => {
    const db = opening.result;
    db.createObjectStore("keys");
    db.createObjectStore("day");
    db.createObjectStore("outbox", { keyPath: "id", autoIncrement: true });
  };
  return request(opening);
}

async function store(name, mode, action) {
  const db = await database();
  const tx = db.transaction(name, mode);
  const result = await action(tx.objectStore(name));
  await new Promise((resolve, reject) => {
    tx.oncomplete = resolve;
    tx.onerror = () => reject(tx.error);
  });
  db.close();
  return result;
}

/** The device's key: generated once, never extractable, kept as a CryptoKey object. */
async function deviceKey() {
  const existing = await store("keys", "readonly", (s) => request(s.get("main")));
  if (existing) return existing;
  const key = await crypto.subtle.generateKey({ name: "AES-GCM", length: 256 }, false, ["encrypt", "decrypt"]);
  await store("keys", "readwrite", (s) => request(s.put(key, "main")));
  return key;
}

async function seal(value) {
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const data = new TextEncoder().encode(JSON.stringify(value));
  const sealed = await crypto.subtle.encrypt({ name: "AES-GCM", iv }, await deviceKey(), data);
  return { iv, sealed };
}

async function open(box) {
  const plain = await crypto.subtle.decrypt({ name: "AES-GCM", iv: box.iv }, await deviceKey(), box.sealed);
  return JSON.parse(new TextDecoder().decode(plain));
}

function today() {
  return new Date().toLocaleDateString("sv-SE"); // YYYY-MM-DD in the phone's time zone
}

/** The day after `day` (YYYY-MM-DD). */
function nextDay(day) {
  const date = new Date(`${day}T12:00:00`);
  date.setDate(date.getDate() + 1);
  return date.toLocaleDateString("sv-SE");
}

/** The days kept on the phone: today and tomorrow. */
function keptDays() {
  return [today(), nextDay(today())];
}

/**
 * Keeps the day's stops as shown, forms included (their one-time keys too), for a reload without
 * network: the offline page puts them back and they still queue arrival, report and departure.
 */
async function saveDay(root) {
  const day = root.dataset.day;
  if (!keptDays().includes(day)) return;
  const stops = [...root.querySelectorAll("article.stop")].map((stop) => stop.outerHTML);
  const box = await seal({ day, stops }); // sealed first: a transaction cannot wait for crypto
  await store("day", "readwrite", async (s) => {
    for (const key of await request(s.getAllKeys())) if (!keptDays().includes(key)) s.delete(key);
    return request(s.put(box, day));
  });
}

async function loadDay(day) {
  if (!keptDays().includes(day)) return null;
  const box = await store("day", "readonly", (s) => request(s.get(day)));
  return box ? open(box) : null;
}

async function outboxEntries() {
  const boxes = await store("outbox", "readonly", (s) => request(s.getAll()));
  return Promise.all(boxes.map(async (box) => ({ id: box.id, ...(await open(box)) })));
}

async function enqueue(entry) {
  const box = await seal(entry);
  await store("outbox", "readwrite", (s) => request(s.add(box)));
}

async function updateEntry(entry) {
  const { id, ...rest } = entry;
  const box = { id, ...(await seal(rest)) };
  await store("outbox", "readwrite", (s) => request(s.put(box)));
}

async function removeEntry(id) {
  await store("outbox", "readwrite", (s) => request(s.delete(id)));
}

/** Sends one request; "done", "refused" (with the status) or "retry" (network or server down). */
async function send(entry) {
  try {
    const response = await fetch(entry.url, {
      method: "POST",
      body: new URLSearchParams(entry.body),
      redirect: "manual",
      credentials: "same-origin",
    });
    if (response.type === "opaqueredirect" || (response.status >= 300 && response.status < 400)) return { outcome: "done" };
    // 429: too many tries for now; 5xx: the server is not well. Both are tried again later.
    if (response.status >= 400 && response.status < 500 && response.status !== 429) return { outcome: "refused", status: response.status };
    return { outcome: "retry" };
  } catch (_) {
    return { outcome: "retry" };
  }
}

let replaying = false;

/** Replays the outbox in order; stops at the first request that cannot be sent yet. */
async function replay() {
  if (replaying) return;
  replaying = true;
  let sent = 0;
  try {
    for (const entry of await outboxEntries()) {
      if (entry.failed) continue;
      const result = await send(entry);
      if (result.outcome === "retry") break;
      if (result.outcome === "done") {
        await removeEntry(entry.id);
        sent += 1;
      } else {
        await updateEntry({ ...entry, failed: result.status });
      }
    }
  } finally {
    replaying = false;
  }
  await showOutbox();
  if (sent > 0 && navigator.onLine && document.querySelector("[data-round-live]")) window.location.replace("/round");
}

async function showOutbox() {
  const panel = document.getElementById("outbox");
  if (!panel) return;
  const entries = await outboxEntries();
  const list = panel.querySelector("ul");
  list.replaceChildren(
    ...entries.map((entry) => {
      const item = document.createElement("li");
      const state = entry.failed ? panel.dataset.failed : panel.dataset.pending;
      item.textContent = `${state} — ${entry.label}`;
      if (entry.failed) item.className = "field-error";
      return item;
    }),
  );
  panel.hidden = entries.length === 0;
}

/**
 * The phone's position at this moment, only where the organisation records it (the form says so)
 * and only if the caregiver allows it; a refusal or a slow fix leaves the punch without it.
 */
async function addPosition(form) {
  if (!("geolocation" in navigator)) return;
  const position = await new Promise((resolve) => {
    navigator.geolocation.getCurrentPosition(resolve, () => resolve(null), {
      enableHighAccuracy: true,
      timeout: 8000,
      maximumAge: 60000,
    });
  });
  if (!position) return;
  const set = (name, value) => {
    const field = form.querySelector(`input[name="${name}"]`);
    if (field) field.value = String(value);
  };
  set("latitude", position.coords.latitude.toFixed(6));
  set("longitude", position.coords.longitude.toFixed(6));
  set("accuracy", Math.round(position.coords.accuracy));
}

/** Sends a round form now, or queues it when the network is not there. */
async function submitPunch(event) {
  const form = event.target.closest("form.punch");
  if (!form) return;
  event.preventDefault();
  const stamp = form.querySelector('input[name="device_at"]');
  if (stamp && !stamp.value) stamp.value = String(Date.now());
  if (form.hasAttribute("data-geolocate")) await addPosition(form);
  const stop = form.closest("article.stop");
  const button = form.querySelector("button[type=submit]");
  const entry = {
    url: form.action,
    body: [...new FormData(form)].map(([name, value]) => [name, String(value)]),
    label: `${stop?.querySelector("h2")?.textContent ?? ""} · ${button?.textContent ?? ""}`,
  };
  const result = await send(entry);
  if (result.outcome === "done") {
    const done = form.action.split("/").pop().replace("-", "_");
    const day = form.querySelector('input[name="day"]')?.value;
    window.location.replace(day ? `/round?day=${encodeURIComponent(day)}&done=${done}` : `/round?done=${done}`);
  } else if (result.outcome === "refused") {
    form.submit(); // The server shows why, next to the form; nothing was recorded.
  } else {
    await enqueue(entry);
    form.querySelectorAll("input, button, select, textarea").forEach((field) => { field.disabled = true; });
    // An arrival queued: the departure and the report can be queued too.
    if (form.closest("[data-step]")?.dataset.step === "check-in") {
      stop?.querySelectorAll("[data-step]").forEach((step) => { step.hidden = false; });
      stop?.querySelector('[data-step="check-in"]')?.setAttribute("data-queued", "");
    }
    const badge = document.createElement("p");
    badge.className = "badge";
    badge.textContent = document.getElementById("outbox")?.dataset.pending ?? "";
    form.after(badge);
    await showOutbox();
  }
}

/** Without network on reload: the day's stops as they were last shown, still able to queue. */
async function showOfflineDay(root) {
  // The day asked, else the first kept day with a copy: near midnight the organisation's day
  // (which the live page used) may already be the phone's tomorrow.
  const asked = new URLSearchParams(location.search).get("day");
  let saved = null;
  for (const day of asked ? [asked] : keptDays()) {
    saved = await loadDay(day);
    if (saved) break;
  }
  const list = root.querySelector("[data-offline-stops]");
  if (!saved || !list) return;
  const page = new DOMParser().parseFromString(saved.stops.join(""), "text/html");
  list.replaceChildren(...page.body.children);
  root.addEventListener("submit", submitPunch);
}

async function forgetEverything() {
  await new Promise((resolve) => {
    const deleting = indexedDB.deleteDatabase(DB_NAME);
    deleting.onsuccess = deleting.onerror = deleting.onblocked = resolve;
  });
}

async function start() {
  // Sign-out purges the phone's copy (pending requests included: they were shown as pending).
  document.querySelector("form.sign-out")?.addEventListener("submit", forgetEverything);
  const live = document.querySelector("[data-round-live]");
  const offline = document.querySelector("[data-round-offline]");
  if (!live && !offline) return;
  if ("serviceWorker" in navigator) navigator.serviceWorker.register("/round-sw.js", { scope: "/round" }).catch(() => {});
  if (live) {
    live.addEventListener("submit", submitPunch);
    await saveDay(live);
  }
  if (offline) await showOfflineDay(offline);
  await showOutbox();
  window.addEventListener("online", replay);
  setInterval(replay, 15000);
  if (navigator.onLine) await replay();
}

start();
