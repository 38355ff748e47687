/**
 * Probes that sample the server side beside the load. STUB until the probes issue lands:
 * signature is the contract. A failing probe warns; it never ends the run.
 */
import type { ProbeSeries } from '../record/types.js';
import type { ProbeSpec } from '../scenario/types.js';

export type ProbeRunner = { stop: () => Promise<ProbeSeries[]> };

export function startProbes(specs: readonly ProbeSpec[], _options: { startedAtMs: number; onWarning: (message: string) => void }): ProbeRunner {
  return { stop: async () => specs.map((s) => ({ name: s.name, kind: s.kind, series: [], warnings: ['probes not implemented yet'] })) };
}
