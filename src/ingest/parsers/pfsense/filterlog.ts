/**
 * pf `filterlog` CSV, as pfSense 2.x and OPNsense write it (the same layout on both):
 *
 *   5,,,1000000103,igb1,match,block,in,4,0x0,,64,12345,0,none,6,tcp,60,198.51.100.7,192.0.2.10,41234,22,0,S,…
 *
 * Field order: https://docs.netgate.com/pfsense/en/latest/monitoring/raw-filter-log-format.html
 * (OPNsense keeps it: https://github.com/opnsense/ports/blob/master/opnsense/filterlog/files/description.txt)
 *
 *   common   0 rule, 1 sub-rule, 2 anchor, 3 tracker, 4 interface, 5 reason, 6 action, 7 dir, 8 ip version
 *   IPv4     9 tos, 10 ecn, 11 ttl, 12 id, 13 offset, 14 flags, 15 proto id, 16 proto text, 17 length, 18 src, 19 dst
 *   IPv6     9 class, 10 flow label, 11 hop limit, 12 proto text, 13 proto id, 14 length, 15 src, 16 dst
 *   then     tcp/udp: src port, dst port, data length[, tcp flags, seq, ack, window, urg, options]
 *            icmp: type, then type-specific values; carp: type, ttl, vhid, version, advskew, advbase
 *            anything else: "datalength=N"
 */
import type { Action } from '../../../event/event.js';
import { ip, port, protoName } from '../fields.js';
import { fail, type ParseFailure } from '../types.js';
import type { CsvView } from './csv-view.js';

export interface FilterlogFields {
  rule: string;
  tracker: string;
  iface: string;
  action: Action;
  dir: string;
  proto: string | null;
  length: number | null;
  src: string;
  dst: string;
  srcPort: number | null;
  dstPort: number | null;
}

/** Field offsets of the addresses for each IP version. */
const V4_SRC = 18;
const V6_SRC = 15;

/**
 * pf action words. `block` covers both drop and reject rules (filterlog does not tell them apart);
 * `rdr` / `nat` / `binat` appear for translation rules that have logging on.
 */
function pfAction(v: string): Action {
  switch (v) {
    case 'pass':
      return 'allow';
    case 'block':
      return 'block';
    case 'rdr':
      return 'redirect';
    default:
      return 'other';
  }
}

/** Cheap test: does `s` start like filterlog CSV (digits, then action and in/out at their places)? */
export function looksLikeFilterlog(s: string, start: number): boolean {
  const c = s.charCodeAt(start);
  if (c < 48 || c > 57) return false;
  // find the commas that end fields 0..7; field 6 is the action, field 7 the direction, field 8 the version
  let p = start;
  let f6 = -1;
  let f7 = -1;
  for (let f = 0; f < 8; f++) {
    const comma = s.indexOf(',', p);
    if (comma < 0 || comma - p > 64) return false;
    if (f === 6) f6 = p;
    if (f === 7) f7 = p;
    p = comma + 1;
  }
  const actionOk =
    s.startsWith('block,', f6) ||
    s.startsWith('pass,', f6) ||
    s.startsWith('match,', f6) ||
    s.startsWith('rdr,', f6);
  const dirOk = s.startsWith('in,', f7) || s.startsWith('out,', f7);
  const ver = s.charCodeAt(p);
  return actionOk && dirOk && (ver === 52 || ver === 54) && s.charCodeAt(p + 1) === 44;
}

/** True for a non-empty run of ASCII digits. */
function isDigits(v: string | undefined): boolean {
  if (!v || v.length === 0) return false;
  for (let i = 0; i < v.length; i++) {
    const c = v.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

/** Reads the 5-tuple from the CSV view, or says why the record is not usable. */
export function readFilterlog(f: CsvView): FilterlogFields | ParseFailure {
  if (f.n < 9) return fail(f.n === 1 ? 'malformed' : 'truncated', 'not enough filterlog fields');
  if (f.n < 12) return fail('truncated', 'too few filterlog fields');
  let srcAt: number;
  let protoText: string | undefined;
  let protoId: string | undefined;
  let lengthAt: number;
  if (f.is(8, '4')) {
    srcAt = V4_SRC;
    protoId = f.get(15);
    protoText = f.get(16);
    lengthAt = 17;
  } else if (f.is(8, '6')) {
    srcAt = V6_SRC;
    protoText = f.get(12);
    protoId = f.get(13);
    lengthAt = 14;
  } else {
    return fail('malformed', `unknown ip version ${f.get(8)}`);
  }
  let src = ip(f.get(srcAt));
  let dst = ip(f.get(srcAt + 1));
  if (src === null || dst === null) {
    // Some producers shift fields (e.g. an IPv6 record carrying IPv4-style TOS/ID/flags columns).
    // The address pair is unambiguous, so anchor on it: length, proto id and proto text precede it.
    const k = findAddressPair(f, 9);
    if (k < 0) {
      return f.n < srcAt + 2
        ? fail('truncated', 'filterlog record cut short before the addresses')
        : fail('malformed', 'no source/destination address');
    }
    srcAt = k;
    src = ip(f.get(k));
    dst = ip(f.get(k + 1));
    lengthAt = k - 1;
    // IPv4 order is "id,text", IPv6 order is "text,id": whichever of the two is numeric is the id.
    const a = f.get(k - 3);
    const b = f.get(k - 2);
    if (isDigits(a) && !isDigits(b)) {
      protoId = a;
      protoText = b;
    } else {
      protoText = a;
      protoId = b;
    }
  }
  if (src === null || dst === null) return fail('malformed', 'no source/destination address');
  const proto = protoName(protoText && protoText.length > 0 ? protoText : protoId);
  let srcPort: number | null = null;
  let dstPort: number | null = null;
  // Ports only for TCP / UDP; ICMP's next fields are its type and ids, CARP's its type and TTL.
  // The protocol text decides (it is what pf printed); the id only when the text is empty.
  if (proto === 'tcp' || proto === 'udp') {
    srcPort = port(f.get(srcAt + 2));
    dstPort = port(f.get(srcAt + 3));
  }
  const lengthText = f.get(lengthAt);
  return {
    rule: f.get(0) ?? '',
    tracker: f.get(3) ?? '',
    iface: f.get(4) ?? '',
    action: pfAction(f.get(6) ?? ''),
    dir: f.is(7, 'in') ? 'in' : f.is(7, 'out') ? 'out' : '',
    proto,
    length: isDigits(lengthText) ? Number(lengthText) : null,
    src,
    dst,
    srcPort,
    dstPort,
  };
}

function findAddressPair(f: CsvView, from: number): number {
  for (let k = from + 3; k + 1 < f.n; k++) if (ip(f.get(k)) && ip(f.get(k + 1))) return k;
  return -1;
}

/** OPNsense labels its rules with a 32-hex md5 "rid"; pfSense trackers are decimal numbers. */
export function isOpnsenseLabel(tracker: string): boolean {
  if (tracker.length !== 32) return false;
  for (let i = 0; i < 32; i++) {
    const c = tracker.charCodeAt(i);
    if (!((c >= 48 && c <= 57) || (c >= 97 && c <= 102))) return false;
  }
  return true;
}
