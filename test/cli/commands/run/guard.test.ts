/** Issue #17 items 8 and 12: what the run guard does with interrupts and with the demo target's death. */
import { describe, expect, it } from 'vitest';
import { guardRun } from '../../../../src/cli/commands/run/guard.js';
import type { ChildExit, DemoTargetHandle } from '../../../../src/target/spawn.js';
import { fakeIo } from '../../../helpers/io.js';

function fakeDemo(): DemoTargetHandle & { exit: (e: ChildExit) => void; kills: number } {
  let exit: (e: ChildExit) => void = () => undefined;
  const exited = new Promise<ChildExit>((resolve) => (exit = resolve));
  const demo = {
    url: 'http://127.0.0.1:1',
    pid: 1,
    stop: async () => undefined,
    kill: () => void demo.kills++,
    exited,
    exit: (e: ChildExit) => exit(e),
    kills: 0,
  };
  return demo;
}

describe('guardRun', () => {
  it('the first Ctrl-C stops the load; later ones only hurry the demo target (SIGKILL), never skip the record', () => {
    const io = fakeIo();
    const guard = guardRun(io);
    const demo = fakeDemo();
    guard.watchDemo(demo);
    io.interrupt();
    expect(guard.signal.aborted).toBe(true);
    expect(demo.kills).toBe(0);
    io.interrupt();
    io.interrupt();
    expect(demo.kills).toBe(2);
    expect(guard.demoExit()).toBeUndefined();
    guard.release();
  });

  it('the demo target exiting during the run aborts it and says how and when', async () => {
    const io = fakeIo();
    const guard = guardRun(io, () => 12_345);
    const demo = fakeDemo();
    guard.watchDemo(demo);
    demo.exit({ code: null, signal: 'SIGKILL' });
    await new Promise((r) => setTimeout(r, 0));
    expect(guard.signal.aborted).toBe(true);
    expect(guard.demoExit()).toEqual({ atMs: 12_345, how: 'signal SIGKILL' });
    guard.release();
  });

  it('an exit after releaseDemo (capplan stopping it) is expected', async () => {
    const guard = guardRun(fakeIo());
    const demo = fakeDemo();
    guard.watchDemo(demo);
    guard.releaseDemo();
    demo.exit({ code: 0, signal: null });
    await new Promise((r) => setTimeout(r, 0));
    expect(guard.signal.aborted).toBe(false);
    expect(guard.demoExit()).toBeUndefined();
    guard.release();
  });
});
