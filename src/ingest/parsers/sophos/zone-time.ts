/**
 * Sophos record times.
 *
 * SFOS up to 18.0 writes local time plus a zone name: `date=2017-01-31 time=18:29:09 timezone="IST"`
 * (or an offset, `timezone="+11"`); SFOS 18.5+ / 19 writes `timestamp="2025-03-12T11:03:06-0400"`.
 * https://docs.sophos.com/nsg/sophos-firewall/20.0/syslog/index.html
 *
 * Sophos UTM 9 stamps its own syslog lines `2016:12:07-14:12:23 host ulogd[4966]: …` in the
 * appliance's local time (Sophos UTM knowledge base, "Log file format"); the shared syslog header
 * parser does not know that shape, so it is read here.
 */
import { localToEpochMs, num, offsetToEpochMs } from '../../../core/time.js';

/**
 * Zone names whose offset is unambiguous. Names with several meanings (IST: India / Ireland /
 * Israel; CST: China / US Central) are left out: the device zone of the profile decides them.
 */
const ZONE_OFFSETS: Record<string, number> = {
  UTC: 0,
  GMT: 0,
  WET: 0,
  WEST: 60,
  BST: 60,
  CET: 60,
  CEST: 120,
  MET: 60,
  MEST: 120,
  EET: 120,
  EEST: 180,
  MSK: 180,
  GST: 240,
  PKT: 300,
  ICT: 420,
  WIB: 420,
  HKT: 480,
  SGT: 480,
  AWST: 480,
  JST: 540,
  KST: 540,
  ACST: 570,
  AEST: 600,
  AEDT: 660,
  NZST: 720,
  NZDT: 780,
  EST: -300,
  EDT: -240,
  CDT: -300,
  MST: -420,
  MDT: -360,
  PST: -480,
  PDT: -420,
  AKST: -540,
  HST: -600,
};

/** Minutes east of UTC for `timezone=` ("JST", "+11", "+05:30", "-0400"), NaN when unknown. */
export function zoneOffsetMinutes(z: string | undefined): number {
  if (!z) return Number.NaN;
  const named = ZONE_OFFSETS[z];
  if (named !== undefined) return named;
  const sign = z.charCodeAt(0);
  if (sign !== 43 && sign !== 45) return Number.NaN;
  const rest = z.length - 1;
  let h: number;
  let m = 0;
  if (rest === 1 || rest === 2) h = num(z, 1, rest);
  else if (rest === 4) {
    h = num(z, 1, 2);
    m = num(z, 3, 2);
  } else if (rest === 5 && z.charCodeAt(3) === 58) {
    h = num(z, 1, 2);
    m = num(z, 4, 2);
  } else return Number.NaN;
  if (!(h >= 0 && h <= 14 && m >= 0 && m < 60)) return Number.NaN;
  return (h * 60 + m) * (sign === 45 ? -1 : 1);
}

/** `date=2017-01-31` + `time=18:29:09` with the `timezone` when known, else the device zone. */
export function xgDateTimeMs(date: string, time: string, zone: string | undefined, deviceTz: string): number {
  if (date.length !== 10 || time.length < 8 || date.charCodeAt(4) !== 45 || date.charCodeAt(7) !== 45) {
    return Number.NaN;
  }
  if (time.charCodeAt(2) !== 58 || time.charCodeAt(5) !== 58) return Number.NaN;
  const y = num(date, 0, 4);
  const mo = num(date, 5, 2);
  const d = num(date, 8, 2);
  const h = num(time, 0, 2);
  const mi = num(time, 3, 2);
  const s = num(time, 6, 2);
  const off = zoneOffsetMinutes(zone);
  return Number.isNaN(off)
    ? localToEpochMs(y, mo, d, h, mi, s, 0, deviceTz)
    : offsetToEpochMs(y, mo, d, h, mi, s, 0, off);
}

/** True when `s` has a UTM 9 stamp `YYYY:MM:DD-HH:MM:SS` at `i`. */
function utmStampAt(s: string, i: number): boolean {
  return (
    s.charCodeAt(i + 4) === 58 &&
    s.charCodeAt(i + 7) === 58 &&
    s.charCodeAt(i + 10) === 45 &&
    s.charCodeAt(i + 13) === 58 &&
    s.charCodeAt(i + 16) === 58
  );
}

/**
 * Epoch ms of the first UTM 9 stamp in s[0, end) (normally at 0; after a relay's own header
 * otherwise), NaN for an impossible date, null when there is none.
 */
export function utmStampMs(s: string, end: number, deviceTz: string): number | null {
  for (let i = 0; i + 19 <= end; i++) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) continue;
    if (!utmStampAt(s, i)) continue;
    return localToEpochMs(
      num(s, i, 4),
      num(s, i + 5, 2),
      num(s, i + 8, 2),
      num(s, i + 11, 2),
      num(s, i + 14, 2),
      num(s, i + 17, 2),
      0,
      deviceTz,
    );
  }
  return null;
}
