/**
 * Older OPSEC LEA exports (fw1-loggrabber style): every column double-quoted, separated
 * by spaces, in a fixed order:
 *   "num" "date" "time" "ifname" "origin" "type" "action" "service" "s_port" "src" "dst" "proto" "rule" "rule_name" "rule_uid" "" "info" "product" "" ""
 *   "22" "10Dec2019" "23:44:49" "eth1" "gw01" "Log" "Accept" "443" "44250" "10.0.0.5" "203.0.113.10" "tcp" "81" "Web" "81-Policy" "" "inzone: Internal; outzone: External; service_id: https" "VPN-1 & FireWall-1" "" ""
 * Check Point does not document this column order; it follows the LEA field names of
 * https://support.checkpoint.com/results/sk/sk100023 (OPSEC LEA fields) as public
 * samples show them (see fixtures/README.md).
 */
import { localToEpochMs, MONTHS, num } from '../../../core/time.js';
import { fail, type ParseResult } from '../types.js';
import { K, type Slots } from './fields.js';
import { cpEvent } from './to-event.js';

/** Columns: 0-based positions of the fields the event needs. */
const COL = {
  date: 1,
  time: 2,
  ifname: 3,
  action: 6,
  service: 7,
  sport: 8,
  src: 9,
  dst: 10,
  proto: 11,
  rule: 12,
  ruleName: 13,
  info: 16,
  product: 17,
} as const;

/** `"…" "…" …` → column texts, or null when a quote is never closed. */
function columns(s: string): string[] | null {
  const cols: string[] = [];
  let i = 0;
  const n = s.length;
  while (i < n) {
    if (s.charCodeAt(i) !== 34) break; // trailing junk (e.g. "#013" for an escaped CR)
    const e = s.indexOf('"', i + 1);
    if (e < 0) return null;
    cols.push(s.slice(i + 1, e));
    i = e + 1;
    while (i < n && s.charCodeAt(i) === 32) i++;
  }
  return cols;
}

/** "10Dec2019" + "23:44:49", device-local. */
function leaTime(date: string, time: string, tz: string): number {
  const mIdx = date.length - 7;
  if (mIdx < 1 || mIdx > 2 || time.length !== 8) return Number.NaN;
  const mon = MONTHS[date.slice(mIdx, mIdx + 3)];
  if (mon === undefined) return Number.NaN;
  return localToEpochMs(
    num(date, mIdx + 3, 4),
    mon,
    num(date, 0, mIdx),
    num(time, 0, 2),
    num(time, 3, 2),
    num(time, 6, 2),
    0,
    tz,
  );
}

/** "inzone: External; outzone: Internal; service_id: https" → one value. */
function infoValue(info: string, key: string): string | undefined {
  const at = info.indexOf(key + ': ');
  if (at < 0 || (at > 0 && info.charCodeAt(at - 1) !== 32)) return undefined;
  const s = at + key.length + 2;
  const e = info.indexOf(';', s);
  return info.slice(s, e < 0 ? info.length : e);
}

export function looksLea(body: string): boolean {
  // "<digits>" "<d>{1,2}<Mon><yyyy>" "hh:mm:ss"
  if (body.charCodeAt(0) !== 34) return false;
  const q = body.indexOf('" "', 1);
  if (q < 2 || q > 21) return false;
  for (let i = 1; i < q; i++) {
    const c = body.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  const d = q + 3;
  const e = body.indexOf('" "', d);
  if (e - d < 8 || e - d > 9) return false;
  return MONTHS[body.slice(e - 7, e - 4)] !== undefined && body.charCodeAt(e + 5) === 58;
}

export function parseLea(body: string, tz: string): ParseResult {
  const c = columns(body);
  if (c === null) return fail('truncated', 'LEA column quote never closed');
  if (c.length < COL.proto + 1) return fail('truncated', `LEA record with ${c.length} columns`);
  const v: Slots = [];
  v[K.ifname] = c[COL.ifname];
  v[K.action] = c[COL.action];
  v[K.service] = c[COL.service];
  v[K.s_port] = c[COL.sport];
  v[K.src] = c[COL.src];
  v[K.dst] = c[COL.dst];
  v[K.proto] = c[COL.proto];
  v[K.rule] = c[COL.rule];
  v[K.rule_name] = c[COL.ruleName];
  v[K.product] = c[COL.product];
  const info = c[COL.info] ?? '';
  v[K.inzone] = infoValue(info, 'inzone');
  v[K.outzone] = infoValue(info, 'outzone');
  v[K.service_id] = infoValue(info, 'service_id');
  return cpEvent(v, leaTime(c[COL.date], c[COL.time], tz));
}
