// One capplan engine run in its own process against GET /token (a small JSON body), closed
// model, N users, D ms, W worker threads, in one of three modes:
//   requests  the plain request table (the hot path without flows)
//   flow      a one-step flow, no capture (the FlowRunner path)
//   capture   a one-step flow capturing "$.token" (body buffered and JSON-parsed per response)
// Prints one JSON line like load-capplan.mjs (CPU is the whole process, all threads).
import { runLoad } from '../../dist/engine/coordinator.js';
import { benchTarget, engineResult, getRequest, holdSchedule } from './engine-load.mjs';

const [url, connections, durationMs, mode, workers = '1'] = process.argv.slice(2);
const schedule = holdSchedule('closed', 'bench', Number(connections), Number(durationMs));
const request = getRequest({ name: 'token', path: '/token' });
const captures = mode === 'capture' ? [{ var: 'token', kind: 'json', path: ['token'], source: '$.token' }] : [];
const flows =
  mode === 'requests'
    ? undefined
    : [{ name: 'f', weight: 1, steps: [{ ...request, captures, think: { minMs: 0, maxMs: 0 } }] }];
const target = benchTarget(url, [request], { flows });
const outcome = await runLoad(schedule, target, { workers: Number(workers) });
process.stdout.write(`${JSON.stringify({ mode, ...engineResult(outcome) })}\n`);
