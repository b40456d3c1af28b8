/* Planning: move a visit by drag and drop (to another caregiver's lane, at the time dropped) or
   with the "move" dialog; the timeline is redrawn in place, with its conflicts, and an undo.
   Without this file every visit is a link to its page, which has the same form. */
import { toast } from "/static/toast.js";

const planner = () => document.querySelector("[data-planner]");
const dialog = document.querySelector("[data-move-dialog]");
const strings = document.querySelector("[data-move-strings]")?.dataset ?? {};

/** Posts a move; true when the server took it. */
async function move(visit, version, caregiver, start) {
  const body = new URLSearchParams({ csrf: planner().dataset.csrf, caregiver, start, version });
  try {
    const response = await fetch(`/planning/visits/${visit}/assign`, { method: "POST", body });
    return response.ok && !response.url.includes("/planning/visits/");
  } catch (_) {
    return false;
  }
}

/** Fetches this page again and swaps the timeline, the tray and the figures. */
async function redraw() {
  const response = await fetch(location.href, { headers: { Accept: "text/html" } });
  if (!response.ok) return;
  const fresh = new DOMParser().parseFromString(await response.text(), "text/html");
  for (const selector of ["[data-planner]", "[data-stats]"]) {
    const next = fresh.querySelector(selector);
    if (next) document.querySelector(selector)?.replaceWith(next);
  }
  wire();
}

/** Moves, redraws, says what happened (with the conflict if any) and offers to undo. */
async function moveAndTell(item, caregiver, start) {
  const before = { caregiver: item.dataset.caregiver, start: item.dataset.start };
  const id = item.dataset.visit;
  if (!(await move(id, item.dataset.version, caregiver, start))) {
    toast(strings.failed, null, "error");
    await redraw();
    return;
  }
  await redraw();
  const moved = document.querySelector(`[data-visit="${id}"]`);
  moved?.classList.add("just-moved");
  const conflicts = [...(moved?.querySelectorAll(".conflict") ?? [])].map((c) => c.textContent.trim());
  const text = conflicts.length ? `${strings.conflict} ${conflicts.join(", ")}` : strings.moved;
  toast(text, {
    label: strings.undo,
    run: async () => {
      const now = document.querySelector(`[data-visit="${id}"]`);
      if (now && (await move(id, now.dataset.version, before.caregiver, before.start))) {
        await redraw();
        toast(strings.undone);
      } else {
        toast(strings.failed, null, "error");
      }
    },
  }, conflicts.length ? "error" : "");
}

/** The minute of the day under the pointer in a lane's track (hours go down), rounded to five minutes. */
function timeAt(track, clientY) {
  const box = track.getBoundingClientRect();
  const root = planner().dataset;
  const fraction = Math.min(Math.max((clientY - box.top) / box.height, 0), 1);
  const minute = Number(root.firstHour) * 60 + Math.round((fraction * Number(root.hours) * 60) / 5) * 5;
  return `${String(Math.floor(minute / 60)).padStart(2, "0")}:${String(minute % 60).padStart(2, "0")}`;
}

let dragged = null;

function wire() {
  const root = planner();
  if (!root || root.dataset.wired) return;
  root.dataset.wired = "1";
  root.addEventListener("dragstart", (event) => {
    dragged = event.target.closest?.("[data-visit]");
    if (!dragged) return;
    dragged.classList.add("dragging");
    event.dataTransfer.effectAllowed = "move";
    event.dataTransfer.setData("text/plain", dragged.dataset.visit);
  });
  root.addEventListener("dragend", () => {
    dragged?.classList.remove("dragging");
    root.querySelectorAll(".drop-target").forEach((t) => t.classList.remove("drop-target"));
  });
  const targetOf = (event) => event.target.closest?.(".lane, .tray");
  root.addEventListener("dragover", (event) => {
    const target = targetOf(event);
    if (!dragged || !target) return;
    event.preventDefault();
    root.querySelectorAll(".drop-target").forEach((t) => t !== target && t.classList.remove("drop-target"));
    target.classList.add("drop-target");
  });
  root.addEventListener("drop", async (event) => {
    const target = targetOf(event);
    if (!dragged || !target) return;
    event.preventDefault();
    const item = dragged;
    dragged = null;
    const track = target.querySelector(".track");
    const start = track && target.classList.contains("lane") ? timeAt(track, event.clientY) : item.dataset.start;
    await moveAndTell(item, target.dataset.caregiver ?? "", start);
  });
  // A visit's link opens the move dialog; its page stays one click away in the dialog.
  root.addEventListener("click", (event) => {
    const link = event.target.closest?.("[data-visit] a");
    if (!link || !dialog || event.ctrlKey || event.metaKey || event.shiftKey) return;
    event.preventDefault();
    openDialog(link.closest("[data-visit]"), link);
  });
}

function openDialog(item, link) {
  const form = dialog.querySelector("[data-move-form]");
  dialog.querySelector("[data-move-what]").textContent = link.title || link.textContent.trim();
  dialog.querySelector("[data-move-open]").href = link.href;
  form.caregiver.value = item.dataset.caregiver;
  form.start.value = item.dataset.start;
  dialog.querySelector("[data-move-error]").hidden = true;
  dialog.item = item;
  dialog.showModal();
}

dialog?.addEventListener("close", async () => {
  const item = dialog.item;
  dialog.item = null;
  if (dialog.returnValue !== "move" || !item) return;
  const form = dialog.querySelector("[data-move-form]");
  await moveAndTell(item, form.caregiver.value, form.start.value);
});

wire();
