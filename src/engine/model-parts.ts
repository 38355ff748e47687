/**
 * What a load model (closed-model.ts, open-model.ts) sends with, built once per worker in
 * worker.ts: the worker's core (clock, windows, recorder), the settings of its connections,
 * and where its requests come from.
 */
import type { FlowRunner } from './flow-runner.js';
import { HttpConnection, type ClientSettings, type HttpConnectionOwner } from './http-connection.js';
import type { PreparedRequest, RequestTable } from './request-table.js';
import type { WorkerCore } from './worker-core.js';

export type ModelParts = {
  readonly core: WorkerCore;
  readonly settings: ClientSettings;
  /** Plain requests, picked by weight; undefined when flows drive the requests. */
  readonly table: RequestTable | undefined;
  /** Flows (or requests fed by a data file): each connection's user runs its flow's steps in turn. */
  readonly flows: FlowRunner | undefined;
};

/** Connection `id`'s next request: a weighted pick, or its flow's next step (undefined: a data file ran dry). */
export function nextRequest(parts: ModelParts, id: number): PreparedRequest | undefined {
  return parts.flows === undefined ? parts.table!.pick() : parts.flows.next(id);
}

/** A new connection `id` for `owner`; `resume` sends its next request after a pause. */
export function openConnection(
  parts: ModelParts,
  id: number,
  owner: HttpConnectionOwner,
  resume: (slot: HttpConnection) => void,
): HttpConnection {
  return new HttpConnection(id, parts.core, owner, parts.settings, resume);
}
