// A worker entry that runs the real engine worker and then blocks its event loop 30 ms of
// every 45 ms: a generator that cannot keep up, for the "generator-limited run" test.
import '../../dist/engine/worker.js';

const timer = setInterval(() => {
  const end = performance.now() + 30;
  while (performance.now() < end) {
    // busy: the event loop is blocked, as by a slow hook or a starved core
  }
}, 15);
timer.unref();
