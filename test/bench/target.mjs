// The bench target: nginx when installed (a tiny config on 127.0.0.1, one worker process),
// else a minimal Node HTTP server. Either runs as its own process, so its CPU never counts
// against the load generator being measured.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

async function freePort() {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

function nginxPath() {
  for (const candidate of ['nginx', '/usr/sbin/nginx']) {
    const r = spawnSync(candidate, ['-v'], { stdio: 'ignore' });
    if (r.status === 0) return candidate;
  }
  return undefined;
}

async function waitForPort(port, deadlineMs) {
  while (Date.now() < deadlineMs) {
    try {
      const res = await fetch(`http://127.0.0.1:${port}/`);
      await res.arrayBuffer();
      if (res.ok) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`bench target on port ${port} did not start`);
}

const NODE_SERVER = `
import { createServer } from 'node:http';
const body = Buffer.from('ok');
const token = Buffer.from(${JSON.stringify(JSON.stringify({ token: 't-abc-123', user: { id: 7 } }))});
createServer({ keepAliveTimeout: 60000 }, (req, res) => {
  req.resume();
  const json = req.url === '/token';
  const out = json ? token : body;
  res.writeHead(200, { 'content-type': json ? 'application/json' : 'text/plain', 'content-length': out.length });
  res.end(json ? token : body);
}).listen(Number(process.argv[2]), '127.0.0.1');
`;

/** Starts the target; returns { url, kind, stop }. */
export async function startTarget() {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'capplan-bench-'));
  const nginx = nginxPath();
  let child;
  let kind;
  if (nginx !== undefined) {
    kind = 'nginx';
    writeFileSync(
      join(dir, 'nginx.conf'),
      `
worker_processes 1;
daemon off;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  keepalive_requests 1000000;
  keepalive_timeout 60s;
  client_body_temp_path ${dir}/body;
  proxy_temp_path ${dir}/proxy;
  fastcgi_temp_path ${dir}/fastcgi;
  uwsgi_temp_path ${dir}/uwsgi;
  scgi_temp_path ${dir}/scgi;
  server {
    listen 127.0.0.1:${port};
    location / { default_type text/plain; return 200 "ok"; }
    # A JSON body for the flows bench (captures).
    location = /token { default_type application/json; return 200 '{"token":"t-abc-123","user":{"id":7}}'; }
  }
}
`,
    );
    child = spawn(nginx, ['-p', dir, '-c', join(dir, 'nginx.conf')], { stdio: 'ignore' });
  } else {
    kind = 'node';
    writeFileSync(join(dir, 'server.mjs'), NODE_SERVER);
    child = spawn(process.execPath, [join(dir, 'server.mjs'), String(port)], { stdio: 'ignore' });
  }
  await waitForPort(port, Date.now() + 10_000);
  return {
    url: `http://127.0.0.1:${port}`,
    kind,
    stop: async () => {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 3000))]);
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
