// What a call page shows of its WebRTC connections: the other participants' tiles carry their
// connection state and the inbound byte counter read from getStats().

/** In the page: the inbound bytes of the first connected participant (0 before connection). */
export const firstConnectedBytes = () => Number(document.querySelector('.call-tile[data-state="connected"]')?.dataset.inboundBytes ?? 0);

/** The other side's media keeps arriving: connected, and its inbound bytes grow by 10 kB and more. */
export async function mediaFlows(page) {
  const tile = page.locator('.call-tile[data-state="connected"]');
  await tile.waitFor({ timeout: 20000 });
  await page.waitForFunction(() => Number(document.querySelector('.call-tile[data-state="connected"]')?.dataset.inboundBytes ?? 0) > 0, null, { timeout: 10000 });
  const before = Number(await tile.getAttribute('data-inbound-bytes') ?? '0');
  await page.waitForFunction((seen) => Number(document.querySelector('.call-tile[data-state="connected"]')?.dataset.inboundBytes ?? 0) > seen + 10000, before, { timeout: 10000 });
}
