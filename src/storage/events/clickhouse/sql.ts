/**
 * SQL text helpers for the ClickHouse store. ClickHouse 18.16 has no query parameters
 * ({name:Type} came in 19.x and the client's `param_*` URL settings are refused as
 * unknown), so values are written into the SQL as literals, always through these.
 */

/** A string literal: ClickHouse unescapes backslash sequences inside quotes. */
export function str(v: string): string {
  return `'${v.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

/** An integer literal; anything else is a programming error, never user input turned into SQL. */
export function int(v: number | bigint): string {
  if (typeof v === 'bigint') return v.toString();
  if (!Number.isSafeInteger(v)) throw new Error(`not an integer: ${v}`);
  return String(v);
}

export function strList(vs: readonly string[]): string {
  return vs.map(str).join(', ');
}

/** `col` within [a, b) (epoch ms columns). */
export function msIn(col: string, [a, b]: [number, number]): string {
  return `(${col} >= ${int(Math.trunc(a))} AND ${col} < ${int(Math.trunc(b))})`;
}

/**
 * Times are epoch milliseconds in Int64 columns: 18.16 has no DateTime64 (20.1), and
 * integer arithmetic keeps hour and Japan-day buckets free of server time-zone settings.
 */
export const HOUR_MS = 3_600_000;
export const DAY_MS = 86_400_000;
export const JST_MS = 9 * HOUR_MS;

export function hourOf(ms: string): string {
  return `(intDiv(${ms}, ${HOUR_MS}) * ${HOUR_MS})`;
}

export function utcDayOf(ms: string): string {
  return `(intDiv(${ms}, ${DAY_MS}) * ${DAY_MS})`;
}

/** Start of the Japan calendar day (UTC+9, no daylight saving) holding `ms`. */
export function jstDayOf(ms: string): string {
  return `(intDiv(${ms} + ${JST_MS}, ${DAY_MS}) * ${DAY_MS} - ${JST_MS})`;
}

/** The UTC month (yyyymm) of an epoch-ms expression: the partition key of every table. */
export function monthOf(ms: string): string {
  return `toYYYYMM(toDateTime(intDiv(${ms}, 1000), 'UTC'))`;
}

/** Start (epoch ms) of the UTC month holding `ms`, and of the month after it. */
export function utcMonthStart(ms: number): number {
  const d = new Date(ms);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
}

export function nextUtcMonth(monthStart: number): number {
  const d = new Date(monthStart);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1);
}

/** yyyymm partition value → [start, end) in epoch ms. */
export function monthRange(yyyymm: number): [number, number] {
  const y = Math.floor(yyyymm / 100);
  const m = (yyyymm % 100) - 1;
  return [Date.UTC(y, m, 1), Date.UTC(y, m + 1, 1)];
}
