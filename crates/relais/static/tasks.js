/* A board's cards move by drag and drop (the "move to" form under each card does the same
 * without a mouse). A move posts that form's request; the board answers with itself, which
 * replaces the columns, and screen readers hear that the card moved. */

const board = document.querySelector("[data-live-tasks]");

/** The card a dragged one would go before, from the pointer's height in the list. */
function cardAfter(stack, y) {
  const cards = [...stack.querySelectorAll("[data-card]:not(.dragging)")];
  return cards.find((card) => {
    const box = card.getBoundingClientRect();
    return y < box.top + box.height / 2;
  });
}

/** Moves a card and shows the board as the server now has it. */
async function move(cardId, listId, beforeId) {
  const body = new URLSearchParams({
    csrf: board.dataset.csrf,
    list: listId,
    before: beforeId || "bottom",
    back: "board",
  });
  const response = await fetch(`/tasks/cards/${cardId}/move`, {
    method: "POST",
    body,
    headers: { Accept: "text/html" },
  });
  if (!response.ok) {
    window.location.reload();
    return;
  }
  const fresh = new DOMParser().parseFromString(await response.text(), "text/html");
  const next = fresh.querySelector("[data-live-tasks]");
  if (next) board.replaceChildren(...[...next.childNodes].map((node) => document.importNode(node, true)));
  document.getElementById(`card-${cardId}`)?.querySelector(".tile-title")?.focus();
  const { toast } = await import("/static/toast.js");
  toast(board.dataset.moved);
}

if (board) {
  board.classList.add("js-drag");
  let dragged = null;
  board.addEventListener("dragstart", (event) => {
    const card = event.target.closest?.("[data-card]");
    if (!card) return;
    dragged = card;
    card.classList.add("dragging");
    event.dataTransfer.effectAllowed = "move";
    event.dataTransfer.setData("text/plain", card.dataset.card);
  });
  board.addEventListener("dragend", () => {
    dragged?.classList.remove("dragging");
    dragged = null;
    board.querySelectorAll(".drop-target").forEach((stack) => stack.classList.remove("drop-target"));
  });
  board.addEventListener("dragover", (event) => {
    const stack = event.target.closest?.("[data-drop]");
    if (!stack || !dragged) return;
    event.preventDefault();
    board.querySelectorAll(".drop-target").forEach((other) => other !== stack && other.classList.remove("drop-target"));
    stack.classList.add("drop-target");
    const after = cardAfter(stack, event.clientY);
    if (after) stack.insertBefore(dragged, after);
    else stack.appendChild(dragged);
  });
  board.addEventListener("drop", (event) => {
    const stack = event.target.closest?.("[data-drop]");
    if (!stack || !dragged) return;
    event.preventDefault();
    const next = dragged.nextElementSibling?.closest("[data-card]");
    move(dragged.dataset.card, stack.dataset.drop, next?.dataset.card);
  });
}
