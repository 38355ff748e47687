/**
 * Test-only TLS material: a CA, a server certificate for 127.0.0.1 signed by it and a client
 * certificate, generated fresh with openssl when it is installed (test/fixtures/tls/gen.sh),
 * otherwise the committed copies in test/fixtures/tls/.
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const FIXTURES = fileURLToPath(new URL('../fixtures/tls/', import.meta.url));
const FILES = ['ca.pem', 'ca-key.pem', 'server.pem', 'server-key.pem', 'client.pem', 'client-key.pem'] as const;

export type TlsMaterial = { dir: string; read: (name: (typeof FILES)[number]) => string };

/** Writes the material into `dir` (the scenario's folder, so `ca: ca.pem` resolves). */
export function writeTlsMaterial(dir: string): TlsMaterial {
  try {
    execFileSync('sh', [join(FIXTURES, 'gen.sh'), dir], { stdio: 'ignore' });
  } catch {
    for (const name of FILES) copyFileSync(join(FIXTURES, name), join(dir, name));
  }
  return { dir, read: (name) => readFileSync(join(dir, name), 'utf8') };
}
