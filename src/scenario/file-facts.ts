/**
 * What the files a scenario names (data file, TLS files) say to its rules, learned through a
 * reader the caller injects (scenario/load-files.ts reads relative to the scenario file), so
 * parsing stays pure. Only column names and a row count leave here: data values never do.
 */
import { parseDataFile } from './data-file.js';
import type { DataFacts } from './rules-flows.js';
import type { TlsFileProblems } from './rules-tls.js';
import type { Sections } from './rules.js';

export type ReadScenarioFile = (path: string) => { ok: true; text: string } | { ok: false; message: string };

export type FileFacts = { data: (DataFacts & { rowCount?: number }) | undefined; tls: TlsFileProblems };

const NO_READER = 'files named by a scenario are read only when it comes from a file';

export function fileFacts(sections: Sections, read: ReadScenarioFile | undefined): FileFacts {
  return { data: dataFacts(sections, read), tls: tlsFacts(sections, read) };
}

function dataFacts(sections: Sections, read: ReadScenarioFile | undefined): FileFacts['data'] {
  const file = sections.data?.file;
  if (file === undefined) return undefined;
  if (read === undefined) return { problem: NO_READER };
  const text = read(file);
  if (!text.ok) return { problem: text.message };
  const parsed = parseDataFile(text.text, file);
  return parsed.ok ? { columns: parsed.columns, rowCount: parsed.rows.length } : { problem: parsed.message };
}

function tlsFacts(sections: Sections, read: ReadScenarioFile | undefined): TlsFileProblems {
  const tls = sections.target?.tls;
  const problems: Partial<Record<'ca' | 'cert' | 'key', string>> = {};
  for (const key of ['ca', 'cert', 'key'] as const) {
    const file = tls?.[key];
    if (file === undefined) continue;
    if (read === undefined) {
      problems[key] = NO_READER;
      continue;
    }
    const text = read(file);
    if (!text.ok) problems[key] = text.message;
    else if (!text.text.includes('-----BEGIN ')) problems[key] = `${file} is not a PEM file (no "-----BEGIN" line)`;
  }
  return problems;
}
