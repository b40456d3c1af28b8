// First use, end to end, in French and in English: setup, TOTP enrolment, sign-in, a team, sign-out.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../lib/server.js';
import { launch, phonePage, checkAccessibility } from '../lib/browser.js';
import { nextCode } from '../lib/totp.js';
import { tmpdir } from 'node:os';
import { readFileSync } from 'node:fs';

const texts = {
  fr: { setup: 'Créer votre organisation', signIn: 'Se connecter', signOut: 'Se déconnecter', teams: 'Équipes et sites', createTeam: 'Créer une équipe', teamName: 'Nom de l’équipe', created: 'Équipe créée.', admin: 'Administration', nav: 'Navigation principale', firstSteps: 'Premiers pas', code: 'Code à 6 chiffres de votre application', enable: 'Activer', currentPassword: 'Votre mot de passe actuel', currentCode: 'Code de votre application actuelle (ou un code de secours)', newCode: 'Code à 6 chiffres affiché par la nouvelle application', download: 'Télécharger', continue: 'Continuer', verify: 'Vérifier', organisation: 'Nom de l’organisation', name: 'Nom complet', email: 'Adresse e-mail', password: 'Mot de passe', submit: 'Créer l’organisation', wrong: 'Adresse e-mail ou mot de passe incorrect.' },
  en: { setup: 'Create your organisation', signIn: 'Sign in', signOut: 'Sign out', teams: 'Teams and sites', createTeam: 'Create a team', teamName: 'Team name', created: 'Team created.', admin: 'Administration', nav: 'Main navigation', firstSteps: 'First steps', code: '6-digit code from your app', enable: 'Turn on', currentPassword: 'Your current password', currentCode: 'Code from your current app (or a recovery code)', newCode: '6-digit code shown by the new app', download: 'Download', continue: 'Continue', verify: 'Verify', organisation: 'Organisation name', name: 'Full name', email: 'E-mail address', password: 'Password', submit: 'Create the organisation', wrong: 'Wrong e-mail address or password.' },
};

for (const [lang, t] of Object.entries(texts)) {
  test(`first use in ${lang}: setup, TOTP, team, sign-out, sign-in`, async () => {
    const server = await startServer();
    const browser = await launch();
    try {
      const page = await phonePage(browser, lang === 'fr' ? 'fr-FR' : 'en-GB');
      await page.goto(server.setupLink);
      await page.getByRole('heading', { name: t.setup }).waitFor();
      assert.equal(await page.getAttribute('html', 'lang'), lang);
      await checkAccessibility(page);

      // The skip link is the first thing the keyboard reaches.
      await page.keyboard.press('Tab');
      assert.equal(await page.evaluate(() => document.activeElement.getAttribute('href')), '#main');

      const email = `admin-${lang}@ssiad-e2e.fr`;
      const password = 'les mouettes du port de Brest';
      await page.getByLabel(t.organisation).fill('SSIAD Vivre chez Soi');
      await page.getByLabel(t.name).fill('Claire Dubois');
      await page.getByLabel(t.email).fill(email);
      await page.getByLabel(t.password, { exact: true }).fill(password);
      await page.getByRole('button', { name: t.submit }).click();

      await page.waitForURL(/\/account\/totp$/);
      await checkAccessibility(page);
      const secret = (await page.locator('#totp-secret').textContent()).trim();
      await page.getByLabel(t.code).fill(await nextCode(secret));
      await page.getByRole('button', { name: t.enable }).click();
      await page.locator('#recovery-codes li').first().waitFor();
      assert.equal(await page.locator('#recovery-codes li').count(), 10);
      await checkAccessibility(page);
      // The codes can be kept: downloaded as a text file (also copied or printed).
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('button', { name: t.download }).click(),
      ]);
      assert.match(download.suggestedFilename(), /^relais-.*\.txt$/);
      const saved = readFileSync(await download.path(), 'utf8').trim().split('\n');
      assert.equal(saved.length, 10);
      assert.equal(saved[0], (await page.locator('#recovery-codes li').first().textContent()).trim());
      await page.getByRole('link', { name: t.continue }).click();

      // A lone administrator's home: the organisation and the next steps.
      await page.getByText('SSIAD Vivre chez Soi').waitFor();
      await page.getByRole('heading', { name: t.firstSteps, exact: true }).waitFor();
      await checkAccessibility(page);
      await page.getByRole('navigation', { name: t.nav }).getByRole('link', { name: t.admin }).click();
      await page.waitForURL(/\/admin\/people$/);
      await checkAccessibility(page);
      await page.getByRole('link', { name: t.teams }).click();
      await checkAccessibility(page);
      await page.getByLabel(t.teamName).fill('Équipe Nord');
      await page.getByRole('button', { name: t.createTeam }).first().click();
      await page.getByText(t.created).waitFor();
      await page.getByRole('cell', { name: 'Équipe Nord', exact: true }).waitFor();
      await checkAccessibility(page);

      await page.getByRole('button', { name: t.signOut }).click();
      await page.waitForURL(/\/login$/);
      await checkAccessibility(page);

      await page.getByLabel(t.email).fill(email);
      await page.getByLabel(t.password, { exact: true }).fill('not the password at all');
      await page.getByRole('button', { name: t.signIn, exact: true }).click();
      await page.getByText(t.wrong).waitFor();
      await checkAccessibility(page);

      await page.getByLabel(t.password, { exact: true }).fill(password);
      await page.getByRole('button', { name: t.signIn, exact: true }).click();
      await page.waitForURL(/\/login\/totp$/);
      await checkAccessibility(page);
      await page.getByLabel(t.code).fill(await nextCode(secret));
      await page.getByRole('button', { name: t.verify }).first().click();
      await page.getByRole('heading', { name: t.firstSteps, exact: true }).waitFor();

      await page.goto(`${server.url}/account`);
      await checkAccessibility(page);

      // Moving the second factor to a new phone asks who is there: password and a current code.
      await page.goto(`${server.url}/account/totp`);
      await page.getByLabel(t.currentPassword).waitFor();
      await checkAccessibility(page);
      await page.screenshot({ path: `${tmpdir()}/relais-totp-replace-${lang}-phone.png`, fullPage: true });
      const newSecret = (await page.locator('#totp-secret').textContent()).trim();
      assert.notEqual(newSecret, secret);
      await page.getByLabel(t.currentPassword).fill('not the password at all');
      await page.getByLabel(t.currentCode).fill(await nextCode(secret));
      await page.getByLabel(t.newCode).fill(await nextCode(newSecret));
      await page.getByRole('button', { name: t.enable }).click();
      await page.locator('#password-error').waitFor();
      assert.equal(await page.getByLabel(t.currentPassword).getAttribute('aria-invalid'), 'true');
      await checkAccessibility(page);
      await page.getByLabel(t.currentPassword).fill(password);
      await page.getByLabel(t.currentCode).fill(await nextCode(secret));
      await page.getByLabel(t.newCode).fill(await nextCode(newSecret));
      await page.getByRole('button', { name: t.enable }).click();
      await page.locator('#recovery-codes li').first().waitFor();
      await page.goto(`${server.url}/account/sessions`);
      await checkAccessibility(page);
      for (const path of ['/account/tokens', '/admin/audit', '/admin/jobs', '/admin/people/new']) {
        await page.goto(`${server.url}${path}`);
        await checkAccessibility(page);
      }
      await page.goto(`${server.url}/no-such-page`);
      await checkAccessibility(page);
    } finally {
      await browser.close();
      await server.stop();
    }
  });
}
