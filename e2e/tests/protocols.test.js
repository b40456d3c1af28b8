// Protocols and rules, as the demonstration SSIAD uses them: a nurse finds her team's usage
// protocol to read (home page, list), reads it on her phone and confirms; her coordinator
// publishes a new version asking again and sees who has read it. Desktop (1280 px) and phone
// (360 px) screenshots go to target/screenshots; every page passes axe.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { startDemo } from '../lib/server.js';
import { launch, checkAccessibility, desktopPage, phonePage } from '../lib/browser.js';
import { signIn } from '../lib/demo.js';

const shots = resolve(import.meta.dirname, '../../target/screenshots');

test('protocols: read and confirmed by a nurse on her phone, a new version published by her coordinator', async () => {
  mkdirSync(shots, { recursive: true });
  const server = await startDemo();
  const browser = await launch();
  try {
    const phone = await phonePage(browser, 'fr-FR');
    await signIn(phone, server, 'julie.bernard@tilleuls.demo');
    await phone.getByText('2 pages à lire').waitFor();
    await phone.goto(`${server.url}/protocols`);
    await phone.getByRole('heading', { name: 'Protocoles et règles', level: 1 }).waitFor();
    assert.equal(await phone.getByText('À lire').count(), 2);
    await phone.screenshot({ path: `${shots}/protocols-360.png`, fullPage: true });
    await checkAccessibility(phone);
    await phone.getByRole('link', { name: /Protocole d'usage/ }).click();
    await phone.getByRole('heading', { name: 'Quand la connexion coupe' }).waitFor();
    await phone.screenshot({ path: `${shots}/protocol-360.png`, fullPage: true });
    await checkAccessibility(phone);
    const width = await phone.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(width <= 360, `no sideways scrolling on a phone (${width} px)`);
    await phone.getByRole('button', { name: "J'ai lu ce protocole" }).click();
    await phone.getByText('Lecture enregistrée. Merci.').waitFor();
    await phone.goto(`${server.url}/protocols`);
    assert.equal(await phone.getByText('À lire').count(), 1, 'only the security rules are left');

    const page = await desktopPage(browser, 'fr-FR');
    await signIn(page, server, 'coordination.nord@tilleuls.demo');
    await page.getByRole('navigation', { name: 'Navigation principale' }).getByRole('link', { name: 'Protocoles' }).click();
    await page.getByRole('heading', { name: 'Protocoles et règles', level: 1 }).waitFor();
    await page.screenshot({ path: `${shots}/protocols-1280.png`, fullPage: true });
    await checkAccessibility(page);
    await page.getByRole('link', { name: /Protocole d'usage/ }).click();
    await page.getByRole('link', { name: 'Nouvelle version' }).click();
    const body = page.getByLabel('Texte');
    await body.fill((await body.inputValue()).replace('## Messages', '## Messages\n- Les photos de plaies passent par le compte rendu de visite, jamais par la galerie du téléphone.'));
    await page.getByLabel('Ce qui change').fill('Photos de plaies');
    await page.getByLabel('Demander à chacun de confirmer sa lecture').check();
    await page.screenshot({ path: `${shots}/protocol-edit-1280.png`, fullPage: true });
    await checkAccessibility(page);
    await page.getByRole('button', { name: 'Publier' }).click();
    await page.getByText('Version publiée.').waitFor();
    await page.getByText('Photos de plaies', { exact: true }).waitFor();
    await page.screenshot({ path: `${shots}/protocol-1280.png`, fullPage: true });
    await checkAccessibility(page);
    await page.getByRole('link', { name: 'Qui a lu' }).click();
    await page.getByText('Version 2 à confirmer').waitFor();
    const julie = page.getByRole('row', { name: /Julie Bernard/ });
    await julie.getByText('À lire').waitFor();
    await julie.getByText('Version 1').waitFor();
    await page.screenshot({ path: `${shots}/protocol-readers-1280.png`, fullPage: true });
    await checkAccessibility(page);

    await phone.goto(`${server.url}/protocols`);
    assert.equal(await phone.getByText('À lire').count(), 2, 'the new version asks her again');
    assert.deepEqual(page.consoleErrors, []);
  } finally {
    await browser.close();
    await server.stop();
  }
});
