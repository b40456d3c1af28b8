// Page weight of the main screens: bytes of HTML, CSS and JS each page loads (uncompressed, and
// as sent over the wire), measured in Chromium on the demo. Not a test: `node weights.mjs`.
import { launch } from './lib/browser.js';
import { startDemo } from './lib/server.js';
import { signIn } from './lib/demo.js';

const screens = [
  ['planning (day)', 'coordination.nord@tilleuls.demo', '/planning?view=day'],
  ['planning (week)', 'coordination.nord@tilleuls.demo', '/planning'],
  ['chat', 'coordination.nord@tilleuls.demo', '/messages'],
  ['round', process.env.CAREGIVER ?? 'julie.bernard@tilleuls.demo', '/round'],
];
const server = await startDemo();
const browser = await launch();
try {
  for (const [name, who, path] of screens) {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'fr-FR' });
    const page = await context.newPage();
    await signIn(page, server, who);
    const client = await context.newCDPSession(page);
    await client.send('Network.enable');
    await client.send('Network.setCacheDisabled', { cacheDisabled: true });
    const types = new Map();
    const wire = new Map();
    client.on('Network.responseReceived', (e) => types.set(e.requestId, e.type));
    client.on('Network.loadingFinished', (e) => wire.set(e.requestId, e.encodedDataLength));
    const bodies = [];
    page.on('response', async (r) => { try { bodies.push([r.request().resourceType(), (await r.body()).length]); } catch { /* redirects */ } });
    await page.goto(server.url + path, { waitUntil: 'networkidle' });
    const sum = (kind) => bodies.filter(([t]) => t === kind).reduce((a, [, n]) => a + n, 0);
    const onWire = [...wire.entries()].filter(([id]) => ['Document', 'Stylesheet', 'Script'].includes(types.get(id))).reduce((a, [, n]) => a + n, 0);
    const [html, css, js] = [sum('document'), sum('stylesheet'), sum('script')];
    console.log(`${name}: HTML ${(html / 1024).toFixed(1)} KiB, CSS ${(css / 1024).toFixed(1)} KiB, JS ${(js / 1024).toFixed(1)} KiB, total ${((html + css + js) / 1024).toFixed(1)} KiB (${(onWire / 1024).toFixed(1)} KiB on the wire)`);
    await context.close();
  }
} finally {
  await browser.close();
  server.stop?.();
  server.child?.kill?.();
}
process.exit(0);
