// The coordinator of the demo SSIAD optimises today's rounds on a phone and accepts the proposal.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startDemo } from '../lib/server.js';
import { launch, phonePage, checkAccessibility } from '../lib/browser.js';
import { signIn } from '../lib/demo.js';
import { resolve } from 'node:path';
import { mkdirSync } from 'node:fs';

const shots = resolve(import.meta.dirname, '../../target/screenshots');

test('a coordinator optimises a demo day, sees the proposal and accepts it', async () => {
  const server = await startDemo();
  const browser = await launch();
  try {
    const email = 'coordination.nord@tilleuls.demo';
    const page = await phonePage(browser, 'fr-FR');
    await signIn(page, server, email);

    await page.getByRole('navigation', { name: 'Navigation principale' }).getByRole('link', { name: 'Planning' }).click();
    await page.getByRole('heading', { name: /Planning — Équipe Nord/ }).waitFor();
    await checkAccessibility(page);
    // This week is planned and published in the demo; next week is still to plan.
    assert.ok(await page.getByText('Publié', { exact: true }).count() > 0);
    await page.getByRole('link', { name: 'Semaine suivante' }).click();
    await page.getByText('Brouillon', { exact: true }).waitFor();
    const unassignedBefore = await page.locator('.tray-item').count();
    assert.ok(unassignedBefore > 0, 'the demo week starts unplanned');

    await page.getByRole('button', { name: 'Optimiser ce jour' }).click();
    await page.waitForURL(/\/planning\/proposals\//);
    await checkAccessibility(page);
    await page.getByRole('heading', { name: 'Ce qui changerait' }).waitFor({ timeout: 30000 });
    await checkAccessibility(page);
    const proposed = await page.locator('input[name="visits"]').count();
    assert.ok(proposed > 0, 'the optimiser proposes assignments');

    // Accept one caregiver's changes first: the rest of the proposal stays to decide on.
    const forOne = page.getByRole('button', { name: /^Accepter pour / });
    const caregivers = await forOne.count();
    assert.ok(caregivers > 0, 'one accept button per caregiver');
    mkdirSync(shots, { recursive: true });
    await page.screenshot({ path: `${shots}/proposal-360.png`, fullPage: true });
    await forOne.first().click();
    if (caregivers > 1) {
      await page.getByText('les autres restent à décider').waitFor();
      assert.equal(await forOne.count(), caregivers - 1);
      await checkAccessibility(page);
      await page.getByRole('button', { name: 'Tout accepter' }).click();
    }
    await page.getByText('Proposition appliquée au planning.').waitFor();
    await checkAccessibility(page);
    const unassignedAfter = await page.locator('.tray-item').count();
    assert.ok(unassignedAfter < unassignedBefore, `${unassignedAfter} < ${unassignedBefore}`);

    await page.goto(`${server.url}/patients`);
    await checkAccessibility(page);
    await page.locator('table a').first().click();
    await page.getByRole('heading', { name: 'Plan de soins' }).waitFor();
    await page.getByRole('heading', { name: 'Photos' }).waitFor();
    await checkAccessibility(page);

    // Last week was done in the demo: its exceptions wait for the coordinator.
    await page.goto(`${server.url}/planning`);
    await page.getByRole('link', { name: 'Anomalies de pointage' }).click();
    await page.getByRole('link', { name: '← Semaine précédente' }).click();
    await page.getByText('Arrivée hors tolérance').first().waitFor();
    await checkAccessibility(page);

    // The FHIR exchange: the page is usable on a phone and the export is a FHIR Bundle.
    await page.goto(`${server.url}/planning`);
    await page.getByRole('link', { name: 'Échange FHIR' }).click();
    await page.getByRole('heading', { name: /Échange FHIR/ }).waitFor();
    await checkAccessibility(page);
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Télécharger le fichier FHIR' }).click(),
    ]);
    const chunks = [];
    for await (const chunk of await download.createReadStream()) chunks.push(chunk);
    const bundle = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    assert.equal(bundle.resourceType, 'Bundle');
    assert.ok(bundle.entry.some((e) => e.resource.resourceType === 'Encounter'));
  } finally {
    await browser.close();
    await server.stop();
  }
});
