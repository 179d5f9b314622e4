/** Number, date and change formatting in the page language, times shown in Japan time. */
import { localeOf as locale } from '../charts/format.js';
import type { Lang } from './i18n/index.js';

// The pure formatters live with the charts so the server labels PDFs the same way.
export { fmtBucket, fmtNumber, fmtPercent } from '../charts/format.js';

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

/** A list typed as `a, b, c` (the way lists are shown for editing): blanks dropped. */
export function splitList(s: string): string[] {
  return s
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean);
}
