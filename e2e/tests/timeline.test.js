// The coordinator's planning at 1280 px: the week fits without sideways scrolling; in the day view
// a visit is dragged to another caregiver (the conflict shows on the block), undone, then moved with
// the keyboard-friendly dialog. The design system's page passes axe. Screenshots go to
// target/screenshots for people to look at.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { startDemo } from '../lib/server.js';
import { launch, checkAccessibility, phonePage } from '../lib/browser.js';
import { signIn } from '../lib/demo.js';

const shots = resolve(import.meta.dirname, '../../target/screenshots');

async function desktopPage(browser) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'fr-FR', extraHTTPHeaders: { 'accept-language': 'fr-FR' } });
  const page = await context.newPage();
  page.consoleErrors = [];
  page.on('pageerror', (error) => page.consoleErrors.push(error.message));
  return page;
}

const pageWidth = (page) => page.evaluate(() => document.documentElement.scrollWidth);

test('the planning timeline: week at a glance, drag, conflict, undo, move dialog', async () => {
  mkdirSync(shots, { recursive: true });
  const server = await startDemo();
  const browser = await launch();
  try {
    const page = await desktopPage(browser);
    await signIn(page, server, 'coordination.nord@tilleuls.demo');
    await page.goto(`${server.url}/planning`);
    await page.getByRole('heading', { name: /Planning — Équipe Nord/ }).waitFor();
    assert.ok(await pageWidth(page) <= 1280, 'the week fits at 1280 px');
    assert.equal(await page.locator('.week-timeline thead th').count(), 8, 'a column per day and the caregivers');
    assert.ok(await page.locator('.week-timeline tbody tr').count() >= 5);
    await page.screenshot({ path: `${shots}/planning-week-1280.png` });
    await checkAccessibility(page);

    // The day view: a lane per caregiver, visits placed on the hours.
    await page.getByRole('link', { name: 'Jour', exact: true }).click();
    await page.locator('.lane').first().waitFor();
    await page.screenshot({ path: `${shots}/planning-day-1280.png` });
    await checkAccessibility(page);
    const lanes = page.locator('.lane');
    const from = lanes.nth(0);
    const to = lanes.nth(1);
    const block = from.locator('.block').first();
    const visit = await block.getAttribute('data-visit');
    const start = await block.getAttribute('data-start');
    const fromId = await from.getAttribute('data-caregiver');
    const toId = await to.getAttribute('data-caregiver');

    // Drag onto the second caregiver's lane, at the same height: the block moves there.
    const box = await block.boundingBox();
    await block.dragTo(to.locator('.track'), { targetPosition: { x: 20, y: box.y - (await to.locator('.track').boundingBox()).y + 2 } });
    const moved = page.locator(`.lane[data-caregiver="${toId}"] [data-visit="${visit}"]`);
    await moved.waitFor();
    // The lane already has visits at that time: the overlap shows on the block and in the toast.
    const toast = page.locator('.toast');
    await toast.waitFor();
    const conflicted = await moved.evaluate((element) => element.classList.contains('has-conflict'));
    if (conflicted) assert.match(await toast.textContent(), /conflit/);
    await page.screenshot({ path: `${shots}/planning-moved-1280.png` });

    // Undo puts it back where it was.
    await toast.getByRole('button', { name: 'Annuler' }).click();
    await page.locator(`.lane[data-caregiver="${fromId}"] [data-visit="${visit}"]`).waitFor();
    await page.getByText('Déplacement annulé.').waitFor();
    assert.equal(await page.locator(`.lane[data-caregiver="${fromId}"] [data-visit="${visit}"]`).getAttribute('data-start'), start);

    // The dialog does the same without a mouse: caregiver and time, then the block moves.
    await page.locator(`[data-visit="${visit}"] a`).focus();
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog', { name: 'Déplacer la visite' });
    await dialog.waitFor();
    await checkAccessibility(page);
    await dialog.getByLabel('Intervenant·e').selectOption(toId);
    await dialog.getByRole('button', { name: 'Déplacer' }).click();
    await page.locator(`.lane[data-caregiver="${toId}"] [data-visit="${visit}"]`).waitFor();

    // The design system's living page.
    await page.goto(`${server.url}/_design`);
    await page.getByRole('heading', { name: 'Système de conception' }).waitFor();
    await checkAccessibility(page);
    await page.screenshot({ path: `${shots}/design-1280.png`, fullPage: true });
    assert.deepEqual(page.consoleErrors, []);

    // On a phone: one day at a time, nothing wider than the screen.
    const phone = await phonePage(browser, 'fr-FR');
    await signIn(phone, server, 'coordination.nord@tilleuls.demo');
    await phone.goto(`${server.url}/planning`);
    await phone.locator('.week-days a').first().waitFor();
    assert.ok(await pageWidth(phone) <= 360, 'the week fits a phone');
    await checkAccessibility(phone);
    await phone.locator('.week-days a').first().click();
    await phone.locator('.lane').first().waitFor();
    assert.ok(await pageWidth(phone) <= 360, 'the day fits a phone');
    await phone.screenshot({ path: `${shots}/planning-day-360.png` });
    await checkAccessibility(phone);
    await phone.goto(`${server.url}/`);
    await phone.screenshot({ path: `${shots}/home-360.png` });
    await checkAccessibility(phone);
  } finally {
    await browser.close();
    await server.stop();
  }
});
