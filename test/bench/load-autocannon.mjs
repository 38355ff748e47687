// One autocannon run in its own process, reported like load-capplan.mjs.
import autocannon from 'autocannon';

const [url, connections, durationMs] = process.argv.slice(2);
const result = await autocannon({
  url,
  connections: Number(connections),
  duration: Number(durationMs) / 1000,
  pipelining: 1,
});
const cpu = process.cpuUsage();
const requests = result.requests.total;
process.stdout.write(
  `${JSON.stringify({
    requests,
    errors: result.errors + result.non2xx,
    reqPerSec: requests / (Number(durationMs) / 1000),
    p99Ms: result.latency.p99,
    cpuUs: cpu.user + cpu.system,
    maxRssKb: process.resourceUsage().maxRSS,
  })}\n`,
);
