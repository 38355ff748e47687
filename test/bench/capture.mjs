// The marginal CPU cost of a capture, per response, on one thread (not part of `npm test`):
// the copy of the body chunks, Buffer.concat, JSON.parse and the path walk of `$.token`, for
// a typical login response; header and regex captures for comparison. Min of 7 batches.
import { CaptureSet } from '../../dist/engine/capture.js';

const body = Buffer.from(
  JSON.stringify({ token: 't-alice-123456', user: { id: 7, name: 'alice', roles: ['buyer'] }, expires: 3600 }),
);
const headers = [
  Buffer.from('content-type'),
  Buffer.from('application/json'),
  Buffer.from('x-session'),
  Buffer.from('s-42'),
];
const cases = {
  'json $.token': new CaptureSet([{ var: 'token', kind: 'json', path: ['token'], source: '$.token' }], () => 0),
  'header x-session': new CaptureSet([{ var: 'token', kind: 'header', header: 'x-session' }], () => 0),
  'regex on body': new CaptureSet(
    [{ var: 'token', kind: 'regex', pattern: '"token":"([^"]+)"', from: 'body' }],
    () => 0,
  ),
};
const vars = [''];
const N = 200_000;
console.log(`\ncapture cost per response (${body.length}-byte JSON body, one thread, min of 7 batches of ${N})\n`);
console.log('| capture | ns/response |');
console.log('| --- | --- |');
for (const [name, set] of Object.entries(cases)) {
  let best = Infinity;
  for (let batch = 0; batch < 7; batch++) {
    const start = process.hrtime.bigint();
    for (let i = 0; i < N; i++) {
      // As the connection does: a copy of each chunk when the step buffers the body.
      const chunks = set.needsBody ? [Buffer.from(body)] : null;
      if (set.extract(set.needsHeaders ? headers : null, chunks, vars) !== undefined) throw new Error('capture failed');
    }
    best = Math.min(best, Number(process.hrtime.bigint() - start) / N);
  }
  console.log(`| ${name} | ${best.toFixed(0)} |`);
}
