/**
 * Local device time → UTC. Devices write wall-clock time without a zone; the device's
 * IANA zone (default Asia/Tokyo) says what it meant. Offsets are cached per zone and
 * UTC hour, so the hot path costs one Map lookup after the first record of each hour.
 */

export const DEFAULT_TZ = 'Asia/Tokyo';

const offsetCache = new Map<string, Map<number, number>>();
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(tz: string): Intl.DateTimeFormat {
  let f = formatters.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: tz,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(tz, f);
  }
  return f;
}

/** Minutes east of UTC that `tz` observes at the UTC instant `utcMs`. */
export function zoneOffsetMinutes(tz: string, utcMs: number): number {
  const hour = Math.floor(utcMs / 3_600_000);
  // Records of one device come in time order: the last answer is nearly always the one.
  if (hour === lastHour && tz === lastTz) return lastOffset;
  let perZone = offsetCache.get(tz);
  if (!perZone) {
    perZone = new Map();
    offsetCache.set(tz, perZone);
  }
  let off = perZone.get(hour);
  if (off === undefined) {
    const parts = formatterFor(tz).formatToParts(new Date(hour * 3_600_000));
    const get = (t: string) => Number(parts.find((p) => p.type === t)?.value);
    const asUtc = Date.UTC(
      get('year'),
      get('month') - 1,
      get('day'),
      get('hour'),
      get('minute'),
      get('second'),
    );
    off = Math.round((asUtc - hour * 3_600_000) / 60_000);
    if (perZone.size > 50_000) perZone.clear();
    perZone.set(hour, off);
  }
  lastTz = tz;
  lastHour = hour;
  lastOffset = off;
  return off;
}
let lastTz = '';
let lastHour = Number.NaN;
let lastOffset = 0;

export function isValidZone(tz: string): boolean {
  try {
    formatterFor(tz);
    return true;
  } catch {
    return false;
  }
}

/**
 * Epoch ms of a wall-clock time in `tz`, or NaN when the fields are impossible
 * (month 13, 31 February, hour 25 …).
 */
export function localToEpochMs(
  year: number,
  month: number,
  day: number,
  hour: number,
  minute: number,
  second: number,
  ms: number,
  tz: string,
): number {
  if (!validFields(year, month, day, hour, minute, second)) return Number.NaN;
  const naive = Date.UTC(year, month - 1, day, hour, minute, second, ms);
  let off = zoneOffsetMinutes(tz, naive);
  let utc = naive - off * 60_000;
  const off2 = zoneOffsetMinutes(tz, utc);
  if (off2 !== off) {
    off = off2;
    utc = naive - off * 60_000;
  }
  return utc;
}

/** Epoch ms of a time written with an explicit UTC offset (minutes east). */
export function offsetToEpochMs(
  year: number,
  month: number,
  day: number,
  hour: number,
  minute: number,
  second: number,
  ms: number,
  offsetMinutes: number,
): number {
  if (!validFields(year, month, day, hour, minute, second)) return Number.NaN;
  return Date.UTC(year, month - 1, day, hour, minute, second, ms) - offsetMinutes * 60_000;
}

const DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function validFields(y: number, mo: number, d: number, h: number, mi: number, s: number): boolean {
  if (!(y >= 1970 && y <= 2200)) return false;
  if (!(mo >= 1 && mo <= 12)) return false;
  if (!(d >= 1 && d <= DAYS_IN_MONTH[mo - 1])) return false;
  if (mo === 2 && d === 29 && !(y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0))) return false;
  if (!(h >= 0 && h <= 23 && mi >= 0 && mi <= 59 && s >= 0 && s <= 60)) return false;
  return true;
}

/** ISO-8601 UTC with milliseconds, or null for NaN / out-of-range. */
export function isoOrNull(epochMs: number): string | null {
  if (!Number.isFinite(epochMs) || epochMs < 0 || epochMs > 7_258_118_400_000) return null;
  // Logs come in time order: reuse the formatted second and append the milliseconds.
  const t = Math.floor(epochMs);
  const sec = Math.floor(t / 1000);
  if (sec !== lastSec) {
    lastSec = sec;
    lastPrefix = new Date(sec * 1000).toISOString().slice(0, 20);
  }
  const ms = t - sec * 1000;
  return lastPrefix + (ms < 10 ? '00' : ms < 100 ? '0' : '') + ms + 'Z';
}
let lastSec = Number.NaN;
let lastPrefix = '';

/**
 * Parses `YYYY-MM-DD[T ]HH:MM:SS[.fff][Z|±HH:MM|±HHMM]` (also `/` as date separator).
 * Without a zone the time is local to `tz`. NaN when it is not such a string.
 */
export function parseDateTime(s: string, tz: string): number {
  const n = s.length;
  if (n < 19) return Number.NaN;
  const y = num(s, 0, 4);
  const sep = s.charCodeAt(4);
  if (sep !== 45 && sep !== 47) return Number.NaN;
  const mo = num(s, 5, 2);
  const d = num(s, 8, 2);
  const t = s.charCodeAt(10);
  if (t !== 84 && t !== 32) return Number.NaN;
  const h = num(s, 11, 2);
  const mi = num(s, 14, 2);
  const sec = num(s, 17, 2);
  let i = 19;
  let ms = 0;
  if (i < n && (s.charCodeAt(i) === 46 || s.charCodeAt(i) === 44)) {
    i++;
    const start = i;
    while (i < n && s.charCodeAt(i) >= 48 && s.charCodeAt(i) <= 57) i++;
    const frac = s.slice(start, Math.min(i, start + 3)).padEnd(3, '0');
    ms = Number(frac);
  }
  if (i === n) return localToEpochMs(y, mo, d, h, mi, sec, ms, tz);
  const z = s.charCodeAt(i);
  if (z === 90 || z === 122) return i + 1 === n ? offsetToEpochMs(y, mo, d, h, mi, sec, ms, 0) : Number.NaN;
  if (z === 43 || z === 45) {
    const oh = num(s, i + 1, 2);
    const rest = s.charCodeAt(i + 3) === 58 ? i + 4 : i + 3;
    const om = rest < n ? num(s, rest, 2) : 0;
    if (!(oh >= 0 && oh <= 14 && om >= 0 && om < 60)) return Number.NaN;
    const off = (oh * 60 + om) * (z === 45 ? -1 : 1);
    return offsetToEpochMs(y, mo, d, h, mi, sec, ms, off);
  }
  return Number.NaN;
}

/** Decimal digits at s[start, start+len) as a number, NaN when any is not a digit. */
export function num(s: string, start: number, len: number): number {
  let v = 0;
  for (let i = start; i < start + len; i++) {
    const c = s.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return Number.NaN;
    v = v * 10 + c;
  }
  return v;
}

export const MONTHS: Record<string, number> = {
  Jan: 1,
  Feb: 2,
  Mar: 3,
  Apr: 4,
  May: 5,
  Jun: 6,
  Jul: 7,
  Aug: 8,
  Sep: 9,
  Oct: 10,
  Nov: 11,
  Dec: 12,
};
