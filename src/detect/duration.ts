/** Rule time spans: a positive integer and one unit, as in Sigma correlations ("30s", "5m", "1h", "30d"). */

const UNITS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** Longest span a rule may name (a year: first-seen memories and suppression). */
export const MAX_SPAN_MS = 366 * 86_400_000;

/** Milliseconds, or an error text naming what is wrong. */
export function parseDuration(text: unknown): number | string {
  if (typeof text !== 'string') return 'a time span is a text like "30s", "5m", "1h" or "30d"';
  const m = /^([0-9]+)([smhd])$/.exec(text.trim());
  if (!m) return `"${text}" is not a time span: write a whole number and one unit s, m, h or d (e.g. "5m")`;
  const ms = Number(m[1]) * UNITS[m[2]];
  if (ms <= 0) return `"${text}": a time span must be longer than zero`;
  if (ms > MAX_SPAN_MS) return `"${text}": a time span must be at most 366d`;
  return ms;
}

/** The shortest exact text for a span (for docs and signals). */
export function formatDuration(ms: number): string {
  for (const [u, n] of [
    ['d', 86_400_000],
    ['h', 3_600_000],
    ['m', 60_000],
  ] as const) {
    if (ms % n === 0) return `${ms / n}${u}`;
  }
  return `${Math.round(ms / 1000)}s`;
}
