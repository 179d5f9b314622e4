/**
 * FortiGate (FortiOS) key=value syslog, with or without a syslog header, quoted or not:
 *
 *   <189>date=2019-05-15 time=18:03:36 logid="0000000013" type="traffic" subtype="forward" level="notice" vd="root"
 *     eventtime=1557968615 srcip=10.1.100.22 srcport=50798 … dstip=203.0.113.9 dstport=443 … action="close" …
 *
 * Field names follow the FortiOS Log Message Reference
 * (https://docs.fortinet.com/document/fortigate/7.4.2/fortios-log-message-reference/16401 and siblings,
 * one page per log id). The same layout is used by FortiWeb (`log_id=`, `src=`, `dst=`) and
 * FortiAuthenticator (`userip=`), which are read as far as their 5-tuple goes.
 * FortiGate CEF output (`CEF:0|Fortinet|Fortigate|…`) belongs to the cef parser.
 */
import type { Kind } from '../../../event/event.js';
import { hostOf, int, ip, looksLikeIp, port, protoName, str } from '../fields.js';
import { keyTable, scanKv } from '../kv.js';
import type { Hints, ParsedEvent, ParseResult, Parser, RecordInput, ThreatType } from '../types.js';
import { fail, headerTime } from '../types.js';
import { dateTimeMs, eventTimeMs } from './event-time.js';
import { endsMidPair, hasKey, pairSeparator } from './kv-shape.js';
import {
  anomalyType,
  attackSeverity,
  fortiAction,
  isC2Name,
  isMailService,
  levelSeverity,
} from './verdict.js';

const KEYS = [
  'date',
  'time',
  'eventtime',
  'tz',
  'timestamp',
  'logid',
  'log_id',
  'type',
  'subtype',
  'eventtype',
  'level',
  'pri',
  'severity',
  'crlevel',
  'srcip',
  'srcport',
  'dstip',
  'dstport',
  'src',
  'src_port',
  'dst',
  'dst_port',
  'remip',
  'remport',
  'locip',
  'locport',
  'userip',
  'ui',
  'ip',
  'proto',
  'service',
  'action',
  'policyid',
  'policy',
  'srcintf',
  'dstintf',
  'srcintfrole',
  'dstintfrole',
  'user',
  'unauthuser',
  'app',
  'appcat',
  'catdesc',
  'hostname',
  'url',
  'http_host',
  'http_url',
  'qname',
  'botnetdomain',
  'botnetip',
  'attack',
  'virus',
  'dtype',
  'direction',
  'sentbyte',
  'rcvdbyte',
] as const;
type Key = (typeof KEYS)[number];
const TABLE = keyTable(KEYS);
const K = Object.fromEntries(KEYS.map((k, i) => [k, i])) as Record<Key, number>;
/** Reused value slots: parse is synchronous, so one array serves every call. */
const vals: (string | undefined)[] = new Array<string | undefined>(KEYS.length);

/** Log types of FortiOS 5.x / 6.0 that are a UTM subtype themselves (type="dns" subtype="dns-response"). */
const LEGACY_UTM = new Set([
  'virus',
  'ips',
  'webfilter',
  'emailfilter',
  'spam',
  'app-ctrl',
  'anomaly',
  'dlp',
  'dns',
  'waf',
  'ssl',
  'voip',
  'ssh',
]);

export const fortigateParser: Parser = {
  id: 'fortigate',

  sniff(rec: RecordInput): boolean {
    const s = rec.body;
    // CEF / LEEF with the prefix stripped ("0|Fortinet|Fortigate|…") belong to those parsers.
    if (s.charCodeAt(1) === 124 || s.startsWith('CEF:') || s.startsWith('LEEF:')) return false;
    // Sophos writes log_type= / log_subtype=, which hasKey does not take for type= / subtype=.
    return (
      hasKey(s, 'subtype=') &&
      hasKey(s, 'type=') &&
      (hasKey(s, 'logid=') || hasKey(s, 'devname=') || hasKey(s, 'vd=') || hasKey(s, 'log_id='))
    );
  },

  parse(rec: RecordInput, ctx): ParseResult {
    const s = rec.body;
    const v = vals;
    v.fill(undefined);
    const sep = pairSeparator(s);
    if (!scanKv(s, TABLE, v, 0, sep)) return fail('truncated', 'a quoted value is never closed');
    const type = v[K.type];
    if (!type) return fail('malformed', 'no type= field');
    if (endsMidPair(s, sep)) return fail('truncated', 'the record ends inside a key=value pair');

    // FortiOS 6.2+: type="utm" subtype="ips"; older: type="ips" subtype="signature".
    let cls: string;
    let evType: string | undefined;
    if (type === 'utm') {
      cls = v[K.subtype] ?? '';
      evType = v[K.eventtype];
    } else {
      cls = type;
      evType = v[K.subtype];
    }

    const ev: ParsedEvent = {
      tsMs: recordTime(v, rec, ctx.tz),
      vendor: 'fortigate',
      kind: 'system',
      action: null,
      src_ip: ip(v[K.srcip]) ?? ip(v[K.src]),
      src_port: port(v[K.srcport]) ?? port(v[K.src_port]),
      dst_ip: ip(v[K.dstip]) ?? ip(v[K.dst]),
      dst_port: port(v[K.dstport]) ?? port(v[K.dst_port]),
      proto: protoName(v[K.proto]),
      threat: null,
      url: null,
      domain: null,
      app: str(v[K.app]),
      user: str(v[K.user]) ?? str(v[K.unauthuser]),
      bytes_in: int(v[K.rcvdbyte]),
      bytes_out: int(v[K.sentbyte]),
      severity:
        attackSeverity(v[K.severity]) ??
        attackSeverity(v[K.crlevel]) ??
        levelSeverity(v[K.level] ?? v[K.pri]),
      rule: str(v[K.policyid]) ?? str(v[K.policy]),
      hints: interfaceHints(v),
    };
    const hints = ev.hints;
    const service = str(v[K.service]);
    if (service) hints.service = service;
    const action = v[K.action];
    ev.action = fortiAction(action);

    let kind: Kind;
    let threatType: ThreatType | undefined;
    switch (cls) {
      case 'traffic':
        kind = 'traffic';
        webFields(ev, v, service);
        break;

      // date=2019-05-13 time=11:45:03 logid="0211008192" type="utm" subtype="virus" eventtype="infected"
      //   … action="blocked" service="HTTP" … direction="incoming" filename="eicar.com" virus="EICAR_TEST_FILE" …
      // https://docs.fortinet.com/document/fortigate/5.6.14/fortios-log-message-reference/9248 (botnet variant)
      case 'virus':
      case 'av':
        kind = 'threat';
        if (evType === 'botnet' || v[K.dtype] === 'botnet') threatType = 'c2';
        else if (str(v[K.virus])) threatType = 'virus';
        ev.threat = str(v[K.virus]);
        webFields(ev, v, service);
        if (isMailService(service ?? undefined)) mailDirection(hints, v[K.direction]);
        break;

      // logid="0419016384" type="utm" subtype="ips" eventtype="signature" … severity="critical" …
      //   action="dropped" … attack="Adobe.Flash.newfunction.Handling.Code.Execution" …
      // eventtype="botnet": https://docs.fortinet.com/document/fortigate/6.4.1/fortios-log-message-reference/16400
      case 'ips':
        kind = 'threat';
        threatType = evType === 'botnet' || isC2Name(v[K.attack]) ? 'c2' : 'ips';
        ev.threat = str(v[K.attack]);
        webFields(ev, v, service);
        break;

      // logid="0720018433" type="utm" subtype="anomaly" eventtype="anomaly" … action="clear_session" proto=1
      //   service="PING" count=1 attack="icmp_flood" … msg="anomaly: icmp_flood, 51 > threshold 50"
      case 'anomaly':
        kind = 'anomaly';
        threatType = anomalyType(v[K.attack]);
        ev.threat = str(v[K.attack]);
        break;

      // logid="0316013056" type="utm" subtype="webfilter" eventtype="ftgd_blk" … hostname="example.com"
      //   action="blocked" url="/" … cat=26 catdesc="Malicious Websites"
      case 'webfilter':
        kind = 'web';
        threatType = 'webfilter';
        webFields(ev, v, service);
        break;

      // logid="0508020503" type="utm" subtype="emailfilter" eventtype="smtp" … service="SMTP"
      //   action="log-only" from=… direction="outgoing" msg="general email log"
      // https://docs.fortinet.com/document/fortigate/7.4.2/fortios-log-message-reference/489570
      case 'emailfilter':
      case 'spam': {
        kind = 'mail';
        const out = mailDirection(hints, v[K.direction]);
        if (isSpamVerdict(v[K.logid], evType)) {
          threatType = 'spam';
          if (!out) hints.category = 'spam';
        }
        break;
      }

      // logid="1059028704" type="utm" subtype="app-ctrl" eventtype="app-ctrl-all" … appcat="Web.Client"
      //   app="HTTPS.BROWSER" action="pass" hostname="www.example.com" url="/" …
      case 'app-ctrl':
        kind = 'traffic';
        threatType = 'app';
        webFields(ev, v, service);
        break;

      // logid="1501054802" type="utm" subtype="dns" eventtype="dns-response" … qname="example.com" …
      //   action="pass" cat=23 catdesc="Web-based Email"; botnet blocks carry botnetdomain / botnetip
      // https://docs.fortinet.com/document/fortigate/6.0.15/fortios-log-message-reference/54600
      case 'dns':
        kind = 'web';
        if (str(v[K.botnetdomain]) || str(v[K.botnetip])) threatType = 'c2';
        else if (str(v[K.catdesc])) threatType = 'webfilter';
        webFields(ev, v, service);
        break;

      case 'waf':
        kind = 'threat';
        threatType = 'ips';
        ev.threat = str(v[K.attack]);
        webFields(ev, v, service);
        break;

      case 'dlp':
        kind = 'threat';
        webFields(ev, v, service);
        break;

      case 'event':
      case 'appevent':
        kind = 'system';
        eventAddresses(ev, v);
        if (ev.action === null && str(action)) ev.action = 'other';
        break;

      case 'attack': // FortiWeb attack log
        kind = 'threat';
        threatType = 'ips';
        webFields(ev, v, service);
        break;

      default:
        // ssl, ssh, cifs, voip, file-filter, icap, … : session-level verdicts
        kind = type === 'utm' || LEGACY_UTM.has(type) ? 'traffic' : 'system';
        webFields(ev, v, service);
        if (kind === 'system') eventAddresses(ev, v);
        break;
    }
    ev.kind = kind;
    if (threatType) hints.threatType = threatType;
    const cat = str(v[K.catdesc]);
    if (cat) hints.urlCategory = cat;
    const appcat = str(v[K.appcat]);
    if (appcat && appcat !== 'unscanned') hints.appCategory = appcat;
    return ev;
  },
};

/**
 * Time: eventtime (UTC epoch) first, then date + time (+ tz), then FortiAnalyzer's /
 * FortiAuthenticator's `timestamp=` epoch seconds, then the syslog header.
 */
function recordTime(v: (string | undefined)[], rec: RecordInput, tz: string): number {
  const et = v[K.eventtime];
  if (et) {
    const ms = eventTimeMs(et);
    if (!Number.isNaN(ms)) return ms;
  }
  const date = v[K.date];
  const time = v[K.time];
  if (date && time) return dateTimeMs(date, time, v[K.tz], tz);
  const ts = v[K.timestamp];
  if (ts) {
    const ms = eventTimeMs(ts);
    if (!Number.isNaN(ms)) return ms;
  }
  return headerTime(rec);
}

function interfaceHints(v: (string | undefined)[]): Hints {
  const h: Hints = {};
  const si = str(v[K.srcintf]);
  if (si) h.srcIntf = si;
  const di = str(v[K.dstintf]);
  if (di) h.dstIntf = di;
  const sr = v[K.srcintfrole];
  if (sr && sr !== 'undefined') h.srcZone = sr;
  const dr = v[K.dstintfrole];
  if (dr && dr !== 'undefined') h.dstZone = dr;
  return h;
}

/**
 * url / domain. Web-filter, IPS and app-ctrl logs split the URL: hostname="example.com" url="/path";
 * AV logs write it whole (url="http://198.51.100.7/eicar.com"); DNS logs have qname; FortiWeb
 * writes http_host + http_url.
 */
function webFields(ev: ParsedEvent, v: (string | undefined)[], service: string | null): void {
  const host = str(v[K.hostname]) ?? str(v[K.http_host]);
  let url = str(v[K.url]) ?? str(v[K.http_url]);
  if (url && url.charCodeAt(0) === 47 /* / */ && host) {
    const https = service !== null && (service === 'HTTPS' || service === 'SSL' || service === 'https');
    url = (https ? 'https://' : 'http://') + host + url;
  }
  ev.url = url;
  const qname = str(v[K.qname]);
  if (qname) ev.domain = qname.toLowerCase();
  else if (host && !isAddress(host)) ev.domain = host.toLowerCase();
  else {
    const h = hostOf(url);
    ev.domain = h && !isAddress(h) ? h : null;
  }
}

/**
 * Event logs carry their peer in other fields: VPN remip/locip (remote peer first, as
 * `remip=203.0.113.5 locip=192.0.2.1 remport=500 locport=500`), FortiAuthenticator userip,
 * admin logins `ui="GUI(192.0.2.10)"`, DHCP `ip=`.
 */
function eventAddresses(ev: ParsedEvent, v: (string | undefined)[]): void {
  if (ev.src_ip === null) {
    ev.src_ip = ip(v[K.remip]) ?? ip(v[K.userip]) ?? uiAddress(v[K.ui]) ?? ip(v[K.ip]);
    if (ev.src_port === null && ev.src_ip !== null) ev.src_port = port(v[K.remport]);
  }
  if (ev.dst_ip === null) {
    ev.dst_ip = ip(v[K.locip]);
    if (ev.dst_port === null && ev.dst_ip !== null) ev.dst_port = port(v[K.locport]);
  }
}

/** `ui="GUI(192.0.2.10)"`, `ui="ssh(192.0.2.10)"` → the address in parentheses. */
function uiAddress(ui: string | undefined): string | null {
  if (!ui) return null;
  const o = ui.indexOf('(');
  if (o < 0 || ui.charCodeAt(ui.length - 1) !== 41) return null;
  return ip(ui.slice(o + 1, -1));
}

/**
 * Mail `direction="incoming" | "outgoing"` (emailfilter, AV on SMTP/POP3/IMAP): the device says
 * whether the mail was received or sent. Returns true when it was sent out.
 */
function mailDirection(h: Hints, d: string | undefined): boolean {
  if (d === 'outgoing') {
    h.mailOutgoing = true;
    h.direction = 'outbound';
    return true;
  }
  if (d === 'incoming') {
    h.mailOutgoing = false;
    h.direction = 'inbound';
  }
  return false;
}

/**
 * Email-filter logs that are not a spam verdict: 20503 "general email log" (log-all) and
 * 20509 "FortiGuard error message"; every other emailfilter id is a detection.
 */
function isSpamVerdict(logid: string | undefined, evType: string | undefined): boolean {
  if (evType === 'ftgd_err') return false;
  if (logid && logid.length >= 5) {
    const tail = logid.slice(-5);
    if (tail === '20503' || tail === '20509') return false;
  }
  return true;
}

/** looksLikeIp without its type guard (a guard on a known string narrows the else branch to never). */
function isAddress(s: string): boolean {
  return looksLikeIp(s);
}
