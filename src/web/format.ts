/** Number, date and change formatting in the page language, times shown in Japan time. */
import type { Lang } from './i18n/index.js';

const locale = (lang: Lang) => (lang === 'en' ? 'en-GB' : 'ja-JP');

export function fmtNumber(n: number | null | undefined, lang: Lang): string {
  if (n === null || n === undefined || Number.isNaN(n)) return '–';
  return n.toLocaleString(locale(lang));
}

export function fmtDateTime(iso: string | null | undefined, lang: Lang): string {
  if (!iso) return '–';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return d.toLocaleString(locale(lang), {
    timeZone: 'Asia/Tokyo',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
  });
}

/** A bucket label: a day, or a month for monthly buckets. */
export function fmtBucket(iso: string, bucket: string, lang: Lang): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  if (bucket === 'month')
    return d.toLocaleDateString(locale(lang), { timeZone: 'Asia/Tokyo', year: 'numeric', month: 'short' });
  return d.toLocaleDateString(locale(lang), { timeZone: 'Asia/Tokyo', month: 'numeric', day: 'numeric' });
}

export function fmtPercent(ratio: number, lang: Lang, digits = 0): string {
  return (ratio * 100).toLocaleString(locale(lang), { maximumFractionDigits: digits });
}

/** A list typed as `a, b, c` (the way lists are shown for editing): blanks dropped. */
export function splitList(s: string): string[] {
  return s
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean);
}
