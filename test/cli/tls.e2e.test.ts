/**
 * TLS against a real HTTPS server on loopback with a certificate signed by a test CA:
 * refused without an option (exit 3, a TLS error kind and a hint naming target.tls, never
 * "is the service running?"), measured with `insecure`, with the CA file, and with mutual TLS.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ExitCode } from '../../src/cli/exit-codes.js';
import { run } from '../../src/cli/program.js';
import { readRunRecord } from '../../src/record/read.js';
import { startFlowServer, type FlowServer } from '../helpers/flow-server.js';
import { fakeIo } from '../helpers/io.js';
import { tmpdir } from '../helpers/tmpdir.js';
import { writeTlsMaterial, type TlsMaterial } from '../helpers/tls.js';

let server: FlowServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

function scenario(url: string, tls: string): string {
  return `version: 1
name: tls
target:
  url: ${url}
  timeout: 2s
${tls === '' ? '' : `  tls: ${tls}\n`}requests:
  - { name: catalogue, path: /catalogue }
load:
  stages: [{ duration: 2s, concurrency: 2 }]
`;
}

async function setup(options: { mutual?: boolean } = {}): Promise<{ dir: string; pem: TlsMaterial }> {
  const dir = tmpdir();
  const pem = writeTlsMaterial(dir);
  const mutual = options.mutual === true ? { requestCert: true, rejectUnauthorized: true, ca: pem.read('ca.pem') } : {};
  server = await startFlowServer({ tls: { key: pem.read('server-key.pem'), cert: pem.read('server.pem'), ...mutual } });
  return { dir, pem };
}

async function runIn(dir: string, text: string): Promise<{ code: number; err: string; runJson: string | undefined }> {
  const { writeFileSync } = await import('node:fs');
  writeFileSync(join(dir, 'tls.yml'), text);
  const io = fakeIo({ cwd: dir });
  const code = await run(['run', 'tls.yml', '--workers', '1', '--no-progress', '--out', 'out'], io);
  const out = join(dir, 'out');
  let runJson: string | undefined;
  try {
    runJson = readFileSync(join(out, readdirSync(out).find((f) => f === 'run.json') ?? 'run.json'), 'utf8');
  } catch {
    runJson = undefined;
  }
  return { code, err: io.err(), runJson };
}

describe('TLS targets', () => {
  it('refuses an untrusted certificate with a hint naming target.tls (exit 3, nothing sent)', async () => {
    const { dir } = await setup();
    const result = await runIn(dir, scenario(server!.url, ''));
    expect(result.code).toBe(ExitCode.aborted);
    expect(result.err).toMatch(/refused by TLS: .*(self.signed|unable to verify|local issuer)/i);
    expect(result.err).toMatch(/hint: .*target\.tls\.ca.*target\.tls\.insecure/);
    expect(result.err).not.toMatch(/is the service running/);
    expect(server!.route('catalogue')).toBe(0);
  });

  it('measures with insecure: true, one TLS session per virtual user', async () => {
    const { dir } = await setup();
    const result = await runIn(dir, scenario(server!.url, '{ insecure: true }'));
    expect(result.err).toBe('');
    expect(result.code).toBe(ExitCode.ok);
    const record = readRunRecord(join(dir, 'out', 'run.json'));
    const sent = record.windows.reduce((s, w) => s + w.sent, 0);
    expect(sent).toBeGreaterThan(20);
    // Preflight included: every request the run sent reached the server, on 2 kept-alive sessions.
    expect(server!.route('catalogue')).toBe(sent);
    expect(server!.connections()).toBeLessThanOrEqual(3);
    expect(record.windows.every((w) => Object.keys(w.errors).length === 0)).toBe(true);
  });

  it('measures with the CA file (paths relative to the scenario); no PEM text in the record', async () => {
    const { dir } = await setup();
    const result = await runIn(dir, scenario(server!.url, '{ ca: ca.pem }'));
    expect(result.code).toBe(ExitCode.ok);
    expect(result.runJson).toMatch(/"ca": ?"ca\.pem"/);
    expect(result.runJson).not.toContain('BEGIN');
  });

  it('servername: a name the certificate does not carry is refused with a hint naming servername', async () => {
    const { dir } = await setup();
    const result = await runIn(dir, scenario(server!.url, '{ ca: ca.pem, servername: shop.test }'));
    expect(result.code).toBe(ExitCode.aborted);
    expect(result.err).toMatch(/hint: .*target\.tls\.servername/);
    const measured = await runIn(dir, scenario(server!.url, '{ ca: ca.pem, servername: localhost }'));
    expect(measured.code).toBe(ExitCode.ok);
  });

  it('mutual TLS: refused without a client certificate, measured with cert and key', async () => {
    const { dir } = await setup({ mutual: true });
    const refused = await runIn(dir, scenario(server!.url, '{ ca: ca.pem }'));
    expect(refused.code).toBe(ExitCode.aborted);
    expect(refused.err).not.toMatch(/is the service running/);
    expect(refused.err).toMatch(/hint: .*target\.tls\.cert\/key/);
    const measured = await runIn(dir, scenario(server!.url, '{ ca: ca.pem, cert: client.pem, key: client-key.pem }'));
    expect(measured.err).toBe('');
    expect(measured.code).toBe(ExitCode.ok);
    expect(measured.runJson).not.toContain('PRIVATE KEY');
  });
});
