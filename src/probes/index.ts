/**
 * Probes that sample the server side beside the load (DESIGN.md §4 `probes:`). Each probe
 * samples on its own clock at `startedAtMs + k * every`, so with `every: 1s` its samples
 * fall on the run's 1 s window boundaries (when `startedAtMs` is the load's start; see
 * `stop`). A probe that fails warns (deduplicated) and records `up: 0`; it never ends the
 * run, and stop() never throws.
 */
import { UsageError } from '../errors.js';
import type { ProbeSeries } from '../record/types.js';
import type { ProbeSpec } from '../scenario/types.js';
import { createPostgresSampler } from './postgres.js';
import { createPrometheusSampler } from './prometheus.js';
import type { Sampler } from './sampler.js';
import { createWarningLog } from './warnings.js';
import type { WarningLog } from './warnings.js';

export type ProbeRunner = {
  /**
   * Stops sampling and returns every probe's series. Pass the load's actual start
   * (`RunOutcome.startedAtMs`) when it differs from `startedAtMs` (workers start after the
   * probes): `tMs` is then measured from it and samples taken before it are left out, so
   * that `floor(tMs / 1000)` is the index of the window a sample belongs to.
   */
  stop: (options?: { startedAtMs?: number }) => Promise<ProbeSeries[]>;
};

export type ProbeOptions = {
  /** Epoch ms of the run's start: sample times are recorded as `tMs` from here. */
  startedAtMs: number;
  /** Called once per distinct warning, e.g. to print it on stderr. */
  onWarning: (message: string) => void;
};

export function startProbes(specs: readonly ProbeSpec[], options: ProbeOptions): ProbeRunner {
  const running = specs.map((spec) => startProbe(spec, options));
  return {
    stop: async (stopOptions) => {
      // Probes hold no reference on the event loop while they run; whoever awaits stop() needs
      // one until the last sample and connection are done, or Node would exit mid-await.
      const keepAlive = setInterval(() => undefined, 1000);
      try {
        return await Promise.all(running.map((r) => r.stop(stopOptions?.startedAtMs ?? options.startedAtMs)));
      } finally {
        clearInterval(keepAlive);
      }
    },
  };
}

type RunningProbe = { stop: (startedAtMs: number) => Promise<ProbeSeries> };
type Sample = { atMs: number; values: Record<string, number> };

function startProbe(spec: ProbeSpec, options: ProbeOptions): RunningProbe {
  const log = createWarningLog(spec.name, options.onWarning);
  // Epoch times, turned into tMs at stop (the run's start may be known only then).
  const samples: Sample[] = [];
  const everyMs = Math.max(100, spec.everyMs);
  const sampler = trySampler(spec, log);
  let stopped = false;
  let inFlight: Promise<void> | undefined;
  let timer: NodeJS.Timeout | undefined;
  let skipped = 0;
  let ticks = 0;

  const tick = (tickMs: number): void => {
    if (stopped || sampler === undefined) return;
    ticks++;
    if (inFlight !== undefined) {
      // The previous sample is still running (bounded by its timeout): skip, don't pile up.
      skipped++;
    } else {
      inFlight = takeSample(sampler, tickMs, samples, log).finally(() => {
        inFlight = undefined;
      });
    }
    schedule();
  };

  const schedule = (): void => {
    const nowMs = Date.now();
    const k = Math.max(0, Math.ceil((nowMs - options.startedAtMs + 1) / everyMs));
    const nextMs = options.startedAtMs + k * everyMs;
    timer = setTimeout(() => tick(nextMs), Math.max(0, nextMs - nowMs));
    // Probes must never be what keeps capplan running.
    timer.unref();
  };
  if (sampler !== undefined) {
    const firstDueMs = options.startedAtMs;
    if (Date.now() >= firstDueMs && Date.now() - firstDueMs < everyMs / 2) tick(firstDueMs);
    else schedule();
  }

  return {
    stop: async (startedAtMs) => {
      stopped = true;
      clearTimeout(timer);
      try {
        await inFlight;
        await sampler?.close();
      } catch (error) {
        log.warn(`stop failed: ${error instanceof Error ? error.message : String(error)}`);
      }
      // A few late samples on a busy machine are noise; a tenth of them means `every` is too short.
      if (skipped * 10 > ticks)
        log.warn(`${skipped} of ${ticks} samples skipped: the previous one was still running (raise \`every\`)`);
      const series = samples
        .filter((p) => p.atMs >= startedAtMs)
        .map((p) => ({ tMs: Math.round(p.atMs - startedAtMs), values: p.values }));
      return { name: spec.name, kind: spec.kind, series, warnings: log.list() };
    },
  };
}

/** A probe that cannot start warns and records nothing; the run goes on. */
function trySampler(spec: ProbeSpec, log: WarningLog): Sampler | undefined {
  try {
    return createSampler(spec, log);
  } catch (error) {
    log.warn(`cannot start: ${error instanceof Error ? error.message : String(error)}`);
    return undefined;
  }
}

/** The record keeps the nominal tick, aligned to the windows (rates use the answers' times: prometheus.ts). */
function takeSample(sampler: Sampler, tickMs: number, samples: Sample[], log: WarningLog): Promise<void> {
  return sampler.sample().then(
    (values) => void samples.push({ atMs: tickMs, values }),
    (error: unknown) => log.warn(`sample failed: ${error instanceof Error ? error.message : String(error)}`),
  );
}

function createSampler(spec: ProbeSpec, log: WarningLog): Sampler {
  return spec.kind === 'prometheus'
    ? createPrometheusSampler({ url: spec.url, everyMs: spec.everyMs, metrics: spec.metrics }, log)
    : createPostgresSampler({ url: spec.url, everyMs: spec.everyMs }, log);
}

/**
 * Resolves a prometheus probe URL against the demo target: `demo` means the demo target's
 * /metrics, a path like `/metrics` is taken on the demo target, anything else is kept.
 */
export function resolveProbeUrl(url: string, demoUrl: string | undefined): string {
  const trimmed = url.trim();
  if (trimmed !== 'demo' && !trimmed.startsWith('/')) return trimmed;
  if (demoUrl === undefined) {
    throw new UsageError(`probe url '${trimmed}' refers to the demo target, but the scenario has no target.demo`, {
      hint: 'give a full URL like http://127.0.0.1:3000/metrics, or add target.demo',
    });
  }
  const base = demoUrl.replace(/\/+$/, '');
  return trimmed === 'demo' ? `${base}/metrics` : `${base}${trimmed}`;
}

/**
 * Resolves every probe against the demo target: prometheus URLs by resolveProbeUrl, and a
 * postgres probe whose url is `demo` to the demo target's database URL.
 */
export function resolveProbeSpecs(
  specs: readonly ProbeSpec[],
  demo: { url: string; databaseUrl: string | undefined } | undefined,
): ProbeSpec[] {
  return specs.map((spec) => {
    if (spec.kind === 'prometheus') return { ...spec, url: resolveProbeUrl(spec.url, demo?.url) };
    if (spec.url.trim() !== 'demo') return spec;
    if (demo?.databaseUrl === undefined) {
      throw new UsageError(
        `postgres probe '${spec.name}' uses url 'demo', but the scenario has no postgres demo target`,
        {
          hint: 'give a postgres:// URL',
        },
      );
    }
    return { ...spec, url: demo.databaseUrl };
  });
}
