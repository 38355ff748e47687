/** Polls a health URL until it answers 200, the deadline passes, or the process behind it exits. */
import { get } from 'node:http';

const POLL_EVERY_MS = 100;

export async function waitForHealthy(url: string, deadlineMs: number, exited: Promise<void>): Promise<void> {
  let gone = false;
  void exited.then(() => {
    gone = true;
  });
  let last = 'no answer';
  while (Date.now() < deadlineMs) {
    if (gone) throw new Error(`it exited before ${url} answered 200`);
    const status = await probeStatus(url, Math.min(2000, Math.max(1, deadlineMs - Date.now())));
    if (status === 200) return;
    last = typeof status === 'number' ? `HTTP ${status}` : status;
    await new Promise((resolve) => setTimeout(resolve, POLL_EVERY_MS));
  }
  throw new Error(`${url} did not answer 200 in time (last: ${last})`);
}

/** The status code, or a one-line reason when there was no response. */
function probeStatus(url: string, timeoutMs: number): Promise<number | string> {
  return new Promise((resolve) => {
    const req = get(url, { agent: false, timeout: timeoutMs }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('timeout', () => req.destroy(new Error(`timeout after ${timeoutMs} ms`)));
    req.on('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message));
  });
}
