/**
 * `--remote-write URL`: pushes the live registry to Prometheus remote write (protobuf +
 * snappy through `prometheus-remote-write`) once a second, on a timer of the main thread.
 * At most one push is in flight (a slow endpoint skips beats, never queues them); a dead
 * endpoint warns once per outage and never stops the run. `stop()` sends the final values.
 */
import { pushTimeseries, type Timeseries } from 'prometheus-remote-write';
import type { Registry } from 'prom-client';
import { redactUrl } from '../redact-url.js';

export type RemoteWriter = { stop: () => Promise<void> };

export type RemoteWriteOptions = {
  everyMs?: number;
  timeoutMs?: number;
  /** Labels added to every series (e.g. job, scenario). */
  labels: Record<string, string>;
  onWarning: (message: string) => void;
};

type Value = { metricName?: string; labels?: Record<string, string | number>; value: number };

/** The registry's current values as remote-write series, labels sorted (`__name__` first). */
export async function toTimeseries(
  registry: Registry,
  labels: Record<string, string>,
  nowMs: number,
): Promise<Timeseries[]> {
  const metrics = (await registry.getMetricsAsJSON()) as unknown as { name: string; values: Value[] }[];
  return metrics.flatMap((m) =>
    m.values.map((v) => {
      const all: Record<string, string> = { ...labels };
      for (const [k, x] of Object.entries(v.labels ?? {})) all[k] = String(x);
      const sorted = Object.fromEntries(Object.entries(all).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
      return {
        labels: { __name__: v.metricName ?? m.name, ...sorted },
        samples: [{ value: v.value, timestamp: nowMs }],
      };
    }),
  );
}

export function startRemoteWrite(registry: Registry, url: string, o: RemoteWriteOptions): RemoteWriter {
  const timeoutMs = o.timeoutMs ?? 2000;
  let inFlight: Promise<void> | undefined;
  let failing = false;
  const push = async (): Promise<void> => {
    const series = await toTimeseries(registry, o.labels, Date.now());
    let problem: string | undefined;
    try {
      const r = await pushTimeseries(series, {
        url,
        timeout: timeoutMs,
        headers: { 'Content-Encoding': 'snappy', 'X-Prometheus-Remote-Write-Version': '0.1.0' },
        fetch: (u, init) =>
          fetch(u, { ...init, body: Buffer.from(init?.body as ArrayBuffer), signal: AbortSignal.timeout(timeoutMs) }),
      });
      if (r.status >= 300) problem = `HTTP ${r.status} ${(r.errorMessage ?? r.statusText).trim().slice(0, 200)}`;
    } catch (error) {
      problem = (error as { cause?: { code?: string } }).cause?.code ?? (error as Error).message;
    }
    if (problem !== undefined && !failing)
      o.onWarning(`remote write to ${redactUrl(url)} failed (${problem}); the run goes on`);
    if (problem === undefined && failing) o.onWarning(`remote write to ${redactUrl(url)} works again`);
    failing = problem !== undefined;
  };
  const beat = (): void => {
    if (inFlight !== undefined) return;
    inFlight = push().finally(() => (inFlight = undefined));
  };
  const timer = setInterval(beat, o.everyMs ?? 1000);
  timer.unref();
  return {
    stop: async () => {
      clearInterval(timer);
      await inFlight;
      await push();
    },
  };
}
