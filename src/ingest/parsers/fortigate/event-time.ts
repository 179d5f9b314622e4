/**
 * FortiOS record time. FortiOS 6.0+ writes `eventtime` (epoch, UTC) next to the local
 * `date=` / `time=` pair and, from 6.2, the device offset in `tz="+0900"`:
 *
 *   date=2019-05-13 time=11:45:03 … eventtime=1557773103767393505 …           (6.2: ns)
 *   date=2020-04-23 time=12:17:48 … eventtime=1587230269052907555 tz="-0500" …
 *   time=17:24:16 devname="abc" … eventtime=1580142256 …                      (6.0: s)
 *
 * https://docs.fortinet.com/document/fortigate/7.2.5/fortios-log-message-reference/32009
 * (eventtime: "Event time", uint64; tz: "Time zone"). Firmware differs in the unit, so the digit
 * count decides: 10 → s, 13 → ms, 16 → µs, 19 → ns.
 */
import { localToEpochMs, num, offsetToEpochMs } from '../../../core/time.js';

/** Epoch ms of an `eventtime` value, NaN when it is not a plausible epoch (before 2001 or not digits). */
export function eventTimeMs(v: string): number {
  const n = v.length;
  if (n < 10 || n > 19) return Number.NaN;
  for (let i = 0; i < n; i++) {
    const c = v.charCodeAt(i);
    if (c < 48 || c > 57) return Number.NaN;
  }
  // Only the leading (up to 13) digits matter for milliseconds; ns values exceed 2^53.
  let ms: number;
  if (n <= 10) ms = num(v, 0, n) * 1000;
  else if (n <= 13) ms = num(v, 0, n);
  else if (n <= 16) ms = num(v, 0, n - 3);
  else ms = num(v, 0, n - 6);
  return ms >= 978_307_200_000 ? ms : Number.NaN;
}

/**
 * Minutes east of UTC from FortiOS `tz` values: "+0900", "-0500", "+09:00", "UTC+2",
 * "GMT+9", "UTC". NaN when the text is not an offset (then the device zone applies).
 */
export function tzOffsetMinutes(z: string): number {
  let i = 0;
  const c0 = z.charCodeAt(0);
  if (c0 === 85 /* U */ || c0 === 71 /* G */) {
    if (!(z.startsWith('UTC') || z.startsWith('GMT'))) return Number.NaN;
    if (z.length === 3) return 0;
    i = 3;
  }
  const sign = z.charCodeAt(i);
  if (sign !== 43 && sign !== 45) return Number.NaN;
  i++;
  const rest = z.length - i;
  let h: number;
  let m = 0;
  if (rest === 1 || rest === 2) h = num(z, i, rest);
  else if (rest === 4 && z.charCodeAt(i + 1) === 58) {
    h = num(z, i, 1);
    m = num(z, i + 2, 2);
  } else if (rest === 4) {
    h = num(z, i, 2);
    m = num(z, i + 2, 2);
  } else if (rest === 5 && z.charCodeAt(i + 2) === 58) {
    h = num(z, i, 2);
    m = num(z, i + 3, 2);
  } else return Number.NaN;
  if (!(h >= 0 && h <= 14 && m >= 0 && m < 60)) return Number.NaN;
  return (h * 60 + m) * (sign === 45 ? -1 : 1);
}

/**
 * `date=2019-05-15` (or 2019/05/15) + `time=18:03:36` as epoch ms: with the `tz` offset when
 * the record has one, else in the device zone. NaN for impossible dates or a bad shape.
 */
export function dateTimeMs(date: string, time: string, tz: string | undefined, deviceTz: string): number {
  if (date.length !== 10 || time.length < 8) return Number.NaN;
  const ds = date.charCodeAt(4);
  if ((ds !== 45 && ds !== 47) || date.charCodeAt(7) !== ds) return Number.NaN;
  if (time.charCodeAt(2) !== 58 || time.charCodeAt(5) !== 58) return Number.NaN;
  const y = num(date, 0, 4);
  const mo = num(date, 5, 2);
  const d = num(date, 8, 2);
  const h = num(time, 0, 2);
  const mi = num(time, 3, 2);
  const s = num(time, 6, 2);
  const off = tz ? tzOffsetMinutes(tz) : Number.NaN;
  return Number.isNaN(off)
    ? localToEpochMs(y, mo, d, h, mi, s, 0, deviceTz)
    : offsetToEpochMs(y, mo, d, h, mi, s, 0, off);
}
