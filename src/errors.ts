/**
 * The errors capplan reports to a user. A leaf module: it imports nothing from src/.
 * Every message is one line and names the thing; `hint` says what to do next.
 * `cli/render-error.ts` is the only place that turns these into text.
 */

/** Base for every error capplan reports to a user. `message` is one line. */
export class CapplanError extends Error {
  override name = 'CapplanError';
  /** A one-line suggestion, printed as "hint: …" under the message. */
  readonly hint: string | undefined;

  constructor(message: string, options: { hint?: string; cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.hint = options.hint;
  }
}

/** One problem in a scenario file, at a 1-based line and column. */
export type ScenarioIssue = { line: number; column: number; path: string; message: string };

/** The scenario file is not valid YAML or does not match the schema. Carries every issue, not the first. */
export class ScenarioError extends CapplanError {
  override name = 'ScenarioError';
  readonly file: string;
  readonly issues: readonly ScenarioIssue[];

  constructor(file: string, issues: readonly ScenarioIssue[], options: { hint?: string } = {}) {
    super(`${file}: ${issues.length} problem${issues.length === 1 ? '' : 's'} in scenario`, options);
    this.file = file;
    this.issues = issues;
  }
}

/** Bad flags or arguments that commander did not catch itself. */
export class UsageError extends CapplanError {
  override name = 'UsageError';
}

/** The preflight request failed: nothing was measured. */
export class TargetUnreachableError extends CapplanError {
  override name = 'TargetUnreachableError';
  readonly url: string;

  /** `what` completes "target <url> ...": "is unreachable: connect ECONNREFUSED …", "failed TLS (tls-cert): …". */
  constructor(url: string, what: string, options: { hint?: string; cause?: unknown } = {}) {
    super(`target ${url} ${what}`, options);
    this.url = url;
  }
}

/** The preflight reached the target but TLS failed (certificate, handshake): exit 3, with the option to set. */
export class TargetTlsError extends TargetUnreachableError {
  override name = 'TargetTlsError';

  constructor(url: string, cause: string, options: { hint?: string; cause?: unknown } = {}) {
    super(url, cause, options);
    this.message = `target ${url} refused by TLS: ${cause}`;
  }
}

/** A run record (baseline, shard, analyze input) is unreadable or of another schema. */
export class RecordError extends CapplanError {
  override name = 'RecordError';
}

/** The run stopped before its end for a reason other than the user: safety stop, worker crash. */
export class RunAbortedError extends CapplanError {
  override name = 'RunAbortedError';
}

/** Something that "should never happen": a capplan bug. The CLI asks the user to report it. */
export class InternalError extends CapplanError {
  override name = 'InternalError';
}

/** Narrowing guard that survives duplicated module instances (checks the shape, not the prototype only). */
export function isCapplanError(error: unknown): error is CapplanError {
  return error instanceof CapplanError;
}
