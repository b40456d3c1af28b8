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

// The rest of working conditions: on a phone, the caller goes through this week's call round (a
// tap to dial, the outcome, the script) and sends an anonymous idea (the follow-up code shown
// once); on a desk, the coordinator answers the feedback box, reads the team's workload
// indicators and follows the call round; the feedback box also in English.
test('qvct: call round and feedback on a phone, indicators and answers on a desk', async () => {
  mkdirSync(shots, { recursive: true });
  const server = await startDemo();
  const browser = await launch();
  const fits = async (page, what) => {
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(width <= 360, `${what} fits a phone (${width} px)`);
  };
  try {
    const nurse = await phonePage(browser, 'fr-FR');
    await signIn(nurse, server, 'julie.bernard@tilleuls.demo');
    await nurse.goto(`${server.url}/call-rounds`);
    await nurse.getByRole('heading', { name: 'Tour d\'appels', level: 1 }).waitFor();
    await checkAccessibility(nurse);
    await nurse.getByRole('link', { name: 'Appeler', exact: true }).click();
    await nurse.locator('a.dial').waitFor();
    assert.match(await nurse.locator('a.dial').getAttribute('href'), /^tel:\+33\d{9}$/);
    await fits(nurse, 'the call page');
    await nurse.screenshot({ path: `${shots}/call-round-360.png`, fullPage: true });
    await checkAccessibility(nurse);
    await nurse.getByLabel('Joint', { exact: true }).check();
    await nurse.getByLabel('Comment allez-vous depuis la dernière visite ?').fill('Bien, un peu fatiguée');
    await nurse.getByRole('button', { name: 'Enregistrer l\'appel' }).click();
    await nurse.getByText('Appel enregistré. Au suivant !').waitFor();

    await nurse.goto(`${server.url}/qvct/feedback/new`);
    await nurse.getByLabel('En une phrase').fill('Un casier au bureau pour les tablettes');
    await nurse.getByLabel('Décrivez').fill('Les tablettes restent dans les voitures la nuit, au froid.');
    assert.ok(await nurse.getByLabel('Envoyer anonymement').isChecked(), 'anonymous by default');
    await fits(nurse, 'the feedback form');
    await checkAccessibility(nurse);
    await nurse.getByRole('button', { name: 'Envoyer', exact: true }).click();
    await nurse.getByRole('heading', { name: 'Remontée envoyée', level: 1 }).waitFor();
    assert.match(await nurse.locator('#follow-code').innerText(), /^[A-Z2-9]{4}(-[A-Z2-9]{4}){3}$/);
    await nurse.screenshot({ path: `${shots}/feedback-code-360.png`, fullPage: true });
    await checkAccessibility(nurse);
    for (const [path, name] of [['/qvct', 'qvct-hub'], ['/qvct/feedback', 'feedback'], ['/qvct/me', 'my-figures']]) {
      await nurse.goto(`${server.url}${path}`);
      await fits(nurse, path);
      await nurse.screenshot({ path: `${shots}/${name}-360.png`, fullPage: true });
      await checkAccessibility(nurse);
    }

    const desk = await desktopPage(browser, 'fr-FR');
    await signIn(desk, server, 'coordination.nord@tilleuls.demo');
    await desk.goto(`${server.url}/qvct/feedback`);
    await desk.getByRole('heading', { name: 'Boîte à idées', level: 1 }).waitFor();
    assert.equal(await desk.getByText('Un casier au bureau pour les tablettes').count(), 0, 'not before tomorrow');
    await desk.screenshot({ path: `${shots}/feedback-1280.png`, fullPage: true });
    await checkAccessibility(desk);
    await desk.getByRole('link', { name: 'Un binôme pour les nouvelles prises en charge lourdes' }).click();
    await desk.getByLabel('Statut').selectOption('studying');
    await desk.getByLabel('Votre réponse (signée)').fill('Nous en parlons au temps d\'équipe de jeudi.');
    await desk.getByRole('button', { name: 'Enregistrer la réponse' }).click();
    await desk.getByText('Nous en parlons au temps d\'équipe de jeudi.').waitFor();
    await checkAccessibility(desk);

    await desk.goto(`${server.url}/qvct/indicators`);
    await desk.getByRole('heading', { name: 'Indicateurs de charge de travail', level: 1 }).waitFor();
    await desk.locator('#care-figures').waitFor();
    await desk.screenshot({ path: `${shots}/workload-1280.png`, fullPage: true });
    await checkAccessibility(desk);

    await desk.goto(`${server.url}/call-rounds`);
    await desk.getByRole('link', { name: 'Suivi' }).click();
    await desk.getByRole('heading', { name: 'Appels du lundi', level: 1 }).waitFor();
    await desk.getByText('Inquiétude', { exact: true }).first().waitFor();
    await desk.screenshot({ path: `${shots}/call-round-progress-1280.png`, fullPage: true });
    await checkAccessibility(desk);

    // The calls are in the patient's record.
    await desk.goto(`${server.url}/patients`);
    await desk.locator('table a').first().click();
    await desk.getByRole('link', { name: 'Appels du tour d\'appels' }).click();
    await desk.getByRole('heading', { name: 'Appels du tour d\'appels', level: 1 }).waitFor();
    await desk.screenshot({ path: `${shots}/patient-calls-1280.png`, fullPage: true });
    await checkAccessibility(desk);

    const english = desk;
    await english.goto(`${server.url}/account`);
    await english.getByLabel('Langue').selectOption('en');
    await english.getByRole('button', { name: 'Enregistrer', exact: true }).click();
    await english.goto(`${server.url}/qvct/feedback`);
    await english.getByRole('heading', { name: 'Feedback box', level: 1 }).waitFor();
    await english.screenshot({ path: `${shots}/feedback-en-1280.png`, fullPage: true });
    await checkAccessibility(english);
  } finally {
    await browser.close();
    await server.stop();
  }
});
