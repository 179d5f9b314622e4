/**
 * PAN-OS syslog CSV → ParsedEvent, one extractor per log type.
 * https://docs.paloaltonetworks.com/pan-os/10-2/pan-os-admin/monitoring/use-syslog-for-monitoring/syslog-field-descriptions
 */
import type { Action } from '../../../event/event.js';
import { int, ip, normAction, port, protoName, severityWord, str } from '../fields.js';
import {
  blankEvent,
  fail,
  isFailure,
  type ParseContext,
  type ParsedEvent,
  type ParseResult,
  type RecordInput,
} from '../types.js';
import { type CsvFields, fieldAt, hasField, splitCsv } from './csv.js';
import { describedAddrs } from './describe.js';
import {
  AUTH,
  CONFIG,
  DECRYPTION,
  GENERATED_TIME,
  GLOBALPROTECT,
  HIPMATCH,
  RECEIVE_TIME,
  SESSION,
  SUBTYPE,
  SYSTEM,
  THREAT,
  TRAFFIC,
  TYPE,
  USERID,
} from './layouts.js';
import { highResMs, looksIso, panLocalMs } from './pan-time.js';
import { threatHints } from './threat-subtypes.js';

const VENDOR = 'paloalto';

/** Action words PAN-OS writes that the shared table does not know. */
const PAN_ACTIONS: Record<string, Action> = {
  continue: 'allow',
  override: 'allow',
  'block-continue': 'block',
  'block-override': 'block',
  'override-lockout': 'block',
  'random-drop': 'drop',
  'syn-cookie': 'detect',
  wildfire: 'detect',
  sinkhole: 'redirect',
};

export function panAction(v: string): Action | null {
  return PAN_ACTIONS[v] ?? normAction(v);
}

/** Where the CSV starts in the body: "1,2019/…" or, from some relays, ": 1,2019/…". */
export function csvStart(body: string): number {
  return body.charCodeAt(0) === 58 && body.charCodeAt(1) === 32 ? 2 : 0;
}

/** Record time: High Resolution Timestamp when it is there, else Generated Time, else Receive Time. */
function recordTime(f: CsvFields, highRes: number, rec: RecordInput, ctx: ParseContext): number {
  if (highRes > 0 && hasField(f, highRes)) {
    const hr = fieldAt(f, highRes);
    if (looksIso(hr)) {
      const t = highResMs(hr);
      if (!Number.isNaN(t)) return t;
    }
  }
  if (hasField(f, GENERATED_TIME)) return panLocalMs(fieldAt(f, GENERATED_TIME), ctx.tz);
  if (hasField(f, RECEIVE_TIME)) return panLocalMs(fieldAt(f, RECEIVE_TIME), ctx.tz);
  return rec.header.tsMs ?? -1;
}

/** Application names that mean "no application identified". */
function appName(v: string): string | null {
  return v === 'incomplete' || v === 'not-applicable' ? null : str(v);
}

function setZones(ev: ParsedEvent, f: CsvFields): void {
  const fz = str(fieldAt(f, SESSION.fromZone));
  const tz = str(fieldAt(f, SESSION.toZone));
  const ii = str(fieldAt(f, SESSION.inIf));
  const oi = str(fieldAt(f, SESSION.outIf));
  if (fz) ev.hints.srcZone = fz;
  if (tz) ev.hints.dstZone = tz;
  if (ii) ev.hints.srcIntf = ii;
  if (oi) ev.hints.dstIntf = oi;
}

/**
 * The 5-tuple and session fields TRAFFIC, THREAT and DECRYPTION share:
 *   1,2019/05/15 18:03:36,001801000000,TRAFFIC,end,2049,2019/05/15 18:03:36,10.0.0.5,203.0.113.10,…
 */
function sessionEvent(f: CsvFields, kind: ParsedEvent['kind'], tsMs: number): ParsedEvent | null {
  const src = ip(fieldAt(f, SESSION.src));
  const dst = ip(fieldAt(f, SESSION.dst));
  if (src === null || dst === null) return null;
  const ev = blankEvent(VENDOR, kind, tsMs);
  ev.src_ip = src;
  ev.dst_ip = dst;
  ev.src_port = port(fieldAt(f, SESSION.sport));
  ev.dst_port = port(fieldAt(f, SESSION.dport));
  ev.proto = protoName(str(fieldAt(f, SESSION.proto)));
  ev.action = panAction(fieldAt(f, SESSION.action));
  ev.rule = str(fieldAt(f, SESSION.rule));
  ev.user = str(fieldAt(f, SESSION.srcUser));
  ev.app = appName(fieldAt(f, SESSION.app));
  setZones(ev, f);
  return ev;
}

function appCategory(ev: ParsedEvent, f: CsvFields, sub: number, cat: number): void {
  const c = str(fieldAt(f, sub)) ?? str(fieldAt(f, cat));
  if (c) ev.hints.appCategory = c;
}

/**
 * TRAFFIC (start / end / drop / deny):
 *   1,2019/05/15 18:03:36,001801000000,TRAFFIC,end,2049,2019/05/15 18:03:36,10.0.0.5,203.0.113.10,0.0.0.0,0.0.0.0,allow-out,,,dropbox-base,vsys1,trust,untrust,ethernet1/2,ethernet1/1,fwd,2019/05/15 18:03:36,5001,1,50123,443,0,0,0x400000,tcp,allow,5120,1024,4096,12,2019/05/15 18:03:20,15,online-storage-and-backup,0,…
 * https://docs.paloaltonetworks.com/pan-os/10-2/pan-os-admin/monitoring/use-syslog-for-monitoring/syslog-field-descriptions/traffic-log-fields
 */
function traffic(f: CsvFields, tsMs: number): ParseResult {
  const ev = sessionEvent(f, 'traffic', tsMs);
  if (!ev) return fail('malformed', 'TRAFFIC without source/destination address');
  ev.bytes_out = int(fieldAt(f, TRAFFIC.bytesSent));
  ev.bytes_in = int(fieldAt(f, TRAFFIC.bytesReceived));
  const cat = str(fieldAt(f, TRAFFIC.urlCategory));
  if (cat && cat !== 'not-resolved') ev.hints.urlCategory = cat;
  appCategory(ev, f, TRAFFIC.appSubcategory, TRAFFIC.appCategory);
  return ev;
}

/**
 * THREAT (url, virus, spyware, vulnerability, wildfire, wildfire-virus, file, data, flood, scan):
 *   1,2019/05/15 18:03:36,001801000000,THREAT,url,2049,2019/05/15 18:03:36,10.0.0.5,203.0.113.10,…,tcp,block-url,"www.example.com/index.html",(9999),social-networking,informational,client-to-server,…
 * https://docs.paloaltonetworks.com/pan-os/10-2/pan-os-admin/monitoring/use-syslog-for-monitoring/syslog-field-descriptions/threat-log-fields
 */
function threat(f: CsvFields, tsMs: number): ParseResult {
  const ev = sessionEvent(f, 'threat', tsMs);
  if (!ev) return fail('malformed', 'THREAT without source/destination address');
  ev.severity = severityWord(fieldAt(f, THREAT.severity));
  appCategory(ev, f, THREAT.appSubcategory, THREAT.appCategory);
  threatHints(
    ev,
    fieldAt(f, SUBTYPE),
    fieldAt(f, THREAT.misc),
    fieldAt(f, THREAT.threatId),
    fieldAt(f, THREAT.category),
  );
  return ev;
}

/**
 * DECRYPTION (10.0+), same session fields as TRAFFIC:
 *   1,2024/11/03 19:09:43,001801000000,DECRYPTION,0,2562,2024/11/03 19:09:43,10.0.0.5,203.0.113.10,…,tcp,allow,…
 * https://docs.paloaltonetworks.com/pan-os/10-2/pan-os-admin/monitoring/use-syslog-for-monitoring/syslog-field-descriptions/decryption-log-fields
 */
function decryption(f: CsvFields, tsMs: number): ParseResult {
  const ev = sessionEvent(f, 'traffic', tsMs);
  if (!ev) return fail('malformed', 'DECRYPTION without source/destination address');
  appCategory(ev, f, DECRYPTION.appSubcategory, DECRYPTION.appCategory);
  return ev;
}

/**
 * SYSTEM: addresses and user come from the description text.
 *   1,2024/12/16 20:19:04,001801000000,SYSTEM,auth,2561,2024/12/16 20:19:04,,auth-fail,AD-AUTH,0,0,general,medium,"failed authentication for user 'jdoe'. … From: 198.51.100.7.",…
 * https://docs.paloaltonetworks.com/pan-os/10-2/pan-os-admin/monitoring/use-syslog-for-monitoring/syslog-field-descriptions/system-log-fields
 */
function system(f: CsvFields, tsMs: number): ParseResult {
  const ev = blankEvent(VENDOR, 'system', tsMs);
  ev.severity = severityWord(fieldAt(f, SYSTEM.severity));
  const d = describedAddrs(fieldAt(f, SYSTEM.description));
  ev.src_ip = d.src;
  ev.dst_ip = d.dst;
  ev.dst_port = d.dstPort;
  ev.user = d.user;
  return ev;
}

/**
 * CONFIG: Host is the administrator's client address.
 *   1,2025/02/24 10:44:03,001801000000,CONFIG,0,2562,2025/02/24 10:44:03,192.0.2.10,,edit,admin,Web,Succeeded, config shared …
 * https://docs.paloaltonetworks.com/pan-os/10-2/pan-os-admin/monitoring/use-syslog-for-monitoring/syslog-field-descriptions/config-log-fields
 */
function config(f: CsvFields, tsMs: number): ParseResult {
  const ev = blankEvent(VENDOR, 'system', tsMs);
  ev.src_ip = ip(fieldAt(f, CONFIG.host));
  ev.user = str(fieldAt(f, CONFIG.admin));
  return ev;
}

/** GLOBALPROTECT / HIPMATCH / USERID / AUTH: a user and the client address, kind system. */
function userEvent(f: CsvFields, tsMs: number, srcAt: number, userAt: number): ParseResult {
  const ev = blankEvent(VENDOR, 'system', tsMs);
  ev.src_ip = ip(fieldAt(f, srcAt));
  ev.user = str(fieldAt(f, userAt));
  return ev;
}

/** PAN-OS CSV body → event. */
export function parseCsv(rec: RecordInput, ctx: ParseContext): ParseResult {
  const body = rec.body;
  const f = splitCsv(body, csvStart(body));
  if (f === null) return fail('truncated', 'quoted field never closed');
  if (f.count <= GENERATED_TIME) return fail('truncated', 'PAN-OS record cut before Generated Time');
  const type = fieldAt(f, TYPE);
  switch (type) {
    case 'TRAFFIC': {
      if (f.count < TRAFFIC.min) return fail('truncated', `TRAFFIC with ${f.count} fields`);
      return traffic(f, recordTime(f, TRAFFIC.highRes, rec, ctx));
    }
    case 'THREAT': {
      if (f.count < THREAT.min) return fail('truncated', `THREAT with ${f.count} fields`);
      return threat(f, recordTime(f, THREAT.highRes, rec, ctx));
    }
    case 'DECRYPTION':
      if (f.count < DECRYPTION.min) return fail('truncated', `DECRYPTION with ${f.count} fields`);
      return decryption(f, recordTime(f, DECRYPTION.highRes, rec, ctx));
    case 'TUNNEL':
    case 'GTP':
    case 'SCTP': {
      // GTP / tunnel inspection and SCTP logs keep the session positions of TRAFFIC.
      if (f.count < SESSION.action + 1) return fail('truncated', `${type} with ${f.count} fields`);
      const ev = sessionEvent(f, 'traffic', recordTime(f, -1, rec, ctx));
      return ev ?? fail('malformed', `${type} without source/destination address`);
    }
    case 'SYSTEM':
      if (f.count < SYSTEM.min) return fail('truncated', `SYSTEM with ${f.count} fields`);
      return system(f, recordTime(f, SYSTEM.highRes, rec, ctx));
    case 'CONFIG':
      if (f.count < CONFIG.min) return fail('truncated', `CONFIG with ${f.count} fields`);
      return config(f, recordTime(f, CONFIG.highRes, rec, ctx));
    case 'GLOBALPROTECT': {
      if (f.count < GLOBALPROTECT.min) return fail('truncated', `GLOBALPROTECT with ${f.count} fields`);
      const ev = userEvent(
        f,
        recordTime(f, GLOBALPROTECT.highRes, rec, ctx),
        GLOBALPROTECT.publicIp,
        GLOBALPROTECT.user,
      );
      if (!isFailure(ev) && ev.src_ip === null) ev.src_ip = ip(fieldAt(f, GLOBALPROTECT.publicIp6));
      return ev;
    }
    case 'HIPMATCH':
    case 'HIP-MATCH':
      if (f.count < HIPMATCH.min) return fail('truncated', `HIPMATCH with ${f.count} fields`);
      return userEvent(f, recordTime(f, HIPMATCH.highRes, rec, ctx), HIPMATCH.src, HIPMATCH.user);
    case 'USERID':
      if (f.count < USERID.min) return fail('truncated', `USERID with ${f.count} fields`);
      return userEvent(f, recordTime(f, USERID.highRes, rec, ctx), USERID.src, USERID.user);
    case 'AUTH':
      if (f.count < AUTH.min) return fail('truncated', `AUTH with ${f.count} fields`);
      return userEvent(f, recordTime(f, AUTH.highRes, rec, ctx), AUTH.src, AUTH.user);
    case 'IPTAG':
    case 'CORRELATION':
      return blankEvent(VENDOR, 'system', recordTime(f, -1, rec, ctx));
    default:
      return fail('malformed', `unknown PAN-OS log type ${type.slice(0, 32)}`);
  }
}
