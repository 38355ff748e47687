/**
 * Per-request results from real workers against a real recording server: a window names the
 * requests that had activity in it (idle names are left out, so a short drain window may hold
 * one name only), the names' counters add up to the window's, and each name's counts equal
 * what the server saw on its path.
 */
import { describe, expect, it } from 'vitest';
import { runLoad } from '../../src/engine/coordinator.js';
import { summarizeEncoded } from '../../src/metrics/summarize.js';
import type { WindowSnapshot } from '../../src/metrics/types.js';
import { startRecordingServer } from '../helpers/servers.js';
import { closeAfterEach } from '../helpers/close-after-each.js';
import { hold, request, target, total } from './fixtures.js';

const keep = closeAfterEach();

function byName(
  windows: readonly WindowSnapshot[],
  name: string,
  pick: 'sent' | 'ok' | 'errorCount' | 'bytesIn',
): number {
  return windows.reduce((sum, w) => sum + (w.byRequest?.[name]?.[pick] ?? 0), 0);
}

describe('per-request results in worker windows', () => {
  for (const model of ['closed', 'open'] as const) {
    it(`${model} model: counts per name equal the server's per path and add up to the windows' totals`, async () => {
      const recording = keep(await startRecordingServer());
      const requests = [
        request({ name: 'catalogue', path: '/catalogue', weight: 3 }),
        request({ name: 'checkout', method: 'POST', path: '/checkout', body: '{}', weight: 1 }),
        // A second request under an existing name shares its counters.
        request({ name: 'catalogue', path: '/catalogue/2', weight: 1 }),
      ];
      const level = model === 'closed' ? 4 : 200;
      const outcome = await runLoad(hold(model, level, 2000), target(recording.url, { requests }), { workers: 2 });
      const windows = outcome.windows;
      expect(windows.length).toBeGreaterThan(1);
      for (const w of windows) {
        const entries = Object.entries(w.byRequest ?? {});
        expect(entries.map(([name]) => name).filter((name) => name !== 'catalogue' && name !== 'checkout')).toEqual([]);
        for (const [name, r] of entries)
          expect(r.sent + r.ok + r.errorCount, `${name} idle in a window`).toBeGreaterThan(0);
      }
      // The full windows (all but the drain) carry both names: 1 s at this rate holds hundreds of requests.
      for (const w of windows.filter((x) => x.drain !== true)) {
        expect(Object.keys(w.byRequest ?? {}).sort()).toEqual(['catalogue', 'checkout']);
      }
      const seen = recording.seen;
      const catalogue = seen.filter((r) => r.path.startsWith('/catalogue')).length;
      const checkout = seen.filter((r) => r.path === '/checkout').length;
      expect(catalogue + checkout).toBe(seen.length);
      expect(byName(windows, 'catalogue', 'ok')).toBe(catalogue);
      expect(byName(windows, 'checkout', 'ok')).toBe(checkout);
      expect(byName(windows, 'catalogue', 'sent')).toBe(catalogue);
      expect(byName(windows, 'checkout', 'sent')).toBe(checkout);
      expect(checkout).toBeGreaterThan(0);
      for (const pick of ['sent', 'ok', 'errorCount', 'bytesIn'] as const) {
        expect(byName(windows, 'catalogue', pick) + byName(windows, 'checkout', pick)).toBe(
          total(windows, (w) => w[pick]),
        );
      }
      for (const w of windows) {
        const counts = Object.values(w.byRequest!).map((r) => summarizeEncoded(r.hdr).count);
        expect(counts.reduce((a, b) => a + b, 0)).toBe(summarizeEncoded(w.hdr).count);
      }
    });
  }
});
