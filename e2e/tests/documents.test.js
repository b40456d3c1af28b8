// Documents, as a nurse of the demonstration SSIAD uses them: her team's space, a procedure
// uploaded by choosing a file (sent with progress), a corrected version, the first version made
// current again; then a share link whose password is given to someone without an account, who
// opens it in a private window on a phone. Desktop (1280 px) and phone (360 px) screenshots go to
// target/screenshots; every page passes axe.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { startDemo } from '../lib/server.js';
import { launch, checkAccessibility, desktopPage, phonePage } from '../lib/browser.js';
import { signIn } from '../lib/demo.js';

const shots = resolve(import.meta.dirname, '../../target/screenshots');

test('documents: a team space, an upload with progress, a new version, the first restored', async () => {
  mkdirSync(shots, { recursive: true });
  const server = await startDemo();
  const browser = await launch();
  try {
    const page = await desktopPage(browser, 'fr-FR');
    await signIn(page, server, 'julie.bernard@tilleuls.demo');
    await page.getByRole('navigation', { name: 'Navigation principale' }).getByRole('link', { name: 'Documents' }).click();
    await page.getByRole('heading', { name: 'Documents', level: 1 }).waitFor();
    await page.screenshot({ path: `${shots}/documents-spaces-1280.png`, fullPage: true });
    await checkAccessibility(page);

    await page.getByRole('link', { name: 'Équipe Nord' }).click();
    await page.getByRole('link', { name: /Protocole d'usage de l'équipe/ }).waitFor();
    await page.getByLabel('Choisir des fichiers').setInputFiles({
      name: 'Pansement simple.md',
      mimeType: 'text/markdown',
      buffer: Buffer.from('# Pansement simple\n\nNettoyer au sérum physiologique, sécher, couvrir.\n'),
    });
    await page.getByText('Fichiers enregistrés.').waitFor();
    await page.getByRole('link', { name: 'Pansement simple.md' }).waitFor();
    await page.screenshot({ path: `${shots}/documents-folder-1280.png`, fullPage: true });
    await checkAccessibility(page);

    await page.getByRole('link', { name: 'Pansement simple.md' }).click();
    await page.getByText('Nettoyer au sérum physiologique').waitFor();
    await page.getByLabel('Fichier de la nouvelle version').setInputFiles({
      name: 'Pansement simple.md',
      mimeType: 'text/markdown',
      buffer: Buffer.from('# Pansement simple\n\nNettoyer au sérum physiologique, sécher, couvrir d’un pansement sec.\n'),
    });
    await page.getByText('Fichiers enregistrés.').waitFor();
    await page.getByText('pansement sec').waitFor();
    assert.ok(await page.getByText('v2').isVisible());
    await page.locator('summary', { hasText: 'Lien vers ce document' }).click();
    assert.equal(await page.getByLabel('Lien vers ce document').inputValue(), page.url().split('?')[0], 'the link to paste is whole');
    await page.screenshot({ path: `${shots}/document-1280.png`, fullPage: true });
    await checkAccessibility(page);
    await page.getByRole('button', { name: 'Rétablir la version 1' }).click();
    await page.getByText('Version rétablie').waitFor();
    assert.ok(!(await page.getByText('pansement sec').isVisible()), 'the first text is current again');

    const phone = await phonePage(browser, 'fr-FR');
    await signIn(phone, server, 'julie.bernard@tilleuls.demo');
    await phone.goto(page.url());
    await phone.getByText('Nettoyer au sérum physiologique').waitFor();
    await phone.screenshot({ path: `${shots}/document-360.png`, fullPage: true });
    await checkAccessibility(phone);
    const width = await phone.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(width <= 360, `no sideways scrolling on a phone (${width} px)`);
    await phone.goto(`${server.url}/documents`);
    await phone.screenshot({ path: `${shots}/documents-spaces-360.png`, fullPage: true });
    await checkAccessibility(phone);
    await phone.goto(`${server.url}/documents/search?q=pansement&kind=text`);
    await phone.getByRole('link', { name: 'Pansement simple.md' }).waitFor();
    await phone.screenshot({ path: `${shots}/documents-search-360.png`, fullPage: true });
    await checkAccessibility(phone);

    // A share link: made on the document's page, its address and password shown once.
    await page.getByText('Partager par lien', { exact: true }).click();
    await page.getByLabel('Nombre de téléchargements au plus').fill('3');
    await checkAccessibility(page);
    await page.getByRole('button', { name: 'Créer le lien' }).click();
    await page.getByRole('heading', { name: 'Lien de partage créé' }).waitFor();
    await page.screenshot({ path: `${shots}/document-link-made-1280.png`, fullPage: true });
    await checkAccessibility(page);
    const address = await page.locator('#link-address').inputValue();
    const password = (await page.locator('[data-password]').textContent()).trim();
    assert.match(password, /^[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}$/);

    // Someone without an account, in a private window on a phone, with the password given by phone.
    const stranger = await phonePage(browser, 'fr-FR');
    await stranger.goto(address);
    await stranger.getByRole('heading', { name: 'Document partagé avec vous' }).waitFor();
    assert.ok(!(await stranger.getByText('Pansement simple.md').isVisible()), 'nothing before the password');
    await stranger.getByLabel('Mot de passe').fill('wrong');
    await stranger.getByRole('button', { name: 'Ouvrir' }).click();
    await stranger.getByText('Mot de passe incorrect.').waitFor();
    await checkAccessibility(stranger);
    await stranger.getByLabel('Mot de passe').fill(password.toLowerCase());
    await stranger.getByRole('button', { name: 'Ouvrir' }).click();
    await stranger.getByText('Pansement simple.md').waitFor();
    await stranger.screenshot({ path: `${shots}/share-visit-360.png`, fullPage: true });
    await checkAccessibility(stranger);
    const strangerWidth = await stranger.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(strangerWidth <= 360, `the visitor's page fits a phone (${strangerWidth} px)`);
    const [download] = await Promise.all([
      stranger.waitForEvent('download'),
      stranger.getByRole('link', { name: 'Télécharger Pansement simple.md' }).click(),
    ]);
    assert.equal(download.suggestedFilename(), 'Pansement simple.md');

    // The creator's list counts the download.
    await page.goto(`${server.url}/documents/links`);
    await page.getByRole('cell', { name: '1 / 3' }).waitFor();
    await page.screenshot({ path: `${shots}/document-links-1280.png`, fullPage: true });
    await checkAccessibility(page);
    assert.deepEqual(page.consoleErrors, []);
  } finally {
    await browser.close();
    await server.stop();
  }
});

test('documents: an administrator opens a team space to another team and closes a folder to a role', async () => {
  mkdirSync(shots, { recursive: true });
  const server = await startDemo();
  const browser = await launch();
  try {
    const page = await desktopPage(browser, 'fr-FR');
    await signIn(page, server, 'admin@tilleuls.demo');
    await page.goto(`${server.url}/documents`);
    await page.getByRole('link', { name: 'Équipe Nord' }).click();
    await page.getByRole('link', { name: 'Accès' }).click();
    await page.getByRole('heading', { name: /Accès — Équipe Nord/ }).waitFor();
    await page.getByLabel('Qui').selectOption({ label: 'Équipe Sud' });
    await page.getByLabel('Accès', { exact: true }).selectOption('read');
    await page.getByRole('button', { name: "Enregistrer l'accès" }).click();
    await page.getByText('Accès enregistré.').waitFor();
    await page.getByRole('cell', { name: 'Équipe Sud', exact: true }).waitFor();
    await page.screenshot({ path: `${shots}/documents-access-1280.png`, fullPage: true });
    await checkAccessibility(page);

    await page.getByRole('link', { name: 'Retour au dossier' }).click();
    await page.getByRole('link', { name: 'Formulaires' }).click();
    await page.getByRole('link', { name: 'Accès' }).click();
    await page.getByLabel('Qui').selectOption({ label: 'Aide-soignant' });
    await page.getByLabel('Accès', { exact: true }).selectOption('none');
    await page.getByRole('button', { name: "Enregistrer l'accès" }).click();
    await page.getByText('Accès enregistré.').waitFor();
    await checkAccessibility(page);

    const phone = await phonePage(browser, 'fr-FR');
    await signIn(phone, server, 'admin@tilleuls.demo');
    await phone.goto(page.url().split('?')[0]);
    await phone.getByRole('cell', { name: 'aucun accès' }).waitFor();
    await phone.screenshot({ path: `${shots}/documents-access-360.png`, fullPage: true });
    await checkAccessibility(phone);
    const width = await phone.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(width <= 360, `no sideways scrolling on a phone (${width} px)`);
  } finally {
    await browser.close();
    await server.stop();
  }
});
