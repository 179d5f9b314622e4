/**
 * Strata Logging Service (Cortex Data Lake) JSON, one object per line, as forwarded by
 * the Log Forwarding app / Cortex XSIAM. Keys are PascalCase ("LogType", "Subtype",
 * "TimeGenerated" …); the older Cortex Data Lake schema writes snake_case ("log_type",
 * "sub_type", "time_generated" …), accepted too.
 *   {"LogType":"THREAT","Subtype":"url","TimeGenerated":"2024-06-25T21:30:00.000000Z","SourceAddress":"10.0.0.5",…,"URL":"www.example.com/a","URLCategory":"social-networking"}
 * https://docs.paloaltonetworks.com/strata-logging-service/log-reference/network-logs/network-threat-log
 * https://docs.paloaltonetworks.com/strata-logging-service/log-reference/network-logs/network-traffic-log
 */

import { parseDateTime } from '../../../core/time.js';
import { int, ip, port, protoName, severityWord, str } from '../fields.js';
import {
  blankEvent,
  fail,
  type ParseContext,
  type ParsedEvent,
  type ParseResult,
  type RecordInput,
} from '../types.js';
import { panAction } from './csv-parse.js';
import { describedAddrs } from './describe.js';
import { threatHints } from './threat-subtypes.js';

type Json = Record<string, unknown>;

/** The first of `keys` holding a non-empty string or a number, as text. */
function pick(o: Json, ...keys: string[]): string | null {
  for (const k of keys) {
    const v = o[k];
    if (typeof v === 'string') {
      if (v.length > 0) return v;
    } else if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  }
  return null;
}

/** Sniff helper: a JSON object with a LogType / log_type key. */
export function looksCortexJson(body: string): boolean {
  if (body.charCodeAt(0) !== 123) return false;
  return (
    (body.indexOf('"LogType"') > 0 && (body.indexOf('"Subtype"') > 0 || body.indexOf('"SubType"') > 0)) ||
    (body.indexOf('"log_type"') > 0 && body.indexOf('"sub_type"') > 0)
  );
}

function timeOf(o: Json): number {
  // TimeGenerated (seconds, UTC) is what the firewall stamped; SYSTEM records use EventTime.
  const t = pick(
    o,
    'TimeGenerated',
    'EventTime',
    'time_generated',
    'TimeGeneratedHighResolution',
    'LogTime',
    'TimeReceived',
    'time_received',
  );
  if (t === null) return -1;
  if (/^\d+$/.test(t)) {
    const n = Number(t);
    return n < 1e11 ? n * 1000 : n;
  }
  return parseDateTime(t, 'UTC');
}

export function parseCortexJson(rec: RecordInput, _ctx: ParseContext): ParseResult {
  let v: unknown;
  try {
    v = JSON.parse(rec.body);
  } catch {
    return fail(rec.body.endsWith('}') ? 'malformed' : 'truncated', 'invalid JSON');
  }
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return fail('malformed', 'not a JSON object');
  const o = v as Json;
  const type = (pick(o, 'LogType', 'log_type') ?? '').toUpperCase();
  const subtype = (pick(o, 'Subtype', 'SubType', 'sub_type') ?? '').toLowerCase();
  if (type.length === 0) return fail('malformed', 'no LogType');
  const tsMs = timeOf(o);
  const ev = blankEvent('paloalto', 'system', tsMs);
  ev.src_ip = ip(pick(o, 'SourceAddress', 'SourceIP', 'source_ip', 'PublicIPv4', 'PublicIPv6'));
  ev.dst_ip = ip(pick(o, 'DestinationAddress', 'dest_ip'));
  ev.src_port = port(pick(o, 'SourcePort', 'source_port'));
  ev.dst_port = port(pick(o, 'DestinationPort', 'dest_port'));
  ev.proto = protoName(pick(o, 'Protocol', 'protocol'));
  const action = pick(o, 'Action', 'action');
  ev.action = action ? panAction(action.toLowerCase()) : null;
  ev.rule = str(pick(o, 'Rule', 'rule_matched'));
  ev.user = str(pick(o, 'SourceUser', 'SourceUserName', 'source_user'));
  const app = pick(o, 'Application', 'app');
  ev.app = app === 'incomplete' || app === 'not-applicable' ? null : str(app);
  setHints(ev, o);
  switch (type) {
    case 'TRAFFIC':
    case 'DECRYPTION':
      ev.kind = 'traffic';
      ev.bytes_out = int(pick(o, 'BytesSent', 'bytes_sent'));
      ev.bytes_in = int(pick(o, 'BytesReceived', 'bytes_received'));
      break;
    case 'THREAT': {
      ev.kind = 'threat';
      ev.severity = severityWord(pick(o, 'VendorSeverity', 'severity'));
      const subtypeWord = subtype;
      const misc = pick(o, 'URL', 'url', 'FileName', 'file_name') ?? '';
      const name = pick(o, 'ThreatNameFirewall', 'ThreatName', 'threat_name', 'ThreatID') ?? '';
      const category =
        subtypeWord === 'url'
          ? (pick(o, 'URLCategory', 'url_category') ?? '')
          : (pick(o, 'Verdict', 'verdict', 'ThreatCategory') ?? '');
      threatHints(ev, subtypeWord, misc, /^\d+$/.test(name) ? '' : name, category);
      if (subtypeWord === 'url') ev.domain = ev.domain ?? str(pick(o, 'URLDomain', 'url_domain'));
      break;
    }
    case 'DNS':
      // DNS Security telemetry: the client asked the resolver.
      ev.kind = 'traffic';
      ev.dst_ip = ev.dst_ip ?? ip(pick(o, 'DNSResolverIP'));
      ev.domain = str(pick(o, 'DomainName', 'DNSQuery', 'Query'));
      break;
    case 'SYSTEM': {
      ev.severity = severityWord(pick(o, 'VendorSeverity', 'severity'));
      const d = describedAddrs(pick(o, 'EventDescription', 'event_description') ?? '');
      ev.src_ip = ev.src_ip ?? d.src;
      ev.dst_ip = ev.dst_ip ?? d.dst;
      ev.dst_port = ev.dst_port ?? d.dstPort;
      ev.user = ev.user ?? d.user;
      break;
    }
    default:
      // GLOBALPROTECT, HIPMATCH, USERID, AUTH, CONFIG …: who and from where
      break;
  }
  return ev;
}

function setHints(ev: ParsedEvent, o: Json): void {
  const fz = str(pick(o, 'FromZone', 'from_zone'));
  const tz = str(pick(o, 'ToZone', 'to_zone'));
  const ii = str(pick(o, 'InboundInterface', 'inbound_if'));
  const oi = str(pick(o, 'OutboundInterface', 'outbound_if'));
  if (fz) ev.hints.srcZone = fz;
  if (tz) ev.hints.dstZone = tz;
  if (ii) ev.hints.srcIntf = ii;
  if (oi) ev.hints.dstIntf = oi;
  const ac = str(
    pick(o, 'ApplicationSubcategory', 'app_sub_category', 'ApplicationCategory', 'app_category'),
  );
  if (ac) ev.hints.appCategory = ac;
  const uc = str(pick(o, 'URLCategory', 'url_category'));
  if (uc && uc !== 'not-resolved') ev.hints.urlCategory = uc;
}
