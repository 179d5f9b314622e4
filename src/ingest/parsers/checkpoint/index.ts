/**
 * Check Point (Log Exporter and older exports). Forms:
 *  - syslog: `[key:"value"; …]` as RFC 5424 structured data or message
 *      <134>1 2019-10-15T17:05:20+03:00 gw01 CheckPoint 12345 - [action:"Accept"; ifdir:"inbound"; …]
 *  - Splunk / generic key=value, `|` or space separated
 *      time=1571155520|hostname=gw01|product=Firewall|action=Drop|ifdir=inbound|src=…|dst=…|service=…
 *  - the quoted-column OPSEC LEA export (legacy-lea.ts)
 *  - CEF belongs to the cef parser; a forced `--format checkpoint` hands it over.
 * https://support.checkpoint.com/results/sk/sk122323  (Log Exporter)
 */
import { parseDateTime } from '../../../core/time.js';
import { cefParser } from '../cef/index.js';
import { keyTable, scanKv } from '../kv.js';
import { fail, type ParseContext, type ParseResult, type Parser, type RecordInput } from '../types.js';
import { CP_KEYS, K, type Slots } from './fields.js';
import { looksLea, parseLea } from './legacy-lea.js';
import { scanSd } from './sd-scan.js';
import { cpEvent } from './to-event.js';

const TABLE = keyTable(CP_KEYS);

/**
 * Where the `[key:"value"; …]` block starts in `rec.line`, or −1. The block is the
 * header's structured data, the message itself, or the message after "syslog".
 */
function sdStart(rec: RecordInput): number {
  const { line, header } = rec;
  let at = -1;
  if (header.sd !== null) {
    // bodyStart = sd start + sd length (+ a space, + a BOM)
    for (let back = 0; back <= 2 && at < 0; back++) {
      const cand = header.bodyStart - header.sd.length - back;
      if (cand >= 0 && line.startsWith(header.sd, cand)) at = cand;
    }
  } else {
    const b = header.bodyStart;
    if (line.charCodeAt(b) === 91) at = b;
    else if (line.startsWith('syslog[', b)) at = b + 6;
  }
  if (at < 0) return -1;
  // `[word:"` — Check Point keys, not RFC 5424 `[sdid@pen key="v"]`
  let i = at + 1;
  while (i < at + 40) {
    const c = line.charCodeAt(i);
    if ((c >= 97 && c <= 122) || c === 95 || (c >= 48 && c <= 57)) i++;
    else break;
  }
  if (i === at + 1 || line.charCodeAt(i) !== 58) return -1;
  return line.indexOf(':"', at) > 0 &&
    (line.includes('origin:"', at) || line.includes('loguid:"', at) || line.includes('product:"', at))
    ? at
    : -1;
}

/** `time=<digits>` then `|` or a space, with Check Point keys further on. */
function kvSeparator(body: string): number {
  if (!body.startsWith('time=')) return -1;
  let i = 5;
  while (body.charCodeAt(i) >= 48 && body.charCodeAt(i) <= 57) i++;
  if (i === 5) return -1;
  const sep = body.charCodeAt(i);
  if (sep !== 124 && sep !== 32) return -1;
  const p = sep === 124 ? '|product=' : ' product=';
  return body.includes(p) && (body.includes('origin=') || body.includes('loguid=') || body.includes('ifdir='))
    ? sep
    : -1;
}

/** Epoch seconds from `time`, else the syslog header time (also the "2018-03-21 17:25:25" variant). */
function cpTime(v: Slots, rec: RecordInput, ctx: ParseContext): number {
  const t = v[K.time];
  if (t !== undefined) {
    let n = 0;
    let ok = t.length > 0 && t.length <= 11;
    for (let i = 0; ok && i < t.length; i++) {
      const c = t.charCodeAt(i) - 48;
      if (c < 0 || c > 9) ok = false;
      else n = n * 10 + c;
    }
    if (ok) return n * 1000;
    const iso = parseDateTime(t, ctx.tz);
    if (!Number.isNaN(iso)) return iso;
  }
  const h = rec.header.tsMs;
  if (h !== null && !Number.isNaN(h)) return h;
  // "<134>1 2018-03-21 17:25:25 host CheckPoint 13752 - [...]": a space instead of "T"
  const line = rec.line;
  const gt = line.indexOf('>');
  if (gt > 0 && gt < 5 && line.startsWith('1 ', gt + 1) && line.charCodeAt(gt + 13) === 32) {
    return parseDateTime(line.slice(gt + 3, gt + 22), ctx.tz);
  }
  return h ?? -1;
}

/** A complete syslog-form record ends with "]" (trailing spaces and an escaped CR aside). */
function endsWithBracket(line: string): boolean {
  let e = line.length - 1;
  while (e > 0 && line.charCodeAt(e) === 32) e--;
  if (line.endsWith('#013', e + 1)) e -= 4;
  return line.charCodeAt(e) === 93;
}

function fromSlots(v: Slots, rec: RecordInput, ctx: ParseContext): ParseResult {
  if (v[K.product] === undefined && v[K.src] === undefined && v[K.action] === undefined) {
    return fail('malformed', 'no Check Point fields');
  }
  return cpEvent(v, cpTime(v, rec, ctx));
}

export const checkpointParser: Parser = {
  id: 'checkpoint',
  sniff(rec) {
    const b = rec.body;
    return sdStart(rec) >= 0 || kvSeparator(b) >= 0 || looksLea(b);
  },
  parse(rec, ctx) {
    const b = rec.body;
    if (b.startsWith('CEF:')) return cefParser.parse(rec, ctx);
    const at = sdStart(rec);
    if (at >= 0) {
      const v: Slots = [];
      if (!scanSd(rec.line, at, TABLE, v) || !endsWithBracket(rec.line)) {
        return fail('truncated', 'record cut before the closing "]"');
      }
      return fromSlots(v, rec, ctx);
    }
    const sep = kvSeparator(b);
    if (sep >= 0) {
      const v: Slots = [];
      if (!scanKv(b, TABLE, v, 0, sep)) return fail('truncated', 'value quote never closed');
      return fromSlots(v, rec, ctx);
    }
    if (looksLea(b)) return parseLea(b, ctx.tz);
    return fail('unknown-format', 'not a Check Point record');
  },
};
