/**
 * The analyzer's entry point: RunRecord (without analysis) in, Analysis out. Pure.
 * STUB until the analyzer issue lands: signature is the contract.
 */
import type { Analysis, RunRecord } from '../record/types.js';
import type { PlanSpec, SloSpec } from '../scenario/types.js';

export type AnalyzeInput = Omit<RunRecord, 'analysis'> & { analysis?: Analysis };

export type AnalyzeOptions = {
  slo?: SloSpec | undefined;
  plan?: PlanSpec | undefined;
  /** Seed of the bootstrap PRNG (default 1): the same record gives the same analysis. */
  seed?: number;
  /** Bootstrap resamples (default 1000). */
  bootstrapSamples?: number;
};

export function analyzeRun(_record: AnalyzeInput, _options: AnalyzeOptions = {}): Analysis {
  return {
    verdict: 'inconclusive', shape: null, reason: null, summary: 'The analyzer is not available yet.',
    knee: null, maxThroughputPerSec: null, unloadedLatencyMs: null, poolEstimate: null, errorOnset: null,
    latencyOnset: null, usl: null, hinge: null, queueing: null, confidence: 'n/a', signals: [], spikes: [],
    slo: [], capacityAtSlo: null, excludedSteps: [],
  };
}
