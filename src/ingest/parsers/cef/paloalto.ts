/**
 * Palo Alto Networks CEF: PAN-OS "CEF Configuration Guide"
 * (https://docs.paloaltonetworks.com/resources/cef) and the Strata Logging Service /
 * Cortex Data Lake forwarding schema
 * (https://docs.paloaltonetworks.com/content/techdocs/en_US/cortex/cortex-data-lake/log-forwarding-schema-reference/network-logs/network-traffic-log/network-traffic-cef-fields.html):
 *
 *   CEF:0|Palo Alto Networks|PAN-OS|10.1.0|url|THREAT|1|rt=… src=… cs1Label=Rule cs1=…
 *     cs4Label=Source Zone cs4=trust cs5Label=Destination Zone cs5=untrust … act=block-url
 *     request=www.example.com/ cs2Label=URL Category cs2=gambling … cat=(9999)
 *   CEF:0|Palo Alto Networks|LF|2.0|THREAT|url|1|… start=Mar 01 2021 20:48:16 … cs4Label=FromZone
 *     cs5Label=ToZone … cs2Label=URLCategory cs2=sports PanOSThreatCategory=…
 *
 * PAN-OS puts subtype|type in the header, the logging service type|subtype. PAN-OS maps
 * `start` to the time the log was generated and `rt` to when the management plane
 * received it, so `start` is the event time. Bytes: `out` = bytes_sent (client →
 * server), `in` = bytes_received.
 */
import { int, severityWord, str } from '../fields.js';
import type { ParsedEvent, ThreatType } from '../types.js';
import type { Values } from './common.js';
import type { CefHeader } from './header.js';
import { S } from './keys.js';
import { labeled } from './labels.js';

const LOG_TYPES = new Set([
  'TRAFFIC',
  'THREAT',
  'SYSTEM',
  'CONFIG',
  'AUTH',
  'USERID',
  'HIPMATCH',
  'GLOBALPROTECT',
  'DECRYPTION',
  'IPTAG',
  'SCTP',
  'TUNNEL',
  'GTP',
  'CORRELATION',
]);
const SESSION_TYPES = new Set(['TRAFFIC', 'DECRYPTION', 'SCTP', 'TUNNEL', 'GTP']);

/** THREAT subtypes → threat type (PAN-OS threat log "Subtype" field). */
const THREAT_SUBTYPES: Record<string, ThreatType> = {
  virus: 'virus',
  'wildfire-virus': 'virus',
  wildfire: 'virus',
  'ml-virus': 'virus',
  spyware: 'c2',
  dns: 'c2',
  'dns-c2': 'c2',
  vulnerability: 'ips',
  scan: 'scan',
  flood: 'dos',
  url: 'webfilter',
};

export function applyPaloalto(h: CefHeader, v: Values, ev: ParsedEvent): void {
  const a = h.signatureId.toUpperCase();
  const b = h.name.toUpperCase();
  const type = LOG_TYPES.has(a) ? a : LOG_TYPES.has(b) ? b : '';
  const subtype = (type === a ? h.name : h.signatureId).toLowerCase();

  ev.bytes_out = int(v[S.out]);
  ev.bytes_in = int(v[S.in]);
  ev.rule = labeled(v, ['rule']);
  const from = labeled(v, ['fromzone', 'sourcezone']);
  const to = labeled(v, ['tozone', 'destinationzone']);
  if (from) ev.hints.srcZone = from;
  if (to) ev.hints.dstZone = to;
  const sub = str(v[S.panAppSubcategory]) ?? str(v[S.panAppCategory]);
  if (sub) ev.hints.appCategory = sub;
  const urlCat = labeled(v, ['urlcategory']);
  if (urlCat && urlCat !== 'any' && urlCat !== 'unknown') ev.hints.urlCategory = urlCat;
  ev.severity = severityWord(v[S.panSeverity]) ?? ev.severity;

  if (type === 'THREAT') {
    const tt = THREAT_SUBTYPES[subtype];
    const tcat = (str(v[S.panThreatCategory]) ?? '').toLowerCase();
    ev.kind = subtype === 'url' ? 'web' : 'threat';
    if (tt) ev.hints.threatType = tt;
    if (/command-and-control|dns-c2|botnet/.test(tcat)) ev.hints.threatType = 'c2';
    if (subtype !== 'url') {
      // request=$misc is a file name for file / virus / wildfire logs, not a URL
      ev.url = null;
      ev.domain = null;
      // PAN-OS writes the threat name and id into cat ("Eicar Test File(39040)")
      const c = str(v[S.cat]);
      ev.threat = str(v[S.panThreatName]) ?? (c && c !== '0' && c !== 'unknown' ? c : null);
    }
  } else if (SESSION_TYPES.has(type)) ev.kind = 'traffic';
  else if (type) ev.kind = 'system';
}
