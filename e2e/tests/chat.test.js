// The chat as people know it, on the demo: at 1280 px the conversations' sidebar is beside the
// conversation, a reaction is added without the page reloading, a thread opens in a panel beside
// the conversation and a colleague's reply (from her phone) appears there live. On the phone the
// sidebar is its own screen. Screenshots go to target/screenshots.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { startDemo } from '../lib/server.js';
import { launch, checkAccessibility, phonePage } from '../lib/browser.js';
import { signIn } from '../lib/demo.js';

const shots = resolve(import.meta.dirname, '../../target/screenshots');

test('the chat layout: sidebar, reaction without reload, thread panel, live reply', async () => {
  mkdirSync(shots, { recursive: true });
  const server = await startDemo();
  const browser = await launch();
  try {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'fr-FR', extraHTTPHeaders: { 'accept-language': 'fr-FR' } });
    const desk = await context.newPage();
    desk.consoleErrors = [];
    desk.on('pageerror', (error) => desk.consoleErrors.push(error.message));
    await signIn(desk, server, 'coordination.nord@tilleuls.demo');
    await desk.goto(`${server.url}/messages`);
    const sidebar = desk.getByRole('navigation', { name: 'Conversations' });
    await sidebar.getByRole('link', { name: /Équipe Nord/ }).click();
    await desk.getByRole('heading', { name: 'Équipe Nord', level: 1 }).waitFor();
    assert.ok(await sidebar.isVisible(), 'the sidebar stays beside the conversation');
    await checkAccessibility(desk);
    await desk.screenshot({ path: `${shots}/chat-1280.png` });

    // A reaction: the count changes in place, the page is not reloaded.
    await desk.evaluate(() => { window.stillHere = true; });
    const first = desk.locator('article.message').first();
    await first.hover();
    await first.locator('.message-actions > summary').click();
    await first.getByRole('button', { name: 'Réagir avec 👍' }).click();
    await first.locator('.reaction.mine').waitFor();
    assert.equal(await desk.evaluate(() => window.stillHere), true, 'no reload');

    // A thread opens beside the conversation.
    await first.hover();
    await first.locator('.message-actions > summary').click();
    await first.getByRole('link', { name: 'Répondre dans un fil' }).click();
    const panel = desk.locator('[data-thread-panel]');
    await panel.waitFor();
    const thread = desk.frameLocator('[data-thread-frame]');
    await thread.locator('[data-composer] textarea').waitFor();
    assert.equal(await desk.evaluate(() => window.stillHere), true, 'the conversation stays');

    // A colleague replies from her phone: the reply appears in the panel without reloading.
    const nurse = await phonePage(browser, 'fr-FR');
    await signIn(nurse, server, 'julie.bernard@tilleuls.demo');
    await nurse.goto(`${server.url}/messages`);
    await nurse.getByRole('navigation', { name: 'Conversations' }).waitFor();
    await checkAccessibility(nurse);
    await nurse.screenshot({ path: `${shots}/chat-list-360.png` });
    const rootId = await first.getAttribute('data-id');
    await nurse.goto(`${server.url}/messages/m/${rootId}/thread`);
    await nurse.locator('[data-composer] textarea').fill('Je passe vérifier demain matin.');
    await nurse.getByRole('button', { name: 'Envoyer' }).click();
    await thread.getByText('Je passe vérifier demain matin.').waitFor({ timeout: 15000 });
    await desk.screenshot({ path: `${shots}/chat-thread-1280.png` });
    await checkAccessibility(desk);

    // A new group message by typing names: Enter ticks the first person found.
    await desk.goto(`${server.url}/messages`);
    const find = desk.getByLabel('Chercher une personne');
    await find.fill('julie');
    await desk.getByText('Personnes trouvées : 1').waitFor();
    await find.press('Enter');
    await find.fill('bernard');
    assert.ok(await desk.getByRole('checkbox', { name: /Julie Bernard/ }).isChecked());
    await checkAccessibility(desk);
    await desk.getByRole('button', { name: 'Ouvrir la conversation' }).click();
    await desk.waitForURL(/\/messages\/[0-9a-f-]{36}$/);
    await desk.locator('[data-composer] textarea').waitFor();
    assert.deepEqual(desk.consoleErrors, []);
  } finally {
    await browser.close();
    await server.stop();
  }
});
