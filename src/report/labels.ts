/**
 * Load-level labels of the reports: the unit and axis name a load model implies, and
 * identifiers in words. Numbers themselves are formatted by src/format.ts.
 */
import { DASH, formatNumber } from '../format.js';
import type { LoadModel } from '../scenario/types.js';

/** What a load level means in a model: closed = concurrent requests, open = offered req/s. */
export function levelUnit(model: LoadModel): string {
  return model === 'closed' ? 'concurrent' : 'req/s';
}

/** A load level with its unit: "20.4 concurrent", "600 req/s". */
export function formatLevel(level: number | null | undefined, model: LoadModel): string {
  return typeof level === 'number' && Number.isFinite(level) ? `${formatNumber(level)} ${levelUnit(model)}` : DASH;
}

/** Axis or column name of the level: "concurrency" or "offered rate (req/s)". */
export function levelAxisLabel(model: LoadModel): string {
  return model === 'closed' ? 'concurrency' : 'offered rate (req/s)';
}

/** A kebab or camel identifier in words: "throughput-plateau" → "throughput plateau". */
export function humanize(id: string | null | undefined): string {
  if (id === null || id === undefined || id === '') return DASH;
  return id
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .replace(/[-_]/g, ' ')
    .toLowerCase();
}
