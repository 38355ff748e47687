/**
 * From a document path (["load", "stages", 2, "duration"]) to a 1-based line and column,
 * through the yaml node tree (CONVENTIONS.md §3.3). When the path does not exist in the
 * file (a missing key, a value set by --set) the deepest enclosing node is used.
 */
import { isAlias, isMap, isPair, isScalar, isSeq } from 'yaml';
import type { Document, LineCounter, Node } from 'yaml';
import type { PathSegment } from './schema-walk.js';

/** value: the value node; key: the key itself (unknown keys); parent: the enclosing map (missing keys). */
export type PositionMode = 'value' | 'key' | 'parent';

export type Position = { line: number; column: number };

type Located = { node: Node | null; key: Node | null };

function hasRange(node: Node | null | undefined): node is Node & { range: [number, number, number] } {
  return node?.range !== undefined && node.range !== null;
}

/** Follows `path` as far as the document goes; returns the deepest node with a source range. */
function walk(doc: Document, path: readonly PathSegment[]): Located {
  let current: unknown = doc.contents;
  let best: Located = { node: hasRange(doc.contents as Node) ? (doc.contents as Node) : null, key: null };
  for (const segment of path) {
    if (isAlias(current)) break;
    let keyNode: Node | null = null;
    let next: unknown;
    if (isMap(current)) {
      const pair = current.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === String(segment));
      if (pair === undefined) break;
      keyNode = pair.key as Node;
      next = pair.value;
    } else if (isSeq(current) && typeof segment === 'number') {
      next = current.items[segment];
      if (next === undefined) break;
    } else {
      break;
    }
    const valueNode = next as Node | null;
    const emptyValue =
      valueNode === null ||
      (isScalar(valueNode) &&
        valueNode.value === null &&
        hasRange(valueNode) &&
        valueNode.range[0] === valueNode.range[1]);
    if (hasRange(keyNode) || hasRange(valueNode)) {
      best = {
        node: !emptyValue && hasRange(valueNode) ? valueNode : keyNode,
        key: hasRange(keyNode) ? keyNode : null,
      };
    }
    current = next;
  }
  return best;
}

/** Where an issue at `path` should point. */
export function positionOf(
  doc: Document,
  lineCounter: LineCounter,
  path: readonly PathSegment[],
  mode: PositionMode = 'value',
): Position {
  const target = mode === 'parent' ? path.slice(0, -1) : path;
  const located = walk(doc, target);
  const node = mode === 'key' ? (located.key ?? located.node) : located.node;
  return offsetToPosition(lineCounter, hasRange(node) ? node.range[0] : 0);
}

/** 0-based offset -> 1-based line and column. */
export function offsetToPosition(lineCounter: LineCounter, offset: number): Position {
  const { line, col } = lineCounter.linePos(offset);
  return { line: Math.max(1, line), column: Math.max(1, col) };
}
