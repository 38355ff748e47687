import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { ExitCode } from '../../src/cli/exit-codes.js';
import { run } from '../../src/cli/program.js';
import { STARTER_SCENARIO } from '../../src/scenario/starter.js';
import { fakeIo } from '../helpers/io.js';

const SCENARIOS = fileURLToPath(new URL('../../scenarios/', import.meta.url));

async function scenarioSchema(): Promise<Record<string, unknown>> {
  const io = fakeIo();
  expect(await run(['schema'], io)).toBe(ExitCode.ok);
  return JSON.parse(io.out()) as Record<string, unknown>;
}

function compile(schema: Record<string, unknown>): ReturnType<InstanceType<typeof Ajv2020>['compile']> {
  // Strict mode: an unknown keyword or format in the generated schema fails the compile.
  // Union types (`type: [string, number, boolean]` for header values) are standard JSON Schema.
  const ajv = new Ajv2020({ strict: true, allowUnionTypes: true, allErrors: true });
  return ajv.compile(schema);
}

describe('capplan schema', () => {
  it('prints a draft 2020-12 JSON Schema that ajv compiles in strict mode', async () => {
    const schema = await scenarioSchema();
    expect(schema['$schema']).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(schema['additionalProperties']).toBe(false);
    expect(schema['required']).toEqual(['target', 'load']);
    const only = (key: string): unknown => ({ properties: { [key]: true }, required: [key] });
    expect(schema['oneOf']).toEqual([only('requests'), only('flows')]);
    expect(typeof compile(schema)).toBe('function');
  });

  const files = readdirSync(SCENARIOS).filter((f) => f.endsWith('.yml'));

  it('covers the six bundled scenarios', () => {
    expect(files.sort()).toEqual([
      'capacity.yml',
      'checkout-flow.yml',
      'open-ramp.yml',
      'postgres.yml',
      'soak.yml',
      'spike.yml',
    ]);
  });

  it.each(files)('scenarios/%s validates against it', async (file) => {
    const validate = compile(await scenarioSchema());
    const data: unknown = parse(readFileSync(join(SCENARIOS, file), 'utf8'));
    const ok = validate(data);
    expect(validate.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
  });

  it('accepts flows instead of requests, and refuses both or neither', async () => {
    const validate = compile(await scenarioSchema());
    const base = parse(readFileSync(join(SCENARIOS, 'checkout-flow.yml'), 'utf8')) as Record<string, unknown>;
    expect(validate(base)).toBe(true);
    expect(validate({ ...base, requests: [{ path: '/' }] })).toBe(false);
    const { flows: _flows, ...neither } = base;
    expect(validate(neither)).toBe(false);
    const capturing = (capture: unknown): unknown => ({
      ...base,
      flows: [{ name: 'f', steps: [{ path: '/', capture }] }],
    });
    expect(validate(capturing({ t: { header: 'x' } }))).toBe(true);
    expect(validate(capturing({ t: { heder: 'x' } }))).toBe(false);
    expect(validate({ ...base, target: { url: 'https://x', tls: { insecure: true, servername: 'x' } } })).toBe(true);
  });

  it('the init starter validates against it', async () => {
    const validate = compile(await scenarioSchema());
    expect(validate(parse(STARTER_SCENARIO))).toBe(true);
  });

  it('rejects what capplan rejects: unknown keys, bare-number durations, percentages above 1', async () => {
    const validate = compile(await scenarioSchema());
    const base = {
      target: { url: 'http://127.0.0.1:3000' },
      requests: [{ path: '/' }],
      load: { stages: [{ duration: '10s', concurrency: 1 }] },
    };
    expect(validate(base)).toBe(true);
    expect(validate({ ...base, taget: {} })).toBe(false);
    expect(validate({ ...base, target: { url: 'http://h', timeout: 30 } })).toBe(false);
    expect(validate({ ...base, slo: { errorRate: 5 } })).toBe(false);
    expect(validate({ ...base, slo: { errorRate: '5%' } })).toBe(true);
  });

  it('prints the run record schema with --record', async () => {
    const io = fakeIo();
    expect(await run(['schema', '--record'], io)).toBe(ExitCode.ok);
    const schema = JSON.parse(io.out()) as Record<string, unknown>;
    expect(schema['$schema']).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(JSON.stringify(schema)).not.toBe(JSON.stringify(await scenarioSchema()));
  });
});
