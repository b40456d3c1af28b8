// Starts a real `relais serve` on a free port with an empty data directory.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const binary = process.env.RELAIS_BIN ?? resolve(import.meta.dirname, '../../target/debug/relais');

export async function startServer() {
  return start(() => ['serve'], (output) => output.match(/(http:\/\/\S+\/setup\?token=\S+)/)?.[1]);
}

/** `relais demo`: the demonstration SSIAD; `logins` maps each e-mail to its TOTP secret. */
export async function startDemo() {
  const server = await start((dataDir) => ['demo', '--data-dir', dataDir], () => 'none');
  const logins = Object.fromEntries(
    [...server.output.matchAll(/^\s+\w+\s+(\S+@tilleuls\.demo)\s+(\S+)$/gm)].map((m) => [m[1], m[2]]),
  );
  return { ...server, logins };
}

async function start(args, findSetupLink) {
  const dataDir = mkdtempSync(join(tmpdir(), 'relais-e2e-'));
  const child = spawn(binary, args(dataDir), {
    env: { ...process.env, RELAIS__DATA_DIR: dataDir, RELAIS__LISTEN: '127.0.0.1:0', RELAIS__METRICS_LISTEN: '127.0.0.1:0', RELAIS__DATABASE_URL: process.env.RELAIS_E2E_DATABASE_URL ?? '', RELAIS__PLANNING__DAY_SECONDS: '2' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const ready = new Promise((resolveReady, reject) => {
    const timer = setTimeout(() => reject(new Error(`relais did not start:\n${output}`)), 20000);
    child.stdout.on('data', (chunk) => {
      output += chunk;
      const url = output.match(/Relais is running: (http:\/\/\S+)/);
      const setup = findSetupLink(output);
      if (url && setup) {
        clearTimeout(timer);
        resolveReady({ url: url[1], setupLink: setup, output });
      }
    });
    child.stderr.on('data', (chunk) => { output += chunk; });
    child.on('exit', (code) => reject(new Error(`relais exited with ${code}:\n${output}`)));
  });
  const { url, setupLink } = await ready;
  return {
    url,
    setupLink,
    output,
    async stop() {
      child.kill('SIGTERM');
      await new Promise((done) => child.once('exit', done));
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
