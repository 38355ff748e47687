/**
 * RunRecord v1: the data contract between a run, the analyzer, reports, the CI gate and
 * shard merges (DESIGN.md §6). Fields named in DESIGN.md are a **contract**; adding fields
 * is fine, renaming or removing needs a schema bump. Units are in the names.
 */
import type { LagBuckets } from '../metrics/lag.js';
import type { Counts, GeneratorHealth, LatencySummary, RequestCounts, ServerTimingTotals } from '../metrics/types.js';
import type { LoadModel, PhaseKind } from '../scenario/types.js';

export const RUN_RECORD_SCHEMA = 'capplan.run/v1' as const;

export type RunStatus = 'completed' | 'interrupted' | 'aborted';

/**
 * One request name's results in a window or a step (`byRequest[name]`, a contract read by CI
 * scripts): counters, the HDR histogram of ok latency (µs) and its summary in ms.
 */
export type RequestResult = RequestCounts & { latencyMs: LatencySummary };

/** A merged 1 s window (all workers). */
export type WindowRecord = Counts & {
  tMs: number;
  durationMs: number;
  phaseIndex: number;
  /** Label of the phase: "probe", "c=16", or the stage name. */
  stage: string;
  level: number;
  /** Mean in-flight requests over the window (samples every 100 ms). */
  inFlight: number;
  inFlightMax: number;
  inFlightEnd: number;
  bytesIn: number;
  okLatencySumUs: number;
  errorLatencySumUs: number;
  quarterOk: number[];
  quarterErrors: number[];
  /** Latency of successful responses, ms, from the HDR histogram. */
  latencyMs: LatencySummary;
  /** HDR histogram of ok latency in µs, compressed base64. */
  hdr: string;
  /** HDR histogram of failed requests' latency in µs (timeouts at their timeout); absent in older records. */
  hdrErrors?: string;
  serverTiming: ServerTimingTotals;
  generator: GeneratorHealth;
  /** True for the warm-up part of a sweep level: kept for charts, left out of steps. */
  warmup: boolean;
  /**
   * The drain window (see metrics/types.ts WindowSnapshot.drain): completions after the planned
   * end of the schedule or the stop. Counts in run totals, left out of steps like the warm-up;
   * `durationMs` is the drain's length (may exceed 1 s). Absent on every other window.
   */
  drain?: true;
  /** Open model: schedule lag of the sends, sum (ms) and log-scale histogram (metrics/lag.ts). */
  lag?: { sumMs: number; buckets: LagBuckets };
  /** Requests cancelled by the stop (in flight when the drain ended); over a run sent = ok + errorCount + cancelled. */
  cancelled?: number;
  /**
   * Per request name with activity in the window (an absent name
   * counted zero). Absent in records written before it existed.
   */
  byRequest?: Record<string, RequestResult>;
};

/** One step: a sweep level or a stage, measured windows only (warm-up and drain left out). */
export type StepRecord = Counts & {
  index: number;
  phaseIndex: number;
  kind: PhaseKind;
  label: string;
  /** Concurrency (closed) or arrivals/s (open); for a ramp stage, the level it ramps to. */
  level: number;
  /** For a ramp stage, the level it starts from (equals `level` otherwise). */
  fromLevel: number;
  model: LoadModel;
  /** Start of the measured part, ms from run start. */
  startMs: number;
  /** Measured duration, ms (warm-up excluded). */
  durationMs: number;
  /** Index range [first, last] of the measured windows in `RunRecord.windows`. */
  windowRange: [number, number];
  /** All completions (ok + errors) per second. */
  throughputPerSec: number;
  /** Successful completions per second. */
  goodputPerSec: number;
  /** Errors / (ok + errors + dropped). */
  errorRate: number;
  /** Mean in-flight. */
  inFlight: number;
  latencyMs: LatencySummary;
  /** Mean latency of ok and of error completions, ms. */
  meanOkLatencyMs: number;
  meanErrorLatencyMs: number;
  hdr: string;
  /** HDR histogram of failed requests' latency in µs; absent in older records. */
  hdrErrors?: string;
  /**
   * Latency of every request (ok and failed, a timeout at its timeout): what latency SLOs count.
   * `latencyMs` stays ok-only for the fit. Absent in older records.
   */
  latencyAllMs?: LatencySummary;
  /**
   * Mean Server-Timing durations when the target sent them: hold = `db`, wait = `pool`; from ok
   * responses alone when the windows kept them apart (error responses in `serverTimingErrors`).
   */
  serverTiming?: { holdMs: number; waitMs: number; samples: number };
  /** Mean Server-Timing durations of the error responses that carried it (absent when none did). */
  serverTimingErrors?: { holdMs: number; waitMs: number; samples: number };
  /** Open model: false when in-flight kept growing (over capacity). Closed: true. */
  stable: boolean;
  /** In-flight growth per second over the second half of the step (open model), else 0. */
  inFlightGrowthPerSec: number;
  /** The generator limited this step: it says nothing about the target. */
  generatorSaturated: boolean;
  /**
   * Why the generator limited the step, in words ("12 % of arrivals dropped at maxInFlight"); absent when it did not.
   */
  generatorLimit?: string;
  /**
   * Open model: how late sends left after their intended times, ms (p50, p99 of the step's
   * sends; bucket upper edges, ±20 %), and how much the mean lag grew over the step.
   */
  lagMs?: { p50: number; p99: number; growthMs: number };
  /** Distinct error messages seen (truncated), for classification by text. */
  errorSamples: string[];
  /** Per request name, over the step's measured windows. Absent in records written before it existed. */
  byRequest?: Record<string, RequestResult>;
};

export type ProbeSeries = {
  name: string;
  kind: 'prometheus' | 'postgres';
  /** Samples aligned to the run's time axis (ms from start). Counters are turned into rates per second. */
  series: { tMs: number; values: Record<string, number> }[];
  warnings: string[];
};

export type RunRecord = {
  schema: typeof RUN_RECORD_SCHEMA;
  tool: { name: 'capplan'; version: string };
  scenario: {
    name: string;
    file: string;
    sha256: string;
    /** The normalized scenario, secrets replaced by "[redacted]". */
    resolved: unknown;
  };
  environment: {
    node: string;
    platform: string;
    cpus: number;
    workers: number;
    /** This record is one shard (0-based `index` of `count`) of a scaled-out run. */
    shard?: { index: number; count: number };
    /** This record was merged by `capplan merge` from these shards (0-based indexes, ascending). */
    merged?: { count: number; indexes: number[] };
    /** Target URL actually loaded (demo target: its loopback URL). */
    targetUrl: string;
  };
  model: LoadModel;
  status: RunStatus;
  abortReason?: string;
  startedAt: string;
  endedAt: string;
  durationMs: number;
  windows: WindowRecord[];
  steps: StepRecord[];
  probes?: ProbeSeries[];
  warnings: string[];
  /**
   * The sweep was an adaptive search (`load.sweep.adaptive`, ANALYSIS.md §9.3): its bounds,
   * why it stopped and the load it ran. Absent for every other run (added in v1, optional).
   */
  adaptive?: AdaptiveRun;
  analysis: Analysis;
};

/** An adaptive search as run: its bounds and how it ended. */
export type AdaptiveRun = {
  /** Levels it could run (`from` is the probe) and its stop rule. */
  from: number;
  to: number;
  precision: number;
  maxLoadMs: number;
  /** 'precision', 'max-duration', 'not-reached', 'saturated', or the run's status when it ended first. */
  stoppedBy: string;
  /** Load time, ms: the sum of the measured windows of its levels (pauses between levels not counted). */
  loadMs: number;
  /** Levels run (the probe included). */
  levels: number;
};

/* ------------------------------------------------------------------------------------------ */
/* Analysis (DESIGN.md §6). Produced by analyze/ (pure); stored in the record.                 */

/** `target-failing`: no request succeeded (issue #17), so there is no capacity to read. */
export type Verdict = 'pool-exhaustion' | 'saturation' | 'not-reached' | 'inconclusive' | 'target-failing';
export type Shape = 'plateau' | 'retrograde' | 'smooth' | 'soft' | 'rising' | 'saturated-from-start';
export type Reason = 'error-onset' | 'retrograde' | 'throughput-plateau' | 'latency-growth';
export type Confidence = 'high' | 'medium' | 'low' | 'n/a';

export type Knee = {
  /** Estimated concurrency at which exhaustion begins (for censored knees: the tested edge). */
  concurrency: number;
  ci95: [number, number];
  /** Tested levels (lo, hi] that contain the knee. */
  bracket: [number, number];
  /** "above": not reached (knee > bracket hi); "below": saturated from the first level (knee ≤ lo). */
  censored: null | 'above' | 'below';
  /**
   * How the knee was found: 'fit' (CAPKNEE over sweep levels), 'bounds' (stage scenarios:
   * the operational bound Xmax·R0 from a saturated and an unsaturated stage, approximate) or
   * 'ramp' (the same fit over the windows of a continuous ramp).
   * Absent in records written before it existed: read as 'fit'.
   */
  method?: 'fit' | 'bounds' | 'ramp';
  /**
   * 'ramp': the knee was fitted on the 1 s windows of a continuous ramp (ANALYSIS.md §9.2),
   * this many windows carried the fit, `beyond` of them past the knee.
   */
  ramp?: { windows: number; beyond: number };
  /**
   * The sweep was an adaptive search: the knee and its interval are the search's own estimate
   * (analyze/adaptive/estimate.ts, the one that decided when to stop), over this many 1 s
   * windows; `withinPrecision` says whether the interval met the scenario's precision.
   */
  adaptive?: { windows: number; loadMs: number; stoppedBy: string; precision: number; withinPrecision: boolean };
};

export type Signal = {
  kind:
    | 'throughput-plateau'
    | 'retrograde'
    | 'error-onset'
    | 'latency-growth'
    | 'slo-breach'
    | 'queueing-signature'
    | 'client-queueing'
    | 'generator-saturated'
    | 'unstable'
    | 'little-law'
    | 'probe'
    | 'usl-peak';
  /** Level (concurrency or rate) at which it shows, when it has one. */
  at: number | null;
  /** One line for people. */
  detail: string;
};

export type SpikeResult = {
  stage: string;
  phaseIndex: number;
  level: number;
  baselineLatencyMs: number;
  peakLatencyMs: number;
  errors: number;
  /** ms from the spike start to its first error, null when none. */
  timeToFirstErrorMs: number | null;
  /** ms from the spike end until p99 is back within 20 % of the pre-spike baseline, null when never. */
  recoveryMs: number | null;
  /** Open model: in-flight growth during the spike, per second. */
  inFlightGrowthPerSec: number;
};

export type SloResult = {
  /** "p99", "errorRate", … */
  metric: string;
  /** "overall" or a step/stage label. */
  scope: string;
  threshold: number;
  actual: number;
  unit: 'ms' | 'ratio' | 'req/s';
  pass: boolean;
  /** Latency SLOs: 'all' when every request counted (failed ones too), 'ok' when only ok ones could. */
  latency?: 'all' | 'ok';
  /**
   * The request name an endpoint SLO is scoped to (`slo: [{ request: checkout, p99: 300ms }]`); absent: all requests.
   */
  request?: string;
};

/**
 * Which endpoints hold the pool (analyze/endpoints.ts, a contract): each request name at the
 * knee (stage runs: the saturated stage) against the baseline.
 */
export type EndpointResult = {
  name: string;
  /** Its latency grows with the pool queue and its errors are pool errors. */
  dependsOnPool: boolean;
  /** p99 at the knee / p99 at the baseline; null when either had no ok response. */
  latencyRatio: number | null;
  /** Its share (0..1) of all pool errors at the knee. */
  poolErrorShare: number;
  /** One line for people. */
  why: string;
};

export type PlanResult = {
  feasible: boolean;
  reason: string | null;
  /** Recommended pool size for the target load, null when infeasible. */
  poolSize: number | null;
  utilization: number | null;
  pWait: number | null;
  meanWaitMs: number | null;
  p99Ms: number | null;
  /** Capacity / expected peak − 1 (negative: short of the peak). */
  headroom: number | null;
  /** Spike length the current pool absorbs before acquire timeouts start, s (fluid model). */
  absorbableSpikeSec: number | null;
  inputs: Record<string, number | string | null>;
  notes: string[];
};

/** What ran out (ANALYSIS.md §9.1): only server-side evidence names the resource. */
export type BottleneckResource = 'connection-pool' | 'cpu' | 'downstream' | 'admission' | 'unknown';

/**
 * Was the load at the failure above the measured capacity (a surge the limit could not
 * absorb), or did the service fail at a load it used to carry (a slowdown)?
 */
export type FailureCause = {
  cause: 'surge' | 'slowdown';
  /** Step label where the failure (errors, else the plateau) showed. */
  step: string;
  /** Offered load there and the measured capacity, in `unit`. */
  offered: number;
  capacity: number;
  unit: 'concurrent' | 'req/s';
  /** One sentence for people. */
  text: string;
};

export type Bottleneck = {
  /** The concurrency limit the run measured (the knee), null when censored or absent. */
  limit: number | null;
  resource: BottleneckResource;
  /** What points at `resource`, strongest first, in the words reports print. */
  evidence: { source: string; at: number | null; text: string }[];
  /** What points elsewhere (conflicting evidence lowers the confidence one grade). */
  against: { source: string; text: string }[];
  /** When `resource` is 'unknown': the one probe or header that would settle it. */
  settle: string | null;
  failure: FailureCause | null;
};

export type Analysis = {
  verdict: Verdict;
  shape: Shape | null;
  reason: Reason | null;
  /** One sentence a person can act on. */
  summary: string;
  knee: Knee | null;
  maxThroughputPerSec: { value: number; ci95: [number, number]; censored: boolean } | null;
  unloadedLatencyMs: number | null;
  poolEstimate: {
    size: number;
    ci95: [number, number];
    basis: 'server-timing' | 'upper-bound';
    /**
     * How the size was read: Little's law with the Server-Timing hold ('server-timing'), with R0
     * ('upper-bound'), or the PostgreSQL active connections pinned from the knee on
     * ('pg-stat-activity'). Absent in records written before it existed: read as `basis`.
     */
    method?: 'server-timing' | 'upper-bound' | 'pg-stat-activity';
  } | null;
  errorOnset: { concurrency: number; bracket: [number, number]; kind: string; errorRate: number } | null;
  latencyOnset: number | null;
  usl: {
    sigma: number;
    kappa: number;
    lambda: number;
    nPeak: number | null;
    xPeak: number | null;
    aicc: number;
  } | null;
  hinge: { a: number; b: number; tau: number; aicc: number } | null;
  /** Post-knee latency slope, ms per extra request, and the slope expected of a fixed-capacity limit (1/Xmax). */
  queueing: { slopeMsPerRequest: number; expectedMsPerRequest: number; interceptMs: number; confirmed: boolean } | null;
  confidence: Confidence;
  signals: Signal[];
  spikes: SpikeResult[];
  slo: SloResult[];
  /** Highest tested level that met every SLO; null without SLOs or when none met them. */
  capacityAtSlo: number | null;
  plan?: PlanResult;
  /** What ran out and why capplan thinks so; absent in records written before it existed. */
  bottleneck?: Bottleneck | null;
  /** Steps left out of the fit and why (generator-saturated, unstable, Little's law). */
  excludedSteps: { index: number; why: string }[];
  /** Per-endpoint pool dependence, when the record has per-request results of two or more names. */
  endpoints?: EndpointResult[];
};
