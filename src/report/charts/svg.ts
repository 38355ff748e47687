/**
 * Minimal SVG building blocks: elements with escaped attributes and text, and path data
 * from points. Coordinates are rounded to 0.1 px to keep the files small.
 */
import { escapeHtml } from '../escape.js';

export type Attrs = Record<string, string | number | undefined>;

/** Rounds a coordinate to 0.1 px. */
export function px(x: number): string {
  return (Math.round(x * 10) / 10).toString();
}

function renderAttrs(attrs: Attrs): string {
  return Object.entries(attrs)
    .filter((entry): entry is [string, string | number] => entry[1] !== undefined)
    .map(([k, v]) => ` ${k}="${escapeHtml(typeof v === 'number' ? px(v) : v)}"`)
    .join('');
}

/** An element; `children` is already-rendered markup (use `text()` for strings). */
export function el(tag: string, attrs: Attrs, children: string | readonly string[] = ''): string {
  const inner = typeof children === 'string' ? children : children.join('');
  return inner === '' && tag !== 'text' && tag !== 'title'
    ? `<${tag}${renderAttrs(attrs)}/>`
    : `<${tag}${renderAttrs(attrs)}>${inner}</${tag}>`;
}

/** Escaped character data. */
export function text(content: string): string {
  return escapeHtml(content);
}

/** "M x y L x y …" through the points; gaps (non-finite y) start a new subpath. */
export function pathData(points: readonly (readonly [number, number])[]): string {
  let d = '';
  let pen = false;
  for (const [x, y] of points) {
    if (!Number.isFinite(x) || !Number.isFinite(y)) {
      pen = false;
      continue;
    }
    d += `${pen ? 'L' : 'M'}${px(x)} ${px(y)}`;
    pen = true;
  }
  return d;
}

/** A closed area between the points and a baseline y. */
export function areaData(points: readonly (readonly [number, number])[], baselineY: number): string {
  const finite = points.filter(([x, y]) => Number.isFinite(x) && Number.isFinite(y));
  const first = finite[0];
  const last = finite[finite.length - 1];
  if (!first || !last) return '';
  return `${pathData(finite)}L${px(last[0])} ${px(baselineY)}L${px(first[0])} ${px(baselineY)}Z`;
}
