/**
 * The validated, normalized scenario (DESIGN.md §4) and the schedule the engine follows.
 * Durations are milliseconds, rates are per second, fractions are 0..1.
 * `parseScenario` produces `Scenario`; `buildSchedule` turns it into a `Schedule`.
 */

export type LoadModel = 'closed' | 'open';

/** A request template: `{{seq}}`, `{{uuid}}`, `{{rand A B}}` may appear in path and body. */
export type RequestSpec = {
  name: string;
  method: string;
  /** Path and query, starting with "/", possibly with templates. */
  path: string;
  headers: Readonly<Record<string, string>>;
  /** Request body as text (a `json:` value is serialized here, with content-type set in headers). */
  body: string | undefined;
  weight: number;
  /** Status codes that count as success; anything else is an error of kind `http-<code>`. */
  expectStatus: readonly number[];
  /** True when path or body holds a template and must be rendered per request. */
  templated: boolean;
};

export type DemoBackend = 'memory' | 'postgres';

/** `target.demo`: start the embedded demo target as a child process on a free loopback port. */
export type DemoTargetSpec = {
  pool: number;
  holdMs: number;
  acquireTimeoutMs: number | undefined;
  failFast: boolean;
  backend: DemoBackend;
  databaseUrl: string | undefined;
};

/** `target.tls`: file paths as written (relative to the scenario file); the contents are read for the run only. */
export type TlsSpec = {
  insecure: boolean;
  ca: string | undefined;
  cert: string | undefined;
  key: string | undefined;
  servername: string | undefined;
};

export type TargetSpec = {
  /** Origin (scheme://host:port) plus optional base path; undefined only with `demo`. */
  url: string | undefined;
  demo: DemoTargetSpec | undefined;
  timeoutMs: number;
  headers: Readonly<Record<string, string>>;
  tls?: TlsSpec | undefined;
};

/** How a flow step takes one variable from its response. */
export type CaptureSpec =
  | { var: string; kind: 'json'; path: readonly (string | number)[]; source: string }
  | { var: string; kind: 'header'; header: string }
  | { var: string; kind: 'regex'; pattern: string; from: 'body' | 'headers' };

/** One step of a flow: a request (its name is the request name in results), captures and a pause after it. */
export type FlowStepSpec = RequestSpec & {
  captures: readonly CaptureSpec[];
  /** Pause after this step, before the flow's next step (0 when not set). */
  think: ThinkSpec;
};

/** An ordered list of steps that one virtual user (closed) or one arrival (open) runs in turn. */
export type FlowSpec = { name: string; weight: number; steps: readonly FlowStepSpec[] };

export type DataOrder = 'sequential' | 'random' | 'unique';

/**
 * `data:` as recorded: the file name and row count only (data files may hold secrets, so no
 * values and no column names go into the scenario or the record).
 */
export type DataSpec = { file: string; order: DataOrder; rowCount: number };

/** A stage of a traffic shape: hold `level` or ramp linearly from the previous level to `rampTo`. */
export type Stage =
  | { kind: 'hold'; durationMs: number; level: number; name: string | undefined }
  | { kind: 'ramp'; durationMs: number; rampTo: number; name: string | undefined };

export type SweepSpec = {
  from: number;
  to: number;
  spacing: 'geometric' | 'linear';
  /** Geometric ratio (default 2) or linear increment (default: (to-from)/8 rounded up). */
  factor: number | undefined;
  increment: number | undefined;
  holdMs: number;
  warmupMs: number;
  /** Extra levels bisecting the knee bracket (0 = none). */
  refine: number;
  stopAfterKnee: boolean;
  /** Run the concurrency-1 (or lowest-rate) probe first. Default true. */
  probe: boolean;
  /**
   * `adaptive: true`: the levels are decided live (ANALYSIS.md §9.3), from `from` up to `to`;
   * the hold, warm-up, spacing, refine and stopAfterKnee keys do not apply.
   */
  adaptive?: AdaptiveSweepSpec | undefined;
};

/** The adaptive search's stop rule: the knee's 95 % interval within ±precision, or maxDurationMs of load. */
export type AdaptiveSweepSpec = { precision: number; maxDurationMs: number };

export type ThinkSpec = { minMs: number; maxMs: number };

export type LoadSpec = {
  model: LoadModel;
  /** Closed model only: pause between one virtual user's requests. */
  think: ThinkSpec;
  /** Open model only: arrival process; `poisson` uses `seed`. */
  arrivals: 'constant' | 'poisson';
  seed: number;
  /** Open model only: cap on requests in flight; beyond it requests are dropped and counted. */
  maxInFlight: number;
  stages: readonly Stage[] | undefined;
  sweep: SweepSpec | undefined;
};

export type SloSpec = {
  p50Ms?: number;
  p90Ms?: number;
  p95Ms?: number;
  p99Ms?: number;
  p999Ms?: number;
  /** Error fraction 0..1. */
  errorRate?: number;
  /** Minimum goodput, req/s. */
  minThroughputPerSec?: number;
};

/** An endpoint SLO: thresholds for one request name (`slo: [{ request: checkout, p99: 300ms }]`). */
export type RequestSloSpec = SloSpec & { request: string };

export type StopSpec = { errorRate: number; windowMs: number; minRequests: number };

export type PlanSpec = {
  peakRate: number;
  p99Ms: number | undefined;
  pwait: number | undefined;
  maxUtilization: number;
  spikeFactor: number;
};

export type ProbeSpec =
  | { kind: 'prometheus'; name: string; url: string; everyMs: number; metrics: readonly string[] | undefined }
  | { kind: 'postgres'; name: string; url: string; everyMs: number };

export type Scenario = {
  version: 1;
  name: string;
  /** The file it came from, as given on the command line ("<inline>" for text). */
  file: string;
  target: TargetSpec;
  /** The requests of the mix; with `flows`, every step of every flow (in flow order). */
  requests: readonly RequestSpec[];
  /** Present when the scenario describes flows instead of independent requests. */
  flows?: readonly FlowSpec[] | undefined;
  data?: DataSpec | undefined;
  load: LoadSpec;
  slo: SloSpec | undefined;
  /** Endpoint SLOs (absent: none). */
  requestSlos?: readonly RequestSloSpec[];
  stop: StopSpec | undefined;
  plan: PlanSpec | undefined;
  probes: readonly ProbeSpec[];
  /** Values interpolated from `${env.NAME}`: records and reports replace them with "[redacted]". */
  secrets: readonly string[];
};

/** What a schedule phase is: the probe, a sweep level, a refinement level or a stage. */
export type PhaseKind = 'probe' | 'level' | 'refine' | 'stage';

/**
 * One timed part of the schedule. Level is concurrency (closed) or arrivals/s (open);
 * a ramp goes linearly from `fromLevel` to `toLevel`. Phases start and end on whole
 * seconds so that 1 s windows never straddle two phases.
 */
export type Phase = {
  index: number;
  kind: PhaseKind;
  /** What progress and reports call it: "probe", "c=16", "spike", "stage 3". */
  label: string;
  startMs: number;
  durationMs: number;
  /** Leading part of the phase that analysis discards (sweeps). */
  warmupMs: number;
  fromLevel: number;
  toLevel: number;
};

/** Bounds of an adaptive search (levels from..to, at most maxLoadMs of load in total). */
export type AdaptiveSchedule = { from: number; to: number; precision: number; maxLoadMs: number };

export type Schedule = {
  model: LoadModel;
  phases: readonly Phase[];
  /** Planned total, ms (for sweeps: without refinement levels, which are decided at run time). */
  totalMs: number;
  peakLevel: number;
  /** Present for sweeps: what the engine may add at run time. */
  sweep:
    | {
        refine: number;
        stopAfterKnee: boolean;
        holdMs: number;
        warmupMs: number;
        /** An adaptive search: the engine asks for every level after the probe, within these bounds. */
        adaptive?: AdaptiveSchedule | undefined;
      }
    | undefined;
};
