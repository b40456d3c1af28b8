/* Toasts: short messages about what just happened, with at most one action (undo). Announced
   politely by the page's live region; they go away after a while, or at once on their action. */

/** Shows `text`; `action` is `{ label, run }` or nothing; `kind` is "" or "error". */
export function toast(text, action = null, kind = "") {
  const region = document.querySelector("[data-toasts]");
  if (!region) return;
  const item = document.createElement("div");
  item.className = `toast ${kind}`.trim();
  const message = document.createElement("span");
  message.textContent = text;
  item.append(message);
  const close = () => item.remove();
  if (action) {
    const button = document.createElement("button");
    button.type = "button";
    button.textContent = action.label;
    button.addEventListener("click", () => {
      close();
      action.run();
    });
    item.append(button);
  }
  region.append(item);
  setTimeout(close, action ? 10000 : 5000);
}
