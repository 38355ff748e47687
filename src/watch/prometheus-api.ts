/**
 * Instant queries against Prometheus's HTTP API (`/api/v1/query`). A failure to connect or
 * an answer that is not Prometheus's is a PrometheusUnreachableError (the CLI: one line,
 * exit 3); a query with no data is undefined, not an error.
 */
import { CapplanError } from '../errors.js';
import { redactUrl } from '../redact-url.js';

export class PrometheusUnreachableError extends CapplanError {
  override name = 'PrometheusUnreachableError';
}

type QueryAnswer = { status?: string; error?: string; data?: { result?: { value?: [number, string] }[] } };

export async function queryInstant(baseUrl: string, query: string, timeoutMs = 5000): Promise<number | undefined> {
  const url = new URL('api/v1/query', baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`);
  url.searchParams.set('query', query);
  let answer: QueryAnswer;
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
    answer = (await res.json()) as QueryAnswer;
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause?.code ?? (error as Error).message;
    throw new PrometheusUnreachableError(`prometheus ${redactUrl(baseUrl)} is unreachable: ${cause}`, { cause: error });
  }
  if (answer.status !== 'success') {
    throw new PrometheusUnreachableError(
      `prometheus ${redactUrl(baseUrl)} refused the query: ${answer.error ?? 'no answer'} (${query})`,
    );
  }
  const value = answer.data?.result?.[0]?.value?.[1];
  return value === undefined ? undefined : Number(value);
}
