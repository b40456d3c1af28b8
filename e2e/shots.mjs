// Screenshots of the main screens at 1280 px and 360 px (for looking at them, not a test).
import { launch } from './lib/browser.js';
import { startDemo } from './lib/server.js';
import { signIn } from './lib/demo.js';

const out = process.env.SHOTS ?? '/work/shots';
const pages = (process.env.PAGES ?? '/,/planning,/messages,/round,/patients').split(',');
const who = process.env.WHO ?? 'coordination.nord@tilleuls.demo';
const server = await startDemo();
const browser = await launch();
try {
  for (const [name, viewport] of [['desk', { width: 1280, height: 800 }], ['phone', { width: 360, height: 740 }]]) {
    const context = await browser.newContext({ viewport, locale: 'fr-FR' });
    const page = await context.newPage();
    page.on('console', (m) => { if (m.type() === 'error') console.log('console:', m.text()); });
    await signIn(page, server, who);
    for (const path of pages) {
      if (path.startsWith('click:')) await page.locator(path.slice(6)).first().click();
      else await page.goto(server.url + path);
      await page.waitForTimeout(500);
      const file = `${out}/${name}${path.replace(/[^a-z0-9]/gi, '_') || '_'}.png`;
      await page.screenshot({ path: file, fullPage: process.env.FULL === '1' });
      const size = await page.evaluate(() => [document.documentElement.scrollWidth, document.documentElement.scrollHeight]);
      console.log(file, size.join('x'));
      if (size[0] > viewport.width) console.log(await page.evaluate((w) => [...document.querySelectorAll('body *')].filter((e) => e.getBoundingClientRect().right > w + 1 && e.getBoundingClientRect().right < w + 40).slice(0, 5).map((e) => `${e.tagName}.${e.className} ${Math.round(e.getBoundingClientRect().right)}`).join(' | '), viewport.width));
    }
    await context.close();
  }
} finally {
  await browser.close();
  server.stop?.();
  server.child?.kill?.();
}
process.exit(0);
