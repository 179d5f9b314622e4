/**
 * ASA writes hosts as `interface:address/port`, `address/port`, `interface:address`,
 * sometimes with an identity-firewall user glued on: `outside:192.0.2.1/443(DOM\user)`.
 * This reads one such token without regex (it is on every connection record).
 */
import { ip as ipOrNull, port } from '../fields.js';

export interface Endpoint {
  intf: string | null;
  ip: string | null;
  /** Host name written where an address would be (object names, FQDN objects). */
  name: string | null;
  port: number | null;
  /** The port text when it is a service name (`ssh`, `https`). */
  service: string | null;
  user: string | null;
}

const SERVICES: Record<string, number> = {
  ssh: 22,
  telnet: 23,
  http: 80,
  https: 443,
  snmp: 161,
  ftp: 21,
  smtp: 25,
  domain: 53,
  ntp: 123,
};

/** Parses `s[start, end)`; null when there is nothing address-like in it. */
export function readEndpoint(s: string, start: number, end: number): Endpoint | null {
  let e = end;
  // strip a trailing punctuation the message text puts after the token
  while (e > start) {
    const c = s.charCodeAt(e - 1);
    if (c === 44 || c === 46 || c === 59) e--;
    else break;
  }
  let user: string | null = null;
  const paren = s.indexOf('(', start);
  if (paren >= 0 && paren < e) {
    const close = s.indexOf(')', paren);
    if (close > paren && close < e + 1) user = s.slice(paren + 1, close) || null;
    e = paren;
  }
  if (e <= start) return null;
  let addrEnd = e;
  let portVal: number | null = null;
  let service: string | null = null;
  const slash = s.lastIndexOf('/', e - 1);
  if (slash >= start) {
    const pt = s.slice(slash + 1, e);
    portVal = port(pt);
    if (portVal === null && pt.length > 0) {
      const known = SERVICES[pt];
      if (known !== undefined) portVal = known;
      service = pt;
    }
    addrEnd = slash;
  }
  const addr = s.slice(start, addrEnd);
  if (addr.length === 0) return null;
  let intf: string | null = null;
  let host = addr;
  if (ipOrNull(addr) === null) {
    const colon = addr.indexOf(':');
    if (colon > 0) {
      intf = addr.slice(0, colon);
      host = addr.slice(colon + 1);
    }
  }
  const ip = ipOrNull(host);
  const name = ip === null && host.length > 0 ? host : null;
  return { intf, ip, name, port: portVal, service, user };
}

/** Next space-delimited token at or after `i`: [start, end), or null at the end of `s`. */
export function tokenAt(s: string, i: number): [number, number] | null {
  const n = s.length;
  while (i < n && s.charCodeAt(i) === 32) i++;
  if (i >= n) return null;
  let j = s.indexOf(' ', i);
  if (j < 0) j = n;
  return [i, j];
}

/** The endpoint token that follows `marker` (e.g. " from "), or null. */
export function endpointAfter(s: string, marker: string, from = 0): Endpoint | null {
  const k = s.indexOf(marker, from);
  if (k < 0) return null;
  const t = tokenAt(s, k + marker.length);
  return t ? readEndpoint(s, t[0], t[1]) : null;
}
