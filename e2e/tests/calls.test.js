// A team call from a channel between two Chromium instances with fake cameras and microphones:
// a real WebRTC connection over loopback, media flowing both ways (the inbound byte counters of
// getStats grow), the in-call chat, raising a hand, and leaving.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startDemo } from '../lib/server.js';
import { FAKE_MEDIA, launch, phonePage, checkAccessibility } from '../lib/browser.js';
import { signIn } from '../lib/demo.js';

async function joinCall(page, channel) {
  await page.getByRole('link', { name: 'Messages', exact: true }).click();
  await page.getByRole('link', { name: new RegExp(channel) }).first().click();
  await page.getByRole('link', { name: 'Appel vidéo' }).click();
  await page.locator('[data-call][data-peer]').waitFor();
}

/** The other participant's tile once connected, and its inbound bytes now. */
async function connectedTile(page) {
  const tile = page.locator('.call-tile[data-state="connected"]');
  await tile.waitFor({ timeout: 20000 });
  return tile;
}

async function inboundBytes(tile) {
  return Number(await tile.getAttribute('data-inbound-bytes') ?? '0');
}

async function mediaFlows(page) {
  const tile = await connectedTile(page);
  await page.waitForFunction(() => Number(document.querySelector('.call-tile[data-state="connected"]')?.dataset.inboundBytes ?? 0) > 0, null, { timeout: 10000 });
  const before = await inboundBytes(tile);
  await page.waitForFunction((seen) => Number(document.querySelector('.call-tile[data-state="connected"]')?.dataset.inboundBytes ?? 0) > seen + 10000, before, { timeout: 10000 });
}

test('two colleagues hold a video call from their team channel', async () => {
  const server = await startDemo();
  const first = await launch(FAKE_MEDIA);
  const second = await launch(FAKE_MEDIA);
  try {
    const coordinator = await phonePage(first, 'fr-FR');
    await signIn(coordinator, server, 'coordination.nord@tilleuls.demo');
    const nurse = await phonePage(second, 'fr-FR');
    await signIn(nurse, server, 'julie.bernard@tilleuls.demo');

    const admitted = Date.now();
    await joinCall(coordinator, 'Équipe Nord');
    await joinCall(nurse, 'Équipe Nord');
    await mediaFlows(coordinator);
    await mediaFlows(nurse);
    console.log(`# join to media flowing both ways: ${Date.now() - admitted} ms`);
    const policy = (await coordinator.request.get(coordinator.url())).headers()['permissions-policy'];
    assert.match(policy, /camera=\(self\)/);
    await checkAccessibility(nurse);

    // In-call chat and a raised hand reach the other side.
    await nurse.getByLabel('Votre message').fill('Je vous entends bien');
    await nurse.getByRole('button', { name: 'Envoyer' }).click();
    await coordinator.locator('[data-chat-lines] li', { hasText: 'Je vous entends bien' }).waitFor();
    await nurse.getByRole('button', { name: 'Lever la main' }).click();
    await coordinator.locator('.call-tile[data-hand="true"]').waitFor();
    await coordinator.getByRole('button', { name: 'Micro' }).click();
    assert.equal(await coordinator.getByRole('button', { name: 'Micro' }).getAttribute('aria-pressed'), 'false');

    // Leaving: the other side sees it.
    await nurse.getByRole('link', { name: 'Quitter' }).click();
    await coordinator.locator('.call-tile[data-state]').waitFor({ state: 'detached', timeout: 10000 });
    await coordinator.locator('[data-status]', { hasText: 'Julie Bernard a quitté l’appel' }).waitFor();
  } finally {
    await first.close();
    await second.close();
    await server.stop();
  }
});
