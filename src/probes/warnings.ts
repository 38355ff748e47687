/**
 * Probe warnings, deduplicated: a scrape that fails every second for ten minutes is one
 * warning with a count, not six hundred lines on stderr. Messages are kept stable (no
 * timestamps or changing numbers) so that repetitions collapse.
 */

export type WarningLog = {
  warn: (message: string) => void;
  /** One line per distinct warning, with "(N times)" when it repeated. */
  list: () => string[];
};

const MAX_DISTINCT = 20;

export function createWarningLog(probeName: string, onWarning: (message: string) => void): WarningLog {
  const counts = new Map<string, number>();
  let suppressed = 0;
  const report = (line: string): void => {
    try {
      onWarning(line);
    } catch {
      // A failing reporter must not break the probe loop.
    }
  };
  return {
    warn: (message) => {
      const line = `probe ${probeName}: ${message}`;
      const seen = counts.get(line);
      if (seen !== undefined) {
        counts.set(line, seen + 1);
        return;
      }
      if (counts.size >= MAX_DISTINCT) {
        if (suppressed++ === 0) report(`probe ${probeName}: more warnings suppressed (see the run record)`);
        return;
      }
      counts.set(line, 1);
      report(line);
    },
    list: () => {
      const lines = [...counts].map(([line, n]) => (n > 1 ? `${line} (${n} times)` : line));
      if (suppressed > 0) lines.push(`probe ${probeName}: ${suppressed} further warnings suppressed`);
      return lines;
    },
  };
}
