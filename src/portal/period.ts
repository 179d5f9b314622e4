/**
 * Periods and chart buckets on the Japanese calendar. Japan keeps UTC+9 all year (no
 * daylight saving), so a Tokyo day, week or month starts at a fixed offset from UTC and
 * the arithmetic stays exact without a time-zone library.
 */

export const JST_OFFSET_MS = 9 * 3_600_000;
const DAY_MS = 86_400_000;
/** The longest period any dashboard route accepts (three years and a leap day). */
export const MAX_SPAN_MS = (3 * 365 + 1) * DAY_MS;

export type Bucket = 'day' | 'week' | 'month';
export const BUCKETS: readonly Bucket[] = ['day', 'week', 'month'];

export interface Period {
  /** Inclusive, epoch ms. */
  from: number;
  /** Exclusive, epoch ms. */
  to: number;
}

/** Y, M (1–12), D of the Tokyo calendar day holding `ms`. */
export function tokyoDate(ms: number): { y: number; m: number; d: number } {
  const t = new Date(ms + JST_OFFSET_MS);
  return { y: t.getUTCFullYear(), m: t.getUTCMonth() + 1, d: t.getUTCDate() };
}

/** Epoch ms of midnight in Tokyo on y-m-d (month may overflow: 13 = January next year). */
export function tokyoMidnight(y: number, m: number, d = 1): number {
  return Date.UTC(y, m - 1, d) - JST_OFFSET_MS;
}

export function startOfDay(ms: number): number {
  return Math.floor((ms + JST_OFFSET_MS) / DAY_MS) * DAY_MS - JST_OFFSET_MS;
}

/** Weeks start on Monday (ISO 8601), as Japanese business calendars do. */
export function startOfWeek(ms: number): number {
  const day = startOfDay(ms);
  // 1970-01-01 was a Thursday: index 3 when Monday is 0
  const weekday = (Math.floor((day + JST_OFFSET_MS) / DAY_MS) + 3) % 7;
  return day - weekday * DAY_MS;
}

export function startOfMonth(ms: number): number {
  const { y, m } = tokyoDate(ms);
  return tokyoMidnight(y, m);
}

export function bucketStart(ms: number, b: Bucket): number {
  return b === 'day' ? startOfDay(ms) : b === 'week' ? startOfWeek(ms) : startOfMonth(ms);
}

export function nextBucket(start: number, b: Bucket): number {
  if (b === 'day') return start + DAY_MS;
  if (b === 'week') return start + 7 * DAY_MS;
  const { y, m } = tokyoDate(start);
  return tokyoMidnight(y, m + 1);
}

/** Starts of the buckets that overlap [from, to); the first may begin before `from`. */
export function bucketStarts(p: Period, b: Bucket): number[] {
  const out: number[] = [];
  for (let s = bucketStart(p.from, b); s < p.to; s = nextBucket(s, b)) out.push(s);
  return out;
}

/** Index of the bucket holding `ms` among `starts` (sorted), or -1. */
export function bucketIndex(starts: readonly number[], ms: number): number {
  let lo = 0;
  let hi = starts.length - 1;
  if (hi < 0 || ms < starts[0]) return -1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid] <= ms) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** The Tokyo calendar month holding `nowMs`. */
export function thisMonth(nowMs: number): Period {
  const from = startOfMonth(nowMs);
  return { from, to: nextBucket(from, 'month') };
}

/** Whole Tokyo months in [from, to), or null when either end is not a month start. */
export function wholeMonths(p: Period): number | null {
  if (startOfMonth(p.from) !== p.from || startOfMonth(p.to) !== p.to) return null;
  const a = tokyoDate(p.from);
  const b = tokyoDate(p.to);
  const n = (b.y - a.y) * 12 + (b.m - a.m);
  return n > 0 ? n : null;
}

/**
 * The period before `p` to compare with: the same number of calendar months when `p`
 * is whole months (January after December, not "the previous 31 days"), else the
 * span of equal length just before it.
 */
export function previousPeriod(p: Period): Period {
  const months = wholeMonths(p);
  if (months !== null) {
    const { y, m } = tokyoDate(p.from);
    return { from: tokyoMidnight(y, m - months), to: p.from };
  }
  return { from: p.from - (p.to - p.from), to: p.from };
}

/**
 * The period of a request: both ends given, or the missing ones filled in. Without `to`
 * the period ends with the current Tokyo month; without `from` it starts with the
 * Tokyo month in which `to` falls (so `?to=…` alone means "that month").
 */
export function resolvePeriod(from: number | undefined, to: number | undefined, nowMs: number): Period {
  const end =
    to ??
    (from !== undefined && from >= thisMonth(nowMs).to
      ? nextBucket(startOfMonth(from), 'month')
      : thisMonth(nowMs).to);
  const start = from ?? startOfMonth(end - 1);
  return { from: start, to: end };
}

/** Change against the previous period as a ratio (0.25 = +25 %), null when there was nothing before. */
export function change(count: number, previous: number): number | null {
  if (previous === 0) return null;
  return Math.round(((count - previous) / previous) * 10_000) / 10_000;
}

export function iso(ms: number): string {
  return new Date(ms).toISOString();
}
