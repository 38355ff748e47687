/**
 * What may end a run from outside: Ctrl-C/SIGTERM and the demo target dying. The first
 * interrupt stops the load through the normal path; a second one (the user is impatient)
 * only hurries the demo target's stop (SIGKILL) — the partial record is written either way.
 * The demo target exiting on its own aborts the run (exit 3) with when and how it exited.
 */
import type { DemoTargetHandle } from '../../../target/spawn.js';
import type { Io } from '../../io.js';

export type DemoExit = { atMs: number; how: string };

export type RunGuard = {
  /** Aborted by the first interrupt or by the demo target's exit. */
  readonly signal: AbortSignal;
  /** Watch this demo target: its exit before `releaseDemo` aborts the run. */
  watchDemo: (demo: DemoTargetHandle) => void;
  /** From now on the demo target is stopped on purpose: its exit is expected. */
  releaseDemo: () => void;
  /** The demo target's unexpected exit, if it happened. */
  demoExit: () => DemoExit | undefined;
  /** Stops listening for interrupts. */
  release: () => void;
};

export function guardRun(io: Io, now: () => number = io.now): RunGuard {
  const controller = new AbortController();
  let demo: DemoTargetHandle | undefined;
  let demoExpected = false;
  let exit: DemoExit | undefined;
  let interrupts = 0;
  const unsubscribe = io.onInterrupt(() => {
    interrupts++;
    if (interrupts === 1) controller.abort();
    else demo?.kill();
  });
  return {
    signal: controller.signal,
    watchDemo: (handle) => {
      demo = handle;
      void handle.exited.then(({ code, signal }) => {
        if (demoExpected || controller.signal.aborted) return;
        exit = { atMs: now(), how: signal !== null ? `signal ${signal}` : `code ${code ?? '?'}` };
        controller.abort();
      });
    },
    releaseDemo: () => {
      demoExpected = true;
    },
    demoExit: () => exit,
    release: unsubscribe,
  };
}
