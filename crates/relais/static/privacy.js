// The export's progress bar: while an export is being built, ask its progress every two seconds
// and move the bar; when it is ready (or failed), load the page again to show the download.
const pending = [...document.querySelectorAll('[data-export][data-pending]')];

async function follow(item) {
  const id = item.dataset.export;
  const bar = item.querySelector('progress');
  for (;;) {
    await new Promise((resolve) => setTimeout(resolve, 2000));
    let status;
    try {
      const response = await fetch(`/account/privacy/exports/${id}`, { headers: { accept: 'application/json' } });
      if (!response.ok) return;
      status = await response.json();
    } catch {
      continue;
    }
    if (bar) {
      bar.value = status.percent;
      bar.textContent = `${status.percent} %`;
    }
    if (status.state === 'ready' || status.state === 'failed') {
      window.location.reload();
      return;
    }
  }
}

pending.forEach(follow);
