/**
 * Sophos UTM 9 (formerly Astaro) syslog: every daemon writes quoted key="value" pairs
 * after its own stamp and tag:
 *
 *   <30>2016:12:07-14:12:23 utm01 ulogd[4966]: id="2001" severity="info" sys="SecureNet" sub="packetfilter"
 *     name="Packet dropped" action="drop" fwrule="60001" initf="eth0" srcmac=… srcip="198.51.100.7"
 *     dstip="192.0.2.10" proto="17" … srcport="5353" dstport="5353"
 *   2016:12:07-14:12:24 utm01 httpproxy[6267]: id="0001" severity="info" sys="SecureWeb" sub="http"
 *     name="http access" action="pass" method="GET" srcip=… url="http://www.example.com/" … categoryname="News" …
 *
 * Layout as described in the Sophos UTM 9 administration guide (docs.sophos.com/nsg/sophos-utm,
 * Logging & Reporting > View Log Files) and the Sophos UTM knowledge base on log file formats.
 */
import type { Action, Kind } from '../../../event/event.js';
import { hostOf, int, ip, looksLikeIp, normAction, port, protoName, severityWord, str } from '../fields.js';
import { keyTable, scanKv } from '../kv.js';
import type { ParsedEvent, ParseResult, RecordInput, ThreatType } from '../types.js';
import { fail, headerTime } from '../types.js';
import { utmStampMs } from './zone-time.js';

const KEYS = [
  'id',
  'severity',
  'sys',
  'sub',
  'name',
  'action',
  'fwrule',
  'initf',
  'outitf',
  'srcip',
  'dstip',
  'srcport',
  'dstport',
  'proto',
  'user',
  'url',
  'category',
  'categoryname',
  'application',
  'app',
  'virus',
  'reason',
  'size',
  'server',
  'port',
  'from',
  'to',
] as const;
type Key = (typeof KEYS)[number];
const TABLE = keyTable(KEYS);
const K = Object.fromEntries(KEYS.map((k, i) => [k, i])) as Record<Key, number>;
const vals: (string | undefined)[] = new Array<string | undefined>(KEYS.length);

/** UTM `action` words: packet filter drop / accept / reject, proxies pass / block, IPS drop / alert. */
const UTM_ACTIONS: Record<string, Action> = {
  accept: 'allow',
  pass: 'allow',
  'DNS request': 'allow',
  drop: 'drop',
  reject: 'block',
  block: 'block',
  alert: 'detect',
  warn: 'detect',
};

/** Parses a UTM record whose first pair (`id="…"`) starts at `kvStart` in rec.body. */
export function parseUtm(rec: RecordInput, kvStart: number, tz: string): ParseResult {
  const s = rec.body;
  const v = vals;
  v.fill(undefined);
  if (!scanKv(s, TABLE, v, kvStart)) return fail('truncated', 'a quoted value is never closed');
  // UTM quotes every value, so a record that does not end in a quote was cut off.
  let e = s.length;
  while (e > kvStart && s.charCodeAt(e - 1) === 32) e--;
  if (s.charCodeAt(e - 1) !== 34) return fail('truncated', 'the record ends inside a key="value" pair');

  const stamp = utmStampMs(s, kvStart, tz);
  const sub = v[K.sub];
  const name = v[K.name] ?? '';
  const ev: ParsedEvent = {
    tsMs: stamp ?? headerTime(rec),
    vendor: 'sophos',
    kind: 'system',
    action: null,
    src_ip: ip(v[K.srcip]),
    src_port: port(v[K.srcport]),
    dst_ip: ip(v[K.dstip]),
    dst_port: port(v[K.dstport]),
    proto: protoName(v[K.proto]),
    threat: null,
    url: str(v[K.url]),
    domain: null,
    app: null,
    user: str(v[K.user]),
    bytes_in: null,
    bytes_out: null,
    severity: severityWord(v[K.severity]),
    rule: str(v[K.fwrule]),
    hints: {},
  };
  const hints = ev.hints;
  const initf = str(v[K.initf]);
  if (initf) hints.srcIntf = initf;
  const outitf = str(v[K.outitf]);
  if (outitf) hints.dstIntf = outitf;
  const act = v[K.action];
  let action: Action | null = act ? (UTM_ACTIONS[act] ?? normAction(act)) : null;

  let kind: Kind = 'system';
  let threatType: ThreatType | undefined;
  const lname = name.toLowerCase();
  switch (sub) {
    // sub="packetfilter" name="Packet dropped" | "Packet accepted" | "Packet rejected" | "DNS request" …
    case 'packetfilter':
      kind = 'traffic';
      if (lname.includes('flood')) {
        kind = 'anomaly';
        threatType = 'dos';
      } else if (lname.includes('portscan') || lname.includes('port scan')) {
        kind = 'anomaly';
        threatType = 'scan';
      } else if (lname.includes('application control')) {
        threatType = 'app';
      }
      break;

    // snort: sub="ips" name="Intrusion protection alert" action="drop" reason="<signature>" …;
    // also name="Portscan detected" and the flood protections ("SYN flood detected" …)
    case 'ips':
      if (lname.includes('portscan') || lname.includes('port scan')) {
        kind = 'anomaly';
        threatType = 'scan';
      } else if (lname.includes('flood')) {
        kind = 'anomaly';
        threatType = 'dos';
      } else {
        kind = 'threat';
        const reason = str(v[K.reason]);
        threatType = reason && isC2Name(reason) ? 'c2' : 'ips';
      }
      ev.threat = str(v[K.reason]) ?? (name || null);
      break;

    // httpproxy: sub="http" name="http access" | "web request blocked" | "web request blocked, forbidden
    //   category detected" | "… virus detected" … url=… categoryname=… application=…
    case 'http': {
      if (!name && !act) break; // proxy debug lines (function="…" file="…" message="…")
      kind = 'web';
      const virus = str(v[K.virus]);
      if (virus || lname.includes('virus')) {
        threatType = 'virus';
        ev.threat = virus;
        hints.service = 'HTTP';
      } else threatType = 'webfilter';
      const cat = str(v[K.categoryname]);
      if (cat) hints.urlCategory = cat;
      ev.app = str(v[K.application]);
      ev.bytes_in = int(v[K.size]);
      break;
    }

    // smtp / pop3 proxies: name="email passed" | "email quarantined" | "email rejected" … reason=…
    case 'smtp':
    case 'pop3': {
      kind = 'mail';
      hints.service = sub === 'smtp' ? 'SMTP' : 'POP3';
      if (sub === 'pop3') hints.mailOutgoing = false;
      const why = (v[K.reason] ?? '').toLowerCase();
      if (lname.includes('virus') || why.includes('virus') || str(v[K.virus])) {
        threatType = 'virus';
        ev.threat = str(v[K.virus]);
      } else if (lname.includes('spam') || why.includes('spam')) threatType = 'spam';
      if (action === null) action = mailAction(lname);
      break;
    }

    // application control (afcd): sub="afc"
    case 'afc':
      kind = 'traffic';
      threatType = 'app';
      ev.app = str(v[K.application]) ?? str(v[K.app]);
      break;

    default:
      if (v[K.sys] === undefined) {
        // WebAdmin reverse proxy (WAF) access line: httpd: id="0299" srcip=… server="www.example.com" port="443" url="/…"
        const server = str(v[K.server]);
        if (server) {
          kind = 'web';
          ev.dst_port = port(v[K.port]);
          if (ev.url && ev.url.charCodeAt(0) === 47) {
            ev.url = (ev.dst_port === 443 ? 'https://' : 'http://') + server + ev.url;
          }
          ev.bytes_in = int(v[K.size]);
        }
      }
      break;
  }
  if (kind === 'system' && action === null && act) action = 'other';
  if (ev.url) {
    const h = hostOf(ev.url);
    ev.domain = h && !isAddress(h) ? h : null;
  }
  ev.kind = kind;
  ev.action = action;
  if (threatType) hints.threatType = threatType;
  return ev;
}

function mailAction(lname: string): Action | null {
  if (lname.includes('quarantin')) return 'quarantine';
  if (lname.includes('reject') || lname.includes('block')) return 'block';
  if (lname.includes('drop')) return 'drop';
  if (lname.includes('pass') || lname.includes('deliver')) return 'allow';
  return null;
}

function isC2Name(s: string): boolean {
  const l = s.toLowerCase();
  return l.includes('botnet') || l.includes('c&c') || l.includes('cnc') || l.includes('malware-cnc');
}

/** looksLikeIp without its type guard (a guard on a known string narrows the else branch to never). */
function isAddress(s: string): boolean {
  return looksLikeIp(s);
}
