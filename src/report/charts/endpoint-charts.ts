/** p99 of each endpoint over time, on the run's shared time axis (report.html). */
import type { RunRecord } from '../../record/types.js';
import { endpointNames, hasEndpoints, windowP99 } from '../endpoints.js';
import { timeWindows } from '../steps.js';
import { seriesColor } from './palette.js';
import { timeAxis, windowMid } from './time-charts.js';
import { renderXyChart } from './xy.js';

/** One line per request name; '' when the run has fewer than two names. */
export function endpointP99Chart(record: RunRecord): string {
  if (!hasEndpoints(record)) return '';
  const names = endpointNames(record);
  const windows = timeWindows(record);
  return renderXyChart({
    ...timeAxis(record),
    id: 'timeseries-endpoints-p99',
    title: 'p99 latency per endpoint over time',
    description: `p99 latency of successful requests per 1 s window for each endpoint: ${names.join(', ')} (ms).`,
    yLabel: 'p99 (ms)',
    series: names.map((name, i) => ({
      name,
      color: seriesColor(i),
      style: 'line' as const,
      points: windows.map((w) => [windowMid(w), windowP99(w, name)] as [number, number]),
    })),
  });
}
