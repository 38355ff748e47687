/** What a probe kind implements: one sample on demand, bounded in time, never throwing. */
export type Sampler = {
  /** Takes one sample. Failures are warned through the log and give `{ up: 0 }`. */
  sample: () => Promise<Record<string, number>>;
  close: () => Promise<void>;
};

/**
 * Per-sample timeout for a probe that samples every `everyMs`: 80%
 * of the interval, 500 ms to 5 s (a loaded machine needs the slack).
 */
export function sampleTimeoutMs(everyMs: number): number {
  return Math.min(5000, Math.max(500, Math.floor(everyMs * 0.8)));
}

/** One line from any thrown value, with the system error code when there is one. */
export function describeFailure(error: unknown): string {
  const code = (error as { code?: unknown }).code;
  const cause = (error as { cause?: { code?: unknown; message?: unknown } }).cause;
  const message = error instanceof Error ? error.message : String(error);
  const causeCode = typeof cause?.code === 'string' ? cause.code : undefined;
  const text =
    typeof code === 'string' && !message.includes(code)
      ? `${message} (${code})`
      : causeCode !== undefined && !message.includes(causeCode)
        ? `${message} (${causeCode})`
        : message;
  return text.replace(/\s*\n\s*/g, ' ').trim();
}
