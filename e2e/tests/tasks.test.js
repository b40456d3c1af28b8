// Task boards, as the demonstration SSIAD uses them: the coordinator makes a card from a message
// in her team's channel; a nurse who has the coordination board open on her phone sees it appear,
// then moves it to "Terminé" with the keyboard ("move to" control); the card's history says who
// did what. Desktop (1280 px) and phone (360 px) screenshots go to target/screenshots; every page
// passes axe.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { startDemo } from '../lib/server.js';
import { launch, checkAccessibility, desktopPage, phonePage } from '../lib/browser.js';
import { signIn } from '../lib/demo.js';

const shots = resolve(import.meta.dirname, '../../target/screenshots');
const TITLE = 'Plus de compresses stériles au local';

test('tasks: a card made from a message appears on a colleague\'s board, who moves it to done by keyboard', async () => {
  mkdirSync(shots, { recursive: true });
  const server = await startDemo();
  const browser = await launch();
  try {
    const nurse = await phonePage(browser, 'fr-FR');
    await signIn(nurse, server, 'julie.bernard@tilleuls.demo');
    await nurse.goto(`${server.url}/tasks`);
    await nurse.getByRole('heading', { name: 'Tâches', level: 1 }).waitFor();
    await nurse.screenshot({ path: `${shots}/tasks-360.png`, fullPage: true });
    await checkAccessibility(nurse);
    await nurse.getByRole('link', { name: 'Coordination' }).first().click();
    await nurse.getByRole('heading', { name: /Coordination/, level: 1 }).waitFor();
    await nurse.screenshot({ path: `${shots}/task-board-360.png`, fullPage: true });
    await checkAccessibility(nurse);
    const width = await nurse.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(width <= 360, `the page does not scroll sideways on a phone (${width} px)`);

    const desk = await desktopPage(browser, 'fr-FR');
    await signIn(desk, server, 'coordination.nord@tilleuls.demo');
    await desk.goto(`${server.url}/messages`);
    await desk.getByRole('navigation', { name: 'Conversations' }).getByRole('link', { name: /Équipe Nord/ }).click();
    await desk.getByRole('heading', { name: 'Équipe Nord', level: 1 }).waitFor();
    await desk.locator('[data-composer] textarea').fill(`${TITLE}\nIl reste une boîte, à commander avant jeudi.`);
    await desk.getByRole('button', { name: 'Envoyer' }).click();
    const message = desk.locator('article.message', { hasText: TITLE }).last();
    await message.waitFor();
    await message.hover();
    await message.locator('.message-actions > summary').click();
    await message.getByRole('link', { name: 'Créer une tâche' }).click();
    await desk.getByRole('heading', { name: 'Créer une tâche depuis un message', level: 1 }).waitFor();
    assert.equal(await desk.getByLabel('Titre').inputValue(), TITLE, 'the first line is the title');
    await desk.getByLabel('Dans quel tableau et quelle liste').selectOption({ label: 'Coordination › À faire' });
    await desk.screenshot({ path: `${shots}/task-new-1280.png`, fullPage: true });
    await checkAccessibility(desk);
    await desk.getByRole('button', { name: 'Créer la tâche' }).click();
    await desk.getByText('Carte créée.').waitFor();
    await desk.getByRole('link', { name: "Ouvrir le message d'origine" }).waitFor();

    // The nurse's board shows it without a reload, then she moves it with the keyboard only.
    const todo = nurse.getByRole('region', { name: /^À faire/ });
    const link = todo.getByRole('link', { name: TITLE });
    await link.waitFor({ timeout: 15000 });
    await link.focus();
    await nurse.keyboard.press('Tab');
    const select = nurse.getByLabel(`Déplacer « ${TITLE} » vers`);
    assert.equal(await select.evaluate((el) => el === document.activeElement), true, 'the "move to" control follows the card');
    await nurse.keyboard.press('End');
    assert.equal(await select.evaluate((el) => el.options[el.selectedIndex].text), 'Terminé');
    await nurse.keyboard.press('Tab');
    await nurse.keyboard.press('Enter');
    await nurse.getByRole('region', { name: /^Terminé/ }).getByRole('link', { name: TITLE }).waitFor();
    await nurse.screenshot({ path: `${shots}/task-board-moved-360.png`, fullPage: true });
    await checkAccessibility(nurse);

    // On the coordinator's desktop: the board, the card and its history.
    await desk.goto(`${server.url}/tasks`);
    await desk.getByRole('link', { name: 'Coordination' }).first().click();
    await desk.getByRole('region', { name: /^Terminé/ }).getByRole('link', { name: TITLE }).waitFor();
    await desk.screenshot({ path: `${shots}/task-board-1280.png`, fullPage: true });
    await checkAccessibility(desk);
    await desk.getByRole('region', { name: /^Terminé/ }).getByRole('link', { name: TITLE }).click();
    await desk.getByText('Julie Bernard a déplacé la carte : À faire → Terminé').waitFor();
    await desk.getByText('Julie Bernard a terminé la carte dans Terminé').waitFor();
    await desk.screenshot({ path: `${shots}/task-card-1280.png`, fullPage: true });
    await checkAccessibility(desk);
    await desk.goto(`${server.url}/tasks/boards/${await boardId(desk)}?view=list`);
    await desk.getByRole('table').waitFor();
    await desk.screenshot({ path: `${shots}/task-list-1280.png`, fullPage: true });
    await checkAccessibility(desk);
  } finally {
    await browser.close();
    await server.stop();
  }
});

async function boardId(page) {
  const href = await page.getByRole('link', { name: 'Coordination' }).first().getAttribute('href');
  return href.split('/').pop();
}

test('tasks: the calendar of due dates and a card\'s documents, on a desk and on a phone', async () => {
  mkdirSync(shots, { recursive: true });
  const server = await startDemo();
  const browser = await launch();
  try {
    const desk = await desktopPage(browser, 'fr-FR');
    await signIn(desk, server, 'coordination.nord@tilleuls.demo');
    await desk.goto(`${server.url}/tasks`);
    await desk.getByRole('link', { name: 'Calendrier des échéances' }).click();
    await desk.getByRole('heading', { name: 'Calendrier des échéances', level: 1 }).waitFor();
    await desk.getByRole('link', { name: 'Tous mes tableaux' }).click();
    const grid = desk.getByRole('table');
    await grid.waitFor();
    assert.ok(await grid.locator('.due-card').count() > 0, 'the demo boards have due dates this month');
    const width = await desk.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(width <= 1280, `the month fits the screen (${width} px)`);
    await desk.screenshot({ path: `${shots}/task-calendar-1280.png`, fullPage: true });
    await checkAccessibility(desk);

    // A file sent from a card becomes a document of the team's space, listed on the card.
    await grid.locator('.due-card a').first().click();
    await desk.getByRole('heading', { name: 'Documents', level: 2 }).waitFor();
    await desk.getByLabel('Envoyer des fichiers').setInputFiles({
      name: 'bon-de-commande.txt', mimeType: 'text/plain', buffer: Buffer.from('10 boîtes de compresses'),
    });
    await desk.getByRole('button', { name: 'Envoyer', exact: true }).click();
    await desk.getByRole('link', { name: 'bon-de-commande.txt' }).waitFor();
    await desk.getByText('a joint un document').waitFor();
    await desk.screenshot({ path: `${shots}/task-card-documents-1280.png`, fullPage: true });
    await checkAccessibility(desk);

    const phone = await phonePage(browser, 'fr-FR');
    await signIn(phone, server, 'coordination.nord@tilleuls.demo');
    await phone.goto(`${server.url}/tasks/calendar?who=all`);
    await phone.getByRole('heading', { name: 'Calendrier des échéances', level: 1 }).waitFor();
    const phoneWidth = await phone.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(phoneWidth <= 360, `the calendar becomes an agenda on a phone (${phoneWidth} px)`);
    await phone.screenshot({ path: `${shots}/task-calendar-360.png`, fullPage: true });
    await checkAccessibility(phone);
  } finally {
    await browser.close();
    await server.stop();
  }
});
