/**
 * PAN-OS times. Receive / Generated Time are device-local wall clock
 * ("2019/05/15 18:03:36"); the High Resolution Timestamp (added in PAN-OS 9.1 SYSTEM and
 * 10.0 TRAFFIC/THREAT) carries milliseconds and the UTC offset
 * ("2024-01-12T11:21:15.190+01:00"), so it wins when present.
 * https://docs.paloaltonetworks.com/pan-os/10-2/pan-os-admin/monitoring/use-syslog-for-monitoring/syslog-field-descriptions/traffic-log-fields
 */
import { localToEpochMs, parseDateTime } from '../../../core/time.js';

/** True when `s` has the shape of the ISO High Resolution Timestamp (a guard against layout drift). */
export function looksIso(s: string): boolean {
  return s.length >= 20 && s.charCodeAt(4) === 45 && s.charCodeAt(7) === 45 && s.charCodeAt(10) === 84;
}

/**
 * High Resolution Timestamp → epoch ms, NaN when unreadable. Tolerates an offset cut to
 * one minute digit ("+02:0", seen from real relays) by keeping the hours only.
 */
export function highResMs(s: string): number {
  const t = parseDateTime(s, 'UTC');
  if (!Number.isNaN(t)) return t;
  const sign = Math.max(s.lastIndexOf('+'), s.lastIndexOf('-'));
  if (sign > 19 && s.length - sign < 6) return parseDateTime(s.slice(0, sign + 3), 'UTC');
  return Number.NaN;
}

/**
 * "2019/05/15 18:03:36" (the documented form) or the short "9/16/19 10:00" some exports
 * write, in the device's zone. NaN when neither.
 */
export function panLocalMs(s: string, tz: string): number {
  if (s.length === 19 && s.charCodeAt(4) === 47) return parseDateTime(s, tz);
  return shortDateMs(s, tz);
}

/** M/D/YY[YY] H:MM[:SS] → epoch ms in `tz`, NaN otherwise. */
function shortDateMs(s: string, tz: string): number {
  const p = [0, 0, 0, 0, 0, 0];
  let k = 0;
  let digits = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      p[k] = p[k] * 10 + (c - 48);
      digits++;
      if (digits > 4) return Number.NaN;
      continue;
    }
    const want = k < 2 ? 47 : k === 2 ? 32 : 58;
    if (c !== want || digits === 0 || k >= 5) return Number.NaN;
    k++;
    digits = 0;
  }
  if (k < 4 || digits === 0) return Number.NaN;
  const year = p[2] < 100 ? 2000 + p[2] : p[2];
  return localToEpochMs(year, p[0], p[1], p[3], p[4], p[5], 0, tz);
}
