/* The composer's helpers: formatting buttons (Markdown), @mention suggestions from the members,
   and files dropped on the composer go to the attachment form. The plain form works without. */

const composer = document.querySelector("[data-composer]");
const text = composer?.querySelector("textarea");

/** Wraps the selection in `before`/`after` (or prefixes each line when `line` is set). */
function format(before, after, line) {
  const { selectionStart: start, selectionEnd: end, value } = text;
  const chosen = value.slice(start, end);
  const replaced = line ? chosen.split("\n").map((l) => `${before}${l}`).join("\n") : `${before}${chosen}${after}`;
  text.setRangeText(replaced, start, end, chosen ? "select" : "end");
  if (!chosen && !line) text.setSelectionRange(start + before.length, start + before.length);
  text.focus();
  text.dispatchEvent(new Event("input"));
}

function formatBar() {
  const bar = composer.querySelector("[data-format-bar]");
  if (!bar) return;
  bar.hidden = false;
  bar.addEventListener("click", (event) => {
    const button = event.target.closest("button[data-format]");
    if (!button) return;
    const [before, after, line] = { bold: ["**", "**"], italic: ["_", "_"], code: ["`", "`"], list: ["- ", "", true] }[button.dataset.format];
    format(before, after, line);
  });
}

/** Suggests members while typing "@pre…"; Enter or a click puts "@handle " in the text. */
function mentions() {
  const members = [...document.querySelectorAll("[data-member-id][data-handle]")].map((m) => ({ handle: m.dataset.handle, name: m.textContent.trim() }));
  if (!members.length) return;
  const box = document.createElement("ul");
  box.className = "mention-list";
  box.id = "mention-list";
  box.setAttribute("role", "listbox");
  box.hidden = true;
  text.after(box);
  text.setAttribute("aria-controls", "mention-list");
  let matches = [];
  let chosen = 0;
  const word = () => text.value.slice(0, text.selectionStart).match(/@([\p{L}\p{N}._-]*)$/u);
  const show = () => {
    const typed = word();
    matches = typed ? members.filter((m) => `${m.handle} ${m.name}`.toLowerCase().includes(typed[1].toLowerCase())).slice(0, 6) : [];
    box.hidden = matches.length === 0;
    chosen = Math.min(chosen, Math.max(matches.length - 1, 0));
    box.replaceChildren(...matches.map((m, i) => {
      const item = document.createElement("li");
      item.setAttribute("role", "option");
      item.id = `mention-${i}`;
      item.setAttribute("aria-selected", String(i === chosen));
      item.textContent = `${m.name} (@${m.handle})`;
      item.addEventListener("mousedown", (event) => { event.preventDefault(); pick(i); });
      return item;
    }));
    if (matches.length) text.setAttribute("aria-activedescendant", `mention-${chosen}`);
    else text.removeAttribute("aria-activedescendant");
  };
  const pick = (i) => {
    const typed = word();
    if (!typed || !matches[i]) return;
    const at = text.selectionStart - typed[0].length;
    text.setRangeText(`@${matches[i].handle} `, at, text.selectionStart, "end");
    box.hidden = true;
    text.focus();
  };
  text.addEventListener("input", show);
  text.addEventListener("keydown", (event) => {
    if (box.hidden) return;
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      chosen = (chosen + (event.key === "ArrowDown" ? 1 : matches.length - 1)) % matches.length;
      show();
    } else if (event.key === "Enter" || event.key === "Tab") {
      event.preventDefault();
      event.stopImmediatePropagation();
      pick(chosen);
    } else if (event.key === "Escape") {
      box.hidden = true;
    }
  }, true);
}

/** A file dropped on the composer is put in the attachment form, opened for its caption. */
function fileDrop() {
  const attach = document.querySelector(".attach-box");
  const input = attach?.querySelector('input[type="file"]');
  if (!input) return;
  composer.addEventListener("dragover", (event) => {
    if (![...event.dataTransfer.types].includes("Files")) return;
    event.preventDefault();
    composer.classList.add("dropping");
  });
  composer.addEventListener("dragleave", () => composer.classList.remove("dropping"));
  composer.addEventListener("drop", (event) => {
    if (!event.dataTransfer.files.length) return;
    event.preventDefault();
    composer.classList.remove("dropping");
    input.files = event.dataTransfer.files;
    attach.open = true;
    attach.querySelector('input[name="text"]')?.focus();
  });
}

if (composer && text) {
  formatBar();
  mentions();
  fileDrop();
}
