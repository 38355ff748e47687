/**
 * The `capplan doctor` checks that start something real: an embedded PostgreSQL (started and
 * stopped) and headless Chromium (launched and closed), each bounded in time.
 */
import { startEmbeddedPostgres } from '../../target/embedded-postgres.js';
import { launchChromium } from './browser.js';
import type { CheckResult } from './checks.js';

type Env = Readonly<Record<string, string | undefined>>;

export async function checkEmbeddedPostgres(env: Env, timeoutMs: number): Promise<CheckResult> {
  const startedAtMs = Date.now();
  try {
    const server = await startEmbeddedPostgres({ env, startTimeoutMs: timeoutMs });
    await server.stop();
    const seconds = ((Date.now() - startedAtMs) / 1000).toFixed(1);
    const detail = `embedded PostgreSQL ${server.version} started and stopped in ${seconds} s`;
    return { name: 'postgres', status: 'ok', detail };
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    const asRoot =
      'as root the server runs as the OS user `postgres`, which must be able to read node_modules' +
      ' (not under a mode-700 /root) and write the temp dir';
    const detail = `${reason}; ${asRoot}; or set CAPPLAN_DATABASE_URL to a server of yours`;
    return { name: 'postgres', status: 'fail', detail };
  }
}

/** Optional: only the tests and docs/report.png use a browser, so a failure is a warning. */
export async function checkChromium(env: Env, timeoutMs: number): Promise<CheckResult> {
  const onlyFor = 'only the tests and docs/report.png need it';
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`no browser within ${timeoutMs} ms`)), timeoutMs);
  });
  const launching = launchChromium(env);
  try {
    const browser = await Promise.race([launching, timeout]);
    const version = browser.version();
    await browser.close();
    return { name: 'chromium', status: 'ok', detail: `headless Chromium ${version} launches (${onlyFor})` };
  } catch (error) {
    void launching.then(
      (b) => b.close(),
      () => undefined,
    );
    const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
    return { name: 'chromium', status: 'warn', detail: `${reason}; ${onlyFor}: run \`npm ci\` or set CHROMIUM_PATH` };
  } finally {
    clearTimeout(timer);
  }
}
