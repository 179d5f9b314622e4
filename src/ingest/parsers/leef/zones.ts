/**
 * Zone tokens as CEF and LEEF timestamps write them: `Z`, `+0900`, `+09:00`, `GMT+09:00`,
 * Java zone abbreviations (`CEST`, `JST`, `PST`, …) and IANA names (`Asia/Tokyo`).
 * Used by the LEEF devTimeFormat interpreter and by the CEF `rt` / `start` reader.
 */
import { isValidZone, localToEpochMs, offsetToEpochMs } from '../../../core/time.js';

/**
 * Fixed offsets (minutes east) of the abbreviations Java's SimpleDateFormat `z` writes.
 * Ambiguous ones follow Java: CST = US Central, IST = India.
 */
const ABBREV: Record<string, number> = {
  UTC: 0,
  GMT: 0,
  UT: 0,
  Z: 0,
  WET: 0,
  WEST: 60,
  BST: 60,
  CET: 60,
  MET: 60,
  CEST: 120,
  MEST: 120,
  EET: 120,
  EEST: 180,
  MSK: 180,
  IST: 330,
  ICT: 420,
  WIB: 420,
  HKT: 480,
  SGT: 480,
  PHT: 480,
  AWST: 480,
  JST: 540,
  KST: 540,
  ACST: 570,
  AEST: 600,
  AEDT: 660,
  NZST: 720,
  NZDT: 780,
  HST: -600,
  AKST: -540,
  AKDT: -480,
  PST: -480,
  PDT: -420,
  MST: -420,
  MDT: -360,
  CST: -360,
  CDT: -300,
  EST: -300,
  EDT: -240,
};

/** A resolved zone: a fixed offset in minutes, or an IANA zone name. */
export type Zone = { offset: number } | { tz: string };

/** Parses `[+-]HH[:]MM` / `[+-]HH` at s[i, end); NaN when it is not one. */
function numericOffset(s: string, i: number, end: number): number {
  const sign = s.charCodeAt(i);
  if (sign !== 43 && sign !== 45) return Number.NaN;
  const digits = s.slice(i + 1, end).replace(':', '');
  if (!/^\d{1,4}$/.test(digits)) return Number.NaN;
  let h: number;
  let m = 0;
  if (digits.length <= 2) h = Number(digits);
  else {
    h = Number(digits.slice(0, digits.length - 2));
    m = Number(digits.slice(-2));
  }
  if (h > 14 || m > 59) return Number.NaN;
  return (sign === 45 ? -1 : 1) * (h * 60 + m);
}

/** Resolves a zone token, or null when it is not one we know. */
export function resolveZone(tok: string): Zone | null {
  if (tok.length === 0) return null;
  const abbr = ABBREV[tok] ?? ABBREV[tok.toUpperCase()];
  if (abbr !== undefined) return { offset: abbr };
  const c = tok.charCodeAt(0);
  if (c === 43 || c === 45) {
    const off = numericOffset(tok, 0, tok.length);
    return Number.isNaN(off) ? null : { offset: off };
  }
  if (tok.startsWith('GMT') || tok.startsWith('UTC')) {
    const off = numericOffset(tok, 3, tok.length);
    return Number.isNaN(off) ? null : { offset: off };
  }
  if (tok.indexOf('/') > 0 && isValidZone(tok)) return { tz: tok };
  return null;
}

/** Epoch ms of wall-clock fields in `zone` (NaN for impossible fields). */
export function epochInZone(
  y: number,
  mo: number,
  d: number,
  h: number,
  mi: number,
  s: number,
  ms: number,
  zone: Zone,
): number {
  return 'offset' in zone
    ? offsetToEpochMs(y, mo, d, h, mi, s, ms, zone.offset)
    : localToEpochMs(y, mo, d, h, mi, s, ms, zone.tz);
}

/** RFC 3164-style missing year: the year that puts the date closest before `nowMs`. */
export function inferYear(month: number, day: number, nowMs: number): number {
  const y = new Date(nowMs).getUTCFullYear();
  return Date.UTC(y, month - 1, day) - nowMs > 31 * 86_400_000 ? y - 1 : y;
}

/** Epoch from a digits-only value: seconds (≤ 10 digits), ms (13), µs (16) or ns (19). NaN otherwise. */
export function epochDigits(v: string): number {
  const n = v.length;
  if (n === 0 || n > 19) return Number.NaN;
  for (let i = 0; i < n; i++) {
    const c = v.charCodeAt(i);
    if (c < 48 || c > 57) return Number.NaN;
  }
  if (n <= 10) return Number(v) * 1000;
  if (n <= 13) return Number(v);
  if (n <= 16) return Math.floor(Number(v.slice(0, n - 3)));
  return Number(v.slice(0, n - 6));
}
