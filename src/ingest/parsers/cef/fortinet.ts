/**
 * FortiGate CEF ("FortiOS Log Message Reference", CEF support pages, e.g.
 * https://docs.fortinet.com/document/fortigate/5.6.14/fortios-log-message-reference/419655/traffic-log-support-for-cef):
 *
 *   CEF:0|Fortinet|Fortigate|v5.6.0|00013|traffic:forward close|3|FTNTFGTlogid=0000000013
 *     cat=traffic:forward FTNTFGTsubtype=forward … app=HTTP FTNTFGTapp=Wget.Like
 *     FTNTFGTappcat=General.Interest … out=398 in=1605
 *   CEF:0|Fortinet|Fortigate|v6.0.3|08192|utm:virus infected blocked|4|… cat=utm:virus
 *     FTNTFGTsubtype=virus … act=blocked app=HTTP … FTNTFGTvirus=EICAR_TEST_FILE request=/virus/eicar.com
 *
 * `cat` is FortiOS type:subtype. FortiOS fields without a CEF key keep their own name
 * behind a `FTNTFGT` (6.x) or `FortinetFortiGate` (6.2+) prefix, or none (7.2+).
 * `app` is the FortiOS *service* (HTTP, SMTP); the application is `FTNTFGTapp`.
 * Bytes follow FortiOS: `out` = sentbyte (by the source), `in` = rcvdbyte.
 * `deviceDirection` is FortiOS's data direction (incoming = download), not the network
 * direction, so it is only used for mail, where outgoing means "being sent".
 */
import { int, ip, severityWord, str } from '../fields.js';
import type { ParsedEvent } from '../types.js';
import { vendorAction } from './action.js';
import { setUrl, type Values } from './common.js';
import type { CefHeader } from './header.js';
import { S } from './keys.js';
import { labeled } from './labels.js';

const MAIL_SERVICES = new Set(['SMTP', 'SMTPS', 'POP3', 'POP3S', 'IMAP', 'IMAPS', 'MAPI']);
/** Virus-log event types that are not a verdict on a file's content. */
const NOT_VIRUS = new Set(['oversize', 'filename', 'filetype', 'exempt']);
/** Email-filter actions that mean the mail was judged spam. */
const SPAM_ACTS = new Set(['blocked', 'tagged', 'discard', 'detected']);

export function applyFortinet(_h: CefHeader, v: Values, ev: ParsedEvent): void {
  const cat = str(v[S.cat]) ?? '';
  const colon = cat.indexOf(':');
  const type = colon >= 0 ? cat.slice(0, colon) : cat || (str(v[S.ftType]) ?? '');
  const subtype = str(v[S.ftSubtype]) ?? (colon >= 0 ? cat.slice(colon + 1) : '');
  const eventtype = str(v[S.ftEventtype]) ?? '';

  ev.bytes_out = int(v[S.out]);
  ev.bytes_in = int(v[S.in]);
  ev.app = str(v[S.ftApp]);
  const service = str(v[S.app]) ?? str(v[S.ftService]);
  if (service) ev.hints.service = service;
  else delete ev.hints.service;
  if (!ev.action) ev.action = vendorAction(v[S.ftAction]);
  ev.rule = str(v[S.ftPolicyid]) ?? labeled(v, ['policyid']);
  // FortiOS `user` lands in duser; on mail records duser/suser are recipient/sender,
  // so an address-looking duser is not the user and the sender is taken instead
  const duser = str(v[S.duser]);
  ev.user = duser && !duser.includes('@') ? duser : (str(v[S.suser]) ?? duser);
  // admin login events carry the client only in sproc: "sproc=https(172.16.200.254)" or "sproc=192.0.2.1"
  if (!ev.src_ip && type === 'event') ev.src_ip = sprocAddress(v[S.sproc]);
  const svc = service?.toUpperCase() ?? '';
  const request = str(v[S.request]) ?? str(v[S.ftUrl]);
  ev.url = null;
  ev.domain = null;
  setUrl(ev, request, str(v[S.dhost]) ?? str(v[S.ftHostname]), svc === 'HTTPS' ? 'https' : 'http');
  const qname = str(v[S.ftQname]);
  if (!ev.domain && qname) ev.domain = qname.toLowerCase();
  const appcat = str(v[S.ftAppcat]);
  if (appcat && appcat !== 'unscanned') ev.hints.appCategory = appcat;

  const attack = str(v[S.ftAttack]);
  if (type === 'traffic') ev.kind = 'traffic';
  else if (type === 'event') ev.kind = 'system';
  else if (type === 'anomaly' || subtype === 'anomaly') {
    // DoS-policy anomalies: port scans and sweeps are reconnaissance, the rest floods
    ev.kind = 'anomaly';
    ev.threat = attack;
    ev.hints.threatType = attack && /scan|sweep/i.test(attack) ? 'scan' : 'dos';
    ev.severity = severityWord(v[S.ftSeverity]) ?? ev.severity;
  } else if (type === 'utm') {
    switch (subtype) {
      case 'virus':
        ev.kind = 'threat';
        ev.threat = str(v[S.ftVirus]) ?? labeled(v, ['virus']);
        if (eventtype === 'botnet') ev.hints.threatType = 'c2';
        else if (!NOT_VIRUS.has(eventtype)) ev.hints.threatType = 'virus';
        break;
      case 'ips':
        ev.kind = 'threat';
        ev.threat = attack;
        ev.hints.threatType = eventtype === 'botnet' ? 'c2' : 'ips';
        ev.severity = severityWord(v[S.ftSeverity]) ?? ev.severity;
        break;
      case 'webfilter':
      case 'dns': {
        ev.kind = 'web';
        ev.hints.threatType =
          eventtype === 'botnet' || /botnet/i.test(str(v[S.msg]) ?? '') ? 'c2' : 'webfilter';
        const catdesc = str(v[S.ftCatdesc]);
        if (catdesc) ev.hints.urlCategory = catdesc;
        break;
      }
      case 'app-ctrl':
        ev.kind = 'traffic';
        ev.hints.threatType = 'app';
        break;
      case 'emailfilter':
      case 'spamfilter':
        ev.kind = 'mail';
        if (SPAM_ACTS.has((str(v[S.act]) ?? '').toLowerCase())) ev.hints.threatType = 'spam';
        break;
      case 'waf':
        ev.kind = 'threat';
        if (eventtype.includes('signature')) ev.hints.threatType = 'ips';
        break;
      case 'dlp':
        ev.kind = 'threat';
        break;
      default:
        ev.kind = 'traffic';
    }
  }
  if (subtype === 'emailfilter' || subtype === 'spamfilter' || MAIL_SERVICES.has(svc)) {
    const d = v[S.deviceDirection];
    if (d === '1') {
      ev.hints.direction = 'outbound';
      if (svc.startsWith('SMTP') || subtype === 'emailfilter') ev.hints.mailOutgoing = true;
    } else if (d === '0') ev.hints.direction = 'inbound';
  }
}

function sprocAddress(sp: string | undefined): string | null {
  if (!sp) return null;
  const open = sp.indexOf('(');
  return open >= 0 && sp.endsWith(')') ? ip(sp.slice(open + 1, -1)) : ip(sp);
}

/** FortiOS `tz` ("+0200", sometimes quoted) as a zone for `start`, which FortiGate writes in local time. */
export function fortinetZone(v: Values): string | null {
  const tz = v[S.ftTz];
  if (!tz) return null;
  return tz.charCodeAt(0) === 34 ? tz.slice(1, -1) : tz;
}
