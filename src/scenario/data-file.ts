/**
 * Data files (`data: { file }`): CSV with a header row (RFC 4180 quoting) or JSON lines (one
 * object per line; `.jsonl`/`.ndjson`, or text starting with "{"). Pure: text in, columns and
 * rows of strings out, or one message naming the line. Values are never echoed in messages:
 * a data file may hold passwords.
 */

export type DataTable = { columns: readonly string[]; rows: readonly (readonly string[])[] };

export type DataFileParse = ({ ok: true } & DataTable) | { ok: false; message: string };

/** Parses a data file's text; `name` (the file name) picks the format and is used in messages. */
export function parseDataFile(text: string, name: string): DataFileParse {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  if (body.trim() === '') return { ok: false, message: `data file ${name} is empty` };
  const jsonLines = /\.(jsonl|ndjson)$/i.test(name) || body.trimStart().startsWith('{');
  const parsed = jsonLines ? parseJsonLines(body, name) : parseCsv(body, name);
  if (parsed.ok && parsed.rows.length === 0)
    return { ok: false, message: `data file ${name} has a header but no rows` };
  return parsed;
}

function parseJsonLines(text: string, name: string): DataFileParse {
  const rows: string[][] = [];
  let columns: string[] | undefined;
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (line === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      return { ok: false, message: `data file ${name} line ${i + 1}: not a JSON object` };
    }
    if (value === null || typeof value !== 'object' || Array.isArray(value))
      return { ok: false, message: `data file ${name} line ${i + 1}: expected a JSON object` };
    const record = value as Record<string, unknown>;
    columns ??= Object.keys(record);
    const missing = columns.find((c) => !(c in record));
    if (missing !== undefined)
      return { ok: false, message: `data file ${name} line ${i + 1}: no "${missing}" key (the first line has it)` };
    rows.push(columns.map((c) => cell(record[c])));
  }
  if (columns === undefined || columns.length === 0) return { ok: false, message: `data file ${name} has no columns` };
  return { ok: true, columns, rows };
}

function cell(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value === null || value === undefined) return '';
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

function parseCsv(text: string, name: string): DataFileParse {
  const records = splitCsv(text);
  if (typeof records === 'string') return { ok: false, message: `data file ${name} ${records}` };
  const [header, ...rows] = records.filter((r) => !(r.fields.length === 1 && r.fields[0] === ''));
  if (header === undefined) return { ok: false, message: `data file ${name} is empty` };
  const columns = header.fields.map((c) => c.trim());
  const blank = columns.findIndex((c) => c === '');
  if (blank >= 0)
    return {
      ok: false,
      message: `data file ${name} line ${header.line}: column ${blank + 1} of the header row has no name`,
    };
  const twice = columns.find((c, i) => columns.indexOf(c) !== i);
  if (twice !== undefined)
    return {
      ok: false,
      message: `data file ${name} line ${header.line}: column "${twice}" appears twice in the header row`,
    };
  const bad = rows.find((r) => r.fields.length !== columns.length);
  if (bad !== undefined)
    return {
      ok: false,
      message: `data file ${name} line ${bad.line}: ${bad.fields.length} fields, the header row has ${columns.length}`,
    };
  return { ok: true, columns, rows: rows.map((r) => r.fields) };
}

type CsvRecord = { line: number; fields: string[] };

/** Splits CSV into records of fields (quotes, doubled quotes, CRLF); a message when a quote is not closed. */
function splitCsv(text: string): CsvRecord[] | string {
  const records: CsvRecord[] = [];
  let fields: string[] = [];
  let field = '';
  let line = 1;
  let start = 1;
  let i = 0;
  while (i < text.length) {
    const ch = text[i]!;
    if (ch === '"' && field === '') {
      const close = closingQuote(text, i + 1);
      if (close < 0) return `line ${line}: a quoted field is not closed`;
      const quoted = text.slice(i + 1, close);
      field = quoted.replaceAll('""', '"');
      line += quoted.split('\n').length - 1;
      i = close + 1;
      continue;
    }
    if (ch === ',') {
      fields.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      fields.push(field);
      records.push({ line: start, fields });
      fields = [];
      field = '';
      line++;
      start = line;
    } else {
      field += ch;
    }
    i++;
  }
  if (field !== '' || fields.length > 0) records.push({ line: start, fields: [...fields, field] });
  return records;
}

function closingQuote(text: string, from: number): number {
  let i = from;
  for (;;) {
    const q = text.indexOf('"', i);
    if (q < 0) return -1;
    if (text[q + 1] === '"') i = q + 2;
    else return q;
  }
}
