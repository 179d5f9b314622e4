/** Time ranges of the DuckDB store's SQL: literals, and the split of a range over the rollup levels. */

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;

/** A timestamp literal from epoch ms (integers only: safe to inline, and zone maps see a constant). */
export function tsLit(ms: number): string {
  return `epoch_ms(${Math.trunc(ms)}::BIGINT)`;
}

export function rangeOf(q: { from?: string; to?: string }): [number, number] {
  return [q.from ? Date.parse(q.from) : 0, q.to ? Date.parse(q.to) : Date.now() + 366 * DAY_MS];
}

/**
 * Splits [from, to) into whole units (hours, or Japan days with a 9 h offset) read from
 * a rollup and the partial edges read from the events.
 */
export function splitRange(
  from: number,
  to: number,
  unit: number,
  offset = 0,
): { whole: [number, number] | null; edges: [number, number][] } {
  const a = Math.ceil((from + offset) / unit) * unit - offset;
  const b = Math.floor((to + offset) / unit) * unit - offset;
  if (a >= b) return { whole: null, edges: from < to ? [[from, to]] : [] };
  const edges: [number, number][] = [];
  if (from < a) edges.push([from, a]);
  if (b < to) edges.push([b, to]);
  return { whole: [a, b], edges };
}

/**
 * Three levels for counting [from, to): whole Japan days from the daily rollup (when
 * `useDays`), whole hours from the hourly rollup, partial hours from the events.
 */
export function splitLevels(
  from: number,
  to: number,
  useDays: boolean,
): { days: [number, number] | null; hours: [number, number][]; events: [number, number][] } {
  const h = splitRange(from, to, HOUR_MS);
  if (!h.whole) return { days: null, hours: [], events: h.edges };
  if (!useDays) return { days: null, hours: [h.whole], events: h.edges };
  const d = splitRange(h.whole[0], h.whole[1], DAY_MS, 9 * HOUR_MS);
  return { days: d.whole, hours: d.edges, events: h.edges };
}

/** `col` within [a, b) (epoch ms). */
export function tsIn(col: string, [a, b]: [number, number]): string {
  return `(${col} >= ${tsLit(a)} AND ${col} < ${tsLit(b)})`;
}
