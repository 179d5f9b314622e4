/**
 * WatchGuard Firebox (Fireware) LEEF ("Fireware Log Catalog" and "Send Log Messages to a
 * Syslog Server", https://www.watchguard.com/help/docs/help-center/en-US/Content/en-US/Fireware/logging/send_logs_to_syslog_c.html):
 *
 *   LEEF:1.0|WatchGuard|XTM|12.8.2.B666661|30000148|serial=…<TAB>policy=Unhandled External Packet-00<TAB>
 *     disp=Deny<TAB>in_if=WAN1<TAB>out_if=Firebox<TAB>src=203.0.113.9<TAB>srcPort=35186<TAB>dst=…<TAB>proto=tcp
 *   LEEF:1.0|WatchGuard|XTM|…|1AFF0021|…policy=HTTPS-LAN-00<TAB>disp=Deny<TAB>…proxy_act=HTTP-Client-LAN<TAB>
 *     cats=Sex<TAB>op=GET<TAB>dstname=www.example.com<TAB>arg=/<TAB>msg=ProxyDeny: HTTP Request categories
 *
 * `disp` is the verdict, `policy` the rule, `cats` the WebBlocker category, `msg` says
 * which service spoke (ProxyDeny / ProxyAvScan / IPS / Botnet Detection …).
 */

import { vendorAction } from '../cef/action.js';
import { int, ip, str } from '../fields.js';
import type { ParsedEvent } from '../types.js';
import { L } from './keys.js';

type Values = readonly (string | undefined)[];

const SERVICES = new Set(['HTTP', 'HTTPS', 'FTP', 'SMTP', 'POP3', 'IMAP', 'DNS', 'SIP', 'H323', 'TCP']);

export function applyWatchguard(v: Values, ev: ParsedEvent): void {
  const disp = str(v[L.wgDisp]);
  ev.action = vendorAction(disp) ?? ev.action;
  ev.rule = str(v[L.policy]);
  const inIf = str(v[L.wgInIf]);
  const outIf = str(v[L.wgOutIf]);
  if (inIf) ev.hints.srcIntf = inIf;
  if (outIf) ev.hints.dstIntf = outIf;
  ev.user = str(v[L.wgSrcUser]) ?? ev.user;
  ev.bytes_out = int(v[L.wgSentBytes]) ?? ev.bytes_out;
  ev.bytes_in = int(v[L.wgRcvdBytes]) ?? ev.bytes_in;
  const host = str(v[L.wgDstname]);
  if (host) {
    const arg = str(v[L.wgArg]) ?? '/';
    ev.url = `${ev.dst_port === 443 ? 'https' : 'http'}://${host}${arg.startsWith('/') ? arg : '/' + arg}`;
    ev.domain = host.toLowerCase();
  }
  ev.app = str(v[L.wgAppName]) ?? ev.app;
  const appCat = str(v[L.wgAppCatName]);
  if (appCat) ev.hints.appCategory = appCat;
  const cats = str(v[L.wgCats]);
  if (cats) ev.hints.urlCategory = cats;
  const proxy = str(v[L.wgProxyAct]);
  if (proxy) {
    const svc = proxy.slice(0, proxy.indexOf('-') < 0 ? proxy.length : proxy.indexOf('-')).toUpperCase();
    if (SERVICES.has(svc)) ev.hints.service = svc;
  }

  const msg = str(v[L.msg]) ?? '';
  const virus = str(v[L.wgVirus]);
  ev.kind = host || proxy ? 'web' : disp ? 'traffic' : 'system';
  if (virus || /virus found|\bav\b.*(found|detected)/i.test(msg)) {
    ev.kind = 'threat';
    ev.hints.threatType = 'virus';
    ev.threat = virus;
  } else if (/^IPS\b|intrusion prevention|IPS (match|detected)/i.test(msg)) {
    ev.kind = 'threat';
    ev.hints.threatType = 'ips';
    ev.threat = str(v[L.wgSignatureName]);
  } else if (/botnet/i.test(msg)) {
    ev.kind = 'threat';
    ev.hints.threatType = 'c2';
  } else if (/port scan|address scan|ip scan|sweep/i.test(msg)) {
    ev.kind = 'anomaly';
    ev.hints.threatType = 'scan';
  } else if (/flood|ddos|dos attack/i.test(msg)) {
    ev.kind = 'anomaly';
    ev.hints.threatType = 'dos';
  } else if (cats || /request categories|WebBlocker/i.test(msg)) {
    ev.kind = 'web';
    ev.hints.threatType = 'webfilter';
  } else if (/application control/i.test(msg)) {
    ev.hints.threatType = 'app';
  }
  // system records name the client only in the text: "… from 203.0.113.5 was rejected", "DHCPACK on 10.0.2.52 to …"
  if (!ev.src_ip && msg) {
    const m = /\b(?:from|on) (\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3})\b/.exec(msg);
    if (m) ev.src_ip = ip(m[1]);
  }
}
