// A CPU-bound service for attribution tests (issue 11 acceptance a, b), run as its own
// process: every request does a fixed amount of CPU work (a busy loop of a fixed iteration
// count, so the work per request is the same whatever else the machine runs) on the one
// event loop, after WAIT_MS of asynchronous waiting. With `--metrics` it serves prom-client's
// default metrics (process_cpu_seconds_total among them) on /metrics. Prints its port.
import { createServer } from 'node:http';
import client from 'prom-client';

const args = process.argv.slice(2);
const iterations = Number(args[args.indexOf('--iterations') + 1] ?? 200000);
const waitMs = Number(args[args.indexOf('--wait-ms') + 1] ?? 10);
const registry = new client.Registry();
if (args.includes('--metrics')) client.collectDefaultMetrics({ register: registry });

let sink = 0;
function spin(n) {
  let x = 0;
  for (let i = 0; i < n; i++) x += Math.sqrt(i + sink);
  sink = x % 7;
}
for (let i = 0; i < 50; i++) spin(iterations); // warm the JIT so every request costs the same

const server = createServer({ keepAliveTimeout: 60_000 }, (req, res) => {
  req.resume();
  if (req.url === '/metrics') {
    registry.metrics().then((text) => res.writeHead(200, { 'content-type': registry.contentType }).end(text));
    return;
  }
  setTimeout(() => {
    spin(iterations);
    res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
  }, waitMs);
});
server.listen(0, '127.0.0.1', () => process.stdout.write(`${server.address().port}\n`));
// Ends with its parent (stdin closes) or on SIGTERM: close the server, let the loop drain.
const stop = () => {
  server.close();
  server.closeAllConnections();
  process.stdin.destroy();
};
process.on('SIGTERM', stop);
process.stdin.on('end', stop);
process.stdin.resume();
