/**
 * Reads a scenario file and parses it (the only fs access in scenario/). Files that cannot
 * be a scenario are refused before parsing with one clear line each: missing, a folder,
 * larger than 1 MiB, binary (NUL bytes or invalid UTF-8), empty.
 */
import { readFile, stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { ScenarioError } from '../errors.js';
import { scenarioFileReader } from './load-files.js';
import { parseScenario } from './parse.js';
import type { Scenario } from './types.js';

export type LoadScenarioOptions = {
  /** Environment for `${env.NAME}` interpolation. */
  env: Readonly<Record<string, string | undefined>>;
  /** Resolve relative paths against this folder. */
  cwd: string;
  /** `--set path=value` overrides, applied before validation. */
  set?: readonly string[];
};

/** Scenario files above this size are refused: a scenario is a page of YAML, not data. */
export const MAX_SCENARIO_BYTES = 1024 * 1024;

function refuse(file: string, message: string, line = 1, column = 1): ScenarioError {
  return new ScenarioError(file, [{ line, column, path: '', message }]);
}

/** Reads the file as UTF-8 text or throws a ScenarioError saying why it cannot be a scenario. */
export async function readScenarioText(file: string, cwd: string): Promise<string> {
  const path = resolve(cwd, file);
  let size: number;
  try {
    const info = await stat(path);
    if (info.isDirectory()) throw refuse(file, 'is a directory, not a scenario file');
    if (!info.isFile()) throw refuse(file, 'is not a regular file');
    size = info.size;
  } catch (error) {
    if (error instanceof ScenarioError) throw error;
    const code = (error as { code?: unknown }).code;
    throw refuse(file, code === 'ENOENT' ? 'no such file' : `cannot read the file (${String(code ?? error)})`);
  }
  if (size > MAX_SCENARIO_BYTES)
    throw refuse(file, `the file is ${formatMiB(size)}; scenario files are limited to 1 MiB`);
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (error) {
    throw refuse(file, `cannot read the file (${String((error as { code?: unknown }).code ?? error)})`);
  }
  if (bytes.length === 0) throw refuse(file, 'the file is empty; `capplan init` writes a starter scenario');
  return decodeText(file, bytes);
}

/** UTF-8 text without NUL bytes, or a refusal that points at the first offending byte. */
function decodeText(file: string, bytes: Buffer): string {
  const nul = bytes.indexOf(0);
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    const invalid = firstInvalidUtf8(bytes);
    return binary(file, bytes, nul >= 0 ? Math.min(nul, invalid) : invalid);
  }
  if (nul >= 0) return binary(file, bytes, nul);
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

function binary(file: string, bytes: Buffer, offset: number): never {
  const before = bytes.subarray(0, offset);
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < before.length; i++) {
    if (before[i] === 0x0a) {
      line++;
      lineStart = i + 1;
    }
  }
  throw refuse(
    file,
    'looks like a binary file (NUL byte or invalid UTF-8), not a YAML scenario',
    line,
    offset - lineStart + 1,
  );
}

/** Offset of the first byte that does not start a well-formed UTF-8 sequence (for the position only). */
function firstInvalidUtf8(bytes: Buffer): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i] ?? 0;
    const extra = b < 0x80 ? 0 : (b & 0xe0) === 0xc0 ? 1 : (b & 0xf0) === 0xe0 ? 2 : (b & 0xf8) === 0xf0 ? 3 : -1;
    if (extra < 0) return i;
    for (let k = 1; k <= extra; k++) if (((bytes[i + k] ?? 0) & 0xc0) !== 0x80) return i;
    i += extra + 1;
  }
  return 0;
}

function formatMiB(bytes: number): string {
  return `${(bytes / (1024 * 1024)).toFixed(1)} MiB`;
}

/** Throws ScenarioError (every problem, with positions) for bad files and bad scenarios. */
export async function loadScenario(file: string, options: LoadScenarioOptions): Promise<Scenario> {
  const text = await readScenarioText(file, options.cwd);
  const readFile = scenarioFileReader(file, options.cwd);
  return parseScenario(text, file, { env: options.env, set: options.set, readFile });
}
