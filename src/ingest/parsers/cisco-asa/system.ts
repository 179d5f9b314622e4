/**
 * Admin, AAA, VPN and every other message id: `kind: 'system'` with whatever user and
 * addresses the text names. ASA writes these in a handful of shapes
 * (`User 'x'`, `User <x>`, `Username = x`, `Uname: x`, `user = x`, `IP <a>`, `IP = a`,
 * `IP address: a`, `server = a`, `Local:a:p Remote:b:p`, `from I:a/p to I:b/q`).
 */
import { looksLikeIp, port } from '../fields.js';
import type { ParsedEvent } from '../types.js';
import { setDst, setSrc } from './connection.js';
import { endpointAfter, readEndpoint } from './endpoint.js';

/** Value after `key` up to the first of `stops` (or the end), trimmed; null when absent or empty. */
function after(m: string, key: string, stops: string): string | null {
  const k = m.indexOf(key);
  if (k < 0) return null;
  let i = k + key.length;
  while (m.charCodeAt(i) === 32) i++;
  let e = i;
  while (e < m.length && stops.indexOf(m[e]) < 0) e++;
  const v = m.slice(i, e).trim();
  return v.length > 0 ? v : null;
}

function bracketed(m: string, key: string): string | null {
  return after(m, key + ' <', '>');
}

function readUser(m: string): string | null {
  return (
    bracketed(m, 'User') ??
    after(m, "User '", "'") ??
    after(m, 'Username = ', ',') ??
    after(m, 'Username:', ' ') ??
    after(m, 'Uname: ', ' ,') ??
    after(m, 'user = ', ' :,') ??
    after(m, 'User = ', ' :,') ??
    after(m, 'User=', ' ,') ??
    after(m, 'for user "', '"') ??
    after(m, 'session for client user ', ' ,') ??
    after(m, 'username = ', ' ,') ??
    null
  );
}

/** First address-looking token in `m` (for messages that only name one host). */
function firstIp(m: string): string | null {
  let i = 0;
  const n = m.length;
  while (i < n) {
    while (i < n && !isIpChar(m.charCodeAt(i))) i++;
    const s = i;
    while (i < n && (isIpChar(m.charCodeAt(i)) || m.charCodeAt(i) === 46 || m.charCodeAt(i) === 58)) i++;
    if (i - s >= 7) {
      let e = i;
      while (e > s && (m.charCodeAt(e - 1) === 46 || m.charCodeAt(e - 1) === 58)) e--;
      const v = m.slice(s, e);
      // IPv4 only: times such as "13:44:00.021" would pass a loose IPv6 check
      if (v.indexOf(':') < 0 && looksLikeIp(v)) return v;
    }
    if (i === s) i++;
  }
  return null;
}

function isIpChar(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 97 && c <= 102) || (c >= 65 && c <= 70);
}

/** `Local:192.0.2.1:500 Remote:HOST:500` (IKEv2 750xxx / 751xxx). */
function hostPort(m: string, key: string): { host: string; port: number | null } | null {
  const v = after(m, key, ' ');
  if (!v) return null;
  const c = v.lastIndexOf(':');
  if (c <= 0) return { host: v, port: null };
  return { host: v.slice(0, c), port: port(v.slice(c + 1)) };
}

export function systemMessage(ev: ParsedEvent, id: number, m: string): void {
  ev.kind = 'system';
  ev.user = readUser(m);
  const group = id >= 750000 && id < 752000;
  if (group) {
    const l = hostPort(m, 'Local:');
    const r = hostPort(m, 'Remote:');
    if (l) {
      ev.src_ip = looksLikeIp(l.host) ? l.host : null;
      ev.src_port = l.port;
    }
    if (r) {
      ev.dst_ip = looksLikeIp(r.host) ? r.host : null;
      ev.dst_port = r.port;
    }
    return;
  }
  // "from I:a/p to I:b/q" (605004/605005, 110003, 852001 "flow a/p to b/q")
  const fromAt = m.indexOf(' from ');
  const flowAt = m.indexOf(' flow ');
  for (const lead of [fromAt >= 0 ? fromAt + 6 : -1, flowAt >= 0 ? flowAt + 6 : -1]) {
    if (lead < 0) continue;
    const sp = m.indexOf(' ', lead);
    const a = readEndpoint(m, lead, sp < 0 ? m.length : sp);
    if (a && (a.ip || a.port !== null)) {
      setSrc(ev, a);
      const toAt = m.indexOf(' to ', lead);
      if (toAt >= 0) setDst(ev, endpointAfter(m, ' to ', toAt));
      if (ev.dst_ip === null && ev.dst_port === null) {
        ev.hints.dstZone = undefined;
        ev.hints.dstIntf = undefined;
      }
      if (ev.src_ip) {
        if (m.indexOf(' icmp ') >= 0 || m.indexOf(' ICMP ') >= 0) {
          // "/0" after an ICMP address is not a port
          if (ev.src_port === 0) ev.src_port = null;
          if (ev.dst_port === 0) ev.dst_port = null;
        }
        return;
      }
    }
  }
  // "with client WAN:192.0.2.1/49238", "local-host outside:192.0.2.1"
  const client = m.indexOf(' client ');
  if (client >= 0) {
    const e = endpointAfter(m, ' client ');
    if (e?.ip) {
      setSrc(ev, e);
      return;
    }
  }
  const userIp = after(m, 'user IP = ', ' ,:');
  const ipBr = bracketed(m, 'IP');
  const ipEq = after(m, 'IP = ', ' ,');
  const ipAddr = after(m, 'IP address: ', ' ,');
  const fromIp = after(m, 'from IP ', ' ,');
  const server = after(m, 'server = ', ' :,');
  const src = [userIp, ipBr, ipEq, ipAddr, fromIp].find((v) => looksLikeIp(v)) ?? null;
  if (src) ev.src_ip = src;
  if (looksLikeIp(server)) ev.dst_ip = server;
  if (ev.src_ip === null && ev.dst_ip === null) {
    const lh = m.indexOf('local-host ');
    if (lh >= 0) {
      setSrc(ev, endpointAfter(m, 'local-host '));
      if (ev.src_ip) return;
    }
    ev.src_ip = firstIp(m);
  }
}
