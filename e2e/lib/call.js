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

/** `count` other participants are connected and each one's inbound bytes keep growing. */
export async function everyoneFlows(page, count) {
  const connected = '.call-tile[data-state="connected"]';
  await page.waitForFunction(([selector, n]) => document.querySelectorAll(selector).length === n, [connected, count], { timeout: 20000 });
  const before = await page.$$eval(connected, (tiles) => tiles.map((t) => Number(t.dataset.inboundBytes ?? 0)));
  await page.waitForFunction(([selector, seen]) => {
    const now = [...document.querySelectorAll(selector)].map((t) => Number(t.dataset.inboundBytes ?? 0));
    return now.length === seen.length && now.every((bytes, i) => bytes > seen[i] + 10000);
  }, [connected, before], { timeout: 15000 });
}
