/**
 * Rules against inputs that pass the schema and then fail every request or leak a secret
 * (issue #17): line breaks in header values and paths (undici refuses them per request),
 * credentials in the target URL (never sent, and they would be stored), a demo pool larger
 * than the demo target accepts.
 */
import type { RuleIssue, Sections } from './rules.js';
import { formatPath, type PathSegment } from './schema-walk.js';

/** The demo target's own bound on --pool (target/args.ts). */
export const MAX_DEMO_POOL = 10_000;

const LINE_BREAK = /[\r\n]/;

function noLineBreaks(headers: Readonly<Record<string, unknown>> | undefined, path: PathSegment[]): RuleIssue[] {
  return Object.entries(headers ?? {}).flatMap(([name, value]) => {
    if (typeof value !== 'string' || !LINE_BREAK.test(value)) return [];
    const at = [...path, name];
    return [{ path: at, message: `${formatPath(at)}: a header value may not contain a line break (CR or LF)` }];
  });
}

/** Why a target URL's credentials are refused (without repeating them), or undefined. */
export function urlCredentialsProblem(text: string): string | undefined {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return undefined; // reported by the URL rule
  }
  if (url.username === '' && url.password === '') return undefined;
  return (
    'credentials in the URL are not sent; put them in a header instead, ' +
    'e.g. headers: { authorization: "Basic ${env.TARGET_BASIC_AUTH}" }'
  );
}

export function checkHostileInputs(sections: Sections): RuleIssue[] {
  const issues: RuleIssue[] = [];
  const target = sections.target;
  if (target?.url !== undefined) {
    const problem = urlCredentialsProblem(target.url);
    if (problem !== undefined) issues.push({ path: ['target', 'url'], message: `target.url: ${problem}` });
  }
  if (target?.demo !== undefined && target.demo.pool > MAX_DEMO_POOL) {
    const message = `target.demo.pool: at most ${MAX_DEMO_POOL} (the demo target's limit), got ${target.demo.pool}`;
    issues.push({ path: ['target', 'demo', 'pool'], message });
  }
  issues.push(...noLineBreaks(target?.headers, ['target', 'headers']));
  (sections.requests ?? []).forEach((request, i) => {
    if (LINE_BREAK.test(request.path)) {
      const message = `requests[${i}].path: a path may not contain a line break (CR or LF)`;
      issues.push({ path: ['requests', i, 'path'], message });
    }
    issues.push(...noLineBreaks(request.headers, ['requests', i, 'headers']));
  });
  return issues;
}
