/**
 * WatchGuard Firebox (Fireware) native syslog, Fireware "Log Catalog" formats:
 *   firewall: msg_id="3000-0148" Deny 1-Trusted 0-External 52 udp 20 128 10.0.0.5 203.0.113.5 51234 53 … (policy)
 *   http-proxy: msg_id="1AFF-0024" Allow 1-Trusted 0-External tcp 10.0.0.5 203.0.113.5 51234 80 msg="HTTP request" …
 * optionally after the Firebox serial and its own time: `FVE… (2024-01-10T09:49:05) firewall: …`.
 * LEEF output of the same device belongs to the `leef` parser and is not claimed.
 */
import { parseDateTime } from '../../../core/time.js';
import { hostOf, int, ip, str } from '../fields.js';
import { keyTable, scanKv } from '../kv.js';
import type { ParsedEvent, ParseResult, Parser, RecordInput } from '../types.js';
import { blankEvent, fail, headerTime } from '../types.js';
import { readHead } from './traffic-head.js';

const KEYS = [
  'msg', // 0
  'proxy_act', // 1
  'virus', // 2
  'host', // 3
  'path', // 4
  'dstname', // 5
  'arg', // 6
  'signature_name', // 7
  'signature_cat', // 8
  'severity', // 9
  'cats', // 10
  'app_name', // 11
  'app_cat_name', // 12
  'cat_name', // 13
  'sent_bytes', // 14
  'rcvd_bytes', // 15
  'src_user', // 16
  'reputation', // 17
  'geo_dst', // 18
  'rule_name', // 19
  'sender', // 20
  'recipients', // 21
  'spam_type', // 22
  'action', // 23
  'threat_level', // 24
  'md5', // 25
] as const;
const TABLE = keyTable(KEYS);
const V: (string | undefined)[] = new Array(KEYS.length).fill(undefined);

const MSG_ID = 'msg_id="';
const SNIFF_LIMIT = 96;

function msgIdAt(s: string): number {
  const k = s.indexOf(MSG_ID);
  return k >= 0 && k <= SNIFF_LIMIT ? k : -1;
}

/** `(2024-01-10T09:49:05)` before the process name: the Firebox's own local time. */
function deviceTime(s: string, before: number, tz: string): number {
  const open = s.indexOf('(');
  if (open < 0 || open > before) return Number.NaN;
  const close = s.indexOf(')', open);
  if (close !== open + 20) return Number.NaN;
  return parseDateTime(s.slice(open + 1, close), tz);
}

/** `1-Trusted` → `Trusted` (Fireware prefixes the interface number). */
function zoneOf(intf: string): string {
  const d = intf.indexOf('-');
  if (d > 0 && d <= 2) {
    const c = intf.charCodeAt(0);
    if (c >= 48 && c <= 57) return intf.slice(d + 1);
  }
  return intf;
}

/** Application protocol from the proxy action / policy name (`HTTP-Client.1`, `SMTP-Incoming`, `HTTPS-proxy-00`). */
function serviceOf(v: string | null): string | null {
  if (!v) return null;
  const u = v.toUpperCase();
  for (const p of ['HTTPS', 'HTTP', 'SMTP', 'POP3', 'IMAP', 'FTP', 'DNS']) if (u.startsWith(p)) return p;
  return null;
}

/** Trailing `(policy-00)` of a traffic record. */
function trailingPolicy(s: string): string | null {
  let e = s.length;
  while (e > 0 && s.charCodeAt(e - 1) === 32) e--;
  if (s.charCodeAt(e - 1) !== 41) return null;
  const open = s.lastIndexOf('(', e - 1);
  if (open < 0) return null;
  // "…" (quote) right before means the parenthesis was inside a value
  return open > 0 && s.charCodeAt(open - 1) === 32 ? s.slice(open + 1, e - 1) : null;
}

/** IPS / signature severity 1 (info) … 5 (critical) → SPEC 0–4. */
function sev5(v: string | undefined): number | null {
  const n = int(v);
  return n === null || n < 1 || n > 5 ? null : n - 1;
}

function classify(ev: ParsedEvent, msg: string, disp: string): void {
  const h = ev.hints;
  const lm = msg.toLowerCase();
  const sig = str(V[7]);
  const virus = str(V[2]);
  if (virus || lm.includes('virus found')) {
    ev.kind = 'threat';
    h.threatType = 'virus';
    ev.threat = virus;
  } else if (lm.includes('apt ')) {
    ev.kind = 'threat';
    h.threatType = 'virus';
    ev.threat = virus ?? str(V[25]);
  } else if (sig || lm.includes('ips ')) {
    ev.kind = 'threat';
    h.threatType = 'ips';
    ev.threat = sig;
    ev.severity = sev5(V[9]);
  } else if (lm.includes('botnet')) {
    ev.kind = 'threat';
    h.threatType = 'c2';
  } else if (lm.includes('spam')) {
    ev.kind = 'mail';
    h.threatType = 'spam';
    ev.threat = str(V[22]);
  } else if (str(V[10]) || lm.includes('webblocker') || lm.includes('bad reputation')) {
    ev.kind = 'web';
    h.threatType = 'webfilter';
    const cats = str(V[10]);
    if (cats) h.urlCategory = cats;
  } else if (str(V[11])) {
    // Application Control: a verdict only when it denied the application
    if (disp === 'block') {
      ev.kind = 'threat';
      h.threatType = 'app';
    }
  } else if (ev.url) {
    ev.kind = 'web';
  }
}

/** Management / VPN text: `… user NAME from 198.51.100.8 …`. */
function systemText(ev: ParsedEvent, s: string, from: number): void {
  const f = s.indexOf(' from ', from);
  if (f < 0) return;
  const e = s.indexOf(' ', f + 6);
  ev.src_ip = ip(s.slice(f + 6, e < 0 ? s.length : e));
  const u = s.lastIndexOf(' user ', f);
  if (u >= from && ev.user === null) ev.user = s.slice(u + 6, f) || null;
}

function parse(rec: RecordInput, tz: string): ParseResult {
  const s = rec.body;
  const k = msgIdAt(s);
  if (k < 0) return fail('malformed', 'no msg_id');
  const idEnd = s.indexOf('"', k + MSG_ID.length);
  if (idEnd < 0) return fail('truncated', 'msg_id never closed');
  let ts = deviceTime(s, k, tz);
  if (Number.isNaN(ts)) ts = headerTime(rec);
  const ev = blankEvent('watchguard', 'system', ts);
  const head = readHead(s, idEnd + 1);
  if (!scanKv(s, TABLE, V.fill(undefined), head ? head.end : idEnd + 1)) {
    return fail('truncated', 'quoted value never closed');
  }
  const msg = V[0] ?? '';
  const h = ev.hints;
  if (head) {
    ev.kind = 'traffic';
    ev.src_ip = head.src;
    ev.dst_ip = head.dst;
    ev.src_port = head.sport;
    ev.dst_port = head.dport;
    ev.proto = head.proto;
    h.srcIntf = head.srcIntf;
    h.dstIntf = head.dstIntf;
    h.srcZone = zoneOf(head.srcIntf);
    h.dstZone = zoneOf(head.dstIntf);
    const lm = msg.toLowerCase();
    ev.action =
      head.disposition.toLowerCase() === 'allow' ? 'allow' : lm.startsWith('proxydrop') ? 'drop' : 'block';
    ev.rule = trailingPolicy(s) ?? str(V[19]);
  }
  ev.user = str(V[16]);
  if (!head) systemText(ev, s, idEnd + 1);
  ev.app = str(V[11]);
  const appCat = str(V[12]) ?? str(V[13]);
  if (appCat) h.appCategory = appCat;
  const svc = serviceOf(str(V[1])) ?? serviceOf(ev.rule);
  if (svc) h.service = svc;
  const host = str(V[3]) ?? str(V[5]);
  if (host) {
    const path = V[4] ?? V[6] ?? '/';
    ev.url = (svc === 'HTTPS' || ev.dst_port === 443 ? 'https://' : 'http://') + host + path;
    ev.domain = hostOf(ev.url);
  }
  ev.bytes_out = int(V[14]);
  ev.bytes_in = int(V[15]);
  classify(ev, msg, ev.action ?? '');
  return ev;
}

export const watchguardParser: Parser = {
  id: 'watchguard',
  sniff(rec: RecordInput): boolean {
    const b = rec.body;
    return !b.startsWith('LEEF:') && msgIdAt(b) >= 0;
  },
  parse(rec: RecordInput, ctx): ParseResult {
    return parse(rec, ctx.tz);
  },
};
