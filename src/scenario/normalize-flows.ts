/**
 * Normalizes flows (steps with captures and think times), `data:` (file name, order and row
 * count only) and `target.tls` (file paths, not contents). Input has passed schema and rules.
 */
import { parseDurationMs } from './duration.js';
import { parseJsonPath } from './json-path.js';
import { stepName } from './rules-flows.js';
import type { CaptureInput, DataInput, FlowInput, StepInput, ThinkInput, TlsInput } from './schema.js';
import type { CaptureSpec, DataSpec, FlowSpec, FlowStepSpec, RequestSpec, ThinkSpec, TlsSpec } from './types.js';

/** normalize.ts's request normalizer, passed in (no import cycle). */
type ToRequest = (step: StepInput & { name: string }) => RequestSpec;

const ms = (text: string): number => parseDurationMs(text) ?? Number.NaN;

export function normalizeThink(think: ThinkInput | undefined): ThinkSpec {
  if (think === undefined) return { minMs: 0, maxMs: 0 };
  if (typeof think === 'string') return { minMs: ms(think), maxMs: ms(think) };
  return { minMs: ms(think.min), maxMs: ms(think.max) };
}

function normalizeCapture(name: string, capture: CaptureInput): CaptureSpec {
  if (typeof capture === 'string') {
    const parsed = parseJsonPath(capture);
    return { var: name, kind: 'json', path: parsed.ok ? parsed.path : [], source: capture };
  }
  if ('header' in capture) return { var: name, kind: 'header', header: capture.header.toLowerCase() };
  return { var: name, kind: 'regex', pattern: capture.regex, from: capture.from ?? 'body' };
}

function normalizeStep(step: StepInput, toRequest: ToRequest): FlowStepSpec {
  const request = toRequest({ ...step, name: stepName(step) });
  return {
    ...request,
    captures: Object.entries(step.capture ?? {}).map(([name, capture]) => normalizeCapture(name, capture)),
    think: normalizeThink(step.think),
  };
}

export function normalizeFlows(flows: readonly FlowInput[] | undefined, toRequest: ToRequest): FlowSpec[] | undefined {
  return flows?.map((flow) => ({
    name: flow.name,
    weight: flow.weight ?? 1,
    steps: flow.steps.map((s) => normalizeStep(s, toRequest)),
  }));
}

export function normalizeData(data: DataInput | undefined, rowCount: number): DataSpec | undefined {
  return data === undefined ? undefined : { file: data.file, order: data.order ?? 'sequential', rowCount };
}

export function normalizeTls(tls: TlsInput | undefined): TlsSpec | undefined {
  if (tls === undefined) return undefined;
  return { insecure: tls.insecure ?? false, ca: tls.ca, cert: tls.cert, key: tls.key, servername: tls.servername };
}
