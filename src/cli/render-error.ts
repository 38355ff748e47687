/**
 * The one place where errors become text (CONVENTIONS.md §3.3): one line per problem,
 * then "hint: …"; a stack only with --debug. An error that is not a CapplanError is a bug.
 */
import { CapplanError, ScenarioError } from '../errors.js';

export function renderError(error: unknown, options: { debug: boolean }): string {
  const lines: string[] = [];
  if (error instanceof ScenarioError) {
    for (const issue of error.issues) {
      lines.push(`${error.file}:${issue.line}:${issue.column}: ${issue.message}`);
    }
    lines.push(
      `hint: ${error.hint ?? `run \`capplan validate ${error.file}\` to check a scenario without sending traffic`}`,
    );
  } else if (error instanceof CapplanError) {
    lines.push(`capplan: ${oneLine(error.message)}`);
    if (error.hint !== undefined) lines.push(`hint: ${oneLine(error.hint)}`);
  } else {
    const message = error instanceof Error ? error.message : String(error);
    lines.push(`capplan: internal error: ${oneLine(message)}`);
    lines.push('hint: please report this; rerun with --debug for the stack');
  }
  if (options.debug && error instanceof Error && error.stack !== undefined) {
    lines.push(error.stack);
    if (error.cause instanceof Error && error.cause.stack !== undefined) lines.push(`cause: ${error.cause.stack}`);
  }
  return lines.join('\n') + '\n';
}

function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ').trim();
}
