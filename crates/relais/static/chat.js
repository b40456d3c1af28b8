/* Live conversation: new messages, edits, reactions, receipts and typing arrive over the
   WebSocket; sending goes through the same form as without JavaScript. */

const root = document.querySelector("[data-conversation]");
const list = root?.querySelector("[data-messages]");
const csrf = document.querySelector('input[name="csrf"]')?.value ?? "";
const conversationId = root?.dataset.conversation;
const threadId = root?.dataset.thread ?? null;
const typingLine = document.querySelector("[data-typing]");

function post(url, fields = {}) {
  const body = new URLSearchParams({ csrf, ...fields });
  return fetch(url, { method: "POST", body, headers: { Accept: "application/json" } });
}

function lastSeq() {
  const seqs = [...document.querySelectorAll("article.message[data-seq]")].map((a) => Number(a.dataset.seq));
  return seqs.length ? Math.max(...seqs) : 0;
}

function belongsHere(article) {
  const thread = article.dataset.thread ?? null;
  return threadId ? thread === threadId : thread === null;
}

/** Messages by the same author within five minutes read as one block: only the first shows its name. */
function group() {
  let previous = null;
  for (const child of list?.children ?? []) {
    const article = child.matches("article.message") ? child : null;
    const continues = article && previous && article.dataset.author === previous.dataset.author &&
      Number(article.dataset.at) - Number(previous.dataset.at) < 5 * 60 * 1000 &&
      !article.classList.contains("urgent") && !previous.querySelector(".announcement");
    article?.classList.toggle("continued", Boolean(continues));
    previous = article;
  }
}

/** Puts fresh copies of messages in place (replacing older copies), appending new ones. */
function place(html) {
  const holder = document.createElement("div");
  holder.innerHTML = html;
  for (const article of holder.querySelectorAll("article.message")) {
    const existing = document.getElementById(article.id);
    if (existing) existing.replaceWith(article);
    else if (belongsHere(article) && article.dataset.id !== threadId) {
      list.querySelector("[data-empty]")?.remove();
      list.append(article);
    }
  }
  group();
}

async function fetchSince(after) {
  const response = await fetch(`/messages/${conversationId}/since?after=${Math.max(0, after)}`);
  if (response.ok) place(await response.text());
}

async function refresh(messageId) {
  const response = await fetch(`/messages/m/${messageId}`);
  if (response.ok) place(await response.text());
}

let readTimer = null;
function markRead() {
  if (!root || root.dataset.member === "false" || document.visibilityState !== "visible") return;
  clearTimeout(readTimer);
  readTimer = setTimeout(() => post(`/messages/${conversationId}/read`, { seq: String(lastSeq()) }), 300);
}

const typists = new Map();
function showTyping(userId) {
  const name = document.querySelector(`[data-member-id="${userId}"]`)?.textContent ?? "";
  if (!name || !typingLine) return;
  clearTimeout(typists.get(userId));
  typists.set(userId, setTimeout(() => {
    typists.delete(userId);
    typingLine.textContent = "";
  }, 4000));
  typingLine.textContent = typingLine.dataset.template.replace("__NAME__", name);
}

function notify(frame) {
  document.dispatchEvent(new CustomEvent("relais:notification"));
  if (!("Notification" in window) || Notification.permission !== "granted") return;
  if (document.visibilityState === "visible" && frame.payload.conversation_id === conversationId) return;
  new Notification(root.dataset.notificationTitle ?? "Relais", { tag: frame.payload.conversation_id });
}

function handle(frame) {
  if (frame.type !== "event") return;
  const payload = frame.payload ?? {};
  if (frame.kind === "notification") return notify(frame);
  if (payload.conversation_id !== conversationId) return;
  switch (frame.kind) {
    case "message.posted":
      document.dispatchEvent(new CustomEvent("relais:notification"));
      if ((payload.thread_root_id ?? null) === threadId) fetchSince(lastSeq()).then(markRead);
      else if (payload.thread_root_id) refresh(payload.thread_root_id);
      break;
    case "message.edited":
    case "message.deleted":
    case "message.reacted":
    case "message.pinned":
      refresh(payload.message_id);
      break;
    case "conversation.read":
      fetchSince(payload.seq - 30);
      break;
    case "conversation.typing":
      if (payload.user_id !== root.dataset.me) showTyping(payload.user_id);
      break;
  }
}

let lastEventId = null;
function connect() {
  const scheme = location.protocol === "https:" ? "wss" : "ws";
  const resume = lastEventId === null ? "" : `?last_event_id=${lastEventId}`;
  const socket = new WebSocket(`${scheme}://${location.host}/ws${resume}`);
  socket.addEventListener("message", (message) => {
    const frame = JSON.parse(message.data);
    if (frame.type === "hello") {
      if (lastEventId === null) lastEventId = frame.last_event_id;
      else fetchSince(lastSeq());
    }
    if (frame.type === "event") lastEventId = frame.id;
    if (frame.type === "resync") fetchSince(lastSeq());
    handle(frame);
  });
  socket.addEventListener("close", () => setTimeout(connect, 2000));
}

function composer() {
  const form = document.querySelector("[data-composer]");
  if (!form) return;
  const text = form.querySelector("textarea");
  let lastTyping = 0;
  text.addEventListener("input", () => {
    if (Date.now() - lastTyping > 3000) {
      lastTyping = Date.now();
      post(`/messages/${conversationId}/typing`);
    }
  });
  text.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      form.requestSubmit();
    }
  });
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const key = form.querySelector("[data-key]");
    key.value = key.value || crypto.randomUUID();
    const response = await fetch(form.action, {
      method: "POST",
      body: new URLSearchParams(new FormData(form)),
      headers: { Accept: "application/json" },
    }).catch(() => null);
    if (response && response.status === 201) {
      text.value = "";
      key.value = "";
      form.querySelector('input[name="urgent"]')?.removeAttribute("checked");
      await fetchSince(lastSeq());
      markRead();
    } else if (response && response.status >= 400 && response.status < 500) {
      form.submit(); /* the page shows why, next to the field */
    }
  });
}

document.addEventListener("submit", (event) => {
  const message = event.target.dataset?.confirm;
  if (message && !window.confirm(message)) event.preventDefault();
});

/** A reaction is sent without leaving the page; the message comes back with its new count. */
document.addEventListener("submit", async (event) => {
  const form = event.target.closest?.(".reactions-form");
  if (!form || event.defaultPrevented) return;
  event.preventDefault();
  const article = form.closest("article.message");
  const emoji = event.submitter?.value ?? "";
  const response = await post(form.action, { emoji }).catch(() => null);
  if (!response) return form.submit();
  form.closest("details")?.removeAttribute("open");
  await refresh(article.dataset.id);
});

if (root && list) {
  group();
  composer();
  connect();
  markRead();
  document.addEventListener("visibilitychange", markRead);
  const ask = document.querySelector("[data-ask-notifications]");
  if (ask && "Notification" in window && Notification.permission === "default") {
    ask.hidden = false;
    ask.addEventListener("click", () => Notification.requestPermission().then(() => { ask.hidden = true; }));
  }
}

/** On a wide screen a thread opens in a panel beside the conversation (its own live page). */
function threadPanel() {
  const panel = document.querySelector("[data-thread-panel]");
  if (!panel) return;
  const frame = panel.querySelector("[data-thread-frame]");
  const close = () => {
    panel.hidden = true;
    frame.removeAttribute("src");
    panel.closest(".chat")?.classList.remove("with-thread");
  };
  panel.querySelector("[data-thread-close]").addEventListener("click", close);
  document.addEventListener("keydown", (event) => { if (event.key === "Escape" && !panel.hidden) close(); });
  list.addEventListener("click", (event) => {
    const link = event.target.closest?.('a[href$="/thread"]');
    if (!link || !window.matchMedia("(min-width: 80rem)").matches || event.ctrlKey || event.metaKey) return;
    event.preventDefault();
    link.closest("details")?.removeAttribute("open");
    frame.src = `${link.getAttribute("href")}?panel=1`;
    panel.hidden = false;
    panel.closest(".chat")?.classList.add("with-thread");
    panel.querySelector("[data-thread-close]").focus();
  });
}

if (root && list && !root.dataset.thread) threadPanel();
