// The floor a Node client can reach on this machine: undici `Client.dispatch` with one reused
// handler per connection, N connections, one thread, nothing recorded (DESIGN.md §5). Reported
// like load-capplan.mjs (whole-process CPU, start-up included) so the table compares like with like.
import { performance } from 'node:perf_hooks';
import { Client } from 'undici';

const [url, connections, durationMs] = process.argv.slice(2);
const options = { path: '/', method: 'GET', headers: [], body: null };
const until = performance.now() + Number(durationMs);
let requests = 0;
let errors = 0;
let open = Number(connections);
let resolveDone;
const done = new Promise((resolve) => (resolveDone = resolve));
const finish = () => (--open === 0 ? resolveDone() : undefined);

class Handler {
  constructor(client) {
    this.client = client;
  }
  onConnect() {}
  onHeaders() {
    return true;
  }
  onData() {
    return true;
  }
  onComplete() {
    requests++;
    if (performance.now() < until) this.client.dispatch(options, this);
    else finish();
  }
  onError() {
    errors++;
    finish();
  }
  onUpgrade() {}
}

const clients = Array.from({ length: Number(connections) }, () => new Client(new URL(url).origin, { pipelining: 1 }));
for (const client of clients) client.dispatch(options, new Handler(client));
await done;
await Promise.all(clients.map((c) => c.destroy()));
const cpu = process.cpuUsage();
process.stdout.write(
  `${JSON.stringify({
    requests,
    errors,
    reqPerSec: requests / (Number(durationMs) / 1000),
    p99Ms: NaN,
    cpuUs: cpu.user + cpu.system,
    maxRssKb: process.resourceUsage().maxRSS,
  })}\n`,
);
