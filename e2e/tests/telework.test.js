// Telework, as the office of the demonstration SSIAD lives it: human resources publish a new
// version of the charter, a secretary accepts it and asks for two days, the director approves
// one and refuses the other with a reason, and the team calendar shows the approved day.
// Desktop (1280 px) and phone (360 px) screenshots go to target/screenshots; every page passes axe.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { startDemo } from '../lib/server.js';
import { launch, checkAccessibility, phonePage } from '../lib/browser.js';
import { signIn } from '../lib/demo.js';

const shots = resolve(import.meta.dirname, '../../target/screenshots');

async function desktopPage(browser) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'fr-FR', extraHTTPHeaders: { 'accept-language': 'fr-FR' } });
  const page = await context.newPage();
  page.consoleErrors = [];
  page.on('pageerror', (error) => page.consoleErrors.push(error.message));
  return page;
}

/** A day `days` after today (UTC is enough: the test picks days three weeks ahead). */
function isoDay(days) {
  const day = new Date(Date.now() + days * 86400000);
  return day.toISOString().slice(0, 10);
}

/** The Tuesday and Wednesday three weeks from now, away from the demo's seeded days. */
function tuesdayAndWednesday() {
  const today = new Date();
  const toMonday = (8 - today.getUTCDay()) % 7 || 7;
  const monday = toMonday + 21;
  return [isoDay(monday + 1), isoDay(monday + 2)];
}

const shortDay = (iso) => new Date(`${iso}T12:00:00Z`).toLocaleDateString('fr-FR', { weekday: 'short', day: 'numeric', month: 'short', timeZone: 'UTC' });

test('telework: charter, two days asked, one approved and one refused, the team calendar', async () => {
  mkdirSync(shots, { recursive: true });
  const server = await startDemo();
  const browser = await launch();
  try {
    // Human resources publish a new version of the charter.
    const hr = await desktopPage(browser);
    await signIn(hr, server, 'rh@tilleuls.demo');
    await hr.goto(`${server.url}/telework/charter`);
    await hr.getByText(/n’ont pas encore accepté/).waitFor();
    const body = hr.getByLabel('Texte de la charte');
    await body.fill(`${await body.inputValue()}\n\n## Bureau partagé\n\nLes jours sur site, un bureau se réserve la veille.`);
    await hr.getByRole('button', { name: 'Publier une nouvelle version' }).click();
    await hr.getByText('Nouvelle version publiée.').waitFor();
    await hr.getByText(/n’ont pas encore accepté/).waitFor();
    await hr.screenshot({ path: `${shots}/telework-charter-hr-1280.png`, fullPage: true });
    await checkAccessibility(hr);
    await hr.goto(`${server.url}/telework/posts`);
    await hr.getByRole('table', { name: /Postes et résultat/ }).waitFor();
    await hr.screenshot({ path: `${shots}/telework-posts-1280.png`, fullPage: true });
    await checkAccessibility(hr);

    // A secretary accepts it, then asks for two days.
    const secretary = await desktopPage(browser);
    await signIn(secretary, server, 'secretariat@tilleuls.demo');
    await secretary.goto(`${server.url}/telework`);
    await secretary.getByText(/La version 2 de la charte a été publiée/).waitFor();
    await secretary.getByRole('button', { name: 'J’ai lu et j’accepte la charte' }).click();
    await secretary.getByText('Charte acceptée.').waitFor();
    const [tuesday, wednesday] = tuesdayAndWednesday();
    for (const day of [tuesday, wednesday]) {
      await secretary.getByLabel('Jour', { exact: true }).fill(day);
      await secretary.getByRole('button', { name: 'Demander', exact: true }).click();
      await secretary.getByText('Demande envoyée à votre responsable.').waitFor();
    }
    await secretary.screenshot({ path: `${shots}/telework-mine-1280.png`, fullPage: true });
    await checkAccessibility(secretary);

    // The director decides: Tuesday approved, Wednesday refused with a reason.
    const director = await desktopPage(browser);
    await signIn(director, server, 'direction@tilleuls.demo');
    await director.goto(`${server.url}/telework/team`);
    const waiting = (day) => director.locator('.decision').filter({ hasText: 'Nathalie Girard' }).filter({ hasText: shortDay(day) });
    await waiting(tuesday).getByRole('button', { name: 'Accepter' }).click();
    await director.getByText('Décision enregistrée').waitFor();
    await director.goto(`${server.url}/telework/team`);
    const refusal = waiting(wednesday);
    await refusal.getByRole('button', { name: 'Refuser' }).click();
    await director.getByText('Une demande attend votre décision').or(director.getByText(/demandes attendent votre décision/)).first().waitFor();
    assert.equal(await director.locator('.field-error').count() > 0, true, 'a refusal without a reason is sent back');
    await waiting(wednesday).getByLabel('Commentaire (obligatoire pour un refus)').fill('Réunion des familles ce jour-là');
    await waiting(wednesday).getByRole('button', { name: 'Refuser' }).click();
    await director.getByText('Décision enregistrée').waitFor();

    // Live: the director's page shows a new request without a reload.
    await director.goto(`${server.url}/telework/team`);
    const thursday = isoDay(Math.round((new Date(`${wednesday}T12:00:00Z`) - Date.now()) / 86400000) + 1);
    await secretary.goto(`${server.url}/telework`);
    await secretary.getByLabel('Jour', { exact: true }).fill(thursday);
    await secretary.getByLabel('Durée').selectOption('morning');
    await secretary.getByRole('button', { name: 'Demander', exact: true }).click();
    await secretary.getByText('Demande envoyée à votre responsable.').waitFor();
    await waiting(thursday).waitFor({ timeout: 10000 });
    await director.getByText('Mis à jour : une demande ou une décision vient d’arriver.').waitFor();

    // The team calendar of that week shows the approved day.
    await director.goto(`${server.url}/telework/team?week=${tuesday}`);
    const row = director.getByRole('row', { name: /Nathalie Girard/ });
    await row.waitFor();
    assert.equal(await row.locator('.cell.remote').count(), 1, 'Tuesday is a telework day');
    await director.screenshot({ path: `${shots}/telework-team-1280.png`, fullPage: true });
    await checkAccessibility(director);
    await director.getByRole('link', { name: 'Mois', exact: true }).click();
    await director.locator('table.month').waitFor();
    assert.ok(await director.evaluate(() => document.documentElement.scrollWidth) <= 1280, 'the month fits at 1280 px');
    await director.screenshot({ path: `${shots}/telework-team-month-1280.png`, fullPage: true });
    await checkAccessibility(director);

    await secretary.goto(`${server.url}/telework`);
    await secretary.getByText('« Réunion des familles ce jour-là »').waitFor();

    // Working time, declared in one tap; the workstation self-check and a report; calendars.
    await secretary.goto(`${server.url}/telework/time`);
    await secretary.getByRole('heading', { name: 'Mon temps de travail' }).waitFor();
    await secretary.screenshot({ path: `${shots}/telework-time-1280.png`, fullPage: true });
    await checkAccessibility(secretary);
    await secretary.goto(`${server.url}/telework/security`);
    await secretary.getByLabel('Nom de l’appareil (ex. « Portable du SSIAD »)').fill('Ordinateur de la maison');
    await secretary.getByLabel('Appareil', { exact: true }).selectOption('personal');
    await secretary.getByRole('button', { name: 'Ajouter l’appareil' }).click();
    await secretary.getByText('Appareil ajouté').waitFor();
    const added = secretary.locator('.device').filter({ hasText: 'Ordinateur de la maison' });
    for (const group of await added.locator('.check-form fieldset').all()) {
      await group.getByLabel('Oui').check();
    }
    await secretary.getByRole('button', { name: 'Enregistrer mes réponses' }).click();
    await secretary.getByText('Réponses enregistrées.').waitFor();
    await secretary.getByLabel('Type de problème').selectOption('phishing');
    await secretary.getByLabel('Que s’est-il passé ?').fill('Un courriel « colis en attente » avec un lien.');
    await secretary.getByRole('button', { name: 'Envoyer le signalement' }).click();
    await secretary.getByText('Signalement envoyé').waitFor();
    await secretary.screenshot({ path: `${shots}/telework-security-1280.png`, fullPage: true });
    await checkAccessibility(secretary);
    await secretary.goto(`${server.url}/telework/calendar`);
    await secretary.getByRole('button', { name: 'Créer l’adresse de mon agenda' }).first().click();
    await secretary.getByText('Cette adresse ne s’affiche qu’une fois.').first().waitFor();
    await checkAccessibility(secretary);
    await secretary.goto(`${server.url}/telework/desks`);
    await secretary.locator('.desk').first().waitFor();
    await secretary.screenshot({ path: `${shots}/telework-desks-1280.png`, fullPage: true });
    await checkAccessibility(secretary);
    const admin = await desktopPage(browser);
    await signIn(admin, server, 'admin@tilleuls.demo');
    await admin.goto(`${server.url}/telework/security/overview`);
    await admin.getByText('colis en attente').waitFor();
    await admin.screenshot({ path: `${shots}/telework-security-overview-1280.png`, fullPage: true });
    await checkAccessibility(admin);

    // On a phone: my telework and the team calendar.
    const phone = await phonePage(browser, 'fr-FR');
    await signIn(phone, server, 'secretariat@tilleuls.demo');
    await phone.goto(`${server.url}/telework`);
    await phone.getByRole('heading', { name: 'Mon télétravail' }).waitFor();
    await phone.screenshot({ path: `${shots}/telework-mine-360.png`, fullPage: true });
    await checkAccessibility(phone);
    await phone.goto(`${server.url}/telework/team`);
    await phone.locator('.day-card').first().waitFor();
    await phone.screenshot({ path: `${shots}/telework-team-360.png`, fullPage: true });
    await checkAccessibility(phone);
    await phone.goto(`${server.url}/telework/time`);
    await phone.screenshot({ path: `${shots}/telework-time-360.png`, fullPage: true });
    await checkAccessibility(phone);
    await phone.goto(`${server.url}/telework/security`);
    await phone.screenshot({ path: `${shots}/telework-security-360.png`, fullPage: true });
    await checkAccessibility(phone);
    await phone.goto(`${server.url}/telework/desks`);
    await phone.screenshot({ path: `${shots}/telework-desks-360.png`, fullPage: true });
    await checkAccessibility(phone);
    await phone.goto(`${server.url}/telework/charter`);
    await phone.screenshot({ path: `${shots}/telework-charter-360.png`, fullPage: true });
    await checkAccessibility(phone);
  } finally {
    await browser.close();
    await server.stop();
  }
});
