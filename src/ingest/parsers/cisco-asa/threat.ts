/**
 * Threat messages: 400000–400050 built-in IPS signatures, 733100–733104 threat
 * detection, 338xxx Botnet Traffic Filter (dynamic filter).
 */
import type { ParsedEvent } from '../types.js';
import { setDst, setSrc } from './connection.js';
import { endpointAfter, tokenAt } from './endpoint.js';

/**
 * Built-in signatures that are reconnaissance (ICMP echo / timestamp / info / mask
 * requests; TCP NULL, SYN+FIN and FIN-only stealth scans) and those that are floods
 * or malformed-packet attacks. The rest are exploit signatures.
 */
const IPS_SCAN = new Set([400014, 400017, 400019, 400021, 400026, 400027, 400028]);
const IPS_DOS = new Set([400007, 400008, 400009, 400023, 400024, 400025, 400031, 400032, 400033]);

/** `IPS:2004 ICMP Echo Request from 192.0.2.1 to 10.0.0.5 on interface outside`. */
export function ipsSignature(ev: ParsedEvent, id: number, m: string): void {
  ev.kind = 'threat';
  ev.action = 'detect';
  ev.hints.threatType = IPS_SCAN.has(id) ? 'scan' : IPS_DOS.has(id) ? 'dos' : 'ips';
  const from = m.lastIndexOf(' from ');
  const start = m.startsWith('IPS:') ? 0 : -1;
  if (start === 0 && from > 0) ev.threat = m.slice(0, from);
  setSrc(ev, endpointAfter(m, ' from ', Math.max(0, from)));
  setDst(ev, endpointAfter(m, ' to ', Math.max(0, from)));
  const onIf = m.indexOf(' on interface ');
  if (onIf >= 0) {
    const t = tokenAt(m, onIf + 14);
    if (t) {
      ev.hints.srcZone = m.slice(t[0], t[1]);
      ev.hints.srcIntf = ev.hints.srcZone;
    }
  }
  if (m.startsWith('IPS:') && ev.proto === null) {
    if (m.indexOf(' ICMP ') > 0) ev.proto = 'icmp';
    else if (m.indexOf(' TCP ') > 0) ev.proto = 'tcp';
    else if (m.indexOf(' UDP ') > 0) ev.proto = 'udp';
  }
}

/**
 * 733100 `[scanning] drop rate-1 exceeded. …`, `Object drop rate 15 exceeded.`;
 * 733101 `Host 192.0.2.1 is attacking. …` / `Subnet 10.0.0.0 is targeted. …`;
 * 733102 / 733104 / 733105 shun and TCP-intercept notices.
 */
export function threatDetection(ev: ParsedEvent, id: number, m: string): void {
  ev.kind = 'anomaly';
  ev.action = 'detect';
  if (id === 733100) {
    let obj: string | null = null;
    if (m.charCodeAt(0) === 91) {
      const close = m.indexOf(']');
      if (close > 1) obj = m.slice(1, close);
    } else if (m.startsWith('Object ')) {
      const k = m.indexOf(' drop rate');
      if (k > 7) obj = m.slice(7, k);
    }
    // the documented example writes "[ Scanning]"
    obj = obj === null ? null : obj.trim() || null;
    ev.threat = obj;
    const o = (obj ?? '').toLowerCase();
    // the "scanning" object counts scanning threats; everything else is a rate anomaly
    ev.hints.threatType = o === 'scanning' ? 'scan' : 'dos';
    return;
  }
  if (id === 733101) {
    const sp = m.indexOf(' ');
    const t = tokenAt(m, sp + 1);
    const addr = t ? endpointAfter(m, ' ', sp) : null;
    ev.hints.threatType = 'scan';
    ev.threat = 'scanning';
    if (m.indexOf('is targeted') > 0) setDst(ev, addr);
    else setSrc(ev, addr);
    return;
  }
  if (id === 733102) {
    // "Threat-detection adds host 192.0.2.1 to shun list"
    ev.hints.threatType = 'scan';
    ev.action = 'block';
    setSrc(ev, endpointAfter(m, ' host '));
    return;
  }
  ev.hints.threatType = 'dos';
}

const LEVELS: Record<string, number> = { 'very-high': 4, high: 3, moderate: 2, low: 1, 'very-low': 0 };

/**
 * 338001–338008 blacklisted, 338201–338204 greylisted, 338101–338104 whitelisted:
 * `Dynamic Filter {monitored|dropped} {black|grey|white}listed TCP traffic from
 * I:A/p (mapped) to I:B/q (mapped), {source|destination} A resolved from {local|dynamic}
 * list: NAME, threat-level: very-high, category: Malware`.
 * 3383xx (updater, DNS snooping) are system messages handled elsewhere.
 */
export function botnetFilter(ev: ParsedEvent, m: string): void {
  const listed = m.indexOf('listed ');
  const kind = listed > 5 ? m.slice(m.lastIndexOf(' ', listed) + 1, listed) : '';
  const dropped = m.indexOf(' dropped ') >= 0 && m.indexOf(' dropped ') < 30;
  ev.action = dropped ? 'drop' : 'detect';
  const protoTok = tokenAt(m, listed + 7);
  if (protoTok) {
    const p = m.slice(protoTok[0], protoTok[1]).toLowerCase();
    if (p === 'tcp' || p === 'udp' || p === 'icmp') ev.proto = p;
  }
  const from = m.indexOf(' from ');
  setSrc(ev, endpointAfter(m, ' from '));
  setDst(ev, endpointAfter(m, ' to ', Math.max(0, from)));
  const list = m.indexOf(' list: ');
  if (list >= 0) {
    const comma = m.indexOf(', ', list);
    const name = m.slice(list + 7, comma < 0 ? m.length : comma);
    // a domain entry (not "192.0.2.1/255.255.255.255") is the looked-up name
    const c0 = name.charCodeAt(0);
    if (!(c0 >= 48 && c0 <= 57) && name.indexOf('.') > 0 && name.indexOf('/') < 0) {
      ev.domain = name.toLowerCase();
      ev.threat = name;
    }
  }
  const cat = m.indexOf('category: ');
  // an address entry names no threat: the feed category is the closest thing to a name
  if (cat >= 0 && ev.threat === null) ev.threat = m.slice(cat + 10).trim() || null;
  const tl = m.indexOf('threat-level: ');
  if (tl >= 0) {
    const comma = m.indexOf(',', tl);
    const lv = LEVELS[m.slice(tl + 14, comma < 0 ? m.length : comma)];
    if (lv !== undefined) ev.severity = lv;
  }
  if (kind === 'white') {
    ev.kind = 'traffic';
    ev.action = 'allow';
    ev.threat = null;
    ev.domain = null;
    return;
  }
  ev.kind = 'threat';
  // black- and greylisted addresses are the Botnet Traffic Filter's C&C / malware feed
  ev.hints.threatType = 'c2';
}
