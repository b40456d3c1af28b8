// A teleconsultation from scheduling to report, with two Chromium instances and fake media: the
// nurse schedules for a patient and opens the room; the patient, with no account, opens the link
// in a phone-sized window, checks the devices, enters the code and consents, waits, is admitted;
// media flows both ways; the patient's network drops and comes back; the nurse writes the report,
// in which the drop appears. A family carer, invited as second guest, joins the call too.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startDemo } from '../lib/server.js';
import { FAKE_MEDIA, launch, phonePage, checkAccessibility } from '../lib/browser.js';
import { signIn } from '../lib/demo.js';
import { startProxy } from '../lib/proxy.js';
import { everyoneFlows, firstConnectedBytes, mediaFlows } from '../lib/call.js';

test('a nurse holds a teleconsultation with a patient who joins from a guest link', async () => {
  const server = await startDemo();
  const patientNetwork = await startProxy(server.url);
  const nurseBrowser = await launch(FAKE_MEDIA);
  const patientBrowser = await launch(FAKE_MEDIA);
  try {
    const nurse = await phonePage(nurseBrowser, 'fr-FR');
    await signIn(nurse, server, 'julie.bernard@tilleuls.demo');
    await nurse.goto(`${server.url}/patients`);
    await nurse.locator('main a[href^="/patients/"]').first().click();
    await nurse.getByRole('link', { name: 'Programmer une téléconsultation' }).click();
    await checkAccessibility(nurse);
    await nurse.getByLabel('Type de consultation').selectOption('nurse');
    await nurse.getByRole('button', { name: 'Programmer et créer l’invitation' }).click();
    const link = await nurse.getByLabel(/Envoyez ce lien/).inputValue();
    const code = (await nurse.locator('[data-code]').textContent()).trim();
    assert.match(code, /^\d{3} \d{3}$/);
    await checkAccessibility(nurse);
    await nurse.getByRole('link', { name: 'Voir la consultation' }).click();
    await nurse.getByLabel('Inviter aussi').selectOption('carer');
    await nurse.getByRole('button', { name: 'Créer l’invitation' }).click();
    const carerLink = await nurse.getByLabel(/Envoyez ce lien/).inputValue();
    const carerCode = (await nurse.locator('[data-code]').textContent()).trim();
    await nurse.getByRole('link', { name: 'Voir la consultation' }).click();
    await nurse.getByRole('link', { name: 'Ouvrir la salle de consultation' }).click();
    await nurse.locator('.call[data-peer]').waitFor();

    // The patient: no account, a phone, through a network the test can cut.
    const patient = await phonePage(patientBrowser, 'fr-FR');
    await patient.goto(link.replace(server.url, patientNetwork.url));
    await patient.getByText('navigation privée').waitFor();
    await checkAccessibility(patient);
    await patient.getByRole('button', { name: 'Lancer la vérification' }).click();
    await patient.locator('[data-result="camera"][data-ok="true"]').waitFor();
    await patient.locator('[data-result="network"][data-ok="true"]').waitFor();
    const cookies = await patient.context().cookies();
    assert.deepEqual(cookies.map((c) => c.name).sort(), ['relais_csrf'], 'no tracking cookie');
    await patient.getByLabel('Votre nom (facultatif)').fill('Marie');
    await patient.getByLabel('Code reçu par téléphone ou SMS').fill(code);
    await patient.getByLabel(/J’accepte que cette consultation/).check();
    await patient.getByRole('button', { name: 'Entrer en salle d’attente' }).click();
    await patient.getByRole('heading', { name: 'Salle d’attente' }).waitFor();
    await checkAccessibility(patient);

    // The nurse sees her waiting, confirms consent, lets her in.
    const admit = nurse.getByRole('button', { name: 'Faire entrer Marie (patient)' });
    await admit.waitFor();
    await checkAccessibility(nurse);
    await nurse.getByLabel(/Je confirme que le patient/).check();
    await nurse.locator('[data-consent]:disabled').waitFor();
    const admitted = Date.now();
    await admit.click();
    await Promise.all([patient.waitForFunction(firstConnectedBytes, null, { polling: 50, timeout: 20000 }),
      nurse.waitForFunction(firstConnectedBytes, null, { polling: 50, timeout: 20000 })]);
    console.log(`# admit to media received on both sides: ${Date.now() - admitted} ms`);
    await mediaFlows(nurse);
    await mediaFlows(patient);

    // A line of chat, which the nurse attaches to the report (it is kept nowhere else).
    await patient.getByLabel('Votre message').fill('Je vous entends bien');
    await patient.getByRole('button', { name: 'Envoyer' }).click();
    await nurse.locator('[data-chat-lines] li', { hasText: 'Je vous entends bien' }).waitFor();
    await nurse.getByRole('button', { name: 'Joindre la discussion au compte rendu' }).click();

    // The patient's network drops and comes back: the call resumes by itself.
    patientNetwork.drop();
    await patient.locator('[data-status]', { hasText: 'reconnexion' }).waitFor({ timeout: 15000 });
    await nurse.locator('[data-status]', { hasText: 'a quitté l’appel' }).waitFor({ timeout: 15000 });
    patientNetwork.restore();
    await patient.locator('[data-status]', { hasText: 'Connecté' }).waitFor({ timeout: 20000 });
    await mediaFlows(nurse);
    await mediaFlows(patient);

    // The family carer joins from a third browser: everyone receives the two others.
    const carerBrowser = await launch(FAKE_MEDIA);
    try {
      const carer = await phonePage(carerBrowser, 'fr-FR');
      await carer.goto(carerLink);
      await carer.getByLabel('Votre nom (facultatif)').fill('Paul');
      await carer.getByLabel('Code reçu par téléphone ou SMS').fill(carerCode);
      await carer.getByLabel(/J’accepte que cette consultation/).check();
      await carer.getByRole('button', { name: 'Entrer en salle d’attente' }).click();
      await nurse.getByRole('button', { name: 'Faire entrer Paul (proche aidant)' }).click();
      await Promise.all([everyoneFlows(carer, 2), everyoneFlows(patient, 2), everyoneFlows(nurse, 2)]);
      // Leaving shows the guest an end screen (what happens next), not the room again.
      await carer.getByRole('link', { name: 'Quitter' }).click();
      await carer.getByRole('heading', { name: 'La consultation est terminée.' }).waitFor();
      await carer.getByText(/Votre professionnel rédige le compte rendu/).waitFor();
      assert.equal(await carer.locator('[data-tiles]').isVisible(), false);
      await checkAccessibility(carer);
    } finally {
      await carerBrowser.close();
    }

    // The nurse ends and writes the report; the incidents are already there.
    await nurse.getByRole('link', { name: 'Quitter' }).click();
    await nurse.getByRole('textbox', { name: 'Compte rendu' }).fill('Plaie propre, cicatrisation en cours.');
    await nurse.getByLabel('Actes réalisés').fill('Surveillance de plaie par vidéo');
    await nurse.getByRole('button', { name: 'Enregistrer le compte rendu' }).click();
    await nurse.getByText('Compte rendu enregistré dans le dossier du patient.').waitFor();
    const report = nurse.locator('[data-report]');
    await report.getByText('Plaie propre').waitFor();
    await report.getByText(/Marie : Je vous entends bien/).waitFor();
    // The chat's times are the organisation's (Europe/Paris), not the browser's (UTC here).
    const chatLine = await report.getByText(/Marie : Je vous entends bien/).textContent();
    const written = chatLine.match(/(\d\d):\d\d Marie : Je vous entends bien/)[1];
    const paris = new Intl.DateTimeFormat('fr', { hour: '2-digit', hourCycle: 'h23', timeZone: 'Europe/Paris' })
      .formatToParts(new Date()).find((part) => part.type === 'hour').value;
    assert.equal(written, paris);
    await report.getByText(/Marie \(patient\) : connexion perdue/).waitFor();
    await report.getByText('Marie (patient)', { exact: true }).waitFor();
    await report.getByText('Paul (proche aidant)', { exact: true }).waitFor();
    await report.getByText(/Marie \(patient\) : reconnecté/).waitFor();
    await checkAccessibility(nurse);

    // The link is spent.
    const after = await patient.goto(link.replace(server.url, patientNetwork.url));
    assert.equal(after.status(), 410);
  } finally {
    await nurseBrowser.close();
    await patientBrowser.close();
    patientNetwork.close();
    await server.stop();
  }
});
