/**
 * Suricata EVE JSON: one object per line, bare or after a syslog header.
 *
 *   {"timestamp":"2019-05-15T18:03:36.123456+0900","flow_id":…,"event_type":"alert","src_ip":"192.168.1.146",…}
 *   <14>May 15 18:03:36 ids suricata[812]: {"timestamp":…,"event_type":"dns",…}
 *
 * Format: https://docs.suricata.io/en/latest/output/eve/eve-json-format.html
 * Per-type members: https://docs.suricata.io/en/latest/output/eve/eve-json-output.html
 */
import { parseDateTime } from '../../../core/time.js';
import type { Kind } from '../../../event/event.js';
import { hostOf } from '../fields.js';
import {
  blankEvent,
  fail,
  headerTime,
  type ParseContext,
  type ParsedEvent,
  type ParseResult,
  type Parser,
  type RecordInput,
} from '../types.js';
import { alertSeverity, alertThreatType, appFromSignature } from './alert-kind.js';
import { count, firstObj, hostName, ipOf, type JsonObject, obj, portOf, text } from './json-values.js';

/** Start of the JSON object in the body (syslog relays sometimes leave a space before it). */
function jsonStart(body: string): number {
  let i = 0;
  while (body.charCodeAt(i) === 32) i++;
  return body.charCodeAt(i) === 123 ? i : -1;
}

function sniff(rec: RecordInput): boolean {
  const s = jsonStart(rec.body);
  return s >= 0 && rec.body.indexOf('"event_type"', s) > 0;
}

/** Kind of each EVE record type that is not an alert (alerts are always `threat`). */
const KIND_BY_TYPE: Readonly<Record<string, Kind>> = {
  http: 'web',
  http2: 'web',
  tls: 'web',
  quic: 'web',
  fileinfo: 'web',
  dns: 'traffic',
  flow: 'traffic',
  netflow: 'traffic',
  drop: 'traffic',
  anomaly: 'anomaly',
  smtp: 'mail',
  email: 'mail',
  ssh: 'system',
  stats: 'system',
};

function parse(rec: RecordInput, ctx: ParseContext): ParseResult {
  const body = rec.body;
  const s = jsonStart(body);
  if (s < 0) return fail('malformed', 'EVE record is not a JSON object');
  let parsed: unknown;
  try {
    parsed = JSON.parse(s === 0 ? body : body.slice(s));
  } catch {
    // A line cut by a size limit or a torn write ends before its closing brace.
    return body.trimEnd().endsWith('}')
      ? fail('malformed', 'invalid JSON')
      : fail('truncated', 'JSON cut short');
  }
  const o = obj(parsed);
  if (o === null) return fail('malformed', 'EVE record is not a JSON object');
  const type = text(o.event_type);
  if (type === null) return fail('malformed', 'no event_type');

  // Suricata writes its own time with an offset ("+0900", 6-digit fraction); fall back to the header.
  const tsText = text(o.timestamp);
  const tsMs = tsText !== null ? parseDateTime(tsText, ctx.tz) : headerTime(rec);

  const ev = blankEvent('suricata', type === 'alert' ? 'threat' : (KIND_BY_TYPE[type] ?? 'traffic'), tsMs);
  ev.src_ip = ipOf(o.src_ip);
  ev.src_port = portOf(o.src_port);
  ev.dst_ip = ipOf(o.dest_ip);
  ev.dst_port = portOf(o.dest_port);
  const proto = text(o.proto);
  ev.proto = proto === null ? null : proto.toLowerCase();
  const appProto = text(o.app_proto);
  if (appProto !== null && appProto !== 'failed') ev.hints.service = appProto.toUpperCase();

  // Application-layer members appear on their own record type and, as context, on alerts / fileinfo.
  fillHttp(ev, obj(o.http));
  fillDns(ev, obj(o.dns));
  const tls = obj(o.tls) ?? obj(o.quic);
  if (tls !== null && ev.domain === null) ev.domain = hostName(tls.sni);
  fillFlowBytes(ev, o);

  switch (type) {
    case 'alert':
      fillAlert(ev, obj(o.alert));
      break;
    case 'anomaly':
      fillAnomaly(ev, obj(o.anomaly));
      break;
    case 'drop':
      ev.action = 'drop';
      break;
    case 'netflow': {
      // One direction per record: what the source sent.
      const nf = obj(o.netflow);
      if (nf !== null) ev.bytes_out = count(nf.bytes);
      break;
    }
    case 'fileinfo':
      // A file seen in a transfer: web when carried by HTTP, mail by SMTP, else plain traffic.
      // Suricata gives no malware verdict on files (fileinfo carries hashes / magic / stored
      // state only), so no threat type is set here; signatures that match files raise alerts.
      if (o.http === undefined) ev.kind = o.smtp !== undefined || o.email !== undefined ? 'mail' : 'traffic';
      break;
    case 'smtp':
    case 'email':
      ev.hints.service = 'SMTP';
      break;
    case 'stats':
      // Engine counters: no 5-tuple.
      break;
  }
  return ev;
}

// {"http":{"hostname":"example.net","http_port":8080,"url":"/x","http_user_agent":"curl/7.58.0",…}}
// The url member is the request target: usually a path, an absolute URL for proxy requests.
function fillHttp(ev: ParsedEvent, http: JsonObject | null): void {
  if (http === null) return;
  const target = text(http.url);
  const host = text(http.hostname);
  if (target !== null && (target.startsWith('http://') || target.startsWith('https://'))) {
    ev.url = target;
  } else if (host !== null) {
    const p = portOf(http.http_port);
    ev.url = 'http://' + host + (p !== null && p !== 80 ? ':' + p : '') + (target ?? '/');
  }
  ev.domain = hostOf(ev.url) ?? hostName(host);
  ev.hints.service ??= 'HTTP';
}

// v1/v2: {"dns":{"type":"query","rrname":"example.com","rrtype":"A",…}}
// v3 (Suricata 8): {"dns":{"queries":[{"rrname":"example.com","rrtype":"A"}],…}}
function fillDns(ev: ParsedEvent, dns: JsonObject | null): void {
  if (dns === null) return;
  const q = dns.rrname !== undefined ? dns : (firstObj(dns.queries) ?? firstObj(dns.query));
  if (q !== null && ev.domain === null) ev.domain = hostName(q.rrname);
  ev.hints.service ??= 'DNS';
}

// {"flow":{"pkts_toserver":4,"pkts_toclient":3,"bytes_toserver":347,"bytes_toclient":1654,
//          "src_ip":"192.168.100.237",…}}  (flow.src_ip: Suricata 7+, the flow's own orientation)
// bytes_toserver is what the client sent. An alert on a to_client packet has src/dest swapped
// relative to the flow, so the byte counters are swapped with it.
function fillFlowBytes(ev: ParsedEvent, o: JsonObject): void {
  const flow = obj(o.flow);
  if (flow === null) return;
  const toServer = count(flow.bytes_toserver);
  const toClient = count(flow.bytes_toclient);
  const flowSrc = ipOf(flow.src_ip);
  const reversed = flowSrc !== null && ev.src_ip !== null && flowSrc !== ev.src_ip;
  ev.bytes_out = reversed ? toClient : toServer;
  ev.bytes_in = reversed ? toServer : toClient;
}

// {"alert":{"action":"allowed","gid":1,"signature_id":2013028,"rev":4,
//           "signature":"ET POLICY curl User-Agent Outbound","category":"Attempted Information Leak",
//           "severity":2,"metadata":{"signature_severity":["Major"],…}}}
function fillAlert(ev: ParsedEvent, alert: JsonObject | null): void {
  if (alert === null) return;
  // IDS mode writes "allowed"; IPS mode (NFQ / AF_PACKET inline) "blocked" for drop / reject rules.
  const action = text(alert.action);
  ev.action = action === 'blocked' ? 'block' : 'detect';
  const signature = text(alert.signature);
  const category = text(alert.category);
  ev.threat = signature;
  const sid = count(alert.signature_id);
  ev.rule = sid === null ? null : String(sid);
  const meta = obj(alert.metadata);
  const sigSev =
    meta !== null && Array.isArray(meta.signature_severity) ? text(meta.signature_severity[0]) : null;
  ev.severity = alertSeverity(alert.severity, sigSev);
  const t = alertThreatType(category, signature);
  if (t === 'app') {
    ev.app = appFromSignature(signature);
    // A policy rule naming no application is not an application-control verdict; the classtype
    // "Potential Corporate Privacy Violation" still is one (its rules are about data leaving).
    if (ev.app !== null || category?.toLowerCase() === 'potential corporate privacy violation') {
      ev.hints.threatType = 'app';
    }
  } else if (t !== undefined) {
    ev.hints.threatType = t;
  }
}

// {"anomaly":{"app_proto":"http","type":"applayer","event":"UNABLE_TO_MATCH_RESPONSE_TO_REQUEST","layer":"proto_parser"}}
// {"anomaly":{"type":"decode","event":"decoder.ipv4.trunc_pkt"}}  — protocol anomalies, not attacks.
function fillAnomaly(ev: ParsedEvent, an: JsonObject | null): void {
  if (an === null) return;
  ev.threat = text(an.event) ?? text(an.code);
}

export const suricataParser: Parser = { id: 'suricata', sniff, parse };
