/**
 * The `prometheus` probe: scrapes a text-format endpoint every `every`, bounded by a
 * timeout and a body size, and turns it into values (prom-values.ts). Adds `up` (1 when the
 * scrape worked, 0 when not), as Prometheus does for its own targets.
 */
import { Agent, request } from 'undici';
import { parsePrometheusText } from './prom-text.js';
import { valuesFromScrape } from './prom-values.js';
import type { CounterState } from './prom-values.js';
import { describeFailure, sampleTimeoutMs } from './sampler.js';
import type { Sampler } from './sampler.js';
import type { WarningLog } from './warnings.js';

export type PrometheusProbeOptions = {
  url: string;
  everyMs: number;
  metrics: readonly string[] | undefined;
  /** Default: sampleTimeoutMs(everyMs). */
  timeoutMs?: number;
};

const MAX_BODY_BYTES = 8 * 1024 * 1024;
const MAX_SERIES = 500;
/** A labelled metric appears only once it has a child (e.g. after a first request): give it a few scrapes. */
const MISSING_AFTER_SCRAPES = 3;

export function createPrometheusSampler(options: PrometheusProbeOptions, log: WarningLog): Sampler {
  const timeoutMs = options.timeoutMs ?? sampleTimeoutMs(options.everyMs);
  const agent = new Agent({
    connections: 1,
    connect: { timeout: timeoutMs },
    headersTimeout: timeoutMs,
    bodyTimeout: timeoutMs,
  });
  let state: CounterState;
  const seen = new Set<string>();
  const missingScrapes = new Map<string, number>();
  const checkMissing = (missing: readonly string[], atClose: boolean): void => {
    for (const name of options.metrics ?? []) {
      if (!missing.includes(name)) seen.add(name);
      if (seen.has(name)) continue;
      const n = (missingScrapes.get(name) ?? 0) + (atClose ? 0 : 1);
      missingScrapes.set(name, n);
      if (n >= MISSING_AFTER_SCRAPES || (atClose && n > 0)) log.warn(`metric ${name} not found at ${options.url}`);
    }
  };
  return {
    sample: async () => {
      const text = await scrape(options.url, agent, timeoutMs, log);
      // Counters become rates over the time between two answers, not two requests: the target reads
      // its counters when it answers, and a busy one answers late (a single-threaded CPU-bound service
      // answered up to 0.3 s late, and its CPU read 0.4–1.65 cores per 0.5 s interval, median 0.88).
      const answeredMs = Date.now();
      if (text === undefined) return { up: 0 };
      const parsed = parsePrometheusText(text);
      if (parsed.samples.length === 0) {
        log.warn(
          parsed.invalidCount > 0
            ? `${options.url} is not in the Prometheus text format (first line: ` +
                `${JSON.stringify(parsed.invalidLines[0])})`
            : `${options.url} returned no metrics`,
        );
        return { up: 0 };
      }
      if (parsed.invalidCount > 0)
        log.warn(
          `skipped lines of ${options.url} that are not in the Prometheus text format, ` +
            `e.g. ${JSON.stringify(parsed.invalidLines[0])}`,
        );
      const result = valuesFromScrape(parsed.samples, state, answeredMs, {
        metrics: options.metrics,
        maxSeries: MAX_SERIES,
      });
      state = result.state;
      checkMissing(result.missing, false);
      if (result.dropped > 0)
        log.warn(`more than ${MAX_SERIES} series at ${options.url}: list the ones you need in \`metrics:\``);
      return { up: 1, ...result.values };
    },
    close: () => {
      checkMissing(options.metrics ?? [], true);
      return agent.destroy().catch(() => undefined);
    },
  };
}

/** The body of a 200 response, or undefined after warning why there is none. */
async function scrape(url: string, agent: Agent, timeoutMs: number, log: WarningLog): Promise<string | undefined> {
  const signal = AbortSignal.timeout(timeoutMs);
  try {
    const res = await request(url, {
      dispatcher: agent,
      signal,
      headers: { accept: 'text/plain;version=0.0.4, */*;q=0.1' },
    });
    if (res.statusCode !== 200) {
      await res.body.dump().catch(() => undefined);
      log.warn(`${url} answered HTTP ${res.statusCode}`);
      return undefined;
    }
    const chunks: Buffer[] = [];
    let bytes = 0;
    for await (const chunk of res.body) {
      bytes += (chunk as Buffer).length;
      if (bytes > MAX_BODY_BYTES) {
        res.body.destroy();
        log.warn(`${url} sent more than ${MAX_BODY_BYTES / 1024 / 1024} MB`);
        return undefined;
      }
      chunks.push(chunk as Buffer);
    }
    return Buffer.concat(chunks).toString('utf8');
  } catch (error) {
    log.warn(
      signal.aborted
        ? `${url} gave no complete answer within ${timeoutMs} ms`
        : `cannot scrape ${url}: ${describeFailure(error)}`,
    );
    return undefined;
  }
}
