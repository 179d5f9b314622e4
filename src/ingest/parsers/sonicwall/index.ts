/**
 * SonicWall SonicOS syslog ("SonicOS Log Events Reference Guide"):
 *   id=firewall sn=… time="2019-05-15 18:03:36" fw=… pri=6 c=262144 m=98 msg="Connection Opened"
 *   n=… src=10.0.0.5:51234:X0 dst=203.0.113.5:443:X1 proto=tcp/https …
 * `m` is the event id, `c` the legacy category bitmask; both plus the message text
 * decide the event type. Keys are read with scanKv; `appName='…'` (single quotes,
 * which scanKv does not know) is read separately.
 */
import { parseDateTime } from '../../../core/time.js';
import { hostOf, int, normAction, str } from '../fields.js';
import { keyTable, scanKv } from '../kv.js';
import type { ParsedEvent, ParseResult, Parser, RecordInput, ThreatType } from '../types.js';
import { blankEvent, fail, headerTime } from '../types.js';
import { readHost, splitProto } from './fields-map.js';

const KEYS = [
  'time', // 0
  'pri', // 1
  'c', // 2
  'm', // 3
  'msg', // 4
  'src', // 5
  'dst', // 6
  'srcV6', // 7
  'dstV6', // 8
  'proto', // 9
  'sent', // 10
  'rcvd', // 11
  'appName', // 12
  'appcat', // 13
  'dstname', // 14
  'arg', // 15
  'Category', // 16
  'ipscat', // 17
  'fw_action', // 18
  'rule', // 19
  'usr', // 20
  'user', // 21
  'srcZone', // 22
  'dstZone', // 23
  'sid', // 24
  'catid', // 25
  'op', // 26
  'app', // 27
  'spycat', // 28
  'dstV6Name', // 29
  'note', // 30
  'ipspri', // 31
] as const;
const TABLE = keyTable(KEYS);
const V: (string | undefined)[] = new Array(KEYS.length).fill(undefined);

/** SonicOS priorities 0 emergency … 7 debug → SPEC 0–4. */
const PRI = [4, 4, 4, 3, 2, 2, 0, 0];

/** Offset of `id=` when the body is a SonicOS record (optionally after one host token). */
function recordStart(s: string): number {
  let i = 0;
  while (s.charCodeAt(i) === 32) i++;
  if (!s.startsWith('id=', i)) {
    // "10.0.0.1 id=firewall …" (relay prepends the sender), "<134>  id=…"
    const sp = s.indexOf(' ', i);
    if (sp < 0 || sp - i > 45) return -1;
    i = sp;
    while (s.charCodeAt(i) === 32) i++;
    if (!s.startsWith('id=', i)) return -1;
  }
  const sn = s.indexOf(' sn=', i);
  if (sn < 0 || sn - i > 48) return -1;
  return s.indexOf(' fw=', sn) > 0 || s.indexOf(' time=', sn) > 0 ? i : -1;
}

/** `time="2019-05-15 18:03:36"` (device local) or `"… UTC"`. */
function recordTime(v: string | undefined, tz: string): number {
  if (!v) return Number.NaN;
  if (v.endsWith(' UTC')) return parseDateTime(v.slice(0, -4), 'UTC');
  return parseDateTime(v, tz);
}

/** `appName='General HTTPS'`: single-quoted values are not scanKv's quoting. */
function singleQuoted(s: string, key: string): string | null {
  const k = s.indexOf(` ${key}='`);
  if (k < 0) return null;
  const st = k + key.length + 3;
  const e = s.indexOf("'", st);
  return e > st ? s.slice(st, e) : null;
}

/** The name after `…Alert: ` in an IPS / GAV / Anti-Spyware message, without a trailing verdict. */
function alertName(msg: string): string | null {
  const k = msg.indexOf(': ');
  if (k < 0) return null;
  let v = msg.slice(k + 2);
  const sid = v.indexOf(', SID:');
  if (sid > 0) v = v.slice(0, sid);
  for (const tail of [' blocked.', ' blocked', ' detected.', ' detected']) {
    if (v.endsWith(tail)) v = v.slice(0, -tail.length);
  }
  return v.length > 0 ? v : null;
}

function classify(ev: ParsedEvent, m: number | null, c: number | null, msg: string): void {
  const lm = msg.toLowerCase();
  let tt: ThreatType | undefined;
  if (
    m === 82 ||
    m === 83 ||
    lm.includes('port scan') ||
    lm.includes('ping sweep') ||
    lm.includes('sweep detected')
  ) {
    tt = 'scan';
    ev.kind = 'anomaly';
    ev.threat = msg;
  } else if (
    lm.includes('flood') ||
    lm.includes('ping of death') ||
    lm.includes('land attack') ||
    lm.includes('smurf')
  ) {
    tt = 'dos';
    ev.kind = 'anomaly';
    ev.threat = msg;
  } else if (lm.startsWith('ips detection') || lm.startsWith('ips prevention') || lm.startsWith('idp ')) {
    tt = 'ips';
    ev.kind = 'threat';
    ev.threat = alertName(msg);
    ev.action = lm.startsWith('ips prevention') ? 'block' : 'detect';
  } else if (lm.startsWith('gateway anti-virus') || lm.startsWith('gav ') || lm.includes('virus alert')) {
    tt = 'virus';
    ev.kind = 'threat';
    ev.threat = alertName(msg);
    ev.action = lm.includes('blocked') || lm.includes('prevention') ? 'block' : 'detect';
  } else if (lm.startsWith('anti-spyware') || lm.includes('spyware detection') || lm.includes('botnet')) {
    tt = 'c2';
    ev.kind = 'threat';
    ev.threat = alertName(msg);
    ev.action = lm.includes('prevention') || lm.includes('blocked') ? 'block' : 'detect';
  } else if (lm.startsWith('application control') || lm.startsWith('app control')) {
    tt = 'app';
    ev.kind = 'threat';
    ev.threat = alertName(msg);
    ev.action = lm.includes('prevention') || lm.includes('block') ? 'block' : 'detect';
  } else if (lm.includes('spam') || lm.startsWith('anti-spam') || lm.includes('junk')) {
    tt = 'spam';
    ev.kind = 'mail';
    ev.hints.service = 'SMTP';
  } else if (m === 14 || lm.startsWith('web site access denied') || lm.startsWith('web site blocked')) {
    tt = 'webfilter';
    ev.kind = 'web';
    ev.action = 'block';
  } else if (
    m === 97 ||
    m === 16 ||
    lm.startsWith('web site hit') ||
    lm.startsWith('web site access allowed')
  ) {
    tt = 'webfilter';
    ev.kind = 'web';
    ev.action = 'allow';
  } else if (
    m === 98 ||
    m === 537 ||
    lm.startsWith('connection opened') ||
    lm.startsWith('connection closed')
  ) {
    ev.kind = 'traffic';
    ev.action = 'allow';
  } else if (lm.includes('dropped') || lm.includes('denied') || lm.includes('blocked')) {
    ev.kind = 'traffic';
    ev.action = lm.includes('dropped') ? 'drop' : 'block';
    // admin-login / VPN / auth denials are system records even though they deny
    if (c !== null && (c & (16 | 32)) !== 0 && lm.includes('login')) ev.kind = 'system';
  } else {
    ev.kind = 'system';
  }
  if (tt) ev.hints.threatType = tt;
}

function parse(rec: RecordInput, tz: string): ParseResult {
  const s = rec.body;
  const start = recordStart(s);
  if (start < 0) return fail('malformed', 'not a SonicOS id= record');
  V.fill(undefined);
  if (!scanKv(s, TABLE, V, start)) return fail('truncated', 'quoted value never closed');
  let ts = recordTime(V[0], tz);
  if (V[0] === undefined) ts = headerTime(rec);
  const ev = blankEvent('sonicwall', 'system', ts);
  const pri = int(V[1]);
  const c = int(V[2]);
  const m = int(V[3]);
  const msg = V[4] ?? '';
  const src = readHost(V[5], V[7]);
  const dst = readHost(V[6], V[8]);
  ev.src_ip = src.ip;
  ev.src_port = src.port;
  ev.dst_ip = dst.ip;
  ev.dst_port = dst.port;
  const [proto, svc] = splitProto(V[9]);
  ev.proto = proto;
  const h = ev.hints;
  if (svc) h.service = svc;
  // SonicOS counts from the initiator's side: `sent` by the source, `rcvd` by it
  ev.bytes_out = int(V[10]);
  ev.bytes_in = int(V[11]);
  const sz = str(V[22]);
  const dz = str(V[23]);
  if (sz) h.srcZone = sz;
  if (dz) h.dstZone = dz;
  if (src.intf) h.srcIntf = src.intf;
  if (dst.intf) h.dstIntf = dst.intf;
  const user = str(V[20]) ?? str(V[21]);
  ev.user = user && !user.startsWith('Unknown') ? user : null;
  ev.rule = str(V[19]);
  const appName = singleQuoted(s, 'appName') ?? str(V[12]);
  ev.app = appName && !appName.startsWith('General ') ? appName : null;
  const appcat = str(V[13]);
  if (appcat) h.appCategory = appcat;
  const cat = str(V[16]);
  if (cat) h.urlCategory = cat;
  const host = str(V[14]);
  if (host) {
    const path = V[15] ?? '';
    const scheme = svc === 'https' || ev.dst_port === 443 ? 'https://' : 'http://';
    ev.url = scheme + host + path;
    ev.domain = hostOf(ev.url);
  }
  ev.severity = pri !== null && pri < 8 ? PRI[pri] : null;
  classify(ev, m, c, msg);
  const fa = str(V[18]);
  if (fa && fa !== 'NA') ev.action = normAction(fa) ?? ev.action;
  if (h.threatType === 'ips' && !ev.threat) ev.threat = str(V[17]);
  // IPS priority 1 high, 2 medium, 3 low says more than the syslog priority
  const ipsPri = int(V[31]);
  if (ipsPri !== null && ipsPri >= 1 && ipsPri <= 3) ev.severity = 4 - ipsPri;
  // the IPS signature category "SCAN" holds port-scan / probe signatures
  if (h.threatType === 'ips' && (str(V[17]) ?? ev.threat ?? '').startsWith('SCAN ')) h.threatType = 'scan';
  if ((h.threatType === 'scan' || h.threatType === 'dos') && ev.action === null) ev.action = 'detect';
  if (ev.kind === 'traffic' || ev.kind === 'web') ev.severity = null;
  return ev;
}

export const sonicwallParser: Parser = {
  id: 'sonicwall',
  sniff(rec: RecordInput): boolean {
    return recordStart(rec.body) >= 0;
  },
  parse(rec: RecordInput, ctx): ParseResult {
    return parse(rec, ctx.tz);
  },
};
