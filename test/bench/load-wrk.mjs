// One wrk run (when installed: `apt-get install wrk`), reported like load-capplan.mjs: one
// thread (like capplan's default worker on a 2-core box); CPU (user + sys) and peak RSS from
// GNU time. Prints null when wrk or /usr/bin/time is missing.
import { spawnSync } from 'node:child_process';

const [url, connections, durationMs] = process.argv.slice(2);
const seconds = Math.max(1, Math.round(Number(durationMs) / 1000));
const r = spawnSync(
  '/usr/bin/time',
  ['-f', 'TIME %U %S %M', 'wrk', '-t1', `-c${Number(connections)}`, `-d${seconds}s`, '--latency', url],
  { encoding: 'utf8' },
);
const time = /TIME ([\d.]+) ([\d.]+) (\d+)/.exec(r.stderr ?? '');
if (r.status !== 0 || time === null) {
  process.stdout.write('null\n');
} else {
  const text = r.stdout;
  const requests = Number(/(\d+) requests in/.exec(text)?.[1] ?? NaN);
  const p99 = /\s99%\s+([\d.]+)(us|ms|s)/.exec(text);
  const p99Ms = p99 === null ? NaN : Number(p99[1]) * { us: 0.001, ms: 1, s: 1000 }[p99[2]];
  const errors = Number(/Non-2xx or 3xx responses: (\d+)/.exec(text)?.[1] ?? 0);
  process.stdout.write(
    `${JSON.stringify({
      requests,
      errors,
      reqPerSec: requests / seconds,
      p99Ms,
      cpuUs: (Number(time[1]) + Number(time[2])) * 1e6,
      maxRssKb: Number(time[3]),
    })}\n`,
  );
}
