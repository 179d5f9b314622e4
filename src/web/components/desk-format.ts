/**
 * Pure formatting and Japan-time helpers of the desk screens (no React, no DOM), kept
 * apart so they are tested on their own.
 */
import type { Lang } from '../i18n/index.js';

export function fmtYen(n: number | null | undefined, lang: Lang): string {
  if (n === null || n === undefined || Number.isNaN(n)) return '–';
  return lang === 'en' ? `¥${n.toLocaleString('en-GB')}` : `${n.toLocaleString('ja-JP')} 円`;
}

/** Minutes as "2時間5分" / "2 h 5 min". */
export function fmtMinutes(n: number | null | undefined, lang: Lang): string {
  if (n === null || n === undefined || Number.isNaN(n)) return '–';
  const m = Math.round(n);
  const h = Math.floor(m / 60);
  const r = m % 60;
  if (lang === 'en') return h > 0 ? `${h} h ${r} min` : `${r} min`;
  return h > 0 ? `${h}時間${r}分` : `${r}分`;
}

export function fmtBytes(n: number, lang: Lang): string {
  const unit = (v: number, u: string) =>
    `${v.toLocaleString(lang === 'en' ? 'en-GB' : 'ja-JP', { maximumFractionDigits: 1 })} ${u}`;
  if (n >= 1024 * 1024) return unit(n / (1024 * 1024), 'MB');
  if (n >= 1024) return unit(n / 1024, 'KB');
  return unit(n, 'B');
}

const JST_MS = 9 * 3_600_000;

/** A datetime-local value typed in Japan time → epoch ms (the API's request times); '' → undefined. */
export function jstLocalToMs(v: string): number | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})/.exec(v);
  if (!m) return undefined;
  return Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5])) - JST_MS;
}

/** An ISO instant → the datetime-local value showing it in Japan time. */
export function isoToJstLocal(iso: string | null | undefined): string {
  if (!iso) return '';
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return '';
  return new Date(ms + JST_MS).toISOString().slice(0, 16);
}

/** Now in Japan time as a datetime-local value (the default of "when did it happen"). */
export function nowJstLocal(): string {
  return new Date(Date.now() + JST_MS).toISOString().slice(0, 16);
}

/** This month in Japan as YYYY-MM. */
export function thisMonthJst(): string {
  return new Date(Date.now() + JST_MS).toISOString().slice(0, 7);
}

/** An alert's title in the page language. */
export function alertTitle(a: { title: string; titleJa: string }, lang: Lang): string {
  return lang === 'en' ? a.title || a.titleJa : a.titleJa || a.title;
}

/** The display text of a {ja, en} pair in the page language. */
export function pickLang(v: { ja: string; en: string } | undefined, lang: Lang): string {
  if (!v) return '';
  return (lang === 'en' ? v.en : v.ja) || v.ja || v.en;
}

/** Typed with a Japanese IME: full-width digits and dashes become the ASCII the API takes. */
export function asciiDigits(s: string): string {
  return s
    .normalize('NFKC')
    .replace(/[‐‑‒–—―ーｰ−]/g, '-')
    .trim();
}
