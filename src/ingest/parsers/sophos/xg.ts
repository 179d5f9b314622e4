/**
 * Sophos Firewall (XG / SFOS) key=value syslog:
 *
 *   device="SFW" date=2017-01-31 time=18:29:09 timezone="IST" device_name="XG230" device_id=C01001K234RXPA1
 *     log_id=010101600001 log_type="Firewall" log_component="Firewall Rule" log_subtype="Allowed" status="Allow"
 *     priority=Information … fw_rule_id=2 … src_ip=10.0.0.5 … dst_ip=203.0.113.9 protocol="TCP" src_port=51234 dst_port=443 …
 *
 *   timestamp="2025-03-12T11:03:06-0400" device_model="XGS136" … log_type="Firewall" … severity="Information" …  (SFOS 19+)
 *
 * Field names and log types: Sophos Firewall syslog guide,
 * https://docs.sophos.com/nsg/sophos-firewall/20.0/syslog/index.html
 */

import { parseDateTime } from '../../../core/time.js';
import type { Action, Kind } from '../../../event/event.js';
import { hostOf, int, ip, looksLikeIp, normAction, port, protoName, severityWord, str } from '../fields.js';
import { keyTable, scanKv } from '../kv.js';
import type { Hints, ParsedEvent, ParseResult, RecordInput, ThreatType } from '../types.js';
import { fail, headerTime } from '../types.js';
import { xgDateTimeMs } from './zone-time.js';

const KEYS = [
  'date',
  'time',
  'timezone',
  'timestamp',
  'log_type',
  'log_component',
  'log_subtype',
  'status',
  'priority',
  'severity',
  'fw_rule_id',
  'user_name',
  'user',
  'application',
  'app_name',
  'application_category',
  'category',
  'site_category',
  'url',
  'domain',
  'domainname',
  'dstdomain',
  'website',
  'sni',
  'source',
  'src_ip',
  'dst_ip',
  'sourceip',
  'destinationip',
  'src_port',
  'dst_port',
  'protocol',
  'sent_bytes',
  'recv_bytes',
  'in_interface',
  'out_interface',
  'srczone',
  'dstzone',
  'src_zone',
  'dst_zone',
  'virus',
  'threatname',
  'signature_msg',
  'action',
  'spamaction',
  'quarantine',
] as const;
type Key = (typeof KEYS)[number];
const TABLE = keyTable(KEYS);
const K = Object.fromEntries(KEYS.map((k, i) => [k, i])) as Record<Key, number>;
const vals: (string | undefined)[] = new Array<string | undefined>(KEYS.length);

/** `log_subtype` / `status` / `action` / `spamaction` words → SPEC action. */
const XG_ACTIONS: Record<string, Action> = {
  Allowed: 'allow',
  Allow: 'allow',
  Denied: 'block',
  Deny: 'block',
  Dropped: 'drop',
  Drop: 'drop',
  DROP: 'drop',
  Detect: 'detect',
  Alert: 'detect',
  Warned: 'detect',
  WARN: 'detect',
  Accept: 'allow',
  ACCEPT: 'allow',
  Reject: 'block',
  REJECT: 'block',
  Quarantine: 'quarantine',
  QUARANTINE: 'quarantine',
  'Do not decrypt': 'allow',
  Decrypt: 'allow',
};

function xgAction(w: string | undefined): Action | null {
  if (!w) return null;
  return XG_ACTIONS[w] ?? normAction(w);
}

/** AV / spam `log_component` → application protocol (POPS = POP3 over TLS, …). */
function serviceOf(component: string | undefined): string | undefined {
  switch (component) {
    case 'SMTP':
    case 'SMTPS':
      return 'SMTP';
    case 'POP3':
    case 'POPS':
      return 'POP3';
    case 'IMAP':
    case 'IMAPS':
      return 'IMAP';
    case 'HTTP':
    case 'HTTPS':
    case 'FTP':
      return component;
    case 'Web':
      return 'HTTP';
    case 'Email':
      return 'SMTP';
    default:
      return undefined;
  }
}

export function parseXg(rec: RecordInput, tz: string): ParseResult {
  const s = rec.body;
  const v = vals;
  v.fill(undefined);
  if (!scanKv(s, TABLE, v)) return fail('truncated', 'a quoted value is never closed');
  const type = v[K.log_type];
  if (!type) return fail('malformed', 'no log_type= field');
  const component = v[K.log_component];
  const subtype = v[K.log_subtype];

  const ev: ParsedEvent = {
    tsMs: recordTime(v, rec, tz),
    vendor: 'sophos',
    kind: 'system',
    action: null,
    src_ip: ip(v[K.src_ip]) ?? ip(v[K.sourceip]),
    src_port: port(v[K.src_port]),
    dst_ip: ip(v[K.dst_ip]) ?? ip(v[K.destinationip]),
    dst_port: port(v[K.dst_port]),
    // ATP writes protocol=" ICMP"
    proto: protoName(v[K.protocol]?.trim()),
    threat: null,
    url: str(v[K.url]),
    domain: null,
    app: str(v[K.application]) ?? str(v[K.app_name]),
    user: str(v[K.user_name]) ?? str(v[K.user]),
    bytes_in: int(v[K.recv_bytes]),
    bytes_out: int(v[K.sent_bytes]),
    severity: severityWord(v[K.severity] ?? v[K.priority]),
    rule: str(v[K.fw_rule_id]),
    hints: zoneHints(v),
  };
  const hints = ev.hints;
  // "0" is "no rule" (invalid traffic, heartbeat), not rule zero
  if (ev.rule === '0' || ev.rule === 'N/A') ev.rule = null;
  ev.domain = domainOf(v, ev.url, type === 'Sandbox' || type === 'Sandstorm');
  const appCat = str(v[K.application_category]);
  if (appCat) hints.appCategory = appCat;

  let kind: Kind = 'system';
  let threatType: ThreatType | undefined;
  let action = xgAction(subtype) ?? xgAction(v[K.status]);
  switch (type) {
    // log_type="Firewall" log_component="Firewall Rule" | "Invalid Traffic" | "ICMP ERROR MESSAGE" | "DoS Attack" …
    case 'Firewall':
      kind = component === 'DoS Attack' ? 'anomaly' : 'traffic';
      if (kind === 'anomaly') threatType = 'dos';
      break;

    // log_type="IDP" log_component="Anomaly" | "Signatures" log_subtype="Detect" | "Drop" … signature_msg="…"
    //   category="Malware Communication" …
    case 'IDP':
    case 'IPS': {
      kind = 'threat';
      const sig = str(v[K.signature_msg]);
      ev.threat = sig;
      threatType = v[K.category] === 'Malware Communication' || isC2Name(sig) ? 'c2' : 'ips';
      break;
    }

    // log_type="ATP" log_component="Firewall" | "Web" | "DNS" log_subtype="Alert" | "Drop" …
    //   sourceip=10.0.0.5 destinationip=203.0.113.7 threatname=C2/Generic-A
    case 'ATP':
      kind = 'threat';
      threatType = 'c2';
      ev.threat = str(v[K.threatname]);
      // ATP writes the bare destination address into url= when there is no URL
      if (ev.url !== null && isAddress(ev.url)) ev.url = null;
      break;

    // log_type="Anti-Virus" log_component="HTTP" | "SMTP" | "POPS" | "FTP" … log_subtype="Virus" | "PUA" | "Clean"
    case 'Anti-Virus':
    case 'Anti Virus': {
      kind = 'threat';
      const svc = serviceOf(component);
      if (svc) hints.service = svc;
      const virus = str(v[K.virus]);
      ev.threat = virus;
      if (subtype === 'Virus' || subtype === 'PUA' || virus) {
        threatType = 'virus';
        action = str(v[K.quarantine]) ? 'quarantine' : 'block';
      }
      break;
    }

    // log_type="Anti-Spam" log_component="SMTP" log_subtype="Spam" | "Probable Spam" | "Outbound Spam" | "Clean" …
    //   spamaction="DROP" | "WARN" | "Accept" …
    case 'Anti-Spam': {
      kind = 'mail';
      const svc = serviceOf(component);
      if (svc) hints.service = svc;
      action = xgAction(v[K.spamaction]) ?? action;
      const outbound = subtype?.startsWith('Outbound') === true;
      if (outbound) {
        hints.mailOutgoing = true;
        hints.direction = 'outbound';
      }
      if (subtype?.includes('Spam')) {
        threatType = 'spam';
        if (!outbound) hints.category = 'spam';
      }
      break;
    }

    // log_type="Content Filtering" log_component="HTTP" | "HTTPS" | "Web Content Policy" | "SSL" | "Application" …
    case 'Content Filtering':
      if (component === 'SSL') {
        kind = 'traffic';
      } else if (component === 'Application') {
        kind = 'traffic';
        threatType = 'app';
      } else {
        kind = 'web';
        threatType = 'webfilter';
        action = xgAction(v[K.action]) ?? action;
        const cat = str(v[K.category]) ?? str(v[K.site_category]);
        if (cat && cat !== 'None') hints.urlCategory = cat;
        const svc = serviceOf(component);
        if (svc) hints.service = svc;
      }
      break;

    case 'Application Filter':
    case 'Application Control':
      kind = 'traffic';
      threatType = 'app';
      break;

    // log_type="Sandbox" log_component="Web" log_subtype="Denied" … reason="cached malicious"
    case 'Sandbox':
    case 'Sandstorm': {
      kind = 'threat';
      const svc = serviceOf(component);
      if (svc) hints.service = svc;
      if (subtype === 'Denied') threatType = 'virus';
      else if (subtype === 'Pending') action = null;
      break;
    }

    case 'WAF':
      kind = 'web';
      break;

    default:
      // Event, SD-WAN, System Health, Wireless, Heartbeat …
      kind = 'system';
      break;
  }
  ev.kind = kind;
  ev.action = action;
  if (threatType) hints.threatType = threatType;
  return ev;
}

function recordTime(v: (string | undefined)[], rec: RecordInput, tz: string): number {
  const ts = v[K.timestamp];
  if (ts) return parseDateTime(ts, tz);
  const date = v[K.date];
  const time = v[K.time];
  if (date && time) return xgDateTimeMs(date, time, v[K.timezone], tz);
  return headerTime(rec);
}

function zoneHints(v: (string | undefined)[]): Hints {
  const h: Hints = {};
  const si = str(v[K.in_interface]);
  if (si) h.srcIntf = si;
  const di = str(v[K.out_interface]);
  if (di) h.dstIntf = di;
  const sz = str(v[K.srczone]) ?? str(v[K.src_zone]);
  if (sz) h.srcZone = sz;
  const dz = str(v[K.dstzone]) ?? str(v[K.dst_zone]);
  if (dz) h.dstZone = dz;
  return h;
}

/** domain=, domainname=, dstdomain=, website=, sni=, the sandbox's source= (download host), else the url's host (not an address). */
function domainOf(v: (string | undefined)[], url: string | null, sandbox: boolean): string | null {
  const d =
    str(v[K.domain]) ??
    str(v[K.domainname]) ??
    str(v[K.dstdomain]) ??
    str(v[K.website]) ??
    str(v[K.sni]) ??
    (sandbox ? str(v[K.source]) : null) ??
    hostOf(url);
  if (!d || isAddress(d)) return null;
  return d.toLowerCase();
}

/** Signature names that are C&C call-backs. */
function isC2Name(name: string | null): boolean {
  if (!name) return false;
  const s = name.toLowerCase();
  return s.includes('botnet') || s.includes('c&c') || s.includes('cnc') || s.includes('c2 ');
}

/** looksLikeIp without its type guard (a guard on a known string narrows the else branch to never). */
function isAddress(s: string): boolean {
  return looksLikeIp(s);
}
