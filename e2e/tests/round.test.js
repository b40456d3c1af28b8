// A caregiver's round with the network cut in the middle, on the demo's published week: the nurse
// queues a whole visit offline, reloads without network, gets the network back, and the server ends
// with exactly one arrival, one report and one departure; the coordinator's board follows live.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startDemo } from '../lib/server.js';
import { launch, phonePage, checkAccessibility } from '../lib/browser.js';
import { signIn } from '../lib/demo.js';

test('a nurse checks in offline, reloads without network, and the arrival is sent once', async () => {
  const server = await startDemo();
  const browser = await launch();
  try {
    const today = new Date().toLocaleDateString('sv-SE');
    const coordinator = await phonePage(browser, 'fr-FR');
    await signIn(coordinator, server, 'coordination.nord@tilleuls.demo');
    // A home card printed from a patient's record.
    await coordinator.goto(`${server.url}/patients`);
    await coordinator.locator('table a').first().click();
    await coordinator.getByRole('link', { name: 'Carte du domicile' }).click();
    await checkAccessibility(coordinator);
    await coordinator.getByRole('button', { name: 'Imprimer une nouvelle carte' }).click();
    assert.match((await coordinator.locator('#card-code').textContent()).trim(), /^[A-Z2-9]{4}-[A-Z2-9]{4}$/);
    await checkAccessibility(coordinator);

    const nurse = await phonePage(browser, 'fr-FR');
    await signIn(nurse, server, 'julie.bernard@tilleuls.demo');
    await nurse.getByRole('navigation', { name: 'Navigation principale' }).getByRole('link', { name: 'Ma journée' }).click();
    const stop = nurse.locator('article.stop').first();
    await stop.waitFor();
    await checkAccessibility(nurse);
    await nurse.evaluate(() => navigator.serviceWorker.ready);
    // The round installs as an app: a manifest that opens on the day, standalone, with icons.
    const manifest = await nurse.evaluate(async () => {
      const href = document.querySelector('link[rel="manifest"]').href;
      return (await fetch(href)).json();
    });
    assert.equal(manifest.start_url, '/round');
    assert.equal(manifest.display, 'standalone');
    assert.ok(manifest.icons.some((icon) => icon.sizes === '512x512'));

    // The network goes: the whole visit is kept on the phone — arrival, care note, departure.
    await nurse.context().setOffline(true);
    // No card at this home: arrival and departure without it, with the reason.
    const arrival = stop.locator('[data-step="check-in"] details');
    await arrival.locator('summary').click();
    await arrival.getByLabel('Pourquoi sans la carte ?').fill('Carte absente du domicile');
    await arrival.getByRole('button', { name: 'Arrivée' }).click();
    await nurse.locator('#outbox li', { hasText: 'En attente' }).waitFor();
    const report = stop.locator('[data-step="report"]');
    await report.getByLabel('Transmission').fill('Toilette faite hors réseau, peau en bon état.');
    await report.getByRole('button', { name: 'Envoyer le compte rendu' }).click();
    const departure = stop.locator('[data-step="check-out"] details');
    await departure.locator('summary').click();
    await departure.getByLabel('Pourquoi sans la carte ?').fill('Carte absente du domicile');
    await departure.getByRole('button', { name: 'Départ' }).click();
    await nurse.locator('#outbox li').nth(2).waitFor();
    assert.equal(await nurse.locator('#outbox li', { hasText: 'En attente' }).count(), 3);

    // A reload without network shows today's stops from the phone's encrypted copy.
    await nurse.reload();
    await nurse.getByText(/Pas de réseau/).waitFor();
    await nurse.locator('[data-offline-stops] article.stop').first().waitFor();
    assert.ok(await nurse.evaluate(() => navigator.serviceWorker.controller !== null), 'the service worker serves the page');
    await nurse.locator('#outbox li').nth(2).waitFor();
    assert.equal(await nurse.locator('#outbox li', { hasText: 'En attente' }).count(), 3);
    // After the offline reload, the next visit still takes its arrival into the outbox.
    const next = nurse.locator('[data-offline-stops] article.stop').nth(1);
    const nextArrival = next.locator('[data-step="check-in"] details');
    await nextArrival.locator('summary').click();
    await nextArrival.getByLabel('Pourquoi sans la carte ?').fill('Carte absente du domicile');
    await nextArrival.getByRole('button', { name: 'Arrivée' }).click();
    await nurse.locator('#outbox li').nth(3).waitFor();
    assert.equal(await nurse.locator('#outbox li', { hasText: 'En attente' }).count(), 4);

    // The coordinator follows the day on the live board.
    await coordinator.goto(`${server.url}/planning/board`);
    await coordinator.getByRole('link', { name: /Terminée \(0\)/ }).waitFor();
    await checkAccessibility(coordinator);

    // The network returns: the three requests are sent in order, each once.
    await nurse.context().setOffline(false);
    await nurse.evaluate(() => window.dispatchEvent(new Event('online')));
    await nurse.locator('#outbox').waitFor({ state: 'hidden' });
    await nurse.goto(`${server.url}/round`);
    const done = nurse.locator('article.stop').first();
    await done.getByText(/Arrivée à/).waitFor();
    assert.equal(await nurse.getByText(/Arrivée à/).count(), 2);
    assert.equal(await nurse.getByText(/Départ à/).count(), 1);
    assert.equal(await done.getByText('Réalisée', { exact: true }).count(), 1);
    // The coordinator's board has followed without anyone reloading it.
    await coordinator.getByRole('link', { name: /Terminée \(1\)/ }).waitFor({ timeout: 15000 });
    nurse.consoleErrors.length = 0; // the failed loads while offline were expected
    await checkAccessibility(nurse);

    // A photo of the visit, with the patient's consent, goes into the record.
    const photo = done.locator('details.photo');
    await photo.locator('summary').click();
    const png = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex');
    await photo.getByLabel('Photo (JPEG, PNG ou WebP)').setInputFiles({ name: 'plaie.png', mimeType: 'image/png', buffer: png });
    await photo.getByLabel('accord du patient').check();
    await photo.getByRole('button', { name: 'Envoyer la photo' }).click();
    await nurse.getByText('Photo ajoutée au dossier.').waitFor();
    await checkAccessibility(nurse);

    for (const path of ['/planning/hours', '/planning/exceptions']) {
      await coordinator.goto(`${server.url}${path}`);
      await checkAccessibility(coordinator);
    }
    await nurse.goto(`${server.url}/round/me`);
    await nurse.getByRole('heading', { name: 'Ce que mon organisation voit de moi' }).waitFor();
    await checkAccessibility(nurse);

    // Signing out wipes the phone's copy.
    await nurse.getByRole('button', { name: 'Se déconnecter' }).click();
    await nurse.waitForURL(/\/login$/);
    const left = await nurse.evaluate(async () => (await indexedDB.databases()).map((d) => d.name));
    assert.ok(!left.includes('relais-round'), `left on the phone: ${left}`);
  } finally {
    await browser.close();
    await server.stop();
  }
});
