/**
 * The files a scenario names, read relative to the scenario file: the reader `parseScenario`
 * checks them with (before any traffic), and their contents for the run (data rows, TLS
 * PEM text). None of it goes into the Scenario: records keep the file names only.
 */
import { readFileSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { ScenarioError } from '../errors.js';
import { parseDataFile, type DataTable } from './data-file.js';
import type { ReadScenarioFile } from './file-facts.js';
import type { DataOrder, Scenario } from './types.js';

/** Data and PEM files above this size are refused (the rows go to every worker thread). */
export const MAX_NAMED_FILE_BYTES = 64 * 1024 * 1024;

/** A reader for the files named by the scenario at `scenarioFile` (relative to `cwd`). */
export function scenarioFileReader(scenarioFile: string, cwd: string): ReadScenarioFile {
  const folder = dirname(resolve(cwd, scenarioFile));
  return (path) => {
    const full = resolve(folder, path);
    try {
      const info = statSync(full);
      if (info.isDirectory()) return { ok: false, message: `${path} is a directory` };
      if (info.size > MAX_NAMED_FILE_BYTES) return { ok: false, message: `${path} is larger than 64 MiB` };
      return { ok: true, text: readFileSync(full, 'utf8') };
    } catch (error) {
      const code = (error as { code?: unknown }).code;
      return {
        ok: false,
        message:
          code === 'ENOENT'
            ? `no such file ${path} (relative to the scenario file)`
            : `cannot read ${path} (${String(code ?? error)})`,
      };
    }
  };
}

/** The data file's rows for the run. */
export type RunData = DataTable & { file: string; order: DataOrder };

/** TLS settings with the PEM contents, for undici's `connect` options. */
export type RunTls = { rejectUnauthorized: boolean; ca?: string; cert?: string; key?: string; servername?: string };

export type RunFiles = { data: RunData | undefined; tls: RunTls | undefined };

/** Reads the data rows and TLS files of a validated scenario; a file changed since validation is a ScenarioError. */
export function loadRunFiles(scenario: Scenario, cwd: string): RunFiles {
  const read = scenarioFileReader(scenario.file, cwd);
  const fail = (message: string): never => {
    throw new ScenarioError(scenario.file, [{ line: 1, column: 1, path: '', message }]);
  };
  const text = (path: string): string => {
    const result = read(path);
    return result.ok ? result.text : fail(result.message);
  };
  let data: RunData | undefined;
  if (scenario.data !== undefined) {
    const parsed = parseDataFile(text(scenario.data.file), scenario.data.file);
    if (!parsed.ok) fail(parsed.message);
    else data = { file: scenario.data.file, order: scenario.data.order, columns: parsed.columns, rows: parsed.rows };
  }
  const spec = scenario.target.tls;
  const tls: RunTls | undefined =
    spec === undefined
      ? undefined
      : {
          rejectUnauthorized: !spec.insecure,
          ...(spec.ca === undefined ? {} : { ca: text(spec.ca) }),
          ...(spec.cert === undefined ? {} : { cert: text(spec.cert) }),
          ...(spec.key === undefined ? {} : { key: text(spec.key) }),
          ...(spec.servername === undefined ? {} : { servername: spec.servername }),
        };
  return { data, tls };
}
