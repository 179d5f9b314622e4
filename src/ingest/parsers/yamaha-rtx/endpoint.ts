/**
 * RTX packet endpoints as the filter / inspect logs print them:
 *   IPv4 "192.168.100.2:1234", IPv6 "2001:db8::2.443" (port after a dot), no port for ICMP,
 *   and MAC addresses for Ethernet filters ("LAN1(port3) Rejected at IN(10) filter: <MAC> > <MAC> IP").
 */
import { ip, port } from '../fields.js';

export interface Endpoint {
  ip: string | null;
  port: number | null;
}

const NONE: Endpoint = { ip: null, port: null };

/** "00:a0:de:01:02:03": 17 characters, colons every third. */
export function isMac(t: string): boolean {
  if (t.length !== 17) return false;
  for (let i = 2; i < 17; i += 3) if (t.charCodeAt(i) !== 58) return false;
  return true;
}

export function endpoint(t: string | undefined): Endpoint {
  if (t === undefined || t.length === 0 || isMac(t)) return NONE;
  const first = t.indexOf(':');
  if (first < 0) return { ip: ip(t), port: null };
  if (t.indexOf(':', first + 1) < 0) return { ip: ip(t.slice(0, first)), port: port(t.slice(first + 1)) };
  // IPv6: a trailing ".digits" is the port (IPv6 text never has a dot except in an embedded IPv4,
  // which has three of them).
  const dot = t.lastIndexOf('.');
  if (dot > 0 && t.indexOf('.') === dot) return { ip: ip(t.slice(0, dot)), port: port(t.slice(dot + 1)) };
  return { ip: ip(t), port: null };
}
