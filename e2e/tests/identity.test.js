// Single sign-on in a real browser: the administrator sets up the organisation's directory (a real
// OpenID provider on loopback); a new aide signs in with it on her phone, her account created at
// first sign-in, sees her sign-in methods, and signs out of both. Screenshots in target/screenshots.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { startDemo } from '../lib/server.js';
import { launch, checkAccessibility, desktopPage, phonePage } from '../lib/browser.js';
import { signIn } from '../lib/demo.js';
import { startProvider } from '../lib/oidc.js';

const shots = resolve(import.meta.dirname, '../../target/screenshots');

test('identity: an organisation directory set up on a desk, used to sign in on a phone', async () => {
  mkdirSync(shots, { recursive: true });
  const server = await startDemo();
  const provider = await startProvider(server.url);
  const browser = await launch();
  try {
    const admin = await desktopPage(browser, 'fr-FR');
    await signIn(admin, server, 'admin@tilleuls.demo');
    await admin.goto(`${server.url}/admin/sso`);
    await admin.getByRole('heading', { name: 'Connexion unique', level: 1 }).waitFor();
    await admin.getByText(`${server.url}/login/sso/callback`).waitFor();
    await admin.getByLabel('Nom affiché').fill('Annuaire du GHT');
    await admin.getByLabel('Adresse de l’émetteur (issuer)').fill(provider.issuer);
    await admin.getByLabel('Identifiant client').fill('relais');
    await admin.getByLabel('Secret client').fill('relais-secret');
    await admin.getByLabel('Niveaux d’authentification demandés (acr_values)').fill('eidas1');
    await admin.getByLabel('Niveaux qui valent double authentification (acr)').fill('eidas1');
    await admin.getByLabel('Comptes inconnus').selectOption('aide');
    await admin.getByLabel('Votre mot de passe, pour confirmer').fill('tilleuls-demo-2026');
    await admin.getByRole('button', { name: 'Enregistrer' }).click();
    await admin.getByRole('cell', { name: 'Annuaire du GHT', exact: true }).waitFor();
    await admin.screenshot({ path: `${shots}/admin-sso-1280.png`, fullPage: true });
    await checkAccessibility(admin);

    const phone = await phonePage(browser, 'fr-FR');
    await phone.goto(`${server.url}/login`);
    const choice = phone.getByRole('link', { name: 'Continuer avec Annuaire du GHT' });
    await choice.waitFor();
    const width = await phone.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(width <= 360, `the sign-in page fits a phone (${width} px)`);
    await phone.screenshot({ path: `${shots}/login-sso-360.png`, fullPage: true });
    await checkAccessibility(phone);
    await choice.click();
    await phone.getByLabel('Account').fill('lea');
    await phone.getByRole('button', { name: 'Sign in' }).click();
    await phone.waitForURL(`${server.url}/`);
    await phone.goto(`${server.url}/account/sign-in-methods`);
    await phone.getByRole('heading', { name: 'Moyens de connexion', level: 1 }).waitFor();
    await phone.getByRole('button', { name: 'Délier Annuaire du GHT' }).waitFor();
    await phone.getByText('Vous n’avez pas de mot de passe Relais').waitFor();
    await phone.screenshot({ path: `${shots}/sign-in-methods-360.png`, fullPage: true });
    await checkAccessibility(phone);

    // Signing out ends the provider's session too, then comes back to the sign-in page.
    await phone.getByRole('button', { name: /Se déconnecter|Déconnexion/ }).first().click();
    await phone.waitForURL((url) => url.href.startsWith(provider.issuer));
    await phone.getByRole('button', { name: 'Sign out' }).click();
    await phone.waitForURL(`${server.url}/login`);
    await phone.goto(`${server.url}/`);
    await phone.waitForURL(/\/login$/);
  } finally {
    await browser.close();
    provider.stop();
    await server.stop();
  }
});
