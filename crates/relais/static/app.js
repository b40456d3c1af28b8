/* Progressive enhancement only: every page works without this file. */

/** Follows a running optimisation: its progress, then shows the proposal. */
function followOptimiser() {
  const run = document.getElementById("optimiser-run");
  if (!run) return;
  const bar = document.getElementById("optimiser-progress");
  const poll = async () => {
    try {
      const response = await fetch(run.dataset.statusUrl, { headers: { Accept: "application/json" } });
      if (!response.ok) return;
      const status = await response.json();
      if (status.status !== "running") {
        window.location.reload();
        return;
      }
      bar.value = status.percent;
      bar.textContent = `${status.percent} %`;
    } catch (_) {
      /* Network hiccup: try again at the next tick. */
    }
    setTimeout(poll, 500);
  };
  setTimeout(poll, 500);
}

followOptimiser();

/** Stamps the phone's clock on round forms, so a request sent late keeps the time it happened. */
document.addEventListener("submit", (event) => {
  const field = event.target.querySelector?.('input[name="device_at"]');
  if (field && !field.value) field.value = String(Date.now());
});

/** Calls `onEvent` with every live event of the platform socket, reconnecting after a drop. */
function followEvents(onEvent) {
  const connect = () => {
    const socket = new WebSocket(`${location.protocol === "https:" ? "wss" : "ws"}://${location.host}/ws`);
    socket.addEventListener("message", (message) => {
      const frame = JSON.parse(message.data);
      if (frame.type === "event") onEvent(frame);
    });
    socket.addEventListener("close", () => setTimeout(connect, 5000));
  };
  connect();
}

/** The live board follows the day: any visit event reloads it (at most every two seconds). */
function liveBoard() {
  const board = document.querySelector("[data-live-board]");
  if (!board) return;
  let timer = null;
  const changed = new Set();
  // Only the rows of the visits that changed are replaced, with the counts and the alerts;
  // focus, scroll and what the coordinator is reading stay where they are.
  const refresh = async () => {
    timer = null;
    const ids = [...changed];
    changed.clear();
    try {
      const response = await fetch(window.location.href, { headers: { Accept: "text/html" } });
      if (!response.ok) return;
      const fresh = new DOMParser().parseFromString(await response.text(), "text/html");
      for (const id of ids) {
        const row = fresh.getElementById(`board-${id}`);
        const shown = document.getElementById(`board-${id}`);
        if (row) shown?.replaceWith(document.importNode(row, true));
        else shown?.remove(); // It left this filtered view (a planned visit now in progress).
      }
      for (const part of ["[data-board-counts]", "[data-board-alerts]"]) {
        const next = fresh.querySelector(part);
        if (next) board.querySelector(part)?.replaceWith(document.importNode(next, true));
      }
    } catch (_) {
      /* Offline: the board stays as it was until the next event. */
    }
  };
  followEvents((frame) => {
    if (!String(frame.kind).startsWith("visit.")) return;
    const id = frame.payload?.id;
    // An event about a visit that is not on this board (another day, a filtered state) is ignored.
    if (!id || !document.getElementById(`board-${id}`)) return;
    changed.add(id);
    if (!timer) timer = setTimeout(refresh, 1000);
  });
}

/** A teleconsultation's page says at once when a guest's link locks (no reload: a report may be in progress). */
function liveConsultation() {
  const alert = document.querySelector("[data-link-locked]");
  if (!alert) return;
  followEvents((frame) => {
    if (frame.kind === "teleconsultation.link_locked" && frame.payload?.id === alert.dataset.linkLocked) alert.hidden = false;
  });
}

/** The in-call chat the professional chose to keep goes into the report form (and nowhere else). */
function keptCallChat() {
  const form = document.querySelector("[data-report-form]");
  if (!form) return;
  const key = `relais-call-chat:${form.dataset.reportForm}`;
  const kept = sessionStorage.getItem(key);
  const field = form.querySelector('textarea[name="chat"]');
  if (kept && field && !field.value) field.value = kept;
  form.addEventListener("submit", () => sessionStorage.removeItem(key));
}

/** "New message": typing part of a name narrows the list of people (the checked ones stay shown). */
function peoplePicker() {
  const picker = document.querySelector("[data-people-picker]");
  if (!picker) return;
  const search = picker.querySelector("[data-people-search]");
  const input = search.querySelector("input");
  const found = picker.querySelector("[data-people-found]");
  const items = [...picker.querySelectorAll("li[data-name]")];
  search.hidden = false;
  picker.classList.add("filtering");
  input.addEventListener("input", () => {
    const words = input.value.toLowerCase().split(/\s+/).filter(Boolean);
    let shown = 0;
    for (const item of items) {
      const visible = item.querySelector("input").checked || words.every((w) => item.dataset.name.includes(w));
      item.hidden = !visible;
      if (visible) shown += 1;
    }
    found.textContent = words.length ? found.dataset.template.replace("__COUNT__", String(shown)) : "";
  });
  input.addEventListener("keydown", (event) => {
    if (event.key !== "Enter") return;
    event.preventDefault();
    const first = items.find((item) => !item.hidden && !item.querySelector("input").checked);
    if (first) {
      first.querySelector("input").checked = true;
      input.value = "";
      input.dispatchEvent(new Event("input"));
    }
  });
}

/** Telework pages follow the team: a request, a decision or a notice refreshes the live region
 * (the calendar, the requests waiting, my days) — unless the person is typing in it. */
function liveTelework() {
  const region = document.querySelector("[data-live-telework]");
  if (!region) return;
  let timer = null;
  const refresh = async () => {
    timer = null;
    const typing = region.contains(document.activeElement) && document.activeElement.matches("input, textarea, select");
    if (typing) return;
    try {
      const response = await fetch(window.location.href, { headers: { Accept: "text/html" } });
      if (!response.ok) return;
      const fresh = new DOMParser().parseFromString(await response.text(), "text/html");
      const next = fresh.querySelector("[data-live-telework]");
      if (!next) return;
      region.replaceChildren(...[...next.childNodes].map((node) => document.importNode(node, true)));
      const { toast } = await import("/static/toast.js");
      toast(region.dataset.liveTelework);
    } catch (_) {
      /* Offline: the page stays as it was until the next event. */
    }
  };
  followEvents((frame) => {
    if (!String(frame.kind).startsWith("telework.")) return;
    if (!timer) timer = setTimeout(refresh, 500);
  });
}

/** A task board follows its team. A changed card is fetched alone and put in its place (a
 * moved card changes column, an archived one leaves); any other change (a list, a label), or a
 * filtered view, reloads the columns. Nothing is replaced while the person types, chooses in a
 * list or drags a card. */
function liveTasks() {
  const region = document.querySelector("[data-live-tasks]");
  if (!region) return;
  const changed = new Set();
  let whole = false;
  let timer = null;
  const busy = () => {
    const active = document.activeElement;
    return region.querySelector(".dragging") || (region.contains(active) && active.matches("input, textarea, select"));
  };
  const place = (id, fresh) => {
    document.getElementById(`card-${id}`)?.remove();
    const tile = fresh?.querySelector("[data-card]");
    const stack = tile && region.querySelector(`[data-drop="${tile.dataset.list}"]`);
    if (!stack) return;
    const node = document.importNode(tile, true);
    const after = [...stack.querySelectorAll("[data-card]")].find((other) => Number(other.dataset.position) > Number(tile.dataset.position));
    stack.insertBefore(node, after || null);
  };
  const recount = () => {
    for (const column of region.querySelectorAll("[data-list]:not([data-card])")) {
      const count = column.querySelector("[data-count]");
      if (count) count.textContent = String(column.querySelectorAll("[data-card]").length);
    }
  };
  const refresh = async () => {
    timer = null;
    if (busy()) {
      timer = setTimeout(refresh, 2000);
      return;
    }
    const ids = [...changed];
    changed.clear();
    try {
      if (whole || region.hasAttribute("data-whole")) {
        whole = false;
        const response = await fetch(window.location.href, { headers: { Accept: "text/html" } });
        if (!response.ok) return;
        const fresh = new DOMParser().parseFromString(await response.text(), "text/html");
        const next = fresh.querySelector("[data-live-tasks]");
        if (next) region.replaceChildren(...[...next.childNodes].map((node) => document.importNode(node, true)));
      } else {
        for (const id of ids) {
          const response = await fetch(`/tasks/cards/${id}/tile`, { headers: { Accept: "text/html" } });
          if (response.status === 204 || response.status === 404) place(id, null);
          else if (response.ok) place(id, new DOMParser().parseFromString(await response.text(), "text/html"));
        }
        recount();
      }
      const { toast } = await import("/static/toast.js");
      toast(region.dataset.changed);
    } catch (_) {
      /* Offline: the board stays as it was until the next event. */
    }
  };
  followEvents((frame) => {
    if (!String(frame.kind).startsWith("task.") || frame.payload?.board !== region.dataset.liveTasks) return;
    if (frame.payload.type === "task_card") changed.add(frame.payload.id);
    else whole = true;
    if (!timer) timer = setTimeout(refresh, 500);
  });
}

liveBoard();
liveTelework();
liveTasks();
peoplePicker();
liveConsultation();
keptCallChat();

/** The menu's badge: delivered notifications not read yet. */
async function unreadBadge() {
  const badge = document.querySelector("[data-unread]");
  if (!badge) return;
  try {
    const response = await fetch("/notifications/unread", { headers: { Accept: "application/json" } });
    if (!response.ok) return;
    const { unread } = await response.json();
    badge.hidden = unread === 0;
    badge.textContent = String(unread);
    const text = badge.parentElement.querySelector("[data-unread-text]");
    text.textContent = unread === 0 ? "" : ` (${badge.closest("a").dataset.unreadLabel.replace("__COUNT__", String(unread))})`;
  } catch (_) {
    /* Offline: no badge. */
  }
}
unreadBadge();
document.addEventListener("relais:notification", unreadBadge);

/** Copy, download and print buttons for what is shown once (recovery codes, links, tokens). */
function copyTools() {
  for (const tools of document.querySelectorAll("[data-tools]")) {
    tools.hidden = false;
    const status = tools.querySelector("[data-tool-status]");
    const textOf = (id) => {
      const target = document.getElementById(id);
      if (!target) return "";
      if ("value" in target && target.tagName === "INPUT") return target.value;
      return [...target.querySelectorAll("li")].map((li) => li.textContent.trim()).join("\n");
    };
    tools.addEventListener("click", async (event) => {
      const button = event.target.closest("button");
      if (!button) return;
      if (button.dataset.copy) {
        try {
          await navigator.clipboard.writeText(textOf(button.dataset.copy));
          if (status) status.textContent = status.dataset.done;
        } catch (_) {
          document.getElementById(button.dataset.copy)?.focus();
        }
      } else if (button.dataset.download) {
        const blob = new Blob([`${textOf(button.dataset.download)}\n`], { type: "text/plain;charset=utf-8" });
        const link = document.createElement("a");
        link.href = URL.createObjectURL(blob);
        link.download = button.dataset.fileName;
        link.click();
        setTimeout(() => URL.revokeObjectURL(link.href), 1000);
      } else if ("print" in button.dataset) {
        window.print();
      }
    });
  }
}
copyTools();

/** The side navigation can be folded to its icons on a desktop; the choice is kept on this device. */
function collapsibleNavigation() {
  const toggle = document.querySelector("[data-nav-toggle]");
  if (!toggle) return;
  const apply = (collapsed) => {
    document.body.classList.toggle("nav-collapsed", collapsed);
    toggle.setAttribute("aria-expanded", String(!collapsed));
  };
  apply(localStorage.getItem("relais-nav") === "collapsed");
  toggle.hidden = false;
  toggle.addEventListener("click", () => {
    const collapsed = !document.body.classList.contains("nav-collapsed");
    localStorage.setItem("relais-nav", collapsed ? "collapsed" : "open");
    apply(collapsed);
  });
}
collapsibleNavigation();
