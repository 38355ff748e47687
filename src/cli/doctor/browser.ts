/**
 * Chromium for the report's browser view (the tests and docs/report.png; `capplan report`
 * itself needs no browser): CHROMIUM_PATH when set, else the headless build that the npm
 * package @sparticuz/chromium ships (unpacked into the temp dir on first use, a few seconds).
 * playwright-core and @sparticuz/chromium are dev dependencies: loaded only when asked for.
 */
import { existsSync } from 'node:fs';
import type PackagedChromium from '@sparticuz/chromium';
import type * as Playwright from 'playwright-core';
import type { Browser } from 'playwright-core';

export type ChromiumLocation = { path: string; from: 'CHROMIUM_PATH' | '@sparticuz/chromium' };

/** Headless, no sandbox (root in containers), nothing fetched in the background. */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Where Chromium is; throws an Error with a one-line reason when it cannot be had. */
export async function locateChromium(env: Readonly<Record<string, string | undefined>>): Promise<ChromiumLocation> {
  const given = env['CHROMIUM_PATH'];
  if (given !== undefined && given !== '') {
    if (!existsSync(given)) throw new Error(`CHROMIUM_PATH=${given} does not exist`);
    return { path: given, from: 'CHROMIUM_PATH' };
  }
  let packaged: typeof PackagedChromium;
  try {
    packaged = (await import('@sparticuz/chromium')).default;
  } catch {
    throw new Error('@sparticuz/chromium is not installed (a dev dependency: run `npm ci` in the capplan checkout)');
  }
  return { path: await packaged.executablePath(), from: '@sparticuz/chromium' };
}

/** Launches headless Chromium with playwright-core. */
export async function launchChromium(env: Readonly<Record<string, string | undefined>>): Promise<Browser> {
  const location = await locateChromium(env);
  let playwright: typeof Playwright;
  try {
    playwright = await import('playwright-core');
  } catch {
    throw new Error('playwright-core is not installed (a dev dependency: run `npm ci` in the capplan checkout)');
  }
  return playwright.chromium.launch({ executablePath: location.path, args: CHROMIUM_ARGS });
}
