/**
 * ArcSight Common Event Format (CEF) parser, for every producer that writes CEF:
 * FortiGate, Palo Alto Networks, Check Point, Trend Micro Deep Security, Cisco ESA and
 * any other (vendor 'cef'). Header and standard keys follow the "ArcSight Common Event
 * Format (CEF) Implementation Standard"; vendor modules in this folder add what each
 * producer puts in its own keys and custom-string labels.
 *
 *   <134>Feb 12 11:11:30 fw01 CEF:0|Fortinet|Fortigate|v5.6.0|00013|traffic:forward close|3|src=192.168.1.183 …
 */
import { epochDigits, resolveZone, type Zone } from '../leef/zones.js';
import {
  blankEvent,
  fail,
  headerTime,
  type ParseContext,
  type ParseResult,
  type Parser,
  type RecordInput,
} from '../types.js';
import { parseCefTime } from './cef-time.js';
import { applyCheckpoint } from './checkpoint.js';
import { applyCisco } from './cisco.js';
import { applyStandard, directionOf, type Values } from './common.js';
import { scanExtension } from './extension.js';
import { applyFortinet, fortinetZone } from './fortinet.js';
import { type CefHeader, cefStart, parseCefHeader } from './header.js';
import { CEF_KEYS, NSLOTS, S } from './keys.js';
import { applyPaloalto } from './paloalto.js';
import { applyTrendmicro } from './trendmicro.js';

/** `vendor` of the event, from the header's Device Vendor. */
export function cefVendor(deviceVendor: string): string {
  const v = deviceVendor.toLowerCase();
  if (v.startsWith('fortinet')) return 'fortigate';
  if (v.startsWith('palo alto')) return 'paloalto';
  if (v.startsWith('check point') || v.startsWith('checkpoint')) return 'checkpoint';
  if (v.startsWith('trend micro') || v.startsWith('trendmicro')) return 'trendmicro';
  if (v.startsWith('cisco')) return 'cisco';
  return 'cef';
}

// Reused value array: parse is synchronous, so one buffer serves every record.
const values: (string | undefined)[] = new Array(NSLOTS).fill(undefined);

export const cefParser: Parser = {
  id: 'cef',
  sniff(rec: RecordInput): boolean {
    return cefStart(rec.body) >= 0;
  },
  parse(rec: RecordInput, ctx: ParseContext): ParseResult {
    const s = rec.body;
    const start = cefStart(s);
    if (start < 0) return fail('unknown-format', 'no CEF header');
    const h = parseCefHeader(s, start);
    if (!h) return fail('truncated', 'CEF header with fewer than seven fields');
    if (!isVersion(h.version)) return fail('malformed', `CEF version "${h.version}" is not a number`);
    values.fill(undefined);
    const pairs = scanExtension(s, h.extStart, s.length, CEF_KEYS, values);
    if (pairs === 0 && s.length - h.extStart > 0 && s.slice(h.extStart).trim().length > 0) {
      return fail('malformed', 'CEF extension without key=value pairs');
    }
    const vendor = cefVendor(h.vendor);
    const ev = blankEvent(vendor, 'traffic', 0);
    applyStandard(h, values, ev);
    switch (vendor) {
      case 'fortigate':
        applyFortinet(h, values, ev);
        break;
      case 'paloalto':
        applyPaloalto(h, values, ev);
        break;
      case 'checkpoint':
        applyCheckpoint(h, values, ev);
        break;
      case 'trendmicro':
        applyTrendmicro(h, values, ev);
        break;
      case 'cisco':
        applyCisco(h, values, ev);
        break;
      default: {
        const dir = directionOf(values);
        if (dir) ev.hints.direction = dir;
      }
    }
    ev.tsMs = eventTime(h, values, vendor, rec, ctx);
    return ev;
  },
};

/**
 * The record's own time: FortiGate's eventtime (epoch s / ms / µs / ns), else the CEF
 * date keys — `start` first for Palo Alto (its generation time), `rt` first otherwise —
 * else the syslog header's time.
 */
function eventTime(_h: CefHeader, v: Values, vendor: string, rec: RecordInput, ctx: ParseContext): number {
  if (vendor === 'fortigate') {
    const et = v[S.ftEventtime];
    if (et) return epochDigits(et);
  }
  const order = vendor === 'paloalto' ? [S.start, S.rt, S.end] : [S.rt, S.start, S.end];
  for (const slot of order) {
    const t = v[slot];
    if (t) {
      const dtz = v[S.dtz] ?? (vendor === 'fortigate' ? fortinetZone(v) : null);
      const zone: Zone = (dtz ? resolveZone(dtz) : null) ?? { tz: ctx.tz };
      return parseCefTime(t, zone, ctx.nowMs);
    }
  }
  return headerTime(rec);
}

/** CEF version: one or two digits (0 and 1 are defined). */
function isVersion(v: string): boolean {
  const n = v.length;
  if (n < 1 || n > 2) return false;
  for (let i = 0; i < n; i++) {
    const c = v.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}
