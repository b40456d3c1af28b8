// Data protection and help in a real browser: a nurse downloads her data (the export's progress,
// the ZIP saved, unpacked and its summary opened), the DPO's pages on a desk, help and the
// cybersecurity quiz on a phone. Screenshots in target/screenshots.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { startDemo } from '../lib/server.js';
import { launch, checkAccessibility, desktopPage, phonePage } from '../lib/browser.js';
import { signIn } from '../lib/demo.js';

const shots = resolve(import.meta.dirname, '../../target/screenshots');

test('privacy: my data downloaded and opened, the DPO at work, help and training', async () => {
  mkdirSync(shots, { recursive: true });
  const server = await startDemo();
  const browser = await launch();
  try {
    const nurse = await desktopPage(browser, 'fr-FR');
    await signIn(nurse, server, 'julie.bernard@tilleuls.demo');
    await nurse.goto(`${server.url}/account/privacy`);
    await nurse.getByRole('heading', { name: 'Mes données', level: 1 }).waitFor();
    await checkAccessibility(nurse);
    await nurse.getByRole('button', { name: 'Préparer mon archive' }).click();
    await nurse.getByText('Votre archive est en préparation.').waitFor();
    // The page follows the job and shows the download once it is ready.
    const link = nurse.getByRole('link', { name: /^Télécharger/ });
    await link.waitFor({ timeout: 30000 });
    await nurse.screenshot({ path: `${shots}/privacy-mine-1280.png`, fullPage: true });
    await checkAccessibility(nurse);
    const [download] = await Promise.all([nurse.waitForEvent('download'), link.click()]);
    assert.match(download.suggestedFilename(), /^relais-mes-donnees-.*\.zip$/);
    const dir = mkdtempSync(join(tmpdir(), 'relais-export-'));
    const zip = join(dir, 'export.zip');
    await download.saveAs(zip);
    execFileSync('python3', ['-c', 'import sys, zipfile; zipfile.ZipFile(sys.argv[1]).extractall(sys.argv[2])', zip, dir]);
    const data = JSON.parse(readFileSync(join(dir, 'data.json'), 'utf8'));
    assert.equal(data.sections.profile.email, 'julie.bernard@tilleuls.demo');
    assert.ok(Array.isArray(data.sections.homecare.punches), 'the round\'s check-ins are in');
    const summary = await browser.newPage();
    await summary.goto(pathToFileURL(join(dir, 'index.html')).href);
    await summary.getByRole('heading', { name: 'Données de Julie Bernard', level: 1 }).waitFor();
    await summary.getByRole('heading', { name: /Soins à domicile/ }).waitFor();
    await summary.setViewportSize({ width: 1280, height: 800 });
    await summary.screenshot({ path: `${shots}/privacy-export-summary-1280.png` });
    await summary.close();

    // An erasure request, then the DPO's queue, retention, register and breaches.
    await nurse.getByLabel('Correction de mes données').check();
    await nurse.getByLabel('Précisions').fill('Mon numéro de téléphone a changé : 06 12 34 56 78.');
    await nurse.getByRole('button', { name: 'Envoyer la demande' }).click();
    await nurse.getByText('Votre demande est transmise au DPO.').waitFor();

    const dpo = await desktopPage(browser, 'fr-FR');
    await signIn(dpo, server, 'dpo@tilleuls.demo');
    await dpo.goto(`${server.url}/admin/privacy`);
    await dpo.getByRole('link', { name: 'Julie Bernard' }).click();
    await dpo.getByText('Mon numéro de téléphone a changé').waitFor();
    await dpo.getByLabel('Accepter').check();
    await dpo.getByLabel('Raisons (communiquées à la personne)').fill('Numéro corrigé dans l’annuaire.');
    await dpo.getByLabel('Votre mot de passe, pour confirmer').fill('tilleuls-demo-2026');
    await dpo.getByRole('button', { name: 'Enregistrer la décision' }).click();
    await dpo.getByText('Décision enregistrée.').waitFor();
    await dpo.screenshot({ path: `${shots}/privacy-dpo-1280.png`, fullPage: true });
    await checkAccessibility(dpo);
    await dpo.goto(`${server.url}/admin/privacy/retention`);
    const messages = dpo.getByLabel('Messages (jours)', { exact: true });
    await messages.fill('10');
    await dpo.getByLabel('Votre mot de passe, pour confirmer').fill('tilleuls-demo-2026');
    await dpo.getByRole('button', { name: 'Enregistrer' }).click();
    assert.ok(await messages.evaluate((input) => input.validity.rangeUnderflow), 'below the minimum: the browser says so first');
    await messages.fill('730');
    await dpo.getByRole('button', { name: 'Enregistrer' }).click();
    await dpo.getByText('Réglages enregistrés').waitFor();
    await dpo.screenshot({ path: `${shots}/privacy-retention-1280.png`, fullPage: true });
    await checkAccessibility(dpo);
    await dpo.goto(`${server.url}/admin/privacy/register`);
    await dpo.getByRole('heading', { name: 'Messagerie d’équipe' }).waitFor();
    await dpo.screenshot({ path: `${shots}/privacy-register-1280.png`, fullPage: true });
    await checkAccessibility(dpo);
    await dpo.goto(`${server.url}/admin/privacy/breaches`);
    await dpo.getByLabel('Intitulé').fill('Clé USB perdue');
    await dpo.getByLabel('Ce qui s’est passé, ses conséquences et les mesures prises').fill('Clé USB chiffrée perdue dans le train.');
    await dpo.getByLabel('Découverte le').fill('2026-01-05T09:30');
    await dpo.getByLabel('Ou : pourquoi elle n’est pas notifiée').fill('Clé chiffrée : risque improbable pour les personnes.');
    await dpo.getByRole('button', { name: 'Enregistrer' }).click();
    await dpo.getByText('Violation enregistrée.').waitFor();
    await dpo.getByRole('link', { name: 'Clé USB perdue' }).waitFor();
    await dpo.screenshot({ path: `${shots}/privacy-breaches-1280.png`, fullPage: true });
    await checkAccessibility(dpo);

    // On a phone: my data, help, the course's quiz.
    const phone = await phonePage(browser, 'fr-FR');
    await signIn(phone, server, 'nadia.benali@tilleuls.demo');
    await phone.goto(`${server.url}/account/privacy`);
    await phone.getByRole('heading', { name: 'Mes données', level: 1 }).waitFor();
    await phone.screenshot({ path: `${shots}/privacy-mine-360.png`, fullPage: true });
    await checkAccessibility(phone);
    await phone.goto(`${server.url}/round`);
    await phone.getByRole('link', { name: 'Aide sur cette page' }).click();
    await phone.getByRole('heading', { name: 'Ma tournée', level: 1 }).waitFor();
    await checkAccessibility(phone);
    await phone.goto(`${server.url}/help?q=hamecon`);
    await phone.getByRole('link', { name: 'Cybersécurité : les bons réflexes' }).first().click();
    await phone.screenshot({ path: `${shots}/help-course-360.png`, fullPage: true });
    await checkAccessibility(phone);
    await phone.getByRole('link', { name: 'Répondre au quiz' }).click();
    for (const [question, answer] of [[1, 1], [2, 2], [3, 0], [4, 2], [5, 1], [6, 0]]) {
      await phone.locator(`input[name="q${question}"][value="${answer}"]`).check();
    }
    await phone.getByRole('button', { name: 'Valider mes réponses' }).click();
    await phone.getByText('Module validé : merci !').waitFor();
    await phone.screenshot({ path: `${shots}/help-quiz-360.png`, fullPage: true });
    await checkAccessibility(phone);
    await phone.goto(`${server.url}/help`);
    await phone.screenshot({ path: `${shots}/help-index-360.png`, fullPage: true });
    await checkAccessibility(phone);
    await phone.goto(`${server.url}/`);
    await phone.getByRole('heading', { name: 'Mes premiers pas' }).waitFor();
    await phone.screenshot({ path: `${shots}/home-first-steps-360.png`, fullPage: true });
    await checkAccessibility(phone);

    // The practice space: her own copy of the demo, a banner on every page, and back.
    await phone.goto(`${server.url}/training/practice`);
    await phone.getByRole('button', { name: 'Ouvrir mon espace d’entraînement' }).click();
    await phone.getByText('Espace d’entraînement : données fictives.').waitFor({ timeout: 60000 });
    await phone.goto(`${server.url}/round`);
    await phone.getByText('Espace d’entraînement : données fictives.').waitFor();
    await phone.screenshot({ path: `${shots}/practice-round-360.png`, fullPage: true });
    await checkAccessibility(phone);
    await phone.getByRole('button', { name: 'Revenir à mon compte' }).click();
    await phone.getByRole('heading', { name: 'Espace d’entraînement', level: 1 }).waitFor();
    await phone.getByRole('button', { name: 'Reprendre mon espace d’entraînement' }).waitFor();
    await phone.screenshot({ path: `${shots}/practice-360.png`, fullPage: true });
    await checkAccessibility(phone);
    await phone.goto(`${server.url}/`);

    // In English: the same pages, and the sign-in methods.
    await phone.getByRole('button', { name: 'English' }).click();
    await phone.getByRole('heading', { name: 'My first steps' }).waitFor();
    await phone.goto(`${server.url}/account/privacy`);
    await phone.getByRole('heading', { name: 'My data', level: 1 }).waitFor();
    await phone.screenshot({ path: `${shots}/privacy-mine-360-en.png`, fullPage: true });
    await checkAccessibility(phone);
    await phone.goto(`${server.url}/account/sign-in-methods`);
    await phone.getByRole('heading', { name: 'Sign-in methods', level: 1 }).waitFor();
    await phone.screenshot({ path: `${shots}/sign-in-methods-360-en.png`, fullPage: true });
    await checkAccessibility(phone);
    await phone.goto(`${server.url}/help`);
    await phone.getByRole('heading', { name: 'Help', level: 1 }).waitFor();
    await phone.screenshot({ path: `${shots}/help-index-360-en.png`, fullPage: true });
    await checkAccessibility(phone);
  } finally {
    await browser.close();
    server.stop();
  }
});
