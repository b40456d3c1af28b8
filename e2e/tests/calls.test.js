// A team call from a channel between two Chromium instances with fake cameras and microphones:
// a real WebRTC connection over loopback, media flowing both ways (the inbound byte counters of
// getStats grow), a dropped network and its recovery, the in-call chat, raising a hand, leaving.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startDemo } from '../lib/server.js';
import { FAKE_MEDIA, launch, phonePage, checkAccessibility } from '../lib/browser.js';
import { messagesLink, signIn } from '../lib/demo.js';
import { startProxy } from '../lib/proxy.js';
import { everyoneFlows, firstConnectedBytes, mediaFlows } from '../lib/call.js';

async function joinCall(page, channel) {
  await messagesLink(page).click();
  await page.getByRole('link', { name: new RegExp(channel) }).first().click();
  await page.getByRole('button', { name: 'Appel vidéo' }).click();
  await page.locator('[data-call][data-peer]').waitFor();
}

test('two, then three colleagues hold a video call from their team channel', async () => {
  const server = await startDemo();
  // The nurse reaches the server through a relay the test can cut.
  const nurseNetwork = await startProxy(server.url);
  const first = await launch(FAKE_MEDIA);
  const second = await launch(FAKE_MEDIA);
  try {
    const coordinator = await phonePage(first, 'fr-FR');
    await signIn(coordinator, server, 'coordination.nord@tilleuls.demo');
    const nurse = await phonePage(second, 'fr-FR');
    await signIn(nurse, { ...server, url: nurseNetwork.url }, 'julie.bernard@tilleuls.demo');

    await joinCall(coordinator, 'Équipe Nord');
    await messagesLink(nurse).click();
    await nurse.getByRole('link', { name: /Équipe Nord/ }).first().click();
    const joining = Date.now();
    await nurse.getByRole('button', { name: 'Appel vidéo' }).click();
    try {
      await Promise.all([nurse.waitForFunction(firstConnectedBytes, null, { polling: 50, timeout: 20000 }),
        coordinator.waitForFunction(firstConnectedBytes, null, { polling: 50, timeout: 20000 })]);
    } catch (error) {
      for (const page of [nurse, coordinator]) {
        console.log(page.url(), await page.evaluate(() => [...document.querySelectorAll('.call-tile')].map((t) => JSON.stringify(t.dataset)).join(' ')), page.consoleErrors);
      }
      throw error;
    }
    console.log(`# second participant's click to media received on both sides: ${Date.now() - joining} ms`);
    await mediaFlows(coordinator);
    await mediaFlows(nurse);
    const policy = (await coordinator.request.get(coordinator.url())).headers()['permissions-policy'];
    assert.match(policy, /camera=\(self\)/);
    await checkAccessibility(nurse);

    // The nurse's network drops and comes back: the page reconnects by itself, media flows again.
    nurseNetwork.drop();
    await nurse.locator('[data-status]', { hasText: 'reconnexion' }).waitFor({ timeout: 15000 });
    await coordinator.locator('[data-status]', { hasText: 'a quitté l’appel' }).waitFor({ timeout: 15000 });
    nurseNetwork.restore();
    await nurse.locator('[data-status]', { hasText: 'Connecté' }).waitFor({ timeout: 20000 });
    await mediaFlows(nurse);
    await mediaFlows(coordinator);

    // A third colleague joins: everyone receives media from the two others.
    const third = await launch(FAKE_MEDIA);
    try {
      const aide = await phonePage(third, 'fr-FR');
      await signIn(aide, server, 'nadia.benali@tilleuls.demo');
      await joinCall(aide, 'Équipe Nord');
      await Promise.all([everyoneFlows(aide, 2), everyoneFlows(nurse, 2), everyoneFlows(coordinator, 2)]);
      await aide.getByRole('link', { name: 'Quitter' }).click();
      await coordinator.locator('[data-status]', { hasText: 'a quitté l’appel' }).waitFor();
    } finally {
      await third.close();
    }

    // In-call chat and a raised hand reach the other side.
    await nurse.getByLabel('Votre message').fill('Je vous entends bien');
    await nurse.getByRole('button', { name: 'Envoyer' }).click();
    await coordinator.locator('[data-chat-lines] li', { hasText: 'Je vous entends bien' }).waitFor();
    // The one who opened the call keeps its chat in the conversation; the others cannot.
    assert.equal(await nurse.locator('[data-save-chat]').isVisible(), false);
    await coordinator.getByRole('button', { name: 'Enregistrer la discussion dans la conversation' }).click();
    await coordinator.locator('[data-status]', { hasText: 'Discussion enregistrée' }).waitFor();
    await nurse.getByRole('button', { name: 'Lever la main' }).click();
    await coordinator.locator('.call-tile[data-hand="true"]').waitFor();
    await coordinator.getByRole('button', { name: 'Micro' }).click();
    assert.equal(await coordinator.getByRole('button', { name: 'Micro' }).getAttribute('aria-pressed'), 'false');

    // Leaving: the other side sees it.
    await nurse.getByRole('link', { name: 'Quitter' }).click();
    await coordinator.locator('.call-tile[data-state]').waitFor({ state: 'detached', timeout: 10000 });
    await coordinator.locator('[data-status]', { hasText: 'Julie Bernard a quitté l’appel' }).waitFor();
    assert.deepEqual(coordinator.consoleErrors, []);
  } finally {
    await first.close();
    await second.close();
    nurseNetwork.close();
    await server.stop();
  }
});
