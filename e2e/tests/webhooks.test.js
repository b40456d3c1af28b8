// An administrator connects another tool with a webhook on a desk: the tool (a receiver on
// loopback, allowed explicitly) first answers 500, then accepts; each delivery is signed with the
// secret shown once, retried, and the log shows it delivered. The pages are looked at on a phone
// too. Screenshots in target/screenshots.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer } from 'node:http';
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { startDemo } from '../lib/server.js';
import { launch, checkAccessibility, desktopPage, phonePage } from '../lib/browser.js';
import { messagesLink, signIn } from '../lib/demo.js';

const shots = resolve(import.meta.dirname, '../../target/screenshots');

/** A tool that refuses its first delivery and keeps the signed ones it accepts. */
async function startReceiver() {
  const received = { attempts: 0, verified: [], secret: null };
  const server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk) => { body += chunk; });
    request.on('end', () => {
      received.attempts += 1;
      if (received.attempts === 1) {
        response.writeHead(500).end('not yet');
        return;
      }
      const header = request.headers['relais-signature'] ?? '';
      const parts = Object.fromEntries(header.split(',').map((p) => p.split('=')));
      const expected = createHmac('sha256', received.secret).update(`${parts.t}.${body}`).digest('hex');
      const valid = parts.v1?.length === expected.length
        && timingSafeEqual(Buffer.from(parts.v1), Buffer.from(expected));
      if (valid) received.verified.push(JSON.parse(body));
      response.writeHead(valid ? 204 : 401).end();
    });
  });
  await new Promise((done) => server.listen(0, '127.0.0.1', done));
  return { url: `http://127.0.0.1:${server.address().port}/relais`, received, close: () => server.close() };
}

test('webhooks: set up on a desk, signed, retried after a failure and logged', async () => {
  mkdirSync(shots, { recursive: true });
  const server = await startDemo();
  const receiver = await startReceiver();
  const browser = await launch();
  try {
    const admin = await desktopPage(browser, 'fr-FR');
    await signIn(admin, server, 'admin@tilleuls.demo');
    await admin.goto(`${server.url}/admin/webhooks`);
    await admin.getByRole('heading', { name: 'Webhooks', level: 1 }).waitFor();
    await admin.getByLabel('Nom').fill('Alertes du DPI');
    await admin.getByLabel('Adresse (https://…)').fill(receiver.url);
    await admin.locator('input[name=events][value="message.posted"]').check();
    await admin.getByLabel('Canal (pour les événements de messagerie)').selectOption({ label: '# Équipe Nord' });
    await admin.getByRole('button', { name: 'Enregistrer le webhook' }).click();
    // Loopback is refused until the administrator allows a private address, next to the field.
    await admin.screenshot({ path: `${shots}/admin-webhooks-refused-1280.png`, fullPage: true });
    await admin.getByText('Cette adresse est sur un réseau privé ou de bouclage').first().waitFor();
    await admin.getByLabel('Autoriser une adresse sur un réseau privé').check();
    await admin.getByRole('button', { name: 'Enregistrer le webhook' }).click();
    receiver.received.secret = await admin.getByLabel('Secret de signature').inputValue();
    assert.ok(receiver.received.secret.length >= 32);
    await admin.getByRole('cell', { name: 'Alertes du DPI', exact: true }).waitFor();
    await admin.screenshot({ path: `${shots}/admin-webhooks-1280.png`, fullPage: true });
    await checkAccessibility(admin);

    const coordinator = await phonePage(browser, 'fr-FR');
    await signIn(coordinator, server, 'coordination.nord@tilleuls.demo');
    await messagesLink(coordinator).click();
    await coordinator.getByRole('link', { name: /Équipe Nord/ }).first().click();
    await coordinator.getByLabel('Votre message').fill('Tournée du soir confirmée.');
    await coordinator.getByRole('button', { name: 'Envoyer' }).click();

    // The first attempt gets a 500; the retry five seconds later is accepted and verified.
    const deadline = Date.now() + 40_000;
    while (receiver.received.verified.length === 0 && Date.now() < deadline) {
      await new Promise((done) => setTimeout(done, 250));
    }
    assert.equal(receiver.received.verified.length, 1, `attempts: ${receiver.received.attempts}`);
    const [event] = receiver.received.verified;
    assert.equal(event.event, 'message.posted');
    assert.ok(event.data.conversation_id && event.data.message_id, JSON.stringify(event));
    assert.ok(!JSON.stringify(event).includes('Tournée du soir'), 'ids only, no content');

    await admin.getByRole('link', { name: 'Alertes du DPI' }).first().click();
    await admin.getByRole('heading', { name: 'Alertes du DPI', level: 1 }).waitFor();
    await admin.getByText('Remis').first().waitFor();
    await admin.getByText('HTTP 204').first().waitFor();
    await admin.screenshot({ path: `${shots}/admin-webhook-log-1280.png`, fullPage: true });
    await checkAccessibility(admin);

    const phoneAdmin = await phonePage(browser, 'fr-FR');
    await signIn(phoneAdmin, server, 'admin@tilleuls.demo');
    await phoneAdmin.goto(`${server.url}/admin/webhooks`);
    await phoneAdmin.getByRole('heading', { name: 'Webhooks', level: 1 }).waitFor();
    const width = await phoneAdmin.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(width <= 360, `no sideways scrolling on a phone (${width} px)`);
    await phoneAdmin.screenshot({ path: `${shots}/admin-webhooks-360.png`, fullPage: true });
    await checkAccessibility(phoneAdmin);
    await phoneAdmin.getByRole('link', { name: 'Alertes du DPI' }).first().click();
    await phoneAdmin.getByText('HTTP 204').first().waitFor();
    const logWidth = await phoneAdmin.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(logWidth <= 360, `no sideways scrolling on a phone (${logWidth} px)`);
    await phoneAdmin.screenshot({ path: `${shots}/admin-webhook-log-360.png`, fullPage: true });
    await checkAccessibility(phoneAdmin);
  } finally {
    await browser.close();
    receiver.close();
    await server.stop();
  }
});
