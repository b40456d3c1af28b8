// Debian's Chromium driven by playwright-core, and an accessibility check with axe-core.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import assert from 'node:assert/strict';
import { chromium } from 'playwright-core';

const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

/** Chromium; `extraArgs` adds flags (e.g. fake camera and microphone for calls). */
export async function launch(extraArgs = []) {
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
      '--no-first-run', '--disable-sync', '--disable-quic', ...extraArgs],
  });
}

/** Flags that give Chromium a fake camera and microphone, granted without asking. */
export const FAKE_MEDIA = ['--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream'];

/** A phone-sized page that fails the test on any console error (a CSP violation, say). */
export async function phonePage(browser, locale) {
  return watchedPage(browser, { width: 360, height: 740 }, locale);
}

/** A desktop page (1280 px) with the same watch on console errors. */
export async function desktopPage(browser, locale) {
  return watchedPage(browser, { width: 1280, height: 800 }, locale);
}

async function watchedPage(browser, viewport, locale) {
  const context = await browser.newContext({ viewport, locale, extraHTTPHeaders: { 'accept-language': locale } });
  const page = await context.newPage();
  page.consoleErrors = [];
  // A page answered with 401/404/422 on purpose is logged by Chromium as a failed load: not an error.
  const expectedStatus = /^Failed to load resource: the server responded with a status of (401|404|422)/;
  page.on('console', (message) => {
    if (message.type() === 'error' && !expectedStatus.test(message.text())) page.consoleErrors.push(message.text());
  });
  page.on('pageerror', (error) => page.consoleErrors.push(error.message));
  return page;
}

/** Runs axe-core (WCAG 2.1 A/AA) on the page and fails on any violation or sideways scrolling. */
export async function checkAccessibility(page) {
  await page.evaluate(axeSource);
  const results = await page.evaluate(() =>
    window.axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] } }));
  const violations = results.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
  assert.deepEqual(violations, [], `accessibility violations on ${page.url()}`);
  const [scrollWidth, width] = await page.evaluate(() => [document.documentElement.scrollWidth, window.innerWidth]);
  assert.ok(scrollWidth <= width, `${page.url()} scrolls sideways at ${width} px (${scrollWidth} px)`);
  assert.deepEqual(page.consoleErrors, [], `console errors on ${page.url()}`);
}
