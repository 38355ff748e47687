import { describe, expect, it } from 'vitest';
import { parsePrometheusText, parseSampleLine } from '../../src/probes/prom-text.js';

const EXPOSITION = `# HELP db_pool_waiting Requests waiting.
# TYPE db_pool_waiting gauge
db_pool_waiting 3
# TYPE http_requests_total counter
http_requests_total{status="200"} 1027 1395066363000
http_requests_total{status="503",path="/a \\"b\\"\\\\c\\nd"} 3
# TYPE lat histogram
lat_bucket{le="0.1"} 1
lat_bucket{le="+Inf"} 2
lat_sum 0.3
lat_count 2
# TYPE rpc summary
rpc{quantile="0.99"} 7.5e-3
rpc_sum 1
rpc_count 10
untyped_thing -Inf
`;

describe('parsePrometheusText', () => {
  it('reads types, labels with escapes, timestamps and special values', () => {
    const { samples, invalidCount } = parsePrometheusText(EXPOSITION);
    expect(invalidCount).toBe(0);
    const byName = (n: string) => samples.filter((s) => s.name === n);
    expect(byName('db_pool_waiting')).toEqual([
      { name: 'db_pool_waiting', family: 'db_pool_waiting', type: 'gauge', labels: {}, value: 3 },
    ]);
    expect(byName('http_requests_total').map((s) => [s.type, s.labels, s.value])).toEqual([
      ['counter', { status: '200' }, 1027],
      ['counter', { status: '503', path: '/a "b"\\c\nd' }, 3],
    ]);
    expect(byName('lat_bucket').map((s) => [s.family, s.type, s.labels['le']])).toEqual([
      ['lat', 'histogram', '0.1'],
      ['lat', 'histogram', '+Inf'],
    ]);
    expect(byName('lat_count')[0]).toMatchObject({ family: 'lat', type: 'histogram', value: 2 });
    expect(byName('rpc')[0]).toMatchObject({ family: 'rpc', type: 'summary', value: 0.0075 });
    expect(byName('untyped_thing')[0]).toMatchObject({ type: 'untyped', value: -Infinity });
  });

  it('maps OpenMetrics counters (TYPE foo counter, sample foo_total) to their family', () => {
    const { samples } = parsePrometheusText('# TYPE foo counter\nfoo_total 5\nfoo_created 1.7e9\n# EOF\n');
    expect(samples.map((s) => [s.name, s.family, s.type])).toEqual([
      ['foo_total', 'foo', 'counter'],
      ['foo_created', 'foo', 'counter'],
    ]);
  });

  it('tells garbage from metrics', () => {
    const html = parsePrometheusText('<html><body>502 Bad Gateway</body></html>\n');
    expect(html.samples).toEqual([]);
    expect(html.invalidCount).toBe(1);
    expect(html.invalidLines[0]).toContain('<html>');
    const words = parsePrometheusText('garbage here\nmore garbage\n{"json": true}\nok 1\n');
    expect(words.samples.map((s) => s.name)).toEqual(['ok']);
    expect(words.invalidCount).toBe(3);
  });

  it.each([
    'name',
    'name 1 2 3',
    'name{a="1"',
    'name{a=1} 2',
    'name{a="1"}2',
    'name{1a="x"} 2',
    'name 1 notatime',
    '9name 1',
    'name 1e',
    'name{a="1" b="2"} 1',
  ])('rejects the sample line %j', (line) => {
    expect(parseSampleLine(line)).toBeUndefined();
  });

  it.each([
    ['a 1', 1],
    ['a{} 1', 1],
    ['a{b="c",} 2.5', 2.5],
    ['a{ b = "c" } 3', 3],
    ['a NaN', Number.NaN],
    ['a +Inf 123', Infinity],
    ['a .5', 0.5],
    ['a:b_c 1e3', 1000],
  ])('accepts %j', (line, value) => {
    expect(parseSampleLine(line)?.value).toBe(value);
  });
});
