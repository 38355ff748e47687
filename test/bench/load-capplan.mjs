// One capplan engine run in its own process: closed model, N users, for D ms.
// Prints one JSON line: requests, req/s, p99 (ms), CPU (user+sys of the whole process, all
// threads), peak RSS.
import { runLoad } from '../../dist/engine/coordinator.js';
import { benchTarget, engineResult, getRequest, holdSchedule } from './engine-load.mjs';

const [url, connections, durationMs, workers] = process.argv.slice(2);
const schedule = holdSchedule('closed', 'bench', Number(connections), Number(durationMs));
const target = benchTarget(url, [getRequest()]);
const outcome = await runLoad(schedule, target, workers === undefined ? {} : { workers: Number(workers) });
const result = { ...engineResult(outcome), workers: outcome.workers };
process.stdout.write(`${JSON.stringify(result)}\n`);
