import { describe, expect, it } from 'vitest';
import { runLoad } from '../../src/engine/coordinator.js';
import { startRecordingServer } from '../helpers/servers.js';
import { closeAfterEach } from '../helpers/close-after-each.js';
import { hold, request, target, total } from './fixtures.js';

const keep = closeAfterEach();

describe('requests as specified', () => {
  it('sends method, headers and body; renders templates; picks by weight', async () => {
    const recording = keep(await startRecordingServer());
    const requests = [
      request({
        name: 'order',
        method: 'POST',
        path: '/order/{{seq}}',
        body: '{"n":{{rand 1 9}}}',
        headers: { 'content-type': 'application/json' },
        weight: 3,
        templated: true,
      }),
      request({ name: 'home', path: '/', weight: 1 }),
    ];
    const outcome = await runLoad(
      hold('closed', 4, 2000),
      target(`${recording.url}/base`, { requests, headers: { 'x-run': 'capplan' } }),
      { workers: 2 },
    );
    const seen = recording.seen;
    expect(seen.length).toBe(total(outcome.windows, (w) => w.ok));
    const orders = seen.filter((r) => r.method === 'POST');
    const homes = seen.filter((r) => r.method === 'GET');
    expect(orders.length + homes.length).toBe(seen.length);
    expect(homes.every((r) => r.path === '/base/')).toBe(true);
    // Weight 3:1, within a generous band.
    expect(orders.length / seen.length).toBeGreaterThan(0.65);
    expect(orders.length / seen.length).toBeLessThan(0.85);
    // {{seq}} is unique across both workers; {{rand 1 9}} stays in range.
    const numbers = orders.map((r) => Number(r.path.replace('/base/order/', '')));
    expect(new Set(numbers).size).toBe(numbers.length);
    for (const r of orders) {
      expect(r.headers['content-type']).toBe('application/json');
      const n = (JSON.parse(r.body) as { n: number }).n;
      expect(n).toBeGreaterThanOrEqual(1);
      expect(n).toBeLessThanOrEqual(9);
    }
    expect(seen.every((r) => r.headers['x-run'] === 'capplan')).toBe(true);
  });
});
