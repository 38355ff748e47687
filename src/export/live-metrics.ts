/**
 * capplan's own metrics during a run, so the load shows beside the service in Grafana. A
 * private prom-client registry (never the global one) updated once per merged 1 s window on
 * the main thread: the workers' request path never sees it. Names follow OpenTelemetry where
 * it has one (`http_client_request_duration_seconds`, `http_client_active_requests`).
 */
import { Counter, Gauge, Registry, type Metric } from 'prom-client';
import type { WindowSnapshot } from '../metrics/types.js';
import type { Phase } from '../scenario/types.js';
import { WindowHistogram } from './window-histogram.js';

export type LiveMetrics = {
  readonly registry: Registry;
  /** Adds one merged window (the coordinator's onWindow). */
  onWindow: (window: WindowSnapshot, phase: Pick<Phase, 'label' | 'fromLevel' | 'toLevel'>) => void;
};

/**
 * `request`: windows are not split by request yet, so the label is the scenario's one
 * request name, or "all" for a mix.
 */
export function createLiveMetrics(options: { requestNames: readonly string[]; model: 'closed' | 'open' }): LiveMetrics {
  const registry = new Registry();
  const request = options.requestNames.length === 1 ? options.requestNames[0]! : 'all';
  const registers = [registry];
  const requests = new Counter({
    name: 'capplan_requests_total',
    help: 'Requests completed by capplan, by request and outcome (ok, an error kind, or dropped).',
    labelNames: ['request', 'outcome'] as const,
    registers,
  });
  const intended = new Counter({
    name: 'capplan_intended_requests_total',
    help: 'Requests the schedule intended to send.',
    registers,
  });
  const sent = new Counter({ name: 'capplan_sent_requests_total', help: 'Requests capplan sent.', registers });
  const active = new Gauge({
    name: 'http_client_active_requests',
    help: 'Requests in flight at the end of the last window.',
    registers,
  });
  const level = new Gauge({
    name: 'capplan_load_level',
    help: 'Target load level now: concurrency (closed model) or arrivals/s (open), by stage.',
    labelNames: ['stage', 'model'] as const,
    registers,
  });
  const duration = new WindowHistogram(
    'http_client_request_duration_seconds',
    'Latency of successful requests from their intended send time, seconds.',
    'request',
  );
  registry.registerMetric(duration as unknown as Metric);
  return {
    registry,
    onWindow: (w, phase) => {
      if (w.ok > 0) requests.inc({ request, outcome: 'ok' }, w.ok);
      for (const [kind, n] of Object.entries(w.errors)) if (n > 0) requests.inc({ request, outcome: kind }, n);
      if (w.dropped > 0) requests.inc({ request, outcome: 'dropped' }, w.dropped);
      intended.inc(w.intended);
      sent.inc(w.sent);
      active.set(w.inFlightEnd);
      level.reset();
      // A window's level is the one at its end: at a stage boundary that is the next stage's.
      const lo = Math.min(phase.fromLevel, phase.toLevel);
      const hi = Math.max(phase.fromLevel, phase.toLevel);
      level.set({ stage: phase.label, model: options.model }, Math.min(hi, Math.max(lo, w.level)));
      duration.add(request, w.hdr, w.okLatencySumUs);
    },
  };
}
