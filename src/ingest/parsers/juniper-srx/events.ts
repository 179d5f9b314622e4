/**
 * SRX event name + fields → ParsedEvent. Shared by the structured (RFC 5424) reader and
 * the text-form reader, which both fill the same slot array.
 */
import { hostOf, int, ip, normAction, port, protoName, severityWord, str } from '../fields.js';
import type { ParsedEvent, ThreatType } from '../types.js';
import { type Fields, type Key, SLOT } from './structured.js';

function f(out: Fields, k: Key): string | null {
  return str(out[SLOT[k]]);
}

/** `junos-http` → `http`; `None` / `icmp` as written. */
function serviceOf(v: string | null): string | null {
  if (!v || v === 'None') return null;
  return v.startsWith('junos-') ? v.slice(6) : v;
}

/** Application protocol from a well-known port, for UTM events that do not name it. */
function serviceFromPort(a: number | null, b: number | null): string | null {
  for (const p of [a, b]) {
    switch (p) {
      case 80:
      case 8080:
        return 'HTTP';
      case 443:
        return 'HTTPS';
      case 25:
      case 587:
        return 'SMTP';
      case 110:
        return 'POP3';
      case 143:
        return 'IMAP';
      case 21:
        return 'FTP';
    }
  }
  return null;
}

function app(out: Fields): string | null {
  const nested = f(out, 'nested-application');
  if (nested && nested !== 'UNKNOWN') return nested;
  const a = f(out, 'application');
  return a && a !== 'UNKNOWN' && a !== 'NONE' ? a : null;
}

const SCREEN_SCANS = ['sweep', 'scan'];

/** Fills the fields every SRX event shares: 5-tuple, zones, interfaces, user, policy. */
function common(ev: ParsedEvent, out: Fields): void {
  ev.src_ip = ip(f(out, 'source-address'));
  ev.dst_ip = ip(f(out, 'destination-address'));
  ev.src_port = port(f(out, 'source-port'));
  ev.dst_port = port(f(out, 'destination-port'));
  // UTM's `protocol` is the application protocol (http, smtp); only take it when it is L4
  const l7 = f(out, 'protocol');
  const l4 = l7 === 'tcp' || l7 === 'udp' || l7 === 'icmp' ? l7 : null;
  ev.proto = protoName(f(out, 'protocol-id') ?? f(out, 'protocol-name') ?? l4);
  const user = f(out, 'username');
  ev.user = user && user !== 'unknown-user' ? user : null;
  ev.rule = f(out, 'policy-name');
  const h = ev.hints;
  const sz = f(out, 'source-zone-name') ?? f(out, 'source-zone');
  const dz = f(out, 'destination-zone-name') ?? f(out, 'destination-zone');
  if (sz) h.srcZone = sz;
  if (dz) h.dstZone = dz;
  const si =
    f(out, 'source-interface-name') ?? f(out, 'packet-incoming-interface') ?? f(out, 'interface-name');
  const di = f(out, 'destination-interface-name');
  if (si) h.srcIntf = si;
  if (di) h.dstIntf = di;
  const svc = serviceOf(f(out, 'service-name'));
  if (svc && svc !== 'SERVICE_IDP') h.service = svc;
  const ac = f(out, 'application-category');
  if (ac) h.appCategory = ac;
  ev.app = app(out);
}

function idpAction(v: string | null): ParsedEvent['action'] {
  switch ((v ?? '').toUpperCase()) {
    case 'DROP':
    case 'DROP_PACKET':
    case 'DROP_CONNECTION':
      return 'drop';
    case 'CLOSE':
    case 'CLOSE_CLIENT':
    case 'CLOSE_SERVER':
    case 'CLOSE_CLIENT_AND_SERVER':
      return 'reset';
    case 'NONE':
    case 'IGNORE':
    case 'RECOMMENDED':
    case '':
      return 'detect';
    default:
      return normAction(v);
  }
}

/** IDP attack names are `CATEGORY:…`; SCAN:/DOS:/DDOS: are reconnaissance and floods. */
function idpThreatType(name: string | null): ThreatType {
  if (!name) return 'ips';
  if (name.startsWith('SCAN:')) return 'scan';
  if (name.startsWith('DOS:') || name.startsWith('DDOS:')) return 'dos';
  return 'ips';
}

/** Fills `ev` for event `name` (MSGID without `_LS`). */
export function fillEvent(ev: ParsedEvent, name: string, out: Fields): void {
  common(ev, out);
  const h = ev.hints;
  if (
    name.startsWith('RT_FLOW_SESSION_') ||
    name.startsWith('APPTRACK_SESSION_') ||
    name.startsWith('FLOW_')
  ) {
    ev.kind = 'traffic';
    const deny = name.endsWith('_DENY');
    ev.action = deny ? 'block' : name.includes('REJECT') ? 'reset' : 'allow';
    ev.bytes_out = int(f(out, 'bytes-from-client'));
    ev.bytes_in = int(f(out, 'bytes-from-server'));
    return;
  }
  if (name.startsWith('RT_SCREEN_')) {
    ev.kind = 'anomaly';
    const attack = f(out, 'attack-name');
    ev.threat = attack;
    const a = (attack ?? '').toLowerCase();
    h.threatType = SCREEN_SCANS.some((w) => a.includes(w)) ? 'scan' : 'dos';
    const act = f(out, 'action');
    ev.action =
      act === 'drop' ? 'drop' : act === 'alarm-without-drop' || act === 'alarm' ? 'detect' : normAction(act);
    if (ev.proto === null) {
      // RT_SCREEN_TCP / _UDP / _ICMP name the protocol the screen watched
      const p = name.slice(10).split('_')[0];
      if (p === 'TCP' || p === 'UDP' || p === 'ICMP') ev.proto = p.toLowerCase();
    }
    return;
  }
  if (name.startsWith('IDP_APPDDOS_')) {
    ev.kind = 'anomaly';
    h.threatType = 'dos';
    ev.threat = f(out, 'ddos-application-name');
    ev.action = idpAction(f(out, 'action'));
    ev.severity = severityWord(f(out, 'threat-severity'));
    return;
  }
  if (name.startsWith('IDP_')) {
    ev.kind = 'threat';
    const attack = f(out, 'attack-name');
    ev.threat = attack;
    h.threatType = idpThreatType(attack);
    ev.action = idpAction(f(out, 'action'));
    ev.severity = severityWord(f(out, 'threat-severity'));
    ev.rule = f(out, 'rule-name') ?? ev.rule;
    return;
  }
  if (name.startsWith('WEBFILTER_')) {
    ev.kind = 'web';
    h.threatType = 'webfilter';
    ev.action = name.includes('BLOCKED') ? 'block' : name.includes('PERMITTED') ? 'allow' : null;
    const cat = f(out, 'category');
    if (cat) h.urlCategory = cat;
    const host = f(out, 'url');
    const obj = f(out, 'obj') ?? '';
    if (host) {
      ev.url = host + obj;
      ev.domain = hostOf(host);
    }
    h.service = ev.dst_port === 443 ? 'HTTPS' : 'HTTP';
    ev.threat = null;
    return;
  }
  if (name.startsWith('AV_')) {
    const svc = f(out, 'protocol');
    h.service = svc ? svc.toUpperCase() : (serviceFromPort(ev.src_port, ev.dst_port) ?? undefined);
    if (h.service === undefined) delete h.service;
    if (name.startsWith('AV_VIRUS_DETECTED')) {
      ev.kind = 'threat';
      h.threatType = 'virus';
      ev.threat = f(out, 'name');
      ev.action = 'block';
    } else {
      // scanner errors / oversize files dropped without a verdict
      ev.kind = 'traffic';
      ev.action = normAction(f(out, 'action')) ?? 'drop';
    }
    const file = f(out, 'filename');
    if (file && file.indexOf('/') > 0) {
      ev.url = file;
      ev.domain = hostOf(file);
    }
    return;
  }
  if (name.startsWith('ANTISPAM_')) {
    ev.kind = 'mail';
    h.service = 'SMTP';
    if (name.includes('SPAM_DETECTED')) {
      h.threatType = 'spam';
      ev.threat = f(out, 'reason');
    }
    ev.action = normAction(f(out, 'action')) ?? 'detect';
    return;
  }
  if (name.startsWith('CONTENT_FILTERING_')) {
    ev.kind = 'web';
    ev.action = name.includes('BLOCKED') ? 'block' : normAction(f(out, 'action'));
    const p = f(out, 'protocol');
    if (p) h.service = p.toUpperCase();
    return;
  }
  if (name.startsWith('SECINTEL_')) {
    ev.kind = 'threat';
    const sub = (f(out, 'sub-category') ?? '').toUpperCase();
    ev.threat = f(out, 'feed-name') ?? f(out, 'sub-category');
    // C&C and infected-host feeds are phone-home traffic; plain IP blacklists / GeoIP are not
    if (sub === 'CC' || sub === 'INFECTED-HOSTS' || sub === 'DNS') h.threatType = 'c2';
    const act = (f(out, 'action') ?? '').toUpperCase();
    ev.action = act === 'BLOCK' ? 'block' : act === 'PERMIT' ? 'allow' : normAction(act);
    const host = f(out, 'http-host');
    if (host) ev.domain = host.toLowerCase();
    return;
  }
  if (name.includes('AAMW')) {
    // Advanced Anti-Malware (ATP Cloud / Sky ATP)
    const client = ip(f(out, 'client-ip'));
    if (client && !ev.src_ip) ev.src_ip = client;
    ev.threat = f(out, 'malware-info');
    const verdict = int(f(out, 'verdict-number'));
    const act = (f(out, 'action') ?? '').toUpperCase();
    ev.action = act === 'BLOCK' ? 'block' : act === 'PERMIT' ? 'allow' : 'detect';
    const host = f(out, 'http-host');
    if (host) ev.domain = host.toLowerCase();
    const url = f(out, 'url');
    if (url && url !== 'dummy_url') ev.url = url;
    if (!ev.domain && ev.url) ev.domain = hostOf(ev.url);
    if (name.includes('HOST_INFECTED')) {
      ev.kind = 'threat';
      h.threatType = 'c2';
      return;
    }
    if (name.includes('MALWARE_EVENT') || act === 'BLOCK' || (verdict !== null && verdict >= 7)) {
      ev.kind = 'threat';
      h.threatType = 'virus';
      const a = f(out, 'application');
      if (a && a !== 'UNKNOWN') h.service = a;
      else {
        const s = serviceFromPort(ev.src_port, ev.dst_port);
        if (s) h.service = s;
      }
      ev.severity = verdict === null ? null : verdict >= 9 ? 4 : verdict >= 7 ? 3 : verdict >= 5 ? 2 : 1;
      return;
    }
    ev.kind = 'traffic';
    return;
  }
  ev.kind = 'system';
}
