/**
 * CEF date values (`rt`, `start`, `end`). The CEF Implementation Standard allows epoch
 * milliseconds or `MMM dd yyyy HH:mm:ss[.SSS] [zzz]` and `MMM dd HH:mm:ss[.SSS] [zzz]`:
 *
 *   rt=1593013776000                       (Check Point Log Exporter)
 *   rt=Mar 01 2021 20:48:21 … dtz=UTC      (Palo Alto Networks CEF)
 *   startTime=Mon Aug  1 03:30:36 2022     (Cisco ESA writes ctime; accepted too)
 *
 * Times without a zone are in `dtz` (deviceTimeZone) when present, else the device zone.
 */
import { MONTHS, parseDateTime } from '../../../core/time.js';
import { epochDigits, epochInZone, inferYear, resolveZone, type Zone } from '../leef/zones.js';

const WEEKDAYS = new Set(['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun']);

/** Epoch ms of a CEF date value; NaN when unreadable or impossible. */
export function parseCefTime(v: string, zone: Zone, nowMs: number): number {
  const c0 = v.charCodeAt(0);
  if (c0 >= 48 && c0 <= 57) {
    const e = epochDigits(v);
    if (!Number.isNaN(e)) return e;
    // ISO-8601: its own zone wins; without one, the given zone applies
    if ('tz' in zone) return parseDateTime(v, zone.tz);
    return parseDateTime(v, 'UTC') - (hasOwnZone(v) ? 0 : zone.offset * 60_000);
  }
  const parts = v.split(' ').filter((p) => p.length > 0);
  let p = 0;
  if (WEEKDAYS.has(parts[0])) p++;
  const mon = MONTHS[parts[p++]];
  if (mon === undefined) return Number.NaN;
  const day = digitsOf(parts[p++], 1, 2);
  let year = Number.NaN;
  if (parts[p] !== undefined && parts[p].length === 4 && !Number.isNaN(digitsOf(parts[p], 4, 4))) {
    year = Number(parts[p++]);
  }
  const time = parts[p++];
  if (time === undefined || time.length < 8 || time.charCodeAt(2) !== 58 || time.charCodeAt(5) !== 58) {
    return Number.NaN;
  }
  const h = digitsOf(time.slice(0, 2), 2, 2);
  const mi = digitsOf(time.slice(3, 5), 2, 2);
  const s = digitsOf(time.slice(6, 8), 2, 2);
  let ms = 0;
  if (time.length > 8) {
    if (time.charCodeAt(8) !== 46) return Number.NaN;
    ms = digitsOf(time.slice(9, 12).padEnd(3, '0'), 3, 3);
  }
  if (Number.isNaN(year) && parts[p] !== undefined && !Number.isNaN(digitsOf(parts[p], 4, 4))) {
    year = Number(parts[p++]); // ctime: "Mon Aug  1 03:30:36 2022"
  }
  let z = zone;
  if (p < parts.length) {
    const r = resolveZone(parts.slice(p).join(' '));
    if (!r) return Number.NaN;
    z = r;
  }
  if (Number.isNaN(day + h + mi + s + ms)) return Number.NaN;
  if (Number.isNaN(year)) year = inferYear(mon, day, nowMs);
  return epochInZone(year, mon, day, h, mi, s, ms, z);
}

/** A run of `min`..`max` digits as a number, NaN otherwise. */
function digitsOf(t: string | undefined, min: number, max: number): number {
  if (t === undefined || t.length < min || t.length > max) return Number.NaN;
  let n = 0;
  for (let i = 0; i < t.length; i++) {
    const c = t.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return Number.NaN;
    n = n * 10 + c;
  }
  return n;
}

/** True when an ISO date-time string ends in Z or ±hh:mm. */
function hasOwnZone(v: string): boolean {
  for (let i = 19; i < v.length; i++) {
    const c = v.charCodeAt(i);
    if (c === 90 || c === 122 || c === 43 || c === 45) return true;
  }
  return false;
}
