// Starts the test OpenID provider (oidc-provider.mjs) on a free loopback port for a Relais server.
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { resolve } from 'node:path';

async function freePort() {
  return new Promise((done) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => done(port));
    });
  });
}

export async function startProvider(relaisUrl) {
  const port = await freePort();
  const child = spawn(process.execPath, [
    resolve(import.meta.dirname, '../oidc-provider.mjs'),
    '--port', String(port),
    '--redirect', `${relaisUrl}/login/sso/callback`,
    '--post-logout', `${relaisUrl}/login`,
  ], { stdio: ['ignore', 'pipe', 'ignore'] });
  const issuer = await new Promise((done, reject) => {
    let output = '';
    child.stdout.on('data', (chunk) => {
      output += chunk;
      const ready = output.match(/ready (\S+)/);
      if (ready) done(ready[1]);
    });
    child.on('exit', (code) => reject(new Error(`the OpenID provider exited with ${code}`)));
  });
  return { issuer, stop: () => child.kill() };
}
