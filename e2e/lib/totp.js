// RFC 6238 codes for the test's authenticator "app".
import { createHmac } from 'node:crypto';

function base32Decode(text) {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = '';
  for (const char of text.replace(/=+$/, '')) bits += alphabet.indexOf(char).toString(2).padStart(5, '0');
  const bytes = [];
  for (let i = 0; i + 8 <= bits.length; i += 8) bytes.push(parseInt(bits.slice(i, i + 8), 2));
  return Buffer.from(bytes);
}

const usedSteps = new Map();

/** A code for a time step this secret has not used yet (codes cannot be replayed). */
export async function nextCode(secret) {
  for (;;) {
    const current = Math.floor(Date.now() / 30000);
    const last = usedSteps.get(secret);
    const step = last === undefined ? current : Math.max(last + 1, current - 1);
    if (step <= current + 1) {
      usedSteps.set(secret, step);
      return codeAt(secret, step);
    }
    await new Promise((done) => setTimeout(done, 2000));
  }
}

function codeAt(secret, step) {
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(step));
  const digest = createHmac('sha1', base32Decode(secret)).update(counter).digest();
  const offset = digest[digest.length - 1] & 0xf;
  const value = (digest.readUInt32BE(offset) & 0x7fffffff) % 1_000_000;
  return value.toString().padStart(6, '0');
}
