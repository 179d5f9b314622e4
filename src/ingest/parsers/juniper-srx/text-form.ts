/**
 * SRX "standard" (non-structured) syslog, e.g.
 *   RT_FLOW_SESSION_CREATE: session created 10.0.0.5/51234->203.0.113.5/443 0x0 junos-https …
 *   RT_SCREEN_TCP: TCP port scan! source: 203.0.113.5:40000, destination: 10.0.0.5:23, zone name: untrust, …
 *   IDP_ATTACK_LOG_EVENT: IDP: at 1583190783, SIG Attack log <a/p->b/q> for TCP protocol and service …
 *   WEBFILTER_URL_BLOCKED: WebFilter: ACTION="URL Blocked" a(p)->b(q) CATEGORY="…" … URL=host OBJ=/ …
 * Fields land in the same slots as the structured form so one mapper serves both.
 */
import { keyTable, scanKv } from '../kv.js';
import { type Fields, type Key, SLOT } from './structured.js';

function set(out: Fields, k: Key, v: string | undefined): void {
  if (v !== undefined && v.length > 0) out[SLOT[k]] = v;
}

/** `a/p->b/q` or `a(p)->b(q)` starting at `i` (the token holding "->"). */
function readTuple(s: string, start: number, end: number, out: Fields): void {
  const arrow = s.indexOf('->', start);
  if (arrow < 0 || arrow >= end) return;
  const [sa, sp] = hostPort(s.slice(start, arrow));
  const [da, dp] = hostPort(s.slice(arrow + 2, end));
  set(out, 'source-address', sa);
  set(out, 'source-port', sp);
  set(out, 'destination-address', da);
  set(out, 'destination-port', dp);
}

function hostPort(t: string): [string, string | undefined] {
  const paren = t.indexOf('(');
  if (paren > 0) return [t.slice(0, paren), t.slice(paren + 1, t.indexOf(')', paren))];
  const slash = t.lastIndexOf('/');
  if (slash > 0) return [t.slice(0, slash), t.slice(slash + 1)];
  return [t, undefined];
}

function isDigits(t: string | undefined): boolean {
  if (!t || t.length === 0) return false;
  for (let i = 0; i < t.length; i++) {
    const c = t.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

/** `5(400)` → "400". */
function parenValue(t: string | undefined): string | undefined {
  if (!t) return undefined;
  const p = t.indexOf('(');
  return p > 0 ? t.slice(p + 1, t.indexOf(')', p)) : undefined;
}

function flow(name: string, text: string, out: Fields): void {
  const tok = text.split(' ');
  const t0 = tok.findIndex((t) => t.includes('->'));
  if (t0 < 0) return;
  const first = tok[t0];
  readTuple(first, 0, first.length, out);
  let k = t0 + 1;
  while (k < tok.length && tok[k].startsWith('0x')) k++;
  set(out, 'service-name', tok[k]);
  if (name.endsWith('_DENY')) {
    // … service protocol-id(icmp-type) policy source-zone destination-zone application …
    const p = tok[k + 1] ?? '';
    const paren = p.indexOf('(');
    set(out, 'protocol-id', paren > 0 ? p.slice(0, paren) : p);
    set(out, 'policy-name', tok[k + 2]);
    set(out, 'source-zone-name', tok[k + 3]);
    set(out, 'destination-zone-name', tok[k + 4]);
    set(out, 'application', tok[k + 5]);
    set(out, 'nested-application', tok[k + 6]);
    return;
  }
  // after the NAT tuple: [rule types and names…] protocol-id policy src-zone dst-zone session-id
  let n = tok.findIndex((t, i) => i > k && t.includes('->'));
  if (n < 0) n = k;
  for (let i = n + 1; i + 4 < tok.length; i++) {
    const p = tok[i];
    if (isDigits(p) && Number(p) <= 255 && isDigits(tok[i + 4])) {
      set(out, 'protocol-id', p);
      set(out, 'policy-name', tok[i + 1]);
      set(out, 'source-zone-name', tok[i + 2]);
      set(out, 'destination-zone-name', tok[i + 3]);
      if (name.endsWith('_CLOSE')) {
        set(out, 'bytes-from-client', parenValue(tok[i + 5]));
        set(out, 'bytes-from-server', parenValue(tok[i + 6]));
        set(out, 'application', tok[i + 8]);
        set(out, 'nested-application', tok[i + 9]);
        const u = tok[i + 10];
        if (u) set(out, 'username', u.slice(0, u.indexOf('(') > 0 ? u.indexOf('(') : u.length));
      } else {
        const u = tok[i + 5];
        if (u) set(out, 'username', u.slice(0, u.indexOf('(') > 0 ? u.indexOf('(') : u.length));
        set(out, 'packet-incoming-interface', tok[i + 6]);
        set(out, 'application', tok[i + 7]);
        set(out, 'nested-application', tok[i + 8]);
      }
      return;
    }
  }
}

/** `label: value,` after `key` in a comma-separated sentence. */
function labelled(text: string, label: string): string | undefined {
  const k = text.indexOf(label);
  if (k < 0) return undefined;
  const s = k + label.length;
  const c = text.indexOf(',', s);
  return text.slice(s, c < 0 ? text.length : c).trim();
}

function screen(text: string, out: Fields): void {
  const src = text.indexOf(' source: ');
  set(out, 'attack-name', text.slice(0, src < 0 ? text.length : src).trim());
  for (const [label, addr, prt] of [
    ['source: ', 'source-address', 'source-port'],
    ['destination: ', 'destination-address', 'destination-port'],
  ] as const) {
    const v = labelled(text, label);
    if (!v) continue;
    // IPv4 "a.b.c.d:port"; IPv6 has more colons, port after the last
    const c = v.lastIndexOf(':');
    if (c > 0 && v.indexOf('.') > 0) {
      set(out, addr, v.slice(0, c));
      set(out, prt, v.slice(c + 1));
    } else set(out, addr, v);
  }
  set(out, 'source-zone-name', labelled(text, 'zone name: '));
  set(out, 'interface-name', labelled(text, 'interface name: '));
  set(out, 'action', labelled(text, 'action: '));
}

const IDP_KV = keyTable(['action', 'threat-severity', 'name', 'username'] as const);

function idp(text: string, out: Fields): void {
  const lt = text.indexOf('<');
  // the '>' that closes <a/p->b/q>, not the one inside "->"
  const arrow = lt >= 0 ? text.indexOf('->', lt) : -1;
  const gt = arrow >= 0 ? text.indexOf('>', arrow + 2) : -1;
  if (lt >= 0 && gt > lt) readTuple(text, lt + 1, gt, out);
  const mt = text.indexOf(', ');
  if (mt > 0) {
    const sp = text.indexOf(' ', mt + 2);
    set(out, 'message-type', text.slice(mt + 2, sp));
  }
  const forAt = text.indexOf(' for ', gt);
  if (forAt > 0) set(out, 'protocol-name', text.slice(forAt + 5, text.indexOf(' ', forAt + 5)));
  const rule = text.indexOf(' by rule ');
  if (rule > 0) set(out, 'rule-name', text.slice(rule + 9, text.indexOf(' ', rule + 9)));
  const pol = text.indexOf(' in policy ');
  if (pol > 0) {
    const dot = text.indexOf('. attack:', pol);
    set(out, 'policy-name', text.slice(pol + 11, dot < 0 ? text.indexOf(' ', pol + 11) : dot));
  }
  const at = text.indexOf('attack: ');
  if (at >= 0) {
    // "attack: repeat=0, action=DROP, threat-severity=HIGH, name=HTTP:…, NAT <…>, …"
    const vals: (string | undefined)[] = [];
    scanKv(text, IDP_KV, vals, at + 8, 44);
    set(out, 'action', vals[0]);
    set(out, 'threat-severity', vals[1]);
    set(out, 'attack-name', vals[2]);
    set(out, 'username', vals[3]);
  }
  const intf = text.indexOf('intf:');
  if (intf > 0) {
    const comma = text.indexOf(',', intf);
    const v = text.slice(intf + 5, comma < 0 ? text.length : comma);
    const arrow = v.indexOf('->');
    if (arrow > 0) {
      const s = v.slice(0, arrow).split(':');
      const d = v.slice(arrow + 2).split(':');
      set(out, 'source-zone-name', s[0]);
      set(out, 'source-interface-name', s[1]);
      set(out, 'destination-zone-name', d[0]);
      set(out, 'destination-interface-name', d[1]);
    }
  }
}

const WF_KV = keyTable(['CATEGORY', 'REASON', 'PROFILE', 'URL', 'OBJ', 'ACTION'] as const);

function webfilter(text: string, out: Fields): void {
  const vals: (string | undefined)[] = [];
  scanKv(text, WF_KV, vals, 0);
  set(out, 'category', vals[0]);
  set(out, 'reason', vals[1]);
  set(out, 'url', vals[3]);
  set(out, 'obj', vals[4]);
  const tok = text.split(' ').find((t) => t.includes(')->'));
  if (tok) readTuple(tok, 0, tok.length, out);
}

/** Generic: the first `a/p->b/q` / `a(p)->b(q)` tuple anywhere in the text. */
function anyTuple(text: string, out: Fields): void {
  const tok = text.split(' ').find((t) => t.includes('->'));
  if (tok) readTuple(tok, 0, tok.length, out);
}

export function readText(name: string, text: string, out: Fields): void {
  out.fill(undefined);
  if (name.startsWith('RT_FLOW_SESSION_') || name.startsWith('APPTRACK_SESSION_')) flow(name, text, out);
  else if (name.startsWith('RT_SCREEN_')) screen(text, out);
  else if (name.startsWith('IDP_ATTACK')) idp(text, out);
  else if (name.startsWith('WEBFILTER_')) webfilter(text, out);
  else anyTuple(text, out);
}
