/**
 * Number, percent and bucket formatting in the page language, dates on the Japan calendar.
 * Pure (Intl only): the browser and the server label charts and tables identically.
 */
import type { BucketStart, ChartLang } from './types.js';

export const localeOf = (lang: ChartLang) => (lang === 'en' ? 'en-GB' : 'ja-JP');

export function fmtNumber(n: number | null | undefined, lang: ChartLang): string {
  if (n === null || n === undefined || Number.isNaN(n)) return '–';
  return n.toLocaleString(localeOf(lang));
}

export function fmtPercent(ratio: number, lang: ChartLang, digits = 0): string {
  return (ratio * 100).toLocaleString(localeOf(lang), { maximumFractionDigits: digits });
}

/** A percent share of `of` with one decimal and the sign, or '–' when there is nothing to share. */
export function fmtShare(n: number, of: number, lang: ChartLang): string {
  return of > 0 ? `${fmtPercent(n / of, lang, 1)}%` : '–';
}

/** A bucket label: a day, or a month for monthly buckets. */
export function fmtBucket(start: BucketStart, bucket: string, lang: ChartLang): string {
  const d = new Date(start);
  if (Number.isNaN(d.getTime())) return String(start);
  if (bucket === 'month')
    return d.toLocaleDateString(localeOf(lang), { timeZone: 'Asia/Tokyo', year: 'numeric', month: 'short' });
  return d.toLocaleDateString(localeOf(lang), { timeZone: 'Asia/Tokyo', month: 'numeric', day: 'numeric' });
}

const MONTH_KEY = /^(\d{4})-(0[1-9]|1[0-2])$/;

/**
 * A calendar month `YYYY-MM` as a short label (2026年4月 / Apr 2026; without the year: 4月 / Apr).
 * Anything that is not `YYYY-MM` is taken as an already written label and returned unchanged.
 */
export function fmtMonth(month: string, lang: ChartLang, withYear = true): string {
  const m = MONTH_KEY.exec(month);
  if (!m) return month;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, 1));
  return d.toLocaleDateString(localeOf(lang), {
    timeZone: 'UTC',
    ...(withYear ? { year: 'numeric' } : {}),
    month: 'short',
  });
}
