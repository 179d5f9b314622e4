/**
 * IBM QRadar Log Event Extended Format (LEEF 1.0 / 2.0) parser. Header and predefined
 * attributes follow the QRadar "LEEF format guide"
 * (https://www.ibm.com/docs/en/dsm?topic=overview-leef-event-components); vendor modules
 * add WatchGuard, Forcepoint, Aruba and CyberArk specifics.
 *
 *   <13>Jan 18 11:07:53 192.168.1.1 LEEF:2.0|Lancope|StealthWatch|1.0|41|^|src=10.0.1.8^dst=10.0.0.5^sev=5
 */
import { parseDateTime } from '../../../core/time.js';
import { vendorAction } from '../cef/action.js';
import { parseCefTime } from '../cef/cef-time.js';
import { hostOf, int, ip, port, protoName, severity10, str } from '../fields.js';
import {
  blankEvent,
  fail,
  headerTime,
  type ParseContext,
  type ParseResult,
  type Parser,
  type RecordInput,
} from '../types.js';
import { detectDelimiter, scanAttributes, scanSpaced } from './attributes.js';
import { applyAudit } from './audit-vendors.js';
import { applyForcepoint } from './forcepoint.js';
import { leefStart, parseLeefHeader } from './header.js';
import { parseJavaDate } from './java-date.js';
import { L, LEEF_KEYS, NSLOTS } from './keys.js';
import { applyWatchguard } from './watchguard.js';
import { epochDigits } from './zones.js';

/** `vendor` of the event, from the header's Vendor field. */
export function leefVendor(vendor: string): string {
  const v = vendor.toLowerCase();
  if (v.startsWith('watchguard')) return 'watchguard';
  if (v.startsWith('forcepoint') || v.startsWith('stonesoft')) return 'forcepoint';
  if (v.startsWith('aruba')) return 'aruba';
  if (v.startsWith('cyber-ark') || v.startsWith('cyberark')) return 'cyberark';
  return 'leef';
}

type Values = readonly (string | undefined)[];
// Reused value array: parse is synchronous, so one buffer serves every record.
const values: (string | undefined)[] = new Array(NSLOTS).fill(undefined);

export const leefParser: Parser = {
  id: 'leef',
  sniff(rec: RecordInput): boolean {
    return leefStart(rec.body) >= 0;
  },
  parse(rec: RecordInput, ctx: ParseContext): ParseResult {
    const s = rec.body;
    const start = leefStart(s);
    if (start < 0) return fail('unknown-format', 'no LEEF header');
    const h = parseLeefHeader(s, start);
    if (h === null) return fail('truncated', 'LEEF header with fewer than five fields');
    if (h === 'bad-delimiter')
      return fail('malformed', 'LEEF 2.0 delimiter field is not a character or hex code');
    if (!/^[12](\.0)?$/.test(h.version)) return fail('malformed', `LEEF version "${h.version}" unknown`);
    values.fill(undefined);
    const delim = h.delimiter ?? detectDelimiter(s, h.attrStart);
    const pairs =
      delim === ' '
        ? scanSpaced(s, h.attrStart, LEEF_KEYS, values)
        : scanAttributes(s, h.attrStart, delim, LEEF_KEYS, values);
    if (pairs === 0 && s.slice(h.attrStart).trim().length > 0) {
      return fail('malformed', 'LEEF attributes without key=value pairs');
    }
    const vendor = leefVendor(h.vendor);
    const ev = blankEvent(vendor, 'traffic', 0);
    const v = values;
    ev.src_ip = ip(str(v[L.src]));
    ev.dst_ip = ip(str(v[L.dst]));
    ev.src_port = port(v[L.srcPort]);
    ev.dst_port = port(v[L.dstPort]);
    ev.proto = protoName(str(v[L.proto]));
    ev.action = vendorAction(v[L.action]);
    ev.user = str(v[L.usrName]);
    // srcBytes = bytes the source sent (predefined attribute definition)
    ev.bytes_out = int(v[L.srcBytes]);
    ev.bytes_in = int(v[L.dstBytes]);
    ev.severity = severity10(str(v[L.sev]));
    ev.rule = str(v[L.policy]);
    const url = str(v[L.url]);
    if (url) {
      ev.url = url;
      ev.domain = hostOf(url);
    } else {
      const d = str(v[L.domain]);
      if (d) ev.domain = d.toLowerCase();
    }
    ev.kind = ev.src_ip || ev.dst_ip || ev.dst_port !== null ? 'traffic' : 'system';
    switch (vendor) {
      case 'watchguard':
        applyWatchguard(v, ev);
        break;
      case 'forcepoint':
        applyForcepoint(h.eventId, ev);
        break;
      case 'aruba':
      case 'cyberark':
        applyAudit(v, ev);
        break;
    }
    ev.tsMs = leefTime(v, rec, ctx);
    return ev;
  },
};

/**
 * devTime read with devTimeFormat when given; without it, epoch milliseconds (the
 * guide's default), ISO-8601, or the CEF-style "MMM dd yyyy HH:mm:ss"; else the syslog
 * header time.
 */
function leefTime(v: Values, rec: RecordInput, ctx: ParseContext): number {
  const t = str(v[L.devTime]);
  if (!t) return headerTime(rec);
  const fmt = str(v[L.devTimeFormat]);
  const zone = { tz: ctx.tz };
  if (fmt) return parseJavaDate(t, fmt, zone, ctx.nowMs);
  const c0 = t.charCodeAt(0);
  if (c0 >= 48 && c0 <= 57) {
    const e = epochDigits(t);
    return Number.isNaN(e) ? parseDateTime(t, ctx.tz) : e;
  }
  return parseCefTime(t, zone, ctx.nowMs);
}
