import { startDemo } from './lib/server.js';
import { FAKE_MEDIA, launch, phonePage } from './lib/browser.js';
import { signIn } from './lib/demo.js';
const server = await startDemo();
const b = await launch(FAKE_MEDIA);
try {
  const nurse = await phonePage(b, 'fr-FR');
  await signIn(nurse, server, 'julie.bernard@tilleuls.demo');
  await nurse.goto(`${server.url}/patients`);
  await nurse.locator('main a[href^="/patients/"]').first().click();
  await nurse.getByRole('link', { name: 'Programmer une téléconsultation' }).click();
  await nurse.screenshot({ path: '/tmp/s1.png', fullPage: true });
  await nurse.getByRole('button', { name: 'Programmer et créer l’invitation' }).click();
  await nurse.screenshot({ path: '/tmp/s2.png', fullPage: true });
  const link = await nurse.getByLabel(/Envoyez ce lien/).inputValue();
  const g = await phonePage(await launch(FAKE_MEDIA), 'fr-FR');
  await g.goto(link);
  await g.getByRole('button', { name: 'Lancer la vérification' }).click();
  await g.locator('[data-result="camera"][data-ok="true"]').waitFor();
  await g.waitForTimeout(500);
  await g.screenshot({ path: '/tmp/s3.png', fullPage: true });
  await nurse.getByRole('link', { name: 'Voir la consultation' }).click();
  await nurse.screenshot({ path: '/tmp/s4.png', fullPage: true });
  await g.goto(`${server.url}/visio/guide`);
  await g.screenshot({ path: '/tmp/s5.png', fullPage: true });
} finally { await b.close(); await server.stop(); process.exit(0); }
