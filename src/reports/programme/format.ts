/** How the programme report writes numbers, shares, dates and durations (ja / en). */
import { tokyoDate } from '../../portal/period.js';
import type { Lang } from './texts.js';

export function fmtInt(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}

/** A guide, not a measurement: two significant digits below 1, one decimal below 10, else whole. */
export function fmtGuide(n: number): string {
  if (n === 0) return '0';
  if (n < 1) return String(Number(n.toPrecision(2)));
  return n < 10 ? (Math.round(n * 10) / 10).toLocaleString('en-US') : fmtInt(n);
}

/** 0.2 → "20%", 0.025 → "2.5%". */
export function fmtPercent(ratio: number): string {
  const p = Math.round(ratio * 1000) / 10;
  return `${p.toLocaleString('en-US')}%`;
}

/** 'YYYY-MM-DD' of the Tokyo calendar day holding `ms`. */
export function tokyoDay(ms: number): string {
  const { y, m, d } = tokyoDate(ms);
  return `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/** 'YYYY-MM' of the Tokyo month holding `ms`. */
export function tokyoMonth(ms: number): string {
  return tokyoDay(ms).slice(0, 7);
}

const MONTHS_EN = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** A 'YYYY-MM-DD' day as the seed writes it (2019/9/5), or "5 Sep 2019" in English. */
export function fmtDay(day: string, lang: Lang): string {
  const [y, m, d] = day.split('-').map(Number);
  return lang === 'ja' ? `${y}/${m}/${d}` : `${d} ${MONTHS_EN[m - 1]} ${y}`;
}

/** A 'YYYY-MM' month: "2019年9月" / "Sep 2019". */
export function fmtMonth(month: string, lang: Lang): string {
  const [y, m] = month.split('-').map(Number);
  return lang === 'ja' ? `${y}年${m}月` : `${MONTHS_EN[m - 1]} ${y}`;
}

/** Minutes as "1時間5分" / "1 h 5 min"; null as the given dash. */
export function fmtMinutes(min: number | null, lang: Lang, none: string): string {
  if (min === null) return none;
  const h = Math.floor(min / 60);
  const m = min % 60;
  if (lang === 'ja') return h > 0 ? `${h}時間${m > 0 ? `${m}分` : ''}` : `${m}分`;
  return h > 0 ? `${h} h${m > 0 ? ` ${m} min` : ''}` : `${m} min`;
}

export function fmtYen(yen: number, lang: Lang): string {
  return lang === 'ja' ? `${fmtInt(yen)}円` : `¥${fmtInt(yen)}`;
}

/**
 * The seed's "1/5 of all 100 UTMs": the unit fraction 1/k (k = 2…10) nearest to n/m when
 * it is within 10 % of it, flagged exact or not; null when no unit fraction is close
 * (a share above about a half or below a tenth is written as a percentage instead).
 */
export function unitFraction(n: number, m: number): { k: number; exact: boolean } | null {
  if (m <= 0 || n <= 0 || n > m) return null;
  const r = n / m;
  let best = 0;
  for (let k = 2; k <= 10; k++) if (best === 0 || Math.abs(r - 1 / k) < Math.abs(r - 1 / best)) best = k;
  const target = 1 / best;
  if (Math.abs(r - target) / target > 0.1) return null;
  return { k: best, exact: n * best === m };
}
