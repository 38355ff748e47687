/** Chart colours (colour-blind-aware pairs: green/red are never the only cue; lines differ in dash and label). */
export const COLORS = {
  ok: '#2b8a3e',
  error: '#d6336c',
  offered: '#868e96',
  model: '#e8590c',
  usl: '#7048e8',
  knee: '#c92a2a',
  reference: '#495057',
  slo: '#e67700',
  p50: '#1971c2',
  p90: '#7048e8',
  p99: '#c2255c',
  inFlight: '#0c8599',
  target: '#868e96',
  capacity: '#2b8a3e',
  peak: '#c92a2a',
} as const;

/** Colours for an open-ended list of lines (error kinds, probe metrics). */
export const SERIES_COLORS = [
  '#1971c2',
  '#e8590c',
  '#2b8a3e',
  '#c2255c',
  '#7048e8',
  '#0c8599',
  '#e67700',
  '#5c940d',
  '#862e9c',
  '#495057',
];

export function seriesColor(i: number): string {
  return SERIES_COLORS[i % SERIES_COLORS.length] ?? '#495057';
}
