/**
 * Firepower (FTD / NGIPS) 430001–430005 events: `Key: Value, Key: Value, …`.
 * Values may themselves hold ", " (user agents, policy names), so a pair ends only at a
 * ", " that is followed by something shaped like a key and ": ".
 */
import { hostOf, int, ip, normAction, port, protoName, str } from '../fields.js';
import type { ParsedEvent } from '../types.js';

/** Reads every pair of `s` from `start` into a Map (FTD events carry 20–60 pairs). */
export function readFtdPairs(s: string, start: number): Map<string, string> {
  const m = new Map<string, string>();
  const n = s.length;
  let i = start;
  while (i < n) {
    while (i < n && s.charCodeAt(i) === 32) i++;
    const colon = s.indexOf(': ', i);
    if (colon < 0) break;
    const key = s.slice(i, colon);
    let v = colon + 2;
    let end = n;
    for (;;) {
      const comma = s.indexOf(', ', v);
      if (comma < 0) break;
      if (looksLikeKey(s, comma + 2)) {
        end = comma;
        break;
      }
      v = comma + 2;
    }
    m.set(key, s.slice(colon + 2, end));
    i = end + 2;
  }
  return m;
}

/** True when `s` at `i` reads `Word[ Word…]: ` with key characters only (max 40). */
function looksLikeKey(s: string, i: number): boolean {
  const lim = Math.min(s.length, i + 40);
  for (let j = i; j < lim; j++) {
    const c = s.charCodeAt(j);
    if (c === 58) return j > i && s.charCodeAt(j + 1) === 32;
    const ok = (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c === 32;
    if (!ok) return false;
  }
  return false;
}

const FTD_ACTIONS: Record<string, ParsedEvent['action']> = {
  allow: 'allow',
  trust: 'allow',
  fastpath: 'allow',
  monitor: 'detect',
  block: 'block',
  'block with reset': 'reset',
  'interactive block': 'block',
  'interactive block with reset': 'reset',
  'default action': null,
};

function ruleAction(v: string | undefined): ParsedEvent['action'] {
  if (!v) return null;
  // "<br/>Block with reset" is written by some FMC versions
  const t = (v.startsWith('<br/>') ? v.slice(5) : v).toLowerCase();
  const a = FTD_ACTIONS[t];
  return a !== undefined ? a : normAction(t);
}

/** Fills `ev` from a 430001–430005 message; `id` picks the event type. */
export function fillFtdEvent(ev: ParsedEvent, id: number, m: Map<string, string>): void {
  ev.src_ip = ip(m.get('SrcIP'));
  ev.dst_ip = ip(m.get('DstIP'));
  ev.src_port = port(m.get('SrcPort'));
  ev.dst_port = port(m.get('DstPort'));
  ev.proto = protoName(str(m.get('Protocol')));
  ev.user = ftdUser(m.get('User'));
  ev.rule = str(m.get('AccessControlRuleName'));
  const h = ev.hints;
  const inZ = str(m.get('IngressZone'));
  const outZ = str(m.get('EgressZone'));
  const inI = str(m.get('IngressInterface'));
  const outI = str(m.get('EgressInterface'));
  if (inZ) h.srcZone = inZ;
  if (outZ) h.dstZone = outZ;
  if (inI) h.srcIntf = inI;
  if (outI) h.dstIntf = outI;
  const svc = str(m.get('ApplicationProtocol'));
  if (svc) h.service = svc;
  ev.app = str(m.get('WebApplication')) ?? str(m.get('ClientApplication')) ?? null;
  const url = str(m.get('URL')) ?? str(m.get('URI'));
  if (url) {
    ev.url = url;
    ev.domain = hostOf(url);
  }
  const dns = str(m.get('DNSQuery'));
  if (dns && !ev.domain) ev.domain = dns.toLowerCase();
  const cat = str(m.get('URLCategory'));
  if (cat && cat !== 'Unknown') h.urlCategory = cat;
  ev.bytes_out = int(m.get('InitiatorBytes'));
  ev.bytes_in = int(m.get('ResponderBytes'));
  if (id === 430001) {
    // intrusion event
    ev.kind = 'threat';
    h.threatType = 'ips';
    ev.threat = str(m.get('Message'));
    const inline = m.get('InlineResult');
    ev.action = inline
      ? inline.toLowerCase().includes('block') || inline === 'Dropped'
        ? 'block'
        : 'detect'
      : 'detect';
    const pri = m.get('Priority') ?? m.get('EventPriority');
    ev.severity = ftdPriority(pri);
    return;
  }
  if (id === 430004 || id === 430005) {
    // file / malware event
    const threat = str(m.get('ThreatName'));
    ev.threat = threat;
    ev.kind = id === 430005 || threat ? 'threat' : 'traffic';
    if (id === 430005) h.threatType = 'virus';
    const fa = (m.get('FileAction') ?? '').toLowerCase();
    ev.action = fa.includes('block') ? 'block' : fa.length > 0 ? 'detect' : null;
    if (svc) h.service = svc;
    return;
  }
  // 430002 connection start, 430003 connection end
  ev.kind = 'traffic';
  ev.action = ruleAction(m.get('AccessControlRuleAction'));
  const si = str(m.get('URL_SI_Category')) ?? str(m.get('DNS_SI_Category')) ?? str(m.get('IP_SI_Category'));
  const siIp = str(m.get('SecIntMatchingIP'));
  if (si || (siIp && siIp !== 'None')) {
    // Security Intelligence matched a feed (CnC, Malware, Phishing, …)
    ev.kind = 'threat';
    ev.threat = si;
    h.threatType = 'c2';
  } else if (cat && ev.url) {
    ev.kind = 'web';
  }
}

function ftdUser(v: string | undefined): string | null {
  const u = str(v);
  if (!u || u === 'Not Found' || u === 'No Authentication Required' || u === 'Unknown') return null;
  return u;
}

function ftdPriority(v: string | undefined): number | null {
  switch (v) {
    case 'High':
    case '1':
      return 3;
    case 'Medium':
    case '2':
      return 2;
    case 'Low':
    case '3':
      return 1;
    case 'Very Low':
    case '4':
      return 0;
    default:
      return null;
  }
}
