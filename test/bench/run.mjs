#!/usr/bin/env node
// capplan engine benchmark (not part of `npm test`): `npm run bench` (builds first).
//   node test/bench/run.mjs            capplan vs autocannon, wrk (when installed) and the undici floor (a bare
//                                      dispatch loop, nothing recorded), 50 connections, 10 s each, 3 rounds
//   node test/bench/run.mjs memory     60 s at 2000 req/s: heap/RSS growth from second 10 to 60
//   node test/bench/run.mjs memory-endpoints   the same over 5 request names for 10 minutes at 1000 req/s
//   node test/bench/run.mjs analyze    analysis of a 1-hour record (3600 windows, 100 steps, B = 1000)
//   node test/bench/run.mjs flows      CPU per request: plain requests vs a one-step flow vs a flow with a JSON capture
//   node test/bench/run.mjs capture    the marginal cost of one capture per response (JSON path, header, regex)
//   node test/bench/run.mjs knee       time to knee: fixed sweep vs adaptive search vs a single ramp on pools of
//                                      known size
//   node test/bench/run.mjs hot        capplan's own share of the request path (CPU profile share, bytes allocated
//                                      per request by capplan's frames): ratios and counts, asserted
//   --seconds N                        run each measurement N s instead (same as BENCH_SECONDS): e.g. a quick look
//                                      at memory-endpoints with --seconds 120; its verdict holds for 10 minutes only
// Env: BENCH_SECONDS, BENCH_ROUNDS, BENCH_CONNECTIONS, BENCH_WORKERS (capplan's worker threads).
import { execFile } from 'node:child_process';
import { loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startTarget } from './target.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const secondsFlag = process.argv.indexOf('--seconds');
if (secondsFlag > 0) {
  const value = process.argv[secondsFlag + 1];
  if (!(Number(value) > 0)) throw new Error(`--seconds needs a number of seconds, got ${value}`);
  process.env.BENCH_SECONDS = value;
}
const seconds = Number(process.env.BENCH_SECONDS ?? 10);
const rounds = Number(process.env.BENCH_ROUNDS ?? 3);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 50);

function runChild(script, args, nodeArgs = []) {
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      [...nodeArgs, join(here, script), ...args],
      { maxBuffer: 16 * 2 ** 20 },
      (error, stdout, stderr) => {
        if (error) reject(new Error(`${script} failed: ${stderr || error.message}`));
        else resolve(JSON.parse(stdout.trim().split('\n').pop()));
      },
    );
  });
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const fmt = (xs, digits) =>
  xs.some((x) => x === null || Number.isNaN(x))
    ? '-'
    : `${median(xs).toFixed(digits)} (${Math.min(...xs).toFixed(digits)}–${Math.max(...xs).toFixed(digits)})`;

const SCRIPTS = {
  capplan: 'load-capplan.mjs',
  autocannon: 'load-autocannon.mjs',
  wrk: 'load-wrk.mjs',
  'undici floor': 'load-undici.mjs',
};

async function compare(target) {
  const results = { capplan: [], autocannon: [], wrk: [], 'undici floor': [] };
  const workerArgs = process.env.BENCH_WORKERS === undefined ? [] : [process.env.BENCH_WORKERS];
  for (let round = 1; round <= rounds; round++) {
    const order = ['capplan', 'autocannon', 'wrk', 'undici floor'];
    for (const tool of round % 2 === 1 ? order : order.reverse()) {
      const args = [target.url, String(connections), String(seconds * 1000), ...(tool === 'capplan' ? workerArgs : [])];
      const r = await runChild(SCRIPTS[tool], args);
      if (r === null) continue; // wrk is not installed
      r.cpuUsPerRequest = r.cpuUs / r.requests;
      results[tool].push(r);
      process.stderr.write(
        `round ${round} ${tool}: ${r.reqPerSec.toFixed(0)} req/s, ${r.cpuUsPerRequest.toFixed(1)} µs CPU/req, ` +
          `p99 ${r.p99Ms} ms, RSS ${(r.maxRssKb / 1024).toFixed(0)} MB, errors ${r.errors}\n`,
      );
    }
  }
  const load = loadavg()
    .map((x) => x.toFixed(1))
    .join(' ');
  console.log(`\nload average at the end: ${load} (the figures are CPU per request: a busy machine inflates them)`);
  console.log(
    `\n${target.kind} on 127.0.0.1, ${connections} connections, ` +
      `${seconds} s per run, ${rounds} rounds (median (min–max))\n`,
  );
  console.log('| tool | req/s | client CPU µs/request | p99 ms | peak RSS MB |');
  console.log('| --- | --- | --- | --- | --- |');
  for (const [tool, rs] of Object.entries(results).filter(([, rs]) => rs.length > 0)) {
    console.log(
      `| ${tool} | ${fmt(
        rs.map((r) => r.reqPerSec),
        0,
      )} | ${fmt(
        rs.map((r) => r.cpuUsPerRequest),
        1,
      )} | ${fmt(
        rs.map((r) => r.p99Ms),
        2,
      )} | ${fmt(
        rs.map((r) => r.maxRssKb / 1024),
        0,
      )} |`,
    );
  }
}

/** Lowest value over samples in [from, to] s: heap after the young generation was swept. */
function lowest(samples, pick, from, to) {
  return Math.min(...samples.filter((x) => x.second >= from && x.second <= to).map(pick));
}

async function memory(target, endpoints = 1) {
  const rate = Number(process.env.BENCH_RATE ?? (endpoints > 1 ? 1000 : 2000));
  const durationMs = Number(process.env.BENCH_SECONDS ?? (endpoints > 1 ? 600 : 60)) * 1000;
  if (durationMs < 30_000)
    throw new Error('the memory bench needs at least 30 s: it compares seconds 5-15 with the last 10');
  const r = await runChild(
    'memory.mjs',
    [target.url, String(rate), String(durationMs), String(endpoints)],
    ['--expose-gc'],
  );
  const end = r.samples[r.samples.length - 1].second;
  const names = Math.min(...r.samples.filter((x) => x.sent > 0).map((x) => x.names));
  console.log(
    `\n${target.kind} on 127.0.0.1, open model ${rate} req/s for ` +
      `${durationMs / 1000} s over ${endpoints} request name(s)` +
      ` (byRequest names per window: ${names}): ${r.requests} requests sent`,
  );
  console.log('| second | RSS MB | main heap MB (after GC) | worker heap MB (after GC) |');
  console.log('| --- | --- | --- | --- |');
  const every = end > 120 ? 60 : 10;
  for (const s of r.samples.filter((x) => x.second % every === 0 || x.second === end)) {
    console.log(`| ${s.second} | ${s.rssMb.toFixed(1)} | ${s.mainHeapMb.toFixed(1)} | ${s.workerHeapMb.toFixed(1)} |`);
  }
  // Heap = main + workers, each read after a full GC (this child runs with --expose-gc, and the
  // workers' health sampler then collects before reading); compare the lows of 10 s around
  // second 10 and of the last 10 s.
  const heap = (x) => x.mainHeapMb + x.workerHeapMb;
  const heapGrowth = lowest(r.samples, heap, end - 10, end) - lowest(r.samples, heap, 5, 15);
  const rssGrowth = lowest(r.samples, (x) => x.rssMb, end - 10, end) - lowest(r.samples, (x) => x.rssMb, 5, 15);
  if (endpoints > 1 && durationMs !== 600_000) console.log('\n(a quick look: the 10 MB limit is for a 10-minute run)');
  console.log(
    `\nheap growth from second 10 to ${end}: ${heapGrowth.toFixed(2)} MB (limit 10 MB): ` +
      `${heapGrowth < 10 ? 'PASS' : 'FAIL'}; RSS growth ${rssGrowth.toFixed(2)} MB`,
  );
  if (!(heapGrowth < 10)) process.exitCode = 1;
}

/** The cost of flows and captures: the same GET /token (JSON body) in three modes, interleaved per round. */
async function flowsBench(target) {
  const modes = ['requests', 'flow', 'capture'];
  const results = Object.fromEntries(modes.map((m) => [m, []]));
  const workers = process.env.BENCH_WORKERS ?? '1';
  for (let round = 1; round <= rounds; round++) {
    for (const mode of round % 2 === 1 ? modes : [...modes].reverse()) {
      const args = [target.url, String(connections), String(seconds * 1000), mode, workers];
      const r = await runChild('load-flows.mjs', args);
      r.cpuUsPerRequest = r.cpuUs / r.requests;
      results[mode].push(r);
      const cpu = r.cpuUsPerRequest.toFixed(1);
      process.stderr.write(
        `round ${round} ${mode}: ${r.reqPerSec.toFixed(0)} req/s, ${cpu} µs CPU/req, errors ${r.errors}\n`,
      );
    }
  }
  const setup = `${connections} users, ${workers} worker(s), ${seconds} s per run, ${rounds} rounds`;
  console.log(`\n${target.kind} on 127.0.0.1, GET /token (JSON), ${setup} (median (min–max))\n`);
  console.log('| mode | req/s | client CPU µs/request | p99 ms |');
  console.log('| --- | --- | --- | --- |');
  for (const [mode, rs] of Object.entries(results)) {
    const cells = [
      fmt(
        rs.map((r) => r.reqPerSec),
        0,
      ),
      fmt(
        rs.map((r) => r.cpuUsPerRequest),
        1,
      ),
      fmt(
        rs.map((r) => r.p99Ms),
        2,
      ),
    ];
    console.log(`| ${mode} | ${cells.join(' | ')} |`);
  }
}

/** Limits of `hot` (ratios and counts, so a shared machine does not move them much). */
const HOT_LIMITS = { ownShare: 0.05, ownBytesPerRequest: 64, ownBytesShare: 0.02 };

/** capplan's own work on the request path, profiled in one thread (test/bench/hot.mjs); median of the rounds. */
async function hotBench(target) {
  const cpu = [];
  const alloc = [];
  const ms = String(Math.min(seconds, 5) * 1000);
  for (let round = 1; round <= rounds; round++) {
    cpu.push(await runChild('hot.mjs', ['cpu', target.url, String(connections), ms]));
    alloc.push(await runChild('hot.mjs', ['alloc', target.url, String(connections), ms], ['--no-turbo-inlining']));
    const [c, a] = [cpu.at(-1), alloc.at(-1)];
    process.stderr.write(
      `round ${round}: own CPU share ${(c.ownShare * 100).toFixed(2)} % (${c.top.join(', ')}); ` +
        `own ${a.ownBytesPerRequest.toFixed(1)} of ${a.bytesPerRequest.toFixed(0)} B allocated per request ` +
        `(${a.top.join(', ')})\n`,
    );
  }
  const share = median(cpu.map((r) => r.ownShare));
  const ownBytes = median(alloc.map((r) => r.ownBytesPerRequest));
  const bytes = median(alloc.map((r) => r.bytesPerRequest));
  const checks = [
    [
      "capplan code, share of the thread's CPU (self time in dist/ and hdr-histogram-js)",
      `${(share * 100).toFixed(2)} %`,
      `≤ ${HOT_LIMITS.ownShare * 100} %`,
      share <= HOT_LIMITS.ownShare,
    ],
    [
      'bytes allocated per request by capplan frames (inlining off: an upper bound)',
      ownBytes.toFixed(1),
      `≤ ${HOT_LIMITS.ownBytesPerRequest}`,
      ownBytes <= HOT_LIMITS.ownBytesPerRequest,
    ],
    [
      'their share of all bytes allocated per request (undici, Node streams)',
      `${((ownBytes / bytes) * 100).toFixed(2)} % of ${bytes.toFixed(0)}`,
      `≤ ${HOT_LIMITS.ownBytesShare * 100} %`,
      ownBytes / bytes <= HOT_LIMITS.ownBytesShare,
    ],
  ];
  console.log(
    `\n${target.kind} on 127.0.0.1, closed model, ${connections} users, one thread, ${ms} ms after warm-up, ` +
      `${rounds} rounds (median)\n`,
  );
  console.log('| measure | value | limit | |');
  console.log('| --- | --- | --- | --- |');
  for (const [name, value, limit, pass] of checks)
    console.log(`| ${name} | ${value} | ${limit} | ${pass ? 'PASS' : 'FAIL'} |`);
  if (checks.some((c) => !c[3])) process.exitCode = 1;
}

if (process.argv[2] === 'analyze') {
  await import('./analyze.mjs');
} else if (process.argv[2] === 'capture') {
  await import('./capture.mjs');
} else if (process.argv[2] === 'knee') {
  await import('./knee.mjs');
} else {
  const target = await startTarget();
  try {
    if (process.argv[2] === 'memory') await memory(target);
    else if (process.argv[2] === 'flows') await flowsBench(target);
    else if (process.argv[2] === 'hot') await hotBench(target);
    else if (process.argv[2] === 'memory-endpoints') await memory(target, 5);
    else await compare(target);
  } finally {
    await target.stop();
  }
}
