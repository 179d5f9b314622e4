/**
 * Standard CEF keys → event fields, shared by every producer (ArcSight CEF
 * Implementation Standard, "CEF Key Names For Event Producers"). Vendor modules then
 * refine what the standard leaves open (kind, threat, hints).
 *
 *   CEF:0|Security|threatmanager|1.0|100|worm successfully stopped|10|src=10.0.0.1 dst=2.1.2.2 spt=1232
 *   (the standard's own example)
 */
import { hostOf, int, ip, port, protoName, severity10, str } from '../fields.js';
import type { ParsedEvent } from '../types.js';
import { vendorAction } from './action.js';
import type { CefHeader } from './header.js';
import { S } from './keys.js';
import { labeled } from './labels.js';

export type Values = readonly (string | undefined)[];

/** Header severity: 0–10 or Unknown / Low / Medium / High / Very-High. */
export function cefSeverity(v: string): number | null {
  const l = v.toLowerCase();
  if (l === 'very-high' || l === 'very high') return 4;
  if (l === 'unknown' || l.length === 0) return null;
  return severity10(v);
}

/** Fills the 5-tuple, action, user, bytes, URL, app, interfaces and severity. */
export function applyStandard(h: CefHeader, v: Values, ev: ParsedEvent): void {
  ev.src_ip = ip(v[S.src]);
  ev.dst_ip = ip(v[S.dst]);
  ev.src_port = port(v[S.spt]);
  ev.dst_port = port(v[S.dpt]);
  ev.proto = protoName(str(v[S.proto]));
  ev.action = vendorAction(v[S.act]);
  ev.user = str(v[S.suser]) ?? str(v[S.duser]);
  // The standard: bytesIn = data flowing source → destination, bytesOut = destination → source.
  ev.bytes_out = int(v[S.in]);
  ev.bytes_in = int(v[S.out]);
  ev.severity = cefSeverity(h.severity);
  setUrl(ev, str(v[S.request]), str(v[S.dhost]));
  ev.app = str(v[S.app]);
  const service = str(v[S.app]) ?? str(v[S.destinationServiceName]);
  if (service) ev.hints.service = service;
  const inIf = str(v[S.deviceInboundInterface]);
  const outIf = str(v[S.deviceOutboundInterface]);
  if (inIf) ev.hints.srcIntf = inIf;
  if (outIf) ev.hints.dstIntf = outIf;
  ev.rule = labeled(v, ['rule', 'rulename', 'policy', 'policyid', 'policyname']);
  ev.kind = ev.src_ip || ev.dst_ip || ev.dst_port !== null ? 'traffic' : 'system';
}

/**
 * `request` is a full URL for most producers; FortiGate 6.x writes only the path and the
 * host in `dhost` (request=/virus/eicar.com dhost=example.com), so the two are joined.
 */
export function setUrl(ev: ParsedEvent, request: string | null, dhost: string | null, scheme = 'http'): void {
  if (!request) return;
  if (request.charCodeAt(0) === 47 /* / */ && dhost) {
    ev.url = `${scheme}://${dhost}${request}`;
    ev.domain = dhost.toLowerCase();
    return;
  }
  // requestUrl holding a file path ("C:\\Users\\…", quoted) is not a web address
  if (/[\s"\\]/.test(request)) return;
  ev.url = request;
  if (request.charCodeAt(0) !== 47) ev.domain = hostOf(request);
}

/** deviceDirection: 0 = inbound, 1 = outbound (the standard's definition). */
export function directionOf(v: Values): 'inbound' | 'outbound' | null {
  const d = v[S.deviceDirection];
  return d === '0' ? 'inbound' : d === '1' ? 'outbound' : null;
}
