import { describe, expect, it } from 'vitest';
import { ExitCode } from '../../src/cli/exit-codes.js';
import { run } from '../../src/cli/program.js';
import { fakeIo } from '../helpers/io.js';
import { tmpdir } from '../helpers/tmpdir.js';

// Nothing listens on port 9 (discard): any load sent would fail; these must stop before it.
const SCENARIO = `version: 1
name: flags
target: { url: http://127.0.0.1:9 }
requests: [{ name: home, path: / }]
load: { model: closed, stages: [{ duration: 1s, concurrency: 1 }] }
`;

describe('capplan run live-export flags', () => {
  it.each([
    [['--metrics-port', '70000'], /--metrics-port must be a port number 0-65535, got "70000"/],
    [['--remote-write', 'ftp://x/y'], /--remote-write must be an http\(s\) URL/],
    // A bad --remote-write beside a good --metrics-port: refused before the metrics server listens.
    [['--metrics-port', '0', '--remote-write', 'ftp://x/y'], /--remote-write must be an http\(s\) URL/],
    [
      ['--remote-write', 'not a url'],
      /--remote-write must be an http\(s\) URL like http:\/\/127\.0\.0\.1:9090\/api\/v1\/write/,
    ],
    [
      ['--metrics-port', '0', '--baseline', 'b.json'],
      /--metrics-port and --remote-write do not go with --baseline yet/,
    ],
  ])('%j is a usage error before any load', async (flags, message) => {
    const io = fakeIo({ cwd: tmpdir({ 's.yml': SCENARIO }) });
    expect(await run(['run', 's.yml', '--no-progress', ...flags], io)).toBe(ExitCode.usage);
    expect(io.err()).toMatch(message);
  });
});
