/**
 * Live progress on stderr. On a TTY: one line redrawn per window (stage or level,
 * elapsed/total, req/s, p99, errors, in-flight). Without a TTY (CI): one plain line every
 * 5 s. The line is built by a pure function so tests can check it.
 */
import type { WindowSnapshot } from '../metrics/types.js';
import { summarizeEncoded } from '../metrics/summarize.js';
import { levelLabel } from '../scenario/schedule.js';
import type { Phase } from '../scenario/types.js';
import type { Io } from './io.js';

/** Without a TTY, print one line per this many ms of run time. */
export const PLAIN_EVERY_MS = 5000;

export type Progress = {
  onWindow: (window: WindowSnapshot, phase: Phase) => void;
  /** Clears the live line (TTY). */
  stop: () => void;
};

const seconds = (ms: number): string => `${Math.round(ms / 1000)}s`;

/** One progress line for a merged window. */
export function formatProgressLine(
  window: WindowSnapshot,
  phase: Phase,
  totalMs: number,
  model: 'closed' | 'open',
): string {
  const elapsedMs = window.tMs + window.durationMs;
  const rate = (window.ok + window.errorCount) / Math.max(0.001, window.durationMs / 1000);
  const done = window.ok + window.errorCount + window.dropped;
  const errorPct = done > 0 ? ((window.errorCount + window.dropped) / done) * 100 : 0;
  const p99 = summarizeEncoded(window.hdr).p99;
  const level = levelLabel(model, Math.round(window.level));
  const parts = [
    phase.label === level ? level : `${phase.label} (${level})`,
    `${seconds(elapsedMs)}/${seconds(Math.max(totalMs, elapsedMs))}`,
    `${rate.toFixed(0)} req/s`,
    `p99 ${p99.toFixed(1)} ms`,
    `errors ${errorPct.toFixed(1)}%`,
    `in-flight ${window.inFlightMean.toFixed(0)}`,
  ];
  if (window.generator.saturated) parts.push('generator busy');
  return parts.join(' · ');
}

export function createProgress(
  io: Io,
  options: { enabled: boolean; totalMs: number; model: 'closed' | 'open' },
): Progress {
  if (!options.enabled) return { onWindow: () => undefined, stop: () => undefined };
  let live = false;
  let lastPlainMs = -Infinity;
  return {
    onWindow: (window, phase) => {
      const line = formatProgressLine(window, phase, options.totalMs, options.model);
      if (io.isTTY) {
        io.stderr.write(`\r\x1b[2K${line.slice(0, Math.max(20, io.columns - 1))}`);
        live = true;
        return;
      }
      const elapsedMs = window.tMs + window.durationMs;
      if (elapsedMs - lastPlainMs >= PLAIN_EVERY_MS) {
        lastPlainMs = elapsedMs;
        io.stderr.write(`${line}\n`);
      }
    },
    stop: () => {
      if (live) io.stderr.write('\r\x1b[2K');
      live = false;
    },
  };
}
