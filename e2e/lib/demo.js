// Signing in as a person of the demonstration SSIAD (password and TOTP from `relais demo`).
import { nextCode } from './totp.js';

export async function signIn(page, server, email) {
  await page.goto(`${server.url}/login`);
  await page.getByLabel('Adresse e-mail').fill(email);
  await page.getByLabel('Mot de passe', { exact: true }).fill('tilleuls-demo-2026');
  await page.getByRole('button', { name: 'Se connecter', exact: true }).click();
  // People without a second factor (the `staff` role may opt out) go straight in.
  if (server.logins[email] === '-') {
    await page.waitForURL((url) => !url.pathname.startsWith('/login'));
    return;
  }
  await page.waitForURL(/\/login\/totp$/);
  await page.getByLabel('Code à 6 chiffres de votre application').fill(await nextCode(server.logins[email]));
  await page.getByRole('button', { name: 'Vérifier' }).first().click();
  await page.waitForURL((url) => !url.pathname.startsWith('/login'));
}

/** The main navigation's link to messages; its name grows with the unread count ("Messages 2 notifications non lues"). */
export function messagesLink(page) {
  return page.getByRole('navigation', { name: 'Navigation principale' }).getByRole('link', { name: /^Messages/ });
}
