/**
 * YAMAHA RTX routers (RTX810 / 830 / 1200 / 1210 / 1220 / 1300 / 3510 …). Their syslog carries no
 * program tag, so records are recognised by the message itself:
 *
 *   [INSPECT] PP[01][out][101098] TCP 192.168.100.2:1234 > 203.0.113.5:80 (2019/05/15 18:03:36)
 *   PP[01] Rejected at IN(1011) filter: TCP 203.0.113.8:43210 > 198.51.100.2:23
 *   LAN2 Passed at OUT(200099) filter: UDP 192.168.0.2:53 > 203.0.113.53:53
 *   [INTRUSION] PP[01][in] Port scan 203.0.113.8 > 198.51.100.2
 *   PPPOE[01] PPPoE Connect / IP Tunnel[1] Up / [IKE] … / [L2TP] … / [DHCPD] …
 *
 * Times without a zone are the router's clock: converted with ctx.tz (default Asia/Tokyo).
 * Japanese text (Lua script messages, names) arrives already decoded: the file reader tries UTF-8
 * then Shift_JIS, so the parser only ever sees a JS string.
 */
import { parseDateTime } from '../../../core/time.js';
import {
  blankEvent,
  fail,
  headerTime,
  type ParseContext,
  type ParseResult,
  type Parser,
  type RecordInput,
} from '../types.js';
import { readFilterLine, readInspectLine, readIntrusionLine } from './packet-lines.js';
import { hasDatePrefix, payloadStart } from './payload.js';
import { readSystemLine } from './system-lines.js';

/** Bracket tags of RTX subsystems whose lines are system messages. */
const SYSTEM_TAGS = [
  '[IKE',
  '[IPSEC]',
  '[L2TP]',
  '[DHCPD]',
  '[DHCPC]',
  '[SWCTL]',
  '[LUA]',
  '[NTPDATE]',
  '[SSHD]',
];
/** Prefixes of interface-scoped system messages. */
const SYSTEM_PREFIXES = [
  'PP[',
  'PPPOE[',
  'IP Tunnel[',
  'TUNNEL[',
  'Login succeeded for ',
  'Login failed for ',
];
/** Interface names a filter line can start with. */
const IFACES = ['LAN', 'WAN', 'PP[', 'TUNNEL[', 'BRIDGE', 'VLAN', 'LOOPBACK', 'NULL'];

type LineKind = 'inspect' | 'intrusion' | 'filter' | 'system';

/** Classifies the message at `p` without allocating; null when it is not an RTX message. */
function lineKind(s: string, p: number): LineKind | null {
  if (s.startsWith('[INSPECT] ', p)) return 'inspect';
  if (s.startsWith('[INTRUSION] ', p)) return 'intrusion';
  const sp = s.indexOf(' ', p);
  if (sp > p && sp - p <= 32 && startsWithAny(s, p, IFACES)) {
    if (
      s.startsWith(' Rejected at ', sp) ||
      s.startsWith(' Passed at ', sp) ||
      s.startsWith(' Restricted at ', sp)
    ) {
      return 'filter';
    }
  }
  if (s.charCodeAt(p) === 91 /* [ */ && startsWithAny(s, p, SYSTEM_TAGS)) return 'system';
  if (startsWithAny(s, p, SYSTEM_PREFIXES)) return 'system';
  return null;
}

function startsWithAny(s: string, p: number, list: readonly string[]): boolean {
  for (const w of list) if (s.startsWith(w, p)) return true;
  return false;
}

function sniff(rec: RecordInput): boolean {
  return lineKind(rec.line, payloadStart(rec)) !== null;
}

/** "2019/05/15 18:03:36" in the router's zone. */
function localTime(t: string | null, ctx: ParseContext): number | null {
  if (t === null || t.length !== 19) return null;
  return parseDateTime(t, ctx.tz);
}

function parse(rec: RecordInput, ctx: ParseContext): ParseResult {
  const s = rec.line;
  const p = payloadStart(rec);
  if (p >= s.length) return fail('truncated', 'no RTX message after the header');
  const kind = lineKind(s, p);
  if (kind === null) return fail('unknown-format', 'not a YAMAHA RTX message');
  let tsMs = headerTime(rec);
  // Only reached with an impossible date (the header splitter accepts every valid one): NaN.
  if (rec.header.tsMs === null && hasDatePrefix(s, 0)) tsMs = parseDateTime(s.slice(0, 19), ctx.tz);
  const ev = blankEvent('yamaha-rtx', kind === 'system' ? 'system' : 'traffic', tsMs);
  switch (kind) {
    case 'inspect': {
      const own = localTime(readInspectLine(ev, s, p), ctx);
      if (own !== null) ev.tsMs = own;
      if (ev.src_ip === null) return fail('malformed', 'INSPECT line without addresses');
      break;
    }
    case 'filter':
      if (!readFilterLine(ev, s, p, s.indexOf(' ', p))) return fail('malformed', 'unreadable filter line');
      break;
    case 'intrusion':
      readIntrusionLine(ev, s, p);
      break;
    case 'system':
      readSystemLine(ev, p === 0 ? s : s.slice(p));
      break;
  }
  return ev;
}

export const yamahaRtxParser: Parser = { id: 'yamaha-rtx', sniff, parse };
