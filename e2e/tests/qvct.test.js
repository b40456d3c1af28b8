// Working conditions: a nurse answers the open pulse survey on her phone (anonymously, once); the
// coordinator reads the results of last month's round on a desk: a chart per question, with the
// figures as a table behind a toggle. Screenshots go to target/screenshots; every page passes axe.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { startDemo } from '../lib/server.js';
import { launch, checkAccessibility, desktopPage, phonePage } from '../lib/browser.js';
import { signIn } from '../lib/demo.js';

const shots = resolve(import.meta.dirname, '../../target/screenshots');

test('qvct: a pulse survey answered on a phone, and last round\'s results on a desk', async () => {
  mkdirSync(shots, { recursive: true });
  const server = await startDemo();
  const browser = await launch();
  try {
    const nurse = await phonePage(browser, 'fr-FR');
    await signIn(nurse, server, 'julie.bernard@tilleuls.demo');
    await nurse.goto(`${server.url}/qvct`);
    await nurse.getByRole('heading', { name: 'Qualité de vie au travail', level: 1 }).waitFor();
    await checkAccessibility(nurse);
    await nurse.getByRole('link', { name: 'Répondre' }).click();
    await nurse.getByRole('heading', { name: 'Pulse de décembre', level: 1 }).waitFor();
    for (const group of await nurse.locator('fieldset.question').all()) {
      const options = group.locator('input[type=radio], input[type=checkbox]');
      if (await options.count() > 0) await options.nth((await options.count()) - 2).check();
    }
    await nurse.getByLabel(/améliorerait votre travail/).fill('Des tournées plus courtes le vendredi');
    const width = await nurse.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(width <= 360, `the survey fits a phone (${width} px)`);
    await nurse.screenshot({ path: `${shots}/survey-answer-360.png`, fullPage: true });
    await checkAccessibility(nurse);
    await nurse.getByRole('button', { name: 'Envoyer mes réponses' }).click();
    await nurse.getByText('Répondu', { exact: true }).waitFor();
    await nurse.getByText('Merci, votre réponse est enregistrée.').waitFor();
    await nurse.screenshot({ path: `${shots}/qvct-360.png`, fullPage: true });

    const desk = await desktopPage(browser, 'fr-FR');
    await signIn(desk, server, 'coordination.nord@tilleuls.demo');
    await desk.goto(`${server.url}/qvct`);
    await desk.getByRole('link', { name: 'Pulse de novembre' }).click();
    await desk.getByRole('heading', { name: 'Pulse de novembre', level: 1 }).waitFor();
    assert.ok(await desk.locator('svg.survey-chart').count() >= 4, 'a chart per question');
    await desk.getByText('Voir les chiffres en tableau').first().click();
    await desk.getByRole('table').first().waitFor();
    await desk.screenshot({ path: `${shots}/survey-results-1280.png`, fullPage: true });
    await checkAccessibility(desk);
  } finally {
    await browser.close();
    await server.stop();
  }
});
