// A worker entry that runs the real worker and then throws, to test crash handling.
import '../../dist/engine/worker.js';

setTimeout(() => {
  throw new Error('boom');
}, 1200);
