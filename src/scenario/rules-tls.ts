/**
 * Rules for `target.tls`: only for https:// URLs, a client certificate needs its key (and
 * the other way round), `insecure` and `ca` exclude each other, and the files it names can
 * be read (the loader says which cannot).
 */
import type { RuleIssue } from './rules.js';
import type { TargetInput } from './schema.js';

/** Per TLS file key (ca, cert, key): why the file cannot be used, when it cannot. */
export type TlsFileProblems = Readonly<Partial<Record<'ca' | 'cert' | 'key', string>>>;

export const tlsIsConsistent = (target: TargetInput, problems: TlsFileProblems): RuleIssue[] => {
  const tls = target.tls;
  if (tls === undefined) return [];
  const issues: RuleIssue[] = [];
  const at = (key: string): (string | number)[] => ['target', 'tls', key];
  if (target.demo !== undefined)
    issues.push({
      path: ['target', 'tls'],
      mode: 'key',
      message: 'target.tls: the demo target speaks plain HTTP; use tls with an https:// url',
    });
  else if (target.url !== undefined && !target.url.startsWith('https://'))
    issues.push({
      path: ['target', 'tls'],
      mode: 'key',
      message: `target.tls: only for https:// URLs, got ${JSON.stringify(target.url)}`,
    });
  if ((tls.cert === undefined) !== (tls.key === undefined)) {
    issues.push({
      path: at(tls.cert === undefined ? 'key' : 'cert'),
      mode: 'key',
      message: 'target.tls: mutual TLS needs both "cert" and "key"',
    });
  }
  if (tls.insecure === true && tls.ca !== undefined)
    issues.push({
      path: at('insecure'),
      mode: 'key',
      message: 'target.tls: "insecure" accepts any certificate; drop it when you give "ca"',
    });
  for (const key of ['ca', 'cert', 'key'] as const) {
    const problem = problems[key];
    if (problem !== undefined && tls[key] !== undefined)
      issues.push({ path: at(key), message: `target.tls.${key}: ${problem}` });
  }
  return issues;
};
