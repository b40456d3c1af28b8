// Two people chat live on phone-sized screens: a nurse and her coordinator in the team channel,
// then in their direct conversation once the nurse is off duty: the coordinator is told when the
// message will reach her, and an urgent message (with its reason) reaches her page at once.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startDemo } from '../lib/server.js';
import { launch, phonePage, checkAccessibility } from '../lib/browser.js';
import { messagesLink, signIn } from '../lib/demo.js';

async function openConversation(page, name) {
  await messagesLink(page).click();
  await page.getByRole('link', { name: new RegExp(name) }).first().click();
  await page.locator('[data-composer]').waitFor();
}

async function say(page, text) {
  await page.getByLabel('Votre message').fill(text);
  await page.getByRole('button', { name: 'Envoyer' }).click();
}

test('a nurse and her coordinator chat live, and the right to disconnect holds', async () => {
  const server = await startDemo();
  const browser = await launch();
  try {
    const nurse = await phonePage(browser, 'fr-FR');
    await signIn(nurse, server, 'julie.bernard@tilleuls.demo');
    const coordinator = await phonePage(browser, 'fr-FR');
    await signIn(coordinator, server, 'coordination.nord@tilleuls.demo');

    await messagesLink(coordinator).click();
    await checkAccessibility(coordinator);
    await openConversation(coordinator, 'Équipe Nord');
    await openConversation(nurse, 'Équipe Nord');
    await checkAccessibility(nurse);

    // Live both ways, without reloading.
    await say(nurse, 'Pansement de **M. Durand** refait, plaie propre.');
    await coordinator.locator('article.message', { hasText: 'plaie propre' }).locator('strong', { hasText: 'M. Durand' }).waitFor({ timeout: 5000 });
    await say(coordinator, 'Merci @julie.bernard, je note.');
    await nurse.locator('article.message', { hasText: 'je note' }).locator('.mention').waitFor({ timeout: 5000 });
    // Hostile text stays text.
    await say(nurse, '<img src=x onerror="document.title=1">');
    await coordinator.locator('article.message', { hasText: '<img src=x' }).waitFor({ timeout: 5000 });
    assert.notEqual(await coordinator.title(), '1');

    // The nurse works only on a day that is not today: she is off duty now.
    await nurse.goto(`${server.url}/account`);
    const today = (new Date().getDay() + 6) % 7;
    const other = (today + 3) % 7;
    const days = nurse.locator('input[name="days"]');
    for (let day = 0; day < 7; day++) await days.nth(day).setChecked(day === other);
    await nurse.getByRole('button', { name: 'Enregistrer' }).first().click();
    await nurse.getByText('Profil enregistré.').waitFor();

    await openConversation(nurse, 'Sophie');
    await openConversation(coordinator, 'Julie');
    await coordinator.getByText(/est hors service jusqu’à/).waitFor();
    await checkAccessibility(coordinator);
    await say(coordinator, 'Pour demain : compresses chez Mme Leroy.');
    await nurse.locator('article.message', { hasText: 'compresses' }).waitFor({ timeout: 5000 });

    // An urgent message, with its reason: marked on both sides.
    await coordinator.getByText('Message urgent (hors horaires de travail)').click();
    await coordinator.getByLabel('Marquer comme urgent : notifie même les personnes hors service').check();
    await coordinator.getByLabel('Motif de l’urgence (obligatoire, tracé)').fill('Chute de M. Petit');
    await say(coordinator, 'M. Petit a chuté, peux-tu passer ?');
    await nurse.locator('article.message.urgent', { hasText: 'chuté' }).waitFor({ timeout: 5000 });
    await checkAccessibility(nurse);

    // Read receipts reach the sender.
    await coordinator.locator('article.message', { hasText: 'chuté' }).getByText(/Lu par Julie Bernard/).waitFor({ timeout: 5000 });
  } finally {
    await browser.close();
    await server.stop();
  }
});
