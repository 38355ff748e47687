import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { ExitCode } from '../../src/cli/exit-codes.js';
import { run } from '../../src/cli/program.js';
import { renderHtml, renderMarkdown } from '../../src/report/index.js';
import { fakeIo } from '../helpers/io.js';
import { tmpdir } from '../helpers/tmpdir.js';
import { loadFixture } from '../report/fixtures.js';

function recordDir(): string {
  const record = loadFixture('sweep-knee');
  return tmpdir({ 'runs/run.json': JSON.stringify(record, null, 2) + '\n' });
}

describe('capplan report', () => {
  it('writes html, md and junit next to run.json by default and prints their paths', async () => {
    const dir = recordDir();
    const io = fakeIo({ cwd: dir });
    expect(await run(['report', 'runs/run.json'], io)).toBe(ExitCode.ok);
    expect(io.out().trim().split('\n')).toEqual(['runs/report.html', 'runs/report.md', 'runs/junit.xml']);
    expect(io.err()).toBe('');
    const record = loadFixture('sweep-knee');
    expect(readFileSync(join(dir, 'runs/report.html'), 'utf8')).toBe(renderHtml(record));
    expect(readFileSync(join(dir, 'runs/report.md'), 'utf8')).toBe(renderMarkdown(record));
    expect(XMLValidator.validate(readFileSync(join(dir, 'runs/junit.xml'), 'utf8'))).toBe(true);
  });

  it('honours --format and --out, creating the folder', async () => {
    const dir = recordDir();
    const io = fakeIo({ cwd: dir });
    expect(await run(['report', 'runs/run.json', '--format', 'md,json', '--out', 'out/deep'], io)).toBe(ExitCode.ok);
    expect(io.out().trim().split('\n')).toEqual(['out/deep/run.json', 'out/deep/report.md']);
    expect(existsSync(join(dir, 'out/deep/report.html'))).toBe(false);
    expect(JSON.parse(readFileSync(join(dir, 'out/deep/run.json'), 'utf8'))).toEqual(loadFixture('sweep-knee'));
  });

  it('rejects an unknown format with one line and the usage code, writing nothing', async () => {
    const dir = recordDir();
    const io = fakeIo({ cwd: dir });
    expect(await run(['report', 'runs/run.json', '--format', 'html,pdf'], io)).toBe(ExitCode.usage);
    expect(io.err()).toMatch(/^capplan: unknown report format "pdf" \(known: json, html, md, junit\)\nhint: /);
    expect(io.err().trim().split('\n')).toHaveLength(2);
    expect(existsSync(join(dir, 'runs/report.html'))).toBe(false);
  });

  it('reports a missing or broken record in one line with the usage code', async () => {
    const dir = tmpdir({ 'bad.json': '{ not json' });
    const missing = fakeIo({ cwd: dir });
    expect(await run(['report', 'nope.json'], missing)).toBe(ExitCode.usage);
    expect(missing.err()).toMatch(/^capplan: .*nope\.json/);
    expect(missing.err()).not.toMatch(/\n\s+at /);
    const broken = fakeIo({ cwd: dir });
    expect(await run(['report', 'bad.json'], broken)).toBe(ExitCode.usage);
    expect(broken.err()).toMatch(/bad\.json/);
  });

  it('leaves run.json untouched when asked to render json into its own folder', async () => {
    const dir = recordDir();
    const path = join(dir, 'runs/run.json');
    writeFileSync(path, JSON.stringify(loadFixture('not-reached')));
    const before = readFileSync(path, 'utf8');
    const io = fakeIo({ cwd: dir });
    expect(await run(['report', 'runs/run.json', '--format', 'json'], io)).toBe(ExitCode.ok);
    expect(io.out()).toBe('runs/run.json\n');
    expect(readFileSync(path, 'utf8')).toBe(before);
  });
});
