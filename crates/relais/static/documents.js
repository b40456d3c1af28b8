// Uploads with progress: files chosen or dropped are sent one request per file (so one failure
// does not lose the others), each with a progress bar; the page reloads when all are done.
// Without this script the form posts all files at once and the page answers.

document.documentElement.classList.add("js");

for (const form of document.querySelectorAll("form[data-upload]")) {
  const input = form.querySelector("input[type=file]");
  const list = form.querySelector("[data-upload-list]");
  const csrf = form.querySelector("input[name=csrf]").value;
  const message = (key) => form.dataset[key] || "";

  const send = (file) =>
    new Promise((resolve) => {
      const row = document.createElement("li");
      const name = document.createElement("span");
      name.className = "name";
      name.textContent = file.name;
      const bar = document.createElement("progress");
      bar.max = 100;
      bar.value = 0;
      bar.setAttribute("aria-label", file.name);
      const state = document.createElement("span");
      row.append(name, bar, state);
      list.append(row);
      const body = new FormData();
      body.append("csrf", csrf);
      body.append("file", file, file.name);
      const request = new XMLHttpRequest();
      request.open("POST", form.action);
      request.setRequestHeader("Accept", "application/json");
      request.upload.addEventListener("progress", (event) => {
        if (event.lengthComputable) bar.value = Math.round((event.loaded / event.total) * 100);
      });
      request.addEventListener("load", () => {
        const ok = request.status >= 200 && request.status < 300;
        bar.value = ok ? 100 : bar.value;
        state.textContent = ok ? "✓" : problem(request);
        if (!ok) state.className = "failed";
        resolve(ok);
      });
      request.addEventListener("error", () => {
        state.textContent = message("failed") || "✗";
        state.className = "failed";
        resolve(false);
      });
      request.send(body);
    });

  const problem = (request) => {
    try {
      return JSON.parse(request.responseText).detail || request.statusText;
    } catch {
      return request.statusText || String(request.status);
    }
  };

  const upload = async (files) => {
    if (!files.length) return;
    const results = [];
    for (const file of files) results.push(await send(file));
    if (results.every(Boolean)) {
      const url = new URL(window.location.href);
      url.searchParams.set("done", form.dataset.done || "uploaded");
      window.location.assign(url.toString());
    }
  };

  input.addEventListener("change", () => upload([...input.files]));
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    upload([...input.files]);
  });
  for (const type of ["dragenter", "dragover"]) {
    form.addEventListener(type, (event) => {
      event.preventDefault();
      form.classList.add("over");
    });
  }
  for (const type of ["dragleave", "drop"]) {
    form.addEventListener(type, () => form.classList.remove("over"));
  }
  form.addEventListener("drop", (event) => {
    event.preventDefault();
    upload([...event.dataTransfer.files]);
  });
}

// "Copy" buttons next to a share link's address and password.
// Addresses within Relais are shown whole, so they can be pasted into a message.
for (const input of document.querySelectorAll("input[data-absolute]")) {
  input.value = new URL(input.value, location.origin).href;
}

for (const button of document.querySelectorAll("button[data-copy]")) {
  button.addEventListener("click", async () => {
    const source = document.getElementById(button.dataset.copy);
    const text = source.value ?? source.textContent;
    try {
      await navigator.clipboard.writeText(text.trim());
      button.textContent = button.dataset.copied;
    } catch {
      if (source.select) source.select();
    }
  });
}
